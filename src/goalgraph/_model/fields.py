"""What the document format is: its version.

The reader, the writer and the graph's plain-data conversion read it from here.
"""

from __future__ import annotations

__all__ = ["VERSION"]

VERSION = 1  # the document format's version: "goalgraph: 1" opens every document

"""Pausing the cyclic garbage collector while a large graph is built.

Building a graph allocates millions of objects that all stay alive. The
cyclic collector, triggered by allocation counts, would rescan the growing
heap again and again for garbage that is not there: about 40 % of a large
load. :func:`paused` switches it off for the duration of such a build, and
back on when the last build running in the process ends (only if it was on
before the first began: a host that turned it off keeps it off).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector off.

    Nested and concurrent uses are counted: the collector comes back on
    when the outermost one ends.

    Examples
    --------
    >>> import gc
    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()

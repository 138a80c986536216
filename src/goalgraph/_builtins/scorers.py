"""The built-in custom scorers, as plain callables: ``(value, params) -> progress``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["logarithmic"]


def logarithmic(value: float | bool, params: Mapping[str, Any]) -> float:
    """Built-in custom scorer: progress on a log scale from ``start`` to ``target``.

    ``progress = log(value / start) / log(target / start)``, for growth that
    spans orders of magnitude (1,000 to 10,000 members: 3,162 is halfway).
    ``start``, ``target`` and every value must be positive.

    Examples
    --------
    >>> round(logarithmic(3162.28, {"start": 1000, "target": 10000}), 3)
    0.5
    """
    start, target = params["start"], params["target"]
    if isinstance(value, bool) or value <= 0 or start <= 0 or target <= 0 or start == target:
        raise ValueError("logarithmic needs positive values and a positive start different from target")
    return math.log(value / start) / math.log(target / start)

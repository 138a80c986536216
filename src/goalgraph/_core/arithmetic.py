"""Arithmetic that stays within the floats: no ``OverflowError``, infinity or NaN from finite inputs.

A weighted mean, a share of a total, a least-squares line and a
correlation depend only on the ratios of their inputs, so inputs near the
float range (two weights of ``1e308``, a weight times a span of ``1e300``,
measurements near ``1e200``) are divided by one power of two first. The
division is exact (only a number below about ``1e-308`` of the largest
loses digits), so the results are those of exact arithmetic, without the
intermediate overflow that :func:`math.fsum` raises and ``*`` turns into
``inf``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["SAFE", "products", "scaled", "within_range"]

# Numbers below this magnitude leave headroom for a million of them to be
# added, or two to be multiplied, without leaving the float range.
SAFE = 2.0**400


def scaled(values: Sequence[float]) -> tuple[list[float], int]:
    """``values`` divided by ``2**exponent`` so that the largest magnitude is below :data:`SAFE`, and the exponent.

    Small values come back as they are, with exponent 0.

    Examples
    --------
    >>> scaled([1.0, 2.0])
    ([1.0, 2.0], 0)
    >>> scaled([1e308, -1e308])[0]
    [0.5562684646268003, -0.5562684646268003]
    """
    largest = max((abs(value) for value in values), default=0.0)
    if largest < SAFE:
        return list(values), 0
    exponent = math.frexp(largest)[1]
    return [math.ldexp(value, -exponent) for value in values], exponent


def within_range(weights: Sequence[float]) -> tuple[float, ...]:
    """``weights``, or all of them divided by one power of two when their total would overflow.

    Every share ``w / sum(weights)``, and so every weighted mean, stays what
    exact arithmetic gives.

    Examples
    --------
    >>> within_range((2.0, 1.0))
    (2.0, 1.0)
    >>> within_range((1e308, 1e308))
    (0.5562684646268003, 0.5562684646268003)
    """
    if all(abs(weight) < SAFE for weight in weights):
        return weights if isinstance(weights, tuple) else tuple(weights)  # the same tuple: nothing to copy
    return tuple(scaled(weights)[0])


def products(weights: Sequence[float], sizes: Sequence[float]) -> tuple[float, ...]:
    """``w * s`` for each pair, all divided by one power of two when a product or their total would overflow.

    Examples
    --------
    >>> products((1.0, 2.0), (10.0, 5.0))
    (10.0, 10.0)
    >>> small, large = products((1e300, 1e300), (1e300, 3e300))  # 1e600 and 3e600, scaled alike
    >>> round(large / small, 12), large < 1
    (3.0, True)
    """
    pairs = [(math.frexp(weight), math.frexp(size)) for weight, size in zip(weights, sizes, strict=True)]
    exponents = [we + se for (_, we), (_, se) in pairs]
    top = max(exponents, default=0)
    if top < 400:
        return within_range([weight * size for weight, size in zip(weights, sizes, strict=True)])
    # Mantissas multiply to at most 1 in magnitude: the product's power of two carries the size.
    return tuple(
        math.ldexp(wm * sm, exponent - top) for ((wm, _), (sm, _)), exponent in zip(pairs, exponents, strict=True)
    )

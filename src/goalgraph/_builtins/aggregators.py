"""The built-in aggregators: a parent's score from its contributors' scores, as plain callables.

An aggregator is a pure function over a sequence of :class:`Contribution`
records (each with ``.id``, ``.weight`` and ``.score``) returning a score in
[0, 1], or ``None`` when it cannot score. Sums use :func:`math.fsum`, so the
result does not depend on the order of the contributors.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from goalgraph._model.contribution import Contribution

__all__ = ["maximum", "mean", "minimum", "weighted_mean"]


def weighted_mean(contributions: Sequence[Contribution]) -> float | None:
    """``sum(w * s) / sum(w)``: the default rollup.

    Examples
    --------
    >>> cs = [Contribution("a", 2, 0, 0.5, None), Contribution("b", 1, 0, 2 / 3, None),
    ...       Contribution("c", 1, 0, 0.4, None)]
    >>> round(weighted_mean(cs), 4)
    0.5167
    """
    total = math.fsum(c.weight for c in contributions)
    if not total:
        return None
    return math.fsum(c.weight * c.score for c in contributions if c.score) / total


def mean(contributions: Sequence[Contribution]) -> float | None:
    """The plain mean of the scores; weights are ignored.

    Examples
    --------
    >>> mean([Contribution("a", 5, 0, 0.2, None), Contribution("b", 1, 0, 0.6, None)])
    0.4
    """
    if not contributions:
        return None
    return math.fsum(c.score or 0.0 for c in contributions) / len(contributions)


def minimum(contributions: Sequence[Contribution]) -> float | None:
    """The worst contributor's score (registered as ``min``).

    Examples
    --------
    >>> minimum([Contribution("a", 1, 0, 0.2, None), Contribution("b", 1, 0, 0.6, None)])
    0.2
    """
    return min((c.score or 0.0 for c in contributions), default=None)


def maximum(contributions: Sequence[Contribution]) -> float | None:
    """The best contributor's score (registered as ``max``).

    Examples
    --------
    >>> maximum([Contribution("a", 1, 0, 0.2, None), Contribution("b", 1, 0, 0.6, None)])
    0.6
    """
    return max((c.score or 0.0 for c in contributions), default=None)

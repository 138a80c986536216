"""A contributor's part in a parent's score: the explanation of a rollup, and what an aggregator reads."""

from __future__ import annotations

import attrs

__all__ = ["Contribution"]


@attrs.frozen
class Contribution:
    """One contributor's part in a parent's score: the explanation of a rollup.

    Parameters
    ----------
    id : str
        The contributor (a key result or an aligned objective).
    weight : float
        The weight used: the key result's weight or the link's weight
        (multiplied by the key result's size under ``value_weighted``).
    share : float
        ``weight`` divided by the total weight of the contributors used.
    score : float or None
        The contributor's score as used (a missing score counts as 0 under
        the ``zero`` policy; ``None`` only under ``propagate``).
    contribution : float or None
        ``share * score``; for a weighted mean the contributions sum to the
        parent's score.

    Examples
    --------
    >>> c = Contribution("KR1", weight=2, share=0.5, score=0.5, contribution=0.25)
    >>> c.contribution
    0.25
    """

    id: str
    weight: float
    share: float
    score: float | None
    contribution: float | None

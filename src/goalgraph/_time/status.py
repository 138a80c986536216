"""Status and grade bands: what a score means, against what is expected by now and on its own."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

__all__ = ["GradeBand", "Status", "grade_band", "status", "worst"]

# Band edges are compared with this much slack, so that a score that is
# exactly on an edge in decimal (expected 0.5, score 0.4, band 0.1) is not
# pushed over it by binary rounding (0.5 - 0.4 == 0.09999999999999998,
# 0.7 * 0.5 - 0.25 == 0.09999999999999998 or 0.1000000000000001).
EPSILON = 1e-9


class Status(StrEnum):
    """Where a key result or objective stands against what is expected by now.

    ``not_started``: the scoring date is before its cycle's start.
    ``achieved``: score 1 (at any date).
    ``on_track``, ``at_risk``, ``off_track``: the score is behind what is
    expected by at most the first band width, at most the second, or more.
    ``unscored``: there is no score.

    Examples
    --------
    >>> Status("on_track") == "on_track"
    True
    """

    NOT_STARTED = "not_started"
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    UNSCORED = "unscored"


class GradeBand(StrEnum):
    """Google's colours for a score: red [0, 0.4), yellow [0.4, 0.7), green [0.7, 1] by default.

    Examples
    --------
    >>> GradeBand.GREEN == "green"
    True
    """

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


# The statuses a rollup ranks, worst first; the others say nothing about
# progress and are left out of a rolled status.
_RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2, Status.ACHIEVED: 3}


def status(score: float | None, expected: float, *, started: bool, bands: tuple[float, float] = (0.10, 0.25)) -> Status:
    """The status of a score against the expected score.

    ``achieved`` comes first (a score of 1 is achieved at any date), then
    ``not_started`` (before the cycle), ``unscored``, and the bands: the
    gap ``expected - score`` is on track up to ``bands[0]``, at risk up to
    ``bands[1]``, off track beyond; a score ahead of expectations is on
    track.

    Examples
    --------
    >>> [status(s, 0.5, started=True) for s in (0.4, 0.25, 0.24)]
    [<Status.ON_TRACK: 'on_track'>, <Status.AT_RISK: 'at_risk'>, <Status.OFF_TRACK: 'off_track'>]
    >>> status(1.0, 0.0, started=False), status(0.3, 0.0, started=False)
    (<Status.ACHIEVED: 'achieved'>, <Status.NOT_STARTED: 'not_started'>)
    """
    if score is not None and score >= 1.0:
        return Status.ACHIEVED
    if not started:
        return Status.NOT_STARTED
    if score is None:
        return Status.UNSCORED
    gap = expected - score
    if gap <= bands[0] + EPSILON:
        return Status.ON_TRACK
    if gap <= bands[1] + EPSILON:
        return Status.AT_RISK
    return Status.OFF_TRACK


def worst(own: Status, others: Iterable[Status]) -> Status:
    """The worst of ``own`` and ``others`` (off_track < at_risk < on_track < achieved).

    ``not_started`` and ``unscored`` are ignored; when nothing is left to
    rank, ``own`` is returned.

    Examples
    --------
    >>> worst(Status.ON_TRACK, [Status.ACHIEVED, Status.AT_RISK, Status.UNSCORED])
    <Status.AT_RISK: 'at_risk'>
    >>> worst(Status.UNSCORED, [Status.NOT_STARTED])
    <Status.UNSCORED: 'unscored'>
    """
    ranked = [s for s in (own, *others) if s in _RANK]
    return min(ranked, key=_RANK.__getitem__) if ranked else own


def grade_band(score: float | None, bands: tuple[float, float] = (0.4, 0.7)) -> GradeBand | None:
    """The colour of a score: red below ``bands[0]``, yellow below ``bands[1]``, green from it.

    Examples
    --------
    >>> grade_band(0.39), grade_band(0.4), grade_band(0.7), grade_band(None)
    (<GradeBand.RED: 'red'>, <GradeBand.YELLOW: 'yellow'>, <GradeBand.GREEN: 'green'>, None)
    """
    if score is None:
        return None
    if score < bands[0]:
        return GradeBand.RED
    if score < bands[1]:
        return GradeBand.YELLOW
    return GradeBand.GREEN

"""Time: which check-in is in force on a date, how much of a cycle has passed, what is expected by now.

Pure functions of dates, cycles and the policy's expectation settings; the
status bands that compare a score with what is expected live in
:mod:`goalgraph._time.status`, the trend lines in :mod:`goalgraph._time.forecast`.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence

from goalgraph._core.dates import iso_date
from goalgraph._model.entities import Checkin
from goalgraph._model.metrics import PlanPoint

__all__ = ["as_of_date", "current_checkin", "elapsed", "expected", "pace_at", "planned"]


def current_checkin(checkins: Sequence[Checkin], as_of: datetime.date) -> Checkin | None:
    """The check-in in force on ``as_of``: the latest dated on or before it.

    Of several on the same date, the later one in the sequence wins.

    Examples
    --------
    >>> from datetime import date
    >>> cs = [Checkin(date(2026, 7, 1), 10), Checkin(date(2026, 7, 9), 30), Checkin(date(2026, 7, 9), 20)]
    >>> current_checkin(cs, date(2026, 7, 9)).value
    20
    >>> current_checkin(cs, date(2026, 6, 30)) is None
    True
    """
    best: Checkin | None = None
    for checkin in checkins:
        if checkin.date <= as_of and (best is None or checkin.date >= best.date):
            best = checkin
    return best


def as_of_date(as_of: datetime.date | str | None) -> datetime.date:
    """The scoring date: a date, an ISO ``YYYY-MM-DD`` string, or ``None`` for today.

    Examples
    --------
    >>> as_of_date("2026-08-15")
    datetime.date(2026, 8, 15)
    """
    if as_of is None:
        return datetime.date.today()
    if isinstance(as_of, str):
        day = iso_date(as_of)
        if day is None:  # 20261116 too: a document would refuse it, and so does every other reader of dates
            raise ValueError(f"as_of must be an ISO date (YYYY-MM-DD), got {as_of!r}")
        return day
    if isinstance(as_of, datetime.datetime) or not isinstance(as_of, datetime.date):
        raise TypeError(f"as_of must be a datetime.date, got {type(as_of).__name__}")
    return as_of


def elapsed(start: datetime.date, end: datetime.date, as_of: datetime.date) -> float:
    """The fraction of a cycle that has passed by the end of ``as_of``.

    A date counts as complete and both ends of the cycle are inclusive:
    ``((as_of - start).days + 1) / ((end - start).days + 1)``, clamped to
    [0, 1]. One division of two integers, which Python rounds correctly:
    the float nearest the exact fraction.

    Examples
    --------
    >>> from datetime import date
    >>> elapsed(date(2026, 1, 1), date(2026, 3, 31), date(2026, 1, 30))  # day 30 of 90
    0.3333333333333333
    >>> q1 = (date(2026, 1, 1), date(2026, 3, 31))
    >>> elapsed(*q1, date(2025, 12, 31)), elapsed(*q1, date(2026, 3, 31))
    (0.0, 1.0)
    """
    done = (as_of - start).days + 1
    length = (end - start).days + 1
    if done <= 0:
        return 0.0
    if done >= length:
        return 1.0
    return done / length


def pace_at(pace: Sequence[tuple[float, float]], fraction: float) -> float:
    """The pace curve's fraction of the expectation at ``fraction`` of the cycle, by linear interpolation.

    ``pace`` is a validated curve (see :class:`~goalgraph.Policy`): points
    ``(fraction_of_cycle, fraction_of_expectation)`` from ``(0, 0)`` to
    ``(1, 1)``, fractions of the cycle strictly increasing.

    Examples
    --------
    >>> back_loaded = ((0, 0), (0.5, 0.25), (1, 1))
    >>> pace_at(back_loaded, 0.25), pace_at(back_loaded, 0.75)
    (0.125, 0.625)
    """
    for (x0, y0), (x1, y1) in itertools.pairwise(pace):
        if fraction <= x1:
            return y0 + (y1 - y0) * (fraction - x0) / (x1 - x0)
    return float(pace[-1][1])


def expected(fraction: float, expectation: float, pace: Sequence[tuple[float, float]] | None = None) -> float:
    """The score expected after ``fraction`` of a cycle: the expectation times the pace.

    Without a pace curve the pace is the straight line (``fraction``
    itself).

    Examples
    --------
    >>> expected(0.5, 1.0), expected(0.5, 0.7)
    (0.5, 0.35)
    >>> expected(0.5, 1.0, ((0, 0), (0.5, 0.25), (1, 1)))
    0.25
    """
    return expectation * (fraction if pace is None else pace_at(pace, fraction))


def planned(
    plan: Sequence[PlanPoint], origin: float, start: datetime.date, end: datetime.date, as_of: datetime.date
) -> float:
    """The value a plan expects by the end of ``as_of``: linear between its points, in days of the cycle.

    The plan starts at ``origin`` (the metric's start) before the cycle's
    first day; each point counts at its own date's share of the cycle, as
    :func:`elapsed` counts days; after the last point the plan stays at its
    value.

    Examples
    --------
    A 90-day cycle, 0 to 1000, planned at 600 on day 60 and 1000 on day 90:

    >>> from datetime import date, timedelta
    >>> start, end = date(2026, 1, 1), date(2026, 3, 31)
    >>> plan = [PlanPoint(start + timedelta(days=59), 600), PlanPoint(end, 1000)]
    >>> day_30, day_75 = start + timedelta(days=29), start + timedelta(days=74)
    >>> planned(plan, 0, start, end, day_30), planned(plan, 0, start, end, day_75)
    (300.0, 800.0)
    """
    length = (end - start).days + 1
    done = min(max((as_of - start).days + 1, 0), length)
    before, value = 0, float(origin)
    for point in plan:
        day = (point.date - start).days + 1
        if day <= before:  # not after the point before it: nothing to interpolate over
            continue
        if done <= day:
            share = (done - before) / (day - before)
            # Weighted, not value + (next - value) * share: the difference of two large values can overflow.
            return value * (1 - share) + point.value * share
        before, value = day, float(point.value)
    return value

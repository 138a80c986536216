"""Time: which check-in is in force on a date.

Expected progress, pace curves and forecasts belong here
too, as functions of dates and cycles.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from goalgraph._model import Checkin

__all__ = ["as_of_date", "current_checkin"]


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
        try:
            return datetime.date.fromisoformat(as_of)
        except ValueError:
            raise ValueError(f"as_of must be an ISO date (YYYY-MM-DD), got {as_of!r}") from None
    if isinstance(as_of, datetime.datetime) or not isinstance(as_of, datetime.date):
        raise TypeError(f"as_of must be a datetime.date, got {type(as_of).__name__}")
    return as_of

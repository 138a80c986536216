"""The one reader of ISO dates: documents, ``as_of``, the command line and spreadsheets agree.

A date is written ``YYYY-MM-DD``, ASCII digits, nothing before or after.
:meth:`datetime.date.fromisoformat` also reads ``20261116`` and
``2026-W47-1`` since Python 3.11, and :class:`int` reads other scripts'
digits; those forms are refused here, so a date means the same wherever it
is given.
"""

from __future__ import annotations

import datetime
import re

__all__ = ["ISO_DATE", "iso_date"]

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> datetime.date | None:
    """The date ``text`` writes as ``YYYY-MM-DD``, or ``None`` when it writes no date (or an impossible one).

    Examples
    --------
    >>> iso_date("2026-11-16")
    datetime.date(2026, 11, 16)
    >>> iso_date("20261116"), iso_date("2026-02-30"), iso_date("2026-11-16T10:00")
    (None, None, None)
    """
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None

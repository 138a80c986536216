"""The flat format itself: its fields, which cells hold text, and the formula guard."""

from __future__ import annotations

import re

# A row that does not fit the flat format: a key result with several parents,
# cells that do not belong on this kind of row, weights that do not match the
# parents. Proposed for the errors page; the other codes are the reader's.

FIELDS: tuple[str, ...] = (
    "id",
    "type",
    "parent",
    "title",
    "owner",
    "level",
    "period",
    "period_start",
    "period_end",
    "kind",
    "metric",
    "start",
    "target",
    "unit",
    "current",
    "date",
    "weight",
    "contributes",
    "rollup",
    "score_override",
    "grade",
    "description",
)
"""The fields of a row, in the order :func:`goals_csv` writes them as columns."""

REQUIRED = ("id", "title")
# Cells holding text: guarded against formulas on export, unguarded on import.
# Numbers, dates and booleans are never guarded, so -5 stays a number.
TEXT_FIELDS = frozenset(
    {"id", "type", "parent", "title", "owner", "level", "period", "kind", "metric", "unit", "rollup", "description"}
)
KEY_RESULT_ONLY = ("metric", "start", "target", "unit", "current", "date")
OBJECTIVE_ONLY = ("kind", "contributes", "rollup", "grade", "description")
ROW_TYPES = ("objective", "key_result", "milestone")
TRUE_WORDS = frozenset({"true", "yes", "1", "done"})
FALSE_WORDS = frozenset({"false", "no", "0"})
THOUSANDS_MARKS = (",", ".", " ", "'", "_", "\u00a0", "\u202f")
OPTIONS = (
    "columns",
    "delimiter",
    "parent_separator",
    "types",
    "cycles",
    "levels",
    "decimal",
    "thousands",
    "date_format",
    "checkin_date",
    "strict",
)
# A cell that a spreadsheet would run as a formula (CWE-1236), possibly
# behind guards already: export adds one quote, import removes one. Besides
# = + - @ (and a tab or carriage return) at the start, the guard covers them
# behind leading spaces (a non-breaking space, an ideographic space, a
# zero-width one), which some spreadsheets trim on import, and their
# fullwidth forms, which some read as the ASCII ones (OWASP, "CSV Injection").
_LEAD = r"(?:[\t\r]|[\s\u200b\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20])"
FORMULA = re.compile(r"'*" + _LEAD)
GUARDED = re.compile(r"'+" + _LEAD)


def guarded(text: str) -> str:
    r"""``text`` with a leading ``'`` when a spreadsheet would run it as a formula, so that it stays text.

    Examples
    --------
    >>> guarded("=1+1"), guarded(" =1+1"), guarded("\u00a0@SUM(A1)"), guarded("Grow 20%")
    ("'=1+1", "' =1+1", "'\xa0@SUM(A1)", 'Grow 20%')
    >>> guarded("\uff1d1+1") == "'" + "\uff1d1+1"  # a fullwidth equals sign
    True
    """
    return "'" + text if FORMULA.match(text) else text


NON_FINITE = frozenset({"nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"})

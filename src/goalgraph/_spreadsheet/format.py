"""The flat format itself: its fields, which cells hold text, and the formula guard."""

from __future__ import annotations

import re

from goalgraph._model.fields import PARTS

# A row that does not fit the flat format: a key result with several parents,
# cells that do not belong on this kind of row, weights that do not match the
# parents. Proposed for the errors page; the other codes are the reader's.

# The flat format's columns are not the document's fields: one row holds an
# objective or a key result together with its owner's level, its cycle and
# its latest check-in, and some columns mean something else on each kind of
# row (weight, parent). So the columns and their order are the format's own;
# what is derived from the document format's description is what a column
# holding one document field shares with that field: whether its cells are
# text. Each column, and the document field (part, name) whose values it
# holds, or None for the flat format's own columns (all text).
_COLUMNS: dict[str, tuple[str, str] | None] = {
    "id": ("objective", "id"),
    "type": None,  # the row's kind: objective, key_result or milestone
    "parent": None,  # a key result's objective, or the ids an objective aligns to
    "title": ("objective", "title"),
    "owner": ("objective", "owner"),
    "level": ("owner", "level"),
    "period": ("objective", "cycle"),
    "period_start": ("cycle", "start"),
    "period_end": ("cycle", "end"),
    "kind": ("objective", "kind"),
    "metric": None,  # a metric type, or a whole metric as JSON
    "start": ("linear_metric", "start"),
    "target": ("linear_metric", "target"),
    "unit": ("linear_metric", "unit"),
    "current": ("checkin", "value"),
    "date": ("checkin", "date"),
    "weight": ("key_result", "weight"),  # on an objective's row, its alignments' weights
    "contributes": ("alignment", "contributes"),
    "rollup": ("objective", "rollup"),
    "score_override": ("objective", "score_override"),
    "grade": ("objective", "grade"),
    "description": ("objective", "description"),
}
# The document types whose values are text in a cell: dates, numbers and
# booleans are not, so -5 stays a number.
_TEXT_TYPES = frozenset({"text", "identifier", "enum"})

FIELDS: tuple[str, ...] = tuple(_COLUMNS)
"""The fields of a row, in the order :func:`goals_csv` writes them as columns."""

REQUIRED = ("id", "title")
# Cells holding text: guarded against formulas on export, unguarded on import.
TEXT_FIELDS = frozenset(
    column for column, field in _COLUMNS.items() if field is None or PARTS[field[0]].field(field[1]).type in _TEXT_TYPES
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

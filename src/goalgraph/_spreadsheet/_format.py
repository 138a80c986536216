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
# behind guards already: export adds one quote, import removes one.
FORMULA = re.compile(r"'*[=+\-@\t\r]")
GUARDED = re.compile(r"'+[=+\-@\t\r]")
NON_FINITE = frozenset({"nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"})

"""Cells of a flat spreadsheet read through the column mapping: text, numbers, yes/no, dates, lists.

Each reader reports what it cannot read as a problem at the row and column,
and returns ``None``, so that one pass reports every bad cell of a file.
"""

from __future__ import annotations

import datetime
import math
import numbers
import re

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.dates import iso_date
from goalgraph._core.errors import Problem
from goalgraph._spreadsheet.format import (
    FALSE_WORDS,
    GUARDED,
    NON_FINITE,
    TRUE_WORDS,
)
from goalgraph._spreadsheet.mapping import ColumnMap

__all__ = ["ISO_FORMAT", "Cells", "Row", "plain", "unguard", "where"]

ISO_FORMAT = "%Y-%m-%d"  # the mapping's default date format: read by the one ISO reader


@attrs.define
class Row:
    """One row of the file: its cells by field, and what the import learns of it."""

    number: int
    cells: dict[str, object]
    id: str = ""
    type: str = ""
    parents: list[str] = attrs.field(factory=list)
    period: str | None = None
    owner: str | None = None
    bad: set[str] = attrs.field(factory=set)


class Cells:
    """Reading cells through a column mapping, and the problems found in them."""

    def __init__(self, mapping: ColumnMap) -> None:
        self.mapping = mapping
        self.problems: list[tuple[int, Problem]] = []
        self.columns: dict[str, str] = {}
        self.dates: dict[str, datetime.date] = {}  # most rows share a few dates: parse each once

    def report(self, code: str, row: int, field: str | None, message: str, hint: str = "") -> None:
        column = self.columns.get(field) if field else None
        self.problems.append((row, Problem(code, where(row, column), message, hint)))

    def bad(self, row: Row, field: str, code: str, message: str, hint: str = "") -> None:
        row.bad.add(field)
        self.report(code, row.number, field, message, hint)

    def text(self, row: Row, field: str) -> str | None:
        value = row.cells.get(field)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, numbers.Integral) and not isinstance(value, bool):
            return str(int(value))
        if isinstance(value, float) and math.isfinite(value):
            # pandas reads a text column of numbers with gaps as floats.
            return str(int(value)) if value.is_integer() else repr(value)
        self.bad(row, field, codes.WRONG_TYPE, f"expected text, got {v.describe(value)}", "write it as text")
        return None

    def number(self, row: Row, field: str, value: object = None) -> float | None:
        value = row.cells.get(field) if value is None else value
        if value is None:
            return None
        if isinstance(value, str):
            return self._parse_number(row, field, value)
        if isinstance(value, numbers.Integral) and not isinstance(value, bool):
            return int(value)
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            if math.isfinite(value):
                return float(value)
            self.bad(
                row,
                field,
                codes.NON_FINITE,
                f"{v.describe(float(value))} is not a finite number",
                "NaN and infinities cannot be scored; give a finite number",
            )
            return None
        self.bad(
            row, field, codes.WRONG_TYPE, f"expected a number, got {v.describe(value)}", "give a number in this column"
        )
        return None

    def _parse_number(self, row: Row, field: str, text: str) -> float | None:
        mapping = self.mapping
        plain = text.strip()
        if plain.lower() in NON_FINITE:
            self.bad(
                row,
                field,
                codes.NON_FINITE,
                f"{v.describe(text)} is not a finite number",
                "NaN and infinities cannot be scored; give a finite number",
            )
            return None
        if _number_pattern(mapping.decimal, mapping.thousands).fullmatch(plain):
            digits = plain.replace(mapping.thousands, "") if mapping.thousands else plain
            digits = digits.replace(mapping.decimal, ".")
            try:
                number = float(digits) if "." in digits else int(digits)
            except ValueError:  # int() refuses more than 4,300 digits
                number = math.inf
            if v.is_number(number):  # math.isfinite would overflow on a 400-digit integer
                return number
            self.bad(
                row, field, codes.NON_FINITE, f"{v.describe(text)} is beyond the float range", "give a smaller number"
            )
            return None
        hint = "write a plain number such as 1234.5 (the unit goes in its own column)"
        if mapping.decimal == ",":
            hint = "write a plain number such as 1234,5 (the unit goes in its own column)"
        if "%" in plain:
            hint = "percent signs are not read: write 45 and put % in the unit column"
        elif re.fullmatch(r"[+-]?[\d.,'_ \u00a0\u202f]*\d", plain):
            hint = (
                "numbers are never guessed: if the file groups thousands, set thousands: in the mapping "
                "(e.g. thousands: ','); if ',' is its decimal mark, set decimal: ','"
            )
        self.bad(row, field, codes.WRONG_TYPE, f"expected a number, got {v.describe(text)}", hint)
        return None

    def flag(self, row: Row, field: str, value: object) -> bool | None:
        if isinstance(value, bool):
            return value
        if isinstance(value, numbers.Integral) and int(value) in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        self.bad(
            row,
            field,
            codes.WRONG_TYPE,
            f"expected yes or no, got {v.describe(value)}",
            "write true, yes, 1 or done; or false, no or 0",
        )
        return None

    def date(self, row: Row, field: str) -> datetime.date | None:
        value = row.cells.get(field)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            if value.time() == datetime.time() and value.tzinfo is None:
                return value.date()
        elif isinstance(value, datetime.date):
            return value
        elif isinstance(value, str):
            if value in self.dates:
                return self.dates[value]
            if self.mapping.date_format == ISO_FORMAT:  # the one ISO reader, as documents read dates
                parsed = iso_date(value.strip())
            else:
                try:
                    parsed = datetime.datetime.strptime(value.strip(), self.mapping.date_format).date()
                except ValueError:
                    parsed = None
            if parsed is not None:
                self.dates[value] = parsed
                return parsed
        example = datetime.date(2026, 7, 31).strftime(self.mapping.date_format)
        self.bad(
            row,
            field,
            codes.WRONG_TYPE,
            f"{v.describe(value)} is not a date written {self.mapping.date_format!r}",
            f"write dates like {example}, or set date_format in the mapping",
        )
        return None

    def split(self, row: Row, field: str) -> list[str]:
        """A list cell's items: split at the separator, blanks around them and empty items dropped."""
        value = row.cells.get(field)
        if value is None:
            return []
        if not isinstance(value, str):
            value = self.text(row, field)
            if value is None:
                return []
        return [item.strip() for item in value.split(self.mapping.parent_separator) if item.strip()]


def where(row: int, column: str | None) -> str:
    return f"row {row}, column {column!r}" if column else f"row {row}"


_NUMBER_PATTERNS: dict[tuple[str, str | None], re.Pattern[str]] = {}


def _number_pattern(mark: str, thousands: str | None) -> re.Pattern[str]:
    key = (mark, thousands)
    if key not in _NUMBER_PATTERNS:
        whole = r"\d+"
        if thousands is not None:
            whole = rf"(?:\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+|\d+)"
        point = re.escape(mark)
        _NUMBER_PATTERNS[key] = re.compile(rf"[+-]?(?:{whole}(?:{point}\d+)?|{point}\d+)")
    return _NUMBER_PATTERNS[key]


def plain(value: object) -> object:
    """A cell as text, a number, a boolean, a date, or None when it is empty."""
    if value is None:
        return None
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()  # numpy scalars as Python ones
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def unguard(text: str) -> str:
    return text[1:] if GUARDED.match(text) else text

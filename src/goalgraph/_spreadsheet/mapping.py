"""The column mapping: which header holds which field, and how cells are written (numbers, dates, periods)."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from typing import Any

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.dates import iso_date
from goalgraph._core.errors import Problem, ValidationError
from goalgraph._core.frozen import EMPTY, FrozenDict
from goalgraph._documents.parse import Limits, checked_text, parse_json, parse_toml, parse_yaml, read_source
from goalgraph._graph.graph import GoalGraph
from goalgraph._spreadsheet.format import (
    FIELDS,
    OPTIONS,
    REQUIRED,
    ROW_TYPES,
    THOUSANDS_MARKS,
)


def _frozen_mapping(value: object) -> object:
    return FrozenDict(value) if isinstance(value, Mapping) else value


def _optional_tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen(kw_only=True)
class ColumnMap:
    """How the columns of a goals spreadsheet map to goalgraph's fields, and how to read its cells.

    Every option has a default, so ``ColumnMap()`` reads a file whose
    header uses goalgraph's own field names, which is what
    :func:`goals_csv` writes. The docs page "Spreadsheets" explains each
    option with a full mapping file.

    Parameters
    ----------
    columns : mapping of str to str or None
        Field name to column header. A field not named here is read from the
        column of the same name when the header has one; ``None`` (or ``""``)
        says the file has no such column. ``id`` and ``title`` are required.
    delimiter : str, default ","
        The character between cells (``;`` in many European exports); read
        by :func:`read_goals_csv` only.
    parent_separator : str, default ";"
        Separates several parent ids in one cell, and the weights and
        ``contributes`` flags that go with them.
    types : mapping of str to str
        Extra names for the row types, e.g. ``{"KR": "key_result"}``;
        matched without regard to case. The types are ``objective``,
        ``key_result`` and ``milestone`` (a key result with a milestone
        metric).
    cycles : mapping of str to tuple
        The first and last day, a pair of dates, of periods whose names are not one of the
        forms read by default (``2026-Q3``, ``Q3 2026``, ``2026-H1``,
        ``2026``, ``2026-07``...).
    levels : sequence of str, optional
        The organisation's own ordered owner levels, top first (default:
        company, division, department, team, individual).
    decimal : {".", ","}, default "."
        The decimal mark of numbers.
    thousands : str, optional
        The thousands separator, if the file uses one; none by default, so
        that ``1,000`` is refused instead of guessed.
    date_format : str, default "%Y-%m-%d"
        The ``strptime`` pattern of dates.
    checkin_date : datetime.date, optional
        The date of every ``current`` value whose row has no date.
    strict : bool, default False
        Refuse columns that no field is read from (by default they are
        ignored).

    Raises
    ------
    ValidationError
        For unknown fields, impossible options, with a path into the mapping
        (``/columns/titel``) and a "did you mean" hint.

    Examples
    --------
    >>> import goalgraph
    >>> mapping = goalgraph.ColumnMap(columns={"id": "Goal ID", "level": None}, thousands=",")
    >>> mapping.column("id"), mapping.column("title"), mapping.column("level")
    ('Goal ID', 'title', None)
    >>> try:
    ...     goalgraph.ColumnMap(columns={"titel": "Name"})
    ... except goalgraph.ValidationError as err:
    ...     print(err.problems[0].path, err.problems[0].hint)
    /columns/titel use one of the fields: id, type, parent, title, ... (did you mean 'title'?)
    """

    columns: Mapping[str, str | None] = attrs.field(default=EMPTY, converter=_frozen_mapping, hash=False)
    delimiter: str = ","
    parent_separator: str = ";"
    types: Mapping[str, str] = attrs.field(default=EMPTY, converter=_frozen_mapping, hash=False)
    cycles: Mapping[str, tuple[datetime.date, datetime.date]] = attrs.field(
        default=EMPTY, converter=_frozen_mapping, hash=False
    )
    levels: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_tuple)
    decimal: str = "."
    thousands: str | None = None
    date_format: str = "%Y-%m-%d"
    checkin_date: datetime.date | None = None
    strict: bool = False

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        self._check_columns(problems)
        self._check_types(problems)
        self._check_cycles(problems)
        if self.levels is not None and v.sequence(problems, "/levels", self.levels):
            try:
                GoalGraph(self.levels)
            except ValidationError as err:
                problems.extend(err.problems)  # their paths are /levels/... already
        self._check_numbers(problems)
        if v.text(problems, "/date_format", self.date_format):
            sample = datetime.date(2026, 7, 31)
            try:
                ok = datetime.datetime.strptime(sample.strftime(self.date_format), self.date_format).date() == sample
            except ValueError:
                ok = False
            if not ok:
                problems.append(
                    Problem(
                        codes.INVALID_ENUM,
                        "/date_format",
                        f"date_format {self.date_format!r} cannot write and read back a date",
                        "use strptime codes for day, month and year, e.g. '%d/%m/%Y'",
                    )
                )
        if self.checkin_date is not None:
            v.date(problems, "/checkin_date", self.checkin_date)
        v.flag(problems, "/strict", self.strict)
        v.fail_if(problems, v.made(self))

    def _check_columns(self, problems: list[Problem]) -> None:
        if not isinstance(self.columns, Mapping):
            problems.append(
                Problem(codes.WRONG_TYPE, "/columns", f"expected a mapping, got {v.describe(self.columns)}")
            )
            return
        for field, header in self.columns.items():
            path = f"/columns/{v.escape(str(field))}"
            if field not in FIELDS:
                problems.append(
                    Problem(
                        codes.UNKNOWN_FIELD,
                        path,
                        f"unknown field {field!r}",
                        "use one of the fields: " + ", ".join(FIELDS) + v.did_you_mean(str(field), FIELDS),
                    )
                )
            elif field in REQUIRED and not header:
                problems.append(
                    Problem(codes.MISSING_FIELD, path, f"the {field} column cannot be left out", "name its header")
                )
            elif header is not None and not isinstance(header, str):
                problems.append(
                    Problem(codes.WRONG_TYPE, path, f"expected a column header, got {v.describe(header)}", "quote it")
                )

    def _check_types(self, problems: list[Problem]) -> None:
        if not isinstance(self.types, Mapping):
            problems.append(Problem(codes.WRONG_TYPE, "/types", f"expected a mapping, got {v.describe(self.types)}"))
            return
        for name, meaning in self.types.items():
            if not isinstance(name, str):
                problems.append(Problem(codes.WRONG_TYPE, "/types", f"type name {v.describe(name)} is not text"))
            elif meaning not in ROW_TYPES:
                problems.append(
                    Problem(
                        codes.INVALID_ENUM,
                        f"/types/{v.escape(name)}",
                        f"{v.describe(meaning)} is not a row type",
                        "use one of: " + ", ".join(ROW_TYPES) + v.did_you_mean(str(meaning), ROW_TYPES),
                    )
                )

    def _check_cycles(self, problems: list[Problem]) -> None:
        if not isinstance(self.cycles, Mapping):
            problems.append(Problem(codes.WRONG_TYPE, "/cycles", f"expected a mapping, got {v.describe(self.cycles)}"))
            return
        for name, dates in self.cycles.items():
            path = f"/cycles/{v.escape(str(name))}"
            if not isinstance(name, str) or not v.identifier([], path, name):
                problems.append(
                    Problem(codes.WRONG_TYPE, path, f"period {v.describe(name)} is not a usable id", "write it as text")
                )
            elif not isinstance(dates, tuple) or len(dates) != 2:
                problems.append(
                    Problem(codes.WRONG_TYPE, path, f"expected (start, end), got {v.describe(dates)}", "give two dates")
                )
            elif (v.date(problems, f"{path}/start", dates[0]) & v.date(problems, f"{path}/end", dates[1])) and dates[
                1
            ] < dates[0]:
                problems.append(
                    Problem(
                        codes.INVALID_PERIOD,
                        f"{path}/end",
                        f"period {name!r} ends on {dates[1].isoformat()}, before it starts on {dates[0].isoformat()}",
                        "swap start and end, or fix the dates",
                    )
                )

    def _check_numbers(self, problems: list[Problem]) -> None:
        if not isinstance(self.delimiter, str) or len(self.delimiter) != 1 or self.delimiter in '"\r\n':
            problems.append(
                Problem(
                    codes.INVALID_ENUM,
                    "/delimiter",
                    f"{v.describe(self.delimiter)} cannot separate cells",
                    "use one character, such as ',', ';' or a tab",
                )
            )
        if self.decimal not in (".", ","):
            problems.append(
                Problem(
                    codes.INVALID_ENUM, "/decimal", f"{v.describe(self.decimal)} is not '.' or ','", "use '.' or ','"
                )
            )
        if self.thousands is not None and (self.thousands not in THOUSANDS_MARKS or self.thousands == self.decimal):
            problems.append(
                Problem(
                    codes.INVALID_ENUM,
                    "/thousands",
                    f"{v.describe(self.thousands)} cannot separate thousands here",
                    "use one of " + ", ".join(repr(t) for t in THOUSANDS_MARKS) + ", other than the decimal mark",
                )
            )
        if not isinstance(self.parent_separator, str) or not self.parent_separator.strip():
            problems.append(
                Problem(
                    codes.WRONG_TYPE,
                    "/parent_separator",
                    f"{v.describe(self.parent_separator)} cannot separate ids",
                    "use a visible character such as ';' or '|'",
                )
            )
        elif self.parent_separator in (self.decimal, self.thousands):
            problems.append(
                Problem(
                    codes.INVALID_ENUM,
                    "/parent_separator",
                    f"parent_separator {self.parent_separator!r} is also a mark inside numbers",
                    "lists of weights would be ambiguous: use another separator, such as ';' or '|'",
                )
            )

    def column(self, field: str) -> str | None:
        """The header of the column ``field`` is read from, or ``None`` when the file has none.

        Examples
        --------
        >>> ColumnMap(columns={"title": "Goal Name"}).column("title")
        'Goal Name'
        """
        if field in self.columns:
            return self.columns[field] or None
        return field

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMap:
        """Make a mapping from plain data, as a mapping file holds it.

        ``cycles`` entries are ``{start: ..., end: ...}`` mappings, and dates
        may be :class:`datetime.date` objects or ``YYYY-MM-DD`` text.

        Examples
        --------
        >>> m = ColumnMap.from_dict({"columns": {"id": "Goal ID"},
        ...                          "cycles": {"FY26 Q3": {"start": "2026-08-01", "end": "2026-10-31"}}})
        >>> m.cycles["FY26 Q3"]
        (datetime.date(2026, 8, 1), datetime.date(2026, 10, 31))
        """
        problems: list[Problem] = []
        if not isinstance(data, Mapping):
            v.refuse(codes.WRONG_TYPE, "", f"expected a mapping, got {v.describe(data)}", "write option: value pairs")
        for key in getattr(data, "duplicates", ()):
            problems.append(v.duplicate_key(f"/{v.escape(key)}", key))
        options: dict[str, Any] = {}
        for key, value in data.items():
            if key in OPTIONS:
                options[key] = value
                continue
            hint = "remove it; the options are: " + ", ".join(OPTIONS) + v.did_you_mean(str(key), OPTIONS)
            if key in FIELDS:
                hint = f"column names go under columns: (columns: {{{key}: ...}})"
            problems.append(Problem(codes.UNKNOWN_FIELD, f"/{v.escape(str(key))}", f"unknown option {key!r}", hint))
        for name in ("columns", "types"):
            for key in getattr(options.get(name), "duplicates", ()):
                problems.append(v.duplicate_key(f"/{name}/{v.escape(key)}", key))
        if "cycles" in options:
            options["cycles"] = _cycle_dates(problems, options["cycles"])
        if isinstance(options.get("checkin_date"), str):
            options["checkin_date"] = _iso_date(problems, "/checkin_date", options["checkin_date"])
        try:
            mapping = cls(**options)
        except ValidationError as err:
            problems.extend(err.problems)
        v.fail_if(problems)
        return mapping

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> ColumnMap:
        """Read a mapping file: ``.yaml`` or ``.yml`` (``yaml`` extra), ``.json`` or ``.toml``.

        Raises
        ------
        ValidationError
            Naming the file, for bytes that are not UTF-8 text, a syntax
            error, an unknown option or field, or an impossible value.
        OSError
            When the file cannot be read (missing, a directory, no
            permission); the error's ``filename`` names it.
        ImportError
            For a YAML file when PyYAML is not installed.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "mapping.json"
        >>> _ = path.write_text('{"columns": {"title": "Goal Name"}, "decimal": ","}', encoding="utf-8")
        >>> ColumnMap.from_file(path).decimal
        ','
        """
        name = os.fspath(path)
        suffix = os.path.splitext(name)[1].lower()
        try:
            if suffix not in (".yaml", ".yml", ".json", ".toml"):
                v.refuse(
                    codes.INVALID_ENUM,
                    "",
                    f"cannot tell the format of a mapping file ending in {suffix or 'nothing'!r}",
                    "name it .yaml, .yml, .json or .toml",
                )
            limits = Limits()
            text = checked_text(read_source(name, limits)[1], limits)
            if suffix == ".toml":
                data = parse_toml(text)
            else:
                data = parse_json(text) if suffix == ".json" else parse_yaml(text, limits)
            return cls.from_dict(data)
        except ValidationError as err:
            raise err.with_source(name) from None


def _iso_date(problems: list[Problem], path: str, value: object) -> object:
    if isinstance(value, str):
        day = iso_date(value)
        if day is None:
            problems.append(Problem(codes.WRONG_TYPE, path, f"{v.describe(value)} is not a date", "write YYYY-MM-DD"))
        return day
    return value


def _cycle_dates(problems: list[Problem], raw: object) -> object:
    """``{name: {start, end}}`` as ``{name: (start, end)}``; what is wrong is reported, not converted."""
    if not isinstance(raw, Mapping):
        return raw
    out: dict[str, Any] = {}
    for name, dates in raw.items():
        path = f"/cycles/{v.escape(str(name))}"
        if not isinstance(dates, Mapping):
            problems.append(
                Problem(codes.WRONG_TYPE, path, f"expected {{start, end}}, got {v.describe(dates)}", "give two dates")
            )
            continue
        for key in dates:
            if key not in ("start", "end"):
                problems.append(
                    Problem(
                        codes.UNKNOWN_FIELD,
                        f"{path}/{v.escape(str(key))}",
                        f"unknown field {key!r}",
                        "a period has start and end" + v.did_you_mean(str(key), ("start", "end")),
                    )
                )
        missing = [key for key in ("start", "end") if key not in dates]
        for key in missing:
            problems.append(
                Problem(codes.MISSING_FIELD, f"{path}/{key}", f"the field {key!r} is missing", f"add {key}")
            )
        if not missing:
            out[name] = (
                _iso_date(problems, f"{path}/start", dates["start"]),
                _iso_date(problems, f"{path}/end", dates["end"]),
            )
    return out

"""Rows to a document: each cell read through the mapping, the reader's problems mapped back to rows and columns."""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import math
import numbers
import os
import re
from collections.abc import Iterable, Mapping
from typing import IO, Any

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.dates import iso_date
from goalgraph._core.errors import CycleError, Problem, ValidationError
from goalgraph._documents import from_dict as document_from_dict
from goalgraph._documents.parse import Limits, checked_text, over_limit_hint, parse_json, read_source
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import DEFAULT_LEVELS
from goalgraph._registry.registry import Registry
from goalgraph._spreadsheet.format import (
    FALSE_WORDS,
    FIELDS,
    GUARDED,
    KEY_RESULT_ONLY,
    NON_FINITE,
    OBJECTIVE_ONLY,
    REQUIRED,
    ROW_TYPES,
    TEXT_FIELDS,
    TRUE_WORDS,
)
from goalgraph._spreadsheet.mapping import ColumnMap


def read_goals_csv(
    source: str | os.PathLike[str] | IO[str],
    mapping: ColumnMap | None = None,
    *,
    limits: Limits | None = None,
    registry: Registry | None = None,
) -> GoalGraph:
    """Read a one-row-per-goal CSV file into a graph.

    Parameters
    ----------
    source : path or file
        The CSV file, UTF-8 (a byte-order mark is allowed), with a header
        row; or a file opened for reading (``newline=""``, as the
        ``csv`` module asks).
    mapping : ColumnMap, optional
        The column names and the cell formats; default ``ColumnMap()``,
        goalgraph's own names.
    limits : Limits, optional
        Resource limits, as for :func:`load`: the size is checked before
        reading, each row counts as a node against ``max_nodes``, and the
        links and texts of the document made are checked too.
    registry : Registry, optional
        Where custom scorers and aggregators named in the file are
        registered.

    Returns
    -------
    GoalGraph

    Raises
    ------
    ValidationError
        Listing every problem of every row, each at ``row N, column 'X'``
        (the header is row 1), with a code and a hint; its message names
        the file. Nothing is half-built.

    Examples
    --------
    >>> import io, goalgraph
    >>> text = '''id,parent,title,owner,level,period,start,target,current,date,unit
    ... O1,,Win the mid-market,sales,team,2026-Q3,,,,,
    ... O1-KR1,O1,Close 35 new customers,,,,0,35,21,2026-08-31,customers
    ... '''
    >>> g = goalgraph.read_goals_csv(io.StringIO(text))
    >>> g.cycles["2026-Q3"].end, g.key_results["O1-KR1"].metric.target
    (datetime.date(2026, 9, 30), 35)
    >>> goalgraph.score(g, as_of="2026-09-01")["O1"].score
    0.6
    >>> bad = text.replace(",35,", ",35 deals,")
    >>> try:
    ...     goalgraph.read_goals_csv(io.StringIO(bad))
    ... except goalgraph.ValidationError as err:
    ...     print(err.problems[0])
    row 3, column 'target': expected a number, got string '35 deals' [GG012]
        hint: write a plain number such as 1234.5 (the unit goes in its own column)
    """
    limits = limits or Limits()
    name, raw = read_source(source, limits)
    try:
        text = checked_text(raw, limits).removeprefix("\ufeff")
    except ValidationError as err:
        raise err.with_source(name) from None
    try:
        mapping = mapping or ColumnMap()
        header, rows = _records(text, mapping.delimiter)
        _check_rows(len(rows), limits)
        return _Sheet(mapping, header, rows).graph(registry, limits)
    except ValidationError as err:
        raise err.with_source(name) from None


def goals_from_rows(
    rows: Iterable[Mapping[str, object]],
    mapping: ColumnMap | None = None,
    *,
    limits: Limits | None = None,
    registry: Registry | None = None,
) -> GoalGraph:
    """Build a graph from rows of cells, as ``csv.DictReader`` or a DataFrame's records give them.

    The rows are numbered as a spreadsheet shows them: the first is row 2,
    below the header. Besides text, cells may hold what pandas reads:
    numbers (``1000.0`` in a text column is read as ``"1000"``), booleans,
    dates and timestamps at midnight, and ``None``, NaN or ``NA`` for an
    empty cell.

    Parameters
    ----------
    rows : iterable of mapping
        Column header to cell, one mapping per goal. Rows are counted as
        they are read: one more than ``limits.max_nodes`` stops the
        reading.
    mapping, limits, registry
        As for :func:`read_goals_csv` (``max_bytes`` does not apply).

    Examples
    --------
    >>> import goalgraph
    >>> rows = [
    ...     {"ID": "O1", "Parent": None, "Name": "Win the mid-market", "Owner": "sales", "Level": "Team",
    ...      "Quarter": "Q3 2026", "Target": float("nan")},
    ...     {"ID": "O1-KR1", "Parent": "O1", "Name": "Close 35 new customers", "Owner": None, "Level": None,
    ...      "Quarter": "Q3 2026", "Target": 35.0},
    ... ]
    >>> mapping = goalgraph.ColumnMap(columns={"id": "ID", "parent": "Parent", "title": "Name", "owner": "Owner",
    ...                                        "level": "Level", "period": "Quarter", "target": "Target"})
    >>> g = goalgraph.goals_from_rows(rows, mapping)
    >>> g.owners["sales"].level, g.key_results["O1-KR1"].metric.target
    ('team', 35.0)
    """
    with v.sourced("the rows"):
        limits = limits or Limits()
        header: list[str] = []
        seen: set[str] = set()
        numbered: list[tuple[int, Mapping[str, object]]] = []
        problems: list[Problem] = []
        for index, row in enumerate(rows):
            if index == limits.max_nodes:  # an iterable may be endless: stop at the first row too many
                _check_rows(index + 1, limits)
            numbered.append((index + 2, row))
            for key in row:
                if not isinstance(key, str):
                    problems.append(
                        Problem(
                            codes.WRONG_TYPE,
                            f"row {index + 2}",
                            f"column name {v.describe(key)} is not text",
                            "name it",
                        )
                    )
                elif key not in seen:
                    seen.add(key)
                    header.append(key)
        v.fail_if(problems)
        return _Sheet(mapping or ColumnMap(), header, numbered).graph(registry, limits)


_UNCOUNTED = 2**62


def _check_rows(count: int, limits: Limits) -> None:
    """Refuse more rows than ``limits.max_nodes``: each row is a node of the graph."""
    if count > limits.max_nodes:
        v.refuse(
            codes.TOO_LARGE,
            "",
            f"the sheet holds {count:,} rows or more, over the limit of {limits.max_nodes:,}",
            over_limit_hint("max_nodes", "split the sheet"),
        )


def _records(text: str, delimiter: str) -> tuple[list[str], list[tuple[int, Mapping[str, object]]]]:
    """The header and the numbered rows of CSV text; refuses repeated headers and rows too long."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        v.refuse(codes.SYNTAX, f"row {len(records) + 1}", f"the CSV cannot be read: {exc}", "fix the quoting there")
    if not records or not any(cell.strip() for cell in records[0]):
        v.refuse(codes.MISSING_FIELD, "row 1", "the file has no header row", "start the file with the column names")
    header = records[0]
    for index, name in enumerate(header):
        if name and name in header[:index]:
            problems.append(
                Problem(
                    codes.DUPLICATE_KEY,
                    f"row 1, column {name!r}",
                    f"the header names the column {name!r} twice",
                    "rename one of them: a reader would silently keep only the last",
                )
            )
    rows: list[tuple[int, Mapping[str, object]]] = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            problems.append(
                Problem(
                    codes.ROW_SHAPE,
                    f"row {number}",
                    f"the row has {len(record)} cells, the header {len(header)}",
                    "quote cells that hold a comma, or name the extra columns in the header",
                )
            )
        rows.append((number, dict(zip(header, record, strict=False))))
    v.fail_if(problems)
    return header, rows


def _plain(value: object) -> object:
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


def _unguard(text: str) -> str:
    return text[1:] if GUARDED.match(text) else text


def _where(row: int, column: str | None) -> str:
    return f"row {row}, column {column!r}" if column else f"row {row}"


ISO_FORMAT = "%Y-%m-%d"  # the mapping's default date format: read by the one ISO reader


@attrs.define
class _Row:
    number: int
    cells: dict[str, object]
    id: str = ""
    type: str = ""
    parents: list[str] = attrs.field(factory=list)
    period: str | None = None
    owner: str | None = None
    bad: set[str] = attrs.field(factory=set)


class _Sheet:
    """One import: the columns, the rows, the problems, and the document built from them."""

    def __init__(self, mapping: ColumnMap, header: list[str], rows: list[tuple[int, Mapping[str, object]]]) -> None:
        self.mapping = mapping
        self.problems: list[tuple[int, Problem]] = []
        self.columns = self._columns(header)
        self.raw_rows = rows
        # Where each place of the document came from, to report the reader's
        # problems by row and column; and the places whose problems are
        # reported already (a missing owner is not reported twice).
        self.places: dict[str, tuple[int, str | None]] = {}
        self.covered: set[str] = set()
        self.references: dict[str, str] = {}
        self.dropped: set[str] = set()
        self.dates: dict[str, datetime.date] = {}  # most rows share a few dates: parse each once

    # -- problems ----------------------------------------------------------

    def report(self, code: str, row: int, field: str | None, message: str, hint: str = "") -> None:
        column = self.columns.get(field) if field else None
        self.problems.append((row, Problem(code, _where(row, column), message, hint)))

    def bad(self, row: _Row, field: str, code: str, message: str, hint: str = "") -> None:
        row.bad.add(field)
        self.report(code, row.number, field, message, hint)

    def _columns(self, header: list[str]) -> dict[str, str]:
        """Field to column header, for the fields the file has; refuses a mapping that names a missing column."""
        mapping = self.mapping
        columns: dict[str, str] = {}
        listed = ", ".join(repr(name) for name in header if name)
        for field in FIELDS:
            name = mapping.column(field)
            if name is not None and name in header:
                columns[field] = name
            elif field in mapping.columns and name is not None:
                self.problems.append(
                    (
                        1,
                        Problem(
                            codes.MISSING_FIELD,
                            "row 1",
                            f"the mapping reads {field} from the column {name!r}, which the header does not have",
                            f"the header has: {listed}" + v.did_you_mean(name, header),
                        ),
                    )
                )
            elif field in REQUIRED:
                self.problems.append(
                    (
                        1,
                        Problem(
                            codes.MISSING_FIELD,
                            "row 1",
                            f"no column holds the {field}",
                            f"name the column in the mapping (columns: {{{field}: ...}}); the header has: {listed}"
                            + v.did_you_mean(field, header),
                        ),
                    )
                )
        if mapping.strict:
            used = set(columns.values())
            for name in header:
                if name not in used:
                    self.problems.append(
                        (
                            1,
                            Problem(
                                codes.UNKNOWN_FIELD,
                                f"row 1, column {name!r}",
                                f"no field is read from the column {name!r}",
                                "map it under columns:, remove it, or drop strict: true" + v.did_you_mean(name, FIELDS),
                            ),
                        )
                    )
        if self.problems:
            raise ValidationError(p for _, p in self.problems)
        return columns

    # -- cells -------------------------------------------------------------

    def text(self, row: _Row, field: str) -> str | None:
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

    def number(self, row: _Row, field: str, value: object = None) -> float | None:
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

    def _parse_number(self, row: _Row, field: str, text: str) -> float | None:
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

    def flag(self, row: _Row, field: str, value: object) -> bool | None:
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

    def date(self, row: _Row, field: str) -> datetime.date | None:
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

    def split(self, row: _Row, field: str) -> list[str]:
        """A list cell's items: split at the separator, blanks around them and empty items dropped."""
        value = row.cells.get(field)
        if value is None:
            return []
        if not isinstance(value, str):
            value = self.text(row, field)
            if value is None:
                return []
        return [item.strip() for item in value.split(self.mapping.parent_separator) if item.strip()]

    # -- rows --------------------------------------------------------------

    def rows(self) -> list[_Row]:
        """The rows that have any cell filled, with their type; rows without an id are reported and left out."""
        made: list[_Row] = []
        for number, raw in self.raw_rows:
            cells: dict[str, object] = {}
            for field, column in self.columns.items():
                value = _plain(raw.get(column))
                if isinstance(value, str) and (field in TEXT_FIELDS):
                    value = _unguard(value)
                if value is not None:
                    cells[field] = value
            if not cells and not any(_plain(cell) is not None for cell in raw.values()):
                continue  # a blank row, as spreadsheets leave at the end
            row = _Row(number, cells)
            id = self.text(row, "id")
            if id is None:
                if "id" not in row.bad:
                    self.report(codes.MISSING_FIELD, number, "id", "the row has no id", "give every goal an id")
                continue
            row.id = id
            row.type = self.row_type(row)
            row.parents = self.split(row, "parent")
            made.append(row)
        return made

    def row_type(self, row: _Row) -> str:
        text = self.text(row, "type")
        if text is not None:
            names = {name.lower(): name for name in ROW_TYPES}
            names.update((name.lower(), meaning) for name, meaning in self.mapping.types.items())
            if text.strip().lower() in names:
                return names[text.strip().lower()]
            self.bad(
                row,
                "type",
                codes.INVALID_ENUM,
                f"{v.describe(text)} is not a row type",
                "use objective, key_result or milestone, or name it under types: in the mapping"
                + v.did_you_mean(text.lower(), names),
            )
        # Without a type, a row with a metric, start or target measures something: a key result.
        return "key_result" if any(field in row.cells for field in ("metric", "start", "target")) else "objective"

    # -- the document ------------------------------------------------------

    def graph(self, registry: Registry | None, limits: Limits) -> GoalGraph:
        rows = self.rows()
        objectives = [row for row in rows if row.type == "objective"]
        by_id: dict[str, _Row] = {}
        for row in objectives:
            by_id.setdefault(row.id, row)
        key_result_rows = {row.id: row for row in rows if row.type != "objective"}
        placed: dict[str, list[_Row]] = {row.id: [] for row in objectives}
        for row in rows:
            if row.type != "objective":
                parent = self.parent_objective(row, by_id, key_result_rows)
                if parent is None:
                    self.dropped.add(row.id)
                else:
                    placed[parent.id].append(row)
        cycles = self.cycles(rows, by_id, placed)
        owners = self.owners(rows)
        document: dict[str, Any] = {"goalgraph": 1, "cycles": cycles, "owners": owners, "objectives": []}
        if self.mapping.levels is not None:
            document["levels"] = list(self.mapping.levels)
        for row in objectives:
            krs = placed[row.id] if by_id[row.id] is row else []
            document["objectives"].append(self.objective(row, len(document["objectives"]), krs))
        for index, row in enumerate(row for row in rows if row.id in self.dropped):
            self.key_result(row, f"/unplaced/{index}")  # its cells are checked all the same
        # The rows were counted against max_nodes already; the cycles and
        # owners made from them are not rows, and are not counted again.
        document_limits = attrs.evolve(limits, max_nodes=_UNCOUNTED)
        try:
            graph = document_from_dict(document, limits=document_limits, registry=registry)
        except CycleError as err:
            graph = None
            cycle: CycleError | None = err
            found = list(err.problems)
        except ValidationError as err:
            graph, cycle, found = None, None, list(err.problems)
        else:
            cycle, found = None, []
        translated = [self.translate(problem) for problem in found if self.keeps(problem)]
        if cycle is not None and not self.problems and len(translated) == 1:
            raise CycleError(cycle.cycle, translated[0][1].path)
        self.problems.extend(translated)
        if self.problems:
            raise ValidationError(p for _, p in sorted(self.problems, key=lambda item: item[0]))
        assert graph is not None
        return graph

    def parent_objective(self, row: _Row, objectives: dict[str, _Row], key_results: dict[str, _Row]) -> _Row | None:
        if not row.parents:
            if "parent" not in row.bad:
                self.report(
                    codes.MISSING_FIELD,
                    row.number,
                    "parent",
                    f"key result {row.id!r} has no parent",
                    "give the id of its objective in the parent column",
                )
            return None
        if len(row.parents) > 1:
            self.report(
                codes.ROW_SHAPE,
                row.number,
                "parent",
                f"key result {row.id!r} has {len(row.parents)} parents: {', '.join(row.parents)}",
                "a key result belongs to one objective; to serve several, make it an objective aligned to them",
            )
            return None
        parent = row.parents[0]
        if parent in objectives:
            return objectives[parent]
        if parent in key_results:
            message = f"{parent!r} is a key result (row {key_results[parent].number}), not an objective"
        else:
            message = f"no objective row has the id {parent!r}"
        self.report(
            codes.DANGLING_REFERENCE,
            row.number,
            "parent",
            message,
            "a key result's parent is the id of its objective" + v.did_you_mean(parent, objectives),
        )
        return None

    def cycles(self, rows: list[_Row], objectives: dict[str, _Row], placed: dict[str, list[_Row]]) -> list[Any]:
        """The cycles of the periods named, with their dates from the cells, the mapping or the period's form."""
        given: dict[str, tuple[datetime.date, datetime.date, int]] = {}
        seen: dict[str, list[int]] = {}
        for row in rows:
            row.period = self.text(row, "period")
            start, end = self.date(row, "period_start"), self.date(row, "period_end")
            if row.period is None:
                for field in ("period_start", "period_end"):
                    if field in row.cells:
                        self.bad(row, field, codes.ROW_SHAPE, f"{field} is given without a period", "name the period")
                continue
            seen.setdefault(row.period, []).append(row.number)
            if start is None or end is None:
                for field, date in (("period_start", start), ("period_end", end)):
                    other = "period_end" if field == "period_start" else "period_start"
                    if date is None and other in row.cells and field not in row.bad and other not in row.bad:
                        self.report(
                            codes.MISSING_FIELD, row.number, field, f"{other} is given, {field} is not", "give both"
                        )
                continue
            known = given.get(row.period)
            if known is None and row.period in self.mapping.cycles:
                known = (*self.mapping.cycles[row.period], 0)
            if known is not None and known[:2] != (start, end):
                source = f"row {known[2]}" if known[2] else "the mapping's cycles"
                self.report(
                    codes.DUPLICATE_ID,
                    row.number,
                    "period_start",
                    f"period {row.period!r} runs {start.isoformat()} to {end.isoformat()} here, but "
                    f"{known[0].isoformat()} to {known[1].isoformat()} in {source}",
                    "give one period the same dates on every row, or name the periods apart",
                )
            given.setdefault(row.period, (start, end, row.number))
        for objective, krs in placed.items():
            for kr in krs:
                parent_period = objectives[objective].period
                if kr.period is not None and kr.period != parent_period:
                    self.report(
                        codes.ROW_SHAPE,
                        kr.number,
                        "period",
                        f"key result {kr.id!r} is in period {kr.period!r}, its objective {objective!r} in "
                        f"{parent_period!r}",
                        "a key result shares its objective's period: leave its period empty, or make them equal",
                    )
        cycles: list[Any] = []
        for period, numbers_ in seen.items():
            path = f"/cycles/{len(cycles)}"
            first = numbers_[0]
            self.places[path] = (first, "period")
            if period in given:
                start, end, where = given[period]
                self.places[f"{path}/start"] = (where, "period_start")
                self.places[f"{path}/end"] = (where, "period_end")
            elif period in self.mapping.cycles:
                start, end = self.mapping.cycles[period]
            else:
                dates = _period_dates(period)
                if dates is None:
                    rows_text = ("row " if len(numbers_) == 1 else "rows ") + ", ".join(map(str, numbers_[:5]))
                    rows_text += ", ..." if len(numbers_) > 5 else ""
                    self.report(
                        codes.WRONG_TYPE,
                        first,
                        "period",
                        f"the period {period!r} ({rows_text}) is not a form goalgraph reads",
                        f"add it to the mapping: cycles: {{{period!r}: {{start: YYYY-MM-DD, end: YYYY-MM-DD}}}}, "
                        "fill period_start and period_end, or write it like 2026-Q3, Q3 2026, 2026-H1, 2026 or 2026-07",
                    )
                    self.covered.add(path)
                    cycles.append({"id": period})
                    continue
                start, end = dates
            cycles.append({"id": period, "start": start, "end": end})
        return cycles

    def owners(self, rows: list[_Row]) -> list[Any]:
        """The owners named, in the order they first appear, each with the one level its rows give."""
        levels = self.mapping.levels or DEFAULT_LEVELS
        canonical = {level.lower(): level for level in levels}
        first: dict[str, int] = {}
        level_of: dict[str, tuple[str, int]] = {}  # the level, and the row that gave it
        for row in rows:
            row.owner = self.text(row, "owner")
            level = self.text(row, "level")
            if row.owner is None:
                if level is not None:
                    self.bad(row, "level", codes.ROW_SHAPE, "a level is given without an owner", "name the owner")
                continue
            first.setdefault(row.owner, row.number)
            if level is None:
                continue
            level = canonical.get(level.strip().lower(), level)
            known = level_of.setdefault(row.owner, (level, row.number))
            if known[0] != level:
                self.report(
                    codes.DUPLICATE_ID,
                    row.number,
                    "level",
                    f"owner {row.owner!r} is at level {level!r} here, but {known[0]!r} in row {known[1]}",
                    "give an owner one level on every row",
                )
        owners: list[Any] = []
        for owner, number in first.items():
            path = f"/owners/{len(owners)}"
            self.places[path] = (number, "owner")
            if owner in level_of:
                self.places[f"{path}/level"] = (level_of[owner][1], "level")
                owners.append({"id": owner, "level": level_of[owner][0]})
                continue
            self.report(
                codes.MISSING_FIELD,
                number,
                "level",
                f"owner {owner!r} has no level",
                "fill the level column on one of its rows: " + ", ".join(levels),
            )
            self.covered.add(f"{path}/level")
            owners.append({"id": owner})
        return owners

    def objective(self, row: _Row, index: int, key_results: list[_Row]) -> dict[str, Any]:
        path = f"/objectives/{index}"
        self.places[path] = (row.number, None)
        for field in ("id", "title", "owner", "kind", "rollup", "score_override", "grade", "description"):
            self.places[f"{path}/{field}"] = (row.number, field)
        self.places[f"{path}/cycle"] = (row.number, "period")
        out: dict[str, Any] = {"id": row.id, "title": self.required_text(row, "title", f"{path}/title")}
        for field in KEY_RESULT_ONLY:
            if field in row.cells:
                self.bad(
                    row,
                    field,
                    codes.ROW_SHAPE,
                    f"objective {row.id!r} has a {field}",
                    "objectives are scored from their key results: put the value on a key-result row, "
                    "or mark the row as a key result in the type column",
                )
        for field, key, value in (("owner", "owner", row.owner), ("period", "cycle", row.period)):
            if value is not None:
                out[key] = value
                continue
            if field not in row.bad:
                self.report(
                    codes.MISSING_FIELD, row.number, field, f"objective {row.id!r} has no {field}", f"name its {field}"
                )
            self.covered.add(f"{path}/{key}")
        kind = self.text(row, "kind")
        if kind is not None:
            out["kind"] = kind.strip().lower() if kind.strip().lower() in ("committed", "aspirational") else kind
        for field in ("rollup", "description"):
            text = self.text(row, field)
            if text is not None:
                out[field] = text
        for field in ("score_override", "grade"):
            number = self.number(row, field)
            if number is not None:
                out[field] = number
        links = self.links(row, path)
        if links:
            out["aligns_to"] = links
        if key_results:
            out["key_results"] = [self.key_result(kr, f"{path}/key_results/{i}") for i, kr in enumerate(key_results)]
        return out

    def links(self, row: _Row, path: str) -> list[dict[str, Any]]:
        weights = self.split(row, "weight")
        flags = self.split(row, "contributes")
        links: list[dict[str, Any]] = []
        for index, parent in enumerate(row.parents):
            link_path = f"{path}/aligns_to/{index}"
            self.places.update(
                {
                    link_path: (row.number, "parent"),
                    f"{link_path}/id": (row.number, "parent"),
                    f"{link_path}/weight": (row.number, "weight"),
                    f"{link_path}/contributes": (row.number, "contributes"),
                }
            )
            self.references[f"{link_path}/id"] = parent
            links.append({"id": parent})
        for field, items in (("weight", weights), ("contributes", flags)):
            if not items:
                continue
            if not links or len(items) not in (1, len(links)):
                self.bad(
                    row,
                    field,
                    codes.ROW_SHAPE,
                    f"{len(items)} {field} values for {len(links)} parents",
                    f"give one {field} for all the parents, or one per parent in the same order",
                )
                continue
            values = [
                self.number(row, field, item) if field == "weight" else self.flag(row, field, item) for item in items
            ]
            if any(value is None for value in values):
                continue
            for link, value in zip(links, values * len(links) if len(values) == 1 else values, strict=False):
                link[field] = value
        return links

    def required_text(self, row: _Row, field: str, path: str) -> str | None:
        text = self.text(row, field)
        if text is None:
            if field not in row.bad:
                self.report(codes.MISSING_FIELD, row.number, field, f"{row.id!r} has no {field}", f"give it a {field}")
            self.covered.add(path)
        return text

    def key_result(self, row: _Row, path: str) -> dict[str, Any]:
        self.places[path] = (row.number, None)
        for field in ("id", "title", "owner", "weight", "score_override"):
            self.places[f"{path}/{field}"] = (row.number, field)
        out: dict[str, Any] = {"id": row.id, "title": self.required_text(row, "title", f"{path}/title")}
        for field in OBJECTIVE_ONLY:
            if field in row.cells:
                self.bad(
                    row,
                    field,
                    codes.ROW_SHAPE,
                    f"key result {row.id!r} has a {field}",
                    f"{field} belongs on objective rows; leave it empty on key results",
                )
        if row.owner is not None:
            out["owner"] = row.owner
        weights = self.split(row, "weight")
        if len(weights) > 1:
            self.bad(
                row, "weight", codes.ROW_SHAPE, f"key result {row.id!r} has {len(weights)} weights", "give one weight"
            )
        elif weights:
            weight = self.number(row, "weight", weights[0])
            if weight is not None:
                out["weight"] = weight
        score_override = self.number(row, "score_override")
        if score_override is not None:
            out["score_override"] = score_override
        metric = self.metric(row, path)
        if metric is None:
            self.covered.add(f"{path}/metric")
            out["metric"] = None
        else:
            out["metric"] = metric
        checkin = self.checkin(row, path, metric)
        if checkin is not None:
            out["checkins"] = [checkin]
        if out["metric"] is None:
            del out["metric"]
        return out

    def metric(self, row: _Row, path: str) -> dict[str, Any] | None:
        text = self.text(row, "metric")
        name = text.strip().lower() if text is not None else None
        metric_path = f"{path}/metric"
        self.places[metric_path] = (row.number, "metric" if text is not None else "target")
        self.places[f"{metric_path}/unit"] = (row.number, "unit")
        unit = self.text(row, "unit")
        if row.type == "milestone" or name == "milestone":
            if name not in (None, "milestone"):
                self.bad(
                    row,
                    "metric",
                    codes.ROW_SHAPE,
                    f"the row type says milestone, the metric {text!r}",
                    "leave the metric empty on milestone rows",
                )
                return None
            self.places[metric_path] = (row.number, "metric" if text is not None else "type")
            for field in ("start", "target"):
                if field in row.cells:
                    message = f"milestone {row.id!r} has a {field}"
                    self.bad(row, field, codes.ROW_SHAPE, message, "a milestone is done or not")
            return {"type": "milestone", **({"unit": unit} if unit is not None else {})}
        if name in (None, "linear"):
            start, target = self.number(row, "start"), self.number(row, "target")
            self.places[f"{metric_path}/start"] = (row.number, "start")
            self.places[f"{metric_path}/target"] = (row.number, "target")
            self.places[f"{metric_path}/direction"] = (row.number, "target")
            if "start" in row.bad or "target" in row.bad:
                return None
            if target is None:
                self.report(
                    codes.MISSING_FIELD,
                    row.number,
                    "target",
                    f"key result {row.id!r} has no target",
                    "give a target (and a start, 0 by default), or a metric",
                )
                return None
            metric: dict[str, Any] = {"type": "linear", "start": 0 if start is None else start, "target": target}
            return metric | ({"unit": unit} if unit is not None else {})
        if text is not None and text.lstrip().startswith("{"):
            for field in ("start", "target", "unit"):
                if field in row.cells:
                    self.bad(
                        row,
                        field,
                        codes.ROW_SHAPE,
                        f"key result {row.id!r} has both a metric in JSON and a {field}",
                        "the JSON metric holds all its parameters: put the field in it, or leave the metric empty",
                    )
            try:
                parsed = parse_json(text)
            except ValidationError as err:
                self.bad(row, "metric", codes.SYNTAX, err.problems[0].message, "write the metric as a JSON object")
                return None
            if not isinstance(parsed, dict):
                self.bad(
                    row,
                    "metric",
                    codes.WRONG_TYPE,
                    f"expected a JSON object, got {v.describe(parsed)}",
                    'e.g. {"type": ...}',
                )
                return None
            return parsed
        if "metric" not in row.bad:
            self.bad(
                row,
                "metric",
                codes.INVALID_ENUM,
                f"{v.describe(text)} is not a metric goalgraph reads here",
                "leave it empty (or linear) for start and target, write milestone, "
                'or give the metric as a JSON object such as {"type": "threshold", "at_least": 99.9}',
            )
        return None

    def checkin(self, row: _Row, path: str, metric: dict[str, Any] | None) -> dict[str, Any] | None:
        value = row.cells.get("current")
        date = self.date(row, "date")
        if value is None:
            if date is not None:
                self.bad(row, "date", codes.ROW_SHAPE, "a date is given without a current value", "give the value")
            return None
        if date is None and "date" not in row.bad:
            date = self.mapping.checkin_date
            if date is None:
                self.report(
                    codes.MISSING_FIELD,
                    row.number,
                    "date",
                    f"the current value of {row.id!r} has no date",
                    "fill the date column, or set checkin_date in the mapping for the date of every current value",
                )
        if metric is None:
            return None  # the metric's problem is reported; the value cannot be judged without it
        parsed = self.flag(row, "current", value) if metric.get("type") == "milestone" else self.number(row, "current")
        self.places[f"{path}/checkins"] = (row.number, "current")
        self.places[f"{path}/checkins/0"] = (row.number, "current")
        self.places[f"{path}/checkins/0/date"] = (row.number, "date")
        if parsed is None or date is None:
            return None
        return {"date": date, "value": parsed}

    # -- the reader's problems, by row -------------------------------------

    def keeps(self, problem: Problem) -> bool:
        """False for a problem that repeats one reported already."""
        path = problem.path
        if any(path == c or path.startswith(c + "/") for c in self.covered):
            return False
        return not (problem.code == codes.DANGLING_REFERENCE and self.references.get(path) in self.dropped)

    def translate(self, problem: Problem) -> tuple[int, Problem]:
        path = problem.path
        while path and path not in self.places:
            path = path.rpartition("/")[0]
        if not path:
            return 0, problem
        row, field = self.places[path]
        column = self.columns.get(field) if field else None
        # Messages may quote another place in the document ("already used at /objectives/0").
        message = _POINTER.sub(lambda match: self.row_of(match[0]), problem.message)
        return row, attrs.evolve(problem, path=_where(row, column), message=message)

    def row_of(self, path: str) -> str:
        return f"row {self.places[path][0]}" if path in self.places else path


_POINTER = re.compile(r"/(?:objectives|owners|cycles)/\d+(?:/key_results/\d+)?")
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


_QUARTER_OR_HALF = (
    re.compile(r"(?P<year>\d{4})[- ]?(?P<kind>[QqHh])(?P<n>\d)"),
    re.compile(r"(?P<kind>[QqHh])(?P<n>\d)[- ]?(?P<year>\d{4})"),
)


def _period_dates(period: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of a period written in one of the common forms, or None.

    Examples
    --------
    >>> _period_dates("Q3 2026"), _period_dates("2026-H1")[1], _period_dates("2026-02")[1]
    ((datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)), datetime.date(2026, 6, 30), datetime.date(2026, 2, 28))
    >>> _period_dates("Q5 2026"), _period_dates("FY26 Q3")
    (None, None)
    """
    text = period.strip()
    first_month = last_month = 0
    year = 0
    for pattern in _QUARTER_OR_HALF:
        match = pattern.fullmatch(text)
        if match:
            year, n = int(match["year"]), int(match["n"])
            months = 3 if match["kind"] in "Qq" else 6
            if not 1 <= n <= 12 // months:
                return None
            first_month, last_month = months * (n - 1) + 1, months * n
    if re.fullmatch(r"\d{4}", text):
        year, first_month, last_month = int(text), 1, 12
    elif match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, first_month = int(match[1]), int(match[2])
        last_month = first_month
    if not (1 <= year <= 9999 and 1 <= first_month <= last_month <= 12):
        return None
    return datetime.date(year, first_month, 1), datetime.date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )

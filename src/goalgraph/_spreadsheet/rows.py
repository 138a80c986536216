"""Rows to a document: each row's cells read as an objective, a key result and its check-in, owners and cycles.

The reader's problems are mapped back to the rows and columns they came from.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Mapping
from typing import Any

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.errors import CycleError, Problem, ValidationError
from goalgraph._documents import from_dict as document_from_dict
from goalgraph._documents.parse import Limits, parse_json
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import DEFAULT_LEVELS
from goalgraph._registry.registry import Registry
from goalgraph._spreadsheet.cells import Cells, Row, plain, unguard, where
from goalgraph._spreadsheet.format import (
    FIELDS,
    KEY_RESULT_ONLY,
    OBJECTIVE_ONLY,
    REQUIRED,
    ROW_TYPES,
    TEXT_FIELDS,
)
from goalgraph._spreadsheet.mapping import ColumnMap

__all__ = ["Sheet"]


# The rows are counted against max_nodes once, as rows; what is made of them is not counted again.
_UNCOUNTED = 2**62


class Sheet(Cells):
    """One import: the columns, the rows, the problems, and the document built from them."""

    def __init__(self, mapping: ColumnMap, header: list[str], rows: list[tuple[int, Mapping[str, object]]]) -> None:
        super().__init__(mapping)
        self.columns = self._columns(header)
        self.raw_rows = rows
        # Where each place of the document came from, to report the reader's
        # problems by row and column; and the places whose problems are
        # reported already (a missing owner is not reported twice).
        self.places: dict[str, tuple[int, str | None]] = {}
        self.covered: set[str] = set()
        self.references: dict[str, str] = {}
        self.dropped: set[str] = set()

    # -- problems ----------------------------------------------------------

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

    def rows(self) -> list[Row]:
        """The rows that have any cell filled, with their type; rows without an id are reported and left out."""
        made: list[Row] = []
        for number, raw in self.raw_rows:
            cells: dict[str, object] = {}
            for field, column in self.columns.items():
                value = plain(raw.get(column))
                if isinstance(value, str) and (field in TEXT_FIELDS):
                    value = unguard(value)
                if value is not None:
                    cells[field] = value
            if not cells and not any(plain(cell) is not None for cell in raw.values()):
                continue  # a blank row, as spreadsheets leave at the end
            row = Row(number, cells)
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

    def row_type(self, row: Row) -> str:
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

    def graph(self, registry: Registry | None, limits: Limits) -> GoalGraph:
        rows = self.rows()
        objectives = [row for row in rows if row.type == "objective"]
        by_id: dict[str, Row] = {}
        for row in objectives:
            by_id.setdefault(row.id, row)
        key_result_rows = {row.id: row for row in rows if row.type != "objective"}
        placed: dict[str, list[Row]] = {row.id: [] for row in objectives}
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

    def parent_objective(self, row: Row, objectives: dict[str, Row], key_results: dict[str, Row]) -> Row | None:
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

    def cycles(self, rows: list[Row], objectives: dict[str, Row], placed: dict[str, list[Row]]) -> list[Any]:
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

    def owners(self, rows: list[Row]) -> list[Any]:
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

    def objective(self, row: Row, index: int, key_results: list[Row]) -> dict[str, Any]:
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

    def links(self, row: Row, path: str) -> list[dict[str, Any]]:
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

    def required_text(self, row: Row, field: str, path: str) -> str | None:
        text = self.text(row, field)
        if text is None:
            if field not in row.bad:
                self.report(codes.MISSING_FIELD, row.number, field, f"{row.id!r} has no {field}", f"give it a {field}")
            self.covered.add(path)
        return text

    def key_result(self, row: Row, path: str) -> dict[str, Any]:
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

    def metric(self, row: Row, path: str) -> dict[str, Any] | None:
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

    def checkin(self, row: Row, path: str, metric: dict[str, Any] | None) -> dict[str, Any] | None:
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
        return row, attrs.evolve(problem, path=where(row, column), message=message)

    def row_of(self, path: str) -> str:
        return f"row {self.places[path][0]}" if path in self.places else path


_POINTER = re.compile(r"/(?:objectives|owners|cycles)/\d+(?:/key_results/\d+)?")
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

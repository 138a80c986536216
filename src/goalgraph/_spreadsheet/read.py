"""Reading a flat spreadsheet: a CSV file or a host's rows, counted against the limits, to a GoalGraph.

The cells are read by :mod:`~goalgraph._spreadsheet.cells`, the rows made
into a document by :mod:`~goalgraph._spreadsheet.rows`.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from typing import IO

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.errors import Problem, ValidationError
from goalgraph._documents.parse import Limits, checked_text, over_limit_hint, read_source
from goalgraph._graph.graph import GoalGraph
from goalgraph._registry.registry import Registry
from goalgraph._spreadsheet.mapping import ColumnMap
from goalgraph._spreadsheet.rows import Sheet


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
        return Sheet(mapping, header, rows).graph(registry, limits)
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
        return Sheet(mapping or ColumnMap(), header, numbered).graph(registry, limits)


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

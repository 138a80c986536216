"""The HR views as text and JSON: owner scorecards down the org chart, the change between two scorecards, the links.

Pure formatting, as :mod:`goalgraph._output.report` is: every function
returns a string. Text from the document (ids, names, levels) is inert; JSON
has sorted keys, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from goalgraph._graph.graph import GoalGraph
from goalgraph._output.report import inert, paint, status_colour
from goalgraph._views.changes import Change
from goalgraph._views.owners import COUNTED, OwnerResult

__all__ = ["changes_json", "changes_text", "owners_json", "owners_text", "rows_text"]

NAME_WIDTH = 28
_WORST = 8  # the column of the worst status, in the owners table
OWNERS_LEGEND = (
    "Legend: owners are indented under the owner they report to. own: the score of the objectives the owner owns "
    "itself; team: of every objective owned by it or anyone below it, each once; exp: the expected score; "
    "objectives: own / team.\n"
    "The counts are the team's objectives by their own status. OKR scores measure goals, not people: "
    "keep them out of performance ratings."
)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def owners_text(graph: GoalGraph, results: Sequence[OwnerResult], as_of: datetime.date, *, colour: bool = False) -> str:
    """The owner scorecards, one block per cycle, each owner indented under the owner it reports to.

    Every block has the same columns, so that the blocks line up. With
    ``colour``, the worst status is coloured as the score table colours
    statuses (ANSI escapes, for a terminal).
    """
    by_cycle: dict[str, dict[str, OwnerResult]] = {}
    for result in results:
        by_cycle.setdefault(result.cycle, {})[result.owner] = result
    header = ("owner", "name", "level", "own", "own exp", "team", "team exp", "objectives", "worst", *map(str, COUNTED))
    # One table for all the cycles, each block led by its heading: measured together, shown apart.
    rows: list[tuple[str, ...]] = []
    headings: dict[int, str] = {}
    colours: dict[tuple[int, int], str] = {}
    for cycle_id, cycle in graph.cycles.items():
        found = by_cycle.get(cycle_id)
        if not found:
            continue
        name = f": {cycle.name}" if cycle.name else ""
        headings[len(rows)] = inert(f"{cycle_id}{name} ({cycle.start.isoformat()} to {cycle.end.isoformat()})")
        rows.append(header)
        for depth, owner in _down_the_chart(graph, found):
            result = found[owner]
            known = graph.owners[owner]
            worst = result.worst_status
            code = status_colour(worst) if colour and worst is not None else None
            if code is not None:
                colours[len(rows), _WORST] = code
            rows.append(
                (
                    "  " * depth + inert(owner),
                    _clip(inert(known.name or "")),
                    inert(known.level),
                    _percent(result.score),
                    _percent(result.expected),
                    _percent(result.team_score),
                    _percent(result.team_expected),
                    f"{result.objectives} / {result.team_objectives}",
                    "-" if worst is None else str(worst),
                    *(str(result.status_counts[status]) for status in COUNTED),
                )
            )
    lines = [f"Owner scorecards as of {as_of.isoformat()}"]
    if rows:
        right = [i for i in range(3, len(header)) if i != _WORST]
        for at, line in enumerate(_aligned(rows, right=right, colours=colours)):
            if at in headings:
                lines += ["", headings[at]]
            lines.append(line)
    else:
        lines += ["", "No owner owns an objective yet."]
    lines += ["", OWNERS_LEGEND]
    return "\n".join(lines) + "\n"


def _down_the_chart(graph: GoalGraph, shown: Mapping[str, OwnerResult]) -> Iterator[tuple[int, str]]:
    """The owners in ``shown``, depth-first down the org chart, each after the owner it reports to."""
    owners = graph.owners
    below: dict[str | None, list[str]] = {}
    for owner in owners:  # graph order, so siblings keep it
        if owner in shown:
            parent = owners[owner].parent
            below.setdefault(parent if parent in shown else None, []).append(owner)
    # An owner with a scorecard has one for its parent too (its objectives count there): the roots are the tops.
    stack = [(0, owner) for owner in reversed(below.get(None, []))]
    while stack:  # a loop, not a recursion: an org chart may be thousands deep
        depth, owner = stack.pop()
        yield depth, owner
        stack.extend((depth + 1, child) for child in reversed(below.get(owner, [])))


def _clip(text: str) -> str:
    return text if len(text) <= NAME_WIDTH else text[: NAME_WIDTH - 3] + "..."


def _aligned(
    rows: Sequence[Sequence[str]], *, right: Sequence[int] = (), colours: Mapping[tuple[int, int], str] | None = None
) -> list[str]:
    """Rows of cells as lines of columns two spaces apart; the columns in ``right`` aligned right.

    ``colours`` paints cells, by (row, column), once they are padded: widths
    count what is shown.
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    flush, colours = set(right), colours or {}
    lines = []
    for r, row in enumerate(rows):
        cells = [cell.rjust(widths[i]) if i in flush else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        cells = [paint(cell, colours.get((r, i))) for i, cell in enumerate(cells)]
        lines.append("  ".join(cells).rstrip())
    return lines


def owners_json(results: Sequence[OwnerResult], as_of: datetime.date) -> str:
    """The owner scorecards as JSON with sorted keys."""
    data = {"as_of": as_of.isoformat(), "owners": [result.to_dict() for result in results]}
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def changes_text(changes: Sequence[Change], before: str, after: str) -> str:
    """The changes, largest first, one line each: id, kind, scores, delta and statuses.

    ``before`` and ``after`` say what was compared (a date, or a file and a date).
    """
    lines = [f"Changes from {inert(before)} to {inert(after)}: {len(changes)} node{'' if len(changes) == 1 else 's'}"]
    if changes:
        rows = [("id", "kind", "before", "after", "delta", "status")]
        for change in changes:
            delta = "" if change.delta is None else f"{change.delta * 100:+.0f}"
            rows.append(
                (
                    inert(change.id),
                    str(change.kind),
                    _percent(change.before) if change.before_status is not None else "(new)",
                    _percent(change.after) if change.after_status is not None else "(gone)",
                    delta,
                    _statuses(change),
                )
            )
        lines += ["", *_aligned(rows, right=(2, 3, 4))]
        lines += ["", "delta: the change of the score in points; a KPI's status is its health."]
    return "\n".join(lines) + "\n"


def _statuses(change: Change) -> str:
    before, after = change.before_status, change.after_status
    if before == after:
        return str(after)
    return f"{'-' if before is None else before} -> {'-' if after is None else after}"


def changes_json(changes: Sequence[Change], before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """The changes as JSON with sorted keys, with what was compared (``before`` and ``after``: plain data)."""
    data = {"from": dict(before), "to": dict(after), "changes": [change.to_dict() for change in changes]}
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def rows_text(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """A table of plain values (such as :func:`~goalgraph.edge_table` gives) as aligned text, numbers on the right."""
    cells = [tuple(columns)]
    numeric: set[int] = set()
    for row in rows:
        line = []
        for i, column in enumerate(columns):
            value = row.get(column)
            if isinstance(value, float):
                numeric.add(i)
                line.append(f"{value:.4g}")
            else:
                line.append("-" if value is None else inert(str(value)))
        cells.append(tuple(line))
    return "\n".join(_aligned(cells, right=sorted(numeric))) + "\n"

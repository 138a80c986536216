"""A graph to the flat format, with the default column names, so that a round trip keeps what the format holds."""

from __future__ import annotations

import decimal
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from goalgraph._graph.graph import GoalGraph
from goalgraph._spreadsheet.format import (
    FIELDS,
    TEXT_FIELDS,
    guarded,
)

# A cell with these is quoted; csv.writer leaves a lone \r bare when lines end in \n.
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def goals_csv(graph: GoalGraph) -> str:
    r"""Write the graph's objectives and key results as a one-row-per-goal CSV.

    Each objective is followed by its key results, in the graph's order,
    under the default column names (goalgraph's field names), so that
    :func:`read_goals_csv` with the default mapping reads the text back.
    Each key result's latest check-in is its ``current`` value, with its
    date (a cumulative key result's increments of the cycle, added up, as
    one increment on that date). Text cells that a spreadsheet would run as a formula are guarded
    with a leading ``'``, which the import removes again. KPIs are not
    written (they have their own table); the docs page "Spreadsheets" lists
    everything else the format cannot hold.

    Parameters
    ----------
    graph : GoalGraph

    Returns
    -------
    str
        CSV text with ``\n`` line endings; the same graph always gives the
        same text.

    Raises
    ------
    ValueError
        When an objective's parent id holds the separator ``;``, so that the
        parent cell could not be read back.

    Examples
    --------
    >>> import io, goalgraph
    >>> text = goalgraph.goals_csv(goalgraph.load_example())
    >>> print(text.splitlines()[0])
    id,type,parent,title,owner,level,period,period_start,period_end,kind,metric,start,target,unit,current,date,...
    >>> print(text.splitlines()[4])
    acme-q3-1-kr3,key_result,acme-q3-1,Raise NPS from 36 to 42,customer-success,department,,,,,,36,42,points,39,...
    >>> again = goalgraph.read_goals_csv(io.StringIO(text))
    >>> list(again.key_results) == list(goalgraph.load_example().key_results)
    True
    """
    document = graph.to_dict()
    owners = {owner["id"]: owner["level"] for owner in document.get("owners", [])}
    cycles = {cycle["id"]: cycle for cycle in document.get("cycles", [])}
    kpis = {kpi["id"]: kpi for kpi in document.get("kpis", [])}
    lines = [_line(FIELDS)]
    for objective in document.get("objectives", []):
        cycle = cycles[objective["cycle"]]
        links: list[dict[str, Any]] = [
            {"id": link} if isinstance(link, str) else link for link in objective.get("aligns_to", [])
        ]
        for link in links:
            if ";" in link["id"]:
                raise ValueError(
                    f"objective {objective['id']!r} aligns to {link['id']!r}, which holds the separator ';'"
                )
        row: dict[str, Any] = {
            "id": objective["id"],
            "type": "objective",
            "parent": ";".join(link["id"] for link in links),
            "title": objective["title"],
            "owner": objective["owner"],
            "level": owners[objective["owner"]],
            "period": cycle["id"],
            "period_start": cycle["start"],
            "period_end": cycle["end"],
            "kind": objective.get("kind", "aspirational"),
            "rollup": objective.get("rollup"),
            "score_override": objective.get("score_override"),
            "grade": objective.get("grade"),
            "description": objective.get("description"),
        }
        if any(link.get("weight", 1) != 1 for link in links):
            row["weight"] = ";".join(_number_text(link.get("weight", 1)) for link in links)
        if any(link.get("contributes") is False for link in links):
            row["contributes"] = ";".join(str(link.get("contributes", True)).lower() for link in links)
        lines.append(_line(_cells(row)))
        lines.extend(
            _line(_cells(_key_result_row(objective["id"], kr, owners, kpis, cycle["start"])))
            for kr in objective.get("key_results", [])
        )
    return "".join(lines)


def _key_result_row(
    objective: str, kr: Mapping[str, Any], owners: Mapping[str, str], kpis: Mapping[str, Any], since: str
) -> dict[str, Any]:
    metric = dict(kr["metric"])
    # A KPI-reading key result is written with the KPI's latest measurement:
    # the file holds no KPIs for the link to point to.
    kpi = metric.pop("kpi", None)
    history = kpis[kpi].get("measurements", []) if kpi is not None else kr.get("checkins", [])
    latest: Mapping[str, Any] | None = None
    for checkin in history:
        if latest is None or checkin["date"] >= latest["date"]:  # ISO dates sort as text
            latest = checkin
    row: dict[str, Any] = {
        "id": kr["id"],
        "type": "key_result",
        "parent": objective,
        "title": kr["title"],
        "owner": kr.get("owner"),
        "level": owners[kr["owner"]] if "owner" in kr else None,
        "score_override": kr.get("score_override"),
    }
    if kr.get("weight", 1) != 1:
        row["weight"] = _number_text(kr["weight"])
    if metric["type"] == "linear" and metric.keys() <= {"type", "start", "target", "unit"}:
        row.update(start=_number_text(metric["start"]), target=_number_text(metric["target"]), unit=metric.get("unit"))
    elif metric["type"] == "milestone":
        row.update(metric="milestone", unit=metric.get("unit"))
    else:
        row["metric"] = json.dumps(metric, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if latest is not None:
        value = latest["value"]
        if metric.get("accumulate"):
            # One row holds one check-in: the increments of the cycle, added up, as one increment on the
            # latest date, so that the row reads back to the same current value.
            value = math.fsum(checkin["value"] for checkin in history if checkin["date"] >= since)
        row["current"] = str(value).lower() if isinstance(value, bool) else _number_text(value)
        row["date"] = latest["date"]
    return row


def _cells(row: Mapping[str, Any]) -> list[str]:
    cells = []
    for field in FIELDS:
        value = row.get(field)
        text = "" if value is None else value if isinstance(value, str) else _number_text(value)
        if field in TEXT_FIELDS:
            text = guarded(text)
        cells.append(text)
    return cells


def _line(cells: Iterable[str]) -> str:
    # csv.writer leaves a lone carriage return unquoted when lines end in
    # "\n", and readers then split the row there; so quote by hand.
    return ",".join(_quoted(cell) if _NEEDS_QUOTES.search(cell) else cell for cell in cells) + "\n"


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def _number_text(value: float) -> str:
    """A number in plain decimal notation (``1e-05`` as ``0.00001``), floats keeping their point."""
    if isinstance(value, int):
        return str(value)
    text = format(decimal.Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"

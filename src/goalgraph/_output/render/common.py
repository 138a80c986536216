"""What every picture shows: the canonical order of nodes and links, each node's label and colour.

Every format draws the same thing: objectives, key results and KPIs as
nodes, each with its id, title and score (a KPI with its value and health),
coloured by grade band (a KPI by health, grey when there is nothing to
show), and the links from each contributor up to what it serves. Output
does not depend on the order in which the document lists its entities or
links: every list is put in one canonical order (:func:`order_key`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import NodeKind
from goalgraph._scoring.results import NodeResult, Provenance

# Fill and line colours by colour name: light fills keep black text readable.
COLOURS = {
    "green": ("#d4edda", "#2e7d32"),
    "yellow": ("#fff3cd", "#a67c00"),
    "red": ("#f8d7da", "#c62828"),
    "grey": ("#eeeeee", "#757575"),
}
# A KPI's health, in the same colours as the grade bands.
HEALTH_COLOUR = {"green": "green", "amber": "yellow", "red": "red"}
KIND_NAME = {NodeKind.OBJECTIVE: "Objective", NodeKind.KEY_RESULT: "Key result", NodeKind.KPI: "KPI"}
# Control characters and lone surrogates cannot be shown (nor encoded, for
# surrogates): a tab becomes a space, the others U+FFFD.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def picture_lines(text: str) -> list[str]:
    """The text as a picture shows it: one item per line, unprintable characters replaced."""
    return [_UNPRINTABLE.sub(_printable, line) for line in text.splitlines()] or [""]


def _printable(match: re.Match[str]) -> str:
    return " " if match.group() == "\t" else "\ufffd"


def title_of(graph: GoalGraph, node: str) -> str:
    if node in graph.objectives:
        return graph.objectives[node].title
    if node in graph.kpis:
        return graph.kpis[node].name
    return graph.key_results[node].title


def pct(value: float) -> str:
    return f"{round(value * 100)}%"


def words(status: object) -> str:
    return str(status).replace("_", " ")


def standing(graph: GoalGraph, result: NodeResult) -> str:
    """The last line of a node's label: score and status, or a KPI's value and health."""
    if result.kind == NodeKind.KPI:
        return f"{kpi_value(graph, result)} · health {result.health}" + (" · stale" if result.stale else "")
    if result.score is None:
        return f"no score · {words(result.status)}"
    manual = " (manual)" if result.provenance == Provenance.MANUAL else ""
    return f"{pct(result.score)}{manual} · {words(result.status)}"


def kpi_value(graph: GoalGraph, result: NodeResult) -> str:
    unit = graph.kpis[result.id].unit
    return shown_value(result.value) + (f" {unit}" if unit and result.value is not None else "")


def shown_value(value: float | bool | None) -> str:
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return "done" if value else "not done"
    return f"{value:,.0f}" if abs(value) >= 1000 or float(value).is_integer() else f"{value:.4g}"


def node_label(graph: GoalGraph, result: NodeResult) -> list[str]:
    prefix = "KPI " if result.kind == NodeKind.KPI else ""
    return [*picture_lines(prefix + result.id), *picture_lines(title_of(graph, result.id)), standing(graph, result)]


def score_attribute(result: NodeResult) -> str:
    """A node's score for a ``data-score`` attribute: its exact ``repr``, or empty when it has none."""
    return "" if result.score is None else repr(result.score)


def node_colour(result: NodeResult) -> str:
    if result.kind == NodeKind.KPI:
        return HEALTH_COLOUR.get(str(result.health), "grey")
    return "grey" if result.grade_band is None else str(result.grade_band)


def order_key(id: str) -> tuple[tuple[str | tuple[int, str], ...], str]:
    """The canonical sort key of an id: runs of digits compare as numbers (``KR2`` before ``KR10``).

    A run compares by its number of digits without leading zeros, then
    digit by digit: the order of the numbers, for runs of any length
    (``int()`` refuses more than 4,300 digits). The id itself breaks ties
    (``KR01`` and ``KR1``), so the order is total.

    Examples
    --------
    >>> sorted(["KR10", "KR2", "KR01", "KR1", "KR" + "9" * 5000], key=order_key)[:4]
    ['KR01', 'KR1', 'KR2', 'KR10']
    """
    parts = _DIGITS.split(id)
    return tuple(_number_key(part) if index % 2 else part for index, part in enumerate(parts)), id


def _number_key(digits: str) -> tuple[int, str]:
    # \d matches the decimal digits of every script, as int() reads them: compare their values, in ASCII.
    if not digits.isascii():
        digits = "".join(str(unicodedata.decimal(digit)) for digit in digits)
    significant = digits.lstrip("0")
    return len(significant), significant


_DIGITS = re.compile(r"(\d+)")


def ordered_nodes(graph: GoalGraph) -> list[str]:
    """Every node in canonical order: objectives, each followed by its key results, then KPIs."""
    nodes: list[str] = []
    for objective in sorted(graph.objectives, key=order_key):
        nodes.append(objective)
        nodes += sorted((kr.id for kr in graph.key_results_of(objective)), key=order_key)
    nodes += sorted(graph.kpis, key=order_key)
    return nodes


def ordered_links(graph: GoalGraph, nodes: list[str]) -> Iterator[tuple[str, str, str]]:
    """Every ``(child, parent, link)``, in the order of ``nodes``.

    ``link`` is ``contributes``, ``supports`` or ``informs`` (from a KPI).
    """
    position = {node: index for index, node in enumerate(nodes)}
    edges: list[tuple[str, str, object]] = sorted(
        graph.nx.edges(data="kind"), key=lambda edge: (position[edge[0]], position[edge[1]])
    )
    for child, parent, kind in edges:
        yield child, parent, "informs" if child in graph.kpis else str(kind)


def organisation(graph: GoalGraph) -> str:
    tops = sorted((owner for owner in graph.owners.values() if owner.parent is None), key=lambda o: order_key(o.id))
    return ", ".join(owner.name or owner.id for owner in tops) or "goalgraph"

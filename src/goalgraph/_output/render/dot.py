"""The Graphviz ``digraph``, keyed by the real ids, with every string quoted and escaped."""

from __future__ import annotations

from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import NodeKind
from goalgraph._output.render.common import (
    COLOURS,
    node_colour,
    node_label,
    ordered_links,
    ordered_nodes,
    organisation,
    picture_lines,
)
from goalgraph._scoring.results import Scorecard

_DOT_SHAPE = {NodeKind.OBJECTIVE: "box", NodeKind.KEY_RESULT: "box", NodeKind.KPI: "hexagon"}
_DOT_STYLE = {NodeKind.OBJECTIVE: "filled", NodeKind.KEY_RESULT: '"rounded,filled"', NodeKind.KPI: "filled"}
_DOT_LINK = {
    "contributes": "",
    "supports": ' [style=dashed, label="supports"]',
    "informs": ' [style=dotted, label="informs"]',
}


def dot(graph: GoalGraph, card: Scorecard) -> str:
    title = f"{organisation(graph)}: scores as of {card.as_of.isoformat()}"
    lines = [
        "digraph goalgraph {",
        f"    graph [rankdir=BT, labelloc=t, fontname=Helvetica, label={_dot_label(picture_lines(title))}];",
        "    node [fontname=Helvetica, fontcolor=black];",
        '    edge [color="#555555", fontname=Helvetica, fontsize=10];',
    ]
    nodes = ordered_nodes(graph)
    for node in nodes:
        result = card[node]
        fill, stroke = COLOURS[node_colour(result)]
        lines.append(
            f"    {_dot_id(node)} [label={_dot_label(node_label(graph, result))}, shape={_DOT_SHAPE[result.kind]}, "
            f'style={_DOT_STYLE[result.kind]}, fillcolor="{fill}", color="{stroke}"];'
        )
    lines += [
        f"    {_dot_id(child)} -> {_dot_id(parent)}{_DOT_LINK[link]};"
        for child, parent, link in ordered_links(graph, nodes)
    ]
    return "\n".join([*lines, "}"]) + "\n"


def _dot_id(text: str) -> str:
    # Only \" is an escape in a DOT string; the rest just has to be one-to-one and never end in a lone backslash.
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _dot_label(lines: list[str]) -> str:
    # Graphviz reads a label twice: as a DOT string (\\ and \") and as an escString, where \n breaks the
    # line, \N, \G... name the node or graph, \\ is a backslash and &...; is an HTML entity. Every backslash
    # of the text is doubled, so none starts an escape (a title's \N shows those two characters), and a
    # literal & is written &amp;.
    return _dot_id("\n".join(lines).replace("&", "&amp;"))

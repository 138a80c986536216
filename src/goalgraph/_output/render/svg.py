"""The alignment graph as an SVG picture, drawn by the layered layout of ``_diagram``."""

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
    score_attribute,
)
from goalgraph._output.render.diagram import Arrow, Box, Line, Shape, svg
from goalgraph._scoring.results import Scorecard

_SHAPE: dict[str, Shape] = {NodeKind.OBJECTIVE: "rect", NodeKind.KEY_RESULT: "rounded", NodeKind.KPI: "hexagon"}
_LINE: dict[str, Line] = {"contributes": "solid", "supports": "dashed", "informs": "dotted"}


def picture(graph: GoalGraph, card: Scorecard) -> str:
    """Objectives on top, what serves them below; boxes coloured and shaped as in the other formats."""
    nodes = ordered_nodes(graph)
    boxes = []
    for node in nodes:
        result = card[node]
        fill, stroke = COLOURS[node_colour(result)]
        lines = tuple(node_label(graph, result))
        boxes.append(
            Box(
                id=node,
                lines=lines,
                fill=fill,
                stroke=stroke,
                shape=_SHAPE[result.kind],
                data=(("node-id", node), ("kind", str(result.kind)), ("score", score_attribute(result))),
            )
        )
    arrows = [
        Arrow(child, parent, _LINE[link], "" if link == "contributes" else link)
        for child, parent, link in ordered_links(graph, nodes)
    ]
    caption = f"{organisation(graph)}: scores as of {card.as_of.isoformat()}"
    return svg(boxes, arrows, title=f"Alignment graph of {caption}", caption=caption)

"""The Mermaid ``flowchart``: generated ids, entity-escaped labels, one class per colour."""

from __future__ import annotations

import re

from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import NodeKind
from goalgraph._output.render.common import COLOURS, node_colour, node_label, ordered_links, ordered_nodes
from goalgraph._scoring.results import Scorecard

# Mermaid reads these inside a quoted label (or its HTML rendering does): write them as entity codes. A
# % next to another too: Mermaid finds %% directives anywhere in the text, even inside a label, and one
# (%%{init: {'themeCSS': ...}}%%) restyles the whole picture; a lone % (a score's "79%") is plain text.
_MERMAID_SPECIAL = re.compile(r"[\"#;<>&`\\]|%(?=%)|(?<=%)%")

_MERMAID_SHAPE = {NodeKind.OBJECTIVE: ('["', '"]'), NodeKind.KEY_RESULT: ('("', '")'), NodeKind.KPI: ('{{"', '"}}')}
_MERMAID_LINK = {"contributes": "-->", "supports": "-.->|supports|", "informs": "-.-|informs|"}


def mermaid(graph: GoalGraph, card: Scorecard) -> str:
    nodes = ordered_nodes(graph)
    ids = {node: f"n{index}" for index, node in enumerate(nodes)}
    lines = ["flowchart BT", f"    accTitle: Alignment graph, scores as of {card.as_of.isoformat()}"]
    lines.append("    %% generated ids n0, n1... in the order shown; the real id opens each label")
    classes: dict[str, list[str]] = {}
    for node, safe in ids.items():
        result = card[node]
        opening, closing = _MERMAID_SHAPE[result.kind]
        label = "<br/>".join(map(_mermaid_text, node_label(graph, result)))
        lines.append(f"    {safe}{opening}{label}{closing}")
        classes.setdefault(node_colour(result), []).append(safe)
    lines += [
        f"    {ids[child]} {_MERMAID_LINK[link]} {ids[parent]}" for child, parent, link in ordered_links(graph, nodes)
    ]
    for name, (fill, stroke) in COLOURS.items():
        if name in classes:
            lines.append(f"    classDef {name} fill:{fill},stroke:{stroke},color:#000000")
            lines.append(f"    class {','.join(classes[name])} {name}")
    return "\n".join(lines) + "\n"


def _mermaid_text(line: str) -> str:
    # Mermaid turns a backslash and an n into a line break even when the backslash is an entity code, so
    # an invisible word joiner (U+2060) keeps them apart.
    return _MERMAID_SPECIAL.sub(_entity, line.replace("\\n", "\\\u2060n"))


def _entity(match: re.Match[str]) -> str:
    return f"#{ord(match.group())};"

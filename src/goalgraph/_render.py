"""Pictures of the alignment graph: Mermaid, Graphviz DOT and one self-contained HTML page.

Every format shows the same thing: objectives, key results and KPIs as
nodes, each with its id, title and score (a KPI with its value and health),
coloured by grade band (a KPI by health, grey when there is nothing to
show), and the links from each contributor up to what it serves. Text from
the document is escaped for the target language, so a title can hold any
character. Output is deterministic and does not depend on the order in
which the document lists its entities or links: every list is put in one
canonical order (:func:`_order`). The graph is walked with explicit stacks,
never by recursion, so any depth renders.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterator
from typing import Literal

from goalgraph._checks import CheckConfig, check
from goalgraph._findings import Finding, Severity
from goalgraph._graph import GoalGraph
from goalgraph._model import NodeKind
from goalgraph._policy import Policy
from goalgraph._registry import Registry
from goalgraph._scoring import NodeResult, Provenance, Scorecard, score

__all__ = ["RenderFormat", "render"]

RenderFormat = Literal["mermaid", "dot", "html"]

# Fill and line colours by colour name: light fills keep black text readable.
_COLOURS = {
    "green": ("#d4edda", "#2e7d32"),
    "yellow": ("#fff3cd", "#a67c00"),
    "red": ("#f8d7da", "#c62828"),
    "grey": ("#eeeeee", "#757575"),
}
# A KPI's health, in the same colours as the grade bands.
_HEALTH_COLOUR = {"green": "green", "amber": "yellow", "red": "red"}
_KIND_NAME = {NodeKind.OBJECTIVE: "Objective", NodeKind.KEY_RESULT: "Key result", NodeKind.KPI: "KPI"}
# Control characters and lone surrogates cannot be shown (nor encoded, for
# surrogates): a tab becomes a space, the others U+FFFD.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Mermaid reads these inside a quoted label (or its HTML rendering does): write them as entity codes.
_MERMAID_SPECIAL = re.compile(r"[\"#;<>&`\\]")


def render(
    graph: GoalGraph,
    format: RenderFormat = "mermaid",
    *,
    as_of: datetime.date | str | None = None,
    policy: Policy | None = None,
    config: CheckConfig | None = None,
    registry: Registry | None = None,
) -> str:
    """Draw the alignment graph as Mermaid, Graphviz DOT or one self-contained HTML page.

    Objectives and key results are nodes showing their id, title, score
    (as a percentage) and status, coloured by grade band (grey when
    unscored); KPIs are hexagons showing their value and health, coloured
    by health. Links point from a contributor to what it serves: solid when
    it contributes to the rollup, dashed (``supports``) when it only
    supports, dotted (``informs``) from a KPI.

    Parameters
    ----------
    graph : GoalGraph
    format : {"mermaid", "dot", "html"}
        ``mermaid``: a ``flowchart`` for Markdown hosts; nodes get generated
        ids ``n0``, ``n1``... in the order of the picture and show the real
        id in their label. ``dot``: a Graphviz ``digraph`` keyed by the real ids.
        ``html``: one page with no external resources and no script: a
        header, the tree of objectives with nested key results and KPIs,
        each with a progress bar, and the findings of :func:`check`.
    as_of : datetime.date or str, optional
        The scoring date (default: today).
    policy : Policy, optional
        Passed to :func:`score`; its grade bands pick the colours.
    config : CheckConfig, optional
        Passed to :func:`check` for the HTML page's findings.
    registry : Registry, optional
        Passed to :func:`score` and :func:`check`.

    Returns
    -------
    str
        The text of the picture: the same graph and arguments give the same
        text, byte for byte, whatever order the document lists things in.

    Notes
    -----
    The order is canonical, not the document's: objectives by id, each
    followed by its key results by id, then KPIs by id; links by their
    contributor, then by what they serve. Ids compare with their runs of
    digits as numbers, so ``KR2`` comes before ``KR10``. In the HTML tree,
    cycles come by start date, top-level objectives by id, and under each
    node its key results, then the objectives aligned to it, then KPIs,
    each group by id.

    Raises
    ------
    ValueError
        When ``format`` is not one of the three.

    Examples
    --------
    >>> import goalgraph
    >>> g = goalgraph.load_example()
    >>> print(goalgraph.render(g, "mermaid", as_of="2026-11-16").splitlines()[3])
        n0["acme-q3-1<br/>Become the analytics platform mid-market SaaS teams choose first<br/>79% · on track"]
    >>> dot = goalgraph.render(g, "dot", as_of="2026-11-16")
    >>> dot.splitlines()[0], '"acme-q3-1-kr1" -> "acme-q3-1";' in dot
    ('digraph goalgraph {', True)
    >>> page = goalgraph.render(g, "html", as_of="2026-11-16")
    >>> page.startswith("<!DOCTYPE html>"), 'data-node-id="acme-q3-1"' in page
    (True, True)
    """
    if format not in ("mermaid", "dot", "html"):
        raise ValueError(f"format must be 'mermaid', 'dot' or 'html', got {format!r}")
    card = score(graph, as_of=as_of, policy=policy, registry=registry)
    if format == "mermaid":
        return _mermaid(graph, card)
    if format == "dot":
        return _dot(graph, card)
    findings = check(graph, as_of=card.as_of, config=config, registry=registry)
    return _html(graph, card, findings, policy or Policy())


# What every picture shows -------------------------------------------------


def _lines(text: str) -> list[str]:
    """The text as a picture shows it: one item per line, unprintable characters replaced."""
    return [_UNPRINTABLE.sub(_printable, line) for line in text.splitlines()] or [""]


def _printable(match: re.Match[str]) -> str:
    return " " if match.group() == "\t" else "\ufffd"


def _title(graph: GoalGraph, node: str) -> str:
    if node in graph.objectives:
        return graph.objectives[node].title
    if node in graph.kpis:
        return graph.kpis[node].name
    return graph.key_results[node].title


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def _words(status: object) -> str:
    return str(status).replace("_", " ")


def _standing(graph: GoalGraph, result: NodeResult) -> str:
    """The last line of a node's label: score and status, or a KPI's value and health."""
    if result.kind == NodeKind.KPI:
        return f"{_kpi_value(graph, result)} · health {result.health}" + (" · stale" if result.stale else "")
    if result.score is None:
        return f"no score · {_words(result.status)}"
    manual = " (manual)" if result.provenance == Provenance.MANUAL else ""
    return f"{_pct(result.score)}{manual} · {_words(result.status)}"


def _kpi_value(graph: GoalGraph, result: NodeResult) -> str:
    unit = graph.kpis[result.id].unit
    return _value(result.value) + (f" {unit}" if unit and result.value is not None else "")


def _value(value: float | bool | None) -> str:
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return "done" if value else "not done"
    return f"{value:,.0f}" if abs(value) >= 1000 or float(value).is_integer() else f"{value:.4g}"


def _label(graph: GoalGraph, result: NodeResult) -> list[str]:
    prefix = "KPI " if result.kind == NodeKind.KPI else ""
    return [*_lines(prefix + result.id), *_lines(_title(graph, result.id)), _standing(graph, result)]


def _colour(result: NodeResult) -> str:
    if result.kind == NodeKind.KPI:
        return _HEALTH_COLOUR.get(str(result.health), "grey")
    return "grey" if result.grade_band is None else str(result.grade_band)


def _order(id: str) -> tuple[tuple[str | int, ...], str]:
    """The canonical sort key of an id: runs of digits compare as numbers (``KR2`` before ``KR10``).

    The id itself breaks ties (``KR01`` and ``KR1``), so the order is total.
    """
    parts = _DIGITS.split(id)
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts)), id


_DIGITS = re.compile(r"(\d+)")


def _nodes(graph: GoalGraph) -> list[str]:
    """Every node in canonical order: objectives, each followed by its key results, then KPIs."""
    nodes: list[str] = []
    for objective in sorted(graph.objectives, key=_order):
        nodes.append(objective)
        nodes += sorted((kr.id for kr in graph.key_results_of(objective)), key=_order)
    nodes += sorted(graph.kpis, key=_order)
    return nodes


def _links(graph: GoalGraph, nodes: list[str]) -> Iterator[tuple[str, str, str]]:
    """Every ``(child, parent, link)``, in the order of ``nodes``.

    ``link`` is ``contributes``, ``supports`` or ``informs`` (from a KPI).
    """
    position = {node: index for index, node in enumerate(nodes)}
    edges: list[tuple[str, str, object]] = sorted(
        graph.nx.edges(data="kind"), key=lambda edge: (position[edge[0]], position[edge[1]])
    )
    for child, parent, kind in edges:
        yield child, parent, "informs" if child in graph.kpis else str(kind)


def _organisation(graph: GoalGraph) -> str:
    tops = sorted((owner for owner in graph.owners.values() if owner.parent is None), key=lambda o: _order(o.id))
    return ", ".join(owner.name or owner.id for owner in tops) or "goalgraph"


# Mermaid -------------------------------------------------------------------

_MERMAID_SHAPE = {NodeKind.OBJECTIVE: ('["', '"]'), NodeKind.KEY_RESULT: ('("', '")'), NodeKind.KPI: ('{{"', '"}}')}
_MERMAID_LINK = {"contributes": "-->", "supports": "-.->|supports|", "informs": "-.-|informs|"}


def _mermaid(graph: GoalGraph, card: Scorecard) -> str:
    nodes = _nodes(graph)
    ids = {node: f"n{index}" for index, node in enumerate(nodes)}
    lines = ["flowchart BT", f"    accTitle: Alignment graph, scores as of {card.as_of.isoformat()}"]
    lines.append("    %% generated ids n0, n1... in the order shown; the real id opens each label")
    classes: dict[str, list[str]] = {}
    for node, safe in ids.items():
        result = card[node]
        opening, closing = _MERMAID_SHAPE[result.kind]
        label = "<br/>".join(map(_mermaid_text, _label(graph, result)))
        lines.append(f"    {safe}{opening}{label}{closing}")
        classes.setdefault(_colour(result), []).append(safe)
    lines += [f"    {ids[child]} {_MERMAID_LINK[link]} {ids[parent]}" for child, parent, link in _links(graph, nodes)]
    for name, (fill, stroke) in _COLOURS.items():
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


# Graphviz DOT --------------------------------------------------------------

_DOT_SHAPE = {NodeKind.OBJECTIVE: "box", NodeKind.KEY_RESULT: "box", NodeKind.KPI: "hexagon"}
_DOT_STYLE = {NodeKind.OBJECTIVE: "filled", NodeKind.KEY_RESULT: '"rounded,filled"', NodeKind.KPI: "filled"}
_DOT_LINK = {
    "contributes": "",
    "supports": ' [style=dashed, label="supports"]',
    "informs": ' [style=dotted, label="informs"]',
}


def _dot(graph: GoalGraph, card: Scorecard) -> str:
    title = f"{_organisation(graph)}: scores as of {card.as_of.isoformat()}"
    lines = [
        "digraph goalgraph {",
        f"    graph [rankdir=BT, labelloc=t, fontname=Helvetica, label={_dot_label(_lines(title))}];",
        "    node [fontname=Helvetica, fontcolor=black];",
        '    edge [color="#555555", fontname=Helvetica, fontsize=10];',
    ]
    nodes = _nodes(graph)
    for node in nodes:
        result = card[node]
        fill, stroke = _COLOURS[_colour(result)]
        lines.append(
            f"    {_dot_id(node)} [label={_dot_label(_label(graph, result))}, shape={_DOT_SHAPE[result.kind]}, "
            f'style={_DOT_STYLE[result.kind]}, fillcolor="{fill}", color="{stroke}"];'
        )
    lines += [
        f"    {_dot_id(child)} -> {_dot_id(parent)}{_DOT_LINK[link]};" for child, parent, link in _links(graph, nodes)
    ]
    return "\n".join([*lines, "}"]) + "\n"


def _dot_id(text: str) -> str:
    # Only \" is an escape in a DOT string; the rest just has to be one-to-one and never end in a lone backslash.
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _dot_label(lines: list[str]) -> str:
    # Graphviz reads a label twice: as a DOT string (\\ and \") and as an escString, where \n breaks the
    # line, \\ is a backslash and &...; is an HTML entity; so a literal & is written &amp;.
    return _dot_id("\n".join(lines).replace("&", "&amp;"))


# HTML ----------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; --green: #2e7d32; --yellow: #a67c00; --red: #c62828; --grey: #757575; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
  background: #fafafa; }
header, main { max-width: 80rem; margin: 0 auto; padding: 0.75rem 1.25rem; }
header { border-bottom: 1px solid #ddd; }
h1 { font-size: 1.5rem; margin: 0.25rem 0; }
h2 { font-size: 1.2rem; margin: 1.25rem 0 0.5rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.meta, .legend { margin: 0.25rem 0; color: #444; }
.scroll { overflow-x: auto; }
ul.tree, ul.tree ul, ul.findings { list-style: none; margin: 0; padding: 0; }
ul.tree ul { margin-left: 0.6rem; padding-left: 0.9rem; border-left: 1px solid #ccc; }
summary { cursor: pointer; list-style: none; display: flex; align-items: center; }
summary::-webkit-details-marker { display: none; }
summary::before { content: "\\25BE"; flex: 0 0 1rem; color: #555; }
details:not([open]) > summary::before { content: "\\25B8"; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2rem 0.6rem; padding: 0.2rem 0.5rem;
  margin: 0.15rem 0; border-left: 0.4rem solid var(--grey); background: #fff; }
summary .row { flex: 1 1 auto; min-width: 0; }
div.row { margin-left: 1rem; }
/* Each node sets its own colour; nested nodes inherit the nearest, never an ancestor's. */
.node.green { --band: var(--green); } .node.yellow { --band: var(--yellow); }
.node.red { --band: var(--red); } .node.grey { --band: var(--grey); }
.node .row { border-left-color: var(--band); }
.kind { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.03em; color: #555; }
.id { font-family: ui-monospace, Consolas, monospace; font-size: 0.85rem; color: #333; overflow-wrap: anywhere; }
.title { flex: 1 1 18rem; min-width: 0; white-space: pre-line; overflow-wrap: anywhere; }
.bar { display: inline-block; width: 7rem; height: 0.7rem; background: #e6e6e6; border: 1px solid #bbb;
  border-radius: 0.2rem; overflow: hidden; }
.fill { display: block; height: 100%; background: var(--band); }
.pct { min-width: 3rem; text-align: right; font-weight: 600; font-variant-numeric: tabular-nums; }
.status, .band, .health, .link, .more { font-size: 0.85rem; }
.band, .health { padding: 0 0.35rem; border-radius: 0.2rem; color: #fff; background: var(--band); }
.more, .ref { color: #555; }
.link { font-style: italic; color: #555; }
.ref { margin: 0.15rem 0 0.15rem 1rem; padding: 0.2rem 0.5rem; }
ul.findings li { margin: 0.3rem 0; padding: 0.3rem 0.6rem; background: #fff; border-left: 0.4rem solid #999; }
.severity-error ul.findings li { border-left-color: var(--red); }
.severity-warning ul.findings li { border-left-color: var(--yellow); }
.hint { display: block; color: #444; font-size: 0.9rem; }
code { font-family: ui-monospace, Consolas, monospace; }
"""


def _html(graph: GoalGraph, card: Scorecard, findings: list[Finding], policy: Policy) -> str:
    organisation = _organisation(graph)
    day = card.as_of.isoformat()
    anchors = {node: f"node-{index}" for index, node in enumerate(_nodes(graph))}
    low, high = policy.grade_bands
    cycles = "; ".join(_cycle_heading(graph, cycle) for cycle in _cycles(graph))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Nothing on this page may load from anywhere or run: a hostile title stays text.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(organisation)}: goals as of {day}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_text(organisation)}</h1>",
        f'<p class="meta">Scores as of <time datetime="{day}">{day}</time>. Cycles: {_text(cycles) or "none"}. '
        f"{len(graph.objectives)} objectives, {len(graph.key_results)} key results, {len(graph.kpis)} KPIs.</p>",
        f'<p class="legend">Colour shows the grade band of a score: red below {_pct(low)}, yellow from {_pct(low)}, '
        f"green from {_pct(high)}; grey when there is no score. KPIs are coloured by health. Status compares the "
        "score with the score expected by now. Contributors are nested under what they roll up into; "
        "<em>supports</em> marks a link that is not rolled up.</p>",
        "</header>",
        "<main>",
        '<section aria-labelledby="tree-heading">',
        '<h2 id="tree-heading">Objectives and key results</h2>',
    ]
    out += _html_tree(graph, card, anchors)
    out += ["</section>"]
    out += _html_findings(findings, anchors)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _text(text: str) -> str:
    return html.escape("\n".join(_lines(text)), quote=True)


def _html_tree(graph: GoalGraph, card: Scorecard, anchors: dict[str, str]) -> list[str]:
    nx_graph = graph.nx
    roots: dict[str, list[str]] = {cycle: [] for cycle in _cycles(graph)}
    for node in sorted(graph.objectives, key=_order):
        if not any(nx_graph.succ[node]):
            roots[graph.objectives[node].cycle].append(node)
    loose = [kpi for kpi in sorted(graph.kpis, key=_order) if not any(nx_graph.succ[kpi])]
    groups = [(_cycle_heading(graph, cycle), nodes) for cycle, nodes in roots.items() if nodes]
    if loose:
        groups.append(("KPIs that inform no objective or key result", loose))
    out: list[str] = []
    shown: dict[str, str] = {}
    for heading, group in groups:
        out += [f"<h3>{_text(heading)}</h3>", '<div class="scroll">', '<ul class="tree">']
        # Depth-first with an explicit stack (graphs may be very deep); a str item is closing markup.
        stack: list[tuple[str, str | None, str] | str] = [(node, None, "") for node in reversed(group)]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
                continue
            node, parent, link = item
            if node in shown:
                out.append(
                    f'<li class="ref" data-ref-id="{_text(node)}">{_link_mark(link)}<a href="#{anchors[node]}">'
                    f'<span class="id">{_text(node)}</span></a> (shown under {_text(shown[node])})</li>'
                )
                continue
            shown[node] = parent or ""
            result = card[node]
            row = _html_row(graph, result, link)
            score_attr = "" if result.score is None else repr(result.score)
            out.append(
                f'<li id="{anchors[node]}" class="node {result.kind} {_colour(result)}" data-node-id="{_text(node)}" '
                f'data-kind="{result.kind}" data-score="{score_attr}">'
            )
            children = [(child, data["kind"]) for child, data in nx_graph.pred[node].items()]
            if not children:
                out.append(f'<div class="row">{row}</div></li>')
                continue
            # Key results, then aligned objectives, then KPIs (after the nodes they inform).
            children.sort(key=lambda pair: (_CHILD_RANK[graph.kind_of(pair[0])], _order(pair[0])))
            out.append(f'<details open><summary><span class="row">{row}</span></summary><ul>')
            stack.append("</ul></details></li>")
            for child, kind in reversed(children):
                stack.append((child, node, "informs" if child in graph.kpis else str(kind)))
        out += ["</ul>", "</div>"]
    return out


_CHILD_RANK = {"key_result": 0, "objective": 1, "kpi": 2}


def _cycles(graph: GoalGraph) -> list[str]:
    """The cycle ids by start date, then end date, then id."""
    return sorted(graph.cycles, key=lambda id: (graph.cycles[id].start, graph.cycles[id].end, _order(id)))


def _cycle_heading(graph: GoalGraph, cycle_id: str) -> str:
    cycle = graph.cycles[cycle_id]
    name = f": {cycle.name}" if cycle.name else ""
    return f"{cycle_id}{name} ({cycle.start.isoformat()} to {cycle.end.isoformat()})"


def _link_mark(link: str) -> str:
    return '<span class="link">supports</span> ' if link == "supports" else ""


def _html_row(graph: GoalGraph, result: NodeResult, link: str) -> str:
    head = (
        f'{_link_mark(link)}<span class="kind">{_KIND_NAME[result.kind]}</span> '
        f'<span class="id">{_text(result.id)}</span> <span class="title">{_text(_title(graph, result.id))}</span>'
    )
    if result.kind == NodeKind.KPI:
        stale = ' <span class="more">stale</span>' if result.stale else ""
        return (
            f'{head} <span class="value">{_text(_kpi_value(graph, result))}</span> '
            f'<span class="health">health {result.health}</span>{stale}'
        )
    if result.score is None:
        width, pct, now = "0%", "-", 'aria-valuetext="no score"'
    else:
        width, pct, now = (
            f"{result.score * 100:.2f}%",
            _pct(result.score),
            f'aria-valuenow="{round(result.score * 100)}"',
        )
    more = [f"expected {_pct(result.expected)}"] if result.expected is not None else []
    if result.forecast is not None and result.forecast.score is not None:
        more.append(f"forecast {_pct(result.forecast.score)}")
    if result.provenance == Provenance.MANUAL:
        more.append("manual score")
    band = "no score" if result.grade_band is None else str(result.grade_band)
    return (
        f'{head} <span class="bar" role="progressbar" aria-label="score" aria-valuemin="0" aria-valuemax="100" {now}>'
        f'<span class="fill" style="width: {width}"></span></span> <span class="pct">{pct}</span> '
        f'<span class="status">{_words(result.status)}</span> <span class="band">{band}</span>'
        + (f' <span class="more">{", ".join(more)}</span>' if more else "")
    )


def _html_findings(findings: list[Finding], anchors: dict[str, str]) -> list[str]:
    out = ['<section id="findings" aria-labelledby="findings-heading">']
    out.append(f'<h2 id="findings-heading">Findings ({len(findings)})</h2>')
    if not findings:
        out.append("<p>No findings.</p>")
    for severity in Severity:
        group = [finding for finding in findings if finding.severity == severity]
        if not group:
            continue
        out += [
            f'<section class="severity-{severity}">',
            f"<h3>{str(severity).capitalize()} ({len(group)})</h3>",
            '<ul class="findings">',
        ]
        for finding in group:
            node = _text(finding.node)
            where = f'<a href="#{anchors[finding.node]}">{node}</a>' if finding.node in anchors else node
            hint = f' <span class="hint">Hint: {_text(finding.hint)}</span>' if finding.hint else ""
            out.append(
                f'<li class="finding" data-code="{_text(finding.code)}" data-severity="{severity}" '
                f'data-node="{node}"><code>{_text(finding.code)}</code> {where}: {_text(finding.message)}{hint}</li>'
            )
        out += ["</ul>", "</section>"]
    out.append("</section>")
    return out

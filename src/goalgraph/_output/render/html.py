"""One self-contained HTML page: no script, no external resource; the tree of objectives and the findings."""

from __future__ import annotations

import html

from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import NodeKind
from goalgraph._model.findings import Finding, Severity
from goalgraph._model.policy import Policy
from goalgraph._output.render.common import (
    KIND_NAME,
    kpi_value,
    node_colour,
    order_key,
    ordered_nodes,
    organisation,
    pct,
    picture_lines,
    score_attribute,
    title_of,
    words,
)
from goalgraph._output.wording import forecast_note
from goalgraph._scoring.results import NodeResult, Provenance, Scorecard

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


def page(graph: GoalGraph, card: Scorecard, findings: list[Finding], policy: Policy) -> str:
    name = organisation(graph)
    day = card.as_of.isoformat()
    anchors = {node: f"node-{index}" for index, node in enumerate(ordered_nodes(graph))}
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
        f"<title>{_text(name)}: goals as of {day}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_text(name)}</h1>",
        f'<p class="meta">Scores as of <time datetime="{day}">{day}</time>. Cycles: {_text(cycles) or "none"}. '
        f"{len(graph.objectives)} objectives, {len(graph.key_results)} key results, {len(graph.kpis)} KPIs.</p>",
        f'<p class="legend">Colour shows the grade band of a score: red below {pct(low)}, yellow from {pct(low)}, '
        f"green from {pct(high)}; grey when there is no score. KPIs are coloured by health. Status compares the "
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
    return html.escape("\n".join(picture_lines(text)), quote=True)


def _html_tree(graph: GoalGraph, card: Scorecard, anchors: dict[str, str]) -> list[str]:
    nx_graph = graph.nx
    roots: dict[str, list[str]] = {cycle: [] for cycle in _cycles(graph)}
    for node in sorted(graph.objectives, key=order_key):
        if not any(nx_graph.succ[node]):
            roots[graph.objectives[node].cycle].append(node)
    loose = [kpi for kpi in sorted(graph.kpis, key=order_key) if not any(nx_graph.succ[kpi])]
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
            out.append(
                f'<li id="{anchors[node]}" class="node {result.kind} {node_colour(result)}" '
                f'data-node-id="{_text(node)}" data-kind="{result.kind}" data-score="{score_attribute(result)}">'
            )
            children = [(child, data["kind"]) for child, data in nx_graph.pred[node].items()]
            if not children:
                out.append(f'<div class="row">{row}</div></li>')
                continue
            # Key results, then aligned objectives, then KPIs (after the nodes they inform).
            children.sort(key=lambda pair: (_CHILD_RANK[graph.kind_of(pair[0])], order_key(pair[0])))
            out.append(f'<details open><summary><span class="row">{row}</span></summary><ul>')
            stack.append("</ul></details></li>")
            for child, kind in reversed(children):
                stack.append((child, node, "informs" if child in graph.kpis else str(kind)))
        out += ["</ul>", "</div>"]
    return out


_CHILD_RANK = {"key_result": 0, "objective": 1, "kpi": 2}


def _cycles(graph: GoalGraph) -> list[str]:
    """The cycle ids by start date, then end date, then id."""
    return sorted(graph.cycles, key=lambda id: (graph.cycles[id].start, graph.cycles[id].end, order_key(id)))


def _cycle_heading(graph: GoalGraph, cycle_id: str) -> str:
    cycle = graph.cycles[cycle_id]
    name = f": {cycle.name}" if cycle.name else ""
    return f"{cycle_id}{name} ({cycle.start.isoformat()} to {cycle.end.isoformat()})"


def _link_mark(link: str) -> str:
    return '<span class="link">supports</span> ' if link == "supports" else ""


def _html_row(graph: GoalGraph, result: NodeResult, link: str) -> str:
    head = (
        f'{_link_mark(link)}<span class="kind">{KIND_NAME[result.kind]}</span> '
        f'<span class="id">{_text(result.id)}</span> <span class="title">{_text(title_of(graph, result.id))}</span>'
    )
    if result.kind == NodeKind.KPI:
        stale = ' <span class="more">stale</span>' if result.stale else ""
        return (
            f'{head} <span class="value">{_text(kpi_value(graph, result))}</span> '
            f'<span class="health">health {result.health}</span>{stale}'
        )
    if result.score is None:
        width, shown, now = "0%", "-", 'aria-valuetext="no score"'
    else:
        width, shown, now = (
            f"{result.score * 100:.2f}%",
            pct(result.score),
            f'aria-valuenow="{round(result.score * 100)}"',
        )
    more = [f"expected {pct(result.expected)}"] if result.expected is not None else []
    if result.forecast is not None and result.forecast.score is not None:
        note = forecast_note(result)
        more.append(f"forecast {pct(result.forecast.score)}" + (f" ({note})" if note else ""))
    if result.provenance == Provenance.MANUAL:
        more.append("manual score")
    band = "no score" if result.grade_band is None else str(result.grade_band)
    return (
        f'{head} <span class="bar" role="progressbar" aria-label="score" aria-valuemin="0" aria-valuemax="100" {now}>'
        f'<span class="fill" style="width: {width}"></span></span> <span class="pct">{shown}</span> '
        f'<span class="status">{words(result.status)}</span> <span class="band">{band}</span>'
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

"""Scorecards and check findings as text for people and programs: an indented tree, lists and JSON.

Pure formatting: every function takes a graph and a scorecard and returns a
string; printing is the command line's business. Text from the document
(ids, titles, names, levels, and the messages and hints that quote them) is
inert in the text outputs: every character a terminal would act on is
written as its escape (:func:`inert`). JSON stays exact: it escapes control
characters itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

from goalgraph._checks.summary import CheckSummary
from goalgraph._graph.graph import GoalGraph
from goalgraph._kpis.classify import Classification
from goalgraph._model.entities import NodeKind
from goalgraph._model.findings import Finding, Severity
from goalgraph._output.wording import forecast_note
from goalgraph._scoring.results import NodeResult, Provenance, Scorecard
from goalgraph._time.health import Health
from goalgraph._time.status import GradeBand, Status

__all__ = [
    "classification_json",
    "classification_text",
    "findings_json",
    "findings_text",
    "paint",
    "scorecard_json",
    "scorecard_table",
    "status_colour",
]

BAR_WIDTH = 10
TITLE_WIDTH = 56
LEGEND = (
    "Legend: contributors are indented under what they roll up into; ~ supports only (not rolled up); "
    "* manual score override; - no score yet.\n"
    "Status compares the score with the score expected by now (exp); fc is the forecast score at the end of "
    "the cycle if the trend of the check-ins holds (none once the cycle has ended).\n"
    "KPIs are listed under what they inform, with their latest value and health."
)
# ANSI colours by grade band and by status, for a terminal.
_RESET = "\033[0m"
_BAND_COLOUR = {GradeBand.RED: "\033[31m", GradeBand.YELLOW: "\033[33m", GradeBand.GREEN: "\033[32m"}
_STATUS_COLOUR = {
    Status.OFF_TRACK: "\033[31m",
    Status.AT_RISK: "\033[33m",
    Status.ON_TRACK: "\033[32m",
    Status.ACHIEVED: "\033[32m",
}
_HEALTH_COLOUR = {Health.RED: "\033[31m", Health.AMBER: "\033[33m", Health.GREEN: "\033[32m"}
STATUS_WIDTH = 11
# What a terminal acts on instead of showing: C0 controls (a line break or a tab too, which inside one text
# would forge a line or a column), DEL and C1 (ESC, CSI and OSC sequences set the window title, clear the
# screen, move the cursor), the line and paragraph separators, the bidi embeddings, overrides and isolates
# (which reorder what follows them on the line, CVE-2021-42574), and lone surrogates (which no encoding holds).
_ACTIVE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def inert(text: str) -> str:
    r"""The text with every character a terminal would act on written as its Python escape.

    Escaped, not dropped, so that the reader sees that something is there.
    Every other character, a backslash too, is kept as it is, so ordinary
    text is unchanged.

    Examples
    --------
    >>> print(inert("Grow\x1b]0;pwned\x07 \u202eok\tnow"))
    Grow\x1b]0;pwned\x07 \u202eok\tnow
    >>> inert("Grow 50% ✓")
    'Grow 50% ✓'
    """
    return _ACTIVE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def scorecard_json(card: Scorecard) -> str:
    """The scorecard as JSON with sorted keys: the same input gives the same bytes."""
    return json.dumps(card.to_dict(), sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def scorecard_table(graph: GoalGraph, card: Scorecard, *, colour: bool = False) -> str:
    """The alignment tree, one line per node: id, title, score, status, expected and forecast.

    Top-level objectives (aligned to nothing) are grouped by cycle; each
    node's contributors are indented below it. A node with several parents
    is written in full under the first and referred to under the others.
    With ``colour``, scores are coloured by grade band and statuses by how
    bad they are (ANSI escapes, for a terminal).
    """
    lines = [f"Scores as of {card.as_of.isoformat()}"]
    # Escaped before the columns are measured and the titles clipped: widths count what is shown. The tail
    # holds no document text, only figures and the table's own colours.
    rows = [(indent, inert(node), inert(title), tail) for indent, node, title, tail in _rows(graph, card, colour)]
    id_width = max((len(indent) + len(node) for indent, node, _, _ in rows), default=0)
    for indent, node, title, tail in rows:
        if node == "":
            lines.append("")
            lines.append(title)
            continue
        label = (indent + node).ljust(id_width)
        lines.append(f"{label}  {_clip(title).ljust(TITLE_WIDTH)}  {tail}".rstrip())
    lines += ["", LEGEND]
    return "\n".join(lines) + "\n"


def _rows(graph: GoalGraph, card: Scorecard, colour: bool) -> Iterator[tuple[str, str, str, str]]:
    nx_graph = graph.nx
    roots: dict[str, list[str]] = {cycle: [] for cycle in graph.cycles}
    for node, objective in graph.objectives.items():
        if not any(nx_graph.succ[node]):
            roots[objective.cycle].append(node)
    shown: dict[str, str] = {}
    for cycle_id, cycle_roots in roots.items():
        if not cycle_roots:
            continue
        cycle = graph.cycles[cycle_id]
        name = f": {cycle.name}" if cycle.name else ""
        yield ("", "", f"{cycle_id}{name} ({cycle.start.isoformat()} to {cycle.end.isoformat()})", "")
        # Depth-first with an explicit stack: graphs may be very deep.
        stack: list[tuple[str, int, str | None, str]] = [(root, 0, None, "") for root in reversed(cycle_roots)]
        while stack:
            node, depth, parent, mark = stack.pop()
            indent = "  " * depth + mark
            if node in shown and node not in graph.kpis:  # a KPI is listed under every node it informs
                yield (indent, node, f"(shown under {shown[node]})", "")
                continue
            shown[node] = parent or cycle_id
            yield (indent, node, _title(graph, node), _score_text(card[node], colour))
            children = [(child, data["kind"]) for child, data in nx_graph.pred[node].items()]
            # Contributors first, then KPIs (after the nodes they inform).
            children.sort(key=lambda pair: nx_graph.nodes[pair[0]]["kind"] == NodeKind.KPI)
            for child, kind in reversed(children):
                stack.append((child, depth + 1, node, "~ " if kind != "contributes" else ""))
    loose = [kpi for kpi in graph.kpis if not any(nx_graph.succ[kpi])]
    if loose:
        yield ("", "", "KPIs that inform no objective or key result", "")
        for kpi in loose:
            yield ("", kpi, _title(graph, kpi), _score_text(card[kpi], colour))


def _title(graph: GoalGraph, node: str) -> str:
    if node in graph.objectives:
        return graph.objectives[node].title
    if node in graph.kpis:
        return "KPI: " + graph.kpis[node].name
    return graph.key_results[node].title


def _clip(text: str) -> str:
    return text if len(text) <= TITLE_WIDTH else text[: TITLE_WIDTH - 3] + "..."


def _score_text(result: NodeResult, colour: bool) -> str:
    if result.kind == NodeKind.KPI:
        return _kpi_text(result, colour)
    if result.score is None:
        score = "   -  " + "." * BAR_WIDTH
    else:
        filled = round(result.score * BAR_WIDTH)
        manual = "*" if result.provenance == Provenance.MANUAL else " "
        score = f"{result.score * 100:4.0f}%{manual}" + "#" * filled + "." * (BAR_WIDTH - filled)
    status = str(result.status).ljust(STATUS_WIDTH)
    if colour:
        score = paint(score, _BAND_COLOUR.get(result.grade_band))  # type: ignore[arg-type]
        status = paint(status, _STATUS_COLOUR.get(result.status))
    expected = "" if result.expected is None else f"exp {result.expected * 100:3.0f}%"
    forecast = result.forecast
    fc = "" if forecast is None or forecast.score is None else f"  fc {forecast.score * 100:3.0f}%"
    note = forecast_note(result)
    if note:
        fc += f" ({note})"
    return f"{score}  {status}  {expected}{fc}"


def _kpi_text(result: NodeResult, colour: bool) -> str:
    value = result.value
    if value is None:
        shown = "-"
    elif abs(value) >= 1000 or float(value).is_integer():
        shown = f"{value:,.0f}"
    else:
        shown = f"{value:.4g}"
    health = str(result.health)
    if colour:
        health = paint(health, _HEALTH_COLOUR.get(result.health))  # type: ignore[arg-type]
    return f"{shown:>{BAR_WIDTH + 6}}  health {health}" + ("  (stale)" if result.stale else "")


def paint(text: str, code: str | None) -> str:
    """The text in the colour of the ANSI escape ``code`` (unchanged for ``None``)."""
    return text if code is None else f"{code}{text}{_RESET}"


def status_colour(status: Status) -> str | None:
    """The ANSI colour of a status in the text tables (``None``: none)."""
    return _STATUS_COLOUR.get(status)


def findings_text(findings: list[Finding], summary: CheckSummary, as_of: str) -> str:
    """Findings grouped by severity, each with its hint (and its path up the alignment chain), then the summary."""
    counts = summary.counts
    lines = [
        f"Checks as of {as_of}: {_plural(counts[Severity.ERROR], 'error')}, "
        f"{_plural(counts[Severity.WARNING], 'warning')}, {counts[Severity.INFO]} info"
    ]
    for severity in Severity:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines += ["", f"{severity} ({len(group)})"]
        for finding in group:
            lines += _finding_lines(finding)
    lines += ["", "Coverage: objectives that ladder up to a top-level objective, by owner level"]
    levels = {level: inert(level) for level in summary.coverage}
    width = max(map(len, levels.values()), default=0)
    for level, (laddered, total) in summary.coverage.items():
        share = summary.share(level)
        figure = "no objectives" if share is None else f"{laddered} of {total} ({share * 100:.0f}%)"
        lines.append(f"  {levels[level].ljust(width)}  {figure}")
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding) -> list[str]:
    """A finding's line, then its hint and its path up the alignment chain, if any."""
    lines = [f"  {inert(finding.code)} {inert(finding.node)}: {inert(finding.message)}"]
    if finding.hint:
        lines.append(f"        hint: {inert(finding.hint)}")
    if len(finding.path) > 1 or (finding.path and finding.code == "GG102"):
        lines.append(f"        path: {' -> '.join(map(inert, finding.path))}")
    return lines


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def findings_json(findings: list[Finding], summary: CheckSummary, as_of: str) -> str:
    """Findings and summary as JSON with sorted keys: the same input gives the same bytes."""
    data = {"as_of": as_of, "findings": [f.to_dict() for f in findings], "summary": summary.to_dict()}
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def classification_text(found: Mapping[str, Classification], as_of: str) -> str:
    """One paragraph per KPI: its kind, where the answer comes from, and why."""
    lines = [f"KPI classification as of {as_of}"]
    for kpi, c in found.items():
        lead = f", leads by {c.lead} period{'s' if c.lead != 1 else ''}" if c.lead else ""
        lines += ["", f"{inert(kpi)}: {c.kind} ({c.source}{lead})", f"    {inert(c.reason)}"]
        for e in c.evidence:
            verb = "leads" if e.leads else "follows"
            lines.append(
                f"    {verb} {inert(e.partner)} by {e.lag} {e.frequency} period(s): r = {e.r:.2f} over {e.n} changes "
                f"(significant beyond {e.critical:.2f})"
            )
    lines += [
        "",
        "Empirical answers are advisory: series that move together do not show that one causes the other.",
    ]
    return "\n".join(lines) + "\n"


def classification_json(found: Mapping[str, Classification], as_of: str) -> str:
    """The classification as JSON with sorted keys."""
    data = {"as_of": as_of, "kpis": {kpi: c.to_dict() for kpi, c in found.items()}}
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"

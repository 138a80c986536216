"""Pictures of the alignment graph: Mermaid, Graphviz DOT, SVG and one self-contained HTML page.

Every format shows the same thing: objectives, key results and KPIs as
nodes, each with its id, title and score (a KPI with its value and health),
coloured by grade band (a KPI by health, grey when there is nothing to
show), and the links from each contributor up to what it serves. Text from
the document is escaped for the target language, so a title can hold any
character. Output is deterministic and does not depend on the order in
which the document lists its entities or links: every list is put in one
canonical order (``_common.order_key``). The graph is walked with explicit stacks,
never by recursion, so any depth renders.
"""

from __future__ import annotations

import datetime
from typing import Literal

from goalgraph._checks.config import CheckConfig
from goalgraph._checks.engine import check
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.policy import Policy
from goalgraph._output.render.dot import dot
from goalgraph._output.render.html import page
from goalgraph._output.render.mermaid import mermaid
from goalgraph._output.render.subtree import below
from goalgraph._output.render.svg import picture
from goalgraph._registry.registry import Registry
from goalgraph._scoring.score import score

__all__ = ["RenderFormat", "render"]

RenderFormat = Literal["mermaid", "dot", "html", "svg"]


def render(
    graph: GoalGraph,
    format: RenderFormat = "mermaid",
    *,
    as_of: datetime.date | str | None = None,
    policy: Policy | None = None,
    config: CheckConfig | None = None,
    registry: Registry | None = None,
    root: str | None = None,
) -> str:
    """Draw the alignment graph as Mermaid, Graphviz DOT, SVG or one self-contained HTML page.

    Objectives and key results are nodes showing their id, title, score
    (as a percentage) and status, coloured by grade band (grey when
    unscored); KPIs are hexagons showing their value and health, coloured
    by health. Links point from a contributor to what it serves: solid when
    it contributes to the rollup, dashed (``supports``) when it only
    supports, dotted (``informs``) from a KPI.

    Parameters
    ----------
    graph : GoalGraph
    format : {"mermaid", "dot", "html", "svg"}
        ``mermaid``: a ``flowchart`` for Markdown hosts; nodes get generated
        ids ``n0``, ``n1``... in the order of the picture and show the real
        id in their label. ``dot``: a Graphviz ``digraph`` keyed by the real ids.
        ``html``: one page with no external resources and no script: a
        header, the tree of objectives with nested key results and KPIs,
        each with a progress bar, and the findings of :func:`check`.
        ``svg``: a picture drawn by goalgraph itself, no Graphviz or
        JavaScript needed: what is served above what serves it, one layer
        per step down the graph; each node a group with ``data-node-id``,
        ``data-kind`` and ``data-score`` attributes and its full label as a
        tooltip. Text widths are estimated, not measured.
    as_of : datetime.date or str, optional
        The scoring date (default: today).
    policy : Policy, optional
        Passed to :func:`score`; its grade bands pick the colours.
    config : CheckConfig, optional
        Passed to :func:`check` for the HTML page's findings.
    registry : Registry, optional
        Passed to :func:`score` and :func:`check`.
    root : str, optional
        The id of an objective: draw it and what it is scored from (the
        key results, objectives and KPIs below it, at any depth) instead of
        the whole graph, which may be too wide to read. Scores and the HTML
        page's findings are those of the whole graph; links from the nodes
        drawn to objectives outside the picture are left out.

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
        When ``format`` is not one of the four, or ``root`` is not an
        objective.
    UnknownNodeError
        When the graph holds no node ``root``.

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
    >>> picture = goalgraph.render(g, "svg", as_of="2026-11-16")
    >>> picture.startswith('<svg xmlns="http://www.w3.org/2000/svg"'), 'data-node-id="acme-q3-1"' in picture
    (True, True)

    One team's objective and what it is scored from, alone:

    >>> part = goalgraph.render(g, "dot", as_of="2026-11-16", root="sales-q4-1")
    >>> '"sales-q4-1-kr1" -> "sales-q4-1";' in part, '"acme-q4-1"' in part
    (True, False)
    """
    if format not in ("mermaid", "dot", "html", "svg"):
        raise ValueError(f"format must be 'mermaid', 'dot', 'html' or 'svg', got {format!r}")
    with graph.reading():  # the picture and its scores from one state of the graph (see GoalGraph's thread safety)
        drawn = graph if root is None else below(graph, root)
        card = score(graph, as_of=as_of, policy=policy, registry=registry)
        if format == "mermaid":
            return mermaid(drawn, card)
        if format == "dot":
            return dot(drawn, card)
        if format == "svg":
            return picture(drawn, card)
        findings = check(graph, as_of=card.as_of, config=config, registry=registry)
        if root is not None:
            findings = [finding for finding in findings if finding.node in drawn]
        return page(drawn, card, findings, policy or Policy())

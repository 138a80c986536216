"""CheckContext: what a rule sees, and the facts about a graph that the rules share, cached per graph version.

:func:`~goalgraph.check` makes one context per run and hands it to every
rule in turn. Its tables and its org chart
(:class:`~goalgraph._graph.orgchart.OrgChart`) come from the graph's
:class:`Facts`, worked out once per graph version and kept by this module,
so checking the same graph again does not pay for them again.
"""

from __future__ import annotations

import datetime
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from goalgraph._core.caches import PerGraph
from goalgraph._core.frozen import EMPTY
from goalgraph._graph.graph import GoalGraph
from goalgraph._graph.orgchart import OrgChart
from goalgraph._model.entities import Alignment, KeyResult, Objective
from goalgraph._model.findings import Finding, Severity
from goalgraph._registry.records import CheckRule
from goalgraph._registry.registry import Registry
from goalgraph._scoring.results import Scorecard
from goalgraph._scoring.score import score

if TYPE_CHECKING:
    from goalgraph._checks.rules.context import RuleContext

__all__ = ["CheckContext", "Facts", "facts"]


class CheckContext:
    """What a rule sees: the graph, the date, its parameters, and helpers shared by all rules.

    A rule is a function ``(context) -> iterable of Finding``; it makes each
    finding with :meth:`finding`, which fills in the rule's code and
    severity.

    Attributes
    ----------
    graph : GoalGraph
    as_of : datetime.date
    params : mapping
        The running rule's parameters: its defaults, with the
        configuration's values over them.

    Examples
    --------
    A rule reads the graph and the parameters, and yields findings:

    >>> from goalgraph import Registry, check, load_example
    >>> registry = Registry(builtins=False)
    >>> @registry.rule("ACME010", severity="info", params={"most": 3})
    ... def crowded_cycles(context):
    ...     for cycle in context.graph.cycles:
    ...         count = sum(o.cycle == cycle for o in context.graph.objectives.values())
    ...         if count > context.params["most"]:
    ...             yield context.finding(cycle, f"{count} objectives in {cycle}", "focus")
    >>> [(f.code, f.node) for f in check(load_example(), as_of="2026-11-16", registry=registry)]
    [('ACME010', '2026-Q3'), ('ACME010', '2026-Q4')]
    """

    def __init__(self, graph: GoalGraph, as_of: datetime.date, registry: Registry) -> None:
        self.graph = graph
        self.as_of = as_of
        self.registry = registry
        self.params: Mapping[str, Any] = EMPTY
        self._code = ""
        self._severity = Severity.INFO
        self._configured = False
        self._scorecards: dict[datetime.date, Scorecard] = {}
        self._facts = facts(graph)
        self._chart = self._facts.chart

    def finding(
        self,
        node: str,
        message: str,
        hint: str = "",
        *,
        related: Iterable[str] = (),
        path: Iterable[str] = (),
        severity: Severity | str | None = None,
    ) -> Finding:
        """A finding of the running rule about ``node``.

        ``severity`` gives a milder or graver variant of the rule its own
        default severity (GG106 is an error or a warning); a severity set in
        the configuration applies to every finding of the rule.
        """
        if severity is None or self._configured:
            level = self._severity
        else:
            level = severity if type(severity) is Severity else Severity(severity)
        if type(related) is not tuple:
            related = tuple(related)
        if type(path) is not tuple:
            path = tuple(path)
        return Finding._trusted(self._code, level, node, related, message, hint, path)

    @property
    def key_results(self) -> Mapping[str, tuple[KeyResult, ...]]:
        """Each objective's key results, in order, by objective id (looked up once for all rules)."""
        table = self._facts.key_results
        if table is None:
            graph = self.graph
            found = {id: graph.key_results_of(id) for id in graph.objectives}
            table = self._facts.key_results = types.MappingProxyType(found)
        return table

    @property
    def alignments(self) -> Sequence[tuple[Objective, Alignment, Objective]]:
        """Every alignment as ``(objective, link, parent objective)``, worked out once for all rules.

        The parent objective of a link to a key result is that key result's
        objective.
        """
        found = self._facts.alignments
        if found is None:
            objectives = self.graph.objectives
            objective_of = self._chart.objective_of
            found = self._facts.alignments = tuple(
                (objective, link, objectives[objective_of(link.parent)])
                for objective in objectives.values()
                for link in objective.aligns_to
            )
        return found

    # -- the org chart (the graph's, shared by every check of this graph version) -------------

    def owner_rank(self, owner: str) -> int:
        """How far below the top the owner's level is: 0 for the top level (``company``)."""
        return self._chart.owner_rank(owner)

    def owner_chain(self, owner: str) -> Iterator[str]:
        """The owner and the owners above it, up to the top of the org chart."""
        return self._chart.owner_chain(owner)

    def is_above(self, upper: str, lower: str) -> bool:
        """Whether owner ``upper`` is above owner ``lower`` in the org chart (its parent, or theirs...)."""
        return self._chart.is_above(upper, lower)

    # -- alignment -----------------------------------------------------------

    def objective_of(self, node: str) -> str:
        """``node`` itself for an objective; the objective of a key result."""
        return self._chart.objective_of(node)

    def is_top(self, objective: str) -> bool:
        """Whether the objective is owned at the top level."""
        return self._chart.is_top(objective)

    def reaches_top(self, objective: str) -> bool:
        """Whether a chain of alignments leads from the objective to a top-level one (itself included)."""
        return self._chart.reaches_top(objective)

    def path_to_top(self, node: str) -> tuple[str, ...]:
        """The ids from ``node`` up to the nearest top-level objective.

        Links are followed by parent id, not in the document's order, so
        that the path does not depend on it: of several nearest top-level
        objectives, the one reached through the lowest ids. When none is
        reachable: up the link to the lowest parent id, to where the chain
        breaks.
        """
        return self._chart.path_to_top(node)

    # -- scores ----------------------------------------------------------------

    def scorecard_at(self, day: datetime.date) -> Scorecard:
        """The graph's scores as of ``day`` (computed once per date and shared by the rules)."""
        card = self._scorecards.get(day)
        if card is None:
            card = self._scorecards[day] = score(self.graph, as_of=day, registry=self.registry)
        return card

    def _bind(self, rule: CheckRule, severity: Severity | None, params: Mapping[str, Any]) -> None:
        """Make ``rule`` the running one, with its configured severity and parameters (the engine's call)."""
        self._code, self.params = rule.code, params
        self._configured = severity is not None
        self._severity = rule.severity if severity is None else severity


if TYPE_CHECKING:
    # The built-in rules see a context through RuleContext: mypy checks here that CheckContext offers all of it.
    _RULES_SEE: type[RuleContext] = CheckContext


class Facts:
    """What the checks derive from a graph alone, kept with the graph until it changes.

    The org chart, each objective's key results and every alignment (for
    the rules), and each node's own ``ignore`` list (for the engine).
    Checking the same graph again (on another date, with another
    configuration) does not pay again for them, as scoring it again does
    not pay again for compiling it; :func:`~goalgraph.summarize` reads the
    same org chart.
    """

    __slots__ = ("alignments", "chart", "key_results", "silenced")

    def __init__(self, graph: GoalGraph) -> None:
        self.chart = OrgChart(graph)
        self.key_results: Mapping[str, tuple[KeyResult, ...]] | None = None
        self.alignments: tuple[tuple[Objective, Alignment, Objective], ...] | None = None
        self.silenced = _silenced(graph)


def facts(graph: GoalGraph) -> Facts:
    """The graph's facts for the rules, from the cache while the graph's version holds."""
    found = _FACTS.get(graph, graph.version)
    if found is None:
        found = Facts(graph)
        _FACTS.put(graph, graph.version, found)
    return found


_FACTS: PerGraph[Facts] = PerGraph()


def _silenced(graph: GoalGraph) -> dict[str, tuple[str, ...]]:
    """Each node's own ``ignore`` list, for the nodes that have one."""
    silenced: dict[str, tuple[str, ...]] = {}
    for table in (graph.objectives, graph.key_results, graph.kpis):
        for id, entity in table.items():
            if entity.ignore:
                silenced[id] = entity.ignore
    return silenced

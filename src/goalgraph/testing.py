"""The rollup laws as assertions, for testing your own scoring rules.

goalgraph's scores obey a handful of laws (the pages on scoring and on extending goalgraph state them). Each law is an
assertion here that scores one graph, tries the law on it and raises
:class:`AssertionError` naming the law and the node that breaks it;
:func:`check_rollup_laws` runs them all. Run them under your own Hypothesis
strategies (:mod:`goalgraph.strategies`) and your own registry, and a
custom aggregator that breaks a law it declares is caught with the node
that shows it.

The laws, by name:

``unit interval``
    Every score, and every computed score behind an override, is in
    [0, 1] or ``None``.
``between contributors``
    Under an aggregator declared ``mean_like``, a node's computed score
    lies between its contributors' lowest and highest scores.
``monotone``
    Raising one node's score never lowers the score of a node above it,
    wherever every aggregator on the way is declared ``monotone``.
``weight scaling``
    Multiplying all the weights of one node's contributors by the same
    factor changes no score.
``order independence``
    The order in which objectives, key results and links are written
    changes no score.
``round trip``
    Writing the graph as JSON and reading it back changes no score, to the
    last bit.

Laws an aggregator does not declare (``monotone=False`` or
``mean_like=False`` when it is registered) are not tried on the nodes it
scores: what is skipped follows the declaration, never a guess. Scores are
compared with a relative tolerance of 1e-9 (custom aggregators may sum in
any order), except for the round trip, which must be exact.

This module needs nothing beyond goalgraph itself (Hypothesis is only needed
for :mod:`goalgraph.strategies`).

Examples
--------
>>> import goalgraph
>>> from goalgraph.testing import check_rollup_laws
>>> check_rollup_laws(goalgraph.load_example(), as_of="2026-11-16")

A weighted mean that divides by the number of contributors instead of
their total weight passes on equal weights but not in general:

>>> registry = goalgraph.Registry()
>>> @registry.aggregator("sloppy_mean")
... def sloppy_mean(contributions):
...     return min(1.0, sum(c.weight * c.score for c in contributions) / len(contributions))
>>> graph = goalgraph.loads('''
... goalgraph: 1
... cycles: [{id: Q3, start: 2026-07-01, end: 2026-09-30}]
... owners: [{id: acme, level: company}]
... objectives:
...   - id: O1
...     title: Grow
...     owner: acme
...     cycle: Q3
...     rollup: sloppy_mean
...     key_results:
...       - {id: KR1, title: Sign ten customers, weight: 2, metric: {type: linear, start: 0, target: 10},
...          checkins: [{date: 2026-08-01, value: 2}]}
...       - {id: KR2, title: Ship the API, metric: {type: milestone}}
... ''', registry=registry)
>>> try:
...     check_rollup_laws(graph, registry=registry, as_of="2026-08-15")
... except AssertionError as err:
...     print(err)
rollup law 'weight scaling' broken at 'O1' (aggregator 'sloppy_mean'): multiplying the
weights of its contributors by 2 changed its score from 0.2 to 0.4
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable
from typing import Any, Protocol

import networkx as nx

from goalgraph._documents import dumps, from_dict, loads
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.policy import Policy
from goalgraph._registry.registry import Registry, default_registry
from goalgraph._scoring.incremental import Scorer
from goalgraph._scoring.results import Scorecard
from goalgraph._scoring.score import score
from goalgraph._time.timeline import as_of_date

__all__ = [
    "LAWS",
    "assert_between_contributors",
    "assert_monotone",
    "assert_order_independent",
    "assert_round_trip",
    "assert_unit_interval",
    "assert_weight_scaling",
    "check_rollup_laws",
]

_REL_TOL = 1e-9
_ABS_TOL = 1e-12
# Powers of two scale a float exactly, so a law that holds in exact
# arithmetic holds here without rounding noise from the scaling itself.
_FACTORS = (2.0, 0.5, 4.0, 0.25)


class _Setting:
    """One graph with the date, policy and registry the laws score it with."""

    def __init__(
        self, graph: GoalGraph, policy: Policy | None, registry: Registry | None, as_of: datetime.date | str | None
    ) -> None:
        self.graph = graph
        self.policy = policy or Policy()
        self.registry = registry or default_registry
        # Resolved once, so that every score of one check uses the same day.
        self.as_of = as_of_date(as_of)
        self.card = self.score(graph)

    def score(self, graph: GoalGraph) -> Scorecard:
        return score(graph, as_of=self.as_of, policy=self.policy, registry=self.registry)

    def aggregator_of(self, node: str) -> str:
        """The name of the aggregator that scores ``node`` from its contributors."""
        graph = self.graph
        objective = graph.objectives[graph.objective_of(node) if node in graph.key_results else node]
        return objective.rollup or self.policy.aggregator

    def declares(self, node: str, law: str) -> bool:
        aggregator = self.registry.get_aggregator(self.aggregator_of(node))
        return bool(getattr(aggregator, law))

    def bottom_up(self) -> list[str]:
        """Scored ids with every contributor before the nodes it contributes to."""
        scored = set(self.card)
        return [node for node in nx.topological_sort(self.graph.nx) if node in scored]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=_REL_TOL, abs_tol=_ABS_TOL)


def _shown(*values: float | None) -> list[str]:
    """The values written short, or in full where the short forms of different values would match."""
    short = [f"{x:.6g}" for x in values]
    if len(set(short)) < len(set(values)):
        return [repr(x) for x in values]
    return short


def _change(before: float | None, after: float | None) -> str:
    return "from {} to {}".format(*_shown(before, after))


def _fail(law: str, node: str, setting: _Setting | None, what: str) -> AssertionError:
    where = f"'{node}'"
    if setting is not None and node in setting.card and setting.card[node].kind != "kpi":
        where += f" (aggregator '{setting.aggregator_of(node)}')"
    return AssertionError(f"rollup law '{law}' broken at {where}: {what}")


def _first_change(setting: _Setting, other: Scorecard, law: str, what: str, *, exact: bool = False) -> None:
    """Fail at the lowest node whose score differs between the two scorecards."""
    for node in setting.bottom_up():
        before, after = setting.card.score_of(node), other.score_of(node)
        if (before != after) if exact else not _close(before, after):
            raise _fail(law, node, setting, f"{what} changed its score {_change(before, after)}")


class _LawAssertion(Protocol):
    """The signature every law's assertion shares (see :func:`check_rollup_laws`)."""

    def __call__(
        self,
        graph: GoalGraph,
        policy: Policy | None = None,
        registry: Registry | None = None,
        *,
        as_of: datetime.date | str | None = None,
    ) -> None: ...


def _assertion(law: Callable[[_Setting], None], name: str, doc: str) -> _LawAssertion:
    """The public form of one law: score ``graph`` and try the law on it."""

    def assertion(
        graph: GoalGraph,
        policy: Policy | None = None,
        registry: Registry | None = None,
        *,
        as_of: datetime.date | str | None = None,
    ) -> None:
        law(_Setting(graph, policy, registry, as_of))

    assertion.__name__ = assertion.__qualname__ = name
    assertion.__doc__ = doc
    return assertion


def _unit_interval(setting: _Setting) -> None:
    for node in setting.bottom_up():
        result = setting.card[node]
        for label, value in (("score", result.score), ("computed score", result.computed)):
            if value is not None and not 0.0 <= value <= 1.0:
                raise _fail("unit interval", node, setting, f"its {label} is {value!r}")


assert_unit_interval = _assertion(
    _unit_interval,
    "assert_unit_interval",
    """Every score, and every computed score behind an override, is in [0, 1] or ``None``.

    Examples
    --------
    >>> import goalgraph
    >>> assert_unit_interval(goalgraph.load_example(), as_of="2026-11-16")
    """,
)


def _between_contributors(setting: _Setting) -> None:
    for node in setting.bottom_up():
        result = setting.card[node]
        used = [c.score for c in result.contributions if c.score is not None]
        if result.computed is None or not used or not setting.declares(node, "mean_like"):
            continue
        low, high = min(used), max(used)
        if not (low - _ABS_TOL <= result.computed <= high + _ABS_TOL or _close(result.computed, low)):
            raise _fail(
                "between contributors",
                node,
                setting,
                "its computed score {} is outside its contributors' range [{}, {}]".format(
                    *_shown(result.computed, low, high)
                ),
            )


assert_between_contributors = _assertion(
    _between_contributors,
    "assert_between_contributors",
    """Under a ``mean_like`` aggregator, a computed score lies between its contributors' scores.

    Examples
    --------
    >>> import goalgraph
    >>> assert_between_contributors(goalgraph.load_example(), as_of="2026-11-16")
    """,
)


def _monotone(setting: _Setting) -> None:
    graph = setting.graph
    links = graph.nx
    # Where a node scored by an aggregator not declared monotone lies above the
    # raised node, that node and everything above it are left out: the law
    # is not declared on the way there. Nodes above only by other paths stay.
    undeclared = [
        node
        for node in setting.card
        if (node in graph.objectives or (node in graph.key_results and graph.key_results[node].metric.type == "rollup"))
        and not setting.declares(node, "monotone")
    ]
    above_undeclared = {node: nx.descendants(links, node) | {node} for node in undeclared}
    copy = from_dict(graph.to_dict(), registry=setting.registry)
    scorer = Scorer(copy, as_of=setting.as_of, policy=setting.policy, registry=setting.registry)
    order = setting.bottom_up()
    position = {node: i for i, node in enumerate(order)}
    for node in order:
        old = setting.card.score_of(node)
        if old is None or old >= 1.0 or (node not in graph.objectives and node not in graph.key_results):
            continue
        raised = old + (1.0 - old) / 2
        override = (graph.objectives.get(node) or graph.key_results[node]).score_override
        scorer.update(node, score_override=raised)
        card = scorer.scorecard
        up = nx.descendants(links, node)  # edges point from contributor to parent
        tainted = set().union(*(above_undeclared[n] for n in undeclared if n in up))
        for above in sorted(up - tainted, key=position.__getitem__):
            before, after = setting.card.score_of(above), card.score_of(above)
            if before is not None and (after is None or (after < before and not _close(after, before))):
                raise _fail(
                    "monotone",
                    above,
                    setting,
                    f"raising '{node}' {_change(old, raised)} lowered its score {_change(before, after)}",
                )
        scorer.update(node, score_override=override)


assert_monotone = _assertion(
    _monotone,
    "assert_monotone",
    """Raising one node's score never lowers a node above it (where the aggregators are monotone).

    Each key result and objective with a score below 1 is raised halfway to
    1 in turn (through a score override, on a copy of the graph; ``graph``
    does not change), and every node above it whose path passes only
    aggregators declared ``monotone`` is compared with its score before.

    Examples
    --------
    >>> import goalgraph
    >>> assert_monotone(goalgraph.load_example(), as_of="2026-11-16")
    """,
)


def _weight_scaling(setting: _Setting) -> None:
    document = setting.graph.to_dict()
    objectives = document.get("objectives", [])
    parents = [o["id"] for o in objectives]
    parents += [kr["id"] for o in objectives for kr in o.get("key_results", ())]
    factor = {node: _FACTORS[i % len(_FACTORS)] for i, node in enumerate(parents)}
    for objective in objectives:
        for kr in objective.get("key_results", ()):
            kr["weight"] = kr.get("weight", 1) * factor[objective["id"]]
        objective["aligns_to"] = [_scaled(link, factor) for link in objective.get("aligns_to", ())]
    scaled = setting.score(from_dict(document, registry=setting.registry))
    for node in setting.bottom_up():
        before, after = setting.card.score_of(node), scaled.score_of(node)
        if not _close(before, after):
            what = f"multiplying the weights of its contributors by {factor[node]:g}"
            raise _fail("weight scaling", node, setting, f"{what} changed its score {_change(before, after)}")


assert_weight_scaling = _assertion(
    _weight_scaling,
    "assert_weight_scaling",
    """Multiplying all the weights of one node's contributors by a factor changes no score.

    Every objective (and rollup key result) has its contributors' weights
    multiplied by its own factor (2, 0.5, 4 or 0.25, in turn) in one copy of
    the graph; the lowest node whose score moves is the one whose aggregator
    depends on the scale of the weights.

    Examples
    --------
    >>> import goalgraph
    >>> assert_weight_scaling(goalgraph.load_example(), as_of="2026-11-16")
    """,
)


def _scaled(link: str | dict[str, Any], factor: dict[str, float]) -> dict[str, Any]:
    scaled: dict[str, Any] = {"id": link} if isinstance(link, str) else dict(link)
    scaled["weight"] = scaled.get("weight", 1) * factor[scaled["id"]]
    return scaled


def _order_independent(setting: _Setting) -> None:
    document = setting.graph.to_dict()
    objectives = document.get("objectives", [])
    objectives.reverse()
    for objective in objectives:
        for key in ("key_results", "aligns_to"):
            if key in objective:
                objective[key].reverse()
    for kpi in document.get("kpis", ()):
        if "supports" in kpi:
            kpi["supports"].reverse()
    _first_change(
        setting,
        setting.score(from_dict(document, registry=setting.registry)),
        "order independence",
        "writing the document backwards",
    )


assert_order_independent = _assertion(
    _order_independent,
    "assert_order_independent",
    """Writing objectives, key results and links in the reverse order changes no score.

    Examples
    --------
    >>> import goalgraph
    >>> assert_order_independent(goalgraph.load_example(), as_of="2026-11-16")
    """,
)


def _round_trip(setting: _Setting) -> None:
    reread = loads(dumps(setting.graph, format="json"), format="json", registry=setting.registry)
    _first_change(setting, setting.score(reread), "round trip", "writing it as JSON and reading it back", exact=True)


assert_round_trip = _assertion(
    _round_trip,
    "assert_round_trip",
    """Writing the graph as JSON and reading it back changes no score, to the last bit.

    Examples
    --------
    >>> import goalgraph
    >>> assert_round_trip(goalgraph.load_example(), as_of="2026-11-16")
    """,
)


_Law = Callable[[_Setting], None]

LAWS: dict[str, _Law] = {
    "unit interval": _unit_interval,
    "between contributors": _between_contributors,
    "monotone": _monotone,
    "weight scaling": _weight_scaling,
    "order independence": _order_independent,
    "round trip": _round_trip,
}
"""The laws :func:`check_rollup_laws` tries, by name, in the order it tries them."""


def check_rollup_laws(
    graph: GoalGraph,
    policy: Policy | None = None,
    registry: Registry | None = None,
    *,
    as_of: datetime.date | str | None = None,
    laws: Iterable[str] | None = None,
) -> None:
    """Assert every rollup law on one graph; raise :class:`AssertionError` naming the law and the node.

    Parameters
    ----------
    graph : ~goalgraph.GoalGraph
        Not changed: the laws that change scores work on copies.
    policy : ~goalgraph.Policy, optional
    registry : ~goalgraph.Registry, optional
        Where the graph's custom scorers and aggregators are registered,
        with the laws they declare.
    as_of : datetime.date or str, optional
        The scoring date; default: today (resolved once).
    laws : iterable of str, optional
        Names from :data:`LAWS` to try; default: all of them.

    Raises
    ------
    AssertionError
        At the first law broken, naming it, the node and its aggregator.
    KeyError
        For a law name that is not in :data:`LAWS`.

    Examples
    --------
    >>> import goalgraph
    >>> check_rollup_laws(goalgraph.load_example(), as_of="2026-11-16", laws=["monotone", "round trip"])
    """
    chosen = list(LAWS) if laws is None else list(laws)
    unknown = [name for name in chosen if name not in LAWS]
    if unknown:
        raise KeyError(f"unknown rollup law {unknown[0]!r}; the laws are: {', '.join(LAWS)}")
    with graph.reading():  # every law reads one state of the graph (see GoalGraph's thread safety)
        setting = _Setting(graph, policy, registry, as_of)
        for name in chosen:
            LAWS[name](setting)

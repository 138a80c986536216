"""The graph compiled to flat lists in topological order, and the one-pass scorer over them.

Scoring a graph repeatedly (every request of a host product, every check-in)
must not pay again for what has not changed. The work is split in layers,
each a plain object of parallel lists indexed by a node's position in
topological order (contributors before parents), each rebuilt only when what
it depends on changes:

- :class:`Structure` depends on the graph (its ``version``): ids, kinds,
  contributing children and parents, edge weights, metrics, overrides;
- :class:`Plan` adds the registry and the default aggregator: how each node
  aggregates, with weights and weight totals worked out in advance;
- :class:`Values` adds the as-of date: each key result's current value;
- :func:`run` adds the missing-data policy and computes every score in one
  loop, with no attribute lookups on model objects and no recursion.

:func:`rescore` recomputes only a node and those of its ancestors whose
inputs changed, for incremental scoring.
"""

from __future__ import annotations

import datetime
import heapq
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from goalgraph._builtins import aggregators as _aggregators
from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.arithmetic import products, within_range
from goalgraph._core.caches import PerGraph
from goalgraph._core.collector import paused
from goalgraph._core.errors import RuleError
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.contribution import Contribution
from goalgraph._model.entities import Checkin, KeyResult, Kpi, NodeKind, Objective, ObjectiveKind
from goalgraph._model.metrics import CustomMetric, LinearMetric, Metric, RollupMetric
from goalgraph._model.policy import Missing
from goalgraph._registry.records import Aggregator, ScoringRule, Weighting
from goalgraph._registry.registry import Registry
from goalgraph._time.timeline import current_checkin

__all__ = [
    "NO_VALUE",
    "Plan",
    "Scores",
    "Structure",
    "Values",
    "compiled",
    "explain",
    "rescore",
    "run",
    "score_node",
    "values_for",
]

# How a node gets its score. The weighted mean, the default and by far the
# commonest, is recognised by its function and run inline; every other
# aggregator, built-in or registered, is called with its contributions.
METRIC, SCORER, WEIGHTED, CALL = range(4)


class _NoValue:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE: Any = _NoValue()  # a key result with no check-in in force
_NOT_LINEAR = object()
_NO_PERIOD = (datetime.date.min, datetime.date.min)


class Structure:
    """What scoring needs of a graph, as parallel lists in topological order."""

    index: dict[str, int]

    __slots__ = (
        "children",
        "grades",
        "ids",
        "index",
        "kinds",
        "kpis",
        "metrics",
        "objective_kinds",
        "order",
        "overrides",
        "parents",
        "periods",
        "planned",
        "rollups",
        "spans",
        "units",
        "version",
        "weights",
    )

    def __init__(self, graph: GoalGraph) -> None:
        self.version = graph.version
        objectives = graph.objectives
        # Contributors in a canonical order that a dump and reload keeps: key
        # results in their objective's order, then aligned objectives in the
        # graph's order. (The graph's edge order would follow the history of
        # edits instead.) Read from the model objects, whose links the graph
        # keeps in step with its edges.
        kids: dict[str, list[tuple[str, float]]] = {}
        key_results: dict[str, tuple[KeyResult, Objective]] = {}
        for objective_id, objective in objectives.items():
            pairs = kids[objective_id] = []
            for kr in graph.key_results_of(objective_id):
                pairs.append((kr.id, kr.weight))
                key_results[kr.id] = (kr, objective)
        for objective_id, objective in objectives.items():
            for link in objective.aligns_to:
                if link.contributes:
                    kids.setdefault(link.parent, []).append((objective_id, link.weight))
        self.ids: list[str] = _post_order(objectives, key_results, kids)
        index = self.index = {node: i for i, node in enumerate(self.ids)}
        count = len(self.ids)
        self.children: list[tuple[int, ...]] = [()] * count
        self.weights: list[tuple[float, ...]] = [()] * count
        parents: list[list[int]] = [[] for _ in range(count)]
        for node, pairs in kids.items():
            if pairs:
                i = index[node]
                children = tuple(index[child] for child, _ in pairs)
                self.children[i] = children
                self.weights[i] = tuple(weight for _, weight in pairs)
                for child in children:
                    parents[child].append(i)
        self.parents: list[tuple[int, ...]] = [tuple(p) for p in parents]
        self.kinds: list[NodeKind] = [NodeKind.OBJECTIVE] * count
        self.metrics: list[Metric | None] = [None] * count
        self.overrides: list[float | None] = [None] * count
        self.rollups: list[str | None] = [None] * count
        self.grades: list[float | None] = [None] * count
        self.spans: list[float] = [1.0] * count
        self.units: list[object] = [_NOT_LINEAR] * count
        self.planned = False  # whether a key result has (or had, since this was compiled) a plan
        # Each node's cycle (start, end) and objective kind; a key result
        # takes its objective's.
        self.periods: list[tuple[datetime.date, datetime.date]] = [_NO_PERIOD] * count
        self.objective_kinds: list[ObjectiveKind] = [ObjectiveKind.ASPIRATIONAL] * count
        cycles = {id: (cycle.start, cycle.end) for id, cycle in graph.cycles.items()}
        for node, objective in objectives.items():
            i = index[node]
            self.overrides[i] = objective.score_override
            self.rollups[i] = objective.rollup
            self.grades[i] = objective.grade
            self.periods[i] = cycles[objective.cycle]
            self.objective_kinds[i] = objective.kind
        for node, (kr, objective) in key_results.items():
            i = index[node]
            self.kinds[i] = NodeKind.KEY_RESULT
            self.overrides[i] = kr.score_override
            self.rollups[i] = objective.rollup
            self.set_metric(i, kr.metric)
            self.periods[i] = cycles[objective.cycle]
            self.objective_kinds[i] = objective.kind
        # The KPIs as they are now (immutable objects): a scorecard reads their health from them.
        self.kpis: dict[str, Kpi] = dict(graph.kpis)
        self.order: list[str] = list(graph.iter_nodes())  # every scored id and KPI, in the graph's order

    def set_metric(self, i: int, metric: Metric) -> None:
        """Record key result ``i``'s metric and what follows from it."""
        self.metrics[i] = metric
        if isinstance(metric, LinearMetric):
            self.spans[i], self.units[i] = metric.span, metric.unit
            self.planned = self.planned or bool(metric.plan)
        else:
            self.spans[i], self.units[i] = 1.0, _NOT_LINEAR


def _post_order(
    objectives: Mapping[str, Objective],
    key_results: Mapping[str, object],
    kids: Mapping[str, list[tuple[str, float]]],
) -> list[str]:
    """Objectives and key results, each after all its contributors (depth-first, without recursion)."""
    order: list[str] = []
    placed: set[str] = set()
    for root in itertools.chain(objectives, key_results):
        if root in placed:
            continue
        placed.add(root)
        stack = [(root, iter(kids.get(root, ())))]
        while stack:
            node, pending = stack[-1]
            for child, _ in pending:
                if child not in placed:
                    placed.add(child)
                    stack.append((child, iter(kids.get(child, ()))))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


class Plan:
    """How each node of a :class:`Structure` gets its score, under one registry and default."""

    __slots__ = (
        "aggregators",
        "default",
        "modes",
        "progress",
        "registry",
        "scorers",
        "structure",
        "totals",
        "values_cache",
        "weights",
    )

    def __init__(self, structure: Structure, registry: Registry, default: Aggregator) -> None:
        self.structure = structure
        self.registry = registry
        self.default = default
        self.values_cache: Values | None = None
        count = len(structure.ids)
        self.modes: list[int] = [METRIC] * count
        self.progress: list[Callable[[Any], float] | None] = [None] * count
        self.aggregators: list[Aggregator | None] = [None] * count
        self.scorers: list[ScoringRule | None] = [None] * count
        self.weights: list[tuple[float, ...]] = structure.weights
        self.totals: list[float] = [0.0] * count
        named: dict[str | None, Aggregator] = {None: default}
        for i in range(count):
            self.plan_node(i, named)

    def plan_node(self, i: int, named: dict[str | None, Aggregator] | None = None) -> None:
        """Work out node ``i``'s mode, weights and weight total from the structure."""
        structure = self.structure
        metric = structure.metrics[i]
        if metric is not None and not isinstance(metric, RollupMetric):
            if isinstance(metric, CustomMetric):
                self.modes[i], self.scorers[i] = SCORER, self.registry.get_scorer(metric.name)
            else:
                self.modes[i], self.progress[i] = METRIC, _progress_function(metric)
            return
        rollup = structure.rollups[i]
        if named is not None and rollup in named:
            aggregator = named[rollup]
        else:
            aggregator = self.default if rollup is None else self.registry.get_aggregator(rollup)
            if named is not None:
                named[rollup] = aggregator
        self.aggregators[i] = aggregator
        self.modes[i] = WEIGHTED if aggregator.function is _aggregators.weighted_mean else CALL
        weights = structure.weights[i]
        if aggregator.weighting == Weighting.VALUE:
            children = structure.children[i]
            units = {structure.units[c] for c in children} - {_NOT_LINEAR}
            if len(units) > 1:
                v.refuse(
                    codes.MIXED_UNITS,
                    "",
                    f"{structure.ids[i]!r} rolls up with value_weighted over key results in different units "
                    f"({', '.join(sorted(str(u) for u in units))})",
                    "value weighting adds up sizes in one unit; use weighted_mean or give the key results one unit",
                )
            weights = products(weights, [structure.spans[c] for c in children])
        else:
            weights = within_range(weights)
        if weights is not structure.weights[i] or self.weights is not structure.weights:
            if self.weights is structure.weights:
                self.weights = list(structure.weights)
            self.weights[i] = weights
        self.totals[i] = math.fsum(weights)


def _progress_function(metric: Metric) -> Callable[[Any], float]:
    # The linear metric, by far the most common, as a closure over its two
    # numbers: the same arithmetic as LinearMetric.progress, without its
    # attribute lookups.
    if isinstance(metric, LinearMetric):
        start, target = metric.start, metric.target

        def linear(value: float) -> float:
            return (value - start) / (target - start)

        return linear
    return metric.progress


class Values:
    """Each key result's current value on one date (``NO_VALUE`` when none is in force), and its history."""

    __slots__ = ("as_of", "histories", "values")

    def __init__(self, structure: Structure, graph: GoalGraph, as_of: datetime.date) -> None:
        self.as_of = as_of
        self.values: list[Any] = [NO_VALUE] * len(structure.ids)
        # Each key result's check-ins (or its KPI's measurements): the
        # immutable sequence itself, kept for forecasts.
        self.histories: list[Sequence[Checkin]] = [()] * len(structure.ids)
        for i in range(len(structure.ids)):
            self.refresh(structure, graph, i)

    def refresh(self, structure: Structure, graph: GoalGraph, i: int) -> None:
        """Read key result ``i``'s current value again from the graph."""
        metric = structure.metrics[i]
        if metric is None or isinstance(metric, RollupMetric):
            return
        if metric.kpi is not None:
            checkins = graph.kpis[metric.kpi].measurements
        else:
            checkins = graph.key_results[structure.ids[i]].checkins
        if metric.accumulate:
            origin = float(metric.start) if isinstance(metric, LinearMetric) else 0.0
            series = cumulative(checkins, structure.periods[i][0], origin, structure.ids[i])
            self.histories[i] = series
            # The series holds one total per date, in date order: the last on or before the date is in force.
            checkin = current_checkin(series, self.as_of)
        else:
            self.histories[i] = checkins
            checkin = current_checkin(checkins, self.as_of)
        self.values[i] = NO_VALUE if checkin is None else checkin.value


def cumulative(checkins: Sequence[Checkin], start: datetime.date, origin: float, node: str) -> tuple[Checkin, ...]:
    """Increments as the totals they make: ``origin`` plus every increment from ``start`` to each date.

    One check-in per date, in date order, each holding the total on that
    date (several increments on one date all count). Increments before
    ``start`` (an earlier cycle's) do not count.
    """
    by_date: dict[datetime.date, list[float]] = {}
    for checkin in checkins:
        if checkin.date >= start:
            by_date.setdefault(checkin.date, []).append(float(checkin.value))
    totals: list[Checkin] = []
    added: list[float] = [origin]
    for day in sorted(by_date):
        added.extend(by_date[day])
        try:
            total = math.fsum(added)
        except OverflowError:
            total = math.inf
        if not math.isfinite(total):  # a KPI's measurements read as increments, past the float range
            v.refuse(
                codes.NON_FINITE,
                "",
                f"the increments of {node!r} add up beyond the float range (about 1.8e308) by {day.isoformat()}",
                "use a larger unit (thousands, millions) so the numbers are smaller",
            )
        totals.append(Checkin(day, total))
    return tuple(totals)


class Scores:
    """The outcome of a pass: score, raw progress and computed score of every node."""

    __slots__ = ("computed", "progress", "scores")

    def __init__(self, count: int) -> None:
        self.scores: list[float | None] = [None] * count
        self.progress: list[float | None] = [None] * count
        self.computed: list[float | None] = [None] * count

    def copy(self) -> Scores:
        """An independent copy, for a snapshot that later updates must not change."""
        other = Scores(0)
        other.scores, other.progress, other.computed = self.scores[:], self.progress[:], self.computed[:]
        return other


def compiled(graph: GoalGraph, registry: Registry, default: str) -> Plan:
    """The graph's plan, built once per graph version, registry state and default aggregator.

    The cache is kept here, per graph, so scoring the same graph again pays
    only for the pass; an entry is swapped whole, so readers in other
    threads see either the old plan or the new one.
    """
    key = (graph.version, id(registry), registry.generation, default)
    cached = _PLANS.get(graph, key)
    if cached is not None and cached.registry is registry:
        return cached
    with paused():
        plan = Plan(Structure(graph), registry, registry.get_aggregator(default))
    _PLANS.put(graph, key, plan)
    return plan


_PLANS: PerGraph[Plan] = PerGraph()


def values_for(plan: Plan, graph: GoalGraph, as_of: datetime.date) -> Values:
    """The current values on ``as_of``, cached beside the plan for the last date asked."""
    cached = plan.values_cache
    if cached is not None and cached.as_of == as_of:
        return cached
    values = Values(plan.structure, graph, as_of)
    plan.values_cache = values
    return values


def run(plan: Plan, values: Values, missing: Missing) -> Scores:
    """Score every node in one pass over the plan.

    The two commonest cases, a built-in metric and a weighted mean with
    missing scores counted as zero, are inlined with local names; every
    other node goes through :func:`score_node`, which gives the same
    results (the incremental tests compare the two).
    """
    structure = plan.structure
    count = len(structure.ids)
    out = Scores(count)
    scores, progress_out, computed_out = out.scores, out.progress, out.computed
    modes, functions, current = plan.modes, plan.progress, values.values
    overrides, children, weights, totals = structure.overrides, structure.children, plan.weights, plan.totals
    fsum, isfinite, score_of = math.fsum, math.isfinite, scores.__getitem__
    zero = missing == Missing.ZERO
    for i in range(count):
        mode = modes[i]
        if mode == METRIC:
            value = current[i]
            if value is NO_VALUE:
                progress = computed = None
            else:
                progress = functions[i](value)  # type: ignore[misc]
                if not isfinite(progress):
                    # The metric's own arithmetic, which bounds a progress beyond
                    # the float range, or raises naming the node.
                    score_node(plan, values, missing, out, i)
                    continue
                computed = 1.0 if progress > 1.0 else 0.0 if progress < 0.0 else progress
        elif mode == WEIGHTED and zero:
            total = totals[i]
            if total:
                used = map(score_of, children[i])
                progress = computed = fsum([w * s for w, s in zip(weights[i], used, strict=True) if s]) / total
            else:
                progress = computed = None
        else:
            score_node(plan, values, missing, out, i)
            continue
        override = overrides[i]
        progress_out[i] = progress
        computed_out[i] = computed
        scores[i] = computed if override is None else float(override)
    return out


def rescore(
    plan: Plan, values: Values, missing: Missing, out: Scores, starts: Sequence[tuple[int, bool]]
) -> tuple[list[int], int]:
    """Recompute the given nodes and, in topological order, the ancestors whose inputs changed.

    ``starts`` pairs a node with whether its parents must be recomputed even
    if its own score stays the same (its weight or size changed). Returns
    the nodes whose result changed, in topological order, and how many
    nodes were recomputed.
    """
    parents = plan.structure.parents
    pending = [i for i, _ in starts]
    heapq.heapify(pending)
    forced = {i for i, force in starts if force}
    queued = set(pending)
    changed: list[int] = []
    touched = 0
    while pending:
        i = heapq.heappop(pending)
        before = (out.scores[i], out.progress[i], out.computed[i])
        score_node(plan, values, missing, out, i)
        touched += 1
        after = (out.scores[i], out.progress[i], out.computed[i])
        if after != before:
            changed.append(i)
        if after[0] != before[0] or i in forced:
            for parent in parents[i]:
                if parent not in queued:
                    queued.add(parent)
                    heapq.heappush(pending, parent)
    return changed, touched


def score_node(plan: Plan, values: Values, missing: Missing, out: Scores, i: int) -> None:
    """Compute node ``i``'s result into ``out``, its contributors' results being there already."""
    structure = plan.structure
    mode = plan.modes[i]
    scores = out.scores
    if mode in (METRIC, SCORER):
        value = values.values[i]
        if value is NO_VALUE:
            progress: float | None = None
        elif mode == METRIC:
            metric = structure.metrics[i]
            assert metric is not None
            progress = metric.progress(value)
            if not math.isfinite(progress):
                raise RuleError("metric", metric.type, structure.ids[i], f"progress overflowed to {progress!r}")
        else:
            progress = _custom_progress(plan, i, value)
        computed = None if progress is None else (1.0 if progress > 1.0 else 0.0 if progress < 0.0 else progress)
    else:
        computed = progress = _aggregate(plan, scores, missing, i, mode)
    override = structure.overrides[i]
    out.progress[i] = progress
    out.computed[i] = computed
    scores[i] = computed if override is None else float(override)


def _aggregate(plan: Plan, scores: list[float | None], missing: Missing, i: int, mode: int) -> float | None:
    children = plan.structure.children[i]
    if not children:
        return None
    weights = plan.weights[i]
    used = [scores[c] for c in children]
    if missing == Missing.ZERO:
        total = plan.totals[i]
    elif missing == Missing.PROPAGATE:
        if None in used:
            return None
        total = plan.totals[i]
    else:  # skip: leave missing scores out and renormalise
        if None in used:
            pairs = [(w, s) for w, s in zip(weights, used, strict=True) if s is not None]
            weights, used = tuple(w for w, _ in pairs), [s for _, s in pairs]
            if not used:
                return None
            total = math.fsum(weights)
        else:
            total = plan.totals[i]
    if not total:
        return None
    if mode == WEIGHTED:
        return math.fsum([w * s for w, s in zip(weights, used, strict=True) if s]) / total
    return _call_aggregator(plan, scores, missing, i)


def entries(plan: Plan, scores: list[float | None], i: int) -> list[tuple[str, float, float | None]]:
    """``(child id, weight used, child score)`` for node ``i``'s contributors."""
    ids = plan.structure.ids
    return [(ids[c], w, scores[c]) for c, w in zip(plan.structure.children[i], plan.weights[i], strict=True)]


def explain(plan: Plan, scores: list[float | None], missing: Missing, i: int) -> tuple[Contribution, ...]:
    """The contributions behind node ``i``'s aggregate, as the aggregator saw them.

    Under ``zero`` a missing score appears as 0.0; under ``skip`` it is left
    out; under ``propagate``, when one is missing, every contributor is
    listed with its own score (``None`` for the missing ones).
    """
    items = entries(plan, scores, i)
    if missing == Missing.PROPAGATE and any(score is None for _, _, score in items):
        return _contributions(items)
    return _contributions(_prepared(items, missing))


def _prepared(items: list[tuple[str, float, float | None]], missing: Missing) -> list[tuple[str, float, float | None]]:
    if missing == Missing.SKIP:
        return [item for item in items if item[2] is not None]
    return [(child, weight, 0.0 if score is None else score) for child, weight, score in items]


def _contributions(items: Sequence[tuple[str, float, float | None]]) -> tuple[Contribution, ...]:
    total = math.fsum(weight for _, weight, _ in items)
    out = []
    for child, weight, score in items:
        share = weight / total if total else 0.0
        out.append(Contribution(child, weight, share, score, None if score is None else share * score))
    return tuple(out)


def _call_aggregator(plan: Plan, scores: list[float | None], missing: Missing, i: int) -> float | None:
    aggregator = plan.aggregators[i]
    assert aggregator is not None
    contributions = _contributions(_prepared(entries(plan, scores, i), missing))
    return call_aggregator(aggregator, contributions, plan.structure.ids[i])


def aggregate(
    aggregator: Aggregator,
    items: Sequence[tuple[str, float, float | None]],
    missing: Missing,
    node: str,
    where: str = "",
) -> float | None:
    """``(id, weight, score)`` items rolled up as a node's contributors are, missing scores per ``missing``.

    For aggregates that are not a node's score (an owner's scorecard):
    ``node`` and ``where`` name what was being worked out when the
    aggregator fails.
    """
    if missing == Missing.PROPAGATE and any(score is None for _, _, score in items):
        return None
    prepared = _prepared(list(items), missing)
    if not prepared:
        return None
    if aggregator.function is _aggregators.weighted_mean:  # the default: the engine's own sum, no records made
        total = math.fsum([weight for _, weight, _ in prepared])
        return math.fsum([w * s for _, w, s in prepared if s]) / total if total else None
    return call_aggregator(aggregator, _contributions(prepared), node, where)


def call_aggregator(
    aggregator: Aggregator, contributions: Sequence[Contribution], node: str, where: str = ""
) -> float | None:
    """The aggregator's result, failing closed (:class:`RuleError`) on what it raises or a value out of range."""
    try:
        result = aggregator.function(contributions)
    except Exception as exc:  # a user's function: any failure must fail closed, named
        raise RuleError("aggregator", aggregator.name, node, f"raised {type(exc).__name__}: {exc}{where}") from exc
    if result is None:
        return None
    _check_value("aggregator", aggregator.name, node, result, bounded=True, where=where)
    return float(result)


def _custom_progress(plan: Plan, i: int, value: float | bool) -> float | None:
    scorer = plan.scorers[i]
    metric = plan.structure.metrics[i]
    assert scorer is not None
    assert isinstance(metric, CustomMetric)
    node = plan.structure.ids[i]
    try:
        progress = scorer.function(value, metric.params)
    except Exception as exc:  # a user's function: any failure must fail closed, named
        raise RuleError("scorer", scorer.name, node, f"raised {type(exc).__name__}: {exc}") from exc
    if progress is None:
        return None
    _check_value("scorer", scorer.name, node, progress, bounded=scorer.bounded)
    return float(progress)


def _check_value(kind: str, name: str, node: str, value: object, *, bounded: bool, where: str = "") -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleError(kind, name, node, f"returned {v.describe(value)}, not a number{where}")
    if isinstance(value, float) and not math.isfinite(value):
        raise RuleError(kind, name, node, f"returned {value!r}{where}")
    if not v.is_number(value):  # an integer beyond the float range (10**400): float() would overflow
        raise RuleError(kind, name, node, f"returned {v.describe(value)}, beyond the float range{where}")
    if bounded and not 0.0 <= value <= 1.0:
        raise RuleError(kind, name, node, f"returned {value!r}, outside [0, 1]{where}")

"""Scorer: keep a graph's scores current as check-ins arrive, re-scoring only what changed.

A host product records a check-in and wants the new scores at once, inside
a request. :class:`Scorer` holds its own compiled form of the graph and the
last scores; a change through it re-scores the node it touches and, in
topological order, only those ancestors whose inputs changed. The result is
always the one a full :func:`~goalgraph.score` would give; the tests compare
the two after every step of random sequences of changes.
"""

from __future__ import annotations

import datetime
from typing import Any, NoReturn

import attrs

from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import Checkin, NodeKind
from goalgraph._model.metrics import RollupMetric
from goalgraph._model.policy import Policy
from goalgraph._registry.registry import Registry, default_registry
from goalgraph._scoring import compiled as _compiled
from goalgraph._scoring.results import Scorecard
from goalgraph._time.timeline import as_of_date

__all__ = ["Rescore", "Scorer"]

# Fields whose change the Scorer patches in place; a change to any other
# field of an objective or key result is followed by a full pass.
_KR_FIELDS = frozenset({"score_override", "weight", "metric", "checkins", "title", "owner", "ignore", "extra"})
_OBJECTIVE_FIELDS = frozenset(
    {"score_override", "grade", "rollup", "title", "description", "kind", "owner", "cycle", "ignore", "extra"}
)


@attrs.frozen
class Rescore:
    """What one change re-scored.

    Parameters
    ----------
    changed : tuple of str
        The ids whose result (score, progress or computed score) changed,
        in topological order (contributors before parents).
    touched : int
        How many nodes were recomputed: the node changed and those of its
        ancestors whose inputs changed. A change the scorer cannot patch
        (a new node or link) recomputes every node.

    Examples
    --------
    >>> Rescore(changed=("KR1", "O1"), touched=2).changed
    ('KR1', 'O1')
    """

    changed: tuple[str, ...]
    touched: int


class Scorer:
    """Scores of one graph on one date, kept current through incremental re-scoring.

    Make changes through the scorer (:meth:`add_checkin`,
    :meth:`add_measurement`, :meth:`update`): it changes the graph and
    re-scores only what the change reaches. Changes made to the graph
    directly are noticed (by its version) and answered with a full pass.
    Several threads may share a scorer: each change, with the re-scoring
    that follows, holds the graph's lock (see :class:`~goalgraph.GoalGraph`).

    Parameters
    ----------
    graph : GoalGraph
        The graph to score and change.
    as_of, policy, registry
        As for :func:`~goalgraph.score`.

    Examples
    --------
    >>> import datetime
    >>> from goalgraph import Checkin, Scorer, load_example, score
    >>> graph = load_example()
    >>> scorer = Scorer(graph, as_of="2026-11-16")
    >>> update = scorer.add_checkin("sales-q4-1-kr1", Checkin(datetime.date(2026, 11, 16), 30))
    >>> update.changed[:2], update.touched
    (('sales-q4-1-kr1', 'sales-q4-1'), 4)
    >>> scorer.scorecard.to_dict() == score(graph, as_of="2026-11-16").to_dict()
    True
    """

    def __init__(
        self,
        graph: GoalGraph,
        as_of: datetime.date | str | None = None,
        policy: Policy | None = None,
        registry: Registry | None = None,
    ) -> None:
        self._graph = graph
        self._as_of = as_of_date(as_of)
        self._policy = policy or Policy()
        self._registry = registry or default_registry
        self._snapshot: Scorecard | None = None
        self._structure: _compiled.Structure
        self._plan: _compiled.Plan
        self._values: _compiled.Values
        self._scores: _compiled.Scores
        self._version: int
        with graph.reading():
            self._full()

    def __reduce__(self) -> NoReturn:
        # A copy would share the graph and the scores it keeps current: refuse copy and pickle alike.
        raise TypeError(
            "a Scorer does not copy or pickle: it keeps one graph's scores current in this process; "
            "copy or pickle the graph, and make a Scorer for it where it is used"
        )

    @property
    def graph(self) -> GoalGraph:
        """The graph being scored."""
        return self._graph

    @property
    def scorecard(self) -> Scorecard:
        """The current scores, as a :class:`~goalgraph.Scorecard` that later changes leave as it is."""
        with self._graph.reading():
            self._sync()
            if self._snapshot is None:
                plan, values = _copy(self._plan), _copy(self._values)
                plan.structure = _copy(self._plan.structure)
                self._snapshot = Scorecard(plan, values, self._scores.copy(), self._policy)
            return self._snapshot

    def add_checkin(self, kr_id: str, checkin: Checkin) -> Rescore:
        """Record a check-in on a key result and re-score what it reaches."""
        with self._graph.reading():
            self._sync()
            self._graph.add_checkin(kr_id, checkin)
            i = self._structure.index[kr_id]
            self._values.refresh(self._structure, self._graph, i)
            return self._rescore([(i, False)])

    def add_measurement(self, kpi_id: str, measurement: Checkin) -> Rescore:
        """Record a KPI measurement and re-score the key results that read the KPI."""
        with self._graph.reading():
            return self._add_measurement(kpi_id, measurement)

    def _add_measurement(self, kpi_id: str, measurement: Checkin) -> Rescore:
        self._sync()
        self._graph.add_measurement(kpi_id, measurement)
        # A new dict, not a change to the old one: scorecards handed out earlier share it.
        self._structure.kpis = {**self._structure.kpis, kpi_id: self._graph.kpis[kpi_id]}
        readers = [i for i, metric in enumerate(self._structure.metrics) if metric is not None and metric.kpi == kpi_id]
        for i in readers:
            self._values.refresh(self._structure, self._graph, i)
        return self._rescore([(i, False) for i in readers])

    def update(self, id: str, **changes: Any) -> Rescore:
        """Change fields of an objective or key result (see :meth:`GoalGraph.update`) and re-score.

        Weights, metrics (targets, starts...), overrides, grades and rollup
        choices are patched in place; other changes are followed by a full
        pass.

        Examples
        --------
        >>> from goalgraph import Scorer, load_example
        >>> scorer = Scorer(load_example(), as_of="2026-11-16")
        >>> scorer.update("acme-q4-1", score_override=0.9).changed
        ('acme-q4-1',)
        """
        with self._graph.reading():
            return self._update(id, **changes)

    def _update(self, id: str, **changes: Any) -> Rescore:
        self._sync()
        self._graph.update(id, **changes)
        structure, plan = self._structure, self._plan
        i = structure.index[id]
        fields = set(changes)
        is_kr = structure.kinds[i] == NodeKind.KEY_RESULT
        if not fields <= (_KR_FIELDS if is_kr else _OBJECTIVE_FIELDS):
            return self._full(report=True)
        starts: list[tuple[int, bool]] = [(i, False)]
        if "score_override" in fields:
            structure.overrides[i] = changes["score_override"]
        if "grade" in fields:
            structure.grades[i] = changes["grade"]
        if is_kr:
            kr = self._graph.key_results[id]
            if "metric" in fields:
                if isinstance(kr.metric, RollupMetric) != isinstance(structure.metrics[i], RollupMetric):
                    return self._full(report=True)
                structure.set_metric(i, kr.metric)
                plan.plan_node(i)
            if fields & {"metric", "checkins"}:
                self._values.refresh(structure, self._graph, i)
            if fields & {"weight", "metric"}:
                for parent in structure.parents[i]:
                    if "weight" in fields:
                        position = structure.children[parent].index(i)
                        weights = list(structure.weights[parent])
                        weights[position] = kr.weight
                        structure.weights[parent] = tuple(weights)
                    plan.plan_node(parent)
                starts[0] = (i, True)
        elif fields & {"kind", "cycle"}:
            # Scores do not change; the expected scores of the objective and
            # its key results do.
            objective = self._graph.objectives[id]
            cycle = self._graph.cycles[objective.cycle]
            for k in (i, *(structure.index[kr.id] for kr in self._graph.key_results_of(id))):
                structure.periods[k] = (cycle.start, cycle.end)
                structure.objective_kinds[k] = objective.kind
        if not is_kr and "rollup" in fields:
            rollup = self._graph.objectives[id].rollup
            structure.rollups[i] = rollup
            plan.plan_node(i)
            for kr_id in (kr.id for kr in self._graph.key_results_of(id)):
                k = structure.index[kr_id]
                structure.rollups[k] = rollup
                if isinstance(structure.metrics[k], RollupMetric):
                    plan.plan_node(k)
                    starts.append((k, False))
        return self._rescore(starts)

    # Every public method holds the graph's lock while it runs: the changes this
    # scorer makes, those other threads make to the graph directly, and the
    # scorer's own state then never interleave (see GoalGraph's thread safety).

    def _sync(self) -> None:
        if self._graph.version != self._version:
            self._full()

    def _full(self, *, report: bool = False) -> Rescore:
        before = None if not report else dict(zip(self._structure.ids, _triples(self._scores), strict=True))
        # The graph's cached plan (what score() compiled, or compiles now) is
        # copied, not rebuilt: this scorer patches its own copy in place.
        shared = _compiled.compiled(self._graph, self._registry, self._policy.aggregator)
        self._structure = _copy(shared.structure)
        self._plan = _copy(shared)
        self._plan.structure = self._structure
        self._plan.values_cache = None
        if shared.weights is shared.structure.weights:
            self._plan.weights = self._structure.weights
        self._values = _copy(_compiled.values_for(shared, self._graph, self._as_of))
        self._scores = _compiled.run(self._plan, self._values, self._policy.missing)
        self._version = self._graph.version
        self._snapshot = None
        ids = self._structure.ids
        if before is None:
            return Rescore(tuple(ids), len(ids))
        after = zip(ids, _triples(self._scores), strict=True)
        return Rescore(tuple(node for node, triple in after if before.get(node) != triple), len(ids))

    def _rescore(self, starts: list[tuple[int, bool]]) -> Rescore:
        changed, touched = _compiled.rescore(self._plan, self._values, self._policy.missing, self._scores, starts)
        self._version = self._structure.version = self._graph.version  # a snapshot tells which graph it shows
        self._snapshot = None
        ids = self._structure.ids
        return Rescore(tuple(ids[i] for i in changed), touched)


def _triples(scores: _compiled.Scores) -> list[tuple[float | None, float | None, float | None]]:
    return list(zip(scores.scores, scores.progress, scores.computed, strict=True))


def _copy(obj: Any) -> Any:
    """A copy of a slotted engine object whose lists are copied too.

    Tuples and dicts are shared: the scorer never changes those in place
    (it replaces the KPI table whole on a new measurement).
    """
    other = object.__new__(type(obj))
    for name in type(obj).__slots__:
        if hasattr(obj, name):
            value = getattr(obj, name)
            setattr(other, name, value[:] if isinstance(value, list) else value)
    return other

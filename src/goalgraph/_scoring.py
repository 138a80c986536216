"""score(): a 0-1 score with its explanation for every key result and objective.

One pass over the graph in topological order (contributors before parents),
so scoring never recurses: a chain 100,000 levels deep scores like a flat one.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator, Mapping, Sequence
from enum import StrEnum
from typing import Any

import attrs
import networkx as nx

from goalgraph import _validators as v
from goalgraph._aggregators import Contribution
from goalgraph._errors import RuleError
from goalgraph._graph import CONTRIBUTES, GoalGraph
from goalgraph._metrics import CustomMetric, LinearMetric, RollupMetric
from goalgraph._model import Checkin, KeyResult, NodeKind, Objective
from goalgraph._policy import Missing, Policy
from goalgraph._registry import Aggregator, Registry, Weighting, default_registry

__all__ = ["NodeResult", "Provenance", "Scorecard", "current_checkin", "score"]


class Provenance(StrEnum):
    """Where a score comes from.

    ``computed`` from values and rollups; ``manual`` from a
    ``score_override``; ``missing`` when there is nothing to score.

    Examples
    --------
    >>> Provenance.MANUAL == "manual"
    True
    """

    COMPUTED = "computed"
    MANUAL = "manual"
    MISSING = "missing"


@attrs.frozen(kw_only=True)
class NodeResult:
    """The score of one key result or objective, with its explanation.

    Parameters
    ----------
    id : str
    kind : NodeKind
        ``objective`` or ``key_result``.
    score : float or None
        In [0, 1]; ``None`` when there is nothing to score.
    progress : float or None
        The raw value before clamping: a key result's ratio (may be below 0
        or above 1), an objective's aggregate.
    provenance : Provenance
    computed : float or None
        The computed score, kept beside a manual override.
    contributions : tuple of Contribution
        How each contributor entered the rollup (objectives and rollup
        key results).
    value : float or bool or None
        A key result's current value as of the scoring date.
    grade : float or None
        An objective's recorded end-of-cycle grade (not part of the score).

    Examples
    --------
    >>> r = NodeResult(id="KR1", kind="key_result", score=1.0, progress=1.25,
    ...                provenance="computed", computed=1.0, value=50)
    >>> r.score, r.progress
    (1.0, 1.25)
    """

    id: str
    kind: NodeKind = attrs.field(converter=NodeKind)
    score: float | None
    progress: float | None
    provenance: Provenance = attrs.field(converter=Provenance)
    computed: float | None = None
    contributions: tuple[Contribution, ...] = ()
    value: float | bool | None = None
    grade: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready data.

        Examples
        --------
        >>> NodeResult(id="O1", kind="objective", score=None, progress=None,
        ...            provenance="missing").to_dict()["provenance"]
        'missing'
        """
        data = attrs.asdict(self, recurse=True)
        data["kind"] = str(self.kind)
        data["provenance"] = str(self.provenance)
        data["contributions"] = [attrs.asdict(c) for c in self.contributions]
        return data


class Scorecard(Mapping[str, NodeResult]):
    """The result of :func:`score`: a read-only mapping from node id to :class:`NodeResult`.

    Iteration follows the graph's order of insertion.

    Examples
    --------
    >>> from goalgraph import loads, score
    >>> doc = '''{"goalgraph": 1,
    ...   "cycles": [{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}],
    ...   "owners": [{"id": "acme", "level": "company"}],
    ...   "objectives": [{"id": "O1", "title": "Grow", "owner": "acme", "cycle": "Q3",
    ...     "key_results": [{"id": "KR1", "title": "Customers",
    ...       "metric": {"type": "linear", "start": 0, "target": 100},
    ...       "checkins": [{"date": "2026-08-01", "value": 40}]}]}]}'''
    >>> card = score(loads(doc, format="json"), as_of="2026-08-15")
    >>> card["O1"].score, card.as_of
    (0.4, datetime.date(2026, 8, 15))
    """

    def __init__(self, results: Mapping[str, NodeResult], as_of: datetime.date, policy: Policy) -> None:
        self._results = dict(results)
        self._as_of = as_of
        self._policy = policy

    @property
    def as_of(self) -> datetime.date:
        """The date the scores are computed for."""
        return self._as_of

    @property
    def policy(self) -> Policy:
        """The policy the scores follow."""
        return self._policy

    def __getitem__(self, id: str) -> NodeResult:
        return self._results[id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)

    def __repr__(self) -> str:
        return f"<Scorecard as of {self._as_of.isoformat()}: {len(self)} results>"

    def to_dict(self) -> dict[str, Any]:
        """The scorecard as plain JSON-ready data, results keyed by id.

        Examples
        --------
        >>> from goalgraph import GoalGraph, score
        >>> score(GoalGraph(), as_of="2026-01-01").to_dict()
        {'as_of': '2026-01-01', 'policy': {'aggregator': 'weighted_mean', 'missing': 'zero'}, 'results': {}}
        """
        return {
            "as_of": self._as_of.isoformat(),
            "policy": {"aggregator": self._policy.aggregator, "missing": str(self._policy.missing)},
            "results": {node: result.to_dict() for node, result in self._results.items()},
        }


def current_checkin(checkins: Sequence[Checkin], as_of: datetime.date) -> Checkin | None:
    """The check-in in force on ``as_of``: the latest dated on or before it.

    Of several on the same date, the later one in the sequence wins.

    Examples
    --------
    >>> from datetime import date
    >>> cs = [Checkin(date(2026, 7, 1), 10), Checkin(date(2026, 7, 9), 30), Checkin(date(2026, 7, 9), 20)]
    >>> current_checkin(cs, date(2026, 7, 9)).value
    20
    >>> current_checkin(cs, date(2026, 6, 30)) is None
    True
    """
    best: Checkin | None = None
    for checkin in checkins:
        if checkin.date <= as_of and (best is None or checkin.date >= best.date):
            best = checkin
    return best


def score(
    graph: GoalGraph,
    as_of: datetime.date | str | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> Scorecard:
    """Score every key result and objective of ``graph`` as of a date.

    Parameters
    ----------
    graph : GoalGraph
    as_of : datetime.date or str, optional
        The scoring date (an ISO ``YYYY-MM-DD`` string is accepted); check-ins
        dated on it count. Default: today.
    policy : Policy, optional
        Missing-data handling and the default aggregator.
    registry : Registry, optional
        Where custom scorers and aggregators are looked up; default
        ``goalgraph.default_registry``.

    Returns
    -------
    Scorecard
        A read-only mapping from id to :class:`NodeResult`.

    Raises
    ------
    RuleError
        When a custom scorer or aggregator raises or returns a non-finite or
        out-of-range value (fail closed: never a silent 0 or 1).
    RegistrationError
        When the graph names a scorer or aggregator the registry lacks.
    ValidationError
        When ``value_weighted`` is asked to mix key results of different units.

    Notes
    -----
    A key result's progress is its metric applied to its current value
    (SPEC §2); its score is progress clamped to [0, 1]. An objective's score
    aggregates its contributors (its key results and the objectives aligned
    to it with ``contributes: true``) as peers, each with its edge weight
    (SPEC §3). Sums use :func:`math.fsum`, so the order of contributors
    does not matter.

    Examples
    --------
    >>> from goalgraph import load_example
    >>> card = score(load_example(), as_of="2026-11-16")
    >>> 0 <= card["acme-q4-1"].score <= 1
    True
    """
    day = _as_of(as_of)
    policy = policy or Policy()
    registry = registry or default_registry
    default_aggregator = registry.get_aggregator(policy.aggregator)
    engine = _Engine(graph, day, policy, registry, default_aggregator)
    return Scorecard(engine.run(), day, policy)


def _as_of(as_of: datetime.date | str | None) -> datetime.date:
    if as_of is None:
        return datetime.date.today()
    if isinstance(as_of, str):
        try:
            return datetime.date.fromisoformat(as_of)
        except ValueError:
            raise ValueError(f"as_of must be an ISO date (YYYY-MM-DD), got {as_of!r}") from None
    if isinstance(as_of, datetime.datetime) or not isinstance(as_of, datetime.date):
        raise TypeError(f"as_of must be a datetime.date, got {type(as_of).__name__}")
    return as_of


@attrs.define
class _Engine:
    graph: GoalGraph
    as_of: datetime.date
    policy: Policy
    registry: Registry
    default_aggregator: Aggregator
    results: dict[str, NodeResult] = attrs.field(factory=dict)
    # The graph's read-only views, taken once: each access builds a new one.
    dag: nx.DiGraph[str] = attrs.field(init=False)
    objectives: Mapping[str, Objective] = attrs.field(init=False)
    key_results: Mapping[str, KeyResult] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.dag = self.graph.nx
        self.objectives = self.graph.objectives
        self.key_results = self.graph.key_results

    def run(self) -> dict[str, NodeResult]:
        nodes = self.dag.nodes
        for node in nx.topological_sort(self.dag):
            kind = nodes[node]["kind"]
            if kind == NodeKind.KEY_RESULT:
                self.results[node] = self._key_result(self.key_results[node])
            elif kind == NodeKind.OBJECTIVE:
                self.results[node] = self._objective(self.objectives[node])
        # Report in the graph's own order, not the topological one.
        return {node: self.results[node] for node in self.graph.iter_nodes() if node in self.results}

    def _aggregator_of(self, objective: Objective) -> Aggregator:
        if objective.rollup is None:
            return self.default_aggregator
        return self.registry.get_aggregator(objective.rollup)

    def _objective(self, objective: Objective) -> NodeResult:
        computed, contributions = self._rollup(objective.id, self._aggregator_of(objective))
        return _result(
            objective.id,
            NodeKind.OBJECTIVE,
            computed,
            computed,
            objective.score_override,
            contributions,
            None,
            objective.grade,
        )

    def _key_result(self, kr: KeyResult) -> NodeResult:
        metric = kr.metric
        if isinstance(metric, RollupMetric):
            objective = self.objectives[self.graph.objective_of(kr.id)]
            progress, contributions = self._rollup(kr.id, self._aggregator_of(objective))
            return _result(kr.id, NodeKind.KEY_RESULT, progress, progress, kr.score_override, contributions, None, None)
        if metric.kpi is not None:
            checkin = current_checkin(self.graph.kpis[metric.kpi].measurements, self.as_of)
        else:
            checkin = current_checkin(kr.checkins, self.as_of)
        if checkin is None:
            return _result(kr.id, NodeKind.KEY_RESULT, None, None, kr.score_override, (), None, None)
        if isinstance(metric, CustomMetric):
            progress = self._custom_progress(kr.id, metric, checkin.value)
        else:
            progress = metric.progress(checkin.value)
            if not math.isfinite(progress):
                raise RuleError("metric", metric.type, kr.id, f"progress overflowed to {progress!r}")
        clamped = None if progress is None else min(1.0, max(0.0, progress))
        return _result(kr.id, NodeKind.KEY_RESULT, progress, clamped, kr.score_override, (), checkin.value, None)

    def _custom_progress(self, node: str, metric: CustomMetric, value: float | bool) -> float | None:
        scorer = self.registry.get_scorer(metric.name)
        try:
            progress = scorer.function(value, metric.params)
        except Exception as exc:  # a user's function: any failure must fail closed, named
            raise RuleError("scorer", metric.name, node, f"raised {type(exc).__name__}: {exc}") from exc
        if progress is None:
            return None
        _check_value("scorer", metric.name, node, progress, bounded=scorer.bounded)
        return float(progress)

    def _rollup(self, node: str, aggregator: Aggregator) -> tuple[float | None, tuple[Contribution, ...]]:
        entries: list[tuple[str, float, float | None]] = []
        units: set[str | None] = set()
        for child, data in self.dag.pred[node].items():
            if data["kind"] != CONTRIBUTES:
                continue
            weight = data["weight"]
            if aggregator.weighting == Weighting.VALUE:
                metric = self.key_results[child].metric if child in self.key_results else None
                if isinstance(metric, LinearMetric):
                    weight = weight * metric.span
                    units.add(metric.unit)
            entries.append((child, weight, self.results[child].score))
        if len(units) > 1:
            v.refuse(
                v.MIXED_UNITS,
                "",
                f"{node!r} rolls up with value_weighted over key results in different units "
                f"({', '.join(sorted(str(u) for u in units))})",
                "value weighting adds up sizes in one unit; use weighted_mean or give the key results one unit",
            )
        return rollup(node, entries, aggregator, self.policy.missing)


def rollup(
    node: str,
    entries: Sequence[tuple[str, float, float | None]],
    aggregator: Aggregator,
    missing: Missing,
) -> tuple[float | None, tuple[Contribution, ...]]:
    """Aggregate ``(child id, weight, score)`` entries under a missing-data rule.

    Returns the score (``None`` when there is nothing to score) and the
    contributions that explain it.
    """
    if missing == Missing.PROPAGATE and any(score is None for _, _, score in entries):
        return None, _contributions(entries)
    if missing == Missing.SKIP:
        entries = [entry for entry in entries if entry[2] is not None]
    else:
        entries = [(child, weight, 0.0 if score is None else score) for child, weight, score in entries]
    contributions = _contributions(entries)
    if not contributions or not math.fsum(c.weight for c in contributions):
        return None, contributions
    try:
        result = aggregator.function(contributions)
    except Exception as exc:  # a user's function: any failure must fail closed, named
        raise RuleError("aggregator", aggregator.name, node, f"raised {type(exc).__name__}: {exc}") from exc
    if result is not None:
        _check_value("aggregator", aggregator.name, node, result, bounded=True)
        result = float(result)
    return result, contributions


def _contributions(entries: Sequence[tuple[str, float, float | None]]) -> tuple[Contribution, ...]:
    total = math.fsum(weight for _, weight, _ in entries)
    out = []
    for child, weight, score in entries:
        share = weight / total if total else 0.0
        out.append(Contribution(child, weight, share, score, None if score is None else share * score))
    return tuple(out)


def _check_value(kind: str, name: str, node: str, value: object, *, bounded: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleError(kind, name, node, f"returned {v.describe(value)}, not a number")
    if not math.isfinite(value):
        raise RuleError(kind, name, node, f"returned {value!r}")
    if bounded and not 0.0 <= value <= 1.0:
        raise RuleError(kind, name, node, f"returned {value!r}, outside [0, 1]")


def _result(
    id: str,
    kind: NodeKind,
    progress: float | None,
    computed: float | None,
    override: float | None,
    contributions: tuple[Contribution, ...],
    value: float | bool | None,
    grade: float | None,
) -> NodeResult:
    if override is not None:
        provenance, final = Provenance.MANUAL, float(override)
    elif computed is None:
        provenance, final = Provenance.MISSING, None
    else:
        provenance, final = Provenance.COMPUTED, computed
    return NodeResult(
        id=id,
        kind=kind,
        score=final,
        progress=progress,
        provenance=provenance,
        computed=computed,
        contributions=contributions,
        value=value,
        grade=grade,
    )

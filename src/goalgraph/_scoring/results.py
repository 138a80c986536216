"""The results of scoring: one :class:`NodeResult` per node, and the :class:`Scorecard` that makes them on demand."""

from __future__ import annotations

import datetime
import threading
from collections.abc import ItemsView, Iterator, Mapping, ValuesView
from enum import StrEnum
from typing import Any, NoReturn

import attrs

from goalgraph._core.collector import paused
from goalgraph._core.fields import as_enum
from goalgraph._model.contribution import Contribution
from goalgraph._model.entities import Kpi, NodeKind
from goalgraph._model.policy import Policy
from goalgraph._scoring import compiled as _compiled
from goalgraph._scoring.outlook import Outlook
from goalgraph._time.health import Health, read_kpi
from goalgraph._time.status import GradeBand, Status

__all__ = ["Forecast", "NodeResult", "Provenance", "Scorecard"]


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
class Forecast:
    """Where a key result or objective will end its cycle if the trend of its check-ins holds.

    Parameters
    ----------
    progress, score : float or None
        At the cycle's end: a key result's metric applied to the value of
        the least-squares line through its check-ins on that date, and that
        clamped to [0, 1] (or its manual override); for an objective, its
        contributors' forecasts rolled up.
    reaches_target_on : datetime.date or None
        When the target (progress 1) is reached, never before the first
        check-in the line is fitted on: when the value meets it as of the
        scoring date, the date of the first check-in of the cycle that met
        it (even if the line now falls); otherwise the first day after the
        scoring date on which the line reaches it, even after the cycle's
        end. ``None`` when it never does at that pace, for objectives, and
        for band metrics.

    Notes
    -----
    A node whose cycle has ended by the scoring date has no forecast: its
    outcome is known.

    Examples
    --------
    >>> from datetime import date
    >>> Forecast(progress=1.09, score=1.0, reaches_target_on=date(2026, 4, 1)).score
    1.0
    """

    progress: float | None
    score: float | None
    reaches_target_on: datetime.date | None = None

    def to_dict(self) -> dict[str, Any]:
        """The forecast as plain JSON-ready data.

        Examples
        --------
        >>> Forecast(progress=0.5, score=0.5).to_dict()
        {'progress': 0.5, 'score': 0.5, 'reaches_target_on': None}
        """
        reaches = self.reaches_target_on
        return {"progress": self.progress, "score": self.score, "reaches_target_on": reaches and reaches.isoformat()}


# Converters for the result's enumerations. A member passes through untouched:
# results are made by the hundred thousand, and calling an enum class is slow.


def _kind(value: Any) -> Any:
    return as_enum(NodeKind, value)


def _provenance(value: Any) -> Any:
    return as_enum(Provenance, value)


def _status(value: Any) -> Any:
    return as_enum(Status, value)


def _optional_status(value: Any) -> Any:
    return as_enum(Status, value, optional=True)


def _grade_band(value: Any) -> Any:
    return as_enum(GradeBand, value, optional=True)


def _health(value: Any) -> Any:
    return as_enum(Health, value, optional=True)


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
    expected : float or None
        The score expected by the scoring date: the elapsed fraction of the
        cycle (or the pace curve at it) times the expectation for the
        objective's kind; for a key result with a plan, the score of its
        planned value; for a node with a planned contributor at any depth,
        its own aggregate of its contributors' expected scores.
    planned : float or None
        A key result's planned value on the scoring date, from its metric's
        ``plan`` (phased targets); ``None`` without a plan.
    status : Status
        The score against ``expected``: ``on_track``, ``at_risk``,
        ``off_track``, or ``achieved``, ``not_started``, ``unscored``.
    rolled_status : Status
        The worst status among this node and, transitively, its
        contributors (``not_started`` and ``unscored`` ignored). Default:
        ``status``.
    grade_band : GradeBand or None
        The score's colour: red, yellow or green.
    forecast : Forecast or None
        The trend to the end of the cycle, when there is one.
    health : Health or None
        A KPI's health (its colour, or ``unknown``); ``None`` for key
        results and objectives. A KPI's result also carries its value, its
        score against its target (``progress`` before clamping), and:
    stale : bool or None
        Whether a KPI's latest measurement is older than its frequency
        allows; ``None`` without a frequency, and for other nodes. Status,
        expected score and forecast are for key results and objectives: a
        KPI's standing is its health.

    Examples
    --------
    >>> r = NodeResult(id="KR1", kind="key_result", score=1.0, progress=1.25,
    ...                provenance="computed", computed=1.0, value=50, status="achieved")
    >>> r.score, r.progress, r.rolled_status
    (1.0, 1.25, <Status.ACHIEVED: 'achieved'>)
    """

    id: str
    kind: NodeKind = attrs.field(converter=_kind)
    score: float | None
    progress: float | None
    provenance: Provenance = attrs.field(converter=_provenance)
    computed: float | None = None
    contributions: tuple[Contribution, ...] = ()
    value: float | bool | None = None
    grade: float | None = None
    expected: float | None = None
    status: Status = attrs.field(default=Status.UNSCORED, converter=_status)
    rolled_status: Status = attrs.field(
        default=attrs.Factory(lambda self: self.status, takes_self=True),
        converter=_optional_status,
    )
    grade_band: GradeBand | None = attrs.field(default=None, converter=_grade_band)
    forecast: Forecast | None = None
    health: Health | None = attrs.field(default=None, converter=_health)
    stale: bool | None = None
    planned: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready data.

        The contributions are listed by id, not in the document's order, so
        that the same graph gives the same data however its document is
        ordered (the ``contributions`` attribute keeps the document's order).

        Examples
        --------
        >>> NodeResult(id="O1", kind="objective", score=None, progress=None,
        ...            provenance="missing").to_dict()["provenance"]
        'missing'
        """
        data = attrs.asdict(self, recurse=True)
        data["kind"] = str(self.kind)
        data["provenance"] = str(self.provenance)
        data["contributions"] = [attrs.asdict(c) for c in sorted(self.contributions, key=lambda c: c.id)]
        data["status"] = str(self.status)
        data["rolled_status"] = str(self.rolled_status)
        data["grade_band"] = None if self.grade_band is None else str(self.grade_band)
        data["forecast"] = None if self.forecast is None else self.forecast.to_dict()
        data["health"] = None if self.health is None else str(self.health)
        return data


class Scorecard(Mapping[str, NodeResult]):
    """The result of :func:`score`: a read-only mapping from node id to :class:`NodeResult`.

    Iteration follows the graph's order of insertion. The scores are
    computed when the scorecard is made; each :class:`NodeResult`, with its
    explanation, is built when it is first looked up, so a host that reads
    a few results of a large graph does not pay for the others. Either way
    a scorecard shows the graph as it was when it was made: later changes
    to the graph leave it as it is, and several threads may read one at
    once.

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

    def __init__(
        self, plan: _compiled.Plan, values: _compiled.Values, scores: _compiled.Scores, policy: Policy
    ) -> None:
        self._plan = plan
        self._values = values
        self._scores = scores
        self._policy = policy
        self._built: dict[str, NodeResult] = {}
        self._outlook: Outlook | None = None
        # Results are built by one thread at a time: they fill the outlook's shared tables as they go.
        self._lock = threading.Lock()

    def __copy__(self) -> Scorecard:
        return self  # a snapshot that nothing changes: a copy would be the same

    def __deepcopy__(self, memo: dict[int, object]) -> Scorecard:
        return self

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            "a Scorecard does not pickle: it reads the compiled form of the graph it was made from; "
            "send card.to_dict() (plain data) or its NodeResults, which pickle, or pickle the graph and score it there"
        )

    @property
    def as_of(self) -> datetime.date:
        """The date the scores are computed for."""
        return self._values.as_of

    @property
    def policy(self) -> Policy:
        """The policy the scores follow."""
        return self._policy

    def __getitem__(self, id: str) -> NodeResult:
        result = self._built.get(id)
        if result is None:
            with self._lock:
                result = self._build(id)
        return result

    def _build(self, id: str) -> NodeResult:
        result = self._built.get(id)  # again: another thread may have built it meanwhile
        if result is None:
            kpi = self._plan.structure.kpis.get(id)
            # KeyError for ids that are neither scored nor KPIs:
            result = self._result(self._plan.structure.index[id]) if kpi is None else self._kpi_result(kpi)
            self._built[id] = result
        return result

    def __iter__(self) -> Iterator[str]:
        return iter(self._plan.structure.order)

    def __len__(self) -> int:
        return len(self._plan.structure.order)

    def __contains__(self, id: object) -> bool:
        structure = self._plan.structure
        return id in structure.index or id in structure.kpis

    def __repr__(self) -> str:
        return f"<Scorecard as of {self.as_of.isoformat()}: {len(self)} results>"

    def values(self) -> ValuesView[NodeResult]:
        """Every result, in the graph's order (all built at once, the fastest way to read them all)."""
        self._build_all()
        return ValuesView(self)

    def items(self) -> ItemsView[str, NodeResult]:
        """Every ``(id, result)`` pair, in the graph's order (all built at once)."""
        self._build_all()
        return ItemsView(self)

    def _build_all(self) -> None:
        built = self._built
        if len(built) == len(self):
            return
        # Hundreds of thousands of small objects that all stay: no collections meanwhile.
        with self._lock, paused():
            for id in self._plan.structure.order:
                if id not in built:
                    self._build(id)

    def score_of(self, id: str) -> float | None:
        """Just the score of one node, without building its full result.

        Examples
        --------
        >>> from goalgraph import load_example, score
        >>> card = score(load_example(), as_of="2026-11-16")
        >>> card.score_of("acme-q4-1") == card["acme-q4-1"].score
        True
        """
        structure = self._plan.structure
        if id in structure.kpis:
            return read_kpi(structure.kpis[id], self.as_of).score
        return self._scores.scores[structure.index[id]]

    def kind_of(self, id: str) -> NodeKind:
        """Just the kind of one node, without building its full result.

        Examples
        --------
        >>> from goalgraph import load_example, score
        >>> card = score(load_example(), as_of="2026-11-16")
        >>> card.kind_of("acme-q4-1"), card.kind_of("nps")
        (<NodeKind.OBJECTIVE: 'objective'>, <NodeKind.KPI: 'kpi'>)
        """
        structure = self._plan.structure
        if id in structure.kpis:
            return NodeKind.KPI
        return structure.kinds[structure.index[id]]

    def status_of(self, id: str) -> Status | Health:
        """Just the status of one node (a KPI's health), without building its full result.

        Examples
        --------
        >>> from goalgraph import load_example, score
        >>> card = score(load_example(), as_of="2026-11-16")
        >>> card.status_of("acme-q4-1") == card["acme-q4-1"].status, card.status_of("nps")
        (True, <Health.RED: 'red'>)
        """
        structure = self._plan.structure
        if id in structure.kpis:
            return read_kpi(structure.kpis[id], self.as_of).health
        i = structure.index[id]
        with self._lock:
            return self._outlook_of().status(i)

    def expected_of(self, id: str) -> float | None:
        """Just the expected score of one node (``None`` for a KPI), without building its full result.

        Examples
        --------
        >>> from goalgraph import load_example, score
        >>> card = score(load_example(), as_of="2026-11-16")
        >>> card.expected_of("acme-q4-1") == card["acme-q4-1"].expected, card.expected_of("nps")
        (True, None)
        """
        structure = self._plan.structure
        if id in structure.kpis:
            return None
        i = structure.index[id]
        with self._lock:
            return self._outlook_of().expected(i)

    def _outlook_of(self) -> Outlook:
        outlook = self._outlook
        if outlook is None:
            outlook = self._outlook = Outlook(self._plan, self._values, self._scores, self._policy)
        return outlook

    def _result(self, i: int) -> NodeResult:
        plan, scores = self._plan, self._scores
        structure = plan.structure
        kind = structure.kinds[i]
        aggregates = plan.modes[i] not in (_compiled.METRIC, _compiled.SCORER)
        value = None if aggregates else self._values.values[i]
        score = scores.scores[i]
        if structure.overrides[i] is not None:
            provenance = Provenance.MANUAL
        elif score is None:
            provenance = Provenance.MISSING
        else:
            provenance = Provenance.COMPUTED
        outlook = self._outlook_of()
        forecast = outlook.forecast(i)
        return NodeResult(
            id=structure.ids[i],
            kind=kind,
            score=score,
            progress=scores.progress[i],
            provenance=provenance,
            computed=scores.computed[i],
            contributions=_compiled.explain(plan, scores.scores, self._policy.missing, i) if aggregates else (),
            value=None if value is _compiled.NO_VALUE else value,
            grade=structure.grades[i],
            expected=outlook.expected(i),
            status=outlook.status(i),
            rolled_status=outlook.rolled_status(i),
            grade_band=outlook.grade_band(i),
            forecast=None
            if forecast is None
            else Forecast(progress=forecast[0], score=forecast[1], reaches_target_on=forecast[2]),
            planned=outlook.planned(i),
        )

    def _kpi_result(self, kpi: Kpi) -> NodeResult:
        reading = read_kpi(kpi, self.as_of)
        return NodeResult(
            id=kpi.id,
            kind=NodeKind.KPI,
            score=reading.score,
            progress=reading.progress,
            provenance=Provenance.MISSING if reading.score is None else Provenance.COMPUTED,
            computed=reading.score,
            value=reading.value,
            health=reading.health,
            stale=reading.stale,
        )

    def to_dict(self) -> dict[str, Any]:
        """The scorecard as plain JSON-ready data, results keyed by id.

        Examples
        --------
        >>> from goalgraph import GoalGraph, score
        >>> data = score(GoalGraph(), as_of="2026-01-01").to_dict()
        >>> data["as_of"], data["policy"]["status_bands"], data["results"]
        ('2026-01-01', [0.1, 0.25], {})
        """
        return {
            "as_of": self.as_of.isoformat(),
            "policy": _policy_dict(self._policy),
            "results": {node: result.to_dict() for node, result in self.items()},
        }


def _policy_dict(policy: Policy) -> dict[str, Any]:
    return {
        "aggregator": policy.aggregator,
        "missing": str(policy.missing),
        "expectations": {str(kind): number for kind, number in sorted(policy.expectations.items())},
        "pace": None if policy.pace is None else [list(point) for point in policy.pace],
        "status_bands": list(policy.status_bands),
        "grade_bands": list(policy.grade_bands),
    }

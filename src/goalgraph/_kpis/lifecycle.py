"""KPIs and OKRs over time: graduate an achieved key result into a KPI; find KPIs that need an objective.

Two helpers from OKR practice (the KPIs page of the docs): an outcome that was reached becomes
a level to hold, watched as a KPI; a KPI that is red or sliding, that no
current objective addresses, is where an objective is needed.
"""

from __future__ import annotations

import datetime
import itertools

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import Kpi, KpiDirection
from goalgraph._model.metrics import BandMetric, LinearMetric, StepsMetric, ThresholdMetric
from goalgraph._scoring.score import score
from goalgraph._time.health import Health, read_kpi
from goalgraph._time.timeline import as_of_date

__all__ = ["Suggestion", "graduate", "suggest_objectives"]


def graduate(graph: GoalGraph, kr_id: str, *, id: str | None = None, as_of: datetime.date | str | None = None) -> Kpi:
    """A new KPI that holds the level an achieved key result reached.

    The KPI takes the key result's title as its name, its owner (or its
    objective's), its unit, its check-ins as measurements, and supports the
    key result's objective. Its target is the value reached; its direction
    follows the metric: ``higher`` for an increasing linear metric, an
    ``at_least`` threshold or rising steps, ``lower`` for their opposites,
    ``band`` (same band and tolerance) for a band metric. The graph is not
    changed: add the KPI with :meth:`GoalGraph.add_kpi`.

    Parameters
    ----------
    graph : GoalGraph
    kr_id : str
    id : str, optional
        The new KPI's id; default ``<kr_id>-kpi``.
    as_of : datetime.date or str, optional
        The date the key result must be achieved on; default today.

    Raises
    ------
    ValidationError
        When the key result has not reached 1.0 on that date, its metric has
        no level to hold (milestone, custom, rollup), or it reads a KPI
        already (that KPI holds the level).
    UnknownNodeError
        When ``kr_id`` is not a key result of the graph.

    Examples
    --------
    >>> from goalgraph import load_example
    >>> graph = load_example()
    >>> kpi = graduate(graph, "mkt-q3-1-kr2", as_of="2026-11-16")
    >>> kpi.id, kpi.direction, kpi.target, kpi.supports
    ('mkt-q3-1-kr2-kpi', <KpiDirection.HIGHER: 'higher'>, 248, ('mkt-q3-1',))
    """
    with (
        graph.reading(),
        v.sourced("graduate()"),
    ):  # the graph between two whole changes (see GoalGraph's thread safety)
        return _graduate(graph, kr_id, id, as_of_date(as_of))


def _graduate(graph: GoalGraph, kr_id: str, id: str | None, day: datetime.date) -> Kpi:
    kind = graph.kind_of(kr_id)  # UnknownNodeError for ids the graph does not hold
    if kind != "key_result":
        v.refuse(codes.WRONG_TYPE, "", f"{kr_id!r} is {v.kind_in_words(kind)}, not a key result", "name a key result")
    key_result = graph.key_results[kr_id]
    objective = graph.objectives[graph.objective_of(kr_id)]
    metric = key_result.metric
    if metric.kpi is not None:
        v.refuse(
            codes.KPI_AND_CHECKINS,
            "/metric/kpi",
            f"key result {kr_id!r} reads KPI {metric.kpi!r}, which already holds its level",
            f"keep watching {metric.kpi!r}: set its target to the level reached",
        )
    direction = _direction(metric)
    if direction is None:
        v.refuse(
            codes.VALUE_TYPE,
            "/metric",
            f"key result {kr_id!r} has a {metric.type} metric, which has no level to hold as a KPI",
            "graduate linear, threshold, band and steps key results",
        )
    result = score(graph, as_of=day)[kr_id]
    if result.score is None or result.score < 1 or result.value is None:
        shown = "no score" if result.score is None else f"{result.score:.2f}"
        v.refuse(
            codes.OUT_OF_RANGE,
            "",
            f"key result {kr_id!r} is not achieved on {day.isoformat()} ({shown})",
            "graduate a key result once it scores 1.0",
        )
    band = (metric.low, metric.high) if isinstance(metric, BandMetric) else None
    return Kpi(
        id=id or f"{kr_id}-kpi",
        name=key_result.title,
        owner=key_result.owner or objective.owner,
        unit=metric.unit,
        direction=direction,
        target=None if band else result.value,
        band=band,
        tolerance=metric.tolerance if isinstance(metric, BandMetric) else None,
        supports=(objective.id,),
        measurements=tuple(c for c in key_result.checkins if c.date <= day),
    )


def _direction(metric: object) -> KpiDirection | None:
    if isinstance(metric, LinearMetric):
        return KpiDirection.HIGHER if metric.target > metric.start else KpiDirection.LOWER
    if isinstance(metric, ThresholdMetric):
        return KpiDirection.HIGHER if metric.at_least is not None else KpiDirection.LOWER
    if isinstance(metric, StepsMetric):
        rising = len(metric.steps) < 2 or metric.steps[1][0] > metric.steps[0][0]
        return KpiDirection.HIGHER if rising else KpiDirection.LOWER
    if isinstance(metric, BandMetric):
        return KpiDirection.BAND
    return None


@attrs.frozen(kw_only=True)
class Suggestion:
    """A KPI that needs an objective: red, or sliding, and addressed by no objective of a current cycle.

    Parameters
    ----------
    kpi : str
    health : Health
    recent : tuple of float
        Its last three measurements (or fewer), oldest first.
    reason : str

    Examples
    --------
    >>> Suggestion(kpi="nps", health="red", recent=(40, 38, 36), reason="red").health
    <Health.RED: 'red'>
    """

    kpi: str
    health: Health = attrs.field(converter=Health)
    recent: tuple[float, ...] = ()
    reason: str = ""


def suggest_objectives(graph: GoalGraph, as_of: datetime.date | str | None = None) -> list[Suggestion]:
    """The KPIs where an objective is needed: red, or moving the wrong way, and addressed by no current objective.

    "Moving the wrong way": each of the last three measurements (dated on or
    before ``as_of``) worse than the one before (lower for ``higher`` KPIs,
    higher for ``lower`` ones, further from the band for ``band`` ones).
    "Addressed": the KPI supports an objective, or a key result of one,
    whose cycle includes ``as_of``.

    Examples
    --------
    >>> from goalgraph import load_example
    >>> [s.kpi for s in suggest_objectives(load_example(), as_of="2026-11-16")]
    ['support-frt']
    """
    with graph.reading():  # the graph between two whole changes (see GoalGraph's thread safety)
        return _suggestions(graph, as_of_date(as_of))


def _suggestions(graph: GoalGraph, day: datetime.date) -> list[Suggestion]:
    current = {id for id, objective in graph.objectives.items() if _runs(graph, objective.cycle, day)}
    suggestions = []
    for kpi in graph.kpis.values():
        addressed = any(
            (node if node in graph.objectives else graph.objective_of(node)) in current for node in kpi.supports
        )
        if addressed:
            continue
        reading = read_kpi(kpi, day)
        recent = tuple(
            m.value for m in sorted((m for m in kpi.measurements if m.date <= day), key=lambda m: m.date)[-3:]
        )
        sliding = len(recent) == 3 and _worsening(kpi, recent)
        if reading.health == Health.RED or sliding:
            reasons = [f"its health is {reading.health}"] if reading.health == Health.RED else []
            if sliding:
                reasons.append("its last three measurements each moved the wrong way")
            suggestions.append(
                Suggestion(
                    kpi=kpi.id,
                    health=reading.health,
                    recent=recent,
                    reason=" and ".join(reasons) + ", and no objective of a current cycle addresses it",
                )
            )
    return suggestions


def _runs(graph: GoalGraph, cycle_id: str, day: datetime.date) -> bool:
    cycle = graph.cycles[cycle_id]
    return cycle.start <= day <= cycle.end


def _worsening(kpi: Kpi, values: tuple[float | bool, ...]) -> bool:
    if kpi.direction == KpiDirection.BAND and kpi.band is not None:
        low, high = kpi.band
        distances = [low - x if x < low else x - high if x > high else 0.0 for x in values]
        return all(b > a for a, b in itertools.pairwise(distances))
    if kpi.direction == KpiDirection.LOWER:
        return all(b > a for a, b in itertools.pairwise(values))
    return all(b < a for a, b in itertools.pairwise(values))

"""The KPI rules, GG4xx: KPIs beside the OKRs, complete, connected, few and current.

KPIs missing a target, timeframe, source or frequency; KPIs that inform
nothing; crowded scorecards and objectives with too many KPIs; and KPIs
whose latest measurement is older than their frequency allows.

Each rule's docstring holds one example that triggers it and one that does
not; they run as doctests, with the builders ``example``, ``o``, ``kr`` and
``hits`` that the tests give them (see :mod:`goalgraph._checks.rules`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from goalgraph._checks.rules.context import RuleContext
from goalgraph._model.findings import Finding, Severity
from goalgraph._registry.registry import Registry
from goalgraph._time.health import PERIOD_DAYS

__all__ = ["register"]


def incomplete_kpi(context: RuleContext) -> Iterator[Finding]:
    """A KPI missing one of its four elements: a target (or band), a timeframe, a data source, a frequency.

    Why: a number without a target cannot be judged, without a source it
    cannot be trusted, and without a frequency and timeframe nobody knows
    when it is stale (ServiceNow's KPI template and common KPI definition
    standards require them).

    Fix: add the missing fields to the KPI.

    >>> hits("GG401", example(kpis=[{"id": "nps", "name": "NPS", "target": 40, "source": "survey"}]))
    ['nps']
    >>> hits("GG401", example(kpis=[{"id": "nps", "name": "NPS", "target": 40, "source": "survey",
    ...                              "frequency": "monthly", "timeframe": "2026"}]))
    []
    """
    for kpi in context.graph.kpis.values():
        missing = [
            name
            for name, present in (
                ("target", kpi.target is not None or kpi.band is not None),
                ("timeframe", kpi.timeframe is not None),
                ("source", kpi.source is not None),
                ("frequency", kpi.frequency is not None),
            )
            if not present
        ]
        if missing:
            yield context.finding(
                kpi.id,
                f"KPI {kpi.id!r} has no {', '.join(missing)}",
                "add " + ", ".join(missing) + ": a KPI needs a target, a timeframe, a data source and a frequency",
            )


def disconnected_kpi(context: RuleContext) -> Iterator[Finding]:
    """A KPI that supports no objective or key result (and drives no key result's metric).

    Why: KPIs earn their place on a scorecard by informing goals; one tied
    to nothing is measured for its own sake.

    Fix: list what it informs under ``supports``, or drop it from the
    scorecard.

    >>> hits("GG402", example(o("top", "acme"), kpis=[{"id": "nps", "name": "NPS"}]))
    ['nps']
    >>> hits("GG402", example(o("top", "acme"), kpis=[{"id": "nps", "name": "NPS", "supports": ["top"]}]))
    []
    """
    graph = context.graph
    read = {kr.metric.kpi for kr in graph.key_results.values() if kr.metric.kpi is not None}
    for kpi in graph.kpis.values():
        if not kpi.supports and kpi.id not in read:
            yield context.finding(
                kpi.id,
                f"KPI {kpi.id!r} supports no objective or key result",
                "list the objectives or key results it informs under supports, or retire it",
            )


def crowded_scorecard(context: RuleContext) -> Iterator[Finding]:
    """More than ``max_kpis`` (25) KPIs on one owner's scorecard.

    Why: balanced-scorecard practice keeps 15-25 measures per scorecard;
    beyond that, measures creep and nobody watches them all.

    Fix: keep the few KPIs that drive decisions; move the rest to reports.
    Parameter: ``max_kpis``.

    >>> hits("GG403", example(kpis=[{"id": f"k{i}", "name": "K", "owner": "ops"} for i in range(26)]))
    ['ops']
    >>> hits("GG403", example(kpis=[{"id": f"k{i}", "name": "K", "owner": "ops"} for i in range(25)]))
    []
    """
    limit = context.params["max_kpis"]
    groups: dict[str, list[str]] = defaultdict(list)
    for kpi in context.graph.kpis.values():
        if kpi.owner is not None:
            groups[kpi.owner].append(kpi.id)
    for owner, ids in groups.items():
        if len(ids) > limit:
            yield context.finding(
                owner,
                f"{owner!r} has {len(ids)} KPIs on its scorecard, more than {limit}",
                "keep the KPIs that drive decisions; move the rest to reports",
                related=ids,
            )


def kpis_per_objective(context: RuleContext) -> Iterator[Finding]:
    """More than ``max_kpis`` (2) KPIs supporting one objective.

    Why: balanced-scorecard practice suggests one or two measures per
    objective; more usually means the objective is several objectives.

    Fix: keep the one or two KPIs that best show the objective's health, or
    split the objective. Parameter: ``max_kpis``.

    >>> kpis = [{"id": f"k{i}", "name": "K", "supports": ["top"]} for i in range(3)]
    >>> hits("GG404", example(o("top", "acme"), kpis=kpis))
    ['top']
    >>> hits("GG404", example(o("top", "acme"), kpis=kpis[:2]))
    []
    """
    limit = context.params["max_kpis"]
    graph = context.graph
    groups: dict[str, list[str]] = defaultdict(list)
    for kpi in graph.kpis.values():
        for node in kpi.supports:
            if node in graph.objectives:
                groups[node].append(kpi.id)
    for node, ids in groups.items():
        if len(ids) > limit:
            yield context.finding(
                node,
                f"{len(ids)} KPIs support objective {node!r}, more than {limit}",
                "keep the one or two that best show its health, or split the objective",
                related=ids,
            )


def stale_kpi(context: RuleContext) -> Iterator[Finding]:
    """A KPI whose latest measurement is older than its frequency allows (or that has none).

    A measurement stays current for 1 day (daily), 7 (weekly), 31 (monthly),
    92 (quarterly) or 366 (yearly). KPIs without a frequency are GG401's
    concern.

    Why: a KPI shown with last quarter's number looks healthy when nobody
    knows.

    Fix: record the missing measurement, or correct the frequency.

    >>> kpi = {"id": "mrr", "name": "MRR", "frequency": "monthly", "measurements": [{"date": "2026-01-01", "value": 5}]}
    >>> hits("GG405", example(kpis=[kpi]), as_of="2026-02-15")
    ['mrr']
    >>> hits("GG405", example(kpis=[kpi]), as_of="2026-01-20")
    []
    """
    day = context.as_of
    for kpi in context.graph.kpis.values():
        if kpi.frequency is None:
            continue
        allowed = PERIOD_DAYS[kpi.frequency]
        last = max((m.date for m in kpi.measurements if m.date <= day), default=None)
        if last is None:
            yield context.finding(
                kpi.id,
                f"{kpi.frequency} KPI {kpi.id!r} has no measurement on or before {day.isoformat()}",
                "record its measurements",
            )
        elif (day - last).days > allowed:
            yield context.finding(
                kpi.id,
                f"{kpi.frequency} KPI {kpi.id!r} was last measured on {last.isoformat()}, "
                f"{(day - last).days} days before {day.isoformat()}",
                f"record a measurement at least every {allowed} days, or correct its frequency",
            )


def register(registry: Registry) -> None:
    """Register the KPI rules on ``registry``, in the order of their codes."""
    registry.rule("GG401", severity=Severity.WARNING, name="incomplete KPI")(incomplete_kpi)
    registry.rule("GG402", severity=Severity.WARNING, name="disconnected KPI")(disconnected_kpi)
    registry.rule("GG403", severity=Severity.WARNING, name="crowded scorecard", params={"max_kpis": 25})(
        crowded_scorecard
    )
    registry.rule("GG404", severity=Severity.INFO, name="KPIs per objective", params={"max_kpis": 2})(
        kpis_per_objective
    )
    registry.rule("GG405", severity=Severity.WARNING, name="stale KPI")(stale_kpi)

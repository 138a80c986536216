"""classify(): which KPIs lead and which lag, from the document, the data, or their place in the graph (the KPIs page).

The answer for each KPI comes from the first of four sources that has one:

1. ``declared``: the KPI's own ``kind``;
2. ``empirical``: its measurements lead (or lag) those of a related KPI, by
   the cross-correlation of the two series' period-to-period changes
   (:mod:`goalgraph._kpis.series`), with a Bonferroni-corrected significance band;
3. ``structural``: a KPI that informs only top-level nodes lags; one that
   informs only lower nodes, below a lagging KPI, leads;
4. ``unknown``.

Two KPIs are related when a node one informs contributes, directly or
through its ancestors, to a node the other informs (or they inform the
same node): only such pairs are compared, so that unrelated series are not
searched for coincidences. The empirical answer is advisory: correlation is
not causation.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

import attrs

from goalgraph._graph.graph import GoalGraph
from goalgraph._kpis.series import Lead, bucketed, changes, common_frequency, lead
from goalgraph._model.entities import Frequency
from goalgraph._time.timeline import as_of_date

__all__ = ["Classification", "ClassificationSource", "Evidence", "IndicatorKind", "classify"]

MAX_LAG = 6
MIN_PERIODS = 12
ALPHA = 0.05
# A KPI without a frequency is compared month by month.
DEFAULT_FREQUENCY = Frequency.MONTHLY


class IndicatorKind(StrEnum):
    """Whether a KPI leads the outcomes it informs, lags them, or nobody knows.

    Examples
    --------
    >>> IndicatorKind("leading") == "leading"
    True
    """

    LEADING = "leading"
    LAGGING = "lagging"
    UNKNOWN = "unknown"


class ClassificationSource(StrEnum):
    """Where a classification comes from: ``declared``, ``empirical``, ``structural`` or ``unknown``.

    Examples
    --------
    >>> ClassificationSource.EMPIRICAL == "empirical"
    True
    """

    DECLARED = "declared"
    EMPIRICAL = "empirical"
    STRUCTURAL = "structural"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class Evidence:
    """One empirical lead between two KPIs' series.

    Parameters
    ----------
    partner : str
        The other KPI.
    leads : bool
        True when this KPI leads the partner, False when it lags it.
    lag : int
        The lead time, in periods of ``frequency``.
    frequency : Frequency
        The common frequency the two series were compared on.
    r : float
        The correlation of the two series' changes at that lag.
    n : int
        How many pairs of changes it rests on.
    critical : float
        The ``|r|`` the correlation had to exceed: ``z / sqrt(n)``, ``z``
        corrected for every lag and direction tried.

    Examples
    --------
    >>> e = Evidence(partner="trials", leads=True, lag=2, frequency="monthly", r=0.81, n=20, critical=0.65)
    >>> e.lag, e.frequency
    (2, <Frequency.MONTHLY: 'monthly'>)
    """

    partner: str
    leads: bool
    lag: int
    frequency: Frequency = attrs.field(converter=Frequency)
    r: float
    n: int
    critical: float

    def to_dict(self) -> dict[str, Any]:
        """The evidence as plain JSON-ready data."""
        data = attrs.asdict(self)
        data["frequency"] = str(self.frequency)
        return data


@attrs.frozen(kw_only=True)
class Classification:
    """A KPI's kind, where the answer comes from, its lead time and the evidence.

    Parameters
    ----------
    kpi : str
    kind : IndicatorKind
    source : ClassificationSource
    lead : int or None
        For an empirically leading KPI, the lead time in periods of the
        evidence's frequency (the strongest lead found).
    evidence : tuple of Evidence
        The significant leads and lags found with related KPIs, strongest
        first; empty unless ``source`` is ``empirical``.
    reason : str
        The decision in words, with its caveat.

    Examples
    --------
    >>> from goalgraph import load_example
    >>> found = classify(load_example(), as_of="2026-11-16")
    >>> found["mrr"].kind, found["mrr"].source
    (<IndicatorKind.LAGGING: 'lagging'>, <ClassificationSource.DECLARED: 'declared'>)
    """

    kpi: str
    kind: IndicatorKind = attrs.field(converter=IndicatorKind)
    source: ClassificationSource = attrs.field(converter=ClassificationSource)
    lead: int | None = None
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The classification as plain JSON-ready data."""
        return {
            "kpi": self.kpi,
            "kind": str(self.kind),
            "source": str(self.source),
            "lead": self.lead,
            "evidence": [e.to_dict() for e in self.evidence],
            "reason": self.reason,
        }


_CAVEAT = "advisory: moving together is not causing (the OECD picks leading indicators on more than correlation)"


def classify(graph: GoalGraph, as_of: datetime.date | str | None = None) -> Mapping[str, Classification]:
    """Classify every KPI of ``graph`` as leading, lagging or unknown, with the source and evidence.

    Parameters
    ----------
    graph : GoalGraph
    as_of : datetime.date or str, optional
        Only measurements dated on or before it count. Default: today.

    Returns
    -------
    mapping of str to Classification
        In the graph's order of KPIs.

    Notes
    -----
    Empirical: for each related pair with at least 12 common periods, the
    series (the last measurement of each period, on the coarser of the two
    KPIs' frequencies; monthly when none is given) are differenced, and the
    correlation of the changes is computed at lags 0 to 6 in both
    directions. When the strongest ``|r|`` sits at a lag of at least one period
    and exceeds ``z / sqrt(n)``, with ``z`` Bonferroni-corrected for the 13
    lags and directions tried (about 2.9 at alpha = 0.05), the earlier series
    leads. A KPI's kind follows its strongest such relation.

    Examples
    --------
    >>> from goalgraph import load_example
    >>> found = classify(load_example(), as_of="2026-11-16")
    >>> signups = found["website-signups"]
    >>> signups.kind, signups.source, signups.lead, signups.evidence[0].partner
    (<IndicatorKind.LEADING: 'leading'>, <ClassificationSource.EMPIRICAL: 'empirical'>, 2, 'trial-conversions')
    """
    day = as_of_date(as_of)
    with graph.reading():  # the graph between two whole changes (see GoalGraph's thread safety)
        return _classify(graph, day)


def _classify(graph: GoalGraph, day: datetime.date) -> dict[str, Classification]:
    kpis = graph.kpis
    result: dict[str, Classification] = {}
    for kpi in kpis.values():
        if kpi.kind is not None:
            kind = IndicatorKind(str(kpi.kind))
            result[kpi.id] = Classification(
                kpi=kpi.id, kind=kind, source=ClassificationSource.DECLARED, reason=f"declared {kind} in the document"
            )
    found = _empirical(graph, day)
    for kpi_id, evidence in found.items():
        if kpi_id in result:
            continue
        strongest = evidence[0]
        kind = IndicatorKind.LEADING if strongest.leads else IndicatorKind.LAGGING
        result[kpi_id] = Classification(
            kpi=kpi_id,
            kind=kind,
            source=ClassificationSource.EMPIRICAL,
            lead=strongest.lag if strongest.leads else None,
            evidence=tuple(evidence),
            reason=(
                f"its period-to-period changes {'lead' if strongest.leads else 'follow'} those of "
                f"{strongest.partner!r} (the strongest significant relation found); {_CAVEAT}"
            ),
        )
    result.update(_structural(graph, result))
    for kpi in kpis.values():
        result.setdefault(
            kpi.id,
            Classification(
                kpi=kpi.id,
                kind=IndicatorKind.UNKNOWN,
                source=ClassificationSource.UNKNOWN,
                reason="not declared, no significant lead or lag with a related KPI, and no telling position",
            ),
        )
    return {kpi_id: result[kpi_id] for kpi_id in kpis}


def _ancestors(graph: GoalGraph, nodes: Iterable[str]) -> set[str]:
    """The nodes and everything they contribute to, directly or not."""
    dag = graph.nx
    seen: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(parent for parent, data in dag.succ[node].items() if data["kind"] == "contributes")
    return seen


def _empirical(graph: GoalGraph, day: datetime.date) -> dict[str, list[Evidence]]:
    """The significant leads among related KPIs, per KPI, strongest first."""
    kpis = [kpi for kpi in graph.kpis.values() if kpi.supports and kpi.measurements]
    reach = {kpi.id: _ancestors(graph, kpi.supports) for kpi in kpis}
    found: dict[str, list[Evidence]] = {}
    for a, b in itertools.combinations(kpis, 2):
        related = bool(reach[a.id] & set(b.supports)) or bool(reach[b.id] & set(a.supports))
        if not related:
            continue
        frequency = common_frequency(a.frequency or DEFAULT_FREQUENCY, b.frequency or DEFAULT_FREQUENCY)
        x = changes(bucketed(a.measurements, frequency, day))
        y = changes(bucketed(b.measurements, frequency, day))
        found_lead: Lead | None = lead(x, y, max_lag=MAX_LAG, min_periods=MIN_PERIODS, alpha=ALPHA)
        if found_lead is None:
            continue
        leader, follower = (a, b) if found_lead.leader == "x" else (b, a)
        for kpi, partner, leads in ((leader, follower, True), (follower, leader, False)):
            found.setdefault(kpi.id, []).append(
                Evidence(
                    partner=partner.id,
                    leads=leads,
                    lag=found_lead.lag,
                    frequency=frequency,
                    r=found_lead.r,
                    n=found_lead.n,
                    critical=found_lead.critical,
                )
            )
    for evidence in found.values():
        evidence.sort(key=lambda e: (-abs(e.r), e.partner))
    return found


def _structural(graph: GoalGraph, known: Mapping[str, Classification]) -> dict[str, Classification]:
    """Kinds from position, for the KPIs neither declared nor found empirically."""
    top = graph.levels[0]
    owners, objectives, key_results = graph.owners, graph.objectives, graph.key_results

    def level(node: str) -> str:
        if node in objectives:
            return owners[objectives[node].owner].level
        key_result = key_results[node]
        owner = key_result.owner or objectives[graph.objective_of(node)].owner
        return owners[owner].level

    out: dict[str, Classification] = {}
    pending = [kpi for kpi in graph.kpis.values() if kpi.id not in known and kpi.supports]
    for kpi in pending:
        if all(level(node) == top for node in kpi.supports):
            out[kpi.id] = Classification(
                kpi=kpi.id,
                kind=IndicatorKind.LAGGING,
                source=ClassificationSource.STRUCTURAL,
                reason=f"it informs only {top}-level objectives and key results: outcomes, measured late",
            )
    lagging = {kpi_id for kpi_id, c in {**known, **out}.items() if c.kind == IndicatorKind.LAGGING}
    informed_by_lagging = {node for kpi_id in lagging for node in graph.kpis[kpi_id].supports}
    for kpi in pending:
        if kpi.id in out or any(level(node) == top for node in kpi.supports):
            continue
        above = _ancestors(graph, kpi.supports) & informed_by_lagging
        if above:
            out[kpi.id] = Classification(
                kpi=kpi.id,
                kind=IndicatorKind.LEADING,
                source=ClassificationSource.STRUCTURAL,
                reason=f"it informs only nodes below {top} level, under {sorted(above)[0]!r}, which a lagging KPI "
                "informs: a driver of that outcome",
            )
    return out

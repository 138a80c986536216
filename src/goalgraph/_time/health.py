"""KPI health: a KPI's value on a date, its 0-1 score against the target, its colour and whether it is stale.

Pure functions of one KPI and a date (the KPIs page of the docs); the scorecard asks for them
when a KPI's result is read.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import NamedTuple

from goalgraph._model.entities import Frequency, Kpi, KpiDirection, RagRule
from goalgraph._model.metrics import along, bounded
from goalgraph._time.status import EPSILON
from goalgraph._time.timeline import current_checkin

__all__ = ["PERIOD_DAYS", "Health", "Reading", "read_kpi", "rule_matches", "score_kpi"]


class Health(StrEnum):
    """A KPI's health on a date: ``green``, ``amber``, ``red``, or ``unknown``.

    ``unknown`` when there is no measurement yet, or nothing to judge the
    value by (no target and no thresholds, or thresholds that do not match
    and no ``otherwise`` rule): never ``green`` by default.

    Examples
    --------
    >>> Health("amber") == "amber"
    True
    """

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    UNKNOWN = "unknown"


# Days a measurement stays current, per frequency (a month is 31 days: the
# longest, so that a monthly KPI measured on the 1st is not stale on the 31st).
PERIOD_DAYS = {
    Frequency.DAILY: 1,
    Frequency.WEEKLY: 7,
    Frequency.MONTHLY: 31,
    Frequency.QUARTERLY: 92,
    Frequency.YEARLY: 366,
}


class Reading(NamedTuple):
    """What a KPI shows on a date."""

    value: float | None
    measured_on: datetime.date | None
    progress: float | None
    score: float | None
    health: Health
    stale: bool | None


def score_kpi(kpi: Kpi, value: float) -> float | None:
    """The raw progress of ``value`` against the KPI's target (not clamped); ``None`` without a target.

    ``higher`` (also when no direction is given): ``value / target``, or
    linear from the ``baseline`` when one is given. ``lower``:
    ``target / value``, or linear from the baseline. ``band``: 1 inside the
    band, falling to 0 at ``tolerance`` outside it. Where a ratio has no
    meaning (a target of 0 or below, or a value of 0 or below for
    ``lower``), reaching the target counts 1 and anything else 0. Beyond
    the target, progress exceeds 1 in either direction; the score clamps it.

    Examples
    --------
    >>> score_kpi(Kpi(id="mrr", name="MRR", direction="higher", target=200), 150)
    0.75
    >>> score_kpi(Kpi(id="churn", name="Churn", direction="lower", target=2, baseline=4), 3)
    0.5
    >>> score_kpi(Kpi(id="nps", name="NPS"), 40) is None
    True
    """
    if kpi.direction == KpiDirection.BAND:
        assert kpi.band is not None  # the model requires band and tolerance on band KPIs
        assert kpi.tolerance is not None
        low, high = kpi.band
        distance = low - value if value < low else value - high if value > high else 0.0
        return max(0.0, 1.0 - distance / kpi.tolerance)
    target = kpi.target
    if target is None:
        return None
    lower = kpi.direction == KpiDirection.LOWER
    if kpi.baseline is not None and kpi.baseline != target:
        return along(value, kpi.baseline, target)
    if lower:
        if value > 0 and target > 0:
            return bounded(target / value)
        return 1.0 if value <= target else 0.0
    if target <= 0:
        return 1.0 if value >= target else 0.0
    return bounded(value / target)


def rule_matches(rule: RagRule, value: float) -> bool:
    """Whether a threshold rule applies to ``value`` (``between`` is inclusive).

    Examples
    --------
    >>> rule_matches(RagRule(status="green", between=(1, 2)), 2), rule_matches(RagRule(status="red", at_most=0), 1)
    (True, False)
    """
    if rule.otherwise:
        return True
    if rule.at_least is not None:
        return value >= rule.at_least
    if rule.at_most is not None:
        return value <= rule.at_most
    assert rule.between is not None  # the model requires exactly one condition
    return rule.between[0] <= value <= rule.between[1]


def read_kpi(kpi: Kpi, as_of: datetime.date) -> Reading:
    """The KPI's value, score, health and staleness on ``as_of``.

    The value is the latest measurement dated on or before ``as_of``. The
    health comes from the first matching threshold rule when the KPI has
    thresholds; otherwise from the score: ``green`` at 1, ``amber`` from
    0.9, ``red`` below. Stale: older than the frequency allows (a day, a
    week, 31 days, 92 days, a year); ``None`` without a frequency.

    Examples
    --------
    >>> from datetime import date
    >>> from goalgraph import Checkin
    >>> kpi = Kpi(id="mrr", name="MRR", direction="higher", target=200, frequency="monthly",
    ...           measurements=[Checkin(date(2026, 1, 31), 150), Checkin(date(2026, 2, 28), 190)])
    >>> reading = read_kpi(kpi, date(2026, 3, 10))
    >>> reading.value, reading.score, reading.health, reading.stale
    (190, 0.95, <Health.AMBER: 'amber'>, False)
    """
    measurement = current_checkin(kpi.measurements, as_of)
    stale = None if kpi.frequency is None else measurement is None
    if measurement is None:
        return Reading(None, None, None, None, Health.UNKNOWN, stale)
    value = measurement.value
    assert not isinstance(value, bool)  # the model refuses boolean measurements
    if kpi.frequency is not None:
        stale = (as_of - measurement.date).days > PERIOD_DAYS[kpi.frequency]
    progress = score_kpi(kpi, value)
    score = None if progress is None else min(1.0, max(0.0, progress))
    health = Health.UNKNOWN
    if kpi.thresholds:
        for rule in kpi.thresholds:
            if rule_matches(rule, value):
                health = Health(str(rule.status))
                break
    elif score is not None:
        # The same slack as the status bands: 2.2 from a baseline of 4 to a
        # target of 2 is 0.9 in decimal, 0.8999999999999999 in binary.
        health = Health.GREEN if score >= 1.0 - EPSILON else Health.AMBER if score >= 0.9 - EPSILON else Health.RED
    return Reading(value, measurement.date, progress, score, health, stale)

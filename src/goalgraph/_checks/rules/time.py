"""The time rules, GG3xx: what the calendar says about the OKRs.

Key results nobody checks in on, cycles that ended without a grade, owners
whose aspirational objectives are always met, and committed objectives that
ended short of 1.0.

Each rule's docstring holds one example that triggers it and one that does
not; they run as doctests, with the builders ``example``, ``o``, ``kr`` and
``hits`` that the tests give them (see :mod:`goalgraph._checks.rules`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from goalgraph._checks.rules.context import RuleContext
from goalgraph._model.entities import Objective, ObjectiveKind
from goalgraph._model.findings import Finding, Severity
from goalgraph._model.metrics import RollupMetric
from goalgraph._registry.registry import Registry

__all__ = ["register"]


def stale_key_result(context: RuleContext) -> Iterator[Finding]:
    """No check-in on a key result for longer than ``cadence_days`` (14) while its cycle runs.

    Key results driven by a KPI (GG405 covers their measurements) or by a
    rollup are left out.

    Why: OKRs are steered by a weekly or fortnightly check-in rhythm; a key
    result nobody has updated for weeks shows a score nobody can trust (Viva
    Goals' "not started 7 days after the start date" alert).

    Fix: record a check-in, even an unchanged value. Parameter:
    ``cadence_days``.

    >>> stale = example(o("top", "acme", kr("a", checkins=[{"date": "2026-01-05", "value": 10}]), kr("b",
    ...                    checkins=[{"date": "2026-02-10", "value": 10}])))
    >>> hits("GG301", stale, as_of="2026-02-15")
    ['a']
    >>> hits("GG301", stale, as_of="2026-01-10")
    []
    """
    cadence = context.params["cadence_days"]
    hint = f"record a check-in at least every {cadence} days, even an unchanged value"
    graph, day = context.graph, context.as_of
    cycles = {id: (cycle.start, cycle.end) for id, cycle in graph.cycles.items()}
    for objective in graph.objectives.values():
        start, end = cycles[objective.cycle]
        if not start <= day <= end:
            continue
        related = (objective.id,)
        for key_result in context.key_results[objective.id]:
            metric = key_result.metric
            if metric.kpi is not None or isinstance(metric, RollupMetric):
                continue
            last = None
            for checkin in key_result.checkins:
                date = checkin.date
                if date <= day and (last is None or date > last):
                    last = date
            since = last if last is not None and last >= start else start
            days = (day - since).days
            if days > cadence:
                when = f"since {last.isoformat()}" if last is not None else "since the cycle began"
                yield context.finding(
                    key_result.id, f"no check-in on {key_result.id!r} {when} ({days} days)", hint, related=related
                )


def _ended(context: RuleContext) -> Iterator[tuple[str, datetime.date]]:
    """The cycles that ended before the scoring date, with their end dates, oldest first."""
    cycles = sorted(context.graph.cycles.values(), key=lambda cycle: (cycle.end, cycle.id))
    for cycle in cycles:
        if cycle.end < context.as_of:
            yield cycle.id, cycle.end


def _ended_objectives(context: RuleContext) -> Iterator[tuple[Objective, datetime.date]]:
    """The objectives whose cycle ended before the scoring date, with the cycle's end date."""
    ended = dict(_ended(context))
    if not ended:
        return
    for objective in context.graph.objectives.values():
        end = ended.get(objective.cycle)
        if end is not None:
            yield objective, end


def _shown(value: float | None) -> str:
    return "no score" if value is None else f"{value:.2f}"


def _final(context: RuleContext, objective_id: str, end: datetime.date) -> float | None:
    """An objective's end-of-cycle grade: the recorded ``grade``, or its score on the cycle's last day."""
    grade = context.graph.objectives[objective_id].grade
    return grade if grade is not None else context.scorecard_at(end).score_of(objective_id)


def past_due(context: RuleContext) -> Iterator[Finding]:
    """The cycle has ended and the objective scores below 1 without a ``grade``.

    Why: closing a cycle means grading it and reflecting on the gap (Google's
    grading practice; Viva Goals flags "past due"); an ungraded objective
    leaves the retrospective undone.

    Fix: record the end-of-cycle ``grade`` (goalgraph reports it apart from
    the computed score).

    >>> late = example(o("top", "acme", kr("a", checkins=[{"date": "2026-03-20", "value": 60}]), kr("b",
    ...                  checkins=[{"date": "2026-03-20", "value": 60}])))
    >>> hits("GG302", late, as_of="2026-04-10")
    ['top']
    >>> hits("GG302", late, as_of="2026-03-25")
    []
    """
    for objective, end in _ended_objectives(context):
        if objective.grade is not None:
            continue
        value = context.scorecard_at(end).score_of(objective.id)
        if value is None or value < 1:
            yield context.finding(
                objective.id,
                f"cycle {objective.cycle} ended on {end.isoformat()}; {objective.id!r} scores {_shown(value)} "
                "and has no grade",
                "grade it: record the end-of-cycle grade and what you learned",
            )


def sandbagging(context: RuleContext) -> Iterator[Finding]:
    """An owner whose aspirational objectives are always met: a sign of targets set too low.

    It fires when all of an owner's aspirational objectives reach 1.0 at
    the end of a cycle, or when they average at least ``high_average``
    (0.9) in each of the last ``cycles`` (3) ended cycles. The end-of-cycle
    grade counts where one is recorded, the score on the cycle's last day
    otherwise.

    Why: "If someone consistently gets 1.0, their OKRs aren't ambitious
    enough" (Google re:Work); aspirational OKRs are meant to land around
    0.6-0.7.

    Fix: set more ambitious targets next cycle, or mark objectives that must
    be met in full as ``committed``. Parameters: ``cycles``,
    ``high_average``.

    >>> easy = example(o("top", "acme", kr("a", checkins=[{"date": "2026-03-20", "value": 100}]), kr("b",
    ...                  checkins=[{"date": "2026-03-20", "value": 120}])))
    >>> hits("GG303", easy, as_of="2026-04-10")
    ['acme']
    >>> hits("GG303", easy, as_of="2026-03-25")
    []
    """
    window, high = context.params["cycles"], context.params["high_average"]
    ended = list(_ended(context))
    if not ended:
        return
    by_owner: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for objective in context.graph.objectives.values():
        if objective.kind != ObjectiveKind.COMMITTED:
            by_owner[objective.owner][objective.cycle].append(objective.id)
    for owner, cycles in by_owner.items():
        finals = {cycle: [_final(context, id, end) for id in cycles[cycle]] for cycle, end in ended if cycle in cycles}
        perfect = [cycle for cycle, grades in finals.items() if all(g is not None and g >= 1 for g in grades)]
        recent = [cycle for cycle, _ in ended if cycle in finals][-window:]
        steady = len(recent) == window and all(
            None not in finals[c] and sum(finals[c]) / len(finals[c]) >= high  # type: ignore[arg-type]
            for c in recent
        )
        if perfect:
            yield context.finding(
                owner,
                f"every aspirational objective of {owner!r} reached 1.0 in {', '.join(perfect)}",
                "set more ambitious targets, or mark must-meet objectives as committed",
                related=[c for cycle in perfect for c in (cycle, *cycles[cycle])],
            )
        elif steady:
            yield context.finding(
                owner,
                f"the aspirational objectives of {owner!r} averaged {high} or more in each of the last {window} cycles",
                "set more ambitious targets: aspirational OKRs are meant to land around 0.6-0.7",
                related=recent,
            )


def missed_commitment(context: RuleContext) -> Iterator[Finding]:
    """A committed objective whose cycle ended below 1.0.

    Why: committed OKRs are promises to be met in full; missing one
    "requires a discussion" and a plan (whatmatters.com, on committed versus
    aspirational OKRs).

    Fix: discuss why, and record what changes; if it was never a promise,
    make it ``aspirational`` next cycle.

    >>> missed = example(o("top", "acme", kr("a", checkins=[{"date": "2026-03-20", "value": 80}]), kr("b",
    ...                    checkins=[{"date": "2026-03-20", "value": 100}]), kind="committed"))
    >>> hits("GG304", missed, as_of="2026-04-10")
    ['top']
    >>> hits("GG304", missed, as_of="2026-03-25")
    []
    """
    for objective, end in _ended_objectives(context):
        if objective.kind != ObjectiveKind.COMMITTED:
            continue
        final = _final(context, objective.id, end)
        if final is None or final < 1:
            yield context.finding(
                objective.id,
                f"committed objective {objective.id!r} ended {objective.cycle} at {_shown(final)}, below 1.0",
                "discuss what stood in the way and what changes; commit only to what must be met in full",
            )


def register(registry: Registry) -> None:
    """Register the time rules on ``registry``, in the order of their codes."""
    registry.rule("GG301", severity=Severity.WARNING, name="stale key result", params={"cadence_days": 14})(
        stale_key_result
    )
    registry.rule("GG302", severity=Severity.INFO, name="past due")(past_due)
    registry.rule("GG303", severity=Severity.INFO, name="sandbagging", params={"cycles": 3, "high_average": 0.9})(
        sandbagging
    )
    registry.rule("GG304", severity=Severity.WARNING, name="missed commitment")(missed_commitment)

"""The built-in check rules: goalgraph's OKR linter catalogue (SPEC §5).

Each rule is a function ``(context) -> findings`` registered with its code,
default severity and parameters; its docstring says what it finds, why (with
the source of the practice), how to fix it, and holds one example that
triggers it and one that does not. The docs' rule catalogue is generated
from these docstrings, and the examples run as tests.

The examples build small graphs with :func:`example`, :func:`o` and
:func:`kr`, and run one rule with :func:`hits`. The example organisation:
``acme`` (company) → ``sales`` and ``ops`` (divisions) → ``emea``
(a team in sales) → ``ana`` (an individual in emea); cycles ``Q1``
(January to March 2026), ``Q2`` (April to June) and ``H1`` (January to June).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from goalgraph._checks.engine import CheckContext
from goalgraph._model.entities import Alignment, Objective, ObjectiveKind
from goalgraph._model.findings import Finding, Severity
from goalgraph._model.metrics import MilestoneMetric, RollupMetric
from goalgraph._registry.registry import Registry, builtin_rules
from goalgraph._time.health import PERIOD_DAYS

__all__ = ["TASK_VERBS", "register"]

# -- alignment: GG1xx ------------------------------------------------------------------


def dangling_reference(context: CheckContext) -> Iterator[Finding]:
    """A reference to an id that does not exist: an owner, cycle, parent or KPI.

    Documents with one are refused when loaded: the ``ValidationError``
    lists a problem with this code and the JSON pointer of the reference,
    and ``GoalGraph`` refuses the same in code. This rule re-checks a graph
    for completeness and finds nothing on any graph goalgraph built.

    Why: a link to nothing silently drops a contribution from every rollup.

    Fix: name an existing id (the error's hint suggests close matches), or
    add the missing entity.

    >>> from goalgraph import ValidationError
    >>> try:
    ...     example(o("team-o", "emea", aligns=["no-such-objective"]))
    ... except ValidationError as err:
    ...     print([(p.code, p.path) for p in err.problems])
    [('GG101', '/objectives/0/aligns_to/0/id')]
    >>> hits("GG101", example(o("top", "acme"), o("team-o", "emea", aligns=["top"])))
    []
    """
    graph = context.graph
    owners, cycles, objectives, key_results, kpis = (
        graph.owners,
        graph.cycles,
        graph.objectives,
        graph.key_results,
        graph.kpis,
    )
    # Set differences first: on any graph goalgraph built they are empty, and
    # the node-by-node walk below, which names the culprits, is skipped.
    named = {o.owner for o in objectives.values()} | {kr.owner for kr in key_results.values()} - {None}
    if (
        named <= owners.keys()
        and {o.cycle for o in objectives.values()} <= cycles.keys()
        and {link.parent for o in objectives.values() for link in o.aligns_to} <= objectives.keys() | key_results.keys()
        and {kr.metric.kpi for kr in key_results.values()} - {None} <= kpis.keys()
    ):
        return
    for objective in objectives.values():
        refs: list[tuple[str | None, Mapping[str, object]]] = [(objective.owner, owners), (objective.cycle, cycles)]
        refs += [
            (link.parent, objectives if link.parent in objectives else key_results) for link in objective.aligns_to
        ]
        yield from _missing(context, objective.id, refs)
    for key_result in key_results.values():
        yield from _missing(context, key_result.id, [(key_result.owner, owners), (key_result.metric.kpi, kpis)])


def _parents(objective: Objective) -> list[str]:
    return [link.parent for link in objective.aligns_to]


def _missing(
    context: CheckContext, node: str, refs: list[tuple[str | None, Mapping[str, object]]]
) -> Iterator[Finding]:
    for ref, table in refs:
        if ref is not None and ref not in table:
            yield context.finding(node, f"{ref!r} does not exist", "name an existing id", related=[ref])


def orphan(context: CheckContext) -> Iterator[Finding]:
    """An objective below the top level that aligns to nothing.

    Why: OKRs exist to point everyone at the same few company goals; an
    objective that ladders up to nothing cannot show how it serves them.
    Viva Goals lists "not aligned to any objective" among its Needs
    Attention alerts, and Perdoo keeps a report of unaligned objectives.

    Fix: align it (``aligns_to``) to the objective or key result of the
    owner above that it serves; if it stands alone on purpose (a team's
    health objective), silence it for that objective with
    ``ignore: [GG102]``.

    >>> hits("GG102", example(o("top", "acme"), o("team-o", "emea")))
    ['team-o']
    >>> hits("GG102", example(o("top", "acme"), o("team-o", "emea", aligns=["top"])))
    []
    """
    for objective in context.graph.objectives.values():
        if not objective.aligns_to and not context.is_top(objective.id):
            yield context.finding(
                objective.id,
                f"objective {objective.id!r} of {objective.owner!r} aligns to nothing",
                "align it to the objective or key result it serves, one level up",
                path=[objective.id],
            )


def inverted_alignment(context: CheckContext) -> Iterator[Finding]:
    """An objective aligned to one owned at a lower level (a company objective serving a team's).

    Why: alignment runs from the work up to the goals it serves; a link
    pointing down turns the rollup upside down, so a team's score would
    drive the company's.

    Fix: reverse the link (the lower-level objective aligns to the higher
    one), or give the objectives the right owners.

    >>> hits("GG103", example(o("team-o", "emea"), o("top", "acme", aligns=["team-o"])))
    ['top']
    >>> hits("GG103", example(o("top", "acme"), o("team-o", "emea", aligns=["top"])))
    []
    """
    graph = context.graph
    for objective, link, parent in context.alignments:
        if context.owner_rank(parent.owner) > context.owner_rank(objective.owner):
            yield context.finding(
                objective.id,
                f"{objective.id!r} ({graph.owners[objective.owner].level}) aligns down to {link.parent!r} "
                f"({graph.owners[parent.owner].level})",
                "align the lower-level objective to the higher one instead",
                related=[link.parent],
                path=context.path_to_top(objective.id),
            )


def _link_owners(context: CheckContext) -> Iterator[tuple[Objective, Alignment, str, str]]:
    """Each alignment with the child objective, the link, the child's owner and the parent's owner."""
    for objective, link, parent in context.alignments:
        yield objective, link, objective.owner, parent.owner


def skipped_level(context: CheckContext) -> Iterator[Finding]:
    """An alignment over the head of the owner's parent.

    For example, an individual's objective aligned to the company's while a
    team sits between them.

    Why: cascading through each level lets every manager see and shape what
    their people commit to; skipping a level hides the work from the level
    in between (SPEC §5; Viva Goals and Perdoo build alignment level by
    level).

    Fix: align to an objective of the owner's own parent, which in turn
    aligns upwards; or silence the finding where skipping is intended.

    >>> hits("GG104", example(o("top", "acme"), o("ana-o", "ana", aligns=["top"])))
    ['ana-o']
    >>> hits("GG104", example(o("top", "acme"), o("sales-o", "sales", aligns=["top"])))
    []
    """
    owners = context.graph.owners
    for objective, link, child_owner, parent_owner in _link_owners(context):
        boss = owners[child_owner].parent
        if boss is None or parent_owner in (child_owner, boss) or not context.is_above(parent_owner, boss):
            continue
        skipped = []
        for above in context.owner_chain(boss):
            if above == parent_owner:
                break
            skipped.append(above)
        yield context.finding(
            objective.id,
            f"{objective.id!r} of {child_owner!r} aligns to {link.parent!r} of {parent_owner!r}, "
            f"over the head of {', '.join(repr(s) for s in skipped)}",
            f"align it to an objective of {boss!r}, which aligns upwards",
            related=[link.parent],
            path=context.path_to_top(objective.id),
        )


def cross_team_alignment(context: CheckContext) -> Iterator[Finding]:
    """An alignment to an objective of an owner outside the owner's own chain (a sibling team's).

    Why: it may be right (a platform team serving a product team), but it is
    where matrix organisations double-count and lose accountability, so it
    is worth a look (SPEC §5; puzzle/okr refuses alignment within one team).

    Fix: if the link is intended, keep it (and ``ignore: [GG105]`` on the
    objective); otherwise align to your own chain and coordinate with the
    other team through a shared parent objective.

    >>> hits("GG105", example(o("ops-o", "ops"), o("emea-o", "emea", aligns=["ops-o"])))
    ['emea-o']
    >>> hits("GG105", example(o("sales-o", "sales"), o("emea-o", "emea", aligns=["sales-o"])))
    []
    """
    for objective, link, child_owner, parent_owner in _link_owners(context):
        if parent_owner == child_owner or context.is_above(parent_owner, child_owner):
            continue
        if context.owner_rank(parent_owner) > context.owner_rank(child_owner):
            continue  # aligned down: GG103's finding
        yield context.finding(
            objective.id,
            f"{objective.id!r} of {child_owner!r} aligns to {link.parent!r} of {parent_owner!r}, "
            f"outside {child_owner!r}'s reporting chain",
            "keep it if one team serves the other on purpose; otherwise align within your own chain",
            related=[link.parent],
            path=context.path_to_top(objective.id),
        )


def no_key_results(context: CheckContext) -> Iterator[Finding]:
    """An objective with no key results.

    An error when nothing contributes to it at all, a warning when only
    aligned objectives do.

    Why: key results are how an objective is measured; without them its
    score is missing, or only an echo of other teams' work (Doerr: "a
    maximum of 5 objectives with 3-5 key results each").

    Fix: add key results that measure the objective's outcome.

    >>> hits("GG106", example(o("top", "acme", key_results=[])))
    ['top']
    >>> hits("GG106", example(o("top", "acme")))
    []
    """
    graph = context.graph
    contributors: set[str] = set()
    for objective in graph.objectives.values():
        for link in objective.aligns_to:
            if link.contributes:
                contributors.add(link.parent)
    for objective in graph.objectives.values():
        if context.key_results[objective.id]:
            continue
        if objective.id in contributors:
            yield context.finding(
                objective.id,
                f"objective {objective.id!r} has no key results; only the objectives aligned to it score it",
                "add key results that measure its own outcome",
                severity=Severity.WARNING,
            )
        else:
            yield context.finding(
                objective.id,
                f"objective {objective.id!r} has no key results and nothing contributes to it",
                "add key results that measure it, or align contributing objectives to it",
            )


def zero_weights(context: CheckContext) -> Iterator[Finding]:
    """Contributors whose weights sum to 0: the rollup has nothing to divide by.

    Why: a score over zero total weight does not exist (goalgraph gives none
    rather than inventing 0), so the objective silently stops scoring.

    Fix: give at least one key result or contributing link a positive
    weight.

    >>> hits("GG107", example(o("top", "acme", kr("a", weight=0), kr("b", weight=0))))
    ['top']
    >>> hits("GG107", example(o("top", "acme", kr("a", weight=0), kr("b", weight=1))))
    []
    """
    graph = context.graph
    counts: dict[str, int] = {}
    weighted: set[str] = set()  # nodes with a contributor of positive weight
    for objective_id in graph.objectives:
        key_results = context.key_results[objective_id]
        if key_results:
            counts[objective_id] = len(key_results)
            for key_result in key_results:
                if key_result.weight:
                    weighted.add(objective_id)
                    break
    for objective in graph.objectives.values():
        for link in objective.aligns_to:
            if link.contributes:
                parent = link.parent
                counts[parent] = counts.get(parent, 0) + 1
                if link.weight:
                    weighted.add(parent)
    for node, count in counts.items():
        if node not in weighted:
            yield context.finding(
                node,
                f"the {count} contributor(s) of {node!r} all have weight 0",
                "give at least one key result or contributing link a positive weight",
            )


def cycle_mismatch(context: CheckContext) -> Iterator[Finding]:
    """An alignment across cycles whose dates do not overlap, or from a cycle that is not inside its parent's.

    Why: a Q1 objective cannot serve a Q3 goal; and a child cycle that runs
    past its parent's end is still scoring when the parent is graded
    (Viva Goals: "KR and objective time periods don't align"; Dynamics 365
    ignores children of another period).

    Fix: align to the parent of the right cycle, or fix the cycle dates.

    >>> hits("GG108", example(o("top", "acme", cycle="Q2"), o("sales-o", "sales", aligns=["top"])))
    ['sales-o']
    >>> hits("GG108", example(o("top", "acme", cycle="H1"), o("sales-o", "sales", aligns=["top"])))
    []
    """
    cycles = context.graph.cycles
    for objective, link, parent in context.alignments:
        if parent.cycle != objective.cycle:
            mine, theirs = cycles[objective.cycle], cycles[parent.cycle]
            if mine.end < theirs.start or theirs.end < mine.start:
                message = (
                    f"{objective.id!r} ({objective.cycle}: {mine.start} to {mine.end}) aligns to {link.parent!r} "
                    f"({parent.cycle}: {theirs.start} to {theirs.end}), and the cycles do not overlap"
                )
            elif mine.start < theirs.start or theirs.end < mine.end:
                message = (
                    f"{objective.id!r} ({objective.cycle}: {mine.start} to {mine.end}) is not inside the cycle of "
                    f"{link.parent!r} ({parent.cycle}: {theirs.start} to {theirs.end})"
                )
            else:
                continue
            yield context.finding(
                objective.id,
                message,
                "align it to a parent in a cycle that contains its own, or fix the cycle dates",
                related=[link.parent],
                path=context.path_to_top(objective.id),
            )


# -- writing: GG2xx --------------------------------------------------------------------


def too_many_objectives(context: CheckContext) -> Iterator[Finding]:
    """More than ``max_objectives`` (5) objectives for one owner in one cycle.

    Why: focus is the point of OKRs; Doerr and whatmatters.com recommend "a
    maximum of 5 objectives" (Quantive's default caps at 3).

    Fix: merge or drop objectives, or move business-as-usual work to KPIs.
    Parameter: ``max_objectives``.

    >>> hits("GG201", example(*(o(f"o{i}", "acme") for i in range(6))))
    ['acme']
    >>> hits("GG201", example(*(o(f"o{i}", "acme") for i in range(5))))
    []
    """
    limit = context.params["max_objectives"]
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for objective in context.graph.objectives.values():
        groups[(objective.owner, objective.cycle)].append(objective.id)
    for (owner, cycle), ids in groups.items():
        if len(ids) > limit:
            yield context.finding(
                owner,
                f"{owner!r} has {len(ids)} objectives in {cycle}, more than {limit}",
                "focus on the few that matter most; keep business as usual in KPIs",
                related=[cycle, *ids],
            )


def key_result_count(context: CheckContext) -> Iterator[Finding]:
    """Fewer than ``min_key_results`` (2) or more than ``max_key_results`` (5) key results on one objective.

    An objective with none is GG106's finding, not this one's.

    Why: one key result rarely measures an objective fully ("necessary but
    not sufficient", Google's OKR playbook); more than five dilutes focus
    (Doerr: 3-5 key results each; Viva Goals: best practice is 3-5).

    Fix: add the measures that make the objective's success undeniable, or
    merge and drop some. Parameters: ``min_key_results``,
    ``max_key_results``.

    >>> hits("GG202", example(o("top", "acme", kr("a"))))
    ['top']
    >>> hits("GG202", example(o("top", "acme", kr("a"), kr("b"), kr("c"))))
    []
    """
    low, high = context.params["min_key_results"], context.params["max_key_results"]
    for objective in context.graph.objectives.values():
        count = len(context.key_results[objective.id])
        if count and not low <= count <= high:
            yield context.finding(
                objective.id,
                f"objective {objective.id!r} has {count} key result{'s' if count != 1 else ''}, "
                f"outside {low} to {high}",
                "add the measures that make success undeniable" if count < low else "merge or drop key results",
            )


TASK_VERBS = (
    "launch",
    "implement",
    "create",
    "set up",
    "setup",
    "build",
    "hire",
    "write",
    "upgrade",
    "deploy",
    "develop",
    "design",
    "release",
    "ship",
    "roll out",
    "migrate",
    "install",
    "introduce",
    "complete",
    "finish",
    "deliver",
    "organise",
    "organize",
    "hold",
    "run",
    "start",
    "publish",
    "document",
    "define",
    "draft",
    "prepare",
    "redesign",
    "rebuild",
    "refactor",
)
_TASK = re.compile(r"\s*(?:" + "|".join(re.escape(verb) for verb in TASK_VERBS) + r")\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d")


def task_like_key_result(context: CheckContext) -> Iterator[Finding]:
    """A key result that reads like a task: it starts with an activity verb and has no numeric target.

    The verbs are in ``goalgraph._checks.rules.TASK_VERBS`` (launch, implement,
    create, set up, build, hire, write, upgrade, deploy, ship, roll out,
    migrate, publish...). "No numeric target" means a milestone metric (done
    or not done) whose title holds no number.

    Why: key results are outcomes, not outputs; a task can be done without
    changing anything that matters (*The OKRs Field Book*; Perdoo keeps
    tasks apart as initiatives, weight 0).

    Fix: say what the task should change, with a number: "Launch the new
    website" becomes "Raise the sign-up rate from 2% to 4% with the new
    website".

    >>> hits("GG203", example(o("top", "acme", kr("web", "Launch the new website", {"type": "milestone"}), kr("b"))))
    ['web']
    >>> hits("GG203", example(o("top", "acme", kr("conv", "Increase conversion from 4% to 7%",
    ...                                          {"type": "linear", "start": 4, "target": 7}), kr("b"))))
    []
    """
    for key_result in context.graph.key_results.values():
        if (
            isinstance(key_result.metric, MilestoneMetric)
            and _TASK.match(key_result.title)
            and not _NUMBER.search(key_result.title)
        ):
            yield context.finding(
                key_result.id,
                f"key result {key_result.id!r} reads like a task: {key_result.title!r}",
                "say what the task should change, with a number to reach (an outcome, not an output)",
            )


def duplicate_titles(context: CheckContext) -> Iterator[Finding]:
    """Two objectives of one owner in one cycle with the same title (ignoring case and spaces).

    Why: usually a copy left behind, which splits check-ins and alignment
    between two objects that mean one thing.

    Fix: merge them, or say what tells them apart.

    >>> hits("GG204", example(o("a", "acme", title="Grow"), o("b", "acme", title="grow ")))
    ['b']
    >>> hits("GG204", example(o("a", "acme", title="Grow"), o("b", "acme", title="Grow", cycle="Q2")))
    []
    """
    seen: dict[tuple[str, str, str], str] = {}
    for objective in context.graph.objectives.values():
        key = (objective.owner, objective.cycle, " ".join(objective.title.lower().split()))
        first = seen.setdefault(key, objective.id)
        if first != objective.id:
            yield context.finding(
                objective.id,
                f"objective {objective.id!r} has the same title as {first!r}: {objective.title!r}",
                "merge the two, or say in the title what tells them apart",
                related=[first],
            )


# -- time: GG3xx -------------------------------------------------------------------------


def stale_key_result(context: CheckContext) -> Iterator[Finding]:
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


def _ended(context: CheckContext) -> Iterator[tuple[str, datetime.date]]:
    """The cycles that ended before the scoring date, with their end dates, oldest first."""
    cycles = sorted(context.graph.cycles.values(), key=lambda cycle: (cycle.end, cycle.id))
    for cycle in cycles:
        if cycle.end < context.as_of:
            yield cycle.id, cycle.end


def _ended_objectives(context: CheckContext) -> Iterator[tuple[Objective, datetime.date]]:
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


def _final(context: CheckContext, objective_id: str, end: datetime.date) -> float | None:
    """An objective's end-of-cycle grade: the recorded ``grade``, or its score on the cycle's last day."""
    grade = context.graph.objectives[objective_id].grade
    return grade if grade is not None else context.scorecard_at(end).score_of(objective_id)


def past_due(context: CheckContext) -> Iterator[Finding]:
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


def sandbagging(context: CheckContext) -> Iterator[Finding]:
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


def missed_commitment(context: CheckContext) -> Iterator[Finding]:
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


# -- KPIs: GG4xx ---------------------------------------------------------------------------


def incomplete_kpi(context: CheckContext) -> Iterator[Finding]:
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


def disconnected_kpi(context: CheckContext) -> Iterator[Finding]:
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


def crowded_scorecard(context: CheckContext) -> Iterator[Finding]:
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


def kpis_per_objective(context: CheckContext) -> Iterator[Finding]:
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


def stale_kpi(context: CheckContext) -> Iterator[Finding]:
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
    """Register the built-in catalogue on ``registry`` (done when its rules are first asked for)."""
    catalogue: list[tuple[str, str, Severity, Any, dict[str, Any]]] = [
        ("GG101", "dangling reference", Severity.ERROR, dangling_reference, {}),
        ("GG102", "orphan", Severity.WARNING, orphan, {}),
        ("GG103", "inverted alignment", Severity.ERROR, inverted_alignment, {}),
        ("GG104", "skipped level", Severity.INFO, skipped_level, {}),
        ("GG105", "cross-team alignment", Severity.INFO, cross_team_alignment, {}),
        ("GG106", "no key results", Severity.ERROR, no_key_results, {}),
        ("GG107", "zero weights", Severity.ERROR, zero_weights, {}),
        ("GG108", "cycle mismatch", Severity.WARNING, cycle_mismatch, {}),
        ("GG201", "too many objectives", Severity.WARNING, too_many_objectives, {"max_objectives": 5}),
        (
            "GG202",
            "key result count",
            Severity.WARNING,
            key_result_count,
            {"min_key_results": 2, "max_key_results": 5},
        ),
        ("GG203", "task-like key result", Severity.WARNING, task_like_key_result, {}),
        ("GG204", "duplicate titles", Severity.INFO, duplicate_titles, {}),
        ("GG301", "stale key result", Severity.WARNING, stale_key_result, {"cadence_days": 14}),
        ("GG302", "past due", Severity.INFO, past_due, {}),
        ("GG303", "sandbagging", Severity.INFO, sandbagging, {"cycles": 3, "high_average": 0.9}),
        ("GG304", "missed commitment", Severity.WARNING, missed_commitment, {}),
        ("GG401", "incomplete KPI", Severity.WARNING, incomplete_kpi, {}),
        ("GG402", "disconnected KPI", Severity.WARNING, disconnected_kpi, {}),
        ("GG403", "crowded scorecard", Severity.WARNING, crowded_scorecard, {"max_kpis": 25}),
        ("GG404", "KPIs per objective", Severity.INFO, kpis_per_objective, {"max_kpis": 2}),
        ("GG405", "stale KPI", Severity.WARNING, stale_kpi, {}),
    ]
    for code, name, severity, function, params in catalogue:
        registry.rule(code, severity=severity, name=name, params=params)(function)


builtin_rules(register)  # every registry made with its built-ins holds the catalogue

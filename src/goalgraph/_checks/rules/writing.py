"""The writing rules, GG2xx: how the OKRs themselves are written.

Too many objectives for one owner, too few or too many key results on one
objective, key results that read like tasks, and duplicated titles.

Each rule's docstring holds one example that triggers it and one that does
not; they run as doctests, with the builders ``example``, ``o``, ``kr`` and
``hits`` that the tests give them (see :mod:`goalgraph._checks.rules`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from goalgraph._checks.rules.context import RuleContext
from goalgraph._model.findings import Finding, Severity
from goalgraph._model.metrics import MilestoneMetric
from goalgraph._registry.registry import Registry

__all__ = ["TASK_VERBS", "register"]


def too_many_objectives(context: RuleContext) -> Iterator[Finding]:
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


def key_result_count(context: RuleContext) -> Iterator[Finding]:
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


def task_like_key_result(context: RuleContext) -> Iterator[Finding]:
    """A key result that reads like a task: it starts with an activity verb and has no numeric target.

    The verbs are in ``goalgraph._checks.rules.writing.TASK_VERBS``
    (launch, implement, create, set up, build, hire, write, upgrade,
    deploy, ship, roll out, migrate, publish...). "No numeric target" means
    a milestone metric (done or not done) whose title holds no number.

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


def duplicate_titles(context: RuleContext) -> Iterator[Finding]:
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


def register(registry: Registry) -> None:
    """Register the writing rules on ``registry``, in the order of their codes."""
    registry.rule("GG201", severity=Severity.WARNING, name="too many objectives", params={"max_objectives": 5})(
        too_many_objectives
    )
    registry.rule(
        "GG202",
        severity=Severity.WARNING,
        name="key result count",
        params={"min_key_results": 2, "max_key_results": 5},
    )(key_result_count)
    registry.rule("GG203", severity=Severity.WARNING, name="task-like key result")(task_like_key_result)
    registry.rule("GG204", severity=Severity.INFO, name="duplicate titles")(duplicate_titles)

"""The alignment rules, GG1xx: how objectives ladder up the org chart to the top.

References that lead nowhere, objectives that align to nothing, links that
point down, skip a level or cross into another team's chain, objectives
that nothing measures, and alignments across cycles that do not fit.

Each rule's docstring holds one example that triggers it and one that does
not; they run as doctests, with the builders ``example``, ``o``, ``kr`` and
``hits`` that the tests give them (see :mod:`goalgraph._checks.rules`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from goalgraph._checks.rules.context import RuleContext
from goalgraph._model.entities import Alignment, Objective
from goalgraph._model.findings import Finding, Severity
from goalgraph._registry.registry import Registry

__all__ = ["register"]


def dangling_reference(context: RuleContext) -> Iterator[Finding]:
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


def _missing(context: RuleContext, node: str, refs: list[tuple[str | None, Mapping[str, object]]]) -> Iterator[Finding]:
    for ref, table in refs:
        if ref is not None and ref not in table:
            yield context.finding(node, f"{ref!r} does not exist", "name an existing id", related=[ref])


def orphan(context: RuleContext) -> Iterator[Finding]:
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


def inverted_alignment(context: RuleContext) -> Iterator[Finding]:
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


def _link_owners(context: RuleContext) -> Iterator[tuple[Objective, Alignment, str, str]]:
    """Each alignment with the child objective, the link, the child's owner and the parent's owner."""
    for objective, link, parent in context.alignments:
        yield objective, link, objective.owner, parent.owner


def skipped_level(context: RuleContext) -> Iterator[Finding]:
    """An alignment over the head of the owner's parent.

    For example, an individual's objective aligned to the company's while a
    team sits between them.

    Why: cascading through each level lets every manager see and shape what
    their people commit to; skipping a level hides the work from the level
    in between (the Checks page; Viva Goals and Perdoo build alignment level by
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


def cross_team_alignment(context: RuleContext) -> Iterator[Finding]:
    """An alignment to an objective of an owner outside the owner's own chain (a sibling team's).

    Why: it may be right (a platform team serving a product team), but it is
    where matrix organisations double-count and lose accountability, so it
    is worth a look (the Checks page; puzzle/okr refuses alignment within one team).

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


def no_key_results(context: RuleContext) -> Iterator[Finding]:
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


def zero_weights(context: RuleContext) -> Iterator[Finding]:
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


def cycle_mismatch(context: RuleContext) -> Iterator[Finding]:
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


def register(registry: Registry) -> None:
    """Register the alignment rules on ``registry``, in the order of their codes."""
    registry.rule("GG101", severity=Severity.ERROR, name="dangling reference")(dangling_reference)
    registry.rule("GG102", severity=Severity.WARNING, name="orphan")(orphan)
    registry.rule("GG103", severity=Severity.ERROR, name="inverted alignment")(inverted_alignment)
    registry.rule("GG104", severity=Severity.INFO, name="skipped level")(skipped_level)
    registry.rule("GG105", severity=Severity.INFO, name="cross-team alignment")(cross_team_alignment)
    registry.rule("GG106", severity=Severity.ERROR, name="no key results")(no_key_results)
    registry.rule("GG107", severity=Severity.ERROR, name="zero weights")(zero_weights)
    registry.rule("GG108", severity=Severity.WARNING, name="cycle mismatch")(cycle_mismatch)

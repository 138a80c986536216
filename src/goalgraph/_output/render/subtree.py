"""The part of a graph one objective is scored from, as a graph of its own, for a picture of it alone."""

from __future__ import annotations

import attrs
import networkx as nx

from goalgraph._core import fields as v
from goalgraph._core.errors import UnknownNodeError
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import Kpi, Objective

__all__ = ["below"]


def below(graph: GoalGraph, root: str) -> GoalGraph:
    """``root``, everything that contributes to it or supports it, down to the KPIs: a graph of its own.

    Links from those nodes to objectives outside are left out; the scores
    of what is kept do not depend on them (scores flow up the links), so a
    scorecard of the whole graph serves the part. KPIs read by a kept key
    result are kept too, so that the part is a graph a document could hold.
    """
    if root not in graph:
        raise UnknownNodeError(root, "objective")
    kind = graph.kind_of(root)
    if kind == "key_result":
        parent = graph.objective_of(root)
        raise ValueError(f"root must be an objective: {root!r} is a key result of {parent!r}; draw {parent!r}")
    if kind != "objective":
        raise ValueError(f"root must be an objective: {root!r} is {v.kind_in_words(kind)}")
    kept = nx.ancestors(graph.nx, root) | {root}
    objectives = [
        (_within(objective, kept), graph.key_results_of(id)) for id, objective in graph.objectives.items() if id in kept
    ]
    read = {kr.metric.kpi for _, key_results in objectives for kr in key_results if kr.metric.kpi is not None}
    kpis = [_informing(kpi, kept) for id, kpi in graph.kpis.items() if id in kept or id in read]
    used = {objective.cycle for objective, _ in objectives}
    return GoalGraph._assemble(
        levels=graph.levels,
        extra=graph.extra,
        cycles=[cycle for id, cycle in graph.cycles.items() if id in used],
        owners=graph.owners.values(),
        objectives=objectives,
        kpis=kpis,
    )


def _within(objective: Objective, kept: set[str]) -> Objective:
    if all(link.parent in kept for link in objective.aligns_to):
        return objective
    return attrs.evolve(objective, aligns_to=tuple(link for link in objective.aligns_to if link.parent in kept))


def _informing(kpi: Kpi, kept: set[str]) -> Kpi:
    if all(node in kept for node in kpi.supports):
        return kpi
    return attrs.evolve(kpi, supports=tuple(node for node in kpi.supports if node in kept))

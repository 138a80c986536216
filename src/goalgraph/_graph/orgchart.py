"""The org chart and the alignments up it: who is above whom, and which objectives ladder up to the top.

Questions of the graph alone. :func:`reaches_top` and :func:`path_to_top`
answer one question each; an :class:`OrgChart` answers many, keeping what
it works out for the next question. The check rules and
:func:`~goalgraph.summarize` ask once or more per objective, over graphs of
a million nodes, so they keep one chart per graph version.

Every walk is a loop, never a recursion: an org chart or a chain of
alignments may be thousands deep, past Python's recursion limit.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator

from goalgraph._core.errors import UnknownNodeError
from goalgraph._graph.graph import GoalGraph

__all__ = ["OrgChart", "path_to_top", "reaches_top"]

_BY_PARENT = operator.attrgetter("parent")


class OrgChart:
    """A graph's org chart and alignment chains, with each answer kept for the questions after it.

    Parameters
    ----------
    graph : GoalGraph
        Read as it is while the chart is in use: after a change to the
        graph, make a new chart (the checks keep one per graph version).

    Notes
    -----
    An owner's rank is read from the graph's levels when the chart is made
    (one pass over the owners); the depths of owners and whether
    objectives reach the top are worked out on the first question about
    them, with everything met on the way, so that asking about every
    objective costs one pass over the alignments in all.

    Examples
    --------
    >>> from datetime import date
    >>> from goalgraph import GoalGraph, Cycle, Owner, Objective
    >>> g = GoalGraph()
    >>> g.add_cycle(Cycle("Q1", date(2026, 1, 1), date(2026, 3, 31)))
    >>> for owner in (Owner("acme", "company"), Owner("sales", "division", parent="acme"),
    ...               Owner("emea", "team", parent="sales")):
    ...     g.add_owner(owner)
    >>> for id, owner in (("grow", "acme"), ("sell", "sales"), ("win", "emea")):
    ...     g.add_objective(Objective(id=id, title=id, owner=owner, cycle="Q1"))
    >>> g.align("sell", "grow")
    >>> chart = OrgChart(g)
    >>> chart.owner_rank("emea"), list(chart.owner_chain("emea")), chart.is_above("acme", "emea")
    (3, ['emea', 'sales', 'acme'], True)
    >>> chart.reaches_top("sell"), chart.reaches_top("win"), chart.path_to_top("sell")
    (True, False, ('sell', 'grow'))
    """

    __slots__ = ("_depths", "_graph", "_owner_rank", "_reaches_top")

    def __init__(self, graph: GoalGraph) -> None:
        self._graph = graph
        levels = {level: rank for rank, level in enumerate(graph.levels)}
        self._owner_rank = {owner.id: levels[owner.level] for owner in graph.owners.values()}
        self._reaches_top: dict[str, bool] = {}
        self._depths: dict[str, int] = {}

    # -- owners ----------------------------------------------------------------

    def owner_rank(self, owner: str) -> int:
        """How far below the top the owner's level is: 0 for the top level (``company``)."""
        return self._owner_rank[owner]

    def owner_chain(self, owner: str) -> Iterator[str]:
        """The owner and the owners above it, up to the top of the org chart."""
        owners = self._graph.owners
        current: str | None = owner
        while current is not None:
            yield current
            current = owners[current].parent

    def depth(self, owner: str) -> int:
        """How many owners are above ``owner``: 0 for the root of the org chart."""
        depths = self._depths
        if owner in depths:
            return depths[owner]
        owners = self._graph.owners
        walk: list[str] = []
        current: str | None = owner
        while current is not None and current not in depths:
            walk.append(current)
            current = owners[current].parent
        # The whole walk is known now, not just its first owner: the next question about any of them is a look-up.
        base = -1 if current is None else depths[current]
        for distance, node in enumerate(reversed(walk), start=1):
            depths[node] = base + distance
        return depths[owner]

    def is_above(self, upper: str, lower: str) -> bool:
        """Whether owner ``upper`` is above owner ``lower`` in the org chart (its parent, or theirs...)."""
        steps = self.depth(lower) - self.depth(upper)
        if steps <= 0:
            return False
        # Only the owner exactly ``steps`` up from ``lower`` can be ``upper``: climb that far, no further.
        owners = self._graph.owners
        current = lower
        for _ in range(steps):
            current = owners[current].parent  # type: ignore[assignment]
        return current == upper

    # -- alignments --------------------------------------------------------------

    def objective_of(self, node: str) -> str:
        """``node`` itself for an objective; the objective of a key result."""
        graph = self._graph
        return node if node in graph.objectives else graph.objective_of(node)

    def is_top(self, objective: str) -> bool:
        """Whether the objective is owned at the top level."""
        return self._owner_rank[self._graph.objectives[objective].owner] == 0

    def reaches_top(self, objective: str) -> bool:
        """Whether a chain of alignments leads from the objective to a top-level one (itself included).

        A link to a key result leads to that key result's objective.
        """
        known = self._reaches_top
        if objective in known:
            return known[objective]
        objectives = self._graph.objectives
        stack = [objective]
        while stack:  # post-order without recursion: a chain may be very long
            node = stack[-1]
            parents = [self.objective_of(link.parent) for link in objectives[node].aligns_to]
            pending = [p for p in parents if p not in known]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            known[node] = self.is_top(node) or any(known[p] for p in parents)
        return known[objective]

    def path_to_top(self, node: str) -> tuple[str, ...]:
        """The ids from ``node`` up to the nearest top-level objective, or to where the chain breaks.

        A key result's path starts with its own id, then its objective's.
        Links are followed by parent id, not in the document's order, so
        that the path does not depend on it: of several nearest top-level
        objectives, the one reached through the lowest ids. When none is
        reachable: up the link to the lowest parent id, to an objective
        that aligns to nothing.
        """
        start = self.objective_of(node)
        prefix = (node,) if start != node else ()
        objectives = self._graph.objectives
        if self.reaches_top(start):
            came_from: dict[str, str | None] = {start: None}
            frontier = [start]
            while frontier:  # breadth-first: the nearest top-level objective
                following: list[str] = []
                for current in frontier:
                    if self.is_top(current):
                        chain = [current]
                        while (back := came_from[chain[-1]]) is not None:
                            chain.append(back)
                        return prefix + tuple(reversed(chain))
                    for link in sorted(objectives[current].aligns_to, key=_BY_PARENT):
                        parent = self.objective_of(link.parent)
                        if parent not in came_from and self.reaches_top(parent):
                            came_from[parent] = current
                            following.append(parent)
                frontier = following
        chain = [start]
        while objectives[chain[-1]].aligns_to:
            chain.append(self.objective_of(min(objectives[chain[-1]].aligns_to, key=_BY_PARENT).parent))
        return prefix + tuple(chain)


def reaches_top(graph: GoalGraph, objective: str) -> bool:
    """Whether a chain of alignments leads from ``objective`` to a top-level objective.

    A top-level objective is one whose owner is at the graph's first level
    (``company``); it reaches the top itself.

    Parameters
    ----------
    graph : GoalGraph
    objective : str
        The id of an objective.

    Returns
    -------
    bool
        ``True`` when the objective is top-level, or one of the objectives
        or key results it aligns to reaches the top (a key result through
        its objective).

    Raises
    ------
    UnknownNodeError
        When ``objective`` is not an objective of the graph.

    See Also
    --------
    path_to_top : The chain itself.
    OrgChart.reaches_top : The same, remembered, for many questions.

    Notes
    -----
    Every link counts, contributing or not: alignment says which goal an
    objective serves, whatever moves its score.

    Examples
    --------
    >>> from datetime import date
    >>> from goalgraph import GoalGraph, Cycle, Owner, Objective
    >>> g = GoalGraph()
    >>> g.add_cycle(Cycle("Q1", date(2026, 1, 1), date(2026, 3, 31)))
    >>> g.add_owner(Owner("acme", "company"))
    >>> g.add_owner(Owner("sales", "division", parent="acme"))
    >>> for id, owner in (("grow", "acme"), ("sell", "sales"), ("lone", "sales")):
    ...     g.add_objective(Objective(id=id, title=id, owner=owner, cycle="Q1"))
    >>> g.align("sell", "grow", contributes=False)
    >>> reaches_top(g, "grow"), reaches_top(g, "sell"), reaches_top(g, "lone")
    (True, True, False)
    """
    with graph.reading():  # one state of the graph for the whole walk (see GoalGraph's thread safety)
        if objective not in graph.objectives:
            raise UnknownNodeError(objective, "objective")
        return OrgChart(graph).reaches_top(objective)


def path_to_top(graph: GoalGraph, node: str) -> tuple[str, ...]:
    """The ids from an objective or key result up to the nearest top-level objective, or to where the chain breaks.

    Parameters
    ----------
    graph : GoalGraph
    node : str
        The id of an objective or a key result; a key result's path starts
        with its own id, then its objective's.

    Returns
    -------
    tuple of str
        From ``node`` to the nearest top-level objective, the fewest links
        up. Links are followed by parent id, so that the path does not
        depend on the document's order: of several nearest top-level
        objectives, the one reached through the lowest ids. When no chain
        reaches the top, the path follows the link to the lowest parent id
        at each step, up to an objective that aligns to nothing.

    Raises
    ------
    UnknownNodeError
        When ``node`` is neither an objective nor a key result of the graph.

    See Also
    --------
    reaches_top : Whether the path ends at the top.
    OrgChart.path_to_top : The same, with what is worked out kept, for many questions.

    Examples
    --------
    ``win`` aligns to ``sell`` and to a key result of ``grow``: both lead
    to the top, and the shorter way is the path. ``side`` aligns to
    ``lone``, which aligns to nothing:

    >>> from datetime import date
    >>> from goalgraph import GoalGraph, Cycle, Owner, Objective, KeyResult, LinearMetric
    >>> g = GoalGraph()
    >>> g.add_cycle(Cycle("Q1", date(2026, 1, 1), date(2026, 3, 31)))
    >>> for owner in (Owner("acme", "company"), Owner("sales", "division", parent="acme"),
    ...               Owner("emea", "team", parent="sales")):
    ...     g.add_owner(owner)
    >>> for id, owner in (("grow", "acme"), ("sell", "sales"), ("win", "emea"), ("lone", "sales"), ("side", "emea")):
    ...     g.add_objective(Objective(id=id, title=id, owner=owner, cycle="Q1"))
    >>> g.add_key_result("grow", KeyResult(id="grow-kr", title="Reach 100", metric=LinearMetric(start=0, target=100)))
    >>> g.align("sell", "grow")
    >>> g.align("win", "sell")
    >>> g.align("win", "grow-kr")
    >>> g.align("side", "lone")
    >>> path_to_top(g, "win"), path_to_top(g, "grow-kr")
    (('win', 'grow'), ('grow-kr', 'grow'))
    >>> path_to_top(g, "side")
    ('side', 'lone')
    """
    with graph.reading():  # one state of the graph for the whole walk (see GoalGraph's thread safety)
        return OrgChart(graph).path_to_top(node)

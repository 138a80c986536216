"""GoalGraph: the organisation's goals as a DAG, with its invariants.

The graph holds the model objects and a :class:`networkx.DiGraph` whose edges
point from contributor to parent: key result -> objective, objective ->
the objective or key result it aligns to, KPI -> what it supports. Every
mutation keeps the ids unique, the references resolved and the graph acyclic;
a removal that would leave a reference dangling is refused.
Algorithms (scoring, checks) are functions that take the graph, not methods.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar, cast

import attrs
import networkx as nx

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.errors import CycleError, Problem, UnknownNodeError
from goalgraph._core.frozen import EMPTY, freeze
from goalgraph._graph import plain
from goalgraph._model.entities import (
    DEFAULT_LEVELS,
    Alignment,
    Checkin,
    Cycle,
    KeyResult,
    Kpi,
    NodeKind,
    Objective,
    Owner,
    plan_problems,
)

__all__ = ["CONTRIBUTES", "SUPPORTS", "GoalGraph"]

CONTRIBUTES = "contributes"
SUPPORTS = "supports"

_Method = TypeVar("_Method", bound=Callable[..., Any])


def _locked(method: _Method) -> _Method:
    """Run a mutating method holding the graph's lock, so that no reader sees it half done.

    Its refusals name the method (``1 problem in GoalGraph.align():``), not a document.
    """
    naming = v.sourced(f"GoalGraph.{method.__name__}()")  # made once: it holds nothing between calls

    @functools.wraps(method)
    def locked(self: GoalGraph, /, *args: Any, **kwargs: Any) -> Any:
        with self._lock, naming:
            return method(self, *args, **kwargs)

    return cast(_Method, locked)


class GoalGraph:
    """An organisation's cycles, owners, objectives, key results and KPIs, as a DAG.

    Build one from a document (:func:`goalgraph.load`) or in code with the
    ``add_*`` methods and :meth:`align`; take objectives, key results, KPIs
    and links out again with :meth:`remove` and :meth:`unalign`. Each method
    checks its input and refuses, without changing the graph, anything that
    would break an invariant: a duplicate id, a reference to an id not in the
    graph, an alignment that would close a cycle, or a removal that would
    leave a reference dangling.

    Parameters
    ----------
    levels : sequence of str, optional
        The owner levels from the top down; default ``company``,
        ``division``, ``department``, ``team``, ``individual``.
    extra : mapping, optional
        Document-level ``x-`` keys kept for the host product.

    Notes
    -----
    **Thread safety.** One graph may be shared by many threads. Each
    method that changes it (the ``add_*`` methods, :meth:`align`,
    :meth:`unalign`, :meth:`update`, :meth:`remove`) is atomic, and
    :func:`~goalgraph.score`, :func:`~goalgraph.check`,
    :func:`~goalgraph.summarize`, :func:`~goalgraph.classify`,
    :meth:`to_dict`, :meth:`copy`, :func:`~goalgraph.dumps`, the tables
    (:func:`~goalgraph.score_table`, :func:`~goalgraph.edge_table`,
    :func:`~goalgraph.goals_csv`), :func:`~goalgraph.render`,
    :func:`~goalgraph.graduate`, :func:`~goalgraph.suggest_objectives` and
    :func:`goalgraph.testing.check_rollup_laws` read the graph between two
    whole changes, never during one: each gives the result one thread
    would get from the graph as it was after some change, never a mix of
    two. A :class:`~goalgraph.Scorecard` is a snapshot of the moment it was
    made, which later changes leave as it is; several threads may read one
    at once. A :class:`~goalgraph.Scorer` may be shared too: each of its
    changes and the re-scoring that follows is atomic, and it notices the
    changes other threads make to the graph directly.

    This rests on one re-entrant lock per graph, taken once per call:
    ``check()`` holds it while its rules run (a rule may read or score the
    graph itself), so a change waits for a check that is under way, and
    checks of one graph run one after another. The properties
    (:attr:`objectives`, :attr:`nx`...) are live read-only views: a single
    look-up is safe, but iterating over one while another thread changes
    the graph may fail with ``RuntimeError: dictionary changed size during
    iteration``; take a copy with :meth:`to_dict`, or make those threads
    take turns.

    Examples
    --------
    >>> from datetime import date
    >>> from goalgraph import (GoalGraph, Cycle, Owner, Objective, KeyResult,
    ...                        LinearMetric, Checkin)
    >>> g = GoalGraph()
    >>> g.add_cycle(Cycle("Q3", date(2026, 7, 1), date(2026, 9, 30)))
    >>> g.add_owner(Owner("acme", "company"))
    >>> g.add_objective(Objective(id="O1", title="Grow", owner="acme", cycle="Q3"))
    >>> g.add_key_result("O1", KeyResult(id="KR1", title="Customers",
    ...                                   metric=LinearMetric(start=0, target=1000)))
    >>> g.add_checkin("KR1", Checkin(date(2026, 8, 1), 250))
    >>> g.objective_of("KR1"), [kr.id for kr in g.key_results_of("O1")]
    ('O1', ['KR1'])
    >>> sorted(g.nx.edges(data="weight"))
    [('KR1', 'O1', 1)]
    """

    def __init__(self, levels: Iterable[str] = DEFAULT_LEVELS, extra: Mapping[str, Any] | None = None) -> None:
        level_tuple = tuple(levels)
        problems: list[Problem] = []
        if not level_tuple:
            problems.append(
                Problem(codes.MISSING_FIELD, "/levels", "levels is empty", "list the levels from the top down")
            )
        for index, level in enumerate(level_tuple):
            v.identifier(problems, f"/levels/{index}", level)
        named = [level for level in level_tuple if isinstance(level, str)]  # others are refused above
        if len(set(named)) != len(named):
            problems.append(Problem(codes.DUPLICATE_ID, "/levels", "a level is listed twice", "list each level once"))
        frozen_extra = freeze(extra) if extra else EMPTY
        if extra:
            for key, value in extra.items():
                if not (isinstance(key, str) and key.startswith("x-")):
                    problems.append(
                        Problem(codes.UNKNOWN_FIELD, f"/{key}", f"extra key {key!r} does not start with 'x-'")
                    )
                else:
                    v.free_form(problems, f"/{v.escape(key)}", value)
        v.fail_if(problems, v.made(self))
        self._levels: tuple[str, ...] = level_tuple
        self._extra: Mapping[str, Any] = frozen_extra
        self._cycles: dict[str, Cycle] = {}
        self._owners: dict[str, Owner] = {}
        self._objectives: dict[str, Objective] = {}
        self._key_results: dict[str, KeyResult] = {}
        self._kpis: dict[str, Kpi] = {}
        self._kr_objective: dict[str, str] = {}
        self._objective_krs: dict[str, list[str]] = {}
        self._kinds: dict[str, str] = {}
        self._nx: nx.DiGraph[str] = nx.DiGraph()
        self._nx_view: nx.DiGraph[str] | None = None  # made on first read of .nx; it follows every change
        self._version = 0
        # Held by every mutation for its whole body, and by the readers that
        # must see the graph whole (score, check, classify, to_dict). Re-entrant,
        # so that a custom rule may read or score the graph inside check().
        self._lock = threading.RLock()
        # Opaque to the graph: the scoring engine keeps its compiled form of
        # the graph here, keyed by version, so that it lives and dies with it.

    # -- copying and pickling ----------------------------------------------

    def copy(self) -> GoalGraph:
        """An independent graph with the same contents, at the same version.

        Model objects are immutable, so the copy shares them; its own tables
        and networkx graph keep a change to either graph out of the other.
        ``copy.copy(graph)`` and ``copy.deepcopy(graph)`` give the same, and
        a graph pickles (with its objects, for another process) to an equal
        one. What the graph caches for scoring and checking is not copied:
        the copy compiles its own when first scored.

        Examples
        --------
        >>> import goalgraph, pickle
        >>> graph = goalgraph.load_example()
        >>> draft = graph.copy()
        >>> draft.remove("acme-q4-1-kr1")
        >>> "acme-q4-1-kr1" in graph, "acme-q4-1-kr1" in draft
        (True, False)
        >>> pickle.loads(pickle.dumps(graph)).to_dict() == graph.to_dict()
        True
        """
        other = type(self).__new__(type(self))
        other.__setstate__(self.__getstate__())
        return other

    def __copy__(self) -> GoalGraph:
        return self.copy()

    def __deepcopy__(self, memo: dict[int, object]) -> GoalGraph:
        return self.copy()  # what a copy shares is immutable

    def __getstate__(self) -> dict[str, object]:
        # Tables of its own, taken between two whole changes (see the thread
        # safety notes): the model objects in them are immutable and shared.
        with self._lock:
            return {
                "_levels": self._levels,
                "_extra": self._extra,
                "_cycles": dict(self._cycles),
                "_owners": dict(self._owners),
                "_objectives": dict(self._objectives),
                "_key_results": dict(self._key_results),
                "_kpis": dict(self._kpis),
                "_kr_objective": dict(self._kr_objective),
                "_objective_krs": {id: list(krs) for id, krs in self._objective_krs.items()},
                "_kinds": dict(self._kinds),
                "_nx": self._nx.copy(),
                "_version": self._version,
            }

    def __setstate__(self, state: dict[str, object]) -> None:
        vars(self).update(state)
        self._lock = threading.RLock()
        self._nx_view = None

    # -- reading ---------------------------------------------------------

    @property
    def levels(self) -> tuple[str, ...]:
        """The owner levels, from the top down."""
        return self._levels

    @property
    def extra(self) -> Mapping[str, Any]:
        """Document-level ``x-`` keys."""
        return self._extra

    @property
    def cycles(self) -> Mapping[str, Cycle]:
        """Cycles by id, in the order added (read-only)."""
        return types.MappingProxyType(self._cycles)

    @property
    def owners(self) -> Mapping[str, Owner]:
        """Owners by id, in the order added (read-only)."""
        return types.MappingProxyType(self._owners)

    @property
    def objectives(self) -> Mapping[str, Objective]:
        """Objectives by id, in the order added (read-only)."""
        return types.MappingProxyType(self._objectives)

    @property
    def key_results(self) -> Mapping[str, KeyResult]:
        """Key results by id, in the order added (read-only)."""
        return types.MappingProxyType(self._key_results)

    @property
    def kpis(self) -> Mapping[str, Kpi]:
        """KPIs by id, in the order added (read-only)."""
        return types.MappingProxyType(self._kpis)

    @property
    def nx(self) -> nx.DiGraph[str]:
        """A read-only view of the underlying :class:`networkx.DiGraph`.

        Nodes are objective, key result and KPI ids, with a ``kind``
        attribute; edges point from contributor to parent, with ``kind``
        (``contributes`` or ``supports``) and ``weight`` (``None`` for a
        KPI's supports edge). Use it for your own graph algorithms; change
        the graph through its methods. It is one view, made on first read,
        that shows every later change.

        Examples
        --------
        >>> import networkx as nx
        >>> g = GoalGraph()
        >>> nx.is_directed_acyclic_graph(g.nx)
        True
        """
        view = self._nx_view
        if view is None:  # two threads may both make one: either is right
            view = self._nx_view = self._nx.copy(as_view=True)
        return view

    @property
    def version(self) -> int:
        """A counter that every mutation increments; caches compare it."""
        return self._version

    def __contains__(self, id: object) -> bool:
        return id in self._kinds

    def kind_of(self, id: str) -> str:
        """What the id names: ``cycle``, ``owner``, ``objective``, ``key_result`` or ``kpi``.

        Raises
        ------
        UnknownNodeError
            When the graph holds no such id.
        """
        try:
            return self._kinds[id]
        except KeyError:
            raise UnknownNodeError(id, "id") from None

    def objective_of(self, kr_id: str) -> str:
        """The id of the objective a key result belongs to."""
        try:
            return self._kr_objective[kr_id]
        except KeyError:
            raise UnknownNodeError(kr_id, "key result") from None

    def key_results_of(self, objective_id: str) -> tuple[KeyResult, ...]:
        """The key results of an objective, in the order added."""
        try:
            ids = self._objective_krs[objective_id]
        except KeyError:
            raise UnknownNodeError(objective_id, "objective") from None
        return tuple(map(self._key_results.__getitem__, ids))

    def contributors(self, id: str) -> tuple[tuple[str, float], ...]:
        """The ``(child id, weight)`` pairs linked to a node as contributors.

        An objective's are its key results and the objectives aligned to it;
        a key result's, the objectives aligned to it. Supports-only links and
        KPIs are not contributors. A key result scores from its contributors
        only when its metric is ``rollup``: objectives aligned to a key result
        of another type are listed here but do not move its score.

        Examples
        --------
        >>> from goalgraph import loads
        >>> g = loads('''{"goalgraph": 1,
        ...   "cycles": [{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}],
        ...   "owners": [{"id": "acme", "level": "company"}],
        ...   "objectives": [
        ...     {"id": "O1", "title": "Grow", "owner": "acme", "cycle": "Q3"},
        ...     {"id": "O2", "title": "Sell", "owner": "acme", "cycle": "Q3",
        ...      "aligns_to": [{"id": "O1", "weight": 2}]},
        ...     {"id": "O3", "title": "Tell", "owner": "acme", "cycle": "Q3",
        ...      "aligns_to": [{"id": "O1", "contributes": false}]}]}''')
        >>> g.contributors("O1")
        (('O2', 2),)
        """
        if id not in self._nx:
            raise UnknownNodeError(id)
        return tuple(
            (child, data["weight"]) for child, data in self._nx.pred[id].items() if data["kind"] == CONTRIBUTES
        )

    def reading(self) -> contextlib.AbstractContextManager[object]:
        """Hold the graph still while reading it: no change from another thread lands until the block ends.

        Every change to a graph is whole (see the thread-safety notes
        above), so one call that reads it sees one state. Code that reads
        it in several calls and needs them to agree (a score and a table
        from the same state, say) reads them inside ``with
        graph.reading():``. The same thread may change the graph inside.

        Examples
        --------
        >>> from datetime import date
        >>> g = GoalGraph()
        >>> with g.reading():
        ...     before = g.version
        ...     g.add_cycle(Cycle("Q3", date(2026, 7, 1), date(2026, 9, 30)))
        >>> g.version > before
        True
        """
        return self._lock

    def iter_nodes(self) -> Iterator[str]:
        """Objective, key result and KPI ids, in the order added.

        Removing a node leaves the others in their order; an id added again
        after its removal comes last, as any new node does.
        """
        return iter(self._nx)

    def to_dict(self) -> dict[str, Any]:
        """The graph as a document mapping (``goalgraph: 1``, then cycles, owners, ...).

        ``from_dict(graph.to_dict())`` gives an equal graph.

        Examples
        --------
        >>> GoalGraph().to_dict()
        {'goalgraph': 1}
        """
        with self._lock:  # a whole graph, never half of a change made by another thread
            return plain.to_dict(self)

    # -- building --------------------------------------------------------

    @_locked
    def add_cycle(self, cycle: Cycle) -> None:
        """Add a cycle (a time box for objectives)."""
        self._claim(cycle.id, "cycle", Cycle, cycle)
        self._cycles[cycle.id] = cycle
        self._commit(cycle.id, "cycle")

    @_locked
    def add_owner(self, owner: Owner) -> None:
        """Add an owner; its ``parent`` must be in the graph and its level one of the graph's."""
        self._claim(owner.id, "owner", Owner, owner)
        problems: list[Problem] = []
        v.level(problems, "/level", owner.level, self._levels)
        v.fail_if(problems)
        if owner.parent is not None:
            self._require(owner.parent, "owner")
        self._owners[owner.id] = owner
        self._commit(owner.id, "owner")

    @_locked
    def add_objective(self, objective: Objective) -> None:
        """Add an objective; its owner, cycle and the targets of ``aligns_to`` must be in the graph."""
        self._claim(objective.id, "objective", Objective, objective)
        self._require(objective.owner, "owner")
        self._require(objective.cycle, "cycle")
        for link in objective.aligns_to:
            self._require(link.parent, "objective", "key_result")
        self._objectives[objective.id] = objective
        self._objective_krs[objective.id] = []
        self._nx.add_node(objective.id, kind=NodeKind.OBJECTIVE)
        for link in objective.aligns_to:
            self._nx.add_edge(objective.id, link.parent, **_link_data(link))
        self._commit(objective.id, "objective")

    @_locked
    def add_key_result(self, objective_id: str, key_result: KeyResult) -> None:
        """Add a key result to an objective.

        Its owner and its metric's KPI, when given, must be in the graph.
        """
        self._claim(key_result.id, "key result", KeyResult, key_result)
        self._require(objective_id, "objective")
        if key_result.owner is not None:
            self._require(key_result.owner, "owner")
        if key_result.metric.kpi is not None:
            self._require(key_result.metric.kpi, "kpi")
        v.fail_if(plan_problems(key_result.metric, self._cycles[self._objectives[objective_id].cycle]))
        self._key_results[key_result.id] = key_result
        self._kr_objective[key_result.id] = objective_id
        self._objective_krs[objective_id].append(key_result.id)
        self._nx.add_node(key_result.id, kind=NodeKind.KEY_RESULT)
        self._nx.add_edge(key_result.id, objective_id, kind=CONTRIBUTES, weight=key_result.weight)
        self._commit(key_result.id, "key_result")

    @_locked
    def add_kpi(self, kpi: Kpi) -> None:
        """Add a KPI; its owner and the objectives and key results it supports must be in the graph."""
        self._claim(kpi.id, "KPI", Kpi, kpi)
        if kpi.owner is not None:
            self._require(kpi.owner, "owner")
        for node in kpi.supports:
            self._require(node, "objective", "key_result")
        self._kpis[kpi.id] = kpi
        self._nx.add_node(kpi.id, kind=NodeKind.KPI)
        for node in kpi.supports:
            self._nx.add_edge(kpi.id, node, kind=SUPPORTS, weight=None)
        self._commit(kpi.id, "kpi")

    @_locked
    def align(self, child: str, parent: str, weight: float = 1, contributes: bool = True) -> None:
        """Align objective ``child`` to the objective or key result ``parent``.

        Raises
        ------
        CycleError
            When ``parent`` already contributes to ``child``, directly or
            through others; the error names the cycle in order.
        UnknownNodeError
            When either id is not in the graph.
        ValidationError
            For a bad weight, or a link that already exists.

        Examples
        --------
        >>> from datetime import date
        >>> from goalgraph import GoalGraph, Cycle, Owner, Objective, CycleError
        >>> g = GoalGraph()
        >>> g.add_cycle(Cycle("Q3", date(2026, 7, 1), date(2026, 9, 30)))
        >>> g.add_owner(Owner("acme", "company"))
        >>> for id in ("A", "B"):
        ...     g.add_objective(Objective(id=id, title=id, owner="acme", cycle="Q3"))
        >>> g.align("B", "A")
        >>> try:
        ...     g.align("A", "B")
        ... except CycleError as err:
        ...     print(err.cycle)
        ('A', 'B', 'A')
        """
        self._require(child, "objective")
        self._require(parent, "objective", "key_result")
        link = Alignment(parent, weight, contributes)
        objective = self._objectives[child]
        if child == parent or nx.has_path(self._nx, parent, child):
            path = nx.shortest_path(self._nx, parent, child) if child != parent else [child]
            raise CycleError([child, *path])
        updated = attrs.evolve(objective, aligns_to=(*objective.aligns_to, link))
        self._objectives[child] = updated
        self._nx.add_edge(child, parent, **_link_data(link))
        self._version += 1

    @_locked
    def update(self, id: str, **changes: Any) -> None:
        """Change fields of an objective or a key result, keeping the graph's invariants.

        The object is rebuilt with ``attrs.evolve``, so every field is
        checked again; references must name ids in the graph. Ids and
        alignments do not change here: use :meth:`align` and :meth:`unalign`
        for links.

        Raises
        ------
        ValidationError
            For a field value the model refuses.
        UnknownNodeError
            When ``id``, or an id a changed field names, is not in the graph.
        TypeError
            For a field the object does not have, or one that cannot change.

        Examples
        --------
        >>> from goalgraph import load_example
        >>> g = load_example()
        >>> g.update("acme-q4-1-kr1", weight=3, score_override=0.5)
        >>> g.key_results["acme-q4-1-kr1"].weight
        3
        """
        kind = self.kind_of(id)
        frozen = {"id", "aligns_to", "supports"} & changes.keys()
        if frozen:
            raise TypeError(
                f"{', '.join(sorted(frozen))} cannot change through update(); use align() and unalign() for links"
            )
        if kind == "key_result":
            old_kr = self._key_results[id]
            kr = attrs.evolve(old_kr, **changes)
            if kr.owner is not None:
                self._require(kr.owner, "owner")
            if kr.metric.kpi is not None:
                self._require(kr.metric.kpi, "kpi")
            v.fail_if(plan_problems(kr.metric, self._cycles[self._objectives[self._kr_objective[id]].cycle]))
            self._key_results[id] = kr
            if kr.weight != old_kr.weight:
                self._nx.edges[id, self._kr_objective[id]]["weight"] = kr.weight
        elif kind == "objective":
            objective = attrs.evolve(self._objectives[id], **changes)
            self._require(objective.owner, "owner")
            self._require(objective.cycle, "cycle")
            cycle = self._cycles[objective.cycle]
            problems = [
                problem.under(f"/key_results/{index}")
                for index, kr_id in enumerate(self._objective_krs[id])
                for problem in plan_problems(self._key_results[kr_id].metric, cycle)
            ]
            v.fail_if(problems)  # a move to another cycle that leaves a key result's plan outside it
            self._objectives[id] = objective
        else:
            raise TypeError(f"update() changes objectives and key results; {id!r} is {v.kind_in_words(kind)}")
        self._version += 1

    @_locked
    def unalign(self, child: str, parent: str) -> None:
        """Remove objective ``child``'s alignment to the objective or key result ``parent``.

        The link goes from ``child``'s ``aligns_to`` and from the networkx
        graph; everything else stays as it is. :meth:`align` adds a link at
        the end of ``aligns_to``, so unaligning an objective's last link and
        aligning it again gives back the same graph.

        Parameters
        ----------
        child : str
            The id of the aligned objective.
        parent : str
            The id of the objective or key result it aligns to.

        Raises
        ------
        UnknownNodeError
            When ``child`` is not an objective in the graph, or ``parent``
            not an objective or key result in the graph.
        ValidationError
            When ``child`` does not align to ``parent`` (code GG101, at the
            path of ``child``'s ``aligns_to`` in the document); the hint says
            what ``child`` does align to.

        See Also
        --------
        align : the reverse.
        remove : take an objective, key result or KPI out of the graph.

        Examples
        --------
        >>> from goalgraph import load_example, ValidationError
        >>> g = load_example()
        >>> [link.parent for link in g.objectives["prodeng-q4-1"].aligns_to]
        ['acme-q4-2-kr1', 'acme-q4-3']
        >>> g.unalign("prodeng-q4-1", "acme-q4-3")
        >>> [link.parent for link in g.objectives["prodeng-q4-1"].aligns_to]
        ['acme-q4-2-kr1']
        >>> g.nx.has_edge("prodeng-q4-1", "acme-q4-3")
        False
        >>> try:
        ...     g.unalign("prodeng-q4-1", "acme-q4-3")
        ... except ValidationError as err:
        ...     print(err.problems[0])
        /objectives/19/aligns_to: objective 'prodeng-q4-1' does not align to 'acme-q4-3' [GG101]
            hint: it aligns to 'acme-q4-2-kr1'
        """
        self._require(child, "objective")
        self._require(parent, "objective", "key_result")
        objective = self._objectives[child]
        kept = tuple(link for link in objective.aligns_to if link.parent != parent)
        if len(kept) == len(objective.aligns_to):
            v.refuse(
                codes.DANGLING_REFERENCE,
                f"/objectives/{list(self._objectives).index(child)}/aligns_to",
                f"objective {child!r} does not align to {parent!r}",
                self._unalign_hint(child, parent),
            )
        self._objectives[child] = attrs.evolve(objective, aligns_to=kept)
        self._nx.remove_edge(child, parent)
        self._version += 1

    @_locked
    def remove(self, id: str) -> None:
        """Remove an objective (with its key results), a key result or a KPI.

        The graph is left exactly as if the node had never been added: its
        model object, its edges, its place in :meth:`iter_nodes` and in its
        objective's :meth:`key_results_of` all go, and the version changes,
        so compiled scoring plans and check caches are rebuilt. The id can be
        used again.

        Nothing may still refer to what is removed. The removal is refused,
        and the graph left unchanged, while an objective aligns to it (or to
        one of its key results), a KPI supports it (or one of its key
        results), or a key result's metric reads it (a KPI).

        Parameters
        ----------
        id : str
            The id of an objective, key result or KPI.

        Raises
        ------
        UnknownNodeError
            When the graph holds no objective, key result or KPI with this id.
        TypeError
            When ``id`` names a cycle or an owner.
        ValidationError
            When something still refers to the node: one problem (code GG101)
            per reference, at the reference's path in the graph's document
            (:meth:`to_dict`), with a hint that says what to undo first
            (``unalign('X', 'O1') first``).

        See Also
        --------
        unalign : remove one alignment.

        Examples
        --------
        >>> from goalgraph import load_example, ValidationError
        >>> g = load_example()
        >>> g.remove("sam-q4-1")  # an individual's objective: nothing aligns to it
        >>> "sam-q4-1" in g, "sam-q4-1-kr1" in g
        (False, False)
        >>> g.remove("demand-q4-1-kr2")
        >>> [kr.id for kr in g.key_results_of("demand-q4-1")]
        ['demand-q4-1-kr1', 'demand-q4-1-kr3']
        >>> try:
        ...     g.remove("demand-q4-1")
        ... except ValidationError as err:
        ...     print(err)
        2 problems in GoalGraph.remove():
          /objectives/33/aligns_to/0: cannot remove 'demand-q4-1': objective 'lena-q4-1' aligns to it [GG101]
              hint: unalign('lena-q4-1', 'demand-q4-1') first
          /kpis/4/supports/0: cannot remove 'demand-q4-1': KPI 'website-signups' supports it [GG101]
              hint: remove KPI 'website-signups' first (add it again without 'demand-q4-1' in supports to keep it)
        """
        kind = self._kinds.get(id)
        if kind is None:
            raise UnknownNodeError(id, "objective, key result or KPI")
        if kind == "objective":
            doomed = [id, *self._objective_krs[id]]
        elif kind in ("key_result", "kpi"):
            doomed = [id]
        else:
            raise TypeError(f"remove() removes objectives, key results and KPIs; {id!r} is {v.kind_in_words(kind)}")
        v.fail_if(self._dependants(id, frozenset(doomed)))
        if kind == "objective":
            for kr_id in doomed[1:]:
                del self._key_results[kr_id], self._kr_objective[kr_id]
            del self._objectives[id], self._objective_krs[id]
        elif kind == "key_result":
            self._objective_krs[self._kr_objective.pop(id)].remove(id)
            del self._key_results[id]
        else:
            del self._kpis[id]
        for node in doomed:
            del self._kinds[node]
        self._nx.remove_nodes_from(doomed)
        self._version += 1

    @_locked
    def add_checkin(self, kr_id: str, checkin: Checkin) -> None:
        """Record a check-in on a key result."""
        self._require(kr_id, "key_result")
        key_result = self._key_results[kr_id]
        self._key_results[kr_id] = attrs.evolve(key_result, checkins=(*key_result.checkins, checkin))
        self._version += 1

    @_locked
    def add_measurement(self, kpi_id: str, measurement: Checkin) -> None:
        """Record a measurement of a KPI."""
        self._require(kpi_id, "kpi")
        kpi = self._kpis[kpi_id]
        self._kpis[kpi_id] = attrs.evolve(kpi, measurements=(*kpi.measurements, measurement))
        self._version += 1

    # -- internals -------------------------------------------------------

    def _claim(self, id: str, what: str, cls: type, obj: object) -> None:
        if not isinstance(obj, cls):
            raise TypeError(f"expected a {cls.__name__}, got {type(obj).__name__}")
        if id in self._kinds:
            v.refuse(
                codes.DUPLICATE_ID,
                "/id",
                f"id {id!r} is already the id of {v.kind_in_words(self._kinds[id])}",
                f"give the {what} an id not used elsewhere in the graph (all ids share one namespace)",
            )

    def _require(self, id: str, *kinds: str) -> None:
        if self._kinds.get(id) not in kinds:
            raise UnknownNodeError(id, " or ".join(kind.replace("_", " ") for kind in kinds))

    def _commit(self, id: str, kind: str) -> None:
        self._kinds[id] = kind
        self._version += 1

    def _unalign_hint(self, child: str, parent: str) -> str:
        if self._kinds[parent] == "objective" and any(
            link.parent == child for link in self._objectives[parent].aligns_to
        ):
            return f"the link goes the other way: unalign({parent!r}, {child!r})"
        parents = [link.parent for link in self._objectives[child].aligns_to]
        return "it aligns to " + ", ".join(map(repr, parents)) if parents else "it aligns to nothing"

    def _dependants(self, id: str, doomed: frozenset[str]) -> list[Problem]:
        """What outside ``doomed`` (``id`` and what goes with it) still names one of its ids.

        One problem per reference, in document order, at the reference's
        path. The edges find aligned objectives and supporting KPIs; a key
        result reading a KPI has no edge, so KPIs are looked up among the
        metrics.
        """
        referrers = {node for target in doomed for node in self._nx.pred[target]} - doomed
        reads = self._kinds[id] == "kpi" and any(kr.metric.kpi == id for kr in self._key_results.values())
        if not referrers and not reads:
            return []

        def which(target: str) -> str:
            return "it" if target == id else f"its key result {target!r}"

        problems: list[Problem] = []
        refuse = f"cannot remove {id!r}"
        for i, (objective_id, objective) in enumerate(self._objectives.items()):
            if objective_id in referrers:
                for a, link in enumerate(objective.aligns_to):
                    if link.parent in doomed:
                        problems.append(
                            Problem(
                                codes.DANGLING_REFERENCE,
                                f"/objectives/{i}/aligns_to/{a}",
                                f"{refuse}: objective {objective_id!r} aligns to {which(link.parent)}",
                                f"unalign({objective_id!r}, {link.parent!r}) first",
                            )
                        )
            if reads:
                for k, kr_id in enumerate(self._objective_krs[objective_id]):
                    if self._key_results[kr_id].metric.kpi == id:
                        problems.append(
                            Problem(
                                codes.DANGLING_REFERENCE,
                                f"/objectives/{i}/key_results/{k}/metric/kpi",
                                f"{refuse}: key result {kr_id!r} reads it",
                                f"remove key result {kr_id!r} first, or update() its metric to one that does not read"
                                f" {id!r}",
                            )
                        )
        for i, (kpi_id, kpi) in enumerate(self._kpis.items()):
            if kpi_id in referrers:
                for s, node in enumerate(kpi.supports):
                    if node in doomed:
                        problems.append(
                            Problem(
                                codes.DANGLING_REFERENCE,
                                f"/kpis/{i}/supports/{s}",
                                f"{refuse}: KPI {kpi_id!r} supports {which(node)}",
                                f"remove KPI {kpi_id!r} first (add it again without {node!r} in supports to keep it)",
                            )
                        )
        return problems

    @classmethod
    def _assemble(
        cls,
        *,
        levels: tuple[str, ...],
        extra: Mapping[str, Any],
        cycles: Iterable[Cycle],
        owners: Iterable[Owner],
        objectives: Iterable[tuple[Objective, Iterable[KeyResult]]],
        kpis: Iterable[Kpi],
    ) -> GoalGraph:
        """Build a graph from objects whose ids and references are already checked.

        The document reader uses this: it has reported every dangling
        reference with its path, so only acyclicity is left, checked once
        at the end instead of per edge.
        """
        graph = cls(levels, extra)
        for cycle in cycles:
            graph._cycles[cycle.id] = cycle
            graph._kinds[cycle.id] = "cycle"
        for owner in owners:
            graph._owners[owner.id] = owner
            graph._kinds[owner.id] = "owner"
        pending_links: list[tuple[str, Alignment]] = []
        add_node = graph._nx.add_node
        add_edge = graph._nx.add_edge
        for objective, key_results in objectives:
            graph._objectives[objective.id] = objective
            graph._kinds[objective.id] = "objective"
            add_node(objective.id, kind=NodeKind.OBJECTIVE)
            krs = graph._objective_krs[objective.id] = []
            for kr in key_results:
                graph._key_results[kr.id] = kr
                graph._kinds[kr.id] = "key_result"
                graph._kr_objective[kr.id] = objective.id
                krs.append(kr.id)
                add_node(kr.id, kind=NodeKind.KEY_RESULT)
                add_edge(kr.id, objective.id, kind=CONTRIBUTES, weight=kr.weight)
            pending_links.extend((objective.id, link) for link in objective.aligns_to)
        for child, link in pending_links:
            add_edge(child, link.parent, **_link_data(link))
        for kpi in kpis:
            graph._kpis[kpi.id] = kpi
            graph._kinds[kpi.id] = "kpi"
            add_node(kpi.id, kind=NodeKind.KPI)
            for node in kpi.supports:
                add_edge(kpi.id, node, kind=SUPPORTS, weight=None)
        if not nx.is_directed_acyclic_graph(graph._nx):
            edges = nx.find_cycle(graph._nx)
            raise CycleError([edge[0] for edge in edges] + [edges[0][0]])
        graph._version = 1
        return graph


def _link_data(link: Alignment) -> dict[str, Any]:
    return {"kind": CONTRIBUTES if link.contributes else SUPPORTS, "weight": link.weight}

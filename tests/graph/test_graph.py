"""GoalGraph: building in code, the DAG invariant, and the networkx view (SPEC §1)."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import date

import attrs
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import goalgraph
from goalgraph import (
    Alignment,
    Checkin,
    Cycle,
    CycleError,
    GoalGraph,
    KeyResult,
    Kpi,
    LinearMetric,
    Objective,
    Owner,
    RollupMetric,
    UnknownNodeError,
    ValidationError,
)
from goalgraph.strategies import documents
from tests.builders import document, objective


@pytest.fixture
def graph() -> GoalGraph:
    g = GoalGraph()
    g.add_cycle(Cycle("Q3", date(2026, 7, 1), date(2026, 9, 30)))
    g.add_owner(Owner("acme", "company"))
    g.add_owner(Owner("team", "team", parent="acme"))
    for oid in ("A", "B", "C", "D"):
        g.add_objective(Objective(id=oid, title=oid, owner="acme", cycle="Q3"))
    return g


def test_a_graph_built_in_code_scores_like_a_loaded_one(graph):
    graph.add_key_result("A", KeyResult(id="A1", title="a", metric=LinearMetric(start=0, target=10), weight=2))
    graph.add_key_result("B", KeyResult(id="B1", title="b", metric=LinearMetric(start=0, target=10)))
    graph.align("B", "A")
    graph.add_checkin("A1", Checkin(date(2026, 8, 1), 5))
    graph.add_checkin("B1", Checkin(date(2026, 8, 1), 8))
    card = goalgraph.score(graph, as_of="2026-08-15")
    assert card["A"].score == pytest.approx((2 * 0.5 + 0.8) / 3)
    again = goalgraph.score(goalgraph.loads(goalgraph.dumps(graph)), as_of="2026-08-15")
    assert again.to_dict() == card.to_dict()


def test_an_alignment_closing_a_cycle_is_refused_naming_the_cycle_in_order(graph):
    graph.align("B", "A")
    graph.align("C", "B")
    graph.align("D", "C")
    version = graph.version
    with pytest.raises(CycleError) as info:
        graph.align("A", "D")
    assert info.value.cycle == ("A", "D", "C", "B", "A")
    assert info.value.problems[0].code == "GG030"
    assert graph.version == version
    assert not graph.nx.has_edge("A", "D")
    assert nx.is_directed_acyclic_graph(graph.nx)


def test_an_objective_aligned_to_itself_is_a_cycle(graph):
    with pytest.raises(CycleError) as info:
        graph.align("A", "A")
    assert info.value.cycle == ("A", "A")


def test_a_cycle_through_a_key_result_is_refused(graph):
    graph.add_key_result("A", KeyResult(id="A1", title="a", metric=RollupMetric()))
    graph.align("B", "A1")
    with pytest.raises(CycleError) as info:
        graph.align("A", "B")
    assert info.value.cycle == ("A", "B", "A1", "A")


def test_a_cycle_in_a_document_is_refused_with_its_path():
    doc = document(objective("A", aligns_to=["B"]), objective("B", aligns_to=["A"]))
    with pytest.raises(CycleError) as info:
        goalgraph.from_dict(doc)
    cycle = info.value.cycle
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"A", "B"}
    assert info.value.problems[0].path in ("/objectives/0/aligns_to/0", "/objectives/1/aligns_to/0")


def test_references_must_exist_when_added(graph):
    with pytest.raises(UnknownNodeError) as info:
        graph.add_objective(Objective(id="E", title="e", owner="nobody", cycle="Q3"))
    assert info.value.id == "nobody"
    with pytest.raises(UnknownNodeError):
        graph.align("A", "Z")
    with pytest.raises(UnknownNodeError):
        graph.add_key_result("Z", KeyResult(id="Z1", title="z", metric=RollupMetric()))
    with pytest.raises(UnknownNodeError):
        graph.add_owner(Owner("x", "team", parent="ghost"))
    assert "E" not in graph


def test_ids_share_one_namespace(graph):
    with pytest.raises(ValidationError) as info:
        graph.add_owner(Owner("A", "team"))
    assert info.value.problems[0].code == "GG016"
    assert "objective" in info.value.problems[0].message


def test_an_owner_level_must_be_one_of_the_graphs_levels():
    g = GoalGraph(levels=["org", "squad"])
    g.add_owner(Owner("o", "org"))
    with pytest.raises(ValidationError) as info:
        g.add_owner(Owner("s", "team"))
    assert info.value.problems[0].code == "GG029"


def test_the_networkx_view_is_read_only(graph):
    view = graph.nx
    with pytest.raises(nx.NetworkXError):
        view.add_edge("A", "B")
    assert list(graph.nx.edges) == []


def test_the_networkx_view_is_one_view_that_follows_every_change(graph):
    view = graph.nx
    assert graph.nx is view
    graph.add_objective(Objective(id="O9", title="Later", owner="acme", cycle="Q3"))
    assert "O9" in view
    graph.remove("O9")
    assert "O9" not in view


def test_edges_point_from_contributor_to_parent_with_kind_and_weight(graph):
    graph.add_key_result("A", KeyResult(id="A1", title="a", metric=RollupMetric(), weight=2))
    graph.align("B", "A", weight=3)
    graph.align("C", "A", contributes=False)
    edges = {(u, v): (d["kind"], d["weight"]) for u, v, d in graph.nx.edges(data=True)}
    assert edges == {("A1", "A"): ("contributes", 2), ("B", "A"): ("contributes", 3), ("C", "A"): ("supports", 1)}
    assert graph.contributors("A") == (("A1", 2), ("B", 3))


def test_model_objects_are_immutable_and_hashable():
    objective = Objective(id="A", title="a", owner="acme", cycle="Q3", aligns_to=[Alignment("B")])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        objective.title = "b"  # type: ignore[misc]
    assert isinstance(objective.aligns_to, tuple)
    assert hash(objective) == hash(attrs.evolve(objective))
    with pytest.raises(ValidationError):
        attrs.evolve(objective, score_override=2)


def test_model_objects_report_every_problem_at_once():
    with pytest.raises(ValidationError) as info:
        KeyResult(id=" ", title=3, metric=LinearMetric(start=0, target=1), weight=-1, score_override=1.5)
    assert [p.path for p in info.value.problems] == ["/id", "/title", "/weight", "/score_override"]


def test_errors_survive_pickling():
    err = CycleError(("A", "B", "A"), "/objectives/0/aligns_to/0", "okrs.yaml")
    again = pickle.loads(pickle.dumps(err))
    assert (again.cycle, again.problems, again.source) == (err.cycle, err.problems, err.source)
    unknown = pickle.loads(pickle.dumps(UnknownNodeError("X", "owner")))
    assert (unknown.id, unknown.what) == ("X", "owner")


def test_errors_inherit_the_builtin_they_mean():
    assert issubclass(ValidationError, ValueError)
    assert issubclass(UnknownNodeError, LookupError)
    assert issubclass(CycleError, goalgraph.GoalGraphError)


# -- removing nodes and links ------------------------------------------------

AS_OF = "2026-08-15"


def _objective(oid: str, owner: str = "acme", aligns: tuple[str, ...] = ()) -> Objective:
    return Objective(id=oid, title=oid, owner=owner, cycle="Q3", aligns_to=[Alignment(p) for p in aligns])


def _kr(kr_id: str, target: float = 10, kpi: str | None = None, weight: float = 1) -> KeyResult:
    return KeyResult(id=kr_id, title=kr_id, metric=LinearMetric(start=0, target=target, kpi=kpi), weight=weight)


def _kpi(kpi_id: str, supports: tuple[str, ...] = (), values: tuple[float, ...] = (40, 60)) -> Kpi:
    days = (date(2026, 7, 15), date(2026, 8, 1))
    return Kpi(
        id=kpi_id,
        name=kpi_id,
        target=100,
        supports=supports,
        measurements=[Checkin(day, value) for day, value in zip(days, values, strict=False)],
    )


def build(*, extra: bool) -> GoalGraph:
    """The same graph, with (``extra``) or without nodes and links interleaved among its own."""
    g = GoalGraph()
    g.add_cycle(Cycle("Q3", date(2026, 7, 1), date(2026, 9, 30)))
    g.add_owner(Owner("acme", "company"))
    g.add_owner(Owner("team", "team", parent="acme"))
    g.add_kpi(_kpi("k1"))
    g.add_objective(_objective("O1"))
    if extra:
        g.add_objective(_objective("X", "team", aligns=("O1",)))
        g.add_key_result("X", _kr("X1"))
        g.add_kpi(_kpi("kx", values=(5,)))
    g.add_key_result("O1", _kr("KR1", weight=2))
    if extra:
        g.add_key_result("O1", _kr("KR-extra", kpi="kx"))
        g.add_key_result("X", _kr("X2"))
    g.add_key_result("O1", _kr("KR2", target=100, kpi="k1"))
    g.add_objective(_objective("O2", "team", aligns=("O1",)))
    if extra:
        g.add_objective(_objective("Y", "team", aligns=("KR1",)))
        g.add_objective(_objective("Z", "team", aligns=("Y", "O2")))
        g.add_kpi(_kpi("ky", supports=("O2", "KR1", "X1")))
    g.add_key_result("O2", _kr("O2-1"))
    g.add_objective(_objective("O3", "team"))
    g.align("O3", "KR1", weight=3)
    if extra:
        g.align("O3", "O2", contributes=False)
        g.align("O2", "Y")
    g.add_key_result("O3", _kr("O3-1"))
    g.add_kpi(_kpi("k2", supports=("O1", "KR1")))
    for kr, value in (("KR1", 4), ("O2-1", 7), ("O3-1", 2)):
        g.add_checkin(kr, Checkin(date(2026, 8, 1), value))
    if extra:
        g.add_checkin("X1", Checkin(date(2026, 8, 1), 9))
        g.add_measurement("kx", Checkin(date(2026, 8, 2), 6))
    g.add_measurement("k1", Checkin(date(2026, 8, 3), 70))
    return g


def remove_extras(g: GoalGraph) -> None:
    """Take out of ``build(extra=True)`` what ``build(extra=False)`` never had, dependants first."""
    g.unalign("O2", "Y")
    g.unalign("O3", "O2")
    g.remove("Z")
    g.remove("Y")
    g.remove("ky")
    g.remove("KR-extra")
    g.remove("kx")
    g.remove("X")


def snapshot(g: GoalGraph) -> tuple[object, ...]:
    """Everything observable about a graph's contents and their order."""
    return (
        g.to_dict(),
        list(g.iter_nodes()),
        list(g.nx.nodes(data=True)),
        list(g.nx.edges(data=True)),
        {node: g.contributors(node) for node in g.iter_nodes()},
        {oid: [kr.id for kr in g.key_results_of(oid)] for oid in g.objectives},
        dict(g.key_results),
        {kr: g.objective_of(kr) for kr in g.key_results},
        {id: g.kind_of(id) for id in (*g.cycles, *g.owners, *g.iter_nodes())},
    )


def test_removing_what_was_added_gives_the_graph_built_without_it():
    a, b = build(extra=True), build(extra=False)
    remove_extras(a)
    assert snapshot(a) == snapshot(b)
    assert a.to_dict() == b.to_dict()
    assert goalgraph.score(a, as_of=AS_OF).to_dict() == goalgraph.score(b, as_of=AS_OF).to_dict()
    assert goalgraph.check(a, as_of=AS_OF) == goalgraph.check(b, as_of=AS_OF)
    assert goalgraph.dumps(goalgraph.loads(goalgraph.dumps(a))) == goalgraph.dumps(b)


def test_removals_refresh_the_scores_and_checks_cached_on_the_graph():
    a, b = build(extra=True), build(extra=False)
    scorer = goalgraph.Scorer(a, as_of=AS_OF)
    before = goalgraph.score(a, as_of=AS_OF).to_dict()
    stale_findings = goalgraph.check(a, as_of=AS_OF)
    version = a.version
    remove_extras(a)
    assert a.version > version
    expected = goalgraph.score(b, as_of=AS_OF).to_dict()
    assert expected != before
    assert goalgraph.score(a, as_of=AS_OF).to_dict() == expected
    assert scorer.scorecard.to_dict() == expected
    findings = goalgraph.check(a, as_of=AS_OF)
    assert findings == goalgraph.check(b, as_of=AS_OF)
    assert findings != stale_findings


def test_every_removal_and_unalignment_changes_the_version():
    g = build(extra=True)
    versions = [g.version]
    g.unalign("O2", "Y")
    versions.append(g.version)
    g.remove("KR-extra")
    versions.append(g.version)
    g.remove("kx")
    versions.append(g.version)
    assert versions == sorted(set(versions))


def test_removing_an_objective_takes_its_key_results_with_it():
    g = build(extra=True)
    g.remove("ky")  # it supports X1
    g.remove("X")
    for gone in ("X", "X1", "X2"):
        assert gone not in g
        assert gone not in g.nx
        with pytest.raises(UnknownNodeError):
            g.kind_of(gone)
    with pytest.raises(UnknownNodeError):
        g.objective_of("X1")
    with pytest.raises(UnknownNodeError):
        g.key_results_of("X")
    assert "X" not in g.objectives
    assert {"X1", "X2"}.isdisjoint(g.key_results)
    assert g.contributors("O1") == (("KR1", 2), ("KR-extra", 1), ("KR2", 1), ("O2", 1))


def test_removing_a_key_result_keeps_its_siblings_in_order():
    g = build(extra=True)
    g.remove("KR-extra")
    assert [kr.id for kr in g.key_results_of("O1")] == ["KR1", "KR2"]
    assert [node for node in g.iter_nodes() if node.startswith("KR")] == ["KR1", "KR2"]
    assert not g.nx.has_node("KR-extra")


def test_a_removed_id_can_be_added_again():
    a, b = build(extra=False), build(extra=False)
    a.remove("O3-1")
    a.add_key_result("O3", _kr("O3-1"))
    a.add_checkin("O3-1", Checkin(date(2026, 8, 1), 2))
    a.remove("k2")
    a.add_kpi(_kpi("k2", supports=("O1", "KR1")))
    assert a.to_dict() == b.to_dict()
    assert goalgraph.score(a, as_of=AS_OF).to_dict() == goalgraph.score(b, as_of=AS_OF).to_dict()
    assert list(a.iter_nodes()) == list(b.iter_nodes())
    # Another kind may take the id now.
    a.remove("k2")
    a.add_objective(_objective("k2"))
    assert a.kind_of("k2") == "objective"


def test_an_objective_added_again_after_its_removal_comes_last():
    g = build(extra=False)
    g.remove("k2")
    g.remove("O3")
    g.add_objective(_objective("O3", "team"))
    assert list(g.iter_nodes())[-1] == "O3"
    assert list(g.objectives)[-1] == "O3"
    assert g.key_results_of("O3") == ()
    assert g.objectives["O3"].aligns_to == ()


def assert_refused(g: GoalGraph, call, error=ValidationError):
    before, version = snapshot(g), g.version
    with pytest.raises(error) as info:
        call()
    assert snapshot(g) == before
    assert g.version == version
    return info.value


def test_removing_an_objective_others_align_to_is_refused_naming_them():
    g = build(extra=True)
    err = assert_refused(g, lambda: g.remove("Y"))
    assert [(p.code, p.path, p.message, p.hint) for p in err.problems] == [
        (
            "GG101",
            "/objectives/2/aligns_to/1",
            "cannot remove 'Y': objective 'O2' aligns to it",
            "unalign('O2', 'Y') first",
        ),
        (
            "GG101",
            "/objectives/4/aligns_to/0",
            "cannot remove 'Y': objective 'Z' aligns to it",
            "unalign('Z', 'Y') first",
        ),
    ]


def test_removing_an_objective_whose_key_result_is_referred_to_is_refused():
    g = build(extra=False)
    err = assert_refused(g, lambda: g.remove("O1"))
    assert [(p.path, p.message, p.hint) for p in err.problems] == [
        ("/objectives/1/aligns_to/0", "cannot remove 'O1': objective 'O2' aligns to it", "unalign('O2', 'O1') first"),
        (
            "/objectives/2/aligns_to/0",
            "cannot remove 'O1': objective 'O3' aligns to its key result 'KR1'",
            "unalign('O3', 'KR1') first",
        ),
        (
            "/kpis/1/supports/0",
            "cannot remove 'O1': KPI 'k2' supports it",
            "remove KPI 'k2' first (add it again without 'O1' in supports to keep it)",
        ),
        (
            "/kpis/1/supports/1",
            "cannot remove 'O1': KPI 'k2' supports its key result 'KR1'",
            "remove KPI 'k2' first (add it again without 'KR1' in supports to keep it)",
        ),
    ]
    assert "4 problems" in str(err)


def test_removing_a_key_result_that_is_aligned_to_or_supported_is_refused():
    g = build(extra=False)
    err = assert_refused(g, lambda: g.remove("KR1"))
    assert [p.message for p in err.problems] == [
        "cannot remove 'KR1': objective 'O3' aligns to it",
        "cannot remove 'KR1': KPI 'k2' supports it",
    ]


def test_removing_a_kpi_a_key_result_reads_is_refused():
    g = build(extra=False)
    err = assert_refused(g, lambda: g.remove("k1"))
    (problem,) = err.problems
    assert problem.code == "GG101"
    assert problem.path == "/objectives/0/key_results/1/metric/kpi"
    assert problem.message == "cannot remove 'k1': key result 'KR2' reads it"
    assert problem.hint == "remove key result 'KR2' first, or update() its metric to one that does not read 'k1'"
    assert isinstance(err, ValueError)


def test_a_refused_removal_can_follow_its_hint():
    g = build(extra=False)
    g.update("KR2", metric=LinearMetric(start=0, target=100))
    g.remove("k1")
    assert "k1" not in g
    g.remove("k2")
    g.unalign("O3", "KR1")
    g.remove("KR1")
    g.unalign("O2", "O1")
    g.remove("O1")
    assert list(g.objectives) == ["O2", "O3"]


def test_a_kpi_that_supports_something_can_be_removed():
    g = build(extra=False)
    g.remove("k2")
    assert "k2" not in g.kpis
    assert g.nx.in_degree("O1") == 3
    assert [u for u, _ in g.nx.in_edges("KR1")] == ["O3"]


@pytest.mark.parametrize("id", ["Q3", "acme", "team"])
def test_cycles_and_owners_are_not_removed(id):
    g = build(extra=False)
    err = assert_refused(g, lambda: g.remove(id), TypeError)
    assert "objectives, key results and KPIs" in str(err)
    assert repr(id) in str(err)


def test_removing_an_unknown_id_names_it():
    g = build(extra=False)
    err = assert_refused(g, lambda: g.remove("nope"), UnknownNodeError)
    assert err.id == "nope"
    assert str(err) == "no objective, key result or KPI with id 'nope' in the graph"


# -- unalign -------------------------------------------------------------------


def test_unalign_removes_the_link_and_its_edge():
    g = build(extra=False)
    g.unalign("O3", "KR1")
    assert g.objectives["O3"].aligns_to == ()
    assert not g.nx.has_edge("O3", "KR1")
    assert g.contributors("KR1") == ()
    assert "aligns_to" not in g.to_dict()["objectives"][2]


def test_unalign_then_align_again_gives_the_same_graph():
    g = build(extra=True)
    before = g.to_dict()
    score = goalgraph.score(g, as_of=AS_OF).to_dict()
    for child, parent, weight, contributes in (("O2", "Y", 1, True), ("O3", "O2", 1, False)):
        g.unalign(child, parent)
        assert g.to_dict() != before
        g.align(child, parent, weight=weight, contributes=contributes)
        assert g.to_dict() == before
        assert goalgraph.score(g, as_of=AS_OF).to_dict() == score
    g.unalign("O3", "O2")
    g.unalign("O3", "KR1")
    g.align("O3", "KR1", weight=3)
    g.align("O3", "O2", contributes=False)
    assert g.to_dict() == before


def test_unalign_keeps_the_other_links_in_order():
    g = build(extra=True)
    g.unalign("Z", "Y")
    assert [link.parent for link in g.objectives["Z"].aligns_to] == ["O2"]
    g.align("Z", "Y")
    assert [link.parent for link in g.objectives["Z"].aligns_to] == ["O2", "Y"]


def test_unalign_of_a_link_that_does_not_exist_is_refused_naming_both_ids():
    g = build(extra=True)
    err = assert_refused(g, lambda: g.unalign("O3", "O1"))
    (problem,) = err.problems
    assert problem.code == "GG101"
    assert problem.path == "/objectives/5/aligns_to"
    assert problem.message == "objective 'O3' does not align to 'O1'"
    assert problem.hint == "it aligns to 'KR1', 'O2'"
    assert "objective 'O3' does not align to 'O1'" in str(err)


def test_unalign_with_the_ids_swapped_says_so():
    g = build(extra=False)
    err = assert_refused(g, lambda: g.unalign("O1", "O2"))
    assert err.problems[0].hint == "the link goes the other way: unalign('O2', 'O1')"
    err = assert_refused(g, lambda: g.unalign("O1", "KR2"))
    assert err.problems[0].hint == "it aligns to nothing"


@pytest.mark.parametrize(
    ("child", "parent", "unknown"),
    [("nope", "O1", "nope"), ("O2", "nope", "nope"), ("KR1", "O1", "KR1"), ("O2", "k1", "k1"), ("O2", "Q3", "Q3")],
)
def test_unalign_with_an_unknown_id_names_it(child, parent, unknown):
    g = build(extra=False)
    err = assert_refused(g, lambda: g.unalign(child, parent), UnknownNodeError)
    assert err.id == unknown


def test_a_scorer_made_before_an_unalignment_follows_it():
    g = build(extra=False)
    scorer = goalgraph.Scorer(g, as_of=AS_OF)
    before = scorer.scorecard.to_dict()
    g.unalign("O2", "O1")
    assert scorer.scorecard.to_dict() == goalgraph.score(g, as_of=AS_OF).to_dict() != before


@settings(max_examples=50, deadline=None)
@given(documents(min_nodes=2, max_nodes=20), st.randoms(use_true_random=False))
def test_a_removal_either_changes_nothing_or_leaves_a_graph_a_document_can_hold(doc, random):
    g = goalgraph.from_dict(doc)
    ids = list(g.iter_nodes())
    random.shuffle(ids)
    for id in ids:
        if id not in g:  # went with its objective
            continue
        before, version = g.to_dict(), g.version
        try:
            g.remove(id)
        except ValidationError as err:
            refusal: ValidationError | None = err
        else:
            refusal = None
        if refusal is not None:
            assert {p.code for p in refusal.problems} == {"GG101"}
            assert g.to_dict() == before
            assert g.version == version
            continue
        assert id not in g
        assert set(g.iter_nodes()) == set(g.objectives) | set(g.key_results) | set(g.kpis)
        again = goalgraph.from_dict(g.to_dict())
        assert again.to_dict() == g.to_dict()
        assert list(again.iter_nodes()) == list(g.iter_nodes())  # a loaded graph's order, kept by removals
        assert goalgraph.score(again, as_of=AS_OF).to_dict() == goalgraph.score(g, as_of=AS_OF).to_dict()


# -- what a refusal made in code names ----------------------------------------------

REFUSALS_IN_CODE: dict[str, tuple[Callable[[], object], str]] = {
    "model object": (lambda: LinearMetric(start=1, target=1), "1 problem in the new LinearMetric:"),
    "nested object": (
        lambda: KeyResult(id="k", title="t", metric=LinearMetric(start=0, target=1), weight=-1),
        "1 problem in the new KeyResult:",
    ),
    "graph method": (
        lambda: goalgraph.load_example().add_owner(Owner("acme", "company")),
        "1 problem in GoalGraph.add_owner():",
    ),
    "cycle": (lambda: goalgraph.load_example().align("acme-q4-1", "sales-q4-1"), "1 problem in GoalGraph.align():"),
    "object made inside a graph method": (
        lambda: goalgraph.load_example().add_checkin("acme-q4-1-kr1", Checkin(date(2026, 12, 1), 1)),
        "1 problem in GoalGraph.add_checkin():",
    ),
    "graduate": (
        lambda: goalgraph.graduate(goalgraph.load_example(), "acme-q4-1-kr1", as_of="2026-11-16"),
        "1 problem in graduate():",
    ),
    "rows": (lambda: goalgraph.goals_from_rows([{"id": "x", "type": "objective"}]), "1 problem in the rows:"),
    "check configuration": (
        lambda: goalgraph.check(
            goalgraph.load_example(), as_of="2026-11-16", config=goalgraph.CheckConfig(params={"GG104": {"no": 1}})
        ),
        "1 problem in the check configuration:",
    ),
    "document": (lambda: goalgraph.loads('{"goalgraph": 1, "owners": 3}'), "1 problem in the document:"),
}


@pytest.mark.parametrize("case", list(REFUSALS_IN_CODE))
def test_a_refusal_names_what_was_refused(case):
    call, first_line = REFUSALS_IN_CODE[case]
    with pytest.raises(ValidationError) as info:
        call()
    assert str(info.value).splitlines()[0] == first_line
    assert "(document)" not in str(info.value)


def test_a_problem_of_the_whole_input_starts_with_its_message():
    graph = goalgraph.load_example()
    with pytest.raises(CycleError) as info:
        graph.align("acme-q4-1", "sales-q4-1")
    assert str(info.value).splitlines()[1].startswith("  alignment cycle: acme-q4-1 -> sales-q4-1")
    assert info.value.problems[0].path == ""


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: g.remove("acme"), "remove() removes objectives, key results and KPIs; 'acme' is an owner"),
        (lambda g: g.update("mrr", title="x"), "update() changes objectives and key results; 'mrr' is a KPI"),
    ],
)
def test_a_method_given_the_wrong_kind_of_id_says_what_it_is(call, message):
    with pytest.raises(TypeError) as info:
        call(goalgraph.load_example())
    assert str(info.value) == message


def test_graduating_what_is_not_a_key_result_says_what_it_is():
    with pytest.raises(ValidationError) as info:
        goalgraph.graduate(goalgraph.load_example(), "acme", as_of="2026-11-16")
    assert info.value.problems[0].message == "'acme' is an owner, not a key result"

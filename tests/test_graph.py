"""GoalGraph: building in code, the DAG invariant, and the networkx view (SPEC §1)."""

from __future__ import annotations

import pickle
from datetime import date

import attrs
import networkx as nx
import pytest

import goalgraph
from goalgraph import (
    Alignment,
    Checkin,
    Cycle,
    CycleError,
    GoalGraph,
    KeyResult,
    LinearMetric,
    Objective,
    Owner,
    RollupMetric,
    UnknownNodeError,
    ValidationError,
)


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
    doc = {
        "goalgraph": 1,
        "cycles": [{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}],
        "owners": [{"id": "acme", "level": "company"}],
        "objectives": [
            {"id": "A", "title": "a", "owner": "acme", "cycle": "Q3", "aligns_to": ["B"]},
            {"id": "B", "title": "b", "owner": "acme", "cycle": "Q3", "aligns_to": ["A"]},
        ],
    }
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

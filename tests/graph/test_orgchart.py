"""The org chart as functions of the graph: reaches_top and path_to_top, and the OrgChart that remembers them."""

from __future__ import annotations

import itertools
import sys
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import goalgraph
from goalgraph import UnknownNodeError
from goalgraph._graph.orgchart import OrgChart, path_to_top, reaches_top
from tests.builders import example, kr, o

CYCLES = [{"id": "Q1", "start": "2026-01-01", "end": "2026-03-31"}]


def chain(length: int, *, top: bool = True) -> goalgraph.GoalGraph:
    """``length`` objectives, each aligned to the one before; the first owned at the top level, or not."""
    owners = [{"id": "acme", "level": "company"}, {"id": "team", "level": "team", "parent": "acme"}]
    objectives = [o("c0", "acme" if top else "team")] + [
        o(f"c{i}", "team", aligns=[f"c{i - 1}"]) for i in range(1, length)
    ]
    return goalgraph.from_dict({"goalgraph": 1, "cycles": CYCLES, "owners": owners, "objectives": objectives})


# -- reaches_top ---------------------------------------------------------------------------------


def test_a_top_level_objective_reaches_the_top_by_itself():
    graph = example(o("top", "acme"))
    assert reaches_top(graph, "top")


def test_an_objective_reaches_the_top_through_an_objective_or_a_key_result():
    graph = example(
        o("top", "acme"),
        o("sales-o", "sales", aligns=["top"]),
        o("emea-o", "emea", aligns=["top-kr"]),
        o("lone", "ops"),
    )
    assert reaches_top(graph, "sales-o")
    assert reaches_top(graph, "emea-o")
    assert not reaches_top(graph, "lone")


def test_a_link_that_does_not_contribute_still_leads_up():
    graph = example(o("top", "acme"), o("sales-o", "sales", aligns=[{"id": "top", "contributes": False}]))
    assert reaches_top(graph, "sales-o")


def test_a_chain_longer_than_the_recursion_limit_is_walked():
    length = sys.getrecursionlimit() + 2000
    graph = chain(length)
    assert reaches_top(graph, f"c{length - 1}")
    assert path_to_top(graph, f"c{length - 1}") == tuple(f"c{i}" for i in reversed(range(length)))
    broken = chain(length, top=False)
    assert not reaches_top(broken, f"c{length - 1}")
    assert path_to_top(broken, f"c{length - 1}") == tuple(f"c{i}" for i in reversed(range(length)))


def test_an_owner_chain_longer_than_the_recursion_limit_is_walked():
    depth = sys.getrecursionlimit() + 2000
    owners = [{"id": "w0", "level": "company"}] + [
        {"id": f"w{i}", "level": "team", "parent": f"w{i - 1}"} for i in range(1, depth)
    ]
    graph = goalgraph.from_dict({"goalgraph": 1, "cycles": CYCLES, "owners": owners, "objectives": []})
    chart = OrgChart(graph)
    bottom = f"w{depth - 1}"
    assert chart.depth(bottom) == depth - 1
    assert chart.is_above("w0", bottom)
    assert not chart.is_above(bottom, "w0")
    assert len(list(chart.owner_chain(bottom))) == depth


def test_reaches_top_names_what_is_not_an_objective():
    graph = example(o("top", "acme"))
    for id in ("top-kr", "nowhere"):
        with pytest.raises(UnknownNodeError, match=repr(id)):
            reaches_top(graph, id)


# -- path_to_top -----------------------------------------------------------------------------


def test_of_several_top_level_objectives_the_nearest_is_the_path():
    graph = example(
        o("a-top", "acme"),
        o("z-top", "acme"),
        o("sales-o", "sales", aligns=["a-top"]),
        o("emea-o", "emea", aligns=["sales-o", "z-top"]),
    )
    assert path_to_top(graph, "emea-o") == ("emea-o", "z-top")


def test_of_equally_near_top_level_objectives_the_path_goes_through_the_lowest_ids():
    objectives = [
        o("top-b", "acme"),
        o("top-a", "acme"),
        o("sales-b", "sales", aligns=["top-b"]),
        o("sales-a", "sales", aligns=["top-a"]),
    ]
    forward = example(*objectives, o("emea-o", "emea", aligns=["sales-b", "sales-a"]))
    backward = example(*reversed(objectives), o("emea-o", "emea", aligns=["sales-a", "sales-b"]))
    assert path_to_top(forward, "emea-o") == path_to_top(backward, "emea-o") == ("emea-o", "sales-a", "top-a")


def test_a_key_results_path_starts_with_it_then_its_objective():
    graph = example(o("top", "acme"), o("sales-o", "sales", kr("sales-kr"), kr("x"), aligns=["top-kr"]))
    assert path_to_top(graph, "sales-kr") == ("sales-kr", "sales-o", "top")


def test_a_broken_chain_is_followed_by_the_lowest_parent_id_to_its_end():
    graph = example(
        o("top", "acme"),
        o("ops-o", "ops"),
        o("sales-o", "sales"),
        o("emea-o", "emea", aligns=["sales-o", "ops-o"]),
        o("ana-o", "ana", aligns=["emea-o"]),
    )
    assert not reaches_top(graph, "ana-o")
    assert path_to_top(graph, "ana-o") == ("ana-o", "emea-o", "ops-o")
    assert path_to_top(graph, "sales-o") == ("sales-o",)


def test_path_to_top_names_what_is_neither_an_objective_nor_a_key_result():
    graph = example(o("top", "acme"), kpis=[{"id": "nps", "name": "NPS"}])
    for id in ("nps", "nowhere"):
        with pytest.raises(UnknownNodeError):
            path_to_top(graph, id)


# -- the chart remembers what the functions work out -------------------------------------------


def _objective_links(graph: goalgraph.GoalGraph) -> nx.DiGraph[str]:
    """Objective to parent objective, for every alignment (a link to a key result: to its objective)."""
    links: nx.DiGraph[str] = nx.DiGraph()
    links.add_nodes_from(graph.objectives)
    for objective in graph.objectives.values():
        for link in objective.aligns_to:
            parent = link.parent if link.parent in graph.objectives else graph.objective_of(link.parent)
            links.add_edge(objective.id, parent)
    return links


OWNERS = ["acme", "sales", "ops", "emea", "ana"]  # the example organisation's, from the top down


@st.composite
def organisations(draw: st.DrawFn) -> goalgraph.GoalGraph:
    """Objectives of the example organisation's owners, each aligned to objectives or key results before it."""
    objectives: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, 25))):
        before = [id for objective in objectives for id in (objective["id"], f"{objective['id']}-kr")]
        parents = draw(st.lists(st.sampled_from(before), max_size=3, unique=True)) if before else []
        objectives.append(o(f"o{index}", draw(st.sampled_from(OWNERS)), aligns=parents))
    return example(*draw(st.permutations(objectives)))


@given(organisations())
def test_the_chart_agrees_with_a_search_of_the_alignments_whatever_the_order_asked(graph: goalgraph.GoalGraph):
    links = _objective_links(graph)
    top = {id for id, objective in graph.objectives.items() if graph.owners[objective.owner].level == graph.levels[0]}
    chart, backwards = OrgChart(graph), OrgChart(graph)
    for id in reversed(graph.objectives):
        backwards.reaches_top(id)
    for id in graph.objectives:
        nearest = min(
            (nx.shortest_path_length(links, id, t) for t in top if nx.has_path(links, id, t)),
            default=None,
        )
        assert chart.reaches_top(id) == backwards.reaches_top(id) == reaches_top(graph, id) == (nearest is not None)
        path = chart.path_to_top(id)
        assert path == path_to_top(graph, id)
        assert all(links.has_edge(child, parent) for child, parent in itertools.pairwise(path))
        if nearest is not None:
            assert path[-1] in top
            assert len(path) == nearest + 1
        else:
            assert not graph.objectives[path[-1]].aligns_to

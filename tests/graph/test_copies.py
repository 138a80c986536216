"""Copies and pickles: a graph and every value object survive pickle, copy and deepcopy equal.

Hosts send graphs and results to worker processes (multiprocessing, Dask),
cache them, and copy a graph to try a change on a draft. A copy of a graph
is independent of it; a scorecard is a snapshot, so copying gives itself.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import pickle
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import goalgraph
from goalgraph import Checkin, GoalGraph
from goalgraph.strategies import documents

AS_OF = "2026-08-15"
EXAMPLE_DAY = "2026-11-16"

COPIES: dict[str, Callable[[Any], Any]] = {
    "pickle": lambda value: pickle.loads(pickle.dumps(value)),
    "copy.copy": copy.copy,
    "copy.deepcopy": copy.deepcopy,
}
GRAPH_COPIES: dict[str, Callable[[GoalGraph], GoalGraph]] = {**COPIES, "GoalGraph.copy": GoalGraph.copy}

json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
)


@st.composite
def documents_with_extras(draw: st.DrawFn) -> dict[str, Any]:
    """Generated documents with x- keys (frozen mappings and tuples) on the document and its objectives."""
    document = draw(documents(max_nodes=12))
    document["x-host"] = draw(json_like)
    for objective in document["objectives"]:
        if draw(st.booleans()):
            objective["x-jira"] = draw(st.dictionaries(st.text(max_size=4), json_like, max_size=3))
    return document


def _objects(graph: GoalGraph) -> Iterator[object]:
    """Every value object a graph holds, down to check-ins and alignments."""
    yield from graph.cycles.values()
    yield from graph.owners.values()
    for objective in graph.objectives.values():
        yield objective
        yield from objective.aligns_to
    for key_result in graph.key_results.values():
        yield key_result
        yield key_result.metric
        yield from key_result.checkins
    for kpi in graph.kpis.values():
        yield kpi
        yield from kpi.measurements


@settings(max_examples=40, deadline=None)
@given(documents_with_extras(), st.sampled_from(sorted(GRAPH_COPIES)))
def test_a_copied_or_pickled_graph_equals_the_original(document, how):
    graph = goalgraph.from_dict(document)
    goalgraph.score(graph, as_of=AS_OF)  # with its caches filled, which are not copied
    other = GRAPH_COPIES[how](graph)
    assert other is not graph
    assert goalgraph.dumps(other) == goalgraph.dumps(graph)
    assert list(other.iter_nodes()) == list(graph.iter_nodes())
    assert sorted(other.nx.edges(data=True)) == sorted(graph.nx.edges(data=True))
    assert (other.levels, other.extra, other.version) == (graph.levels, graph.extra, graph.version)
    assert goalgraph.score(other, as_of=AS_OF).to_dict() == goalgraph.score(graph, as_of=AS_OF).to_dict()
    assert goalgraph.check(other, as_of=AS_OF) == goalgraph.check(graph, as_of=AS_OF)


@settings(max_examples=25, deadline=None)
@given(documents(min_nodes=2, max_nodes=12), st.sampled_from(sorted(GRAPH_COPIES)), st.data())
def test_a_copy_and_its_original_change_independently(document, how, data):
    graph = goalgraph.from_dict(document)
    other = GRAPH_COPIES[how](graph)
    before = graph.to_dict()
    # Remove from the copy whatever can be removed: the original keeps it all.
    for id in data.draw(st.permutations(list(other.iter_nodes()))):
        if id in other:
            with contextlib.suppress(goalgraph.ValidationError):  # refused: something refers to it
                other.remove(id)
    assert graph.to_dict() == before
    # And a change to the original does not show in the copy.
    copied = other.to_dict()
    key_result = next(iter(graph.key_results), None)
    if key_result is not None and graph.key_results[key_result].metric.type == "linear":
        graph.add_checkin(key_result, Checkin(datetime.date(2026, 9, 1), 1))
        assert other.to_dict() == copied


@settings(max_examples=40, deadline=None)
@given(documents_with_extras())
def test_every_value_object_pickles_and_copies_equal(document):
    graph = goalgraph.from_dict(document)
    for value in _objects(graph):
        for how, copy_of in COPIES.items():
            other = copy_of(value)
            assert other == value, (how, value)
            assert type(other) is type(value)
            assert hash(other) == hash(value)


def test_results_and_settings_pickle_and_copy_equal():
    graph = goalgraph.load_example()
    card = goalgraph.score(graph, as_of=EXAMPLE_DAY)
    findings = goalgraph.check(graph, as_of=EXAMPLE_DAY)
    values: list[object] = [
        *(card[id] for id in card),
        *findings,
        goalgraph.summarize(graph, findings),
        *goalgraph.classify(graph, as_of=EXAMPLE_DAY).values(),
        *goalgraph.suggest_objectives(graph, as_of="2026-12-31"),
        goalgraph.Policy(missing="skip", expectations={"committed": 0.9}, grade_bands=(0.3, 0.6)),
        goalgraph.CheckConfig(severity={"GG101": "info"}, params={"GG104": {"max_objectives": 3}}),
        goalgraph.ColumnMap(columns={"id": "ID"}),
        goalgraph.CustomMetric(name="logarithmic", params={"start": 1, "target": {"nested": [1, 2]}}),
    ]
    assert len(values) > 100
    for value in values:
        for how, copy_of in COPIES.items():
            assert copy_of(value) == value, (how, value)


def test_a_scorecard_copies_as_itself_and_refuses_pickling_with_what_to_send_instead():
    card = goalgraph.score(goalgraph.load_example(), as_of=EXAMPLE_DAY)
    assert copy.copy(card) is card
    assert copy.deepcopy({"card": card})["card"] is card
    with pytest.raises(TypeError, match=r"a Scorecard does not pickle.*card\.to_dict\(\)"):
        pickle.dumps(card)
    assert pickle.loads(pickle.dumps(card.to_dict())) == card.to_dict()


# A registry's functions pickle by reference when they are module-level, as here
# (Dask's cloudpickle also sends local ones by value: tests/export/test_dask.py).
def cautious_mean(contributions: list[goalgraph.Contribution]) -> float:
    used = [c for c in contributions if c.weight > 0]
    return 0.9 * sum(c.weight * c.score for c in used) / sum(c.weight for c in used) if used else 0.0


def no_jargon_in_titles(context: goalgraph.CheckContext) -> Iterator[goalgraph.Finding]:
    """Titles should say who, not which market segment."""
    for id, objective in context.graph.objectives.items():
        if "mid-market" in objective.title:
            yield context.finding(id, "the title names a market segment", "name the customers")


def test_a_pickled_registry_scores_and_checks_like_the_original():
    registry = goalgraph.Registry()
    registry.aggregator("cautious_mean")(cautious_mean)
    registry.rule("ACME001", severity="info")(no_jargon_in_titles)
    document = goalgraph.load_example().to_dict()
    for objective in document["objectives"]:
        objective["rollup"] = "cautious_mean"
    graph = goalgraph.from_dict(document, registry=registry)
    for how, copy_of in COPIES.items():
        other = copy_of(registry)
        assert sorted(other.aggregators) == sorted(registry.aggregators), how
        assert sorted(other.rules) == sorted(registry.rules), how
        card = goalgraph.score(graph, as_of=EXAMPLE_DAY, registry=other)
        assert card.to_dict() == goalgraph.score(graph, as_of=EXAMPLE_DAY, registry=registry).to_dict(), how
        found = goalgraph.check(graph, as_of=EXAMPLE_DAY, registry=other)
        assert found == goalgraph.check(graph, as_of=EXAMPLE_DAY, registry=registry), how
        assert any(finding.code == "ACME001" for finding in found)


def test_frozen_mappings_in_objects_stay_read_only_after_a_copy():
    objective = goalgraph.Objective(id="O", title="t", owner="acme", cycle="Q3", extra={"x-jira": {"key": "A-1"}})
    for how, copy_of in COPIES.items():
        again = copy_of(objective)
        with pytest.raises(TypeError):
            again.extra["x-jira"]["key"] = "B-2"
        assert attrs.evolve(again, title="u").extra == objective.extra, how


def test_a_graph_copies_all_its_state_but_its_lock_and_caches():
    # A guard for whoever adds an attribute to GoalGraph: copies and pickles must carry it too.
    graph = goalgraph.load_example()
    goalgraph.score(graph, as_of=EXAMPLE_DAY)
    goalgraph.check(graph, as_of=EXAMPLE_DAY)
    assert graph.nx.number_of_nodes() > 0  # made, and cached, its view
    assert set(vars(graph)) - set(graph.__getstate__()) == {"_lock", "_nx_view"}
    other = graph.copy()
    assert other._lock is not graph._lock
    other.remove("acme-q4-1-kr1")  # the copy's view shows the copy, not the original
    assert "acme-q4-1-kr1" not in other.nx
    assert "acme-q4-1-kr1" in graph.nx


@pytest.mark.parametrize("how", sorted(COPIES))
def test_a_scorer_refuses_copies_that_would_share_its_graph(how):
    scorer = goalgraph.Scorer(goalgraph.load_example(), as_of=EXAMPLE_DAY)
    with pytest.raises(TypeError, match=r"a Scorer does not copy or pickle: .* make a Scorer for it where it is used"):
        COPIES[how](scorer)

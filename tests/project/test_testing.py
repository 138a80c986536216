"""goalgraph.testing: the rollup laws as assertions, and the strategies they run under."""

from __future__ import annotations

import datetime
import itertools
import statistics
from typing import Any

import attrs
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import goalgraph
from goalgraph import testing
from goalgraph.strategies import CYCLE_END, CYCLE_START, checkins, documents, graphs, metrics
from goalgraph.testing import LAWS, check_rollup_laws
from tests import builders
from tests.builders import cycle, document, key_result, linear_metric, objective, owner

AS_OF = "2026-08-15"
# The cycle of the generated documents (goalgraph.strategies), for graphs that hold what they generate.
GENERATED_CYCLE = cycle("C1", CYCLE_START.isoformat(), CYCLE_END.isoformat())
POLICIES = [goalgraph.Policy(missing=m) for m in ("zero", "skip", "propagate")]
WEIGHTS = st.sampled_from([0, 0.5, 1, 2, 3])


def two_key_results(
    rollup: str, *, weights: tuple[float, float] = (2, 1), values: tuple[float, float] = (2, 7)
) -> dict[str, Any]:
    """One objective scored by ``rollup`` over two linear key results (0 → 10), under a company objective."""
    key_results = [
        key_result(f"KR{n}", value, title=f"Key result {n}", metric=linear_metric(target=10), weight=weight)
        for n, (weight, value) in enumerate(zip(weights, values, strict=True), start=1)
    ]
    return document(
        objective("top", title="Grow"), objective("O1", *key_results, title="Sell", rollup=rollup, aligns_to=["top"])
    )


def spread(contributions: Any) -> float:
    """An aggregator that is neither mean-like nor monotone: the range of the contributors' scores."""
    scores = [c.score for c in contributions]
    return max(scores) - min(scores)


def broken(registry: goalgraph.Registry, rollup: str, **kwargs: Any) -> str:
    """The message of the law ``rollup`` breaks on the two-key-result document."""
    graph = goalgraph.from_dict(two_key_results(rollup, **kwargs), registry=registry)
    with pytest.raises(AssertionError) as info:
        check_rollup_laws(graph, registry=registry, as_of=AS_OF)
    return str(info.value)


# -- the must-show: a broken aggregator is caught, with the law and the node


def test_an_aggregator_that_divides_by_the_count_breaks_weight_scaling():
    registry = goalgraph.Registry()

    @registry.aggregator("count_mean")
    def count_mean(contributions):
        return min(1.0, sum(c.weight * c.score for c in contributions) / len(contributions))

    message = broken(registry, "count_mean", weights=(1, 1))
    assert message.startswith("rollup law 'weight scaling' broken at 'O1' (aggregator 'count_mean')")
    assert "by 0.5 changed its score from 0.45 to 0.225" in message


def test_an_aggregator_claiming_to_be_mean_like_that_adds_a_bonus_is_caught():
    registry = goalgraph.Registry()

    @registry.aggregator("generous")
    def generous(contributions):
        return min(1.0, max(c.score for c in contributions) + 0.1)

    message = broken(registry, "generous")
    assert message.startswith("rollup law 'between contributors' broken at 'O1' (aggregator 'generous')")
    assert "0.8 is outside its contributors' range [0.2, 0.7]" in message


def test_an_aggregator_claiming_to_be_monotone_that_is_not_is_caught():
    registry = goalgraph.Registry()

    registry.aggregator("spread", mean_like=False)(spread)  # claims monotone, is not
    message = broken(registry, "spread")
    assert message.startswith("rollup law 'monotone' broken at 'O1' (aggregator 'spread')")
    assert "raising 'KR1' from 0.2 to 0.6 lowered its score from 0.5 to" in message


def test_a_law_not_declared_is_not_tried():
    registry = goalgraph.Registry()

    registry.aggregator("spread", mean_like=False, monotone=False)(spread)
    graph = goalgraph.from_dict(two_key_results("spread"), registry=registry)
    check_rollup_laws(graph, registry=registry, as_of=AS_OF)  # nothing declared is broken


def test_an_aggregator_reading_only_the_first_contributor_depends_on_the_order():
    registry = goalgraph.Registry()

    @registry.aggregator("first")
    def first(contributions):
        return contributions[0].score

    message = broken(registry, "first")
    assert message.startswith("rollup law 'order independence' broken at 'O1' (aggregator 'first')")
    assert "writing the document backwards changed its score from 0.2 to 0.7" in message


def test_a_scorer_that_answers_differently_each_time_breaks_the_round_trip():
    registry = goalgraph.Registry()
    calls = itertools.count()

    @registry.scorer("drifting")
    def drifting(value, params):
        return next(calls) % 2 / 2

    doc = two_key_results("weighted_mean")
    doc["objectives"][1]["key_results"][0]["metric"] = {"type": "custom", "name": "drifting"}
    graph = goalgraph.from_dict(doc, registry=registry)
    with pytest.raises(AssertionError, match=r"rollup law 'round trip' broken at 'KR1' \(aggregator 'weighted_mean'\)"):
        check_rollup_laws(graph, registry=registry, as_of=AS_OF, laws=["round trip"])


def test_a_score_outside_the_unit_interval_is_caught(monkeypatch):
    # The engine fails closed before a custom function can give such a score,
    # so the law is tried on a scorecard altered behind the engine's back.
    real = testing.score

    class Altered:
        def __init__(self, card):
            self.card = card

        def __getattr__(self, name):
            return getattr(self.card, name)

        def __iter__(self):
            return iter(self.card)

        def __contains__(self, node):
            return node in self.card

        def __getitem__(self, node):
            result = self.card[node]
            return attrs.evolve(result, computed=1.25) if node == "O1" else result

    monkeypatch.setattr(testing, "score", lambda *args, **kwargs: Altered(real(*args, **kwargs)))
    graph = goalgraph.from_dict(two_key_results("weighted_mean"))
    with pytest.raises(AssertionError, match=r"'unit interval' broken at 'O1' .*: its computed score is 1.25"):
        check_rollup_laws(graph, as_of=AS_OF, laws=["unit interval"])


# -- using the laws


def test_the_laws_hold_on_the_bundled_example_and_leave_it_unchanged():
    graph = goalgraph.load_example()
    before = graph.to_dict()
    check_rollup_laws(graph, as_of="2026-11-16")
    assert graph.to_dict() == before


def test_every_law_can_be_run_alone():
    graph = goalgraph.load_example()
    for name in LAWS:
        check_rollup_laws(graph, as_of="2026-11-16", laws=[name])
    assert list(LAWS) == [
        "unit interval",
        "between contributors",
        "monotone",
        "weight scaling",
        "order independence",
        "round trip",
    ]


def test_an_unknown_law_is_refused_by_name():
    with pytest.raises(KeyError, match="unknown rollup law 'monotonic'; the laws are: unit interval"):
        check_rollup_laws(goalgraph.load_example(), laws=["monotonic"])


def test_the_date_is_resolved_once():
    graph = goalgraph.load_example()
    check_rollup_laws(graph, as_of=datetime.date(2026, 11, 16))
    with pytest.raises(ValueError, match="ISO date"):
        check_rollup_laws(graph, as_of="16/11/2026")


# -- dogfooding: goalgraph's own aggregators obey their laws on generated graphs


@given(graphs(max_nodes=25), st.sampled_from(POLICIES))
def test_the_built_in_rules_obey_every_law(graph, policy):
    check_rollup_laws(graph, policy, as_of=AS_OF)


MEDIAN = goalgraph.Registry()


@MEDIAN.aggregator("median")
def _median(contributions):
    return statistics.median(c.score for c in contributions)


@given(graphs(max_nodes=15, aggregators=["median"], registry=MEDIAN))
def test_a_correct_custom_aggregator_obeys_every_law(graph):
    assert all(o.rollup in (None, "median") for o in graph.objectives.values())
    check_rollup_laws(graph, registry=MEDIAN, as_of=AS_OF)


@pytest.mark.slow
@settings(max_examples=1000)
@given(graphs(max_nodes=10))
def test_a_thousand_generated_graphs_are_all_valid(graph):
    # from_dict already refused nothing; the written form reads back as the same graph.
    text = goalgraph.dumps(graph)
    assert goalgraph.loads(text, format="json").to_dict() == graph.to_dict()


# -- the strategies cover what the laws must see, and shrink to small examples


def _links(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [link for o in doc["objectives"] for link in o.get("aligns_to", [])]


def _key_results(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [kr for o in doc["objectives"] for kr in o.get("key_results", [])]


FEATURES = {
    **{
        f"a {kind} metric": (lambda d, kind=kind: any(kr["metric"]["type"] == kind for kr in _key_results(d)))
        for kind in ("milestone", "linear", "threshold", "band", "steps", "custom", "rollup")
    },
    "several parents": lambda d: any(len(o.get("aligns_to", [])) >= 2 for o in d["objectives"]),
    "a zero weight": lambda d: any(kr.get("weight") == 0 for kr in _key_results(d)),
    "a zero link weight": lambda d: any(link["weight"] == 0 for link in _links(d)),
    "a supports-only link": lambda d: any(not link["contributes"] for link in _links(d)),
    "missing data": lambda d: any(kr["metric"]["type"] == "linear" and "checkins" not in kr for kr in _key_results(d)),
    "an objective's override": lambda d: any("score_override" in o for o in d["objectives"]),
    "a key result's override": lambda d: any("score_override" in kr for kr in _key_results(d)),
    "a rollup of its own": lambda d: any("rollup" in o for o in d["objectives"]),
}


@pytest.mark.parametrize("feature", FEATURES)
def test_the_documents_cover(feature):
    # find() stops at the first match: a generous budget costs nothing and keeps a rare feature from flaking.
    find(documents(), FEATURES[feature], settings=settings(phases=[Phase.generate], database=None, max_examples=5000))


@pytest.mark.slow
def test_an_example_shrinks_to_what_it_needs():
    band = find(documents(), FEATURES["a band metric"], settings=settings(database=None))
    assert band["objectives"] == [
        {
            "id": "O0",
            "title": "Objective 0",
            "owner": "org",
            "cycle": "C1",
            "key_results": [
                {
                    "id": "O0-KR0",
                    "title": "Key result 0",
                    "metric": {"type": "band", "low": 0, "high": 0, "tolerance": 1},
                }
            ],
        }
    ]


def test_bounds_on_sizes_are_kept_and_checked():
    doc = find(documents(min_nodes=5, max_nodes=5), lambda d: True, settings=settings(phases=[Phase.generate]))
    assert len(doc["objectives"]) + len(_key_results(doc)) == 5
    with pytest.raises(ValueError, match="min_nodes <= max_nodes"):
        find(documents(min_nodes=3, max_nodes=2), lambda d: True)


# -- a state machine that grows and prunes a graph and checks every law after each step


class LawsUnderEdits(RuleBasedStateMachine):
    """Add and remove objectives, key results and links, re-weight, record check-ins; the laws always hold."""

    def __init__(self) -> None:
        super().__init__()
        self.graph = builders.graph(cycles=[GENERATED_CYCLE], owners=[owner("org")])
        self.policy = goalgraph.Policy()
        self.made = 0  # fresh ids, never reused

    @initialize(policy=st.sampled_from(POLICIES))
    def choose_policy(self, policy: goalgraph.Policy) -> None:
        self.policy = policy
        self.graph.add_objective(goalgraph.Objective(id="top", title="top", owner="org", cycle="C1"))

    def fresh(self, prefix: str) -> str:
        self.made += 1
        return f"{prefix}{self.made}"

    def nodes(self) -> list[str]:
        return [*self.graph.objectives, *self.graph.key_results]

    @rule(data=st.data(), rollup=st.sampled_from([None, "mean", "min", "max", "value_weighted"]))
    def add_objective(self, data: st.DataObject, rollup: str | None) -> None:
        oid = self.fresh("O")
        self.graph.add_objective(goalgraph.Objective(id=oid, title=oid, owner="org", cycle="C1", rollup=rollup))
        others = sorted(set(self.nodes()) - {oid})
        if others and data.draw(st.booleans()):
            parent = data.draw(st.sampled_from(others))
            self.graph.align(oid, parent, data.draw(WEIGHTS), data.draw(st.sampled_from([True, True, False])))

    @precondition(lambda self: self.graph.objectives)
    @rule(data=st.data(), metric=metrics())
    def add_key_result(self, data: st.DataObject, metric: dict[str, Any]) -> None:
        objective = data.draw(st.sampled_from(sorted(self.graph.objectives)))
        kr = {"id": self.fresh("K"), "title": "KR", "metric": metric, "weight": data.draw(WEIGHTS)}
        history = data.draw(checkins(metric))
        if history:
            kr["checkins"] = history
        self.graph.add_key_result(objective, key_result_from(kr))

    @precondition(lambda self: len(self.graph.objectives) >= 2)
    @rule(data=st.data())
    def align(self, data: st.DataObject) -> None:
        child = data.draw(st.sampled_from(sorted(self.graph.objectives)))
        parent = data.draw(st.sampled_from(sorted(set(self.nodes()) - {child})))
        before = self.graph.to_dict()
        try:
            self.graph.align(child, parent, data.draw(WEIGHTS))
        except (goalgraph.CycleError, goalgraph.ValidationError):
            assert self.graph.to_dict() == before  # a refused link leaves no trace

    @precondition(lambda self: any(o.aligns_to for o in self.graph.objectives.values()))
    @rule(data=st.data())
    def unalign(self, data: st.DataObject) -> None:
        links = sorted((o.id, link.parent) for o in self.graph.objectives.values() for link in o.aligns_to)
        child, parent = data.draw(st.sampled_from(links))
        self.graph.unalign(child, parent)

    @precondition(lambda self: any(o.aligns_to for o in self.graph.objectives.values()))
    @rule(data=st.data())
    def reweight_a_link(self, data: st.DataObject) -> None:
        links = sorted(
            (o.id, link.parent, link.contributes) for o in self.graph.objectives.values() for link in o.aligns_to
        )
        child, parent, contributes = data.draw(st.sampled_from(links))
        self.graph.unalign(child, parent)
        self.graph.align(child, parent, data.draw(WEIGHTS), contributes)

    @precondition(lambda self: self.graph.key_results)
    @rule(data=st.data())
    def reweight_a_key_result(self, data: st.DataObject) -> None:
        kr = data.draw(st.sampled_from(sorted(self.graph.key_results)))
        self.graph.update(kr, weight=data.draw(WEIGHTS))

    @precondition(lambda self: self.graph.key_results)
    @rule(data=st.data())
    def record_a_checkin(self, data: st.DataObject) -> None:
        kr = self.graph.key_results[data.draw(st.sampled_from(sorted(self.graph.key_results)))]
        metric = self.graph.to_dict()  # the metric as a document writes it, for the strategy
        written = next(k for o in metric["objectives"] for k in o.get("key_results", ()) if k["id"] == kr.id)
        drawn = data.draw(checkins(written["metric"], max_size=1))
        if drawn and written["metric"]["type"] != "rollup":
            entry = drawn[0]
            self.graph.add_checkin(kr.id, goalgraph.Checkin(datetime.date.fromisoformat(entry["date"]), entry["value"]))

    @precondition(lambda self: self.nodes())
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        node = data.draw(st.sampled_from(sorted(self.nodes())))
        before = self.graph.to_dict()
        try:
            self.graph.remove(node)
        except goalgraph.GoalGraphError:
            assert self.graph.to_dict() == before  # refused: something still refers to it
        else:
            assert node not in self.graph

    @invariant()
    def the_laws_hold(self) -> None:
        check_rollup_laws(self.graph, self.policy, as_of=AS_OF)


LawsUnderEdits.TestCase.settings = settings(max_examples=60, stateful_step_count=20, deadline=None)
test_the_laws_hold_under_edits = pytest.mark.slow(LawsUnderEdits.TestCase)


def key_result_from(written: dict[str, Any]) -> goalgraph.KeyResult:
    """A key result object from its document form (the reader builds the metric)."""
    doc = document(objective("host", written, owner="org", cycle="C1"), cycles=[GENERATED_CYCLE], owners=[owner("org")])
    return goalgraph.from_dict(doc).key_results[written["id"]]


def test_the_monotone_law_still_checks_paths_that_avoid_an_undeclared_aggregator():
    # top <- O1 (spread, not declared monotone) and top <- O2 (a plain mean)
    # top is above O1, but raising O2's key result reaches top without O1.
    registry = goalgraph.Registry()

    registry.aggregator("spread", mean_like=False, monotone=False)(spread)

    @registry.aggregator("backwards", mean_like=False)  # claims monotone, is not
    def backwards(contributions):
        return 1 - sum(c.score for c in contributions) / len(contributions)

    doc = two_key_results("spread")
    doc["objectives"][0]["rollup"] = "backwards"
    hire_five = key_result("KR3", 1, title="Hire five", metric=linear_metric(target=5))
    doc["objectives"].append(objective("O2", hire_five, title="Hire", aligns_to=["top"]))
    graph = goalgraph.from_dict(doc, registry=registry)
    with pytest.raises(AssertionError, match=r"'monotone' broken at 'top' \(aggregator 'backwards'\): raising 'KR3'"):
        check_rollup_laws(graph, registry=registry, as_of=AS_OF, laws=["monotone"])


def test_an_empty_graph_obeys_every_law():
    check_rollup_laws(goalgraph.from_dict({"goalgraph": 1}), as_of=AS_OF)

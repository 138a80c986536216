"""Scorer: incremental re-scoring always equals a full score of the same graph."""

from __future__ import annotations

import datetime
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import goalgraph
from goalgraph import Checkin, Scorer
from goalgraph.strategies import CYCLE_END, CYCLE_START, documents
from tests import builders
from tests.builders import key_result, linear_metric, objective

AS_OF = datetime.date(2026, 8, 15)
POLICIES = [goalgraph.Policy(missing=m) for m in ("zero", "skip", "propagate")]
days = st.integers(0, (CYCLE_END - CYCLE_START).days).map(lambda d: CYCLE_START + datetime.timedelta(days=d))


def fresh_scores(graph: goalgraph.GoalGraph, policy: goalgraph.Policy) -> dict[str, Any]:
    """A full score of an independent copy of the graph: shares no cache with the scorer."""
    copy = goalgraph.loads(goalgraph.dumps(graph))
    return goalgraph.score(copy, as_of=AS_OF, policy=policy).to_dict()


def value_for(metric: goalgraph.Metric, draw: Any) -> object:
    if isinstance(metric, goalgraph.MilestoneMetric):
        return draw(st.booleans())
    if isinstance(metric, goalgraph.CustomMetric):
        return draw(st.integers(1, 2000))
    return draw(st.integers(-1000, 1000))


class IncrementalEqualsFull(RuleBasedStateMachine):
    """Random changes through the scorer and behind its back; full score compared after each."""

    @initialize(doc=documents(min_nodes=2, max_nodes=25), policy=st.sampled_from(POLICIES))
    def start(self, doc, policy):
        self.graph = goalgraph.from_dict(doc)
        self.policy = policy
        self.scorer = Scorer(self.graph, as_of=AS_OF, policy=policy)
        self.before = self.scorer.scorecard.to_dict()
        self.last = None

    def key_results(self, *, measurable: bool = True) -> list[str]:
        return [
            kr.id
            for kr in self.graph.key_results.values()
            if not (measurable and isinstance(kr.metric, goalgraph.RollupMetric))
        ]

    @rule(data=st.data(), day=days)
    def check_in(self, data, day):
        krs = self.key_results()
        if krs:
            kr = data.draw(st.sampled_from(krs))
            value = value_for(self.graph.key_results[kr].metric, data.draw)
            self.last = self.scorer.add_checkin(kr, Checkin(day, value))

    @rule(data=st.data(), weight=st.sampled_from([0, 0.5, 1, 2, 7]))
    def reweigh(self, data, weight):
        krs = self.key_results(measurable=False)
        if krs:
            self.last = self.scorer.update(data.draw(st.sampled_from(krs)), weight=weight)

    @rule(data=st.data(), override=st.none() | st.floats(0, 1))
    def override(self, data, override):
        nodes = [*self.graph.objectives, *self.key_results(measurable=False)]
        self.last = self.scorer.update(data.draw(st.sampled_from(nodes)), score_override=override)

    @rule(data=st.data(), new_target=st.integers(-500, 500))
    def retarget(self, data, new_target):
        linear = [kr.id for kr in self.graph.key_results.values() if isinstance(kr.metric, goalgraph.LinearMetric)]
        if linear:
            kr = self.graph.key_results[data.draw(st.sampled_from(linear))]
            if new_target != kr.metric.start:
                metric = goalgraph.LinearMetric(start=kr.metric.start, target=new_target, unit=kr.metric.unit)
                self.last = self.scorer.update(kr.id, metric=metric)

    @rule(data=st.data(), rollup=st.sampled_from([None, "mean", "min", "max", "value_weighted", "weighted_mean"]))
    def change_rollup(self, data, rollup):
        self.last = self.scorer.update(data.draw(st.sampled_from(list(self.graph.objectives))), rollup=rollup)

    @rule(data=st.data(), kind=st.sampled_from(["committed", "aspirational"]))
    def change_kind(self, data, kind):
        # Scores stay; expected scores, statuses and rolled statuses follow.
        self.last = self.scorer.update(data.draw(st.sampled_from(list(self.graph.objectives))), kind=kind)

    @rule(data=st.data(), day=days)
    def check_in_behind_its_back(self, data, day):
        krs = self.key_results()
        if krs:
            kr = data.draw(st.sampled_from(krs))
            self.graph.add_checkin(kr, Checkin(day, value_for(self.graph.key_results[kr].metric, data.draw)))
            self.last = None

    @rule(data=st.data())
    def align_behind_its_back(self, data):
        objectives = list(self.graph.objectives)
        child, parent = data.draw(st.sampled_from(objectives)), data.draw(st.sampled_from(objectives))
        if (
            child != parent
            and not self.graph.nx.has_edge(child, parent)
            and not nx.has_path(self.graph.nx, parent, child)
        ):
            self.graph.align(child, parent, weight=data.draw(st.sampled_from([0.5, 1, 3])))
            self.last = None

    @invariant()
    def scores_equal_a_full_score(self):
        if not hasattr(self, "scorer"):
            return
        now = self.scorer.scorecard.to_dict()
        assert now == fresh_scores(self.graph, self.policy)
        if self.last is not None:
            moved = {
                node
                for node, result in now["results"].items()
                if (result["score"], result["progress"], result["computed"])
                != tuple(self.before["results"][node][k] for k in ("score", "progress", "computed"))
            }
            assert set(self.last.changed) == moved
            assert self.last.touched >= len(self.last.changed)
        self.before, self.last = now, None


IncrementalEqualsFull.TestCase.settings = settings(max_examples=40, stateful_step_count=15, deadline=None)
test_incremental_scores_always_equal_a_full_score = IncrementalEqualsFull.TestCase


@given(documents(min_nodes=2, max_nodes=40), st.data())
def test_a_check_in_touches_only_the_key_result_and_its_ancestors(doc, data):
    graph = goalgraph.from_dict(doc)
    krs = [kr for kr in graph.key_results.values() if not isinstance(kr.metric, goalgraph.RollupMetric)]
    if not krs:
        return
    kr = data.draw(st.sampled_from(krs))
    scorer = Scorer(graph, as_of=AS_OF)
    update = scorer.add_checkin(kr.id, Checkin(AS_OF, value_for(kr.metric, data.draw)))
    assert update.touched <= 1 + len(nx.descendants(graph.nx, kr.id))
    assert set(update.changed) <= {kr.id} | nx.descendants(graph.nx, kr.id)


def test_a_chain_rescore_touches_each_level_once():
    depth = 1000
    objectives = [objective("O0")] + [objective(f"O{i}", aligns_to=[f"O{i - 1}"]) for i in range(1, depth)]
    objectives[-1]["key_results"] = [key_result("k", metric=linear_metric(target=10))]
    scorer = Scorer(builders.graph(*objectives), as_of=AS_OF)
    update = scorer.add_checkin("k", Checkin(AS_OF, 5))
    assert update.touched == depth + 1
    assert len(update.changed) == depth + 1
    assert scorer.scorecard["O0"].score == 0.5
    again = scorer.add_checkin("k", Checkin(AS_OF, 5))  # same value: the change stops at the key result
    assert (again.touched, again.changed) == (1, ())


def test_a_scorecard_already_handed_out_does_not_change():
    graph = goalgraph.load_example()
    scorer = Scorer(graph, as_of="2026-11-16")
    first = scorer.scorecard
    before = first.to_dict()
    scorer.update("acme-q4-1-kr1", weight=5, score_override=0.1)
    scorer.add_checkin("sales-q4-1-kr1", Checkin(datetime.date(2026, 11, 16), 40))
    assert first.to_dict() == before
    assert scorer.scorecard.to_dict() != before


def test_update_refuses_what_would_break_the_graph():
    scorer = Scorer(goalgraph.load_example(), as_of="2026-11-16")
    with pytest.raises(goalgraph.ValidationError):
        scorer.update("acme-q4-1-kr1", weight=-1)
    with pytest.raises(goalgraph.UnknownNodeError):
        scorer.update("acme-q4-1", owner="nobody")
    with pytest.raises(TypeError, match="align"):
        scorer.update("acme-q4-1", aligns_to=())
    assert scorer.scorecard.to_dict() == goalgraph.score(scorer.graph, as_of="2026-11-16").to_dict()


def test_a_kpi_measurement_rescores_the_key_results_that_read_it():
    graph = goalgraph.load_example()
    scorer = Scorer(graph, as_of="2026-11-16")
    update = scorer.add_measurement("mrr", Checkin(datetime.date(2026, 11, 15), 1_790_000))
    assert "acme-q4-1-kr1" in update.changed
    assert scorer.scorecard.to_dict() == goalgraph.score(graph, as_of="2026-11-16").to_dict()

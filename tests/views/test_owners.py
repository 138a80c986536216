"""Owner scorecards (SPEC §12): worked numbers for every field, the missing-data rules, custom aggregators."""

from __future__ import annotations

import datetime
import math
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import goalgraph
from goalgraph import OwnerResult, Policy, Registry, RuleError, Status, owner_scores, score
from goalgraph.strategies import CYCLE_END, CYCLE_START, documents
from tests.builders import cycle, document, key_result, objective, owner

AS_OF = "2026-08-15"  # day 46 of Q3's 92: exactly half of it has passed


def small_org() -> goalgraph.GoalGraph:
    """A company, a division with no Q3 objective of its own, a team and a person; and one Q4 objective.

    Scores as of 2026-08-15, half of Q3 (expected: 0.5 committed, 0.35 aspirational)::

        id        owner  how                               score  expected  status
        acme-1    acme   its key result 0.5 and emea-1      0.35   0.5       at_risk
        emea-1    emea   its key result 0.1 and ana-1       0.2    0.5       off_track
        emea-2    emea   its key result 0.3, aspirational   0.3    0.35      on_track
        ana-1     ana    its key result 0.3                 0.3    0.5       at_risk
        ana-2     ana    no key result                      None   0.5       unscored
        sales-q4  sales  Q4, no key result                  None   0.0       not_started
    """
    committed = {"kind": "committed"}
    return goalgraph.from_dict(
        document(
            objective("acme-1", key_result("a", 50), **committed),
            objective("emea-1", key_result("e1", 10), owner="emea", aligns_to=["acme-1"], **committed),
            objective("emea-2", key_result("e2", 30), owner="emea", kind="aspirational"),
            objective("ana-1", key_result("n1", 30), owner="ana", aligns_to=["emea-1"], **committed),
            objective("ana-2", owner="ana", **committed),
            objective("sales-q4", owner="sales", cycle="Q4", **committed),
            cycles=[cycle(), cycle("Q4", "2026-10-01", "2026-12-31")],
            owners=[
                owner(),
                owner("sales", "division", parent="acme"),
                owner("ops", "division", parent="acme"),
                owner("emea", "team", parent="sales"),
                owner("ana", "individual", parent="emea"),
            ],
        )
    )


def by_pair(results: list[OwnerResult]) -> dict[tuple[str, str], OwnerResult]:
    return {(r.owner, r.cycle): r for r in results}


def counts(**given: int) -> dict[Status, int]:
    return {status: given.get(str(status), 0) for status in Status}


def test_the_small_org_scores_as_the_table_says():
    card = score(small_org(), AS_OF)
    assert [card.score_of(n) for n in ("acme-1", "emea-1", "emea-2", "ana-1", "ana-2", "sales-q4")] == pytest.approx(
        [0.35, 0.2, 0.3, 0.3, None, None]
    )
    assert [card[n].status for n in ("acme-1", "emea-1", "emea-2", "ana-1", "ana-2", "sales-q4")] == [
        "at_risk",
        "off_track",
        "on_track",
        "at_risk",
        "unscored",
        "not_started",
    ]


def test_one_result_per_owner_and_cycle_with_objectives_below_in_owner_then_cycle_order():
    results = owner_scores(small_org(), AS_OF)
    # ops owns nothing and has no one below it: no row. sales and acme have a Q4 row for sales-q4.
    assert [(r.owner, r.cycle) for r in results] == [
        ("acme", "Q3"),
        ("acme", "Q4"),
        ("sales", "Q3"),
        ("sales", "Q4"),
        ("emea", "Q3"),
        ("ana", "Q3"),
    ]


def test_every_field_with_missing_scores_as_zero():
    results = by_pair(owner_scores(small_org(), AS_OF))
    acme = results["acme", "Q3"]
    assert (acme.score, acme.expected, acme.objectives) == (0.35, 0.5, 1)
    # All five Q3 objectives, as a flat list: ana-1 counts beside emea-1, which it also feeds; ana-2 as 0.
    assert acme.team_score == pytest.approx((0.35 + 0.2 + 0.3 + 0.3 + 0) / 5)
    assert acme.team_expected == pytest.approx((0.5 + 0.5 + 0.35 + 0.5 + 0.5) / 5)
    assert acme.team_objectives == 5
    assert acme.status_counts == counts(at_risk=2, off_track=1, on_track=1, unscored=1)
    assert acme.worst_status == Status.OFF_TRACK

    sales = results["sales", "Q3"]  # no objective of its own in Q3
    assert (sales.score, sales.expected, sales.objectives) == (None, None, 0)
    assert sales.team_score == pytest.approx((0.2 + 0.3 + 0.3 + 0) / 4)
    assert sales.team_expected == pytest.approx((0.5 + 0.35 + 0.5 + 0.5) / 4)
    assert sales.team_objectives == 4
    assert sales.status_counts == counts(on_track=1, off_track=1, at_risk=1, unscored=1)
    assert sales.worst_status == Status.OFF_TRACK

    emea = results["emea", "Q3"]
    assert emea.score == pytest.approx((0.2 + 0.3) / 2)
    assert emea.expected == pytest.approx((0.5 + 0.35) / 2)
    assert (emea.objectives, emea.team_objectives) == (2, 4)
    assert emea.team_score == sales.team_score

    ana = results["ana", "Q3"]
    assert ana.score == pytest.approx((0.3 + 0) / 2)
    assert (ana.expected, ana.objectives) == (0.5, 2)
    assert (ana.team_score, ana.team_expected, ana.team_objectives) == (ana.score, 0.5, 2)
    assert ana.status_counts == counts(at_risk=1, unscored=1)
    assert ana.worst_status == Status.AT_RISK


def test_an_objective_of_another_cycle_counts_only_in_its_own():
    results = by_pair(owner_scores(small_org(), AS_OF))
    # sales-q4 never enters a Q3 figure: sales's Q3 team is emea's and ana's four objectives.
    assert results["sales", "Q3"].team_objectives == 4
    q4 = results["sales", "Q4"]
    assert (q4.score, q4.expected, q4.objectives, q4.team_objectives) == (0.0, 0.0, 1, 1)
    assert q4.status_counts == counts(not_started=1)
    assert q4.worst_status is None  # not_started is not ranked
    assert results["acme", "Q4"].team_score == 0.0
    assert results["acme", "Q4"].score is None


def test_skip_leaves_an_objective_without_a_score_out_of_the_score_and_the_expected_score():
    results = by_pair(owner_scores(small_org(), AS_OF, policy=Policy(missing="skip")))
    ana = results["ana", "Q3"]
    assert (ana.score, ana.expected, ana.objectives) == (0.3, 0.5, 2)  # over ana-1 alone; still two objectives
    acme = results["acme", "Q3"]
    assert acme.team_score == pytest.approx((0.35 + 0.2 + 0.3 + 0.3) / 4)
    assert acme.team_expected == pytest.approx((0.5 + 0.5 + 0.35 + 0.5) / 4)
    q4 = results["sales", "Q4"]
    assert (q4.score, q4.expected) == (None, None)  # nothing left to score


def test_propagate_gives_no_score_when_one_is_missing_but_keeps_the_expected_score():
    results = by_pair(owner_scores(small_org(), AS_OF, policy=Policy(missing="propagate")))
    ana = results["ana", "Q3"]
    assert (ana.score, ana.expected) == (None, 0.5)
    assert results["emea", "Q3"].score == pytest.approx(0.25)
    assert results["acme", "Q3"].team_score is None


def test_the_specification_example():
    # A person's objective at 0.8 aligned to a team objective at 0.6 (0.4 from its own key result, 0.8 from
    # the person's), and a second team objective at 0.7: the team's score is 0.65, its team score 0.7.
    graph = goalgraph.from_dict(
        document(
            objective("team-1", key_result("t1", 40), owner="team"),
            objective("team-2", key_result("t2", 70), owner="team"),
            objective("me-1", key_result("m1", 80), owner="me", aligns_to=["team-1"]),
            owners=[owner("team", "team"), owner("me", "individual", parent="team")],
        )
    )
    team, me = owner_scores(graph, AS_OF)
    assert score(graph, AS_OF)["team-1"].score == pytest.approx(0.6)
    assert team.score == pytest.approx(0.65)
    assert team.team_score == pytest.approx(0.7)
    assert (me.owner, me.score, me.team_score) == ("me", 0.8, 0.8)


def test_the_policy_default_aggregator_makes_the_scores_with_weight_one():
    seen: list[list[float]] = []

    def lowest(contributions):
        seen.append([c.weight for c in contributions])
        return min(c.score for c in contributions)

    registry = Registry()
    registry.aggregator("lowest")(lowest)
    graph = small_org()
    results = by_pair(owner_scores(graph, AS_OF, policy=Policy(aggregator="lowest"), registry=registry))
    # emea-1 is min(0.1, 0.3) by the same aggregator; emea's score is min(0.1, 0.3) again.
    assert results["emea", "Q3"].score == pytest.approx(0.1)
    assert results["emea", "Q3"].expected == pytest.approx(0.35)
    assert all(weight == 1.0 for weights in seen for weight in weights)


def test_a_failing_custom_aggregator_is_a_rule_error_naming_the_owner():
    def flaky(contributions):
        if len(contributions) == 5:  # only acme's team has five objectives
            raise ZeroDivisionError("boom")
        return 0.5

    registry = Registry()
    registry.aggregator("flaky")(flaky)
    with pytest.raises(RuleError, match=r"failed on 'acme': raised ZeroDivisionError: boom \(the team score of owner"):
        owner_scores(small_org(), AS_OF, policy=Policy(aggregator="flaky"), registry=registry)


@pytest.mark.parametrize("returned", [math.nan, 1.5, "0.5", 10**400])
def test_an_aggregator_returning_nonsense_is_a_rule_error(returned):
    registry = Registry()
    # Objectives roll up their key results with the same aggregator: answer well there, badly for owners.
    registry.aggregator("odd")(lambda cs: returned if len(cs) > 1 and cs[0].id == "acme-1" else 0.5)
    with pytest.raises(RuleError, match="'acme'"):
        owner_scores(small_org(), AS_OF, policy=Policy(aggregator="odd"), registry=registry)


def test_a_scorecard_can_be_given_instead_of_a_date():
    graph = small_org()
    card = score(graph, AS_OF, Policy(missing="skip"))
    assert owner_scores(graph, card=card) == owner_scores(graph, AS_OF, policy=Policy(missing="skip"))
    with pytest.raises(TypeError, match="either card= or as_of"):
        owner_scores(graph, AS_OF, card=card)
    graph.remove("ana-2")
    with pytest.raises(ValueError, match="score the graph again"):
        owner_scores(graph, card=card)


def test_results_are_frozen_read_only_and_plain_data():
    result = owner_scores(small_org(), AS_OF)[0]
    with pytest.raises(TypeError):
        result.status_counts[Status.ON_TRACK] = 9  # type: ignore[index]
    with pytest.raises(AttributeError):
        result.score = 1.0  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(result)) == result
    data = result.to_dict()
    assert data["status_counts"] == {str(s): n for s, n in result.status_counts.items()}
    assert data["worst_status"] == "off_track"
    assert list(data) == [f.name for f in OwnerResult.__attrs_attrs__]


def test_the_example_organisation_has_a_scorecard_per_owner_with_objectives():
    graph = goalgraph.load_example()
    results = owner_scores(graph, "2026-11-16")
    owners_with = {o.owner for o in graph.objectives.values()}
    assert {r.owner for r in results} >= owners_with
    top = by_pair(results)["acme", "2026-Q4"]
    assert top.team_objectives == sum(o.cycle == "2026-Q4" for o in graph.objectives.values())


_days = st.integers(-10, (CYCLE_END - CYCLE_START).days + 10)


@given(documents(max_nodes=14), _days)
def test_every_objective_counts_once_for_its_owner_and_each_owner_above(doc, day):
    graph = goalgraph.from_dict(doc)
    as_of = CYCLE_START + datetime.timedelta(days=day)
    card = score(graph, as_of)
    results = by_pair(owner_scores(graph, card=card))
    for (owner_id, cycle_id), result in results.items():
        below = {owner_id}
        grew = True
        while grew:
            more = {o.id for o in graph.owners.values() if o.parent in below} - below
            grew, below = bool(more), below | more
        team = [i for i, o in graph.objectives.items() if o.cycle == cycle_id and o.owner in below]
        mine = [i for i in team if graph.objectives[i].owner == owner_id]
        assert (result.team_objectives, result.objectives) == (len(team), len(mine))
        assert sum(result.status_counts.values()) == len(team)
        assert result.team_score == pytest.approx(sum(card.score_of(i) or 0.0 for i in team) / len(team))
        if result.score is not None:
            assert min(card.score_of(i) or 0.0 for i in mine) - 1e-12 <= result.score
    pairs = set()
    for each in graph.objectives.values():
        above: str | None = each.owner
        while above is not None:
            pairs.add((above, each.cycle))
            above = graph.owners[above].parent
    assert set(results) == pairs

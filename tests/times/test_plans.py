"""Phased targets (SPEC §13): a plan inside the cycle sets the expected score, and objectives follow it."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import goalgraph
from goalgraph import KeyResult, LinearMetric, PlanPoint, Policy, Status, ValidationError, score
from goalgraph.strategies import CYCLE_END, CYCLE_START, documents
from tests import builders
from tests.builders import cycle, key_result, objective, owner

START = datetime.date(2026, 1, 1)  # a 90-day cycle: 1 January to 31 March 2026


def day(n: int) -> str:
    """The n-th day of the cycle (day 1 is 1 January)."""
    return (START + datetime.timedelta(days=n - 1)).isoformat()


PLAN = [{"date": day(60), "value": 600}, {"date": day(90), "value": 1000}]


def planned_kr(id: str = "K", value: float | None = None, *, plan=PLAN, on: int = 20, **metric) -> dict:
    fields = {"type": "linear", "start": 0, "target": 1000, "plan": plan, **metric}
    return key_result(id, value, metric=fields, on=day(on))


def graph_of(*key_results: dict, aligned: list[dict] = (), kind: str = "committed") -> goalgraph.GoalGraph:
    return goalgraph.from_dict(
        builders.document(
            objective("O", *key_results, cycle="C", owner="org", kind=kind),
            *aligned,
            cycles=[cycle("C", START.isoformat(), "2026-03-31")],
            owners=[owner("org")],
        )
    )


def test_the_specification_example():
    # 0 -> 1000, planned 600 on day 60 and 1000 on day 90: day 30 plans 300 (0.3), day 75 plans 800 (0.8).
    graph = graph_of(planned_kr())
    early, late = score(graph, day(30))["K"], score(graph, day(75))["K"]
    assert (early.planned, early.expected) == (300.0, 0.3)
    assert (late.planned, late.expected) == (800.0, 0.8)


def test_a_slow_start_on_plan_is_on_track():
    # 200 on day 30: a third of the cycle has passed (expected 0.33 without a plan: at risk), but the plan
    # ramps late and asks for 300 only (0.3): on track.
    graph = graph_of(
        planned_kr(value=200, on=30),
        key_result("plain", 200, metric={"type": "linear", "start": 0, "target": 1000}, on=day(30)),
    )
    card = score(graph, day(30))
    assert (card["K"].score, card["K"].expected, card["K"].status) == (0.2, 0.3, Status.ON_TRACK)
    assert card["plain"].expected == pytest.approx(1 / 3)
    assert card["plain"].status == Status.AT_RISK


def test_the_plan_starts_at_start_and_stays_at_its_last_point():
    graph = graph_of(planned_kr(plan=[{"date": day(45), "value": 450}], start=0))
    assert score(graph, day(9))["K"].planned == pytest.approx(90.0)  # 9/45 of the way to 450
    assert score(graph, day(60))["K"].planned == 450.0
    assert score(graph, "2025-12-31")["K"].planned == 0.0
    assert score(graph, "2026-06-01")["K"].expected == 0.45


def test_a_plan_past_the_target_expects_at_most_a_full_score():
    graph = graph_of(planned_kr(plan=[{"date": day(45), "value": 1500}]))
    card = score(graph, day(45))
    assert (card["K"].planned, card["K"].expected) == (1500.0, 1.0)


def test_a_decreasing_key_result_plans_down():
    plan = [{"date": day(30), "value": 90}, {"date": day(90), "value": 60}]
    graph = graph_of(planned_kr(plan=plan, start=100, target=60))
    card = score(graph, day(60))
    assert card["K"].planned == 75.0  # half-way from 90 to 60
    assert card["K"].expected == pytest.approx(25 / 40)


def test_a_cumulative_key_result_plans_its_running_total():
    graph = graph_of(planned_kr(accumulate=True, plan=[{"date": day(90), "value": 900}], start=0, target=900))
    graph.add_checkin("K", goalgraph.Checkin(datetime.date(2026, 1, 10), 100))
    graph.add_checkin("K", goalgraph.Checkin(datetime.date(2026, 1, 25), 150))
    card = score(graph, day(30))
    assert (card["K"].value, card["K"].planned, card["K"].expected) == (250.0, 300.0, pytest.approx(1 / 3))


def test_an_objective_with_a_planned_contributor_aggregates_its_contributors_expected_scores():
    # K planned at 0.3 on day 30 (weight 3); the plain key result's time-based expected is 1/3 (weight 1).
    plain = key_result("plain", 10, weight=1, on=day(10))
    graph = graph_of({**planned_kr(value=100), "weight": 3}, plain)
    card = score(graph, day(30))
    assert card["O"].expected == pytest.approx((3 * 0.3 + 1 * (1 / 3)) / 4)
    # Without a plan anywhere below it, an objective keeps the time-based expectation.
    assert score(graph_of(plain), day(30))["O"].expected == pytest.approx(1 / 3)


def test_the_expected_score_follows_plans_up_through_objectives_and_their_aggregators():
    child = objective("child", planned_kr(value=100), cycle="C", owner="org", kind="committed", aligns_to=["O"])
    graph = graph_of(key_result("plain", 10, on=day(10)), aligned=[child])
    card = score(graph, day(30))
    assert card["child"].expected == 0.3
    assert card["O"].expected == pytest.approx((1 / 3 + 0.3) / 2)
    low = graph_of(key_result("plain", 10, on=day(10)), aligned=[{**child, "rollup": "min"}])
    low.update("O", rollup="min")
    assert score(low, day(30))["O"].expected == 0.3


def test_skip_leaves_an_unscored_contributor_out_of_the_expected_score_too():
    graph = graph_of(planned_kr(value=100), key_result("unmeasured"))
    assert score(graph, day(30), policy=Policy(missing="skip"))["O"].expected == 0.3
    zero = score(graph, day(30))["O"].expected
    assert zero == pytest.approx((0.3 + 1 / 3) / 2)


def test_a_plan_deep_below_does_not_recurse():
    depth = 3_000
    chain = [
        objective(f"O{i}", cycle="C", owner="org", kind="committed", aligns_to=[f"O{i - 1}" if i > 1 else "O"])
        for i in range(1, depth)
    ]
    chain[-1]["key_results"] = [planned_kr(value=100)]
    card = score(graph_of(key_result("top", 10, on=day(10)), aligned=chain), day(30))
    assert card[f"O{depth - 1}"].expected == 0.3
    assert card["O"].expected == pytest.approx((1 / 3 + 0.3) / 2)


def test_the_planned_value_is_in_the_tables_and_json():
    graph = graph_of(planned_kr(value=100))
    rows = {row["id"]: row for row in goalgraph.score_table(graph, day(30))}
    assert (rows["K"]["planned"], rows["O"]["planned"]) == (300.0, None)
    assert score(graph, day(30)).to_dict()["results"]["K"]["planned"] == 300.0
    assert "planned" in goalgraph.SCORE_COLUMNS


def test_a_plan_round_trips_through_json_yaml_and_the_spreadsheet():
    import io

    graph = graph_of(planned_kr(value=100))
    metric = graph.key_results["K"].metric
    assert metric.plan == (PlanPoint(datetime.date(2026, 3, 1), 600), PlanPoint(datetime.date(2026, 3, 31), 1000))
    for format in ("json", "yaml"):
        assert goalgraph.loads(goalgraph.dumps(graph, format), format=format).key_results["K"].metric == metric
    again = goalgraph.read_goals_csv(io.StringIO(goalgraph.goals_csv(graph)))
    assert again.key_results["K"].metric == metric


# -- refusals --------------------------------------------------------------------------------------------

PATH = "/objectives/0/key_results/0/metric/plan"


@pytest.mark.parametrize(
    ("plan", "path", "words"),
    [
        ([{"date": day(60), "value": 600}, {"date": day(30), "value": 700}], f"{PATH}/1/date", "not after the one"),
        ([{"date": day(60), "value": 600}, {"date": day(60), "value": 700}], f"{PATH}/1/date", "not after the one"),
        ([{"date": day(30), "value": 600}, {"date": day(60), "value": 500}], f"{PATH}/1/value", "going back from 600"),
        ([{"date": day(30), "value": -5}], f"{PATH}/0/value", "going back from 0"),
        ([{"date": "2025-12-31", "value": 5}], f"{PATH}/0/date", "outside cycle 'C'"),
        ([{"date": "2026-04-01", "value": 5}], f"{PATH}/0/date", "outside cycle 'C'"),
    ],
    ids=["earlier date", "same date", "value goes back", "below start", "before the cycle", "after the cycle"],
)
def test_a_plan_that_goes_back_or_leaves_its_cycle_is_refused(plan, path, words):
    with pytest.raises(ValidationError) as info:
        graph_of(planned_kr(plan=plan))
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("GG032", path)
    assert words in problem.message
    assert problem.hint


@pytest.mark.parametrize(
    ("plan", "path", "code"),
    [
        ({"date": day(1), "value": 1}, PATH, "GG012"),
        ([{"date": day(1)}], f"{PATH}/0/value", "GG011"),
        ([{"date": "March", "value": 1}], f"{PATH}/0/date", "GG012"),
        ([{"date": day(1), "value": True}], f"{PATH}/0/value", "GG012"),
        ([{"date": day(1), "value": 1, "note": "x"}], f"{PATH}/0/note", "GG010"),
    ],
    ids=["not a list", "no value", "not a date", "a boolean", "an unknown field"],
)
def test_a_malformed_plan_is_refused_at_its_place(plan, path, code):
    with pytest.raises(ValidationError) as info:
        graph_of(planned_kr(plan=plan))
    assert (path, code) in [(p.path, p.code) for p in info.value.problems]


def test_only_linear_metrics_have_a_plan():
    with pytest.raises(ValidationError) as info:
        graph_of(key_result("K", metric={"type": "threshold", "at_least": 5, "plan": PLAN}))
    assert [(p.path, p.code) for p in info.value.problems] == [("/objectives/0/key_results/0/metric/plan", "GG010")]


def test_the_graph_refuses_a_plan_outside_the_cycle_on_every_way_in():
    graph = graph_of(key_result("plain", 10, on=day(10)))
    outside = LinearMetric(start=0, target=10, plan=[PlanPoint(datetime.date(2026, 4, 2), 10)])
    with pytest.raises(ValidationError, match="outside cycle 'C'"):
        graph.add_key_result("O", KeyResult(id="K", title="K", metric=outside))
    with pytest.raises(ValidationError, match="outside cycle 'C'"):
        graph.update("plain", metric=outside)
    inside = LinearMetric(start=0, target=10, plan=[PlanPoint(datetime.date(2026, 3, 2), 10)])
    graph.update("plain", metric=inside)
    graph.add_cycle(goalgraph.Cycle("Q2", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)))
    with pytest.raises(ValidationError) as info:
        graph.update("O", cycle="Q2")  # the plan would be outside the objective's new cycle
    assert [p.path for p in info.value.problems] == ["/key_results/0/metric/plan/0/date"]
    assert graph.objectives["O"].cycle == "C"


# -- laws --------------------------------------------------------------------------------------------------


@given(st.integers(0, 95))
def test_a_straight_plan_to_the_target_expects_what_the_calendar_expects(n):
    # A committed key result planned at its target on the cycle's last day expects the elapsed fraction.
    graph = graph_of(planned_kr(plan=[{"date": day(90), "value": 1000}]), key_result("plain", 10, on=day(10)))
    card = score(graph, START + datetime.timedelta(days=n))
    assert card["K"].expected == pytest.approx(card["plain"].expected, abs=1e-12)


_days = st.integers(-10, (CYCLE_END - CYCLE_START).days + 10).map(lambda n: CYCLE_START + datetime.timedelta(days=n))


@given(documents(max_nodes=12), _days, _days)
def test_planned_values_never_go_back_in_time(doc, first, second):
    graph = goalgraph.from_dict(doc)
    early, late = score(graph, min(first, second)), score(graph, max(first, second))
    for id, kr in graph.key_results.items():
        if getattr(kr.metric, "plan", ()):
            a, b = early[id].planned, late[id].planned
            assert a is not None
            assert b is not None
            rising = kr.metric.target > kr.metric.start
            assert (a <= b + 1e-9) if rising else (a >= b - 1e-9)
            assert 0.0 <= early[id].expected <= late[id].expected + 1e-12

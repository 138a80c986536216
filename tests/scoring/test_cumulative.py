"""Cumulative metrics (SPEC §13): each check-in an increment, the current value their running total."""

from __future__ import annotations

import datetime

import pytest

import goalgraph
from goalgraph import Checkin, Scorer, Status, ValidationError, score
from tests.builders import document, key_result, objective

AS_OF = "2026-08-15"


def graph_of(metric: dict, *checkins: tuple[str, float], kpis: list | None = None) -> goalgraph.GoalGraph:
    kr = key_result("K", metric=metric, checkins=[{"date": day, "value": value} for day, value in checkins])
    if not checkins:
        del kr["checkins"]
    return goalgraph.from_dict(document(objective("O", kr, kind="committed"), kpis=kpis or []))


LINEAR = {"type": "linear", "start": 500, "target": 1000, "accumulate": True}


def test_the_specification_example():
    # Start 500, target 1000, increments 120 and 80: the current value is 700, the score 0.4.
    card = score(graph_of(LINEAR, ("2026-07-10", 120), ("2026-08-01", 80)), AS_OF)
    assert (card["K"].value, card["K"].score) == (700.0, 0.4)


def test_increments_count_from_the_cycle_start_to_the_scoring_date_several_on_a_day_included():
    graph = graph_of(
        LINEAR,
        ("2026-06-30", 1000),  # the previous cycle's: does not count
        ("2026-07-01", 50),  # the cycle's first day counts
        ("2026-08-01", 20),
        ("2026-08-01", 30),  # a second increment on the same day counts too
        ("2026-08-16", 400),  # after the scoring date
    )
    assert score(graph, AS_OF)["K"].value == 600.0
    assert score(graph, "2026-08-16")["K"].value == 1000.0
    assert score(graph, "2026-07-31")["K"].value == 550.0


def test_no_increment_yet_is_no_value():
    card = score(graph_of(LINEAR, ("2026-06-30", 10)), AS_OF)
    assert (card["K"].value, card["K"].score, card["K"].status) == (None, None, Status.UNSCORED)
    assert score(graph_of(LINEAR), AS_OF)["K"].value is None


def test_threshold_and_steps_add_up_from_zero_and_strict_applies_to_the_sum():
    strict = {"type": "threshold", "at_least": 100, "strict": True, "accumulate": True}
    assert score(graph_of(strict, ("2026-07-10", 60), ("2026-07-20", 40)), AS_OF)["K"].score == 0.0  # 100 is not > 100
    assert score(graph_of(strict, ("2026-07-10", 60), ("2026-07-20", 41)), AS_OF)["K"].score == 1.0
    steps = {"type": "steps", "steps": [[10, 0.5], [20, 1.0]], "accumulate": True}
    assert score(graph_of(steps, ("2026-07-10", 6), ("2026-07-20", 6)), AS_OF)["K"].score == 0.5  # 12 reached 10


def test_a_kpi_s_measurements_are_the_increments():
    kpi = {
        "id": "signups",
        "name": "Sign-ups",
        "direction": "higher",
        "measurements": [{"date": "2026-07-31", "value": 120}, {"date": "2026-08-07", "value": 80}],
    }
    metric = {**LINEAR, "kpi": "signups"}
    card = score(graph_of(metric, kpis=[kpi]), AS_OF)
    assert (card["K"].value, card["K"].score) == (700.0, 0.4)


def test_the_forecast_fits_the_running_total():
    # Totals 600 on Jul 11, 700 on Jul 21, 800 on Jul 31: 10 a day, 1,410 by Sep 30 (61 days after Jul 31).
    graph = graph_of(LINEAR, ("2026-07-11", 100), ("2026-07-21", 100), ("2026-07-31", 100))
    forecast = score(graph, AS_OF)["K"].forecast
    assert forecast is not None
    assert forecast.progress == pytest.approx((800 + 10 * 61 - 500) / 500)
    assert forecast.reaches_target_on == datetime.date(2026, 8, 20)  # 1,000 twenty days after Jul 31


def test_the_incremental_scorer_follows_an_increment():
    graph = graph_of(LINEAR, ("2026-07-10", 120))
    scorer = Scorer(graph, as_of=AS_OF)
    scorer.add_checkin("K", Checkin(datetime.date(2026, 8, 1), 80))
    assert scorer.scorecard["K"].value == 700.0
    assert scorer.scorecard.score_of("O") == score(graph, AS_OF).score_of("O") == 0.4


def test_a_cumulative_metric_round_trips_through_json_and_yaml():
    graph = graph_of(LINEAR, ("2026-07-10", 120))
    for format in ("json", "yaml"):
        again = goalgraph.loads(goalgraph.dumps(graph, format), format=format)
        assert again.key_results["K"].metric == graph.key_results["K"].metric
        assert again.key_results["K"].metric.accumulate is True


@pytest.mark.parametrize(
    "metric",
    [
        {"type": "band", "low": 1, "high": 2, "tolerance": 1, "accumulate": True},
        {"type": "milestone", "accumulate": True},
        {"type": "custom", "name": "logarithmic", "params": {"start": 1, "target": 10}, "accumulate": True},
        {"type": "rollup", "accumulate": True},
    ],
    ids=lambda metric: metric["type"],
)
def test_other_metric_types_cannot_accumulate(metric):
    with pytest.raises(ValidationError) as info:
        graph_of(metric)
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("GG010", "/objectives/0/key_results/0/metric/accumulate")
    assert f"a {metric['type']} metric cannot accumulate" in problem.message
    assert "linear, threshold and steps" in problem.hint


def test_accumulate_must_be_a_boolean():
    with pytest.raises(ValidationError) as info:
        graph_of({**LINEAR, "accumulate": "yes"})
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("/objectives/0/key_results/0/metric/accumulate", "GG012")
    ]


def test_increments_that_add_up_beyond_the_float_range_are_refused_at_load():
    with pytest.raises(ValidationError) as info:
        graph_of(LINEAR, ("2026-07-10", 1e308), ("2026-07-11", 1e308))
    (problem,) = info.value.problems
    assert problem.path == "/objectives/0/key_results/0/checkins"
    assert "beyond the float range" in problem.message
    assert "larger unit" in problem.hint


def test_a_kpi_s_increments_beyond_the_float_range_fail_closed_when_scored():
    kpi = {
        "id": "huge",
        "name": "Huge",
        "direction": "higher",
        "measurements": [{"date": "2026-07-31", "value": 1e308}, {"date": "2026-08-07", "value": 1e308}],
    }
    graph = graph_of({**LINEAR, "kpi": "huge"}, kpis=[kpi])
    with pytest.raises(ValidationError, match="'K' add up beyond the float range"):
        score(graph, AS_OF)

"""Metric types (SPEC §2): progress for a value, and the definitions refused."""

from __future__ import annotations

import pytest

import goalgraph
from goalgraph import (
    BandMetric,
    CustomMetric,
    LinearMetric,
    MilestoneMetric,
    StepsMetric,
    ThresholdMetric,
    ValidationError,
)


@pytest.mark.parametrize(("current", "progress"), [(80, 0.5), (70, 0.75), (50, 1.25)])
def test_linear_decrease_follows_the_spec_example(current, progress):
    assert LinearMetric(start=100, target=60).progress(current) == progress


def test_linear_progress_is_unbounded_both_ways():
    metric = LinearMetric(start=20, target=100)
    assert metric.progress(0) == -0.25
    assert metric.progress(180) == 2.0


@pytest.mark.parametrize(("value", "progress"), [(5, 1.0), (6, 0.8), (7, 0.6), (10, 0.0), (4, 0.8), (-20, 0.0)])
def test_band_follows_the_spec_example(value, progress):
    assert BandMetric(low=5, high=5, tolerance=5).progress(value) == pytest.approx(progress)


def test_band_is_one_anywhere_inside():
    metric = BandMetric(low=1.0, high=1.5, tolerance=0.5)
    assert [metric.progress(x) for x in (1.0, 1.2, 1.5)] == [1.0, 1.0, 1.0]


@pytest.mark.parametrize(
    ("metric", "value", "progress"),
    [
        (ThresholdMetric(at_least=10), 10, 1.0),
        (ThresholdMetric(at_least=10), 9.99, 0.0),
        (ThresholdMetric(at_least=10, strict=True), 10, 0.0),
        (ThresholdMetric(at_least=10, strict=True), 10.5, 1.0),
        (ThresholdMetric(at_most=2), 2, 1.0),
        (ThresholdMetric(at_most=2, strict=True), 2, 0.0),
        (ThresholdMetric(at_most=2), 3, 0.0),
    ],
)
def test_threshold_meets_its_level_inclusively_unless_strict(metric, value, progress):
    assert metric.progress(value) == progress


def test_milestone_is_one_only_for_true():
    assert MilestoneMetric().progress(True) == 1.0
    assert MilestoneMetric().progress(False) == 0.0


@pytest.mark.parametrize(("value", "progress"), [(0, 0.0), (1, 0.3), (2, 0.3), (3, 0.7), (5, 1.0), (99, 1.0)])
def test_steps_score_the_last_step_reached(value, progress):
    assert StepsMetric(steps=[[1, 0.3], [3, 0.7], [5, 1.0]]).progress(value) == progress


@pytest.mark.parametrize(("value", "progress"), [(900, 0.0), (800, 0.5), (500, 0.5), (400, 1.0), (100, 1.0)])
def test_falling_steps_are_reached_going_down(value, progress):
    assert StepsMetric(steps=[[800, 0.5], [400, 1.0]]).progress(value) == progress


@pytest.mark.parametrize(
    ("make", "code", "path"),
    [
        (lambda: LinearMetric(start=5, target=5), "GG020", "/target"),
        (lambda: LinearMetric(start=10, target=5, direction="increase"), "GG021", "/direction"),
        (lambda: LinearMetric(start=5, target=10, direction="decrease"), "GG021", "/direction"),
        (lambda: LinearMetric(start=0, target=10, direction="up"), "GG014", "/direction"),
        (lambda: BandMetric(low=6, high=5, tolerance=1), "GG022", "/low"),
        (lambda: BandMetric(low=1, high=5, tolerance=0), "GG015", "/tolerance"),
        (lambda: StepsMetric(steps=[[1, 0.5], [3, 0.7], [2, 1.0]]), "GG023", "/steps"),
        (lambda: StepsMetric(steps=[[1, 0.5], [1, 1.0]]), "GG023", "/steps"),
        (lambda: StepsMetric(steps=[]), "GG011", "/steps"),
        (lambda: ThresholdMetric(), "GG011", ""),
        (lambda: ThresholdMetric(at_least=1, at_most=2), "GG011", ""),
        (lambda: LinearMetric(start=True, target=10), "GG012", "/start"),
        (lambda: LinearMetric(start=float("nan"), target=10), "GG013", "/start"),
        (lambda: LinearMetric(start=0, target=float("inf")), "GG013", "/target"),
        (lambda: MilestoneMetric(kpi="traffic"), "GG010", "/kpi"),
    ],
)
def test_definitions_that_cannot_be_scored_are_refused(make, code, path):
    with pytest.raises(ValidationError) as info:
        make()
    assert (info.value.problems[0].code, info.value.problems[0].path) == (code, path)


def test_target_equal_to_start_hints_at_threshold():
    with pytest.raises(ValidationError) as info:
        LinearMetric(start=5, target=5)
    assert "threshold" in info.value.problems[0].hint


def test_a_matching_direction_is_accepted():
    assert LinearMetric(start=10, target=5, direction="decrease").direction == goalgraph.Direction.DECREASE


@pytest.mark.parametrize(
    ("metric", "value", "code"),
    [
        (LinearMetric(start=0, target=1), True, "GG024"),
        (LinearMetric(start=0, target=1), "12", "GG012"),
        (MilestoneMetric(), 1, "GG024"),
        (BandMetric(low=0, high=1, tolerance=1), float("nan"), "GG013"),
    ],
)
def test_check_in_values_must_suit_the_metric(metric, value, code):
    assert [p.code for p in metric.value_problems(value)] == [code]


def test_custom_metric_parameters_are_frozen():
    metric = CustomMetric(name="logarithmic", params={"start": 1, "target": [10, 20]})
    assert metric.params["target"] == (10, 20)
    with pytest.raises(TypeError):
        metric.params["start"] = 2  # type: ignore[index]

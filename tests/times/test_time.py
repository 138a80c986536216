"""Time: elapsed fraction, expected score, status, rolled status, grade bands and forecasts (SPEC §4)."""

from __future__ import annotations

import datetime
import io
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import goalgraph
from goalgraph import GradeBand, Policy, Scorer, Status, ValidationError, from_dict, score
from goalgraph._cli import main
from goalgraph._time.status import grade_band, status, worst
from goalgraph._time.timeline import elapsed, expected
from goalgraph.strategies import CYCLE_END, CYCLE_START, documents
from tests import builders
from tests.builders import cycle, key_result, linear_metric, objective, owner

D = datetime.date


def document(
    key_results: list[dict[str, Any]],
    *,
    kind: str = "committed",
    start: str = "2026-01-01",
    end: str = "2026-04-10",
    aligned: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One objective of ``kind`` with the given key results, in one cycle (100 days by default)."""
    return builders.document(
        objective("O", *key_results, title="Objective", owner="org", cycle="C", kind=kind),
        *(aligned or []),
        cycles=[cycle("C", start, end)],
        owners=[owner("org")],
    )


def linear_kr(id: str, *checkins: tuple[str, float], start: float = 0, target: float = 100) -> dict[str, Any]:
    dated = [{"date": day, "value": value} for day, value in checkins]
    return key_result(id, metric=linear_metric(start, target), checkins=dated)


# -- elapsed and expected ------------------------------------------------------


def test_a_90_day_cycle_on_its_30th_day_has_elapsed_one_third():
    assert elapsed(D(2026, 1, 1), D(2026, 3, 31), D(2026, 1, 30)) == 1 / 3


@pytest.mark.parametrize(
    ("as_of", "fraction"),
    [
        (D(2025, 12, 31), 0),  # the day before the start
        (D(2026, 1, 1), Fraction(1, 100)),  # the start counts as a whole day
        (D(2026, 2, 19), Fraction(50, 100)),  # day 50 of 100
        (D(2026, 4, 10), 1),  # the end is inclusive
        (D(2027, 1, 1), 1),
    ],
)
def test_elapsed_counts_whole_days_with_both_ends_inclusive(as_of, fraction):
    assert elapsed(D(2026, 1, 1), D(2026, 4, 10), as_of) == float(fraction)


def test_expected_is_elapsed_times_the_expectation_of_the_kind():
    doc = document([linear_kr("KR", ("2026-01-05", 10))], kind="aspirational")
    card = score(from_dict(doc), as_of="2026-02-19")
    assert card["O"].expected == pytest.approx(0.5 * 0.7)
    assert card["KR"].expected == card["O"].expected  # key results take their objective's kind and cycle
    policy = Policy(expectations={"aspirational": 0.6})
    assert score(from_dict(doc), as_of="2026-02-19", policy=policy)["KR"].expected == pytest.approx(0.3)


# -- status: the worked examples -------------------------------------------------


@pytest.mark.parametrize(("value", "expected_status"), [(40, "on_track"), (25, "at_risk"), (24, "off_track")])
def test_status_of_a_committed_objective_on_day_50_of_100(value, expected_status):
    doc = document([linear_kr("KR", ("2026-01-10", value))])
    card = score(from_dict(doc), as_of="2026-02-19")
    assert card["KR"].expected == 0.5
    assert card["KR"].status == expected_status
    assert card["O"].status == expected_status


def test_before_the_start_nothing_has_started():
    doc = document([linear_kr("KR", ("2025-12-20", 30))])
    result = score(from_dict(doc), as_of="2025-12-31")["KR"]
    assert (result.expected, result.status) == (0.0, Status.NOT_STARTED)


@pytest.mark.parametrize("as_of", ["2025-12-31", "2026-01-01", "2026-02-19", "2026-04-10", "2027-06-01"])
def test_a_score_of_1_is_achieved_at_any_date(as_of):
    doc = document([linear_kr("KR", ("2025-12-01", 100))])
    assert score(from_dict(doc), as_of=as_of)["KR"].status == Status.ACHIEVED


def test_no_score_is_unscored():
    doc = document([linear_kr("KR")])
    assert score(from_dict(doc), as_of="2026-02-19")["KR"].status == Status.UNSCORED


def test_a_score_ahead_of_expectations_is_on_track():
    doc = document([linear_kr("KR", ("2026-01-10", 90))])
    assert score(from_dict(doc), as_of="2026-02-19")["KR"].status == Status.ON_TRACK


def test_status_bands_come_from_the_policy():
    doc = document([linear_kr("KR", ("2026-01-10", 40))])  # 0.1 behind
    policy = Policy(status_bands=(0.05, 0.1))
    assert score(from_dict(doc), as_of="2026-02-19", policy=policy)["KR"].status == Status.AT_RISK


def test_a_pace_curve_changes_what_is_expected():
    doc = document([linear_kr("KR", ("2026-01-10", 20))])
    back_loaded = Policy(pace=[[0, 0], [0.5, 0.25], [1, 1]])
    straight = score(from_dict(doc), as_of="2026-02-19")["KR"]
    paced = score(from_dict(doc), as_of="2026-02-19", policy=back_loaded)["KR"]
    assert (straight.expected, straight.status) == (0.5, Status.OFF_TRACK)
    assert (paced.expected, paced.status) == (0.25, Status.ON_TRACK)


# -- rolled status ------------------------------------------------------------------


def test_rolled_status_is_the_worst_among_a_node_and_its_contributors_transitively():
    off_track = linear_kr("T-KR", ("2026-01-10", 0))
    child = objective("T", off_track, title="Team", owner="org", cycle="C", kind="committed", aligns_to=["O"])
    supporting = {**child, "id": "S", "aligns_to": [{"id": "O", "contributes": False}], "key_results": []}
    doc = document([linear_kr("KR", ("2026-01-10", 100))], aligned=[child, supporting])
    card = score(from_dict(doc), as_of="2026-02-19")
    assert card["KR"].status == Status.ACHIEVED
    assert card["T"].rolled_status == Status.OFF_TRACK
    assert card["T"].status == Status.OFF_TRACK
    assert (card["O"].score, card["O"].status) == (0.5, Status.ON_TRACK)  # (1 + 0) / 2, as expected by day 50
    assert card["O"].rolled_status == Status.OFF_TRACK


def test_not_started_and_unscored_do_not_count_in_a_rolled_status():
    assert worst(Status.ON_TRACK, [Status.UNSCORED, Status.NOT_STARTED]) == Status.ON_TRACK
    assert worst(Status.UNSCORED, [Status.ACHIEVED]) == Status.ACHIEVED
    assert worst(Status.NOT_STARTED, []) == Status.NOT_STARTED


# -- grade bands ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"), [(0.0, "red"), (0.39, "red"), (0.4, "yellow"), (0.69, "yellow"), (0.7, "green"), (1.0, "green")]
)
def test_grade_bands_are_half_open(value, band):
    assert grade_band(value) == band


def test_grade_bands_come_from_the_policy():
    doc = document([linear_kr("KR", ("2026-01-10", 35))])
    assert score(from_dict(doc), as_of="2026-02-19")["KR"].grade_band == GradeBand.RED
    policy = Policy(grade_bands=(0.3, 0.6))
    assert score(from_dict(doc), as_of="2026-02-19", policy=policy)["KR"].grade_band == GradeBand.YELLOW
    assert score(from_dict(document([linear_kr("KR")])), as_of="2026-02-19")["KR"].grade_band is None


# -- forecasts ----------------------------------------------------------------------------


def test_forecast_on_perfectly_linear_checkins_is_exact():
    kr = linear_kr("KR", ("2026-01-01", 10), ("2026-01-11", 20), ("2026-01-21", 30))
    card = score(from_dict(document([kr])), as_of="2026-02-01")
    forecast = card["KR"].forecast
    assert forecast is not None
    assert forecast.progress == pytest.approx(1.09, abs=1e-12)
    assert forecast.score == 1.0
    assert forecast.reaches_target_on == D(2026, 4, 1)


def test_forecast_on_noisy_checkins_is_close_to_the_underlying_trend():
    # One point a day from day 0 to day 49 along value = 2 + 0.9 * day, with
    # alternating noise of +-3: the fitted line is close to the true one.
    checkins = [
        ((D(2026, 1, 1) + datetime.timedelta(days=day)).isoformat(), 2 + 0.9 * day + (3 if day % 2 else -3))
        for day in range(50)
    ]
    card = score(from_dict(document([linear_kr("KR", *checkins)])), as_of="2026-02-19")
    forecast = card["KR"].forecast
    assert forecast is not None
    true_end = (2 + 0.9 * 99) / 100
    assert forecast.progress == pytest.approx(true_end, abs=0.02)
    assert forecast.reaches_target_on is not None
    assert abs((forecast.reaches_target_on - D(2026, 4, 19)).days) <= 3  # 2 + 0.9 * day = 100 on day 108.9


def test_a_decreasing_metric_forecasts_towards_its_target():
    kr = linear_kr("KR", ("2026-01-01", 90), ("2026-01-11", 80), start=100, target=0)
    forecast = score(from_dict(document([kr])), as_of="2026-01-20")["KR"].forecast
    assert forecast is not None
    assert forecast.progress == pytest.approx(1.09)
    assert forecast.reaches_target_on == D(2026, 4, 1)


def test_a_line_that_never_reaches_the_target_has_no_date():
    kr = linear_kr("KR", ("2026-01-01", 30), ("2026-01-11", 20))
    forecast = score(from_dict(document([kr])), as_of="2026-01-20")["KR"].forecast
    assert forecast is not None
    assert forecast.score == 0.0
    assert forecast.reaches_target_on is None


def test_forecasts_need_two_dates_in_the_cycle_on_or_before_the_scoring_date():
    one = linear_kr("K1", ("2026-01-05", 10))
    same_day = linear_kr("K2", ("2026-01-05", 10), ("2026-01-05", 20))
    before_cycle = linear_kr("K3", ("2025-12-01", 0), ("2026-01-05", 10))
    later = linear_kr("K4", ("2026-01-05", 10), ("2026-03-01", 20))
    card = score(from_dict(document([one, same_day, before_cycle, later])), as_of="2026-02-01")
    assert [card[kr].forecast for kr in ("K1", "K2", "K3", "K4")] == [None, None, None, None]
    assert card["O"].forecast is None


def test_objectives_roll_up_their_contributors_forecasts():
    trending = linear_kr("A", ("2026-01-01", 10), ("2026-01-11", 20), ("2026-01-21", 30))
    flat = linear_kr("B", ("2026-01-05", 50))  # no forecast: its current score goes in
    card = score(from_dict(document([trending, flat])), as_of="2026-02-01")
    forecast = card["O"].forecast
    assert forecast is not None
    assert forecast.score == pytest.approx((1.0 + 0.5) / 2)
    assert forecast.reaches_target_on is None


# -- forecasts agree with scores (the amendment of SPEC §12) --------------------------


def test_a_cycle_that_has_ended_has_no_forecast():
    kr = linear_kr("KR", ("2026-01-01", 10), ("2026-01-11", 20), ("2026-01-21", 30))
    graph = from_dict(document([kr]))
    assert score(graph, as_of="2026-04-10")["KR"].forecast is not None  # the last day still counts
    after = score(graph, as_of="2026-04-11")
    assert after["KR"].forecast is None
    assert after["O"].forecast is None


def test_an_ended_contributor_enters_an_open_parent_forecast_as_it_stands():
    # A trending key result in an ended cycle's objective, aligned to an open objective: the parent's
    # forecast takes the child's outcome (its score), not the child's trend to its cycle's end.
    early = objective(
        "E", linear_kr("KE", ("2026-01-01", 10), ("2026-01-11", 20)), owner="org", cycle="C1", aligns_to=["O"]
    )
    doc = builders.document(
        objective("O", linear_kr("KO", ("2026-04-01", 10), ("2026-04-11", 20)), owner="org", cycle="C2"),
        early,
        cycles=[cycle("C1", "2026-01-01", "2026-03-31"), cycle("C2", "2026-04-01", "2026-06-30")],
        owners=[owner("org")],
    )
    card = score(from_dict(doc), as_of="2026-04-20")
    assert card["E"].forecast is None
    ko = card["KO"].forecast
    assert ko is not None
    assert ko.score is not None
    assert card["O"].forecast == goalgraph.Forecast(progress=(ko.score + 0.2) / 2, score=(ko.score + 0.2) / 2)


def test_a_target_met_today_is_reached_on_the_first_check_in_that_met_it():
    # At or above 50: met on Jan 11 and still met on Jan 21, but falling. The line ran through the target
    # long before the first check-in; the date is the check-in's, never the cycle's start.
    metric = {"type": "threshold", "at_least": 50}
    checkins = [{"date": d, "value": x} for d, x in (("2026-01-05", 40), ("2026-01-11", 70), ("2026-01-21", 52))]
    card = score(from_dict(document([key_result("KR", metric=metric, checkins=checkins)])), as_of="2026-02-01")
    result = card["KR"]
    assert result.status == Status.ACHIEVED
    assert result.forecast is not None
    assert result.forecast.score == 1.0  # the fitted line rises: 40, 70, 52 -> slope 0.7 a day
    assert result.forecast.reaches_target_on == D(2026, 1, 11)


def test_a_target_not_met_today_is_reached_after_today_or_never():
    # 10 on Jan 1, 20 on Jan 11 reaches 100 on Apr 1; scored on Apr 5 with the value still 20, the line
    # has passed the target: the forecast says tomorrow, never a day already gone.
    kr = linear_kr("KR", ("2026-01-01", 10), ("2026-01-11", 20))
    assert score(from_dict(document([kr])), as_of="2026-02-01")["KR"].forecast.reaches_target_on == D(2026, 4, 1)
    late = score(from_dict(document([kr])), as_of="2026-04-05")["KR"].forecast
    assert late is not None
    assert late.reaches_target_on == D(2026, 4, 6)


def test_the_example_s_contradicting_key_results_now_say_when():
    card = score(goalgraph.load_example(), as_of=goalgraph._cli.DEMO_AS_OF)
    # Uptime at or above 99.95%: 99.97 on Oct 31, 99.96 on Nov 14. Met today, falling 0.01 a fortnight:
    # the line is at 99.926 on Dec 31 (forecast 0), and the target was met on Oct 31, not on Oct 1.
    uptime = card["acme-q4-3-kr2"]
    assert uptime.status == Status.ACHIEVED
    assert uptime.forecast == goalgraph.Forecast(progress=0.0, score=0.0, reaches_target_on=D(2026, 10, 31))
    # Reviews in steps up to 40: 6 on Oct 2, 11 on Oct 9, 5/7 a day. Off track today (below the first
    # step), the line reaches 40 on day 47.6 after Oct 2: Nov 19, after the scoring date.
    reviews = card["cs-q4-1-kr2"]
    assert reviews.status == Status.OFF_TRACK
    assert reviews.forecast == goalgraph.Forecast(progress=1.0, score=1.0, reaches_target_on=D(2026, 11, 19))
    # Q3 ended on Sep 30: none of its nodes has a forecast on Nov 16.
    q3 = [n for n in card if "-q3-" in n]
    assert q3
    assert all(card[n].forecast is None for n in q3)


def test_results_carry_the_time_fields_in_json():
    kr = linear_kr("KR", ("2026-01-01", 10), ("2026-01-11", 20), ("2026-01-21", 30))
    data = score(from_dict(document([kr])), as_of="2026-02-01").to_dict()["results"]["KR"]
    assert data["status"] == "on_track"
    assert data["grade_band"] == "red"
    assert data["forecast"]["reaches_target_on"] == "2026-04-01"
    json.dumps(data, allow_nan=False)


# -- policy validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "code", "path"),
    [
        ({"status_bands": (0.3, 0.1)}, "GG022", "/status_bands"),
        ({"grade_bands": (0.8, 0.7)}, "GG022", "/grade_bands"),
        ({"grade_bands": (0.4, 1.5)}, "GG015", "/grade_bands/1"),
        ({"status_bands": "wide"}, "GG012", "/status_bands"),
        ({"pace": [[0, 0], [0.6, 0.5], [0.5, 0.7], [1, 1]]}, "GG023", "/pace/2"),
        ({"pace": [[0, 0], [0.5, 0.6], [0.7, 0.4], [1, 1]]}, "GG023", "/pace/2"),
        ({"pace": [[0, 0.1], [1, 1]]}, "GG015", "/pace"),
        ({"pace": [[0, 0], [0.5, 0.5]]}, "GG015", "/pace"),
        ({"pace": [[0, 0], [0.5, float("nan")], [1, 1]]}, "GG013", "/pace/1/1"),
        ({"pace": [[0, 0, 0]]}, "GG012", "/pace"),
        ({"expectations": {"committed": 0}}, "GG015", "/expectations/committed"),
        ({"expectations": {"aspirational": 1.2}}, "GG015", "/expectations/aspirational"),
        ({"expectations": {"stretch": 0.5}}, "GG014", "/expectations/stretch"),
        ({"expectations": [0.5]}, "GG012", "/expectations"),
    ],
)
def test_invalid_policy_settings_are_refused_precisely(settings, code, path):
    with pytest.raises(ValidationError) as caught:
        Policy(**settings)
    assert [(p.code, p.path) for p in caught.value.problems] == [(code, path)]


# -- incremental scoring keeps the time fields right ----------------------------------------------


def test_the_scorer_follows_a_change_of_kind_and_cycle():
    doc = document([linear_kr("KR", ("2026-01-10", 40))])
    doc["cycles"].append(cycle("C2", "2026-02-01", "2026-03-01"))
    scorer = Scorer(from_dict(doc), as_of="2026-02-19")
    assert scorer.scorecard["KR"].status == Status.ON_TRACK
    scorer.update("O", kind="aspirational", cycle="C2")
    fresh = score(scorer.graph, as_of="2026-02-19")
    for node in ("O", "KR"):
        assert scorer.scorecard[node] == fresh[node]


# -- the command line ---------------------------------------------------------------------------------


def test_the_table_is_plain_when_piped_and_coloured_on_a_terminal(tmp_path, capsys, monkeypatch):
    path = tmp_path / "okrs.json"
    path.write_text(json.dumps(document([linear_kr("KR", ("2026-01-10", 24))])), encoding="utf-8")
    assert main(["score", str(path), "--as-of", "2026-02-19"]) == 0
    plain = capsys.readouterr().out
    assert "\033[" not in plain
    assert "off_track" in plain
    assert "exp  50%" in plain

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["score", str(path), "--as-of", "2026-02-19"]) == 0
    coloured = __import__("sys").stdout.getvalue()
    assert "\033[31m" in coloured  # red: the grade band and the off-track status

    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["score", str(path), "--as-of", "2026-02-19"]) == 0
    assert "\033[" not in __import__("sys").stdout.getvalue()


@pytest.mark.parametrize("as_of", ["2026-02-30", "19/02/2026", "2026-02-19T10:00", "tomorrow", "20260219"])
def test_as_of_takes_iso_dates_only(tmp_path, capsys, as_of):
    path = tmp_path / "okrs.json"
    path.write_text(json.dumps(document([])), encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["score", str(path), "--as-of", as_of])
    assert exited.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# -- laws ---------------------------------------------------------------------------------------------

_RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2, Status.ACHIEVED: 3}
_unit = st.floats(0, 1)
_days = st.integers(-30, (CYCLE_END - CYCLE_START).days + 30).map(lambda n: CYCLE_START + datetime.timedelta(days=n))


@st.composite
def paces(draw: st.DrawFn) -> list[list[float]]:
    """Valid pace curves: (0, 0) to (1, 1), x strictly increasing, y never decreasing."""
    xs = sorted(draw(st.sets(st.floats(0.01, 0.99), max_size=4)))
    ys = sorted(draw(st.lists(_unit, min_size=len(xs), max_size=len(xs))))
    return [[0, 0], *([x, y] for x, y in zip(xs, ys, strict=True)), [1, 1]]


@given(_unit, _unit, _unit)
def test_status_never_improves_when_the_score_drops(expected_score, a, b):
    high, low = max(a, b), min(a, b)
    assert _RANK[status(low, expected_score, started=True)] <= _RANK[status(high, expected_score, started=True)]


@given(_days, _days, st.sampled_from([1.0, 0.7, 0.5]), st.one_of(st.none(), paces()))
def test_expected_never_decreases_in_time(day1, day2, expectation, pace):
    early, late = min(day1, day2), max(day1, day2)
    policy = Policy(pace=pace)
    before = expected(elapsed(CYCLE_START, CYCLE_END, early), expectation, policy.pace)
    after = expected(elapsed(CYCLE_START, CYCLE_END, late), expectation, policy.pace)
    assert before <= after


@given(documents(max_nodes=12), _days, st.sampled_from([[[0, 0], [1, 1]], [[0, 0], [0.5, 0.5], [1, 1]]]))
def test_a_straight_pace_curve_gives_the_same_statuses_as_none(doc, as_of, pace):
    graph = from_dict(doc)
    plain = score(graph, as_of=as_of)
    paced = score(graph, as_of=as_of, policy=Policy(pace=pace))
    assert [plain[n].status for n in plain] == [paced[n].status for n in paced]
    assert [plain[n].rolled_status for n in plain] == [paced[n].rolled_status for n in paced]


@given(documents(max_nodes=15), _days)
def test_rolled_status_is_never_better_than_the_own_status(doc, as_of):
    card = score(from_dict(doc), as_of=as_of)
    for node in card:
        result = card[node]
        if result.status in _RANK:
            assert _RANK[result.rolled_status] <= _RANK[result.status]
        for contribution in result.contributions:
            child = card[contribution.id].rolled_status
            if child in _RANK:
                assert _RANK[result.rolled_status] <= _RANK[child]


@given(documents(max_nodes=12), _days)
def test_forecasts_are_within_bounds_and_do_not_change_scores(doc, as_of):
    graph = from_dict(doc)
    card = score(graph, as_of=as_of)
    scores = {node: card.score_of(node) for node in card}
    for node in card:
        forecast = card[node].forecast
        if forecast is not None and forecast.score is not None:
            assert 0 <= forecast.score <= 1
    assert {node: score(graph, as_of=as_of).score_of(node) for node in card} == scores


@given(documents(max_nodes=12), _days)
def test_reaches_target_on_is_never_before_the_check_ins_and_after_today_unless_met(doc, as_of):
    graph = from_dict(doc)
    card = score(graph, as_of=as_of)
    for node, kr in graph.key_results.items():
        cycle = graph.cycles[graph.objectives[graph.objective_of(node)].cycle]
        forecast = card[node].forecast
        if as_of > cycle.end:
            assert forecast is None
        if forecast is None or forecast.reaches_target_on is None:
            continue
        fitted = [c.date for c in kr.checkins if cycle.start <= c.date <= as_of]
        assert forecast.reaches_target_on >= min(fitted)
        met = (card[node].progress or 0) >= 1
        assert (forecast.reaches_target_on <= as_of) == met
        if met:
            assert forecast.reaches_target_on in fitted


def test_the_example_organisation_has_every_status_in_the_demo():
    card = score(goalgraph.load_example(), as_of=goalgraph._cli.DEMO_AS_OF)
    seen = {card[node].status for node in card}
    assert {Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.ACHIEVED} <= seen


@pytest.mark.parametrize(
    "written", ["20261116", "2026-W47-1", "2026-11-16T00:00", "\uff12\uff10\uff12\uff16-\uff11\uff11-\uff11\uff16"]
)
def test_as_of_is_read_as_documents_read_dates_yyyy_mm_dd_only(written):
    # score(g, as_of="20261116") was accepted while a document's "20260101" was refused.
    graph = goalgraph.load_example()
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        goalgraph.score(graph, as_of=written)
    assert goalgraph.score(graph, as_of="2026-11-16").as_of == datetime.date(2026, 11, 16)

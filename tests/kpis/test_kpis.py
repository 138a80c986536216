"""KPIs: health in the scorecard, key results driven by KPIs, classification, lifecycle helpers (SPEC §6)."""

from __future__ import annotations

import datetime
import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import goalgraph
from goalgraph import (
    Checkin,
    ClassificationSource,
    Health,
    IndicatorKind,
    Scorer,
    ValidationError,
    classify,
    from_dict,
    graduate,
    score,
    suggest_objectives,
)
from goalgraph._cli import main
from tests import builders
from tests.builders import cycle, key_result, linear_metric, objective, owner

D = datetime.date


def document(kpis: list[dict[str, Any]], objectives: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A company objective ``top`` and a team objective ``team-o`` aligned to it, with these KPIs."""
    objectives = objectives or [
        objective("top", key_result("top-kr", title="KR"), title="Top", cycle="C"),
        objective(
            "team-o", key_result("team-kr", title="KR"), title="Team", owner="team", cycle="C", aligns_to=["top"]
        ),
    ]
    return builders.document(
        *objectives,
        kpis=kpis,
        cycles=[cycle("C", "2026-01-01", "2026-12-31")],
        owners=[owner(), owner("team", "team", parent="acme")],
    )


def health_of(kpi: dict[str, Any], as_of: str = "2026-03-10") -> goalgraph.NodeResult:
    kpi = {"id": "k", "name": "K", **kpi}
    return score(from_dict(document([kpi])), as_of=as_of)["k"]


def measured(*values: float, start: str = "2026-01-31") -> list[dict[str, Any]]:
    first = D.fromisoformat(start)
    return [{"date": (first + datetime.timedelta(days=7 * i)).isoformat(), "value": v} for i, v in enumerate(values)]


# -- health ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kpi", "value", "result_score", "health"),
    [
        ({"direction": "higher", "target": 200}, 150, 0.75, "red"),
        ({"direction": "higher", "target": 200}, 190, 0.95, "amber"),
        ({"direction": "higher", "target": 200}, 250, 1.0, "green"),
        ({"target": 200}, 180, 0.9, "amber"),  # no direction: higher
        ({"direction": "higher", "target": 200, "baseline": 100}, 150, 0.5, "red"),
        ({"direction": "lower", "target": 2}, 4, 0.5, "red"),
        ({"direction": "lower", "target": 2}, 1.5, 1.0, "green"),  # progress 4/3, clamped
        ({"direction": "lower", "target": 2, "baseline": 4}, 3, 0.5, "red"),
        ({"direction": "lower", "target": 2, "baseline": 4}, 2.2, 0.9, "amber"),
        ({"direction": "band", "band": [10, 20], "tolerance": 5}, 15, 1.0, "green"),
        ({"direction": "band", "band": [10, 20], "tolerance": 5}, 22, 0.6, "red"),
        ({"direction": "band", "band": [10, 20], "tolerance": 5}, 30, 0.0, "red"),
    ],
)
def test_health_for_each_direction(kpi, value, result_score, health):
    result = health_of({**kpi, "measurements": [{"date": "2026-03-01", "value": value}]})
    assert result.kind == "kpi"
    assert result.value == value
    assert result.score == pytest.approx(result_score)
    assert result.health == health


def test_the_first_matching_threshold_wins_and_otherwise_is_the_fallback():
    thresholds = [
        {"status": "green", "at_least": 100},
        {"status": "amber", "at_least": 80},
        {"status": "red", "otherwise": True},
    ]
    for value, health in ((120, "green"), (100, "green"), (90, "amber"), (10, "red")):
        kpi = {"target": 1000, "thresholds": thresholds, "measurements": [{"date": "2026-03-01", "value": value}]}
        assert health_of(kpi).health == health  # the thresholds decide, not the score against 1000
    between = [{"status": "green", "between": [1, 2]}, {"status": "red", "at_most": 5}]
    assert health_of({"thresholds": between, "measurements": [{"date": "2026-03-01", "value": 2}]}).health == "green"
    assert health_of({"thresholds": between, "measurements": [{"date": "2026-03-01", "value": 9}]}).health == "unknown"


def test_no_target_and_no_thresholds_is_unknown_never_green():
    result = health_of({"measurements": [{"date": "2026-03-01", "value": 40}]})
    assert (result.value, result.score, result.health) == (40, None, Health.UNKNOWN)


def test_the_value_is_the_latest_measurement_on_or_before_the_date_and_staleness_follows_the_frequency():
    kpi = {"target": 100, "frequency": "weekly", "measurements": measured(10, 20, 30)}  # Jan 31, Feb 7, Feb 14
    assert health_of(kpi, as_of="2026-02-10").value == 20
    assert health_of(kpi, as_of="2026-02-10").stale is False
    assert health_of(kpi, as_of="2026-02-22").stale is True
    assert health_of(kpi, as_of="2026-01-01").health == Health.UNKNOWN
    assert health_of({"target": 100, "measurements": measured(10)}).stale is None


def test_kpis_are_part_of_the_scorecard_in_every_format(tmp_path, capsys):
    doc = document([{"id": "mrr", "name": "MRR", "target": 200, "supports": ["top"], "measurements": measured(150)}])
    card = score(from_dict(doc), as_of="2026-03-10")
    assert "mrr" in card
    assert list(card) == ["top", "top-kr", "team-o", "team-kr", "mrr"]
    assert card.score_of("mrr") == 0.75
    assert card.to_dict()["results"]["mrr"]["health"] == "red"
    path = tmp_path / "okrs.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["score", str(path), "--as-of", "2026-03-10", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].endswith(",health,stale,parent,planned")
    assert rows[-1].startswith("2026-03-10,mrr,kpi,MRR,")
    assert main(["score", str(path), "--as-of", "2026-03-10"]) == 0
    table = capsys.readouterr().out
    assert "~ mrr" in table
    assert "health red" in table


def test_a_key_result_reads_its_kpi_and_may_not_have_check_ins_of_its_own():
    reader = key_result("kr", title="Grow MRR", metric=linear_metric(100, 200, kpi="mrr"))
    objectives = [objective("top", reader, title="Top", cycle="C")]
    kpi = {"id": "mrr", "name": "MRR", "measurements": measured(120, 150)}
    card = score(from_dict(document([kpi], objectives)), as_of="2026-03-10")
    assert (card["kr"].value, card["kr"].score) == (150, 0.5)
    reader["checkins"] = [{"date": "2026-02-01", "value": 180}]
    with pytest.raises(ValidationError) as caught:
        from_dict(document([kpi], objectives))
    assert [p.code for p in caught.value.problems] == ["GG027"]


def test_the_scorer_follows_new_measurements():
    doc = document([{"id": "mrr", "name": "MRR", "target": 200, "supports": ["top"], "measurements": measured(150)}])
    scorer = Scorer(from_dict(doc), as_of="2026-03-10")
    before = scorer.scorecard
    assert before["mrr"].health == "red"
    scorer.add_measurement("mrr", Checkin(D(2026, 3, 5), 210))
    assert scorer.scorecard["mrr"].health == "green"
    assert before.score_of("mrr") == 0.75  # a scorecard handed out earlier keeps what it said
    assert scorer.scorecard.to_dict() == score(scorer.graph, as_of="2026-03-10").to_dict()


# -- classification -------------------------------------------------------------------------------


def month_start(index: int) -> str:
    """The first day of the ``index``-th month from January 2024."""
    return D(2024 + index // 12, index % 12 + 1, 1).isoformat()


def series(changes: list[float], base: float = 1000.0, offset: int = 0) -> list[dict[str, Any]]:
    """Monthly measurements (on each month's first day) whose month-to-month changes are ``changes``."""
    values = [base]
    for change in changes:
        values.append(values[-1] + change)
    return [{"date": month_start(i + offset), "value": v} for i, v in enumerate(values)]


def lead_lag(k: int, seed: int, periods: int = 40) -> tuple[list[float], list[float]]:
    """x's changes, and y's: x's shifted by ``k`` periods, plus noise."""
    rng = random.Random(seed)
    x = [rng.gauss(0, 10) for _ in range(periods)]
    y = [rng.gauss(0, 10) if p < k else x[p - k] + rng.gauss(0, 3) for p in range(periods)]
    return x, y


def pair_document(x: list[dict[str, Any]], y: list[dict[str, Any]], **declared: str) -> dict[str, Any]:
    """KPI ``x`` informs the team objective, ``y`` the company objective it serves."""
    return document(
        [
            {"id": "x", "name": "X", "frequency": "monthly", "supports": ["team-o"], "measurements": x, **declared},
            {"id": "y", "name": "Y", "frequency": "monthly", "supports": ["top"], "measurements": y},
        ]
    )


@pytest.mark.parametrize("k", [1, 2, 3, 4])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_series_whose_changes_come_k_periods_earlier_leads_by_k(k, seed):
    x, y = lead_lag(k, seed)
    found = classify(from_dict(pair_document(series(x), series(y))), as_of="2030-01-01")
    assert (found["x"].kind, found["x"].source, found["x"].lead) == (
        IndicatorKind.LEADING,
        ClassificationSource.EMPIRICAL,
        k,
    )
    assert (found["y"].kind, found["y"].source) == (IndicatorKind.LAGGING, ClassificationSource.EMPIRICAL)
    evidence = found["x"].evidence[0]
    assert (evidence.partner, evidence.leads, evidence.lag) == ("y", True, k)
    assert abs(evidence.r) > evidence.critical
    assert evidence.n >= 12


@pytest.mark.parametrize("seed", range(5))
def test_independent_series_are_not_classified_empirically(seed):
    rng = random.Random(seed)
    x = [rng.gauss(0, 10) for _ in range(40)]
    y = [rng.gauss(0, 10) for _ in range(40)]
    found = classify(from_dict(pair_document(series(x), series(y))), as_of="2030-01-01")
    assert found["x"].source != ClassificationSource.EMPIRICAL
    assert found["y"].source != ClassificationSource.EMPIRICAL


def test_fewer_than_12_common_periods_make_no_empirical_claim():
    x, y = lead_lag(1, 0, periods=11)
    found = classify(from_dict(pair_document(series(x), series(y))), as_of="2030-01-01")
    assert found["x"].source != ClassificationSource.EMPIRICAL


def test_a_declared_kind_always_wins():
    x, y = lead_lag(2, 0)
    found = classify(from_dict(pair_document(series(x), series(y), kind="lagging")), as_of="2030-01-01")
    assert (found["x"].kind, found["x"].source) == (IndicatorKind.LAGGING, ClassificationSource.DECLARED)


def test_structural_and_unknown_answers():
    doc = pair_document([], [])  # no data: position only
    found = classify(from_dict(doc), as_of="2030-01-01")
    assert (found["y"].kind, found["y"].source) == (IndicatorKind.LAGGING, ClassificationSource.STRUCTURAL)
    assert (found["x"].kind, found["x"].source) == (IndicatorKind.LEADING, ClassificationSource.STRUCTURAL)
    lonely = document([{"id": "z", "name": "Z"}])
    assert classify(from_dict(lonely))["z"].kind == IndicatorKind.UNKNOWN


def test_the_example_organisation_has_its_designed_leads():
    found = classify(goalgraph.load_example(), as_of="2026-11-16")
    assert (found["website-signups"].lead, found["website-signups"].evidence[0].partner) == (2, "trial-conversions")
    assert (found["weekly-active-accounts"].lead, found["weekly-active-accounts"].evidence[0].partner) == (
        3,
        "logo-churn",
    )
    assert found["mrr"].source == ClassificationSource.DECLARED


@settings(max_examples=25)
@given(
    k=st.integers(1, 3),
    seed=st.integers(0, 10**6),
    shift=st.integers(-30, 30),
)
def test_shifting_both_series_in_time_changes_nothing_and_swapping_roles_swaps_the_answer(k, seed, shift):
    x, y = lead_lag(k, seed)
    base = classify(from_dict(pair_document(series(x), series(y))), as_of="2040-01-01")
    moved = pair_document(series(x, offset=shift + 40), series(y, offset=shift + 40))
    shifted = classify(from_dict(moved), as_of="2040-01-01")
    assert [(c.kind, c.source, c.lead) for c in base.values()] == [(c.kind, c.source, c.lead) for c in shifted.values()]
    swapped = classify(from_dict(pair_document(series(y), series(x))), as_of="2040-01-01")
    if base["x"].source == ClassificationSource.EMPIRICAL:
        assert (swapped["y"].kind, swapped["y"].lead) == (base["x"].kind, base["x"].lead)
        assert swapped["x"].kind == base["y"].kind
        assert swapped["y"].evidence[0].r == base["x"].evidence[0].r


def test_classify_on_the_command_line(tmp_path, capsys):
    x, y = lead_lag(2, 0)
    path = tmp_path / "kpis.json"
    path.write_text(json.dumps(pair_document(series(x), series(y))), encoding="utf-8")
    assert main(["classify", str(path), "--as-of", "2030-01-01"]) == 0
    out = capsys.readouterr().out
    assert "x: leading (empirical, leads by 2 periods)" in out
    assert "advisory" in out
    assert main(["classify", str(path), "--as-of", "2030-01-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kpis"]["y"]["kind"] == "lagging"
    assert main(["classify", str(tmp_path / "missing.json")]) == 2


# -- lifecycle ------------------------------------------------------------------------------------


def test_an_achieved_key_result_graduates_into_a_kpi_that_holds_its_level():
    graph = goalgraph.load_example()
    kpi = graduate(graph, "mkt-q3-1-kr2", as_of="2026-11-16")
    assert (kpi.direction, kpi.target, kpi.supports) == ("higher", 248, ("mkt-q3-1",))
    graph.add_kpi(kpi)
    assert score(graph, as_of="2026-11-16")[kpi.id].health == Health.GREEN
    with pytest.raises(ValidationError):
        graduate(graph, "mkt-q3-1-kr1", as_of="2026-11-16")  # not achieved
    with pytest.raises(ValidationError):
        graduate(graph, "mkt-q3-1-kr3", as_of="2026-11-16")  # a milestone: no level to hold
    with pytest.raises(goalgraph.UnknownNodeError):
        graduate(graph, "nowhere")
    reads_kpi = next(kr.id for kr in graph.key_results.values() if kr.metric.kpi is not None)
    with pytest.raises(ValidationError) as caught:
        graduate(graph, reads_kpi, as_of="2026-11-16")
    assert caught.value.problems[0].code == "GG027"


def test_kpis_that_need_an_objective_are_suggested():
    red = {"id": "red", "name": "Red", "target": 100, "measurements": measured(50)}
    sliding = {"id": "sliding", "name": "Sliding", "direction": "higher", "measurements": measured(30, 20, 10)}
    steady = {"id": "steady", "name": "Steady", "target": 10, "measurements": measured(10, 12, 11)}
    addressed = {**red, "id": "addressed", "supports": ["top"]}
    found = suggest_objectives(from_dict(document([red, sliding, steady, addressed])), as_of="2026-03-10")
    assert [(s.kpi, s.health) for s in found] == [("red", Health.RED), ("sliding", Health.UNKNOWN)]
    assert found[1].recent == (30, 20, 10)
    assert "wrong way" in found[1].reason
    after_the_cycle = suggest_objectives(from_dict(document([addressed])), as_of="2027-03-10")
    assert [s.kpi for s in after_the_cycle] == ["addressed"]  # its objective's cycle is over


def test_the_demo_shows_the_classification(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "KPI classification as of 2026-11-16" in out
    assert "website-signups: leading (empirical, leads by 2 periods)" in out

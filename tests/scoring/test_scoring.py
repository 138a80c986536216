"""score(): key-result scores, rollups, missing data, overrides, explanations (SPEC §2-§3)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

import goalgraph
from goalgraph import Policy, Registry, RuleError, ValidationError
from tests.builders import document, objective, owner

AS_OF = "2026-08-15"


def kr(id: str, metric: dict[str, Any], value: Any = None, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": id, "title": id, "metric": metric, **extra}
    if value is not None:
        record["checkins"] = [{"date": "2026-07-10", "value": value}]
    return record


def linear(value: float, *, target: float = 1, **extra: Any) -> dict[str, Any]:
    """A key result whose score is ``value`` (start 0, target 1)."""
    return kr(extra.pop("id"), {"type": "linear", "start": 0, "target": target}, value * target, **extra)


# acme and a team below it, for the tests whose objectives the team owns.
WITH_A_TEAM = [owner(), owner("team", "team", parent="acme")]


def scores(doc: dict[str, Any], **options: Any) -> goalgraph.Scorecard:
    registry = options.pop("registry", None)
    return goalgraph.score(goalgraph.from_dict(doc, registry=registry), as_of=AS_OF, registry=registry, **options)


def test_weighted_mean_of_three_follows_the_spec_example():
    doc = document(
        objective("O1", linear(0.5, id="a", weight=2), linear(2 / 3, id="b", target=3), linear(0.4, id="c", target=5))
    )
    assert round(scores(doc)["O1"].score, 4) == 0.5167


def test_weighted_mean_of_two_follows_the_spec_example():
    doc = document(objective("O1", linear(0.5, id="a", weight=4), linear(1.0, id="b")))
    assert scores(doc)["O1"].score == pytest.approx(0.6)


def test_child_objectives_roll_up_as_peers_of_key_results():
    doc = document(
        objective("P", linear(0.27, id="p1", target=100), linear(0.18, id="p2", target=100)),
        objective(
            "C", linear(0.85, id="c1", target=100), linear(0.60, id="c2", target=100), owner="team", aligns_to=["P"]
        ),
        owners=WITH_A_TEAM,
    )
    card = scores(doc)
    assert card["C"].score == pytest.approx(0.725)
    assert round(card["P"].score, 4) == 0.3917


def test_score_is_progress_clamped_to_the_unit_interval():
    doc = document(objective("O1", linear(1.5, id="over"), linear(-0.5, id="under")))
    card = scores(doc)
    assert (card["over"].progress, card["over"].score) == (1.5, 1.0)
    assert (card["under"].progress, card["under"].score) == (-0.5, 0.0)


def test_the_current_value_is_the_latest_check_in_dated_on_or_before_the_date():
    checkins = [
        {"date": "2026-07-01", "value": 10},
        {"date": "2026-08-15", "value": 30},
        {"date": "2026-08-15", "value": 40},
        {"date": "2026-08-16", "value": 90},
    ]
    doc = document(objective("O1", kr("k", {"type": "linear", "start": 0, "target": 100}, checkins=checkins)))
    card = scores(doc)
    assert card["k"].value == 40
    assert goalgraph.score(goalgraph.from_dict(doc), as_of="2026-07-31")["k"].value == 10
    assert goalgraph.score(goalgraph.from_dict(doc), as_of="2026-06-30")["k"].score is None


def test_an_unmeasured_key_result_counts_as_zero_by_default():
    doc = document(objective("O1", linear(1.0, id="a"), kr("b", {"type": "milestone"})))
    card = scores(doc)
    assert card["b"].score is None
    assert card["b"].provenance == "missing"
    assert card["O1"].score == 0.5


def test_skip_leaves_missing_scores_out_and_renormalises():
    doc = document(objective("O1", linear(0.8, id="a", weight=3), kr("b", {"type": "milestone"})))
    assert scores(doc, policy=Policy(missing="skip"))["O1"].score == pytest.approx(0.8)


def test_propagate_leaves_the_parent_unscored():
    doc = document(objective("O1", linear(0.8, id="a"), kr("b", {"type": "milestone"})))
    result = scores(doc, policy=Policy(missing="propagate"))["O1"]
    assert result.score is None
    assert result.provenance == "missing"


def test_zero_total_weight_gives_no_score_not_an_error():
    doc = document(objective("O1", linear(0.8, id="a", weight=0), linear(0.3, id="b", weight=0)))
    assert scores(doc)["O1"].score is None


def test_an_objective_with_no_contributors_has_no_score():
    assert scores(document(objective("O1")))["O1"].score is None


@pytest.mark.parametrize(("rollup", "expected"), [("mean", 0.6), ("min", 0.2), ("max", 1.0), ("weighted_mean", 0.76)])
def test_each_builtin_aggregator(rollup, expected):
    doc = document(
        objective("O1", linear(0.2, id="a"), linear(0.6, id="b"), linear(1.0, id="c", weight=3), rollup=rollup)
    )
    assert scores(doc)["O1"].score == pytest.approx(expected)


def test_value_weighted_multiplies_weights_by_the_key_result_size():
    # sizes 100 and 300: (100 * 0.5 + 300 * 1.0) / 400
    doc = document(
        objective("O1", linear(0.5, id="a", target=100), linear(1.0, id="b", target=300), rollup="value_weighted")
    )
    assert scores(doc)["O1"].score == pytest.approx(0.875)


def test_value_weighted_refuses_mixed_units():
    a = kr("a", {"type": "linear", "start": 0, "target": 10, "unit": "deals"}, 5)
    b = kr("b", {"type": "linear", "start": 0, "target": 10, "unit": "EUR"}, 5)
    with pytest.raises(ValidationError) as info:
        scores(document(objective("O1", a, b, rollup="value_weighted")))
    assert info.value.problems[0].code == "GG026"


def test_the_policy_names_the_default_aggregator():
    doc = document(objective("O1", linear(0.2, id="a"), linear(0.6, id="b")))
    assert scores(doc, policy=Policy(aggregator="min"))["O1"].score == pytest.approx(0.2)


def test_supports_only_links_never_enter_a_rollup():
    doc = document(
        objective("P", linear(1.0, id="p1")),
        objective("C", linear(0.0, id="c1"), owner="team", aligns_to=[{"id": "P", "contributes": False}]),
        owners=WITH_A_TEAM,
    )
    card = scores(doc)
    assert card["P"].score == 1.0
    assert [c.id for c in card["P"].contributions] == ["p1"]


def test_each_parent_of_a_multi_parent_objective_computes_on_its_own():
    doc = document(
        objective("A", linear(1.0, id="a1")),
        objective("B", linear(0.0, id="b1")),
        objective("C", linear(0.5, id="c1"), owner="team", aligns_to=[{"id": "A", "weight": 3}, {"id": "B"}]),
        owners=WITH_A_TEAM,
    )
    card = scores(doc)
    assert card["A"].score == pytest.approx((1.0 + 3 * 0.5) / 4)
    assert card["B"].score == pytest.approx(0.25)


def test_a_rollup_key_result_aggregates_the_objectives_aligned_to_it():
    doc = document(
        objective("CO", kr("CO-KR", {"type": "rollup"}), linear(1.0, id="CO-KR2")),
        objective("T1", linear(0.4, id="t1"), owner="team", aligns_to=["CO-KR"]),
        objective("T2", linear(0.8, id="t2"), owner="team", aligns_to=[{"id": "CO-KR", "weight": 3}]),
        owners=WITH_A_TEAM,
    )
    card = scores(doc)
    assert card["CO-KR"].score == pytest.approx((0.4 + 3 * 0.8) / 4)
    assert card["CO"].score == pytest.approx((0.7 + 1.0) / 2)


def test_objectives_aligned_to_an_ordinary_key_result_do_not_change_its_score():
    doc = document(
        objective("CO", linear(0.3, id="CO-KR")),
        objective("T1", linear(1.0, id="t1"), owner="team", aligns_to=["CO-KR"]),
        owners=WITH_A_TEAM,
    )
    assert scores(doc)["CO-KR"].score == pytest.approx(0.3)


def test_a_score_override_is_manual_and_keeps_the_computed_score_beside_it():
    doc = document(objective("O1", linear(0.4, id="a", score_override=0.9), score_override=0.1))
    card = scores(doc)
    assert (card["a"].score, card["a"].computed, card["a"].provenance) == (0.9, 0.4, "manual")
    assert (card["O1"].score, card["O1"].computed, card["O1"].provenance) == (0.1, 0.9, "manual")


def test_a_grade_is_reported_apart_from_the_score():
    doc = document(objective("O1", linear(0.4, id="a"), grade=0.7))
    card = scores(doc)
    assert (card["O1"].score, card["O1"].grade) == (0.4, 0.7)


def test_contributions_explain_the_score():
    doc = document(objective("O1", linear(0.5, id="a", weight=3), linear(1.0, id="b")))
    contributions = scores(doc)["O1"].contributions
    assert [(c.id, c.weight, c.share, c.score, c.contribution) for c in contributions] == [
        ("a", 3, 0.75, 0.5, 0.375),
        ("b", 1, 0.25, 1.0, 0.25),
    ]


def test_a_key_result_reading_a_kpi_uses_its_latest_measurement():
    doc = document(objective("O1", kr("k", {"type": "linear", "start": 40000, "target": 60000, "kpi": "traffic"})))
    doc["kpis"] = [
        {
            "id": "traffic",
            "name": "Traffic",
            "measurements": [{"date": "2026-07-31", "value": 45000}, {"date": "2026-08-31", "value": 50000}],
        }
    ]
    assert scores(doc)["k"].score == pytest.approx(0.25)


@pytest.mark.slow
def test_a_hundred_thousand_level_chain_scores_without_recursion():
    # O(i) aligns to O(i-1); only the deepest objective has a key result, so
    # its 0.5 must travel 100,000 levels up to O0.
    depth = 100_000
    objectives = [objective("O0")]
    objectives += [objective(f"O{i}", aligns_to=[f"O{i - 1}"]) for i in range(1, depth - 1)]
    objectives.append(objective(f"O{depth - 1}", linear(0.5, id="k"), aligns_to=[f"O{depth - 2}"]))
    doc = document(*objectives)
    graph = goalgraph.from_dict(doc, limits=goalgraph.Limits(max_nodes=depth + 10))
    card = goalgraph.score(graph, as_of=AS_OF)
    assert card["O0"].score == 0.5
    assert len(card) == depth + 1


def test_custom_scorers_score_through_the_registry():
    registry = Registry()

    @registry.scorer("percent")
    def percent(value, params):
        return value / params["of"]

    doc = document(objective("O1", kr("k", {"type": "custom", "name": "percent", "params": {"of": 200}}, 50)))
    assert scores(doc, registry=registry)["k"].score == 0.25


@pytest.mark.parametrize(
    ("returned", "reason"),
    [
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (1.5, "outside [0, 1]"),
        ("0.5", "not a number"),
        (True, "not a number"),
    ],
)
def test_a_custom_scorer_returning_a_bad_value_fails_closed(returned, reason):
    registry = Registry()
    registry.scorer("bad")(lambda value, params: returned)
    doc = document(objective("O1", kr("k", {"type": "custom", "name": "bad"}, 1)))
    with pytest.raises(RuleError) as info:
        scores(doc, registry=registry)
    assert (info.value.name, info.value.node) == ("bad", "k")
    assert reason in str(info.value)


def test_a_custom_scorer_that_raises_fails_closed_naming_rule_and_node():
    registry = Registry()

    @registry.scorer("boom")
    def boom(value, params):
        raise KeyError("threshold")

    doc = document(objective("O1", kr("k", {"type": "custom", "name": "boom"}, 1)))
    with pytest.raises(RuleError, match="scorer 'boom' failed on 'k': raised KeyError"):
        scores(doc, registry=registry)


@pytest.mark.parametrize("returned", [float("nan"), -0.1, 1.01])
def test_a_custom_aggregator_returning_a_bad_value_fails_closed(returned):
    registry = Registry()
    registry.aggregator("bad")(lambda contributions: returned)
    doc = document(objective("O1", linear(0.5, id="a"), rollup="bad"))
    with pytest.raises(RuleError) as info:
        scores(doc, registry=registry)
    assert (info.value.kind, info.value.name, info.value.node) == ("aggregator", "bad", "O1")


def test_an_unknown_aggregator_in_the_policy_is_refused():
    with pytest.raises(goalgraph.RegistrationError, match="no aggregator named 'median'"):
        scores(document(objective("O1")), policy=Policy(aggregator="median"))


def test_as_of_accepts_dates_and_iso_strings_only():
    graph = goalgraph.from_dict(document(objective("O1", linear(0.5, id="a"))))
    assert goalgraph.score(graph, as_of=datetime.date(2026, 8, 15)).as_of == datetime.date(2026, 8, 15)
    with pytest.raises(ValueError, match="ISO date"):
        goalgraph.score(graph, as_of="15/08/2026")
    with pytest.raises(TypeError):
        goalgraph.score(graph, as_of=datetime.datetime(2026, 8, 15, 12, 0))


def test_the_scorecard_is_a_read_only_mapping():
    card = scores(document(objective("O1", linear(0.5, id="a"))))
    assert list(card) == ["O1", "a"]
    with pytest.raises(TypeError):
        card["O1"] = card["a"]  # type: ignore[index]


def test_the_scorecard_serialises_to_the_same_json_every_time():
    doc = document(objective("O1", linear(0.5, id="a"), linear(0.25, id="b")))
    first = json.dumps(scores(doc).to_dict(), sort_keys=True)
    assert first == json.dumps(scores(doc).to_dict(), sort_keys=True)
    assert json.loads(first)["results"]["O1"]["score"] == 0.375


def test_the_spec_example_document_scores_as_written(spec_example):
    card = goalgraph.score(spec_example, as_of="2026-09-01")
    assert card["O1-KR1"].score == 1.0
    assert card["O1-KR2"].score == pytest.approx(0.43)
    assert card["O2-KR1"].value == 49000
    assert card["O2-KR1"].score == pytest.approx(0.45)
    assert card["O2"].score == pytest.approx(0.45)
    assert card["O1"].score == pytest.approx((1.0 + 2 * 0.43 + 0.45) / 4)

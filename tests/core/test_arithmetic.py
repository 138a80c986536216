"""Finite inputs give finite results: weights, spans, products, forecasts and statistics near the float range."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import goalgraph
from goalgraph._core.arithmetic import products, scaled, within_range
from tests.builders import cycle, document, key_result, linear_metric, objective

AS_OF = "2026-09-01"


def kr(id, value, *, weight=1, start=0, target=10, **metric):
    return key_result(id, value, metric=linear_metric(start, target, **metric), on="2026-08-15", weight=weight)


def document_of(*krs, **fields):
    """One objective ``O1`` in cycle ``C`` with these key results (and fields)."""
    return document(objective("O1", *krs, title="T", cycle="C", **fields), cycles=[cycle("C")])


def graph_of(*krs, **fields):
    return goalgraph.from_dict(document_of(*krs, **fields))


def every_output(graph):
    """Score, and make every output a host reads: all must succeed and hold finite numbers only."""
    card = goalgraph.score(graph, as_of=AS_OF)
    json.dumps(card.to_dict(), allow_nan=False)
    rows = goalgraph.score_table(graph, card=card)
    cells = {cell for line in goalgraph.table_csv(rows).splitlines() for cell in line.split(",")}
    assert not cells & {"nan", "inf", "-inf"}
    goalgraph.table_csv(goalgraph.edge_table(graph))
    goalgraph.check(graph, as_of=AS_OF)
    for format in ("mermaid", "dot", "html", "svg"):
        goalgraph.render(graph, format, as_of=AS_OF)
    return card


def test_two_weights_of_1e308_roll_up_as_two_equal_weights():
    # fsum raised OverflowError ("intermediate overflow").
    huge = every_output(graph_of(kr("a", 5, weight=1e308), kr("b", 1, weight=1e308)))
    plain = every_output(graph_of(kr("a", 5), kr("b", 1)))
    assert huge["O1"].score == plain["O1"].score == pytest.approx(0.3)
    assert [c.share for c in huge["O1"].contributions] == [0.5, 0.5]
    edges = goalgraph.edge_table(graph_of(kr("a", 5, weight=1e308), kr("b", 1, weight=1e308)))
    assert [row["normalised_weight"] for row in edges] == [0.5, 0.5]


def test_value_weighted_where_weight_times_span_overflows_is_finite_and_exact():
    # weight x span overflowed to inf: the objective scored NaN, coloured green.
    big = graph_of(
        kr("a", 5e299, weight=1e300, target=1e300), kr("b", 1e299, weight=1e300, target=3e300), rollup="value_weighted"
    )
    card = every_output(big)
    # a: score 0.5, size 1e300; b: score 1/30, size 3e300 -> (0.5 + 3 * 1/30) / 4
    assert card["O1"].score == pytest.approx((0.5 + 0.1) / 4)
    assert card["O1"].grade_band is not None
    shares = [c.share for c in card["O1"].contributions]
    assert shares == pytest.approx([0.25, 0.75])


def test_a_progress_beyond_the_float_range_is_the_largest_float_in_every_engine():
    # target 1e-300, value 1e9: the one-pass engine kept a local infinity.
    graph = graph_of(kr("a", 1e9, target=1e-300))
    card = every_output(graph)
    assert card["a"].progress == 1.7976931348623157e308
    assert card["a"].score == 1.0
    scorer = goalgraph.Scorer(graph, as_of=AS_OF)
    assert scorer.scorecard["a"].progress == card["a"].progress


def test_a_custom_scorer_or_aggregator_returning_a_huge_integer_fails_closed_naming_it():
    registry = goalgraph.Registry()

    @registry.scorer("huge")
    def huge(value, params):
        return 10**400

    @registry.aggregator("huge_mean")
    def huge_mean(contributions):
        return 10**400

    doc = document_of(key_result("a", 1, metric={"type": "custom", "name": "huge"}, on="2026-08-15"))
    with pytest.raises(goalgraph.RuleError, match=r"scorer 'huge' failed on 'a'.*beyond the float range"):
        goalgraph.score(goalgraph.from_dict(doc, registry=registry), as_of=AS_OF, registry=registry)
    doc["objectives"][0].update(rollup="huge_mean", key_results=[kr("b", 5)])
    graph = goalgraph.from_dict(doc, registry=registry)
    with pytest.raises(goalgraph.RuleError, match="aggregator 'huge_mean' failed on 'O1'"):
        goalgraph.score(graph, as_of=AS_OF, registry=registry)


def test_a_forecast_from_check_ins_near_the_float_range_is_finite_or_none():
    checkins = [
        {"date": "2026-07-02", "value": -1.7e308},
        {"date": "2026-07-20", "value": 1.7e308},
        {"date": "2026-08-02", "value": -1.7e308},
    ]
    graph = graph_of(key_result("a", metric=linear_metric(0, 1.7e308), checkins=checkins))
    forecast = every_output(graph)["a"].forecast
    assert forecast is None or forecast.progress is None or math.isfinite(forecast.progress)


def test_classify_over_kpi_measurements_near_1e200_does_not_overflow():
    # statistics.correlation over changes of 1e200 raised "-inf + inf in fsum".
    months = [f"2026-{m:02d}-01" for m in range(1, 13)] + [f"2027-{m:02d}-01" for m in range(1, 13)]
    doc = document_of(key_result("KR1", title="K", metric=linear_metric(0, 1, kpi="lead")))
    doc["cycles"] = [cycle("C", "2026-01-01", "2027-12-31")]
    doc["kpis"] = [
        {
            "id": "lead",
            "name": "lead",
            "frequency": "monthly",
            "supports": ["KR1"],
            "measurements": [{"date": d, "value": 1e200 * ((i * 7) % 5 - 2)} for i, d in enumerate(months)],
        },
        {
            "id": "lag",
            "name": "lag",
            "frequency": "monthly",
            "supports": ["O1"],
            "measurements": [{"date": d, "value": 1.7e308 * ((((i * 3) % 4) - 1.5) / 2)} for i, d in enumerate(months)],
        },
    ]
    graph = goalgraph.from_dict(doc)
    found = goalgraph.classify(graph, as_of="2027-12-31")
    assert set(found) == {"lead", "lag"}
    every_output(graph)


@given(st.lists(st.floats(min_value=0, max_value=1.7976931348623157e308), min_size=1, max_size=8))
def test_within_range_keeps_every_share(weights):
    kept = within_range(weights)
    total = math.fsum(kept)  # never raises
    assert math.isfinite(total)
    if total:
        exact = math.fsum(scaled(weights)[0])
        for weight, share_of in zip(weights, kept, strict=True):
            assert share_of / total == pytest.approx(
                math.ldexp(weight, -scaled(weights)[1]) / exact, rel=1e-12, abs=1e-300
            )


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1.7976931348623157e308),
            st.floats(min_value=0, max_value=1.7976931348623157e308),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_products_are_finite_and_keep_their_ratios(pairs):
    weights, sizes = [w for w, _ in pairs], [s for _, s in pairs]
    made = products(weights, sizes)
    assert all(math.isfinite(p) and p >= 0 for p in made)
    assert math.isfinite(math.fsum(made))
    top = max(made)
    for (weight, size), product in zip(pairs, made, strict=True):
        exact = weight * size  # may be inf; compare the ratio to the largest in logarithms
        if top and product and math.isfinite(exact):
            assert product > 0

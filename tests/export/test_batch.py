"""Batches: score_many over many documents, score_frame as the kernel for grouped tables."""

from __future__ import annotations

import datetime
import io
import json
import sys

import pandas
import pytest

import goalgraph
from goalgraph import Registry, RuleError, ValidationError, goals_csv, score, score_frame, score_many, score_table
from goalgraph._export.tables import SCORE_COLUMNS  # not (yet) re-exported by goalgraph
from tests.builders import document, key_result, objective, owner

DAY = datetime.date(2026, 11, 16)
# A flat export keeps each key result's latest check-in only, so forecasts differ; it holds no KPIs.
NOT_IN_THE_FLAT_FORMAT = ("forecast_score", "reaches_target_on")


def small(name: str, value: float = 40) -> dict:
    """The organisation ``name``: one objective ``O1`` with one key result ``KR1`` at ``value`` of 100."""
    return document(
        objective("O1", key_result("KR1", value, title="Customers"), title="Grow", owner=name), owners=[owner(name)]
    )


@pytest.fixture(scope="module")
def example() -> goalgraph.GoalGraph:
    return goalgraph.load_example()


def as_dicts(card: goalgraph.Scorecard) -> dict:
    return card.to_dict()


# -- score_many ---------------------------------------------------------------


def test_score_many_equals_scoring_each_document(example, tmp_path):
    path = tmp_path / "b.json"
    path.write_text(json.dumps(small("b", 70)), encoding="utf-8")
    documents = [example, small("a"), path, str(path)]
    cards = score_many(documents, as_of=DAY)
    singles = [score(example, DAY), score(goalgraph.from_dict(small("a")), DAY)] + [
        score(goalgraph.load(path), DAY)
    ] * 2
    assert [as_dicts(card) for card in cards] == [as_dicts(card) for card in singles]
    assert cards[2]["KR1"].score == 0.7


def test_score_many_takes_any_iterable_and_gives_a_list():
    cards = score_many((small(name) for name in "abc"), as_of="2026-08-15")
    assert isinstance(cards, list)
    assert [card["O1"].score for card in cards] == [0.4, 0.4, 0.4]
    assert score_many([], as_of=DAY) == []


def test_score_many_reads_today_once_for_the_whole_batch(monkeypatch):
    calls = []

    class Clock(datetime.date):
        @classmethod
        def today(cls):
            calls.append(1)
            return datetime.date(2026, 8, 15)

    monkeypatch.setattr(datetime, "date", Clock)
    cards = score_many([small("a"), small("b"), small("c")])
    assert [card.as_of for card in cards] == [datetime.date(2026, 8, 15)] * 3
    assert len(calls) == 1


def test_a_policy_and_a_registry_reach_every_document():
    registry = Registry()
    registry.scorer("half")(lambda value, params: 0.5)
    doc = small("a")
    doc["objectives"][0]["key_results"][0]["metric"] = {"type": "custom", "name": "half"}
    policy = goalgraph.Policy(status_bands=(0.3, 0.4))
    cards = score_many([doc, doc], as_of="2026-08-15", policy=policy, registry=registry)
    assert [card["KR1"].score for card in cards] == [0.5, 0.5]
    assert all(card.policy is policy for card in cards)


def test_an_invalid_document_names_its_position(example):
    bad = small("x")
    bad["owners"][0]["level"] = 7
    del bad["objectives"][0]["title"]
    with pytest.raises(ValidationError) as info:
        score_many([example, small("a"), bad], as_of=DAY)
    assert info.value.source == "document 2"
    assert str(info.value).startswith("2 problems in document 2:")
    assert {p.code for p in info.value.problems} == {"GG011", "GG012"}


def test_an_invalid_file_names_its_position_and_path(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"goalgraph": 1, "owners": [', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"in document 1 \(.*broken\.json\)") as info:
        score_many([small("a"), path], as_of=DAY)
    assert info.value.problems[0].code == "GG001"


def test_a_cycle_keeps_its_type_and_names_the_document():
    doc = small("a")
    doc["objectives"].append(objective("O2", title="t", owner="a", aligns_to=["O3"]))
    doc["objectives"].append(objective("O3", title="t", owner="a", aligns_to=["O2"]))
    with pytest.raises(goalgraph.CycleError, match="in document 0"):
        score_many([doc], as_of=DAY)


def test_a_failing_rule_notes_the_document():
    registry = Registry()

    @registry.scorer("boom")
    def boom(value, params):
        raise KeyError("threshold")

    doc = small("a")
    doc["objectives"][0]["key_results"][0]["metric"] = {"type": "custom", "name": "boom"}
    with pytest.raises(RuleError) as info:
        score_many([small("b"), doc], as_of=DAY, registry=registry)
    assert info.value.__notes__ == ["in document 1"]


@pytest.mark.parametrize("item", [42, None, b"{}", ["goalgraph"]])
def test_an_item_that_is_no_document_is_refused_with_its_position(item):
    with pytest.raises(TypeError, match=r"document 1 must be a GoalGraph, a mapping or a path"):
        score_many([small("a"), item], as_of=DAY)


@pytest.mark.parametrize(("as_of", "error"), [("2026-02-30", ValueError), (20260101, TypeError)])
def test_a_bad_date_is_refused_before_any_work(as_of, error):
    with pytest.raises(error, match="as_of"):
        score_many([42], as_of=as_of)


# -- score_frame ----------------------------------------------------------------


@pytest.fixture(scope="module")
def flat(example) -> str:
    return goals_csv(example)


def test_score_frame_equals_score_table_of_the_same_rows(flat):
    frame = pandas.read_csv(io.StringIO(flat), dtype=str, keep_default_na=False)
    table = score_table(goalgraph.read_goals_csv(io.StringIO(flat)), DAY)
    scores = score_frame(frame, as_of=DAY)
    assert list(scores.columns) == list(SCORE_COLUMNS)
    pandas.testing.assert_frame_equal(scores, goalgraph.table_frame(table, SCORE_COLUMNS))


def test_score_frame_on_the_flat_export_equals_the_original_scores(example, flat):
    scores = score_frame(pandas.read_csv(io.StringIO(flat)), as_of=DAY).set_index("id")
    original = {row["id"]: row for row in score_table(example, DAY)}
    assert set(scores.index) == set(example.objectives) | set(example.key_results)
    for id, row in scores.iterrows():
        want = original[id]
        for column in ("score", "progress", "expected", "current", "start", "target"):
            assert row[column] == want[column] or (pandas.isna(row[column]) and want[column] is None), (id, column)
        for column in ("kind", "title", "owner", "level", "cycle", "unit", "status", "grade", "rolled_status"):
            assert (None if pandas.isna(row[column]) else row[column]) == want[column], (id, column)
        assert row["parent"] == want["parent"] or want["parent"] is None


def test_cells_as_pandas_reads_them_give_the_same_scores_as_text(flat):
    as_text = score_frame(pandas.read_csv(io.StringIO(flat), dtype=str), as_of=DAY)
    typed = score_frame(pandas.read_csv(io.StringIO(flat)), as_of=DAY)  # numbers, NaN for empty cells
    pandas.testing.assert_frame_equal(as_text, typed)


def test_keep_columns_come_first_on_every_row_with_their_dtype(flat):
    frame = pandas.read_csv(io.StringIO(flat), dtype=str).assign(org="acme", region=7)
    scores = score_frame(frame, as_of=DAY, keep=["org", "region"])
    assert list(scores.columns) == ["org", "region", *SCORE_COLUMNS]
    assert set(scores["org"]) == {"acme"}
    assert set(scores["region"]) == {7}
    assert scores["region"].dtype == frame["region"].dtype
    assert scores["org"].dtype == frame["org"].dtype
    pandas.testing.assert_frame_equal(scores[list(SCORE_COLUMNS)], score_frame(frame, as_of=DAY))


def test_a_keep_column_must_exist_and_be_constant(flat):
    frame = pandas.read_csv(io.StringIO(flat), dtype=str)
    with pytest.raises(ValueError, match="does not have: 'org'"):
        score_frame(frame, as_of=DAY, keep=["org"])
    frame["org"] = ["acme"] * (len(frame) - 1) + ["globex"]
    with pytest.raises(ValueError, match="'org' must hold one value"):
        score_frame(frame, as_of=DAY, keep=["org"])


def test_an_empty_frame_is_an_empty_graph():
    frame = pandas.DataFrame({"id": pandas.Series([], dtype=str), "org": pandas.Series([], dtype=str)})
    scores = score_frame(frame, as_of=DAY, keep=["org"])
    assert list(scores.columns) == ["org", *SCORE_COLUMNS]
    assert len(scores) == 0


def test_invalid_rows_raise_every_problem(flat):
    frame = pandas.read_csv(io.StringIO(flat), dtype=str)
    row = {id: i for i, id in enumerate(frame["id"])}
    frame.loc[row["acme-q3-1-kr3"], "target"] = "lots"
    frame.loc[row["sales-q3-1"], "owner"] = None
    with pytest.raises(ValidationError) as info:
        score_frame(frame, as_of=DAY)
    found = {(p.code, p.path) for p in info.value.problems}
    assert ("GG012", f"row {row['acme-q3-1-kr3'] + 2}, column 'target'") in found
    assert ("GG011", f"row {row['sales-q3-1'] + 2}, column 'owner'") in found


def test_score_frame_is_deterministic(flat):
    frame = pandas.read_csv(io.StringIO(flat), dtype=str)
    first = score_frame(frame, as_of=DAY).to_csv(index=False)
    assert score_frame(frame, as_of=DAY).to_csv(index=False) == first


def test_score_frame_names_the_pandas_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"score_frame needs pandas: pip install 'goalgraph\[pandas\]'"):
        score_frame(None)  # type: ignore[arg-type]

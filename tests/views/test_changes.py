"""The change between two scorecards (SPEC §12): two dates, two graphs, status-only changes, KPIs by health."""

from __future__ import annotations

import datetime
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import goalgraph
from goalgraph import Change, Checkin, Health, KeyResult, LinearMetric, NodeKind, Status, diff, score
from goalgraph.strategies import CYCLE_START, documents
from tests.builders import document, key_result, objective


def org() -> goalgraph.GoalGraph:
    """O1 with KR1 (40 on Aug 1, 70 on Sep 1) and KR2 (50 on Aug 1, unchanged); a KPI whose health turns."""
    kr1 = key_result("KR1", checkins=[{"date": "2026-08-01", "value": 40}, {"date": "2026-09-01", "value": 70}])
    kpi = {
        "id": "k",
        "name": "Sign-ups",
        "direction": "higher",
        "target": 100,
        "thresholds": [{"status": "green", "at_least": 100}, {"status": "red", "otherwise": True}],
        "measurements": [{"date": "2026-08-01", "value": 80}, {"date": "2026-09-01", "value": 120}],
    }
    return goalgraph.from_dict(document(objective("O1", kr1, key_result("KR2", 50), kind="committed"), kpis=[kpi]))


def test_between_two_dates_every_moved_score_and_status_is_listed_largest_first():
    graph = org()
    changes = diff(score(graph, "2026-08-15"), score(graph, "2026-09-15"))
    by_id = {change.id: change for change in changes}
    # KR1 0.4 -> 0.7 (+0.3); the KPI 80 -> 120 of 100 (+0.2); O1 (0.4 + 0.5) / 2 -> (0.7 + 0.5) / 2 (+0.15);
    # KR2 stays at 0.5, but the expected score rose from 0.5 to 0.84 and its status fell: a delta of 0.
    assert [c.id for c in changes] == ["KR1", "k", "O1", "KR2"]
    assert by_id["KR1"] == Change(
        id="KR1",
        kind="key_result",
        before=0.4,
        after=0.7,
        delta=pytest.approx(0.3),
        before_status="on_track",  # 0.1 behind 0.5
        after_status="at_risk",  # 0.14 behind 77 / 92
    )
    assert by_id["O1"].delta == pytest.approx(0.15)
    kr2 = by_id["KR2"]
    assert (kr2.before, kr2.after, kr2.delta) == (0.5, 0.5, 0.0)
    assert (kr2.before_status, kr2.after_status) == (Status.ON_TRACK, Status.OFF_TRACK)


def test_a_kpi_is_compared_by_its_health():
    graph = org()
    (kpi,) = [c for c in diff(score(graph, "2026-08-15"), score(graph, "2026-09-15")) if c.kind == NodeKind.KPI]
    assert (kpi.before, kpi.after) == (0.8, 1.0)
    assert (kpi.before_status, kpi.after_status) == (Health.RED, Health.GREEN)
    assert isinstance(kpi.after_status, Health)


def test_the_same_scorecard_or_the_same_figures_list_nothing():
    graph = org()
    card = score(graph, "2026-08-15")
    assert diff(card, card) == []
    assert diff(card, score(graph.copy(), "2026-08-15")) == []


def test_between_two_graphs_added_and_removed_nodes_have_one_side_only():
    old = org()
    new = old.copy()
    new.remove("KR2")
    new.add_key_result(
        "O1",
        KeyResult(
            id="KR3",
            title="New",
            metric=LinearMetric(start=0, target=10),
            checkins=[Checkin(datetime.date(2026, 8, 1), 5)],
        ),
    )
    new.add_key_result("O1", KeyResult(id="KR4", title="No data yet", metric=LinearMetric(start=0, target=10)))
    changes = diff(score(old, "2026-08-15"), score(new, "2026-08-15"))
    by_id = {change.id: change for change in changes}
    assert by_id["KR2"] == Change(
        id="KR2", kind="key_result", before=0.5, after=None, delta=None, before_status="on_track", after_status=None
    )
    assert by_id["KR3"] == Change(
        id="KR3", kind="key_result", before=None, after=0.5, delta=None, before_status=None, after_status="on_track"
    )
    assert (by_id["KR4"].after, by_id["KR4"].after_status) == (None, Status.UNSCORED)
    # O1 was (0.4 + 0.5) / 2 and is now (0.4 + 0.5 + 0) / 3: a delta; the rest have none and come last, by id.
    assert [c.id for c in changes] == ["O1", "KR2", "KR3", "KR4"]
    assert by_id["O1"].delta == pytest.approx(0.3 - 0.45)


def test_a_node_that_changed_kind_takes_the_later_kind():
    old = goalgraph.from_dict(document(objective("O1", key_result("X", 50))))
    new = goalgraph.from_dict(document(objective("O1", key_result("KR", 50)), objective("X", key_result("K2", 60))))
    (change,) = [c for c in diff(score(old, "2026-08-15"), score(new, "2026-08-15")) if c.id == "X"]
    assert change.kind == NodeKind.OBJECTIVE
    assert (change.before, change.after, change.delta) == (0.5, 0.6, pytest.approx(0.1))


def test_changes_are_plain_data_and_pickle():
    graph = org()
    (first, *_) = diff(score(graph, "2026-08-15"), score(graph, "2026-09-15"))
    assert pickle.loads(pickle.dumps(first)) == first
    data = first.to_dict()
    assert data == {
        "id": "KR1",
        "kind": "key_result",
        "before": 0.4,
        "after": 0.7,
        "delta": first.delta,
        "before_status": "on_track",
        "after_status": "at_risk",
    }
    assert Change(**data) == first  # the names read back


def test_the_example_week_has_the_largest_moves_first():
    graph = goalgraph.load_example()
    changes = diff(score(graph, "2026-11-09"), score(graph, "2026-11-16"))
    deltas = [abs(c.delta) for c in changes if c.delta is not None]
    assert deltas == sorted(deltas, reverse=True)
    assert changes[0].delta == 1.0
    status_only = [c.id for c in changes if c.delta == 0]
    assert "acme-q4-1-kr1" in status_only


_days = st.integers(-20, 100).map(lambda n: CYCLE_START + datetime.timedelta(days=n))


@given(documents(max_nodes=12), _days, _days)
def test_a_diff_lists_exactly_the_nodes_whose_figures_differ(doc, day1, day2):
    graph = goalgraph.from_dict(doc)
    before, after = score(graph, day1), score(graph, day2)
    changes = diff(before, after)
    listed = {change.id for change in changes}
    for node in before:
        moved = before[node].score != after[node].score or _standing(before[node]) != _standing(after[node])
        assert (node in listed) == moved
    for change in changes:
        if change.delta is not None:
            assert change.delta == change.after - change.before
    keys = [(c.delta is None, -abs(c.delta or 0), c.id) for c in changes]
    assert keys == sorted(keys)
    # Backwards, the same nodes in the same order, sides swapped and deltas negated (exactly: b - a == -(a - b)).
    assert [(c.id, c.before, c.after, c.delta) for c in diff(after, before)] == [
        (c.id, c.after, c.before, None if c.delta is None else -c.delta) for c in changes
    ]


def _standing(result: goalgraph.NodeResult) -> object:
    return result.health if result.kind == NodeKind.KPI else result.status

"""Tidy tables: score and edge records, CSV with formula guards, pandas frames."""

from __future__ import annotations

import csv
import datetime
import io
import math
import sys

import pandas
import pytest
from hypothesis import given

import goalgraph
from goalgraph import Policy, edge_table, score, score_table, table_csv, table_frame
from goalgraph._cli import main
from goalgraph._export.tables import EDGE_COLUMNS, SCORE_COLUMNS  # not (yet) re-exported by goalgraph
from goalgraph.strategies import graphs
from tests import builders
from tests.builders import key_result, objective

DAY = datetime.date(2026, 11, 16)


@pytest.fixture(scope="module")
def example() -> goalgraph.GoalGraph:
    return goalgraph.load_example()


@pytest.fixture(scope="module")
def rows(example: goalgraph.GoalGraph) -> dict[str, dict]:
    return {row["id"]: row for row in score_table(example, DAY)}


def assert_rows_match_results(graph: goalgraph.GoalGraph, table: list[dict], card: goalgraph.Scorecard) -> None:
    """Every row holds its NodeResult's figures and the graph's facts."""
    assert [row["id"] for row in table] == list(card)
    for row in table:
        result = card[row["id"]]
        forecast = result.forecast
        assert list(row) == list(SCORE_COLUMNS)
        assert row["as_of"] == card.as_of
        assert row["kind"] == result.kind
        assert type(row["kind"]) is str
        assert (row["score"], row["progress"], row["expected"]) == (result.score, result.progress, result.expected)
        assert row["current"] == result.value
        assert row["current"] is None or type(row["current"]) is float
        assert (row["status"], row["rolled_status"], row["provenance"]) == (
            result.status,
            result.rolled_status,
            result.provenance,
        )
        assert row["grade"] == result.grade_band
        assert row["forecast_score"] == (None if forecast is None else forecast.score)
        assert row["reaches_target_on"] == (None if forecast is None else forecast.reaches_target_on)
        assert (row["health"], row["stale"]) == (result.health, result.stale)
        if result.kind == "key_result":
            objective = graph.objectives[graph.objective_of(row["id"])]
            assert row["parent"] == objective.id
            assert row["cycle"] == objective.cycle
            assert row["owner"] == (graph.key_results[row["id"]].owner or objective.owner)
        elif result.kind == "objective":
            objective = graph.objectives[row["id"]]
            assert row["parent"] == (objective.aligns_to[0].parent if objective.aligns_to else None)
            assert (row["title"], row["owner"], row["cycle"]) == (objective.title, objective.owner, objective.cycle)
        if row["owner"] is not None:
            assert row["level"] == graph.owners[row["owner"]].level


# -- score_table --------------------------------------------------------------


def test_the_columns_are_exactly_the_documented_ones(rows):
    assert SCORE_COLUMNS == (
        "as_of",
        "id",
        "kind",
        "title",
        "owner",
        "level",
        "cycle",
        "unit",
        "start",
        "target",
        "current",
        "progress",
        "score",
        "expected",
        "status",
        "grade",
        "rolled_status",
        "provenance",
        "forecast_score",
        "reaches_target_on",
        "health",
        "stale",
        "parent",
        "planned",
    )
    assert all(tuple(row) == SCORE_COLUMNS for row in rows.values())


def test_there_is_one_row_per_node_in_the_scorecard_order(example):
    table = score_table(example, DAY)
    assert [row["id"] for row in table] == list(example.iter_nodes())
    assert len(table) == len(example.objectives) + len(example.key_results) + len(example.kpis) == 137


def test_rows_equal_the_node_results_and_the_graph_on_the_example(example):
    for day in ("2026-07-01", "2026-08-15", DAY, "2027-03-01"):
        card = score(example, day)
        assert_rows_match_results(example, score_table(example, day), card)


def test_a_linear_key_result_row(rows):
    row = rows["acme-q3-1-kr1"]
    assert row == {
        "as_of": DAY,
        "id": "acme-q3-1-kr1",
        "kind": "key_result",
        "title": "Grow MRR from $1.52M to $1.65M",
        "owner": "acme",
        "level": "company",
        "cycle": "2026-Q3",
        "unit": "USD",
        "start": 1520000.0,
        "target": 1650000.0,
        "current": 1621000.0,
        "progress": pytest.approx(101 / 130),
        "score": pytest.approx(101 / 130),
        "expected": 0.7,
        "status": "on_track",
        "grade": "green",
        "rolled_status": "on_track",
        "provenance": "computed",
        "forecast_score": None,  # Q3 has ended: its outcome is known, there is no forecast
        "reaches_target_on": None,
        "health": None,
        "stale": None,
        "parent": "acme-q3-1",
        "planned": None,
    }


def test_an_objective_row_has_no_metric_columns_and_its_first_alignment_as_parent(rows):
    row = rows["cs-q3-1"]
    assert (row["kind"], row["owner"], row["level"], row["cycle"]) == (
        "objective",
        "customer-success",
        "department",
        "2026-Q3",
    )
    assert (row["unit"], row["start"], row["target"], row["current"]) == (None, None, None, None)
    assert row["parent"] == "acme-q3-1"  # the first of its two alignments
    assert rows["sales-q3-1"]["parent"] == "acme-q3-1-kr2"  # an objective may sit under a key result
    assert rows["acme-q4-1"]["parent"] is None


def test_a_key_result_without_owner_takes_its_objectives_and_its_level(rows):
    assert (rows["acme-q3-1-kr3"]["owner"], rows["acme-q3-1-kr3"]["level"]) == ("customer-success", "department")
    assert (rows["acme-q3-1-kr1"]["owner"], rows["acme-q3-1-kr1"]["level"]) == ("acme", "company")


def test_start_and_target_by_metric_type(example, rows):
    threshold = example.key_results["acme-q3-2-kr2"].metric
    assert (rows["acme-q3-2-kr2"]["start"], rows["acme-q3-2-kr2"]["target"]) == (None, threshold.at_least)
    for band_steps_rollup_milestone in ("acme-q3-2-kr1", "enterprise-q3-1-kr1", "acme-q3-1-kr2", "mkt-q3-1-kr3"):
        assert (rows[band_steps_rollup_milestone]["start"], rows[band_steps_rollup_milestone]["target"]) == (None, None)


def test_a_milestone_current_value_is_one_or_zero(example, rows):
    card = score(example, DAY)
    assert card["mkt-q3-1-kr3"].value is True
    assert rows["mkt-q3-1-kr3"]["current"] == 1.0
    assert type(rows["mkt-q3-1-kr3"]["current"]) is float
    assert rows["acme-q3-1-kr2"]["current"] is None  # a rollup key result has no value of its own


def test_a_kpi_row_has_its_unit_baseline_target_value_and_health(rows):
    row = rows["mrr"]
    assert (row["kind"], row["title"], row["owner"], row["level"], row["cycle"]) == (
        "kpi",
        "Monthly recurring revenue",
        "acme",
        "company",
        None,
    )
    assert (row["unit"], row["start"], row["target"], row["current"]) == ("USD", 1620000.0, 1800000.0, 1665000.0)
    assert (row["health"], row["stale"], row["parent"]) == ("amber", False, "acme-q4-1")
    assert (rows["nrr"]["start"], rows["support-frt"]["parent"]) == (None, None)


def test_several_dates_give_the_rows_of_each_date_in_the_order_given(example):
    days = ["2026-11-16", datetime.date(2026, 8, 15)]
    table = score_table(example, iter(days))
    size = len(table) // 2
    assert [row["as_of"] for row in table] == [DAY] * size + [datetime.date(2026, 8, 15)] * size
    assert table[:size] == score_table(example, DAY)
    assert table[size:] == score_table(example, "2026-08-15")
    assert score_table(example, []) == []


def test_no_date_is_today(example):
    assert {row["as_of"] for row in score_table(example)} == {datetime.date.today()}


def test_a_policy_and_a_card_are_used(example):
    policy = Policy(missing="zero", status_bands=(0.2, 0.4))
    card = score(example, DAY, policy)
    assert score_table(example, DAY, policy=policy) == score_table(example, card=card)
    assert_rows_match_results(example, score_table(example, card=card), card)
    assert score_table(example, DAY, policy=policy) != score_table(example, DAY)


@pytest.mark.parametrize("extra", [{"as_of": DAY}, {"as_of": [DAY]}, {"policy": Policy()}])
def test_a_card_with_a_date_or_policy_is_refused(example, extra):
    with pytest.raises(TypeError, match="either card= or as_of/policy"):
        score_table(example, card=score(example, DAY), **extra)


def test_a_card_of_another_graph_is_refused(example):
    other = goalgraph.from_dict({"goalgraph": 1})
    with pytest.raises(ValueError, match="not computed from this graph"):
        score_table(example, card=score(other, DAY))
    changed = goalgraph.load_example()
    card = score(changed, DAY)
    changed.remove("support-frt")
    with pytest.raises(ValueError, match="not computed from this graph"):
        score_table(changed, card=card)


@pytest.mark.parametrize(
    ("as_of", "error"),
    [
        ("16/11/2026", ValueError),
        (["2026-11-16", "2026-13-01"], ValueError),
        (datetime.datetime(2026, 1, 1), TypeError),
    ],
)
def test_bad_dates_are_refused(example, as_of, error):
    with pytest.raises(error, match="as_of"):
        score_table(example, as_of)


@given(graphs(max_nodes=15))
def test_rows_equal_the_node_results_on_generated_graphs(graph):
    card = score(graph, "2026-08-15")
    assert_rows_match_results(graph, score_table(graph, "2026-08-15"), card)


def test_the_same_document_gives_the_same_table(example):
    again = goalgraph.loads(goalgraph.dumps(example))
    assert table_csv(score_table(again, DAY)) == table_csv(score_table(example, DAY))
    assert table_csv(edge_table(again)) == table_csv(edge_table(example))


# -- edge_table ---------------------------------------------------------------


def test_edge_rows_golden(example):
    table = edge_table(example)
    assert all(
        tuple(row) == EDGE_COLUMNS == ("child", "parent", "kind", "weight", "normalised_weight") for row in table
    )
    into = [row for row in table if row["parent"] == "acme-q4-1"]
    assert into == [
        {
            "child": "acme-q4-1-kr1",
            "parent": "acme-q4-1",
            "kind": "key_result",
            "weight": 2.0,
            "normalised_weight": 0.4,
        },
        {
            "child": "acme-q4-1-kr2",
            "parent": "acme-q4-1",
            "kind": "key_result",
            "weight": 1.0,
            "normalised_weight": 0.2,
        },
        {
            "child": "acme-q4-1-kr3",
            "parent": "acme-q4-1",
            "kind": "key_result",
            "weight": 1.0,
            "normalised_weight": 0.2,
        },
        {"child": "sales-q4-2", "parent": "acme-q4-1", "kind": "contributes", "weight": 1.0, "normalised_weight": 0.2},
        {"child": "mrr", "parent": "acme-q4-1", "kind": "informs", "weight": None, "normalised_weight": None},
    ]
    supports = [row for row in table if row["child"] == "cs-q4-1"]
    assert [(row["parent"], row["kind"], row["normalised_weight"]) for row in supports] == [
        ("acme-q4-2-kr1", "contributes", 1 / 3),
        ("acme-q4-3-kr3", "supports", None),
    ]


def test_edge_rows_follow_the_graphs_node_order(example):
    order = {node: i for i, node in enumerate(example.iter_nodes())}
    children = [order[row["child"]] for row in edge_table(example)]
    assert children == sorted(children)


def edge_kind(graph: goalgraph.GoalGraph, child: str, data: dict) -> str:
    """The table's kind of a link, from graph.nx's node and edge data."""
    if graph.nx.nodes[child]["kind"] == "kpi":
        return "informs"
    if graph.nx.nodes[child]["kind"] == "key_result":
        return "key_result"
    return str(data["kind"])


def assert_edges_match_graph(graph: goalgraph.GoalGraph) -> None:
    table = edge_table(graph)
    expected = {(c, p): (edge_kind(graph, c, d), d["weight"]) for c, p, d in graph.nx.edges(data=True)}
    assert len(table) == len(expected)
    assert {(r["child"], r["parent"]): (r["kind"], r["weight"]) for r in table} == expected
    shares: dict[str, list[float]] = {}
    for row in table:
        if row["kind"] in ("supports", "informs"):
            assert row["normalised_weight"] is None
        elif row["normalised_weight"] is not None:
            assert 0 <= row["normalised_weight"] <= 1
            shares.setdefault(row["parent"], []).append(row["normalised_weight"])
    for parent, weights in graph_totals(graph).items():
        if weights > 0:
            assert math.fsum(shares[parent]) == pytest.approx(1)
        else:
            assert parent not in shares


def graph_totals(graph: goalgraph.GoalGraph) -> dict[str, float]:
    totals: dict[str, float] = {}
    for node in graph.iter_nodes():
        pairs = graph.contributors(node)
        if pairs:
            totals[node] = math.fsum(weight for _, weight in pairs)
    return totals


def test_edges_match_the_graph_on_the_example(example):
    assert_edges_match_graph(example)


@given(graphs(max_nodes=15))
def test_normalised_weights_sum_to_one_per_parent(graph):
    assert_edges_match_graph(graph)


def test_a_parent_whose_weights_sum_to_zero_has_no_shares():
    graph = builders.graph(objective("O", key_result("K", weight=0)))
    assert edge_table(graph) == [
        {"child": "K", "parent": "O", "kind": "key_result", "weight": 0.0, "normalised_weight": None}
    ]


# -- table_csv ----------------------------------------------------------------


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("=1+1", "'=1+1"),
        ("-x", "'-x"),
        ("+1", "'+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "'-5"),  # text that looks like a number is still text
        ("a\rb\nc\r\nd", "a\rb\nc\r\nd"),  # line breaks inside a cell are quoted, whichever they are
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_text_cells_are_guarded_against_formulas(title, written):
    assert parse(table_csv([{"title": title}])) == [{"title": written}]


def test_numbers_are_never_guarded_and_read_back_exactly():
    text = table_csv([{"a": -5.0, "b": -5, "c": 0.1 + 0.2, "d": 1e-300, "e": -0.0}])
    assert text == "a,b,c,d,e\n-5.0,-5,0.30000000000000004,1e-300,-0.0\n"
    assert [float(cell) for cell in parse(text)[0].values()] == [-5.0, -5, 0.1 + 0.2, 1e-300, -0.0]


def test_dates_none_and_booleans():
    text = table_csv([{"d": DAY, "n": None, "t": True, "f": False, "k": goalgraph.Status.ON_TRACK}])
    assert text == "d,n,t,f,k\n2026-11-16,,true,false,on_track\n"


def test_text_parses_back_to_the_same_text():
    titles = ['Say "hello", world', "two\nlines", "tab\tinside", "ünïcödé ✓", "  spaced  "]
    assert [row["title"] for row in parse(table_csv([{"title": t} for t in titles]))] == titles


def test_columns_choose_and_order_the_cells():
    text = table_csv([{"a": 1, "b": 2, "c": 3}, {"a": 4}], columns=["c", "a"])
    assert text == "c,a\n3,1\n,4\n"


def test_an_empty_table_needs_its_columns():
    assert table_csv([], columns=EDGE_COLUMNS) == "child,parent,kind,weight,normalised_weight\n"
    assert table_csv(iter([]), columns=["=x"]) == "'=x\n"
    with pytest.raises(ValueError, match="needs columns="):
        table_csv([])


def test_a_score_table_as_csv_reads_back_cell_by_cell(example):
    table = score_table(example, DAY)
    text = table_csv(table)
    assert text.endswith("\n")
    assert "\r" not in text
    back = parse(text)
    assert list(back[0]) == list(SCORE_COLUMNS)
    for row, read in zip(table, back, strict=True):
        for column, value in row.items():
            if value is None:
                assert read[column] == ""
            elif isinstance(value, bool):
                assert read[column] == str(value).lower()
            elif isinstance(value, float):
                assert float(read[column]) == value
            elif isinstance(value, datetime.date):
                assert datetime.date.fromisoformat(read[column]) == value
            else:
                assert read[column] == value  # no text in the example starts like a formula


def test_the_cli_writes_the_same_csv(example, tmp_path, capsys):
    path = tmp_path / "acme.json"
    goalgraph.dump(example, path)
    assert main(["score", str(path), "--as-of", "2026-11-16", "--format", "csv"]) == 0
    assert capsys.readouterr().out == table_csv(score_table(example, DAY))
    assert main(["score", str(path), "--format", "csv", "--table", "edges"]) == 0
    assert capsys.readouterr().out == table_csv(edge_table(example))


# -- table_frame --------------------------------------------------------------


def plain(value: object) -> object:
    """A frame cell as the record value it came from."""
    if value is pandas.NA or value is pandas.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pandas.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def test_a_frame_equals_its_records(example):
    table = score_table(example, [DAY, "2026-08-15"])
    frame = table_frame(table)
    assert list(frame.columns) == list(SCORE_COLUMNS)
    assert frame.index.equals(pandas.RangeIndex(len(table)))
    assert [{k: plain(v) for k, v in record.items()} for record in frame.to_dict("records")] == table
    edges = edge_table(example)
    assert [{k: plain(v) for k, v in r.items()} for r in table_frame(edges).to_dict("records")] == edges


def test_goalgraph_columns_have_fixed_dtypes_whatever_the_values(example):
    full = table_frame(score_table(example, DAY)).dtypes.astype(str).to_dict()
    empty = table_frame([], SCORE_COLUMNS).dtypes.astype(str).to_dict()
    assert full == empty
    assert empty["as_of"] == empty["reaches_target_on"] == "datetime64[s]"
    assert empty["stale"] == "boolean"
    assert {empty[c] for c in ("start", "target", "current", "progress", "score", "expected", "forecast_score")} == {
        "float64"
    }
    assert {empty[c] for c in ("id", "kind", "title", "status", "grade", "health", "parent")} == {"string"}
    assert table_frame([], EDGE_COLUMNS).dtypes.astype(str).tolist() == ["string"] * 3 + ["float64"] * 2


def test_a_forecast_date_centuries_ahead_fits_in_a_frame():
    far = [{"as_of": DAY, "reaches_target_on": datetime.date(2283, 4, 24)}, {"as_of": DAY, "reaches_target_on": None}]
    frame = table_frame(far)
    assert [plain(value) for value in frame["reaches_target_on"]] == [datetime.date(2283, 4, 24), None]


def test_other_columns_are_typed_from_their_values():
    frame = table_frame(
        [
            {"n": 1, "s": "a", "b": True, "d": DAY, "mixed": 1, "none": None},
            {"n": 2.5, "s": None, "b": None, "d": None, "mixed": "x", "none": None},
        ]
    )
    assert frame.dtypes.astype(str).to_dict() == {
        "n": "float64",
        "s": "string",
        "b": "boolean",
        "d": "datetime64[s]",
        "mixed": "object",
        "none": "object",
    }
    assert table_frame([]).shape == (0, 0)


def test_table_frame_names_the_pandas_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"table_frame needs pandas: pip install 'goalgraph\[pandas\]'"):
        table_frame([{"a": 1}])


FORMULA_TITLES = [" =1+1", "\u00a0=HYPERLINK(1)", "\u3000+1", "\uff1d1+1", "\uff20SUM(A1)", "\u200b@x", "\t-1", "  -2"]


@pytest.mark.parametrize("title", FORMULA_TITLES)
def test_a_formula_behind_spaces_or_in_fullwidth_is_guarded_in_csv(title):
    # Led by a space, a non-breaking space or a fullwidth sign, these passed the guard.
    (line,) = goalgraph.table_csv([{"title": title}]).splitlines()[1:]
    cell = next(iter(csv.reader([line])))[0]
    assert cell == "'" + title


@pytest.mark.parametrize("title", FORMULA_TITLES)
def test_a_guarded_title_comes_back_exactly_from_the_spreadsheet_export(title):
    graph = goalgraph.load_example()
    objective = next(iter(graph.objectives))
    graph.update(objective, title=title)
    back = goalgraph.read_goals_csv(io.StringIO(goalgraph.goals_csv(graph)))
    assert back.objectives[objective].title == title


# -- owner scorecards as a table ------------------------------------------------------------------------


def test_the_owner_score_table_is_the_scorecards_with_the_owners_facts(example):
    rows = goalgraph.owner_score_table(example, DAY)
    results = goalgraph.owner_scores(example, DAY)
    assert len(rows) == len(results)
    for row, result in zip(rows, results, strict=True):
        assert tuple(row) == goalgraph.OWNER_SCORE_COLUMNS
        owner = example.owners[result.owner]
        assert row["as_of"] == DAY
        assert (row["owner"], row["owner_name"], row["level"], row["cycle"]) == (
            owner.id,
            owner.name,
            owner.level,
            result.cycle,
        )
        assert (row["score"], row["team_score"], row["expected"], row["team_expected"]) == (
            result.score,
            result.team_score,
            result.expected,
            result.team_expected,
        )
        assert (row["objectives"], row["team_objectives"]) == (result.objectives, result.team_objectives)
        assert row["worst_status"] == (None if result.worst_status is None else str(result.worst_status))
        assert {status: row[str(status)] for status in goalgraph.Status} == dict(result.status_counts)


def test_the_owner_score_table_over_several_dates_and_from_a_card(example):
    days = ["2026-10-15", DAY]
    rows = goalgraph.owner_score_table(example, days)
    single = [goalgraph.owner_score_table(example, day) for day in days]
    assert rows == single[0] + single[1]
    card = score(example, DAY)
    assert goalgraph.owner_score_table(example, card=card) == single[1]
    with pytest.raises(TypeError, match="either card= or as_of"):
        goalgraph.owner_score_table(example, DAY, card=card)


def test_the_owner_score_table_as_csv_and_pandas(example):
    rows = goalgraph.owner_score_table(example, DAY)
    text = table_csv(rows)
    read = list(csv.DictReader(io.StringIO(text)))
    assert tuple(read[0]) == goalgraph.OWNER_SCORE_COLUMNS
    assert read[1]["team_objectives"] == str(rows[1]["team_objectives"])
    frame = table_frame(rows)
    dtypes = frame.dtypes.astype(str).to_dict()
    assert dtypes["as_of"] == "datetime64[s]"
    assert dtypes["score"] == dtypes["team_expected"] == "float64"
    assert dtypes["objectives"] == dtypes["on_track"] == dtypes["unscored"] == "Int64"
    assert dtypes["owner"] == dtypes["worst_status"] == "string"
    # An owner with no objective of its own in a cycle has no own score (NaN); counts are never missing.
    assert frame["score"].isna().sum() == sum(r["score"] is None for r in rows)
    assert not frame[[str(s) for s in goalgraph.Status]].isna().any().any()

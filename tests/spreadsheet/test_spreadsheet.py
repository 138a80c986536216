"""The flat one-row-per-goal CSV: import through a column mapping, export, round trips (SPEC §10)."""

from __future__ import annotations

import csv
import datetime
import io
import json

import attrs
import pytest
from hypothesis import given, settings

import goalgraph
from goalgraph import ColumnMap, ValidationError, goals_csv, goals_from_rows, read_goals_csv
from goalgraph._cli import main
from goalgraph._time.timeline import current_checkin
from goalgraph.strategies import graphs
from tests.conftest import DATA

SHEETS = DATA / "spreadsheet"
EXPORT = SHEETS / "okr-tool-export.csv"
EXPORT_MAP = SHEETS / "okr-tool-mapping.yaml"
HEADER = "id,parent,title,owner,level,period,start,target,current,date,unit,weight\n"
OBJECTIVE = "O1,,Grow,acme,company,2026-Q3,,,,,,\n"


def read(text: str, mapping: ColumnMap | None = None) -> goalgraph.GoalGraph:
    return read_goals_csv(io.StringIO(text), mapping)


def problems(text: str, mapping: ColumnMap | None = None) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        read(text, mapping)
    return [(p.code, p.path) for p in info.value.problems]


def latest(graph: goalgraph.GoalGraph, kr: goalgraph.KeyResult) -> tuple[datetime.date, object] | None:
    """The latest value of a key result: its own check-ins, or its KPI's measurements."""
    history = kr.checkins if kr.metric.kpi is None else graph.kpis[kr.metric.kpi].measurements
    found = current_checkin(history, datetime.date.max)
    return None if found is None else (found.date, found.value)


def assert_round_trip(graph: goalgraph.GoalGraph) -> goalgraph.GoalGraph:
    """Export and import again; everything the format holds comes back equal."""
    text = goals_csv(graph)
    again = read(text)
    assert list(again.objectives) == list(graph.objectives)
    assert list(again.key_results) == list(graph.key_results)
    for objective in graph.objectives.values():
        # aligns_to holds the parents, their weights and contributes flags.
        assert again.objectives[objective.id] == attrs.evolve(objective, extra={}, ignore=())
    for kr in graph.key_results.values():
        back = again.key_results[kr.id]
        assert again.objective_of(kr.id) == graph.objective_of(kr.id)
        assert back.metric == attrs.evolve(kr.metric, kpi=None)
        assert (back.id, back.title, back.weight, back.owner, back.score_override) == (
            kr.id,
            kr.title,
            kr.weight,
            kr.owner,
            kr.score_override,
        )
        assert len(back.checkins) == (latest(graph, kr) is not None)
        if kr.metric.accumulate and back.checkins:
            # Increments: the row holds those of the cycle added up, as one on the latest date.
            day = back.checkins[0].date
            assert day == latest(graph, kr)[0]
            assert goalgraph.score(again, day)[kr.id].value == pytest.approx(goalgraph.score(graph, day)[kr.id].value)
        else:
            assert latest(again, back) == latest(graph, kr)
    used = {o.owner for o in graph.objectives.values()} | {kr.owner for kr in graph.key_results.values()}
    assert dict(again.owners) == {
        id: goalgraph.Owner(id, owner.level) for id, owner in graph.owners.items() if id in used
    }
    used_cycles = {o.cycle for o in graph.objectives.values()}
    assert dict(again.cycles) == {
        id: attrs.evolve(cycle, name=None, extra={}) for id, cycle in graph.cycles.items() if id in used_cycles
    }
    assert goals_csv(again) == text, "a second export gives the same bytes"
    return again


# -- round trips ---------------------------------------------------------------


def test_the_bundled_example_survives_a_round_trip():
    example = goalgraph.load_example()
    again = assert_round_trip(example)
    # Scores are the same, except where a key result read a KPI: it now holds
    # the KPI's latest measurement as its one check-in.
    before, after = goalgraph.score(example, as_of="2026-11-16"), goalgraph.score(again, as_of="2026-11-16")
    assert after["acme-q3-1"].score == pytest.approx(before["acme-q3-1"].score)
    assert after["sales-q3-1"].score == pytest.approx(before["sales-q3-1"].score)


def test_the_export_of_the_example_is_stable():
    text = goals_csv(goalgraph.load_example())
    assert text == goals_csv(goalgraph.load_example())
    assert "\r" not in text
    lines = text.splitlines()
    assert lines[0].split(",") == list(goalgraph._spreadsheet.FIELDS)
    assert len(lines) == 1 + 36 + len(goalgraph.load_example().key_results)
    assert lines[4] == (
        "acme-q3-1-kr3,key_result,acme-q3-1,Raise NPS from 36 to 42,customer-success,department,"
        ",,,,,36,42,points,39,2026-09-30,,,,,,"
    )


def test_supports_only_links_and_weights_are_written_per_parent():
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(goals_csv(goalgraph.load_example()), newline=""))}
    assert rows["cs-q4-1"]["parent"].count(";") == 1
    assert "false" in rows["cs-q4-1"]["contributes"].split(";")
    assert rows["cs-q3-1"]["weight"] == "2;1"


@settings(max_examples=60, deadline=None)
@given(graphs(max_nodes=12))
def test_generated_graphs_survive_a_round_trip(graph):
    assert_round_trip(graph)


def test_hostile_titles_are_guarded_on_export_and_restored_on_import():
    titles = [
        '=HYPERLINK("http://x")',
        "+1",
        "-x",
        "@SUM(A1)",
        "\tTab",
        "\rCR",
        "'=already guarded",
        "''+two",
        "'plain",
    ]
    graph = goalgraph.from_dict(
        {
            "goalgraph": 1,
            "cycles": [{"id": "Q", "start": "2026-01-01", "end": "2026-03-31"}],
            "owners": [{"id": "o", "level": "company"}],
            "objectives": [
                {
                    "id": "O",
                    "title": "Goal",
                    "owner": "o",
                    "cycle": "Q",
                    "key_results": [
                        {"id": f"K{i}", "title": t, "metric": {"type": "linear", "start": -5, "target": -1}}
                        for i, t in enumerate(titles)
                    ],
                }
            ],
        }
    )
    text = goals_csv(graph)
    cells = [row[3] for row in csv.reader(io.StringIO(text, newline=""))][2:]
    assert cells[:6] == ["'" + t for t in titles[:6]]
    assert cells[6:] == ["''=already guarded", "'''+two", "'plain"]
    assert ",-5,-1," in text, "numbers are not guarded"
    assert [kr.title for kr in read(text).key_results.values()] == titles


def test_formula_looking_cells_are_kept_as_text_on_import():
    graph = read(HEADER + 'O1,,"=1+2",acme,company,2026-Q3,,,,,,\n')
    assert graph.objectives["O1"].title == "=1+2"


# -- another tool's export -----------------------------------------------------


def test_another_tools_export_is_read_through_a_yaml_mapping_and_scored():
    graph = read_goals_csv(EXPORT, ColumnMap.from_file(EXPORT_MAP))
    assert list(graph.objectives) == ["G-100", "G-200", "G-300"]
    assert [kr.id for kr in graph.key_results_of("G-100")] == ["G-101", "G-102"]
    assert graph.cycles["Q3 2026"] == goalgraph.Cycle("Q3 2026", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert graph.owners["Sales"].level == "team"  # "Team" in the file
    assert graph.key_results["G-101"].metric == goalgraph.LinearMetric(start=14_000_000, target=17_000_000, unit="USD")
    assert graph.key_results["G-101"].checkins == (goalgraph.Checkin(datetime.date(2026, 9, 30), 16_100_000),)
    assert graph.objectives["G-300"].aligns_to == (goalgraph.Alignment("G-100"), goalgraph.Alignment("G-200", 0.5))
    card = goalgraph.score(graph, as_of="2026-09-30")
    assert card["G-101"].score == pytest.approx(0.7)
    assert card["G-200"].score == pytest.approx((0.6 + 8 / 17 * 9 / 8 + 0.55 * 0.5) / 2.5)
    assert card["G-100"].score == pytest.approx((2 * 0.7 + 0.5 + 2 * card["G-200"].score + 0.55) / 6)


def test_dataframe_records_give_the_same_graph_as_the_file():
    pandas = pytest.importorskip("pandas")
    mapping = ColumnMap.from_file(EXPORT_MAP)
    records = pandas.read_csv(EXPORT).to_dict("records")
    assert isinstance(records[0]["Parent Goal ID"], float)  # NaN: pandas' empty cell
    from_frame = goals_from_rows(records, mapping)
    assert goalgraph.dumps(from_frame) == goalgraph.dumps(read_goals_csv(EXPORT, mapping))


def test_cells_from_pandas_are_read_by_type():
    rows = [
        {"id": 1.0, "parent": float("nan"), "title": "Grow", "owner": "acme", "level": "company", "period": 2026},
        {"id": 2, "parent": 1, "title": "Sell", "target": 35.0, "current": 21, "date": datetime.date(2026, 8, 31)},
        {"id": "3", "parent": "1", "title": "Ship", "metric": "milestone", "current": True, "date": "2026-09-01"},
    ]
    graph = goals_from_rows(rows)
    assert list(graph.objectives) == ["1"]
    assert list(graph.key_results) == ["2", "3"]
    assert graph.cycles["2026"].end == datetime.date(2026, 12, 31)
    assert graph.key_results["2"].checkins[0].value == 21
    assert graph.key_results["3"].checkins[0].value is True


def test_bad_dataframe_cells_are_reported_by_row():
    rows = [
        {"id": "O1", "title": "Grow", "owner": "acme", "level": "company", "period": "2026-Q3"},
        {"id": "K1", "parent": "O1", "title": "Sell", "target": float("inf")},
        {"id": "K2", "parent": "O1", "title": "Sell", "target": 10, "current": True, "date": "2026-08-01"},
    ]
    with pytest.raises(ValidationError) as info:
        goals_from_rows(rows)
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("GG013", "row 3, column 'target'"),
        ("GG012", "row 4, column 'current'"),
    ]


# -- the inference rules and the cells ---------------------------------------------


def test_rows_without_a_type_are_told_apart_by_their_target():
    graph = read(HEADER + OBJECTIVE + "O2,O1,Help,acme,company,2026-Q3,,,,,,2\nK1,O2,Sell,,,,,10,,,deals,3\n")
    assert graph.objectives["O2"].aligns_to == (goalgraph.Alignment("O1", weight=2),)
    kr = graph.key_results["K1"]
    assert (kr.weight, kr.metric, kr.owner) == (3, goalgraph.LinearMetric(start=0, target=10, unit="deals"), None)


def test_a_type_column_with_synonyms_and_milestones():
    text = "ID,Type,Parent,Name,Owner,Level,Quarter,Current,Updated\n"
    text += "O1,Objective,,Grow,acme,Company,2026-Q3,,\n"
    text += "K1,Task,O1,Launch,,,,done,2026-08-01\n"
    text += "K2,milestone,O1,Announce,,,,No,2026-08-02\n"
    mapping = ColumnMap.from_dict(
        {
            "columns": {"id": "ID", "type": "Type", "parent": "Parent", "title": "Name", "owner": "Owner"}
            | {"level": "Level", "period": "Quarter", "current": "Current", "date": "Updated"},
            "types": {"task": "milestone"},
        }
    )
    graph = read(text, mapping)
    assert graph.key_results["K1"].metric == goalgraph.MilestoneMetric()
    assert [graph.key_results[k].checkins[0].value for k in ("K1", "K2")] == [True, False]


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2026-Q3", "2026-07-01", "2026-09-30"),
        ("Q1 2026", "2026-01-01", "2026-03-31"),
        ("q4-2026", "2026-10-01", "2026-12-31"),
        ("2026 Q2", "2026-04-01", "2026-06-30"),
        ("2026-H2", "2026-07-01", "2026-12-31"),
        ("H1 2026", "2026-01-01", "2026-06-30"),
        ("2026", "2026-01-01", "2026-12-31"),
        ("2028-02", "2028-02-01", "2028-02-29"),
    ],
)
def test_common_period_forms_give_their_dates(period, start, end):
    cycle = read(HEADER + OBJECTIVE.replace("2026-Q3", period)).cycles[period]
    assert (cycle.start.isoformat(), cycle.end.isoformat()) == (start, end)


def test_period_dates_come_from_the_mapping_or_the_cells():
    mapping = ColumnMap(cycles={"FY27 Q1": (datetime.date(2026, 8, 1), datetime.date(2026, 10, 31))})
    assert read(HEADER + OBJECTIVE.replace("2026-Q3", "FY27 Q1"), mapping).cycles["FY27 Q1"].start.month == 8
    text = "id,title,owner,level,period,period_start,period_end\nO1,Grow,acme,company,Sprint 7,2026-07-06,2026-07-19\n"
    assert read(text).cycles["Sprint 7"].end == datetime.date(2026, 7, 19)


@pytest.mark.parametrize(
    ("options", "cell", "number"),
    [
        ({}, "1234.5", 1234.5),
        ({}, "-12", -12),
        ({}, ".5", 0.5),
        ({"thousands": ","}, "1,234,567", 1234567),
        ({"decimal": ",", "thousands": "."}, "1.234,5", 1234.5),
        ({"decimal": ","}, "0,25", 0.25),
        ({"thousands": " "}, " 12 000 ", 12000),
    ],
)
def test_numbers_are_read_as_the_mapping_says(options, cell, number):
    graph = read(HEADER + OBJECTIVE + f'K1,O1,Sell,,,,0,"{cell}",,,,\n', ColumnMap(**options))
    target = graph.key_results["K1"].metric.target
    assert target == number
    assert type(target) is type(number)


def test_checkin_date_from_the_mapping_dates_every_current_value():
    graph = read(HEADER + OBJECTIVE + "K1,O1,Sell,,,,0,10,4,,,\n", ColumnMap(checkin_date=datetime.date(2026, 9, 1)))
    assert graph.key_results["K1"].checkins == (goalgraph.Checkin(datetime.date(2026, 9, 1), 4),)


def test_json_metrics_are_read_and_checked_by_the_loader():
    text = HEADER.replace("unit", "metric") + OBJECTIVE
    text += 'K1,O1,Uptime,,,,,,99.95,2026-08-01,"{""type"": ""threshold"", ""at_least"": 99.9}",\n'
    assert read(text).key_results["K1"].metric == goalgraph.ThresholdMetric(at_least=99.9)
    bad = text.replace("99.9}", '99.9, ""strict"": 3}')
    assert problems(bad) == [("GG012", "row 3, column 'metric'")]


def test_unknown_columns_are_ignored_unless_strict():
    text = HEADER.replace("weight", "Notes") + OBJECTIVE
    assert list(read(text).objectives) == ["O1"]
    assert problems(text, ColumnMap(strict=True)) == [("GG010", "row 1, column 'Notes'")]


def test_blank_rows_and_a_byte_order_mark_are_skipped():
    graph = read("\ufeff" + HEADER + "\n,,,,,,,,,,,\n" + OBJECTIVE + ",,,,,,,,,,,\n")
    assert list(graph.objectives) == ["O1"]


# -- bad input, every problem by row and column ----------------------------------------

KR = "K1,O1,Sell,,,,0,{target},5,2026-08-01,,\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(KR.format(target="ten"), [("GG012", "row 3, column 'target'")], id="bad number"),
        pytest.param(KR.format(target='"1,000"'), [("GG012", "row 3, column 'target'")], id="1,000"),
        pytest.param(KR.format(target="NaN"), [("GG013", "row 3, column 'target'")], id="NaN"),
        pytest.param(KR.format(target="yes"), [("GG012", "row 3, column 'target'")], id="bool in a number"),
        pytest.param(KR.format(target="45%"), [("GG012", "row 3, column 'target'")], id="percent"),
        pytest.param(",O1,Sell,,,,0,10,5,2026-08-01,,\n", [("GG011", "row 3, column 'id'")], id="missing id"),
        pytest.param(OBJECTIVE, [("GG016", "row 3, column 'id'")], id="duplicate id"),
        pytest.param(
            "K1,O9,Sell,,,,0,10,5,2026-08-01,,\n", [("GG101", "row 3, column 'parent'")], id="unknown KR parent"
        ),
        pytest.param(
            "O2,O9,Help,acme,company,2026-Q3,,,,,,\n", [("GG101", "row 3, column 'parent'")], id="unknown parent"
        ),
        pytest.param(
            "O2,,Two,acme,company,2026-Q3,,,,,,\nK1,O1;O2,Sell,,,,0,10,5,2026-08-01,,\n",
            [("GG040", "row 4, column 'parent'")],
            id="KR with two parents",
        ),
        pytest.param(
            "K1,,Sell,,,,0,10,5,2026-08-01,,\n", [("GG011", "row 3, column 'parent'")], id="KR without parent"
        ),
        pytest.param(
            "K1,O1,Sell,,,,0,10,5,2026-08-01,,\nK2,K1,Sub,,,,0,10,5,2026-08-01,,\n",
            [("GG101", "row 4, column 'parent'")],
            id="KR under a KR",
        ),
        pytest.param(
            "O2,,Two,acme,company,Summer 26,,,,,,\n", [("GG012", "row 3, column 'period'")], id="unknown period"
        ),
        pytest.param("K1,O1,Sell,,,,0,10,5,,,\n", [("GG011", "row 3, column 'date'")], id="current without date"),
        pytest.param("K1,O1,Sell,,,,0,10,5,31/08/2026,,\n", [("GG012", "row 3, column 'date'")], id="bad date"),
        pytest.param(
            "O2,O1,Two,acme,team,2026-Q3,,,,,,\n", [("GG016", "row 3, column 'level'")], id="owner with two levels"
        ),
        pytest.param("O2,O1,Two,bob,galaxy,2026-Q3,,,,,,\n", [("GG029", "row 3, column 'level'")], id="wrong level"),
        pytest.param("O2,O1,Two,bob,,2026-Q3,,,,,,\n", [("GG011", "row 3, column 'level'")], id="owner without level"),
        pytest.param(
            "O2,O3,Two,acme,company,2026-Q3,,,,,,\nO3,O2,Three,acme,company,2026-Q3,,,,,,\n",
            [("GG030", "row 3, column 'parent'")],
            id="cycle",
        ),
        pytest.param("K1,O1,Sell,,,,10,10,5,2026-08-01,,\n", [("GG020", "row 3, column 'target'")], id="target=start"),
        pytest.param("O2,O1,Two,acme,company,2026-Q3,,,,,,1;2\n", [("GG040", "row 3, column 'weight'")], id="weights"),
        pytest.param("O2,O1,Two,acme,company,2026-Q3,,,,,,-1\n", [("GG015", "row 3, column 'weight'")], id="weight<0"),
        pytest.param(
            "O2,,Two,acme,company,2026-Q3,,,,,USD,\n", [("GG040", "row 3, column 'unit'")], id="unit on an objective"
        ),
        pytest.param("K1,O1,Sell,,,,0,,5,2026-08-01,,\n", [("GG011", "row 3, column 'target'")], id="no target"),
        pytest.param("O2,,Two,,,2026-Q3,,,,,,\n", [("GG011", "row 3, column 'owner'")], id="objective no owner"),
        pytest.param("O2,,Two,acme,company,,,,,,,\n", [("GG011", "row 3, column 'period'")], id="objective no period"),
        pytest.param(
            "K1,O1,Sell,,,,0,10,5,2026-08-01,,,surplus\n", [("GG040", "row 3")], id="more cells than the header"
        ),
    ],
)
def test_bad_rows_are_reported_with_their_row_and_column(body, expected):
    assert problems(HEADER + OBJECTIVE + body) == expected


def test_a_period_that_ends_before_it_starts_is_reported_at_its_end_cell():
    text = "id,title,owner,level,period,period_start,period_end\nO1,Grow,acme,company,S7,2026-07-19,2026-07-06\n"
    assert problems(text) == [("GG017", "row 2, column 'period_end'")]


def test_a_period_given_two_date_ranges_is_refused():
    text = "id,title,owner,level,period,period_start,period_end\n"
    text += "O1,Grow,acme,company,S7,2026-07-06,2026-07-19\nO2,Sell,acme,company,S7,2026-07-06,2026-07-20\n"
    assert problems(text) == [("GG016", "row 3, column 'period_start'")]


def test_every_bad_row_is_reported_at_once_in_row_order():
    body = KR.format(target="ten") + "K2,O9,Sell,,,,0,10,5,2026-08-01,,\n" + "O2,O1,Two,acme,team,2026-Q3,,,,,,\n"
    with pytest.raises(ValidationError) as info:
        read(HEADER + OBJECTIVE + OBJECTIVE + body)
    assert [p.path for p in info.value.problems] == [
        "row 3, column 'id'",
        "row 4, column 'target'",
        "row 5, column 'parent'",
        "row 6, column 'level'",
    ]
    assert "already used at row 2" in info.value.problems[0].message
    assert str(info.value).startswith("4 problems in <stream>:\n  row 3, column 'id': the id 'O1'")


def test_a_mapping_naming_a_missing_column_lists_the_header():
    with pytest.raises(ValidationError) as info:
        read(HEADER + OBJECTIVE, ColumnMap(columns={"title": "Titel"}))
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("GG011", "row 1")
    assert "'Titel'" in problem.message
    assert "the header has: 'id', 'parent', 'title'" in problem.hint
    assert "did you mean 'title'?" in problem.hint


def test_a_file_without_an_id_column_is_refused():
    assert problems(HEADER.replace("id,", "key,") + OBJECTIVE) == [("GG011", "row 1")]


def test_a_header_naming_a_column_twice_is_refused():
    assert problems(HEADER.replace("weight", "title") + OBJECTIVE) == [("GG007", "row 1, column 'title'")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"colums": {}}, [("GG010", "/colums")]),
        ({"title": "Name"}, [("GG010", "/title")]),
        ({"columns": {"titel": "Name"}}, [("GG010", "/columns/titel")]),
        ({"columns": {"id": None}}, [("GG011", "/columns/id")]),
        ({"types": {"KR": "keyresult"}}, [("GG014", "/types/KR")]),
        ({"decimal": ",", "thousands": ","}, [("GG014", "/thousands")]),
        ({"cycles": {"S7": {"start": "2026-07-19", "end": "2026-07-06"}}}, [("GG017", "/cycles/S7/end")]),
        (
            {"cycles": {"S7": {"start": "2026-07-19", "ende": "2026-07-06"}}},
            [("GG010", "/cycles/S7/ende"), ("GG011", "/cycles/S7/end")],
        ),
        ({"date_format": "%d"}, [("GG014", "/date_format")]),
        ({"strict": "yes"}, [("GG012", "/strict")]),
        ({"levels": ["org", "org"]}, [("GG016", "/levels")]),
    ],
)
def test_bad_mappings_are_refused_with_a_path_into_the_mapping(data, expected):
    with pytest.raises(ValidationError) as info:
        ColumnMap.from_dict(data)
    assert [
        (p.code, p.path[: len(path)]) for p, (_, path) in zip(info.value.problems, expected, strict=True)
    ] == expected


def test_an_unknown_mapping_key_gets_a_did_you_mean_hint():
    with pytest.raises(ValidationError) as info:
        ColumnMap.from_dict({"thousand": ","})
    assert info.value.problems[0].hint.endswith("(did you mean 'thousands'?)")


def test_mapping_files_in_yaml_json_and_toml_are_the_same(tmp_path):
    (tmp_path / "m.json").write_text('{"columns": {"title": "Name", "level": null}, "thousands": ","}')
    (tmp_path / "m.toml").write_text('thousands = ","\n[columns]\ntitle = "Name"\nlevel = ""\n')
    (tmp_path / "m.yaml").write_text("columns: {title: Name, level: null}\nthousands: ','\n")
    made = [ColumnMap.from_file(tmp_path / name) for name in ("m.json", "m.toml", "m.yaml")]
    assert [(m.column("title"), m.column("level"), m.thousands) for m in made] == [("Name", None, ",")] * 3


def test_a_bad_mapping_file_is_named_in_the_error(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text("columns: {title: Name}\ncolumns: {id: Key}\n")
    with pytest.raises(ValidationError, match=r"mapping\.yaml") as info:
        ColumnMap.from_file(path)
    assert info.value.problems[0].code == "GG007"
    with pytest.raises(ValidationError, match="cannot tell the format"):
        ColumnMap.from_file(tmp_path / "mapping.txt")


# -- the command line ------------------------------------------------------------


def test_import_csv_writes_a_document_that_loads_back_equal(tmp_path):
    out = tmp_path / "okrs.yaml"
    assert main(["import-csv", str(EXPORT), "--map", str(EXPORT_MAP), "-o", str(out)]) == 0
    loaded = goalgraph.load(out)
    assert goalgraph.dumps(loaded) == goalgraph.dumps(read_goals_csv(EXPORT, ColumnMap.from_file(EXPORT_MAP)))


def test_import_csv_prints_json_without_an_output_file(capsys, tmp_path):
    path = tmp_path / "goals.csv"
    path.write_text(goals_csv(goalgraph.load_example()), encoding="utf-8")
    assert main(["import-csv", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["objectives"]) == 36


def test_import_csv_reports_a_bad_file_by_row_without_a_traceback(capsys, tmp_path):
    path = tmp_path / "goals.csv"
    path.write_text(HEADER + OBJECTIVE + KR.format(target='"1,000"'), encoding="utf-8")
    assert main(["import-csv", str(path)]) == 2
    err = capsys.readouterr().err
    assert "goals.csv" in err
    assert "row 3, column 'target'" in err
    assert "1,000" in err
    assert "Traceback" not in err


def test_every_mapping_option_reads_the_full_example():
    mapping = ColumnMap.from_file(SHEETS / "full-mapping.yaml")
    assert (mapping.delimiter, mapping.parent_separator, mapping.strict) == (";", "|", True)
    graph = read_goals_csv(SHEETS / "full-export.csv", mapping)
    assert graph.levels == ("company", "tribe", "squad", "individual")
    assert graph.owners["Localisation"].level == "squad"
    assert graph.objectives["G-1"].kind == "committed"
    assert graph.objectives["G-1"].description == "Board goal for the autumn"
    assert graph.key_results["G-1.1"].checkins == (goalgraph.Checkin(datetime.date(2026, 10, 15), 4_150_000),)
    assert graph.key_results["G-1.2"].checkins == (goalgraph.Checkin(datetime.date(2026, 10, 31), 1.4),)
    assert graph.key_results["G-2.1"].metric == goalgraph.MilestoneMetric()
    assert graph.objectives["G-2"].aligns_to == (
        goalgraph.Alignment("G-1"),
        goalgraph.Alignment("G-3", weight=0.5, contributes=False),
    )
    assert goalgraph.score(graph, as_of="2026-10-31")["G-1"].score == pytest.approx((2 * 0.5 + 1 + 1) / 4)


def test_a_key_result_in_another_period_than_its_objective_is_refused():
    body = "K1,O1,Sell,,,2026-Q4,0,10,5,2026-08-01,,\n"
    assert problems(HEADER + OBJECTIVE + body) == [("GG040", "row 3, column 'period'")]
    same = body.replace("2026-Q4", "2026-Q3")
    assert list(read(HEADER + OBJECTIVE + same).key_results) == ["K1"]


def test_a_binary_stream_that_is_not_utf8_is_refused_not_a_crash():
    # It raised UnicodeDecodeError before the spreadsheet reader shared the document reader's source handling.
    with pytest.raises(goalgraph.ValidationError) as info:
        goalgraph.read_goals_csv(io.BytesIO(b"id,title\n\xff,x\n"))  # type: ignore[arg-type]
    assert [(p.code, p.path) for p in info.value.problems] == [("GG001", "")]
    assert "not UTF-8" in str(info.value)


@pytest.mark.parametrize(
    ("levels", "path"),
    [(["company", 5], "/levels/1"), (["company", ["team"]], "/levels/1"), (["team", "team"], "/levels")],
)
def test_a_mapping_s_bad_levels_are_located_once_under_levels(levels, path):
    # The path read /levels/levels/1, and a nested list escaped as TypeError (unhashable).
    with pytest.raises(goalgraph.ValidationError) as info:
        goalgraph.ColumnMap(levels=levels)
    assert [p.path for p in info.value.problems] == [path]


def test_a_spreadsheet_date_in_the_default_format_is_read_as_documents_read_dates():
    # strptime("%Y-%m-%d") took 2026-8-1, which a document refuses: one ISO reader for both now.
    rows = "id,parent,title,owner,level,period,start,target,current,date\n"
    rows += "O1,,Grow,Acme,company,2026-Q3,,,,\nKR1,O1,Customers,Acme,company,2026-Q3,0,10,5,DATE\n"
    assert goalgraph.read_goals_csv(io.StringIO(rows.replace("DATE", "2026-08-01"))).key_results["KR1"].checkins
    with pytest.raises(goalgraph.ValidationError) as info:
        goalgraph.read_goals_csv(io.StringIO(rows.replace("DATE", "2026-8-1")))
    assert [p.path for p in info.value.problems] == ["row 3, column 'date'"]

"""Documents (SPEC §8): loading JSON and YAML, dumping, and the lossless round trip.

The refusals of bad documents are in ``test_refusals.py``.
"""

from __future__ import annotations

import datetime
import io
import json
import pathlib
import sys
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import goalgraph
from goalgraph import Alignment, GoalGraph
from goalgraph._model.fields import DOCUMENT, PARTS
from goalgraph.strategies import graphs

DATA = pathlib.Path(__file__).parents[1] / "data"
SPEC_YAML = (DATA / "spec_example.yaml").read_text(encoding="utf-8")
# The same document as plain data read by PyYAML (dates as date objects),
# and as JSON (dates as ISO strings).
SPEC_DATA: dict[str, Any] = yaml.safe_load(SPEC_YAML)
SPEC_JSON = json.dumps(SPEC_DATA, default=str, indent=2)


def test_the_spec_example_loads_as_written(spec_example):
    g = spec_example
    assert list(g.cycles) == ["2026-Q3"]
    assert g.cycles["2026-Q3"].start == datetime.date(2026, 7, 1)
    assert g.cycles["2026-Q3"].end == datetime.date(2026, 9, 30)
    assert g.owners["marketing"].parent == "acme"
    assert list(g.objectives) == ["O1", "O2"]
    assert g.objectives["O1"].kind == "aspirational"
    assert [kr.id for kr in g.key_results_of("O1")] == ["O1-KR1", "O1-KR2"]
    assert g.key_results["O1-KR2"].weight == 2
    assert g.key_results["O1-KR1"].weight == 1
    assert g.key_results["O1-KR2"].metric.unit == "customers"
    assert [c.value for c in g.key_results["O1-KR2"].checkins] == [120, 430]
    assert g.key_results["O1-KR1"].checkins[0].value is True
    assert g.objectives["O2"].aligns_to == (Alignment("O1", weight=1),)
    assert g.key_results["O2-KR1"].metric.kpi == "traffic"
    assert g.kpis["traffic"].supports == ("O2",)
    assert g.kpis["traffic"].measurements[-1].value == 49000


def test_the_spec_example_as_json_loads_equally(spec_example):
    assert goalgraph.loads(SPEC_JSON, "json").to_dict() == spec_example.to_dict()


@pytest.mark.parametrize(("text", "kind"), [(SPEC_JSON, "json"), (SPEC_YAML, "yaml")])
def test_loads_detects_json_and_yaml_without_being_told(text, kind, spec_example):
    assert goalgraph.loads(text).to_dict() == spec_example.to_dict()


def test_loads_detects_json_after_leading_whitespace(spec_example):
    assert goalgraph.loads("\n\t  " + SPEC_JSON).to_dict() == spec_example.to_dict()


def test_loads_accepts_utf8_bytes(spec_example):
    assert goalgraph.loads(SPEC_YAML.encode("utf-8")).to_dict() == spec_example.to_dict()


@pytest.mark.parametrize(("suffix", "text"), [(".json", SPEC_JSON), (".yaml", SPEC_YAML), (".yml", SPEC_YAML)])
def test_load_reads_a_path_by_its_suffix(suffix, text, tmp_path, spec_example):
    path = tmp_path / f"okrs{suffix}"
    path.write_text(text, encoding="utf-8")
    assert goalgraph.load(path).to_dict() == spec_example.to_dict()
    assert goalgraph.load(str(path)).to_dict() == spec_example.to_dict()


def test_load_detects_the_format_of_a_path_with_another_suffix(tmp_path, spec_example):
    path = tmp_path / "okrs.txt"
    path.write_text(SPEC_JSON, encoding="utf-8")
    assert goalgraph.load(path).to_dict() == spec_example.to_dict()


@pytest.mark.parametrize(("text", "format"), [(SPEC_JSON, "json"), (SPEC_YAML, "yaml")])
def test_load_reads_a_text_file_object(text, format, tmp_path, spec_example):
    assert goalgraph.load(io.StringIO(text)).to_dict() == spec_example.to_dict()
    path = tmp_path / "okrs.data"
    path.write_text(text, encoding="utf-8")
    with path.open(encoding="utf-8") as handle:
        assert goalgraph.load(handle, format=format).to_dict() == spec_example.to_dict()


@pytest.mark.parametrize("text", [SPEC_JSON, SPEC_YAML], ids=["json", "yaml"])
def test_load_reads_a_binary_file_object(text, tmp_path, spec_example):
    assert goalgraph.load(io.BytesIO(text.encode("utf-8"))).to_dict() == spec_example.to_dict()
    path = tmp_path / "okrs.data"
    path.write_bytes(text.encode("utf-8"))
    with path.open("rb") as handle:
        assert goalgraph.load(handle).to_dict() == spec_example.to_dict()


def test_load_accepts_a_utf8_byte_order_mark(tmp_path, spec_example):
    path = tmp_path / "okrs.json"
    path.write_bytes(b"\xef\xbb\xbf" + SPEC_JSON.encode("utf-8"))
    assert goalgraph.load(path).to_dict() == spec_example.to_dict()


@pytest.mark.parametrize("format", ["json", "yaml"])
@pytest.mark.parametrize("which", ["spec example", "bundled example"])
def test_dumps_then_loads_gives_the_same_graph_and_the_same_text(format, which, spec_example):
    graph = spec_example if which == "spec example" else goalgraph.load_example()
    text = goalgraph.dumps(graph, format)
    again = goalgraph.loads(text, format)
    assert again.to_dict() == graph.to_dict()
    assert goalgraph.dumps(again, format) == text


@given(graph=graphs(max_nodes=10), format=st.sampled_from(["json", "yaml"]))
def test_any_valid_graph_survives_dumps_and_loads(graph, format):
    text = goalgraph.dumps(graph, format)
    again = goalgraph.loads(text, format)
    assert again.to_dict() == graph.to_dict()
    assert goalgraph.dumps(again, format) == text


def test_dumps_is_byte_identical_for_the_same_graph(spec_example):
    assert goalgraph.dumps(spec_example) == goalgraph.dumps(goalgraph.loads(SPEC_YAML))


def test_dumps_writes_json_that_any_json_reader_reads(spec_example):
    data = json.loads(goalgraph.dumps(spec_example))
    assert data["goalgraph"] == 1
    assert data["cycles"][0] == {"id": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30"}


def test_to_dict_round_trips_through_from_dict(spec_example):
    assert goalgraph.from_dict(spec_example.to_dict()).to_dict() == spec_example.to_dict()


def test_an_empty_graph_dumps_as_just_the_version():
    assert json.loads(goalgraph.dumps(GoalGraph())) == {"goalgraph": 1}
    assert goalgraph.loads(goalgraph.dumps(GoalGraph())).to_dict() == {"goalgraph": 1}


@pytest.mark.parametrize(("name", "format"), [("out.json", "json"), ("out.yaml", "yaml"), ("out.yml", "yaml")])
def test_dump_writes_only_the_path_given_in_the_format_of_its_suffix(name, format, tmp_path, spec_example):
    target = tmp_path / name
    goalgraph.dump(spec_example, target)
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert target.read_text(encoding="utf-8") == goalgraph.dumps(spec_example, format)


def test_dump_writes_json_to_a_text_file_object(spec_example):
    out = io.StringIO()
    goalgraph.dump(spec_example, out)
    assert out.getvalue() == goalgraph.dumps(spec_example)


def test_dump_then_load_by_path_gives_the_same_graph(tmp_path, spec_example):
    path = tmp_path / "okrs.yaml"
    goalgraph.dump(spec_example, path)
    assert goalgraph.load(path).to_dict() == spec_example.to_dict()


def test_a_bare_string_in_aligns_to_is_short_for_a_link_with_that_id(spec_example):
    data = json.loads(SPEC_JSON)
    data["objectives"][1]["aligns_to"] = ["O1"]
    short = goalgraph.loads(json.dumps(data))
    assert short.objectives["O2"].aligns_to == (Alignment("O1"),)
    assert short.to_dict() == spec_example.to_dict()


def test_a_link_with_its_defaults_is_written_as_the_bare_id(spec_example):
    assert spec_example.to_dict()["objectives"][1]["aligns_to"] == ["O1"]


def test_a_link_with_a_weight_or_supports_only_keeps_them_through_dump_and_load():
    data = json.loads(SPEC_JSON)
    data["objectives"][1]["aligns_to"] = [{"id": "O1", "weight": 0.5, "contributes": False}]
    graph = goalgraph.loads(json.dumps(data))
    again = goalgraph.loads(goalgraph.dumps(graph))
    assert again.objectives["O2"].aligns_to == (Alignment("O1", weight=0.5, contributes=False),)


def test_from_dict_accepts_date_objects_and_iso_strings_alike():
    from_dates = goalgraph.from_dict(SPEC_DATA)
    from_strings = goalgraph.from_dict(json.loads(SPEC_JSON))
    assert isinstance(SPEC_DATA["cycles"][0]["start"], datetime.date)
    assert from_dates.to_dict() == from_strings.to_dict()
    assert from_strings.cycles["2026-Q3"].start == datetime.date(2026, 7, 1)
    assert from_strings.key_results["O1-KR2"].checkins[0].date == datetime.date(2026, 7, 15)


def test_from_dict_does_not_change_the_mapping_it_is_given():
    data = json.loads(SPEC_JSON)
    before = json.dumps(data)
    goalgraph.from_dict(data)
    assert json.dumps(data) == before


def test_reading_yaml_without_pyyaml_names_the_yaml_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(ImportError, match=r"goalgraph\[yaml\]"):
        goalgraph.loads(SPEC_YAML)


def test_writing_yaml_without_pyyaml_names_the_yaml_extra(monkeypatch, spec_example):
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(ImportError, match=r"goalgraph\[yaml\]"):
        goalgraph.dumps(spec_example, "yaml")


def test_json_needs_no_pyyaml(monkeypatch, spec_example):
    monkeypatch.setitem(sys.modules, "yaml", None)
    assert goalgraph.loads(goalgraph.dumps(spec_example)).to_dict() == spec_example.to_dict()


@pytest.mark.parametrize("format", ["toml", "JSON"])
def test_an_unknown_format_name_is_a_value_error(format):
    with pytest.raises(ValueError, match="format must be 'json' or 'yaml'"):
        goalgraph.loads(SPEC_JSON, format)  # type: ignore[arg-type]


# -- the writer follows the one description of the fields (goalgraph._model.fields) ---------------

# A document with every field of every part given a value other than its default.
EVERY_FIELD: dict[str, Any] = {
    "goalgraph": 1,
    "levels": ["org", "squad"],
    "cycles": [{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "name": "Q3 2026", "x-c": 1}],
    "owners": [
        {"id": "acme", "level": "org", "name": "Acme"},
        {"id": "web", "level": "squad", "name": "Web", "parent": "acme", "x-o": 2},
    ],
    "objectives": [
        {
            "id": "O1",
            "title": "Lead",
            "owner": "acme",
            "cycle": "Q3",
            "kind": "committed",
            "rollup": "min",
            "score_override": 0.5,
            "grade": 0.7,
            "description": "Longer text",
            "ignore": ["GG201"],
            "key_results": [
                {
                    "id": "KR1",
                    "title": "Grow",
                    "weight": 2,
                    "score_override": 0.25,
                    "owner": "web",
                    "ignore": ["GG202"],
                    "metric": {
                        "type": "linear",
                        "unit": "users",
                        "start": 0,
                        "target": 10,
                        "direction": "increase",
                        "plan": [{"date": "2026-08-31", "value": 5}],
                    },
                    "checkins": [{"date": "2026-08-01", "value": 3, "note": "n"}],
                    "x-k": 3,
                },
                {
                    "id": "KR2",
                    "title": "t",
                    "metric": {"type": "linear", "kpi": "mrr", "accumulate": True, "start": 0, "target": 10},
                },
                {"id": "KR3", "title": "t", "metric": {"type": "threshold", "unit": "u", "kpi": "mrr", "at_least": 1}},
                {
                    "id": "KR4",
                    "title": "t",
                    "metric": {"type": "threshold", "accumulate": True, "at_most": 1, "strict": True},
                },
                {
                    "id": "KR5",
                    "title": "t",
                    "metric": {"type": "band", "unit": "u", "kpi": "mrr", "low": 1, "high": 2, "tolerance": 1},
                },
                {"id": "KR6", "title": "t", "metric": {"type": "milestone", "unit": "launch"}},
                {
                    "id": "KR7",
                    "title": "t",
                    "metric": {"type": "steps", "unit": "u", "kpi": "mrr", "accumulate": True, "steps": [[1, 0.5]]},
                },
                {
                    "id": "KR8",
                    "title": "t",
                    "metric": {"type": "custom", "unit": "u", "kpi": "mrr", "name": "logarithmic", "params": {"a": 1}},
                },
                {"id": "KR9", "title": "t", "metric": {"type": "rollup", "unit": "u"}},
            ],
            "x-obj": {"a": [1]},
        },
        {
            "id": "O2",
            "title": "Serve",
            "owner": "web",
            "cycle": "Q3",
            "aligns_to": ["O1", {"id": "KR9", "weight": 0.5, "contributes": False}],
        },
    ],
    "kpis": [
        {
            "id": "mrr",
            "name": "MRR",
            "owner": "acme",
            "unit": "EUR",
            "direction": "band",
            "target": 10,
            "baseline": 5,
            "band": [8, 12],
            "tolerance": 1,
            "frequency": "monthly",
            "source": "billing",
            "timeframe": "FY2026",
            "kind": "lagging",
            "supports": ["O1"],
            "ignore": ["GG301"],
            "thresholds": [
                {"status": "green", "at_least": 9},
                {"status": "amber", "at_most": 3},
                {"status": "amber", "between": [3, 9]},
                {"status": "red", "otherwise": True},
            ],
            "measurements": [{"date": "2026-08-01", "value": 9, "note": "m"}],
            "x-kpi": None,
        }
    ],
    "x-top": "host",
}


def _parts_of(part: Any, data: Any, seen: set[tuple[str, str]]) -> None:
    """Check that ``data``, written as ``part``, lists its keys in the table's order with x- keys last; record them."""
    if isinstance(data, str):  # a bare id for an alignment
        assert part.shorthand is not None
        seen.add((part.name, part.shorthand))
        return
    if part.variants:
        part = next(v for v in part.variants if v.field(part.fields[0].name).values[0] == data["type"])
    keys = [key for key in data if not key.startswith("x-")]
    assert list(data)[: len(keys)] == keys, f"{part.name}: x- keys come last"
    assert keys == [name for name in part.names if name in keys], part.name
    for key in keys:
        seen.add((part.name, key))
        field = part.field(key)
        if field.type in PARTS:
            _parts_of(PARTS[field.type], data[key], seen)
        elif field.type == "list" and field.items in PARTS:
            for item in data[key]:
                _parts_of(PARTS[field.items], item, seen)


def test_the_writer_writes_every_field_of_the_table_in_its_order():
    data = goalgraph.from_dict(EVERY_FIELD).to_dict()
    assert data == EVERY_FIELD
    seen: set[tuple[str, str]] = set()
    _parts_of(DOCUMENT, data, seen)
    every = {
        (part.name, field.name)
        for part in PARTS.values()
        for field in part.fields
        if field.type != "null"  # a kpi a milestone or rollup metric cannot have
        if field.name != "accumulate" or part.model.accumulates  # only false for the other metric types
        if not part.variants  # the metric is written as its type's part
    }
    assert every - seen == set()


@given(graphs(max_nodes=10))
def test_written_documents_list_their_fields_in_the_order_of_the_table(graph):
    _parts_of(DOCUMENT, graph.to_dict(), set())

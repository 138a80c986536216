"""The bundled JSON Schema: valid draft-07, and in agreement with the loader.

Agreement runs one way: a document the schema refuses, the loader refuses
too (so every document the loader accepts is schema-valid). The loader
refuses more (duplicate ids, dangling references, cycles...), which a
schema cannot express.
"""

from __future__ import annotations

import copy
import datetime
import json
import pathlib
from collections.abc import Mapping
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import goalgraph
from goalgraph import _cli
from goalgraph._documents import example_text
from goalgraph._model.fields import DOCUMENT, METRICS, PARTS, SHAPES, Part
from goalgraph._model.metrics import METRIC_TYPES
from goalgraph.strategies import documents, graphs
from tests.documents.test_documents import EVERY_FIELD

ROOT = pathlib.Path(__file__).resolve().parents[2]
VALIDATOR = jsonschema.Draft7Validator(goalgraph.json_schema(), format_checker=jsonschema.FormatChecker())
EXAMPLE = json.loads(example_text())
DELETE = object()

# A small document with every section, used as the base of the hand-written cases.
BASE: dict[str, Any] = {
    "goalgraph": 1,
    "cycles": [{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}],
    "owners": [{"id": "acme", "level": "company"}, {"id": "web", "level": "team", "parent": "acme"}],
    "objectives": [
        {
            "id": "O1",
            "title": "Lead the market",
            "owner": "acme",
            "cycle": "Q3",
            "key_results": [
                {
                    "id": "KR1",
                    "title": "Launch 2.0",
                    "metric": {"type": "milestone"},
                    "checkins": [{"date": "2026-08-01", "value": True}],
                },
                {
                    "id": "KR2",
                    "title": "Gain 1,000 customers",
                    "metric": {"type": "linear", "start": 0, "target": 1000},
                    "checkins": [{"date": "2026-08-01", "value": 120, "note": "after the launch"}],
                },
            ],
        },
        {
            "id": "O2",
            "title": "Reach the audience",
            "owner": "web",
            "cycle": "Q3",
            "aligns_to": [{"id": "O1", "weight": 1}],
            "key_results": [
                {
                    "id": "KR3",
                    "title": "Grow traffic",
                    "metric": {"type": "linear", "start": 40000, "target": 60000, "kpi": "traffic"},
                }
            ],
        },
    ],
    "kpis": [
        {
            "id": "traffic",
            "name": "Organic traffic",
            "direction": "higher",
            "target": 60000,
            "supports": ["O2"],
            "thresholds": [{"status": "green", "at_least": 50000}, {"status": "red", "otherwise": True}],
            "measurements": [{"date": "2026-07-31", "value": 45500}],
        }
    ],
}


def _tokens(pointer: str) -> list[str]:
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]


def _edit(document: Any, pointer: str, value: Any) -> Any:
    """A copy of ``document`` with the value at ``pointer`` set (or deleted, for DELETE)."""
    if not pointer:
        return value
    document = copy.deepcopy(document)
    *parents, last = _tokens(pointer)
    node = document
    for token in parents:
        node = node[int(token)] if isinstance(node, list) else node[token]
    key: Any = int(last) if isinstance(node, list) else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value
    return document


def _edits(changes: dict[str, Any]) -> Any:
    """A copy of BASE with several values set."""
    document = BASE
    for pointer, value in changes.items():
        document = _edit(document, pointer, value)
    return document


def _metric(metric: Any, checkins: list[dict[str, Any]] | None = None) -> Any:
    """BASE with KR2's metric (and check-ins) replaced."""
    document = _edit(BASE, "/objectives/0/key_results/1/metric", metric)
    return document if checkins is None else _edit(document, "/objectives/0/key_results/1/checkins", checkins)


def _refused(document: Any) -> goalgraph.ValidationError:
    with pytest.raises(goalgraph.ValidationError) as info:
        goalgraph.from_dict(document)
    return info.value


def _as_json(data: Any) -> Any:
    """YAML data in its JSON form: dates as YYYY-MM-DD strings."""
    return json.loads(json.dumps(data, default=datetime.date.isoformat))


KR2 = "/objectives/0/key_results/1"
ALIGN = "/objectives/1/aligns_to"
RULE = "/kpis/0/thresholds/0"

INVALID = {
    # Unknown keys, with and without x-
    "unknown top-level key": _edit(BASE, "/title", "OKRs"),
    "unknown objective key": _edit(BASE, "/objectives/0/wieght", 2),
    "unknown key starting with x but no dash": _edit(BASE, "/owners/0/xcolor", "red"),
    "the key extra": _edit(BASE, "/cycles/0/extra", {}),
    "x- key on a metric": _edit(BASE, f"{KR2}/metric/x-note", "n"),
    "x- key on a check-in": _edit(BASE, f"{KR2}/checkins/0/x-source", "crm"),
    "x- key on a measurement": _edit(BASE, "/kpis/0/measurements/0/x-source", "crm"),
    "x- key on an alignment": _edit(BASE, f"{ALIGN}/0/x-note", "n"),
    "x- key on a threshold rule": _edit(BASE, f"{RULE}/x-note", "n"),
    # The version key
    "no version": _edit(BASE, "/goalgraph", DELETE),
    "version 2": _edit(BASE, "/goalgraph", 2),
    "version true": _edit(BASE, "/goalgraph", True),
    "version as text": _edit(BASE, "/goalgraph", "1"),
    "a list, not a mapping": [BASE],
    # Required keys
    "cycle without start": _edit(BASE, "/cycles/0/start", DELETE),
    "owner without level": _edit(BASE, "/owners/0/level", DELETE),
    "objective without owner": _edit(BASE, "/objectives/0/owner", DELETE),
    "key result without metric": _edit(BASE, f"{KR2}/metric", DELETE),
    "check-in without value": _edit(BASE, f"{KR2}/checkins/0/value", DELETE),
    "KPI without name": _edit(BASE, "/kpis/0/name", DELETE),
    "threshold rule without status": _edit(BASE, f"{RULE}/status", DELETE),
    # Types: a boolean is not a number, text is not a number, null only where optional
    "boolean weight": _edit(BASE, f"{KR2}/weight", True),
    "boolean alignment weight": _edit(BASE, f"{ALIGN}/0/weight", False),
    "boolean linear start": _edit(BASE, f"{KR2}/metric/start", False),
    "boolean check-in of a linear metric": _edit(BASE, f"{KR2}/checkins/0/value", True),
    "number check-in of a milestone": _edit(BASE, "/objectives/0/key_results/0/checkins/0/value", 1),
    "boolean KPI measurement": _edit(BASE, "/kpis/0/measurements/0/value", True),
    "text weight": _edit(BASE, f"{KR2}/weight", "2"),
    "text target": _edit(BASE, "/kpis/0/target", "60000"),
    "text score override": _edit(BASE, "/objectives/0/score_override", "0.5"),
    "number title": _edit(BASE, "/objectives/0/title", 5),
    "number note": _edit(BASE, f"{KR2}/checkins/0/note", 5),
    "null weight": _edit(BASE, f"{KR2}/weight", None),
    "null kind": _edit(BASE, "/objectives/0/kind", None),
    "null check-ins": _edit(BASE, f"{KR2}/checkins", None),
    "null ignore": _edit(BASE, "/objectives/0/ignore", None),
    "ignore with a number": _edit(BASE, "/objectives/0/ignore", ["GG201", 201]),
    "section not a list": _edit(BASE, "/cycles", {}),
    "null section": _edit(BASE, "/objectives", None),
    "custom params not a mapping": _metric({"type": "custom", "name": "logarithmic", "params": [1, 10]}, []),
    # Ids
    "number id": _edit(BASE, "/cycles/0/id", 2026),
    "empty id": _edit(BASE, f"{KR2}/owner", ""),
    "id with surrounding spaces": _edit(BASE, f"{KR2}/owner", " acme"),
    # Enums
    "bad objective kind": _edit(BASE, "/objectives/0/kind", "stretch"),
    "bad KPI direction": _edit(BASE, "/kpis/0/direction", "up"),
    "bad KPI frequency": _edit(BASE, "/kpis/0/frequency", "hourly"),
    "bad KPI kind": _edit(BASE, "/kpis/0/kind", "leading-ish"),
    "bad threshold status": _edit(BASE, f"{RULE}/status", "blue"),
    "bad linear direction": _edit(BASE, f"{KR2}/metric/direction", "up"),
    "level not a default level": _edit(BASE, "/owners/1/level", "squad"),
    # Dates
    "date without zero padding": _edit(BASE, "/cycles/0/start", "2026-7-1"),
    "date day first": _edit(BASE, "/cycles/0/end", "30/09/2026"),
    "date-time": _edit(BASE, f"{KR2}/checkins/0/date", "2026-08-01T10:00"),
    "date as a number": _edit(BASE, "/kpis/0/measurements/0/date", 20260731),
    "a day that does not exist": _edit(BASE, "/cycles/0/end", "2026-09-31"),
    # aligns_to
    "aligns_to not a list": _edit(BASE, ALIGN, "O1"),
    "aligns_to entry a number": _edit(BASE, ALIGN, [1]),
    "aligns_to entry a list": _edit(BASE, ALIGN, [["O1"]]),
    "aligns_to entry without id": _edit(BASE, ALIGN, [{"weight": 1}]),
    "aligns_to with an unknown key": _edit(BASE, f"{ALIGN}/0/wieght", 2),
    "negative alignment weight": _edit(BASE, f"{ALIGN}/0/weight", -1),
    "contributes as text": _edit(BASE, f"{ALIGN}/0/contributes", "yes"),
    # Ranges
    "negative key result weight": _edit(BASE, f"{KR2}/weight", -0.5),
    "score override above 1": _edit(BASE, "/objectives/0/score_override", 1.5),
    "grade below 0": _edit(BASE, "/objectives/0/grade", -0.1),
    "KPI tolerance 0": _edit(BASE, "/kpis/0/tolerance", 0),
    # Metrics
    "unknown metric type": _metric({"type": "percent", "start": 0, "target": 1}),
    "metric without type": _metric({"start": 0, "target": 1000}),
    "metric type not text": _metric({"type": 1}),
    "metric not a mapping": _metric("linear"),
    "linear without target": _metric({"type": "linear", "start": 0}),
    "linear with a field of another type": _metric({"type": "linear", "start": 0, "target": 9, "low": 1}),
    "band without tolerance": _metric({"type": "band", "low": 1, "high": 2}, []),
    "band with tolerance 0": _metric({"type": "band", "low": 1, "high": 2, "tolerance": 0}, []),
    "custom without name": _metric({"type": "custom"}, []),
    "steps empty": _metric({"type": "steps", "steps": []}, []),
    "steps with a triple": _metric({"type": "steps", "steps": [[1, 0.5, 3]]}, []),
    "threshold with both levels": _metric({"type": "threshold", "at_least": 1, "at_most": 5}),
    "threshold with no level": _metric({"type": "threshold", "strict": True}),
    "milestone reading a KPI": _metric({"type": "milestone", "kpi": "traffic"}, []),
    "rollup with check-ins": _metric({"type": "rollup"}),
    "a KPI and check-ins": _metric({"type": "linear", "start": 0, "target": 1000, "kpi": "traffic"}),
    # KPIs and their threshold rules
    "threshold rule with two conditions": _edit(BASE, f"{RULE}/at_most", 70000),
    "threshold rule with no condition": _edit(BASE, RULE, {"status": "green"}),
    "threshold rule otherwise false": _edit(BASE, RULE, {"status": "green", "otherwise": False}),
    "between with one number": _edit(BASE, RULE, {"status": "green", "between": [1]}),
    "band KPI without band": _edit(BASE, "/kpis/0/direction", "band"),
    "supports listing an id twice": _edit(BASE, "/kpis/0/supports", ["O2", "O2"]),
    "supports not a list": _edit(BASE, "/kpis/0/supports", "O2"),
    # levels
    "empty levels": _edit(BASE, "/levels", []),
    "a level twice": _edit(BASE, "/levels", ["company", "team", "team"]),
    "an empty level": _edit(BASE, "/levels", ["company", "team", ""]),
}

VALID = {
    "the base document": BASE,
    "version 1.0": _edit(BASE, "/goalgraph", 1.0),
    "x- keys on every entity": _edits(
        {
            "/x-tool": {"v": [1, None]},
            "/cycles/0/x-id": 7,
            "/owners/0/x-color": "#3366cc",
            "/objectives/0/x-external-ids": {"jira": "GOAL-12"},
            f"{KR2}/x-color": "red",
            "/kpis/0/x-": None,
        }
    ),
    "null optional fields": _edits(
        {
            "/cycles/0/name": None,
            "/owners/0/parent": None,
            "/objectives/0/description": None,
            "/objectives/0/rollup": None,
            "/objectives/0/score_override": None,
            "/objectives/0/grade": None,
            f"{KR2}/owner": None,
            f"{KR2}/metric/unit": None,
            "/kpis/0/frequency": None,
            "/kpis/0/tolerance": None,
            f"{RULE}/between": None,
        }
    ),
    "null KPI on a milestone": _edit(BASE, "/objectives/0/key_results/0/metric/kpi", None),
    "a bare id in aligns_to": _edit(BASE, ALIGN, ["O1", {"id": "KR1", "contributes": False}]),
    "a document's own levels": _edits(
        {"/levels": ["org", "squad"], "/owners/0/level": "org", "/owners/1/level": "squad"}
    ),
    "a band KPI": _edits({"/kpis/0/direction": "band", "/kpis/0/band": [1, 2], "/kpis/0/tolerance": 1}),
    "a custom metric with a boolean check-in": _metric(
        {"type": "custom", "name": "logarithmic", "params": {"start": 1, "target": 10}},
        [{"date": "2026-08-01", "value": False}],
    ),
    "empty check-ins beside a KPI": _edit(BASE, "/objectives/1/key_results/0/checkins", []),
    "only the version": {"goalgraph": 1},
    "every field of every part": EVERY_FIELD,
}


def test_the_schema_is_a_valid_draft_07_schema() -> None:
    schema = goalgraph.json_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"] == "https://goalgraph.dev/schema/goalgraph-1.json"
    assert schema["title"]
    assert schema["description"]


def _described(schema: dict[str, Any], path: str) -> list[str]:
    """The paths of the properties (and definitions) of ``schema`` that have no description."""
    missing = [] if "description" in schema else [path]
    for key in ("properties", "patternProperties", "definitions"):
        for name, child in schema.get(key, {}).items():
            missing += _described(child, f"{path}/{key}/{name}")
    return missing


def test_every_property_and_definition_has_a_description() -> None:
    assert _described(goalgraph.json_schema(), "#") == []


def test_json_schema_returns_a_new_copy_each_call() -> None:
    first = goalgraph.json_schema()
    first["properties"]["goalgraph"]["const"] = 2
    first["definitions"].clear()
    second = goalgraph.json_schema()
    assert second["properties"]["goalgraph"]["const"] == 1
    assert "objective" in second["definitions"]
    assert second is not goalgraph.json_schema()


def test_the_command_line_prints_the_schema_with_sorted_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli.main(["schema"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == goalgraph.json_schema()
    assert out == json.dumps(goalgraph.json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_bundled_example_is_valid() -> None:
    VALIDATOR.validate(EXAMPLE)
    VALIDATOR.validate(json.loads(goalgraph.dumps(goalgraph.load_example())))


def test_the_documented_yaml_and_the_spec_example_are_valid() -> None:
    import yaml

    for path in (ROOT / "docs" / "okrs.yaml", ROOT / "tests" / "data" / "spec_example.yaml"):
        VALIDATOR.validate(_as_json(yaml.safe_load(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("document", VALID.values(), ids=VALID.keys())
def test_documents_the_loader_accepts_are_valid(document: Any) -> None:
    goalgraph.from_dict(document)
    VALIDATOR.validate(document)


@pytest.mark.parametrize("document", INVALID.values(), ids=INVALID.keys())
def test_the_schema_and_the_loader_both_refuse(document: Any) -> None:
    assert not VALIDATOR.is_valid(document)
    _refused(document)


@given(documents())
def test_generated_documents_are_valid(document: dict[str, Any]) -> None:
    VALIDATOR.validate(document)


@given(graphs())
def test_written_documents_are_valid(graph: goalgraph.GoalGraph) -> None:
    VALIDATOR.validate(json.loads(goalgraph.dumps(graph)))


# Values of every JSON type, for replacing a value with one of another type.
_JSON_VALUES = [None, True, False, 0, -1, 1, 0.5, 2.5, "", "text", "2026-08-01", [], [1], ["O0"], {}, {"id": "O0"}]
# Keys to insert: misspellings, and keys that belong elsewhere in the format. No x- keys: see
# test_x_keys_are_allowed_only_where_the_loader_keeps_them.
_KEYS = ["titel", "Id", "extra", "weight", "type", "note", "status", "kpi", "levels", "start", "x-host"]


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) of a document, in document order."""
    found: list[tuple[Any, Any]] = []
    stack = [node]
    while stack:
        container = stack.pop()
        keys = list(container) if isinstance(container, dict) else range(len(container))
        for key in keys:
            found.append((container, key))
            if isinstance(container[key], (dict, list)):
                stack.append(container[key])
    return found


@st.composite
def _mutants(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document (generated, or the bundled example with its KPIs) with one change."""
    # A copy: documents() shares some of its dicts between examples (st.just({"type": "milestone"})).
    document = copy.deepcopy(EXAMPLE if draw(st.integers(0, 4)) == 0 else draw(documents(max_nodes=8)))
    slots = _slots(document)
    container, key = slots[draw(st.integers(0, len(slots) - 1))]
    change = draw(st.sampled_from(["delete", "insert", "retype", "misspell"]))
    event(change)
    if change == "delete":
        del container[key]
    elif change == "insert":
        mappings = [document] + [c[k] for c, k in slots if isinstance(c[k], dict)]
        mapping = mappings[draw(st.integers(0, len(mappings) - 1))]
        mapping[draw(st.sampled_from(_KEYS))] = draw(st.sampled_from(_JSON_VALUES))
    elif change == "retype":
        container[key] = draw(
            st.sampled_from([value for value in _JSON_VALUES if type(value) is not type(container[key])])
        )
    elif isinstance(container[key], str):
        container[key] = "not-" + container[key]
    return document


@given(_mutants())
def test_what_the_schema_refuses_the_loader_refuses(document: dict[str, Any]) -> None:
    if VALIDATOR.is_valid(document):
        event("schema-valid")
        return
    event("schema-invalid")
    _refused(document)


def test_x_keys_are_allowed_only_where_the_loader_keeps_them() -> None:
    entities = ["", "/cycles/0", "/owners/0", "/objectives/0", f"{KR2}", "/kpis/0"]
    for path in entities:
        document = _edit(BASE, f"{path}/x-host", {"id": 12})
        VALIDATOR.validate(document)
        assert goalgraph.dumps(goalgraph.from_dict(document)).count('"x-host"') == 1
    for path in (f"{KR2}/metric", f"{KR2}/checkins/0", "/kpis/0/measurements/0"):
        document = _edit(BASE, f"{path}/x-host", 1)
        assert not VALIDATOR.is_valid(document)
        assert [p.code for p in _refused(document).problems] == ["GG010"]


# -- the schema is generated from the one description of the fields ------------------------------


def test_the_shipped_schema_file_is_the_generated_one() -> None:
    shipped = (ROOT / "src" / "goalgraph" / "_documents" / "document.schema.json").read_text(encoding="utf-8")
    generated = json.dumps(goalgraph.json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert shipped == generated, "regenerate it: goalgraph schema > src/goalgraph/_documents/document.schema.json"


def _model_default(field: Any) -> Any:
    factory = getattr(field.default, "factory", None)
    return factory() if factory is not None else field.default


@pytest.mark.parametrize("part", [part for part in PARTS.values() if part.model], ids=lambda part: part.name)
def test_every_model_attribute_is_a_field_with_the_same_default(part: Part) -> None:
    model = {field.name: field for field in attrs.fields(part.model) if field.name != "extra"}
    table = {field.attribute or field.name: field for field in part.fields if field.type != "const"}
    # An objective's key results are the graph's, not an attribute of the objective.
    assert set(model) == set(table) - ({"key_results"} if part.name == "objective" else set())
    for name, field in model.items():
        assert table[name].required == (field.default is attrs.NOTHING), name
        if not table[name].required:
            assert table[name].default == _model_default(field), name
    assert ("x-" in json.dumps(goalgraph.json_schema()["definitions"][part.name])) == part.extra
    assert part.extra == ("extra" in attrs.fields_dict(part.model))


def test_the_metric_parts_are_the_metric_types() -> None:
    assert list(METRICS) == list(METRIC_TYPES)
    for name, part in METRICS.items():
        assert part.model is METRIC_TYPES[name]
        assert part.field("type").values == (name,)
    assert PARTS["metric"].variants == tuple(METRICS.values())


@pytest.mark.parametrize("name", list(METRICS))
def test_a_metric_part_says_what_its_check_ins_hold_as_the_model_does(name: str) -> None:
    part, cls = METRICS[name], METRIC_TYPES[name]
    assert part.checkin_values is not None
    assert (part.field("kpi").type != "null") == cls.numeric
    metric = goalgraph.from_dict(_metric(_metric_example(name), [])).key_results["KR2"].metric
    if not part.checkin_values:
        with pytest.raises(goalgraph.ValidationError):
            goalgraph.KeyResult(
                id="k", title="t", metric=metric, checkins=[goalgraph.Checkin(datetime.date.today(), 1)]
            )
        return
    assert (metric.value_problems(2.5) == []) == ("number" in part.checkin_values)
    assert (metric.value_problems(True) == []) == ("boolean" in part.checkin_values)


def _metric_example(name: str) -> dict[str, Any]:
    return {
        "linear": {"type": "linear", "start": 0, "target": 10},
        "threshold": {"type": "threshold", "at_least": 1},
        "band": {"type": "band", "low": 1, "high": 2, "tolerance": 1},
        "milestone": {"type": "milestone"},
        "steps": {"type": "steps", "steps": [[1, 0.5]]},
        "custom": {"type": "custom", "name": "logarithmic", "params": {"start": 1, "target": 10}},
        "rollup": {"type": "rollup"},
    }[name]


def test_every_field_of_the_table_is_well_formed() -> None:
    known = {"text", "number", "boolean", "enum", "const", "list", "mapping", "null", *SHAPES, *PARTS}
    for part in PARTS.values():
        assert len(set(part.names)) == len(part.names), part.name
        assert set(part.exactly_one) <= set(part.names)
        for rule in part.requires:
            assert {rule.field, *rule.fields} <= set(part.names)
        for field in part.fields:
            where = f"{part.name}.{field.name}"
            assert field.type in known, where
            assert (field.type == "list") == (field.items is not None), where
            assert field.items is None or field.items in known, where
            assert bool(field.values) == (field.type in ("enum", "const")), where
            assert field.description.endswith("."), where
            if field.required or field.nullable:
                assert field.default is None, where
            if field.values_from is not None:
                assert DOCUMENT.field(field.values_from).default, where


@pytest.mark.parametrize("part", list(PARTS.values()), ids=lambda part: part.name)
def test_the_schema_has_each_field_of_each_part(part: Part) -> None:
    schema = goalgraph.json_schema()
    definition = schema if part is DOCUMENT else schema["definitions"][part.name]
    mapping = definition["oneOf"][1] if part.shorthand else definition
    assert list(mapping["properties"]) == list(part.names)
    assert mapping.get("required", []) == [name for name in part.names if name in part.required]
    for field in part.fields:
        if not field.required and field.default is not None:
            default = dict(field.default) if isinstance(field.default, Mapping) else field.default
            assert mapping["properties"][field.name]["default"] == json.loads(json.dumps(default))

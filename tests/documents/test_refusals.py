"""Load-time refusals (SPEC §8, §9): each bad input raises, with a code and a JSON pointer.

Every test here checks the problem's ``code`` and its ``path`` in the
document, and that the call raises instead of returning a graph. Most also
check that the problem is the *only* one, so a refusal never drags false
problems (a "dangling" reference to an entity refused for another reason,
say) along with it. Codes are written out (``"GG013"``), not imported, so a
renumbering is a deliberate change.
"""

from __future__ import annotations

import copy
import itertools
import json
import pathlib
import pickle
import time
from collections.abc import Callable
from typing import Any

import pytest
import yaml

import goalgraph
from goalgraph import CycleError, Limits, Problem, Registry, ValidationError
from tests.builders import key_result, objective

DATA = pathlib.Path(__file__).parents[1] / "data"

# The example document of SPEC §8 as plain JSON-ready data (dates as ISO
# strings), read with PyYAML directly so that the base of every case here
# does not depend on the reader under test.
SPEC = json.loads(json.dumps(yaml.safe_load((DATA / "spec_example.yaml").read_text(encoding="utf-8")), default=str))

# Where things are in SPEC:
#   /cycles/0 2026-Q3; /owners/0 acme, /owners/1 marketing (parent acme)
#   /objectives/0 O1: key_results O1-KR1 (milestone, check-in true),
#                     O1-KR2 (linear 0 -> 1000, weight 2, two check-ins)
#   /objectives/1 O2: aligns_to O1; key_results O2-KR1 (linear, kpi: traffic)
#   /kpis/0 traffic (supports O2)
KR2 = "/objectives/0/key_results/1"

Change = Callable[[dict[str, Any]], object]


def o1(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["objectives"][0]


def o2(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["objectives"][1]


def kr1(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["objectives"][0]["key_results"][0]


def kr2(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["objectives"][0]["key_results"][1]


def o2_kr1(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["objectives"][1]["key_results"][0]


def kpi(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["kpis"][0]


def spec_with(change: Change) -> dict[str, Any]:
    doc = copy.deepcopy(SPEC)
    change(doc)
    return doc


def json_with(change: Change) -> str:
    return json.dumps(spec_with(change))


def refused(text: str | bytes, format: str | None = None, **options: Any) -> ValidationError:
    """The error ``loads`` raises for ``text``; fails the test when a graph comes back."""
    with pytest.raises(ValidationError) as info:
        goalgraph.loads(text, format, **options)  # type: ignore[arg-type]
    return info.value


def only(err: ValidationError, code: str, path: str) -> Problem:
    """Check that ``err`` holds exactly one problem, with ``code`` at ``path``; return it."""
    assert [(p.code, p.path) for p in err.problems] == [(code, path)], str(err)
    return err.problems[0]


def assert_refused(text: str | bytes, code: str, path: str, format: str | None = None, **options: Any) -> Problem:
    return only(refused(text, format, **options), code, path)


def test_the_base_document_loads():
    # Every case below changes this document in one place.
    assert sorted(goalgraph.loads(json.dumps(SPEC)).objectives) == ["O1", "O2"]


# -- unknown fields and x- keys -------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path", "meant"),
    [
        (lambda d: kr2(d)["metric"].update(traget=5), f"{KR2}/metric/traget", "target"),
        (lambda d: kr2(d).update(wieght=2), f"{KR2}/wieght", "weight"),
        (lambda d: d.update(objectivs=[]), "/objectivs", "objectives"),
        (lambda d: d["owners"][0].update(parnet="x"), "/owners/0/parnet", "parent"),
        (lambda d: kpi(d).update(frequncy="monthly"), "/kpis/0/frequncy", "frequency"),
    ],
    ids=["metric", "key result", "top level", "owner", "KPI"],
)
def test_an_unknown_field_is_refused_with_a_did_you_mean_hint(change, path, meant):
    problem = assert_refused(json_with(change), "GG010", path)
    assert f"did you mean {meant!r}" in problem.hint


X_PLACES: list[tuple[str, Change, Callable[[dict[str, Any]], dict[str, Any]]]] = [
    ("top level", lambda d: d, lambda d: d),
    ("cycle", lambda d: d["cycles"][0], lambda d: d["cycles"][0]),
    ("owner", lambda d: d["owners"][0], lambda d: d["owners"][0]),
    ("objective", o1, o1),
    ("key result", kr2, kr2),
    ("KPI", kpi, kpi),
]


@pytest.mark.parametrize(("where", "place", "find"), X_PLACES, ids=[p[0] for p in X_PLACES])
def test_x_keys_are_accepted_and_kept_through_dump_and_load(where, place, find):
    value = {"jira": ["OKR-1", "OKR-2"], "score": 0.5, "flag": True, "none": None}
    text = json_with(lambda d: place(d).update({"x-host": value}))
    graph = goalgraph.loads(text)
    again = goalgraph.loads(goalgraph.dumps(graph))
    assert find(graph.to_dict())["x-host"] == value
    assert find(again.to_dict())["x-host"] == value
    assert again.to_dict() == graph.to_dict()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: o2(d).update(aligns_to=[{"id": "O1", "x-note": "n"}]), "/objectives/1/aligns_to/0"),
        (
            lambda d: kpi(d).update(thresholds=[{"status": "green", "at_least": 1, "x-note": "n"}]),
            "/kpis/0/thresholds/0",
        ),
        (lambda d: kr2(d)["metric"].update({"x-note": "n"}), f"{KR2}/metric"),
        (lambda d: kr2(d)["checkins"][0].update({"x-note": "n"}), f"{KR2}/checkins/0"),
    ],
    ids=["alignment", "threshold rule", "metric", "check-in"],
)
def test_x_keys_where_nothing_keeps_them_are_refused_not_a_crash(change, path):
    # An x- key on an alignment or a threshold rule once crashed the loader with a TypeError.
    problem = assert_refused(json_with(change), "GG010", path)
    assert "take no x- keys" in problem.message


# -- missing fields and wrong types ----------------------------------------------


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: kr1(d).pop("title"), "/objectives/0/key_results/0/title"),
        (lambda d: kr2(d).pop("metric"), f"{KR2}/metric"),
        (lambda d: o1(d).pop("owner"), "/objectives/0/owner"),
        (lambda d: d["cycles"][0].pop("end"), "/cycles/0/end"),
        (lambda d: d["owners"][1].pop("level"), "/owners/1/level"),
        (lambda d: kpi(d).pop("name"), "/kpis/0/name"),
        (lambda d: kr2(d)["metric"].pop("type"), f"{KR2}/metric/type"),
        (lambda d: d.pop("goalgraph"), "/goalgraph"),
    ],
    ids=["KR title", "KR metric", "objective owner", "cycle end", "owner level", "KPI name", "metric type", "version"],
)
def test_a_missing_required_field_is_refused(change, path):
    assert_refused(json_with(change), "GG011", path)


@pytest.mark.parametrize(
    ("change", "path", "quoted"),
    [
        (lambda d: kr2(d).update(weight=True), f"{KR2}/weight", "boolean true"),
        (lambda d: kr2(d)["metric"].update(start=False), f"{KR2}/metric/start", "boolean false"),
        (lambda d: kr2(d)["metric"].update(target="5"), f"{KR2}/metric/target", "string '5'"),
        (lambda d: kr2(d)["checkins"][0].update(value="lots"), f"{KR2}/checkins/0/value", "string 'lots'"),
        (lambda d: o1(d).update(title=["a", "list"]), "/objectives/0/title", "a list"),
        (lambda d: d.update(owners={"acme": {}}), "/owners", "a mapping"),
    ],
    ids=["bool weight", "bool start", "string target", "string check-in", "list title", "mapping section"],
)
def test_a_value_of_the_wrong_type_is_refused_and_quoted(change, path, quoted):
    problem = assert_refused(json_with(change), "GG012", path)
    assert quoted in problem.message


YAML_SMALL = """\
goalgraph: 1
cycles:
  - {id: Q3, start: 2026-07-01, end: 2026-09-30}
owners:
  - {id: acme, level: company}
objectives:
  - {id: O1, title: Grow, owner: acme, cycle: Q3}
"""


@pytest.mark.parametrize(
    ("old", "new", "path", "read_as", "code"),
    [
        ("owner: acme", "owner: NO", "/objectives/0/owner", "boolean false", "GG012"),
        ("id: O1", "id: 017", "/objectives/0/id", "octal number 15", "GG008"),
        ("cycle: Q3}", "cycle: 12:30}", "/objectives/0/cycle", "base-60 number", "GG008"),
    ],
    ids=["NO", "017", "12:30"],
)
def test_an_id_that_yaml_read_as_a_bool_or_an_int_is_refused_with_a_quoting_hint(old, new, path, read_as, code):
    problem = assert_refused(YAML_SMALL.replace(old, new), code, path)
    assert read_as in problem.message
    assert "quote" in problem.hint


# -- non-finite and unreadable numbers ---------------------------------------------

PLACEHOLDER = "NUMBER_PLACEHOLDER"

NUMBER_PLACES: list[tuple[str, Change, str]] = [
    ("check-in value", lambda d: kr2(d)["checkins"][0].update(value=PLACEHOLDER), f"{KR2}/checkins/0/value"),
    ("weight", lambda d: kr2(d).update(weight=PLACEHOLDER), f"{KR2}/weight"),
    ("target", lambda d: kr2(d)["metric"].update(target=PLACEHOLDER), f"{KR2}/metric/target"),
    ("x- value", lambda d: o1(d).update({"x-host": {"score": PLACEHOLDER}}), "/objectives/0/x-host/score"),
    (
        "custom params",
        lambda d: o2_kr1(d).update(
            metric={"type": "custom", "name": "logarithmic", "params": {"start": 1000, "target": PLACEHOLDER}}
        ),
        "/objectives/1/key_results/0/metric/params/target",
    ),
]
NUMBER_IDS = [place[0] for place in NUMBER_PLACES]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
@pytest.mark.parametrize(("where", "change", "path"), NUMBER_PLACES, ids=NUMBER_IDS)
def test_json_nan_and_infinities_are_refused_where_they_stand(literal, where, change, path):
    text = json_with(change).replace(f'"{PLACEHOLDER}"', literal)
    problem = assert_refused(text, "GG013", path)
    assert literal in problem.message


@pytest.mark.parametrize("literal", [".nan", ".inf", "-.inf", ".NaN", "+.Inf"])
@pytest.mark.parametrize(("where", "change", "path"), NUMBER_PLACES, ids=NUMBER_IDS)
def test_yaml_nan_and_infinities_are_refused_where_they_stand(literal, where, change, path):
    text = yaml.safe_dump(spec_with(change), sort_keys=False).replace(PLACEHOLDER, literal)
    assert_refused(text, "GG013", path)


def test_a_json_integer_of_5000_digits_is_refused_where_it_stands():
    text = json_with(lambda d: kr2(d)["checkins"][0].update(value=PLACEHOLDER))
    problem = assert_refused(text.replace(f'"{PLACEHOLDER}"', "9" * 5000), "GG013", f"{KR2}/checkins/0/value")
    assert len(problem.message) < 200  # quoted, not copied out in full


def test_a_yaml_integer_of_5000_digits_is_refused_where_it_stands():
    assert_refused(YAML_SMALL + "x-big: " + "9" * 5000 + "\n", "GG013", "/x-big")


def test_an_impossible_yaml_date_is_refused_as_a_date_not_a_crash():
    problem = assert_refused(YAML_SMALL.replace("end: 2026-09-30", "end: 2026-02-30"), "GG012", "/cycles/0/end")
    assert "2026-02-30" in problem.message


# -- duplicate keys and ids ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"goalgraph": 1, "goalgraph": 1}', "/goalgraph"),
        (
            '{"goalgraph": 1, "owners": [{"id": "acme", "level": "company", "id": "beta"}]}',
            "/owners/0/id",
        ),
        ('{"goalgraph": 1, "x-host": {"a": {"b": 1, "b": 2}}}', "/x-host/a/b"),
        ('{"goalgraph": 1, "x-host": [{"k": 1}, {"k": 1, "k": 1}]}', "/x-host/1/k"),
    ],
    ids=["top level", "in an owner", "nested in an x- value", "in a list in an x- value"],
)
def test_a_duplicate_key_in_json_is_refused(text, path):
    assert_refused(text, "GG007", path)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("goalgraph: 1\ngoalgraph: 1\n", "/goalgraph"),
        ("goalgraph: 1\nowners:\n  - {id: acme, level: company, id: beta}\n", "/owners/0/id"),
        ("goalgraph: 1\nx-host:\n  a: {b: 1, b: 2}\n", "/x-host/a/b"),
        ("goalgraph: 1\nx-host:\n  - k: 1\n  - k: 1\n    k: 1\n", "/x-host/1/k"),
    ],
    ids=["top level", "in an owner", "nested in an x- value", "in a list in an x- value"],
)
def test_a_duplicate_key_in_yaml_is_refused(text, path):
    assert_refused(text, "GG007", path)


def test_an_owner_and_an_objective_with_the_same_id_are_refused_at_the_second():
    text = json_with(lambda d: d["owners"].append({"id": "O1", "level": "team"}))
    problem = assert_refused(text, "GG016", "/objectives/0/id")
    assert "/owners/2" in problem.message


def test_a_key_result_and_a_kpi_with_the_same_id_are_refused_at_the_second():
    text = json_with(lambda d: kr2(d).update(id="traffic"))
    problem = assert_refused(text, "GG016", "/kpis/0/id")
    assert KR2 in problem.message


def test_a_duplicate_id_does_not_move_the_paths_of_the_other_entitys_problems():
    # The objective O1 is also an owner: its own dangling cycle is reported
    # at the objective, not at the owner that claimed the id first.
    def change(d: dict[str, Any]) -> None:
        d["owners"].append({"id": "O1", "level": "team"})
        o1(d)["cycle"] = "2026-Q9"

    err = refused(json_with(change))
    assert [(p.code, p.path) for p in err.problems] == [("GG016", "/objectives/0/id"), ("GG101", "/objectives/0/cycle")]


# -- references ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: o1(d).update(owner="nobody"), "/objectives/0/owner"),
        (lambda d: o1(d).update(cycle="2026-Q9"), "/objectives/0/cycle"),
        (lambda d: d["owners"][1].update(parent="acm"), "/owners/1/parent"),
        (lambda d: o2(d)["aligns_to"][0].update(id="O9"), "/objectives/1/aligns_to/0/id"),
        (lambda d: kpi(d).update(supports=["O2", "O7"]), "/kpis/0/supports/1"),
        (lambda d: o2_kr1(d)["metric"].update(kpi="trafic"), "/objectives/1/key_results/0/metric/kpi"),
        (lambda d: kr1(d).update(owner="sales"), "/objectives/0/key_results/0/owner"),
        (lambda d: kpi(d).update(owner="web"), "/kpis/0/owner"),
    ],
    ids=[
        "objective owner",
        "cycle",
        "owner parent",
        "aligns_to",
        "KPI supports",
        "metric kpi",
        "KR owner",
        "KPI owner",
    ],
)
def test_a_dangling_reference_is_refused_at_the_referencing_field(change, path):
    assert_refused(json_with(change), "GG101", path)


def test_a_dangling_reference_hints_at_the_id_meant():
    problem = assert_refused(json_with(lambda d: d["owners"][1].update(parent="acm")), "GG101", "/owners/1/parent")
    assert "did you mean 'acme'" in problem.hint


def test_a_reference_to_an_entity_of_the_wrong_kind_is_refused():
    problem = assert_refused(json_with(lambda d: o1(d).update(owner="2026-Q3")), "GG101", "/objectives/0/owner")
    assert problem.message == "'2026-Q3' is a cycle, not an owner"


def test_a_reference_to_an_entity_refused_for_another_reason_is_not_also_dangling():
    # O1 fails on its own (no title); O2's link to it and the KPI's
    # reference to the cycle are not reported as dangling on top of that.
    def change(d: dict[str, Any]) -> None:
        o1(d).pop("title")
        d["cycles"][0]["end"] = "2026-06-01"

    err = refused(json_with(change))
    assert [(p.code, p.path) for p in err.problems] == [("GG017", "/cycles/0/end"), ("GG011", "/objectives/0/title")]


# -- numbers out of range, enums, periods, versions ------------------------------------


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: kr2(d).update(weight=-1), f"{KR2}/weight"),
        (lambda d: o2(d)["aligns_to"][0].update(weight=-0.5), "/objectives/1/aligns_to/0/weight"),
    ],
    ids=["key result", "aligns_to link"],
)
def test_a_negative_weight_is_refused(change, path):
    assert_refused(json_with(change), "GG015", path)


@pytest.mark.parametrize(
    ("change", "path", "valid"),
    [
        (lambda d: o1(d).update(kind="objectve"), "/objectives/0/kind", ["committed", "aspirational"]),
        (
            lambda d: kr2(d)["metric"].update(type="linr"),
            f"{KR2}/metric/type",
            ["linear", "threshold", "band", "milestone", "steps", "custom", "rollup"],
        ),
        (lambda d: kpi(d).update(direction="up"), "/kpis/0/direction", ["higher", "lower", "band"]),
        (
            lambda d: kpi(d).update(frequency="fortnightly"),
            "/kpis/0/frequency",
            ["daily", "weekly", "monthly", "quarterly", "yearly"],
        ),
    ],
    ids=["objective kind", "metric type", "KPI direction", "KPI frequency"],
)
def test_an_unknown_enum_value_is_refused_listing_the_valid_ones(change, path, valid):
    problem = assert_refused(json_with(change), "GG014", path)
    for value in valid:
        assert value in problem.hint


def test_a_cycle_that_ends_before_it_starts_is_refused():
    problem = assert_refused(json_with(lambda d: d["cycles"][0].update(end="2026-06-30")), "GG017", "/cycles/0/end")
    assert "2026-06-30" in problem.message


@pytest.mark.parametrize("version", [2, 0, "1", True, 1.5])
def test_an_unsupported_document_version_is_refused(version):
    assert_refused(json_with(lambda d: d.update(goalgraph=version)), "GG018", "/goalgraph")


def test_a_document_that_is_a_list_is_refused():
    assert_refused("[1, 2]", "GG012", "")


# -- key results that cannot be scored -------------------------------------------------


def test_a_linear_target_equal_to_its_start_is_refused_with_a_threshold_hint():
    problem = assert_refused(json_with(lambda d: kr2(d)["metric"].update(target=0)), "GG020", f"{KR2}/metric/target")
    assert "threshold" in problem.hint


def test_an_explicit_increase_with_a_target_below_start_is_refused():
    text = json_with(lambda d: kr2(d)["metric"].update(start=1000, target=0, direction="increase"))
    assert_refused(text, "GG021", f"{KR2}/metric/direction")


def test_a_band_with_low_above_high_is_refused():
    text = json_with(lambda d: kr2(d).update(metric={"type": "band", "low": 500, "high": 100, "tolerance": 50}))
    assert_refused(text, "GG022", f"{KR2}/metric/low")


def test_steps_that_are_not_strictly_monotone_are_refused():
    steps = [[100, 0.3], [300, 0.7], [200, 1.0]]
    assert_refused(
        json_with(lambda d: kr2(d).update(metric={"type": "steps", "steps": steps})), "GG023", f"{KR2}/metric/steps"
    )


def test_a_boolean_check_in_on_a_numeric_metric_is_refused():
    text = json_with(lambda d: kr2(d)["checkins"][1].update(value=True))
    assert_refused(text, "GG024", f"{KR2}/checkins/1/value")


def test_a_number_check_in_on_a_milestone_is_refused():
    text = json_with(lambda d: kr1(d)["checkins"][0].update(value=1))
    assert_refused(text, "GG024", "/objectives/0/key_results/0/checkins/0/value")


def test_a_key_result_that_reads_a_kpi_and_has_check_ins_is_refused():
    text = json_with(lambda d: kr2(d)["metric"].update(kpi="traffic"))
    assert_refused(text, "GG027", f"{KR2}/checkins")


# -- names from the registry -------------------------------------------------------------


def custom_metric(d: dict[str, Any]) -> None:
    kr2(d)["metric"] = {"type": "custom", "name": "percent", "params": {"scale": 100}}


def custom_rollup(d: dict[str, Any]) -> None:
    o1(d)["rollup"] = "median"


def percent_and_median() -> Registry:
    registry = Registry()
    registry.scorer("percent")(lambda value, params: value / params["scale"])
    registry.aggregator("median")(lambda contributions: contributions[len(contributions) // 2].score)
    return registry


@pytest.mark.parametrize(
    ("change", "path"),
    [(custom_metric, f"{KR2}/metric/name"), (custom_rollup, "/objectives/0/rollup")],
    ids=["scorer", "aggregator"],
)
def test_an_unregistered_scorer_or_aggregator_name_is_refused(change, path):
    assert_refused(json_with(change), "GG025", path)


@pytest.mark.parametrize("change", [custom_metric, custom_rollup], ids=["scorer", "aggregator"])
def test_a_name_registered_on_the_registry_passed_to_loads_is_accepted(change):
    graph = goalgraph.loads(json_with(change), registry=percent_and_median())
    assert "O1" in graph.objectives


# -- owners and levels ---------------------------------------------------------------------


def test_an_owner_level_outside_the_levels_is_refused():
    problem = assert_refused(json_with(lambda d: d["owners"][1].update(level="squad")), "GG029", "/owners/1/level")
    assert "team" in problem.message


def test_a_documents_own_levels_are_accepted():
    def change(d: dict[str, Any]) -> None:
        d["levels"] = ["org", "tribe", "squad"]
        d["owners"][0]["level"] = "org"
        d["owners"][1]["level"] = "squad"

    graph = goalgraph.loads(json_with(change))
    assert graph.levels == ("org", "tribe", "squad")
    assert graph.owners["marketing"].level == "squad"


def test_a_default_level_outside_a_documents_own_levels_is_refused():
    text = json_with(lambda d: d.update(levels=["company", "squad"]))
    assert_refused(text, "GG029", "/owners/1/level")


def test_owners_whose_parents_form_a_cycle_are_refused():
    problem = assert_refused(
        json_with(lambda d: d["owners"][0].update(parent="marketing")), "GG031", "/owners/0/parent"
    )
    assert "acme -> marketing -> acme" in problem.message


# -- alignment cycles ------------------------------------------------------------------------


def objectives_aligned(links: dict[str, list[str]]) -> str:
    """A document whose objectives A, B, C... align as ``links`` says."""
    doc = spec_with(lambda d: None)
    doc["objectives"] = [objective(oid, cycle="2026-Q3", aligns_to=parents) for oid, parents in links.items()]
    doc.pop("kpis")
    return json.dumps(doc)


def cycle_refused(text: str) -> CycleError:
    with pytest.raises(CycleError) as info:
        goalgraph.loads(text)
    return info.value


def assert_cycle_in_order(cycle: tuple[str, ...], links: dict[str, list[str]]) -> None:
    assert cycle[0] == cycle[-1]
    for child, parent in itertools.pairwise(cycle):
        assert parent in links[child], (child, parent)


def test_a_two_objective_alignment_cycle_is_a_cycle_error_naming_it():
    links = {"A": ["B"], "B": ["A"]}
    err = cycle_refused(objectives_aligned(links))
    only(err, "GG030", "/objectives/0/aligns_to/0")
    assert sorted(err.cycle[:-1]) == ["A", "B"]
    assert_cycle_in_order(err.cycle, links)


def test_a_longer_alignment_cycle_is_a_cycle_error_naming_its_ids_in_order():
    links = {"A": ["B"], "B": ["C"], "C": ["D"], "D": ["A"], "E": ["A"]}
    err = cycle_refused(objectives_aligned(links))
    assert err.problems[0].code == "GG030"
    assert err.problems[0].path.startswith("/objectives/")
    assert sorted(err.cycle[:-1]) == ["A", "B", "C", "D"]
    assert_cycle_in_order(err.cycle, links)


def test_an_objective_aligned_to_itself_is_a_cycle_error():
    err = cycle_refused(objectives_aligned({"A": [], "B": ["A", "B"]}))
    only(err, "GG030", "/objectives/1/aligns_to/1")
    assert err.cycle == ("B", "B")


def test_a_cycle_through_a_key_result_points_at_a_link_even_when_it_starts_at_the_key_result():
    # Z aligns to the key result KY first, so the cycle is found starting
    # there; its first step (KY -> Y) is not a link, the next one is.
    doc = spec_with(lambda d: None)
    doc.pop("kpis")
    doc["objectives"] = [
        objective("Z", cycle="2026-Q3", aligns_to=["KY"]),
        objective("Y", key_result("KY", metric={"type": "rollup"}), cycle="2026-Q3", aligns_to=["X"]),
        objective("X", cycle="2026-Q3", aligns_to=["KY"]),
    ]
    err = cycle_refused(json.dumps(doc))
    assert set(err.cycle) == {"KY", "Y", "X"}
    assert err.problems[0].path in ("/objectives/1/aligns_to/0", "/objectives/2/aligns_to/0")


# -- YAML features that are not plain data -----------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ['!!python/object/apply:os.system ["echo hi > {marker}"]', "!!set {{a: null, b: null}}", "!foo bar"],
    ids=["python object", "set", "local tag"],
)
def test_a_yaml_object_tag_is_refused_and_never_constructed(value, tmp_path):
    marker = tmp_path / "ran"
    text = YAML_SMALL + "x-host: " + value.format(marker=marker) + "\n"
    assert_refused(text, "GG005", "/x-host")
    assert not marker.exists()


def test_a_yaml_alias_is_refused():
    err = refused(YAML_SMALL + "x-a: &anchor [1, 2]\nx-b: *anchor\n")
    assert [(p.code, p.path) for p in err.problems] == [("GG004", "/x-a"), ("GG004", "/x-b")]


def test_a_yaml_alias_bomb_is_refused_fast_without_expanding_it():
    lines = ["goalgraph: 1", 'x-l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"x-l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    start = time.perf_counter()
    err = refused("\n".join(lines) + "\n")  # 9 ** 9 = 387 million strings if expanded
    assert time.perf_counter() - start < 2
    assert {p.code for p in err.problems} == {"GG004"}
    assert err.problems[0].path == "/x-l0"


def test_a_self_referencing_yaml_alias_is_refused():
    err = refused("goalgraph: 1\nx-a: &x [1, *x]\n")
    assert [(p.code, p.path) for p in err.problems] == [("GG004", "/x-a"), ("GG004", "/x-a/1")]


def test_several_yaml_documents_in_one_stream_are_refused():
    assert_refused("goalgraph: 1\n---\ngoalgraph: 1\n", "GG006", "")


# -- syntax, encoding, limits ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "format", "where"),
    [
        ('{\n  "goalgraph": 1,\n  "owners": [}\n', "json", "line 3, column"),
        ("goalgraph: 1\nowners: [\n  {id: a\n", "yaml", "line 4, column"),
        ("goalgraph: 1\n  owners: x\n", "yaml", "line 2, column"),
    ],
    ids=["json", "yaml unclosed", "yaml indentation"],
)
def test_unparseable_text_is_refused_with_its_line_and_column(text, format, where):
    problem = assert_refused(text, "GG001", "", format)
    assert where in problem.message


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("goalgraph: 1\nx-name: Müller\n".encode("latin-1"))
    with pytest.raises(ValidationError) as info:
        goalgraph.load(path)
    only(info.value, "GG001", "")
    assert "UTF-8" in info.value.problems[0].message


def test_input_over_the_size_limit_is_refused_before_parsing():
    # Not even valid JSON: the size is checked first.
    problem = assert_refused("{" * 101, "GG002", "", limits=Limits(max_bytes=100))
    assert "100" in problem.message


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        goalgraph.load(path, limits=Limits(max_bytes=100))
    only(info.value, "GG002", "")


def test_a_document_over_the_node_limit_is_refused():
    # The spec example holds 1 cycle, 2 owners, 2 objectives, 3 key results and 1 KPI.
    problem = assert_refused(json.dumps(SPEC), "GG002", "", limits=Limits(max_nodes=3))
    assert "9" in problem.message


def test_a_deep_yaml_nest_is_refused_without_recursion_error():
    text = "goalgraph: 1\nx-deep: " + "[" * 200 + "]" * 200 + "\n"
    err = refused(text)
    assert [p.code for p in err.problems] == ["GG003"]
    assert err.problems[0].path.startswith("/x-deep/0/0/")


def test_a_deep_json_nest_is_refused_without_recursion_error():
    assert_refused("[" * 100_000, "GG003", "")


def test_an_x_value_nested_deeper_than_the_limit_is_refused():
    nest: Any = 1
    for _ in range(12):
        nest = [nest]
    text = json_with(lambda d: o1(d).update({"x-deep": nest}))
    # The path names the list that is one level too deep: 3 levels to the objective, 7 in the value.
    assert_refused(text, "GG003", "/objectives/0/x-deep/0/0/0/0/0/0/0", limits=Limits(max_depth=10))


def test_an_x_value_within_the_depth_limit_is_accepted():
    text = json_with(lambda d: o1(d).update({"x-deep": [[[1]]]}))
    graph = goalgraph.loads(text, limits=Limits(max_depth=10))
    assert graph.objectives["O1"].extra["x-deep"] == (((1,),),)


# -- the error itself -----------------------------------------------------------------------------


def test_one_error_lists_every_problem_in_the_document():
    def change(d: dict[str, Any]) -> None:
        kr2(d)["weight"] = -2  # O1's second key result
        o2(d)["kind"] = "stretch"  # the objective O2
        o2_kr1(d)["metric"]["target"] = 40000  # O2's key result: target == start
        kpi(d)["frequency"] = "hourly"  # the KPI
        d["owners"][1]["x-team"] = float("nan")  # an owner's x- value

    err = refused(json_with(change))
    assert sorted((p.code, p.path) for p in err.problems) == [
        ("GG013", "/owners/1/x-team"),
        ("GG014", "/kpis/0/frequency"),
        ("GG014", "/objectives/1/kind"),
        ("GG015", f"{KR2}/weight"),
        ("GG020", "/objectives/1/key_results/0/metric/target"),
    ]
    assert str(err).startswith("5 problems in the document:")


def test_the_error_of_load_names_the_file(tmp_path):
    path = tmp_path / "okrs.json"
    path.write_text(json_with(lambda d: kr2(d).update(weight=-1)), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        goalgraph.load(path)
    assert info.value.source == str(path)
    assert str(path) in str(info.value)
    assert f"{KR2}/weight" in str(info.value)


def test_a_validation_error_survives_pickling_with_its_problems():
    err = refused(json_with(lambda d: (kr2(d).update(weight=-1), o1(d).update(kind="x"))))
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is ValidationError
    assert again.problems == err.problems
    assert str(again) == str(err)


def test_a_cycle_error_survives_pickling_with_its_cycle(tmp_path):
    path = tmp_path / "okrs.json"
    path.write_text(objectives_aligned({"A": ["B"], "B": ["A"]}), encoding="utf-8")
    with pytest.raises(CycleError) as info:
        goalgraph.load(path)
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is CycleError
    assert again.cycle == info.value.cycle
    assert again.problems == info.value.problems
    assert again.source == str(path)


def test_the_key_results_of_an_objective_with_wrong_fields_are_still_read():
    # O1 has no title, and its second key result a negative weight; O2
    # aligns to that key result, which is not reported as dangling.
    def change(d: dict[str, Any]) -> None:
        o1(d).pop("title")
        kr2(d)["weight"] = -1
        o2(d)["aligns_to"] = ["O1-KR2"]

    err = refused(json_with(change))
    assert sorted((p.code, p.path) for p in err.problems) == [
        ("GG011", "/objectives/0/title"),
        ("GG015", f"{KR2}/weight"),
    ]


def test_a_refused_link_does_not_shift_the_paths_of_the_links_after_it():
    # The second link is a self-alignment: with the first link refused, no
    # problem about it may be reported at /aligns_to/0.
    text = json_with(lambda d: o2(d).update(aligns_to=[{"id": "O1", "weight": -1}, "O2"]))
    links = [(p.code, p.path) for p in refused(text).problems if "/aligns_to/" in p.path]
    assert links == [("GG015", "/objectives/1/aligns_to/0/weight")]


def test_an_entity_refused_for_one_reason_still_has_its_references_checked():
    def change(d: dict[str, Any]) -> None:
        o1(d).update(kind="stretch", owner="nobody")
        o2_kr1(d)["metric"].update(start=60000, kpi="trafic")  # target == start, and a misspelt KPI

    err = refused(json_with(change))
    assert sorted((p.code, p.path) for p in err.problems) == [
        ("GG014", "/objectives/0/kind"),
        ("GG020", "/objectives/1/key_results/0/metric/target"),
        ("GG101", "/objectives/0/owner"),
        ("GG101", "/objectives/1/key_results/0/metric/kpi"),
    ]


def test_a_lone_utf16_surrogate_escape_in_json_is_refused_where_it_stands():
    text = json.dumps(spec_with(lambda d: o1(d).update(title="Grow \ud800")))  # json writes it as an escape
    assert "\\ud800" in text
    assert_refused(text, "GG001", "/objectives/0/title")


def test_a_surrogate_pair_escape_in_json_is_one_character_and_round_trips():
    text = json.dumps(spec_with(lambda d: o1(d).update(title="Grow \U0001f680")))  # written as two escapes
    assert "\\ud83d\\ude80" in text
    graph = goalgraph.loads(text)
    assert graph.objectives["O1"].title == "Grow \U0001f680"
    assert goalgraph.loads(goalgraph.dumps(graph)).objectives["O1"].title == "Grow \U0001f680"

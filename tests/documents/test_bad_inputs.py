"""The bad-input list of issue #9, the cases no other test file covers, and the host guarantees.

The list is the 41 rows of "Bad inputs goalgraph must reject or survive" in
the research notes; docs/guarantees.rst maps every row to the test that
shows goalgraph's behaviour, most of them in test_refusals.py. Each test
here names its row ("list #4"). Where the specification and the list
disagree, the specification decides, and the test asserts the
specification's behaviour.

The last tests are the host guarantees that are not about one input (no
network; no code in goalgraph that evaluates text or unpickles), and a check
that the Guarantees page names only tests that exist.
"""

from __future__ import annotations

import ast
import copy
import datetime
import io
import json
import pathlib
import random
import re
import socket
import unicodedata
from typing import Any

import dask.bag
import pytest
import yaml

import goalgraph
import goalgraph.dask
from goalgraph import Checkin, GoalGraph, KeyResult, LinearMetric, Objective, Policy, ValidationError
from goalgraph._cli import main
from tests import builders
from tests.conftest import DATA

SRC = pathlib.Path(__file__).parents[2] / "src" / "goalgraph"
SPEC_YAML = (DATA / "spec_example.yaml").read_text(encoding="utf-8")
# The example document of SPEC §8 as JSON-ready data (dates as ISO strings).
SPEC = json.loads(json.dumps(yaml.safe_load(SPEC_YAML), default=str))
KR2 = "/objectives/0/key_results/1"  # O1-KR2: linear 0 -> 1000, weight 2, check-ins 120 then 430
AS_OF = "2026-09-01"


def edited(change: Any) -> dict[str, Any]:
    doc = copy.deepcopy(SPEC)
    change(doc)
    return doc


def kr2(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["objectives"][0]["key_results"][1]


def problems(source: str | dict[str, Any], **options: Any) -> list[tuple[str, str]]:
    """The ``(code, path)`` of every problem found; fails the test when a graph comes back."""
    read = goalgraph.loads if isinstance(source, str) else goalgraph.from_dict
    with pytest.raises(ValidationError) as info:
        read(source, **options)
    return [(p.code, p.path) for p in info.value.problems]


def kr2_scored(metric: dict[str, Any], *values: Any) -> goalgraph.NodeResult:
    """O1-KR2's result with ``metric`` and one check-in per value, all on one date."""
    checkins = [{"date": "2026-08-01", "value": value} for value in values]
    graph = goalgraph.from_dict(edited(lambda d: kr2(d).update(metric=metric, checkins=checkins)))
    return goalgraph.score(graph, as_of=AS_OF)["O1-KR2"]


# -- ids (list #4) ---------------------------------------------------------------------


@pytest.mark.parametrize("id", [" acme", "acme ", "\tacme", ""])
def test_an_id_with_surrounding_spaces_is_refused_not_stripped(id):  # list #4
    assert problems(edited(lambda d: d["owners"].append({"id": id, "level": "team"}))) == [("GG012", "/owners/2/id")]


def test_a_reference_with_surrounding_spaces_is_refused_not_matched_to_the_id():  # list #4
    found = problems(edited(lambda d: d["objectives"][0].update(owner="acme ")))
    assert found == [("GG012", "/objectives/0/owner"), ("GG101", "/objectives/0/owner")]


NFC = unicodedata.normalize("NFC", "Équipe")
NFD = unicodedata.normalize("NFD", "Équipe")


def test_nfc_and_nfd_forms_of_one_id_are_two_ids_never_merged():  # list #4
    # Ids are compared code point by code point, as the document wrote
    # them: nothing is normalised, so nothing is merged or renamed.
    assert NFC != NFD
    owners = [{"id": NFC, "level": "team", "parent": "acme"}, {"id": NFD, "level": "team", "parent": "acme"}]
    graph = goalgraph.from_dict(edited(lambda d: d["owners"].extend(owners)))
    assert list(graph.owners)[-2:] == [NFC, NFD]
    assert goalgraph.loads(goalgraph.dumps(graph)).owners.keys() == graph.owners.keys()


def test_a_reference_in_the_other_normal_form_is_dangling_not_silently_matched():  # list #4
    doc = edited(lambda d: (d["owners"].append({"id": NFC, "level": "team"}), d["objectives"][1].update(owner=NFD)))
    assert problems(doc) == [("GG101", "/objectives/1/owner")]


def test_ids_differing_only_in_case_are_two_ids():  # list #4
    graph = goalgraph.from_dict(edited(lambda d: d["owners"].append({"id": "ACME", "level": "company"})))
    assert {"acme", "ACME"} <= graph.owners.keys()


# -- a diamond (list #5) --------------------------------------------------------------


def test_a_diamond_counts_each_edge_once_in_its_own_parent():  # list #5
    # D aligns to B and C, which both align to A: A reached by two paths.
    def objective(id: str, score: float | None, aligns_to: list[str]) -> dict[str, Any]:
        krs = [] if score is None else [builders.key_result(f"{id}-KR", score)]  # linear 0 -> 100
        return builders.objective(id, *krs, cycle="2026-Q3", aligns_to=aligns_to)

    doc = edited(
        lambda d: d.update(
            objectives=[
                objective("A", None, []),
                objective("B", 100, ["A"]),
                objective("C", 0, ["A"]),
                objective("D", 40, ["B", "C"]),
            ],
            kpis=[],
        )
    )
    card = goalgraph.score(goalgraph.from_dict(doc), as_of=AS_OF)
    assert card["D"].score == 0.4
    assert [(c.id, c.score) for c in card["B"].contributions] == [("B-KR", 1.0), ("D", 0.4)]
    assert [(c.id, c.score) for c in card["C"].contributions] == [("C-KR", 0.0), ("D", 0.4)]
    assert [c.id for c in card["A"].contributions] == ["B", "C"]
    assert card["A"].score == pytest.approx((0.7 + 0.2) / 2)


# -- current beyond the target, below the start (list #7, #8) -----------------------------


@pytest.mark.parametrize(("value", "progress", "score"), [(1500, 1.5, 1.0), (-200, -0.2, 0.0)])
def test_the_raw_progress_is_kept_and_only_the_score_is_clamped(value, progress, score):  # list #7, #8
    graph = goalgraph.from_dict(edited(lambda d: kr2(d).update(checkins=[{"date": "2026-08-01", "value": value}])))
    card = goalgraph.score(graph, as_of=AS_OF)
    assert (card["O1-KR2"].progress, card["O1-KR2"].score) == (progress, score)
    # The parent rolls up the clamped score, never the raw progress.
    assert [c.score for c in card["O1"].contributions if c.id == "O1-KR2"] == [score]


# -- non-finite numbers from the Python API (list #10) ----------------------------------


def test_non_finite_floats_from_the_api_are_refused_before_any_arithmetic():  # list #10
    with pytest.raises(ValidationError) as info:
        Checkin(datetime.date(2026, 8, 1), float("nan"))
    assert [(p.code, p.path) for p in info.value.problems] == [("GG013", "/value")]
    graph = goalgraph.load(DATA / "spec_example.yaml")
    with pytest.raises(ValidationError):
        graph.add_checkin("O1-KR2", Checkin(datetime.date(2026, 8, 2), float("inf")))
    assert graph.key_results["O1-KR2"].checkins[-1].value == 430


# -- huge magnitudes with a tiny span (list #12) ------------------------------------------


def test_integers_beyond_float_precision_keep_their_exact_span():  # list #12
    # 10**16 + 1 has no float; the difference of two ints is exact, and
    # int / int rounds once, so the progress is exactly 0.5, not 0.
    metric = {"type": "linear", "start": 10**16, "target": 10**16 + 2}
    assert kr2_scored(metric, 10**16 + 1).progress == 0.5
    text = json.dumps(edited(lambda d: kr2(d).update(metric=metric)))
    assert goalgraph.loads(text).key_results["O1-KR2"].metric.target == 10**16 + 2


def test_decimals_are_read_as_the_nearest_double_like_any_json_reader():  # list #12
    # 1e16 and 1e16 + 2 are doubles, so the span survives; 10000000000000001.0
    # is not, and is read as 1e16, as JSON and YAML readers read it.
    metric = {"type": "linear", "start": 1e16, "target": 1e16 + 2}
    assert kr2_scored(metric, 1e16 + 2).progress == 1.0
    text = json.dumps(edited(lambda d: kr2(d).update(metric=metric, checkins=[{"date": "2026-08-01", "value": "V"}])))
    graph = goalgraph.loads(text.replace('"V"', "10000000000000001.0"))
    assert graph.key_results["O1-KR2"].checkins[0].value == 1e16


# -- weights (list #15, #16) ------------------------------------------------------------


def test_all_zero_weights_leave_the_parent_unscored_with_an_error_finding():  # list #15
    def zero(doc: dict[str, Any]) -> None:
        for kr in doc["objectives"][0]["key_results"]:
            kr["weight"] = 0
        doc["objectives"][1]["aligns_to"] = [{"id": "O1", "weight": 0}]

    graph = goalgraph.from_dict(edited(zero))
    card = goalgraph.score(graph, as_of=AS_OF)
    assert (card["O1"].score, card["O1"].provenance) == (None, "missing")
    found = [(f.code, f.severity) for f in goalgraph.check(graph, as_of=AS_OF) if f.node == "O1"]
    assert ("GG107", "error") in found


def test_an_objective_with_no_contributors_is_unscored_with_an_error_finding():  # list #15
    graph = goalgraph.from_dict(edited(lambda d: d["objectives"][1].update(key_results=[], aligns_to=[])))
    assert goalgraph.score(graph, as_of=AS_OF)["O2"].score is None
    found = [(f.code, f.severity) for f in goalgraph.check(graph, as_of=AS_OF) if f.node == "O2"]
    assert ("GG106", "error") in found


@pytest.mark.parametrize("weights", [(33, 33, 33), (34, 34, 33), (1, 1, 1)])
def test_weights_are_relative_so_percentages_need_not_sum_to_100(weights):  # list #16
    def three(doc: dict[str, Any]) -> None:
        metric = {"type": "linear", "start": 0, "target": 4}
        doc["objectives"][0]["key_results"] = [
            {
                "id": f"K{i}",
                "title": "k",
                "weight": w,
                "metric": metric,
                "checkins": [{"date": "2026-08-01", "value": i}],
            }
            for i, w in enumerate(weights, start=1)
        ]
        doc["objectives"][1]["aligns_to"] = []

    result = goalgraph.score(goalgraph.from_dict(edited(three)), as_of=AS_OF)["O1"]
    expected = sum(w * i / 4 for i, w in enumerate(weights, start=1)) / sum(weights)
    assert result.score == pytest.approx(expected)
    assert sum(c.share for c in result.contributions) == pytest.approx(1.0)


# -- percent and locale strings where a number belongs (list #17, #18) -----------------------


@pytest.mark.parametrize("text", ["50%", "1.234,5", "$1,000", "1,000", "50 %"])
@pytest.mark.parametrize(
    ("where", "place"),
    [
        ("check-in", lambda d, t: kr2(d)["checkins"][0].update(value=t)),
        ("weight", lambda d, t: kr2(d).update(weight=t)),
    ],
)
def test_formatted_numbers_are_refused_in_json(text, where, place):  # list #17, #18
    path = f"{KR2}/checkins/0/value" if where == "check-in" else f"{KR2}/weight"
    assert problems(json.dumps(edited(lambda d: place(d, text)))) == [("GG012", path)]


def test_a_percent_in_yaml_is_text_and_refused():  # list #17
    text = SPEC_YAML.replace("{date: 2026-07-15, value: 120}", "{date: 2026-07-15, value: 12%}")
    assert problems(text) == [("GG012", f"{KR2}/checkins/0/value")]


def test_a_score_override_on_the_percent_scale_is_refused():  # list #17
    # Scores are on one scale, 0 to 1; 50 is not read as 50 %.
    assert problems(edited(lambda d: d["objectives"][0].update(score_override=50))) == [
        ("GG015", "/objectives/0/score_override")
    ]


# -- YAML 1.1 implicit typing (list #24) ------------------------------------------------------


@pytest.mark.parametrize(("written", "read"), [("1e3", 1000.0), ("1.0e+3", 1000.0), (".5", 0.5), ("+5", 5)])
def test_yaml_numbers_are_read_as_yaml_1_2_reads_them(written, read):  # list #24; 1e3 was text in YAML 1.1
    graph = goalgraph.loads(SPEC_YAML.replace("weight: 2", f"weight: {written}"))
    weight = graph.key_results["O1-KR2"].weight
    assert weight == read
    assert type(weight) is type(read)


def test_dates_are_read_as_dates_from_yaml_and_from_json_strings():  # list #24
    from_yaml = goalgraph.loads(SPEC_YAML).key_results["O1-KR2"].checkins
    from_json = goalgraph.loads(json.dumps(SPEC)).key_results["O1-KR2"].checkins
    assert from_yaml == from_json
    assert from_yaml[0].date == datetime.date(2026, 7, 15)


# -- date-times where a date belongs (list #30) ---------------------------------------------


@pytest.mark.parametrize("written", ["2026-07-15T10:00:00", "2026-07-15 10:00:00", "2026-07-15T10:00:00+02:00"])
def test_a_date_time_where_a_date_belongs_is_refused_in_yaml(written):  # list #30
    text = SPEC_YAML.replace("{date: 2026-07-15, value: 120}", f"{{date: {written}, value: 120}}")
    assert problems(text) == [("GG012", f"{KR2}/checkins/0/date")]


@pytest.mark.parametrize("written", ["2026-07-15T10:00:00", "2026-07-15T10:00:00Z", "2026-07-15T10:00:00+02:00"])
def test_a_date_time_where_a_date_belongs_is_refused_in_json(written):  # list #30
    doc = edited(lambda d: kr2(d)["checkins"][0].update(date=written))
    assert problems(json.dumps(doc)) == [("GG012", f"{KR2}/checkins/0/date")]


def test_a_date_time_check_in_is_refused_in_code():  # list #30
    with pytest.raises(ValidationError) as info:
        Checkin(datetime.datetime(2026, 7, 15, 10, tzinfo=datetime.UTC), 120)
    assert [(p.code, p.path) for p in info.value.problems] == [("GG012", "/date")]


# -- two readings on one date (list #31) ---------------------------------------------------


@pytest.mark.parametrize(("values", "current"), [((100, 300), 300), ((300, 100), 100)])
def test_two_check_ins_on_one_date_the_later_in_the_list_wins(values, current):  # list #31
    # SPEC §2: "ties: the later one in the list wins". Both stay in the graph.
    result = kr2_scored({"type": "linear", "start": 0, "target": 1000}, *values)
    assert result.value == current
    assert result.progress == current / 1000


def test_two_kpi_measurements_on_one_date_the_later_in_the_list_wins():  # list #31
    measurements = [{"date": "2026-08-31", "value": 49000}, {"date": "2026-08-31", "value": 51000}]
    graph = goalgraph.from_dict(edited(lambda d: d["kpis"][0].update(measurements=measurements)))
    card = goalgraph.score(graph, as_of=AS_OF)
    assert card["traffic"].value == 51000
    assert card["O2-KR1"].value == 51000  # the key result that reads the KPI


# -- missing current value (list #32) ---------------------------------------------------------


@pytest.mark.parametrize(("missing", "o1"), [("zero", 1 / 3), ("skip", 1.0), ("propagate", None)])
def test_a_key_result_with_no_value_is_unscored_and_its_parent_follows_the_policy(missing, o1):  # list #32
    # O1: the milestone (done, weight 1) and O1-KR2 (weight 2, now without check-ins); O2 no longer aligns to it.
    graph = goalgraph.from_dict(edited(lambda d: (kr2(d).pop("checkins"), d["objectives"][1].update(aligns_to=[]))))
    card = goalgraph.score(graph, as_of=AS_OF, policy=Policy(missing=missing))
    assert (card["O1-KR2"].progress, card["O1-KR2"].score, card["O1-KR2"].provenance) == (None, None, "missing")
    assert card["O1"].score == (None if o1 is None else pytest.approx(o1))


# -- a very wide parent (list #34) -------------------------------------------------------------


def test_a_wide_parent_scores_the_same_in_any_order_of_its_children():  # list #34
    # Weights 10**16 and 1 side by side: a plain running sum would lose the
    # small terms depending on the order; math.fsum does not.
    width = 10_000
    metric = LinearMetric(start=0, target=width)
    krs = [
        KeyResult(
            id=f"k{i}",
            title="k",
            metric=metric,
            weight=10**16 if i % 1000 == 0 else 1,
            checkins=(Checkin(datetime.date(2026, 8, 1), i),),
        )
        for i in range(width)
    ]

    def wide(order: list[KeyResult]) -> float | None:
        graph = GoalGraph()
        graph.add_cycle(goalgraph.Cycle("Q3", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)))
        graph.add_owner(goalgraph.Owner("acme", "company"))
        graph.add_objective(Objective(id="O", title="wide", owner="acme", cycle="Q3"))
        for kr in order:
            graph.add_key_result("O", kr)
        return goalgraph.score(graph, as_of=AS_OF)["O"].score

    shuffled = krs.copy()
    random.Random(9).shuffle(shuffled)
    first = wide(krs)
    assert first == wide(shuffled)
    heavy = range(0, width, 1000)
    expected = (sum(10**16 * i for i in heavy) + sum(i for i in range(width) if i % 1000)) / width
    total = 10**16 * len(heavy) + width - len(heavy)
    assert first == pytest.approx(expected / total, rel=1e-15)


# -- bidi controls in labels (list #35) --------------------------------------------------------

BIDI = "\u202eevil\u202c \u2067isolated\u2069 \u200f"


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "html"])
def test_bidi_controls_in_a_title_are_kept_as_text_and_cannot_reach_the_id(fmt):  # list #35
    # goalgraph neither strips nor flags them (the spec is silent; see
    # docs/guarantees.rst): the title is written as it is, escaped like any
    # text, and the id, which a document cannot hide, stays on its own line.
    graph = goalgraph.from_dict(edited(lambda d: d["objectives"][0].update(title="Grow " + BIDI)))
    picture = goalgraph.render(graph, fmt, as_of=AS_OF)
    assert BIDI in picture
    line = next(line for line in picture.splitlines() if BIDI in line)
    if fmt == "html":
        assert f'<span class="title">Grow {BIDI}</span>' in line
    else:
        separator = "<br/>" if fmt == "mermaid" else "\\n"
        before, after = line.split(BIDI)
        assert before.endswith(f"O1{separator}Grow ")
        assert after.startswith(separator)


# -- a very long title (list #37), too many links (list #22) ------------------------------------


def test_a_megabyte_title_is_refused_over_the_text_limit_where_it_stands():  # list #37
    title = "x" * 1_000_000
    text = json.dumps(edited(lambda d: d["objectives"][0].update(title=title)))
    with pytest.raises(ValidationError) as info:
        goalgraph.loads(text)
    assert [(p.code, p.path) for p in info.value.problems] == [("GG002", "/objectives/0/title")]
    assert "max_text" in info.value.problems[0].hint
    graph = goalgraph.loads(text, limits=goalgraph.Limits(max_text=len(title)))  # the limit is inclusive
    assert graph.objectives["O1"].title == title


def test_a_title_at_the_default_text_limit_is_read():  # list #37
    title = "x" * goalgraph.Limits().max_text
    assert goalgraph.from_dict(edited(lambda d: d["objectives"][0].update(title=title))).objectives["O1"].title == title
    assert problems(edited(lambda d: d["objectives"][0].update(title=title + "x"))) == [
        ("GG002", "/objectives/0/title")
    ]


def test_a_document_over_the_link_limit_is_refused():  # list #22
    # The example's links: three key results to their objectives, O2 -> O1, traffic -> O2.
    assert goalgraph.from_dict(SPEC, limits=goalgraph.Limits(max_edges=5)).nx.number_of_edges() == 5
    assert problems(SPEC, limits=goalgraph.Limits(max_edges=4)) == [("GG002", "")]


# -- KPI links that could close a loop (list #38) ---------------------------------------------


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["kpis"][0].update(supports=["traffic"]), "/kpis/0/supports/0"),
        (
            lambda d: d["kpis"].append({"id": "signups", "name": "Signups", "supports": ["traffic"]}),
            "/kpis/1/supports/0",
        ),
        (lambda d: d["objectives"][1].update(aligns_to=["traffic"]), "/objectives/1/aligns_to/0/id"),
    ],
    ids=["KPI supports itself", "KPI supports a KPI", "objective aligns to a KPI"],
)
def test_nothing_may_point_at_a_kpi_so_kpis_never_form_a_cycle(change, path):  # list #38
    # Documents declare no lead/lag links: classify() computes them. The
    # only links a KPI has go out of it, and no link may end at one.
    assert problems(edited(change)) == [("GG101", path)]


# -- no network: the whole pipeline with sockets forbidden ---------------------------------------


class NetworkUsedError(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise NetworkUsedError("goalgraph opened a socket or resolved a name")

    monkeypatch.setattr(socket.socket, "__init__", forbidden)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, forbidden)
    with pytest.raises(NetworkUsedError):  # the guard itself works
        socket.create_connection(("example.com", 80))


def test_the_whole_pipeline_runs_without_the_network(no_network, tmp_path, capsys):
    graph = goalgraph.load(DATA / "spec_example.yaml")
    graph = goalgraph.loads(goalgraph.dumps(graph))
    card = goalgraph.score(graph, as_of=AS_OF)
    json.dumps(card.to_dict(), allow_nan=False)
    goalgraph.check(graph, as_of=AS_OF)
    goalgraph.classify(graph, as_of=AS_OF)
    for fmt in ("mermaid", "dot", "html"):
        goalgraph.render(graph, fmt, as_of=AS_OF)
    goalgraph.json_schema()
    goalgraph.table_csv(goalgraph.score_table(graph, as_of=AS_OF))
    goalgraph.read_goals_csv(io.StringIO(goalgraph.goals_csv(graph)))
    goalgraph.score_many([graph, SPEC], as_of=AS_OF)
    goalgraph.dump(graph, tmp_path / "out.yaml")
    bag = dask.bag.from_sequence([SPEC], npartitions=1)
    rows = goalgraph.dask.score_bag(bag, as_of=AS_OF, key=lambda doc: "acme").compute(scheduler="sync")
    assert rows
    assert main(["demo"]) == 0
    assert capsys.readouterr().out


# -- no eval, no exec, no unpickling, no unsafe YAML ---------------------------------------------

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint", "input"}
FORBIDDEN_YAML = {"load", "load_all", "unsafe_load", "full_load", "unsafe_load_all", "full_load_all"}
FORBIDDEN_MODULES = {
    "pickle",
    "marshal",
    "shelve",
    "dill",
    "subprocess",
    "socket",
    "urllib",
    "http",
    "requests",
    "ftplib",
    "smtplib",
    "ctypes",
    "code",
    "codeop",
}


def offences(source: str, name: str) -> list[str]:
    """Each import, call or yaml loader in ``source`` that could run text as code or reach the network."""
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        else:
            modules = []
        found += [f"{where} imports {m}" for m in modules if m.split(".")[0] in FORBIDDEN_MODULES]
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in FORBIDDEN_CALLS:
            found.append(f"{where} calls {function.id}()")
        elif isinstance(function, ast.Attribute):
            owner = function.value.id if isinstance(function.value, ast.Name) else ""
            if owner == "yaml" and function.attr in FORBIDDEN_YAML:
                found.append(f"{where} calls yaml.{function.attr}()")
            # Importing a module by name is allowed only to check for an optional extra, by a fixed name.
            if function.attr == "import_module" and not (name == "dask.py" and owner == "importlib"):
                found.append(f"{where} imports a module by name")
    return found


def test_goalgraph_never_evaluates_text_unpickles_or_opens_connections():
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 30
    found = [o for path in files for o in offences(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)))]
    assert found == []


def test_the_source_check_finds_what_it_forbids():
    source = "import pickle\nfrom urllib.request import urlopen\neval('1')\nyaml.load(s)\nimportlib.import_module(m)\n"
    assert offences(source, "x.py") == [
        "x.py:1 imports pickle",
        "x.py:2 imports urllib.request",
        "x.py:3 calls eval()",
        "x.py:4 calls yaml.load()",
        "x.py:5 imports a module by name",
    ]


def test_yaml_is_built_from_parse_events_and_no_constructor_runs(monkeypatch):
    # No PyYAML constructor, safe or not, builds the data: goalgraph builds it from the events.
    def refuse(*args, **kwargs):
        raise AssertionError("a PyYAML constructor ran")

    for constructor in (yaml.constructor.BaseConstructor, yaml.constructor.SafeConstructor):
        monkeypatch.setattr(constructor, "construct_object", refuse)
        monkeypatch.setattr(constructor, "construct_document", refuse)
    assert goalgraph.loads(SPEC_YAML).key_results["O1-KR2"].weight == 2


# -- the Guarantees page stays true to this suite -------------------------------------------------


def test_the_guarantees_page_has_every_row_and_names_only_tests_that_exist():
    page = (pathlib.Path(__file__).parents[2] / "docs" / "guarantees.rst").read_text(encoding="utf-8")
    assert re.findall(r"^   \* - (\d+)$", page, re.MULTILINE) == [str(row) for row in range(1, 42)]
    named = set(re.findall(r"``(test_\w+\.py)::(test_\w+)``", page))
    assert len(named) > 100
    missing = [
        f"{file}::{test}"
        for file, test in sorted(named)
        if not any(
            re.search(rf"^def {test}\(", path.read_text(encoding="utf-8"), re.M)
            for path in (pathlib.Path(__file__).parents[1]).rglob(file)
        )
    ]
    assert missing == []


def test_a_span_beyond_the_float_range_is_refused():  # list #12
    # target - start overflowed to inf: the key result scored 0 and the KPI NaN, which crashed the JSON output.
    for make in (
        lambda: goalgraph.LinearMetric(start=-1e308, target=1e308),
        lambda: goalgraph.Kpi(id="k", name="k", target=1e308, baseline=-1e308),
    ):
        with pytest.raises(goalgraph.ValidationError) as info:
            make()
        assert [(p.code, p.path) for p in info.value.problems] == [("GG013", "/target")]


def test_progress_near_the_float_range_stays_finite_and_exact_enough():  # list #12
    metric = goalgraph.LinearMetric(start=-1e308, target=1e307)
    assert metric.progress(1e307) == 1.0
    assert metric.progress(-1e308) == 0.0
    assert metric.progress(1.7e308) == pytest.approx(2.7 / 1.1)
    # beyond the float range: the largest float, never inf
    assert goalgraph.LinearMetric(start=0, target=1e-300).progress(1e300) == 1.7976931348623157e308

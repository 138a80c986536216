"""Resource limits (issue #9): each is accepted exactly at its value and refused one over it.

From Python (``Limits``), from the command line (``--max-...``), and for
the CSV import. Every refusal is a ``ValidationError`` of code GG002
(GG003 for depth) whose hint names the ``Limits`` field and the flag.
"""

from __future__ import annotations

import copy
import io
import itertools
import json
import subprocess
import sys
from typing import Any

import pytest

import goalgraph
from goalgraph import Limits, ValidationError, goals_from_rows, read_goals_csv
from goalgraph._cli import main
from tests.builders import document, key_result, linear_metric, objective

FIELDS = ("max_bytes", "max_depth", "max_nodes", "max_edges", "max_text")

# 1 cycle, 1 owner, 2 objectives, 3 key results, 1 KPI: 8 nodes.
# Edges: 3 key results to their objectives, O2 -> O1, the KPI -> O2: 5.
MILESTONE = {"type": "milestone"}
DOC: dict[str, Any] = document(
    objective(
        "O1",
        key_result("KR1", title="Customers", metric=linear_metric(target=10)),
        key_result("KR2", title="Launch", metric=MILESTONE),
        title="Grow",
    ),
    objective("O2", key_result("KR3", title="Traffic", metric=MILESTONE), title="Reach", aligns_to=["O1"]),
    kpis=[{"id": "visits", "name": "Visits", "supports": ["O2"]}],
)
NODES, EDGES = 8, 5


def doc_with(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(DOC)
    doc.update(changes)
    return doc


def nested(levels: int) -> Any:
    """A value of ``levels`` nested lists."""
    value: Any = "leaf"
    for _ in range(levels):
        value = [value]
    return value


def refusal(call: Any, code: str = "GG002") -> goalgraph.Problem:
    with pytest.raises(ValidationError) as info:
        call()
    assert [p.code for p in info.value.problems] == [code], info.value.problems
    return info.value.problems[0]


def assert_names_the_limit(problem: goalgraph.Problem, field: str) -> None:
    assert f"Limits({field}=...)" in problem.hint
    assert "--" + field.replace("_", "-") in problem.hint


# -- Limits itself -------------------------------------------------------------------------------


def test_the_defaults_are_documented():
    defaults = Limits()
    assert (defaults.max_bytes, defaults.max_depth, defaults.max_nodes) == (64 * 2**20, 32, 2_000_000)
    assert (defaults.max_edges, defaults.max_text) == (4_000_000, 10_000)
    doc = Limits.__doc__ or ""
    for field in FIELDS:
        assert f"{field} : int, default {getattr(defaults, field)}" in doc
        assert "--" + field.replace("_", "-") in doc


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", [0, -1, True, 1.5, "10"])
def test_a_limit_must_be_a_positive_integer(field, value):
    problem = refusal(lambda: Limits(**{field: value}), "GG012")
    assert problem.path == f"/{field}"


# -- each limit from Python --------------------------------------------------------------------------


def test_the_byte_limit_is_inclusive():
    text = json.dumps(DOC)
    assert goalgraph.loads(text, limits=Limits(max_bytes=len(text)))
    problem = refusal(lambda: goalgraph.loads(text, limits=Limits(max_bytes=len(text) - 1)))
    assert_names_the_limit(problem, "max_bytes")


@pytest.mark.parametrize("format", ["json", "yaml"])
def test_the_depth_limit_is_inclusive(format):
    # The document is level 1; x-deep holds 9 nested lists: 10 levels.
    doc = doc_with(**{"x-deep": nested(9)})
    text = json.dumps(doc) if format == "json" else _yaml(doc)
    assert goalgraph.loads(text, format, limits=Limits(max_depth=10)).extra["x-deep"]
    problem = refusal(lambda: goalgraph.loads(text, format, limits=Limits(max_depth=9)), "GG003")
    assert problem.path.startswith("/x-deep")
    assert_names_the_limit(problem, "max_depth")


def _yaml(doc: dict[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(doc, default_flow_style=True)


def test_the_node_limit_is_inclusive():
    assert goalgraph.from_dict(DOC, limits=Limits(max_nodes=NODES))
    problem = refusal(lambda: goalgraph.from_dict(DOC, limits=Limits(max_nodes=NODES - 1)))
    assert f"{NODES}" in problem.message
    assert_names_the_limit(problem, "max_nodes")


def test_the_edge_limit_counts_the_graphs_edges_and_is_inclusive():
    graph = goalgraph.from_dict(DOC, limits=Limits(max_edges=EDGES))
    assert graph.nx.number_of_edges() == EDGES
    problem = refusal(lambda: goalgraph.from_dict(DOC, limits=Limits(max_edges=EDGES - 1)))
    assert problem.path == ""
    assert f"{EDGES} links" in problem.message
    assert_names_the_limit(problem, "max_edges")


def test_the_edge_limit_of_the_bundled_example():
    graph = goalgraph.load_example()
    edges = graph.nx.number_of_edges()
    text = goalgraph.dumps(graph)
    assert goalgraph.loads(text, limits=Limits(max_edges=edges))
    refusal(lambda: goalgraph.loads(text, limits=Limits(max_edges=edges - 1)))


@pytest.mark.parametrize(
    ("place", "path"),
    [
        (lambda d, t: d["objectives"][0].update(title=t), "/objectives/0/title"),
        (lambda d, t: d["objectives"][0]["key_results"][1].update(title=t), "/objectives/0/key_results/1/title"),
        (lambda d, t: d["kpis"][0].update(name=t), "/kpis/0/name"),
        (lambda d, t: d["objectives"][1].update(description=t), "/objectives/1/description"),
        (lambda d, t: d["objectives"][0].update({"x-note": t}), "/objectives/0/x-note"),
        (lambda d, t: d["objectives"][0].update({"x-deep": {"a": [t]}}), "/objectives/0/x-deep/a/0"),
        (lambda d, t: d["kpis"][0].update(supports=[t]), "/kpis/0/supports/0"),
        (lambda d, t: d.update(levels=["company", t]), "/levels/1"),
        (lambda d, t: d["owners"][0].update({t: 1}), "/owners/0"),
    ],
    ids=["title", "kr title", "kpi name", "description", "x- text", "nested x- text", "supports", "level", "key"],
)
def test_the_text_limit_is_inclusive(place, path):
    accepted, over = copy.deepcopy(DOC), copy.deepcopy(DOC)
    place(accepted, "t" * 50)
    place(over, "t" * 51)
    limits = Limits(max_text=50)
    # A text that fits may still be wrong for other reasons (an unknown key), never for its length.
    assert all(p.code != "GG002" for p in _problems(accepted, limits))
    problem = refusal(lambda: goalgraph.from_dict(over, limits=limits))
    assert problem.path == path
    assert "51 characters" in problem.message
    assert_names_the_limit(problem, "max_text")


def _problems(doc: dict[str, Any], limits: Limits) -> list[goalgraph.Problem]:
    try:
        goalgraph.from_dict(doc, limits=limits)
    except ValidationError as err:
        return list(err.problems)
    return []


def test_a_title_over_the_default_text_limit_is_refused():
    doc = copy.deepcopy(DOC)
    doc["objectives"][0]["title"] = "x" * 10_001
    assert refusal(lambda: goalgraph.from_dict(doc)).path == "/objectives/0/title"


# -- the CSV import ------------------------------------------------------------------------------------

CSV = (
    "id,parent,title,owner,level,period,start,target,current,date\n"
    "O1,,Grow,acme,company,2026-Q3,,,,\n"
    "KR1,O1,Customers,,,,0,10,4,2026-08-01\n"
    "KR2,O1,Revenue,,,,0,5,1,2026-08-01\n"
)
CSV_ROWS = 3


def test_the_csv_byte_limit_is_inclusive(tmp_path):
    path = tmp_path / "goals.csv"
    path.write_text(CSV, encoding="utf-8")
    size = len(CSV.encode())
    assert read_goals_csv(path, limits=Limits(max_bytes=size))
    assert read_goals_csv(io.StringIO(CSV), limits=Limits(max_bytes=size))
    for source in (path, io.StringIO(CSV)):
        problem = refusal(lambda source=source: read_goals_csv(source, limits=Limits(max_bytes=size - 1)))
        assert_names_the_limit(problem, "max_bytes")


def test_the_csv_row_limit_is_inclusive():
    assert read_goals_csv(io.StringIO(CSV), limits=Limits(max_nodes=CSV_ROWS))
    problem = refusal(lambda: read_goals_csv(io.StringIO(CSV), limits=Limits(max_nodes=CSV_ROWS - 1)))
    assert "rows" in problem.message
    assert_names_the_limit(problem, "max_nodes")


def test_rows_are_counted_while_reading_so_an_endless_iterable_stops():
    rows = [{"id": "O1", "title": "Grow", "owner": "acme", "level": "company", "period": "2026-Q3"}]
    assert goals_from_rows(rows, limits=Limits(max_nodes=1))
    endless = itertools.repeat(rows[0])
    problem = refusal(lambda: goals_from_rows(endless, limits=Limits(max_nodes=1000)))
    assert_names_the_limit(problem, "max_nodes")


def test_the_csv_text_limit_points_at_the_cell():
    text = CSV.replace("Customers", "c" * 30)
    assert read_goals_csv(io.StringIO(text), limits=Limits(max_text=30))
    problem = refusal(lambda: read_goals_csv(io.StringIO(text), limits=Limits(max_text=29)))
    assert problem.path == "row 3, column 'title'"


# -- the command line ------------------------------------------------------------------------------------


@pytest.fixture
def document(tmp_path):
    path = tmp_path / "okrs.json"
    path.write_text(json.dumps(doc_with(**{"x-deep": nested(9)})), encoding="utf-8")
    return path


# (flag, the value at the limit) for DOC with x-deep; its size is measured in the test, and
# its longest texts are the dates. The nine lists and the leaf of x-deep count as nodes.
AT_LIMIT = {"--max-depth": 10, "--max-nodes": NODES + 10, "--max-edges": EDGES, "--max-text": 10}


@pytest.mark.parametrize("command", ["score", "check", "classify", "render"])
@pytest.mark.parametrize("flag", ["--max-bytes", *AT_LIMIT])
def test_every_reading_command_takes_every_limit(command, flag, document, capsys):
    at = document.stat().st_size if flag == "--max-bytes" else AT_LIMIT[flag]
    base = [command, str(document), "--as-of", "2026-08-15"]
    assert main([*base, flag, str(at)]) in (0, 1)  # check exits 1 for error findings
    capsys.readouterr()
    assert main([*base, flag, str(at - 1)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"goalgraph: error: 1 problem in {document}")
    assert f"Limits({flag[2:].replace('-', '_')}=...)" in err
    assert flag in err
    assert "Traceback" not in err


def test_import_csv_takes_the_limits(tmp_path, capsys):
    path = tmp_path / "goals.csv"
    path.write_text(CSV, encoding="utf-8")
    assert main(["import-csv", str(path), "--max-nodes", str(CSV_ROWS)]) == 0
    assert json.loads(capsys.readouterr().out)["goalgraph"] == 1
    assert main(["import-csv", str(path), "--max-nodes", str(CSV_ROWS - 1)]) == 2
    assert "--max-nodes" in capsys.readouterr().err
    assert main(["import-csv", str(path), "--max-bytes", "10"]) == 2
    assert "--max-bytes" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-5", "abc", "1.5", "1e6", ""])
def test_a_limit_flag_takes_positive_whole_numbers_only(value, document, capsys):
    with pytest.raises(SystemExit) as info:
        main(["score", str(document), "--max-nodes", value])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --max-nodes" in err
    assert "Traceback" not in err


def test_the_script_refuses_over_a_limit_without_a_traceback(document):
    done = subprocess.run(
        [sys.executable, "-m", "goalgraph", "score", str(document), "--max-depth", "9"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "[GG003]" in done.stderr
    assert "--max-depth" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""

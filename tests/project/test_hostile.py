"""Every hostile input, through every public entry point and every command: a GoalGraphError, or a finite result.

The corpus is ``tests/data/hostile/<class>/<variant>``: documents (``.json``,
``.yaml``), spreadsheets (``.csv``), check configurations (``config/*.toml``)
and column mappings (``mapping/*``), one small file per class and variant
of input that once escaped as a foreign exception, a NaN or a traceback.
The large inputs (deep nests, megabytes of ``x-`` values) are built here.
A host that catches :class:`goalgraph.GoalGraphError` around these calls
never gets anything else; the command line exits 2 naming the file at
fault, never with a traceback.
"""

from __future__ import annotations

import io
import json
import math
import pathlib
from collections.abc import Callable
from typing import Any

import pytest

import goalgraph
from goalgraph._cli import main

HOSTILE = pathlib.Path(__file__).parents[1] / "data" / "hostile"
AS_OF = "2026-09-01"
LATER = "2026-12-01"
DOCUMENTS = sorted(p for p in HOSTILE.glob("*/*") if p.suffix in (".json", ".yaml") and p.parent.name != "mapping")
SPREADSHEETS = sorted(HOSTILE.glob("*/*.csv"))
CONFIGS = sorted((HOSTILE / "config").glob("*.toml"))
MAPPINGS = sorted((HOSTILE / "mapping").glob("*"))
CLASSES = sorted({p.parent.name for p in HOSTILE.glob("*/*")})


def _name(path: pathlib.Path) -> str:
    return f"{path.parent.name}/{path.name}"


def finite(value: Any) -> None:
    """Fail on a NaN or an infinity anywhere in plain data."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, float):
            assert math.isfinite(node), "a non-finite number reached a result"
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)


def outputs(graph: goalgraph.GoalGraph) -> None:
    """Everything a host computes from a loaded graph; each result must be finite."""
    card = goalgraph.score(graph, as_of=AS_OF)
    finite(card.to_dict())
    json.dumps(card.to_dict(), allow_nan=False)
    rows = goalgraph.score_table(graph, card=card)
    finite(rows)
    goalgraph.table_csv(rows, goalgraph.SCORE_COLUMNS)
    owners = goalgraph.owner_scores(graph, card=card)
    finite([result.to_dict() for result in owners])
    goalgraph.table_csv(goalgraph.owner_score_table(graph, card=card), goalgraph.OWNER_SCORE_COLUMNS)
    finite([change.to_dict() for change in goalgraph.diff(goalgraph.score(graph, as_of=LATER), card)])
    assert goalgraph.diff(card, card) == []
    finite(goalgraph.edge_table(graph))
    goalgraph.table_csv(goalgraph.edge_table(graph), columns=goalgraph.EDGE_COLUMNS)
    for finding in goalgraph.check(graph, as_of=AS_OF):
        str(finding.message)
    for classification in goalgraph.classify(graph, as_of=AS_OF).values():
        finite([e.r for e in classification.evidence])
    for format in ("mermaid", "dot", "html", "svg"):
        goalgraph.render(graph, format, as_of=AS_OF)
    goalgraph.dumps(graph, "json")
    goalgraph.dumps(graph, "yaml")
    finite(graph.to_dict())


def entry_points(path: pathlib.Path) -> list[tuple[str, Callable[[], object]]]:
    """Each public way into goalgraph for the file at ``path``."""
    text = path.read_bytes().decode("utf-8", "replace")
    format = "json" if path.suffix == ".json" else "yaml"
    ways: list[tuple[str, Callable[[], object]]] = [
        ("load(path)", lambda: goalgraph.load(path)),
        ("load(bytes stream)", lambda: goalgraph.load(io.BytesIO(path.read_bytes()), format=format)),
        ("loads(text)", lambda: goalgraph.loads(text, format=format)),
    ]
    if format == "json":
        try:
            plain = json.loads(text)  # Python's own parser: what a host might hand to from_dict
        except (ValueError, RecursionError):
            plain = None
        if plain is not None:
            ways.append(("from_dict", lambda: goalgraph.from_dict(plain)))
    return ways


def settle(call: Callable[[], object]) -> object | None:
    """The result of ``call``, or None when it was refused with a GoalGraphError (any other exception fails)."""
    try:
        return call()
    except goalgraph.GoalGraphError as err:
        str(err)  # the message renders
        return None


@pytest.mark.parametrize("path", DOCUMENTS, ids=_name)
def test_a_hostile_document_is_refused_or_gives_finite_results_through_every_entry_point(path):
    for _, call in entry_points(path):
        graph = settle(call)
        if isinstance(graph, goalgraph.GoalGraph):
            settle(lambda graph=graph: outputs(graph))


@pytest.mark.parametrize("path", SPREADSHEETS, ids=_name)
def test_a_hostile_spreadsheet_is_refused_or_gives_finite_results(path):
    for call in (
        lambda: goalgraph.read_goals_csv(path),
        lambda: goalgraph.read_goals_csv(io.BytesIO(path.read_bytes())),
        lambda: goalgraph.read_goals_csv(io.StringIO(path.read_bytes().decode("utf-8", "replace"))),
    ):
        graph = settle(call)
        if isinstance(graph, goalgraph.GoalGraph):
            settle(lambda graph=graph: outputs(graph))
            goalgraph.goals_csv(graph)


@pytest.mark.parametrize("path", CONFIGS, ids=_name)
def test_a_hostile_check_configuration_is_refused_naming_it(path):
    with pytest.raises(goalgraph.GoalGraphError) as info:
        goalgraph.CheckConfig.from_toml(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("path", MAPPINGS, ids=_name)
def test_a_hostile_column_mapping_is_refused_naming_it(path):
    with pytest.raises(goalgraph.GoalGraphError) as info:
        goalgraph.ColumnMap.from_file(path)
    assert str(path) in str(info.value)


def _commands(path: pathlib.Path) -> list[list[str]]:
    file = str(path)
    if path.suffix == ".csv":
        return [["import-csv", file]]
    dated = ["--as-of", AS_OF]
    return [
        ["score", file, *dated],
        ["score", file, *dated, "--format", "json"],
        ["score", file, *dated, "--format", "csv"],
        ["score", file, *dated, "--format", "csv", "--table", "edges"],
        *(["score", file, *dated, "--format", format, "--table", "owners"] for format in ("table", "json", "csv")),
        *(["diff", file, "--from", AS_OF, "--to", LATER, "--format", format] for format in ("table", "json", "csv")),
        ["diff", file, file, "--to", AS_OF],
        ["check", file, *dated],
        ["check", file, *dated, "--format", "json"],
        ["classify", file, *dated],
        ["classify", file, *dated, "--format", "json"],
        *(["render", file, *dated, "--format", format] for format in ("mermaid", "dot", "html", "svg")),
    ]


@pytest.mark.parametrize("path", DOCUMENTS + SPREADSHEETS, ids=_name)
def test_every_command_on_a_hostile_file_exits_cleanly_and_names_the_file(path, capsys):
    for argv in _commands(path):
        status = main(argv)  # an exception here would be a traceback for the user
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        assert "internal error" not in err, (argv, err)  # the CLI's last resort for goalgraph's own bugs
        assert status in (0, 1, 2), argv
        if status == 2:
            first = err.splitlines()[0]
            assert first.startswith("goalgraph: error: "), (argv, err)
            assert str(path) in first, (argv, err)
        else:
            assert out


@pytest.mark.parametrize("path", CONFIGS, ids=_name)
def test_check_with_a_hostile_config_exits_2_naming_it(path, capsys):
    status = main(["check", str(HOSTILE.parent / "spec_example.yaml"), "--config", str(path)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("goalgraph: error: ")
    assert str(path) in err.splitlines()[0]


@pytest.mark.parametrize("path", MAPPINGS, ids=_name)
def test_import_csv_with_a_hostile_mapping_exits_2_naming_it(path, capsys):
    status = main(["import-csv", str(HOSTILE.parent / "spreadsheet" / "okr-tool-export.csv"), "--map", str(path)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("goalgraph: error: ")
    assert str(path) in err.splitlines()[0]


# -- the large inputs, built here -----------------------------------------------------------------------

SMALL = {
    "goalgraph": 1,
    "cycles": [{"id": "C", "start": "2026-07-01", "end": "2026-09-30"}],
    "owners": [{"id": "acme", "level": "company"}],
}


@pytest.mark.parametrize(
    ("format", "text"),
    [
        ("json", json.dumps(SMALL)[:-1] + ', "x-a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("yaml", "goalgraph: 1\nx-a: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("yaml", "goalgraph: 1\nx-a: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n"),
        ("yaml", "goalgraph: 1\nx-a:\n" + "".join("  " * (i + 1) + "-\n" for i in range(3_000))),
    ],
    ids=["json list nest", "yaml flow list nest", "yaml flow mapping nest", "yaml block nest"],
)
def test_a_nest_100_000_deep_is_too_deep_not_a_syntax_error(format, text):
    with pytest.raises(goalgraph.ValidationError) as info:
        goalgraph.loads(text, format=format)
    assert [p.code for p in info.value.problems] == ["GG003"]


@pytest.mark.parametrize("format", ["json", "yaml"])
def test_millions_of_x_values_are_refused_by_the_node_limit(format):
    count = 300_000
    if format == "json":
        text = json.dumps(SMALL)[:-1] + ', "x-a": [' + "1," * count + "1]}"
    else:
        text = "goalgraph: 1\nx-a: [" + "1, " * count + "1]\n"
    with pytest.raises(goalgraph.ValidationError) as info:
        goalgraph.loads(text, format=format, limits=goalgraph.Limits(max_nodes=count // 2))
    ((code, path),) = [(p.code, p.path) for p in info.value.problems]
    assert (code, path) == ("GG002", "/x-a")
    # Within the limit it loads, and each value counts once.
    graph = goalgraph.loads(text, format=format, limits=goalgraph.Limits(max_nodes=count + 5))
    assert len(graph.extra["x-a"]) == count + 1


def test_an_org_chart_10_000_deep_gives_every_owner_its_scorecard(capsys, tmp_path):
    # Owner scorecards and their table walk the org chart with loops: a chain past the recursion limit is fine.
    depth = 10_000
    owners = [{"id": "o0", "level": "company"}]
    owners += [{"id": f"o{i}", "level": "team", "parent": f"o{i - 1}"} for i in range(1, depth)]
    doc = {
        **SMALL,
        "levels": ["company", "team"],
        "owners": owners,
        "objectives": [{"id": "O", "title": "Deep", "owner": f"o{depth - 1}", "cycle": "C"}],
    }
    graph = goalgraph.from_dict(doc)
    results = goalgraph.owner_scores(graph, AS_OF)
    assert [r.owner for r in results] == [f"o{i}" for i in range(depth)]
    assert all(r.team_objectives == 1 for r in results)
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["score", str(path), "--as-of", AS_OF, "--table", "owners"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-4].startswith("  " * (depth - 1) + f"o{depth - 1} ")  # the last row, before the legend


def test_the_corpus_covers_every_class():
    assert {
        "yaml-constructors",
        "yaml-1.1",
        "numbers",
        "depth",
        "text",
        "precision",
        "spreadsheet",
        "config",
        "mapping",
        "views",
    } <= set(CLASSES)
    assert len(DOCUMENTS) + len(SPREADSHEETS) + len(CONFIGS) + len(MAPPINGS) >= 80

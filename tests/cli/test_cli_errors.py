"""The command line on bad input: exit 2 and a message that names the file at fault, never a traceback (SPEC §15).

Every command and output format meets the same bad inputs, and the files a
command reads besides its input (a ``--config``, a ``--map``) and the path
it writes (``-o``) are each blamed by name, never one for another. The check
configuration is also read from plain data, as ``check(config=mapping)``,
exactly as from a file's table.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import tomllib

import attrs
import pytest

import goalgraph
from goalgraph._cli import main
from tests import builders
from tests.builders import key_result, linear_metric, objective
from tests.conftest import DATA

HOSTILE = DATA / "hostile"
SPEC = DATA / "spec_example.yaml"
EXPORT = DATA / "spreadsheet" / "okr-tool-export.csv"
EXPORT_MAP = DATA / "spreadsheet" / "okr-tool-mapping.yaml"
AS_OF = ["--as-of", "2026-08-15"]

# Every command that reads a document, with every output it has.
READERS = [
    *(
        ["score", "--format", output, "--table", table]
        for output in ("table", "json", "csv")
        for table in ("scores", "edges")
    ),
    *(["check", "--format", output] for output in ("text", "json")),
    *(["classify", "--format", output] for output in ("text", "json")),
    *(["render", "--format", output] for output in ("mermaid", "dot", "html", "svg")),
    ["render", "--root", "O1"],
]

# A bad input file: its content (None: no such file; a directory for "directory") and what the message says.
BAD_FILES = {
    "missing.yaml": (None, "no such file"),
    "directory.json": ("directory", "is a directory, not a file"),
    "not-utf8.yaml": (b"goalgraph: 1\nx-note: caf\xe9\n", "not UTF-8 text (byte 24)"),
    "empty.json": (b"", "[GG001]"),
    "empty.yaml": (b"", "expected a mapping, got null"),
    "invalid.json": (b'{"goalgraph": 1,', "invalid JSON at line 1"),
    "invalid.yaml": (b"goalgraph: 1\nowners: [", "invalid YAML at line"),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pathlib.Path]:
    folder = tmp_path_factory.mktemp("bad")
    for name, (content, _) in BAD_FILES.items():
        if content == "directory":
            (folder / name).mkdir()
        elif isinstance(content, bytes):
            (folder / name).write_bytes(content)
    return {name: folder / name for name in BAD_FILES}


def refused(argv: list[str], capsys: pytest.CaptureFixture[str], blamed: object, *, innocent: object = None) -> str:
    """Run ``argv``, which must exit 2 with a message blaming ``blamed`` (and not ``innocent``); the message."""
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    assert status == 2, err
    assert out == ""
    assert err.startswith("goalgraph: error: ")
    assert str(blamed) in err.splitlines()[0]
    if innocent is not None:
        assert str(innocent) not in err
    assert "Traceback" not in err
    return err


def accepted(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``argv``, which must succeed (exit 0, or 1 for check's error findings) and print nothing on stderr."""
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    assert status in ((0, 1) if argv[0] == "check" else (0,)), err
    assert err == ""
    assert out
    return out


# -- the document -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BAD_FILES)
@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_every_reading_command_refuses_a_bad_file_naming_it(command, name, bad_files, capsys):
    err = refused([command[0], bad_files[name], *command[1:], *AS_OF], capsys, bad_files[name])
    assert BAD_FILES[name][1] in err


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_every_reading_command_accepts_a_valid_document(command, capsys):
    accepted([command[0], SPEC, *command[1:], *AS_OF], capsys)


def test_a_refused_document_names_the_place_in_it(tmp_path, capsys):
    path = tmp_path / "okrs.json"
    path.write_text('{"goalgraph": 1, "owners": [{"id": "a", "levl": "team"}]}', encoding="utf-8")
    err = refused(["score", path], capsys, f"problems in {path}:")
    assert "/owners/0/levl: unknown field 'levl'" in err


# -- check --config ---------------------------------------------------------------------------------------

CONFIGS = {
    "not-utf8.toml": "the file is not UTF-8 text (byte 138) [GG001]",
    "bad-syntax.toml": "invalid TOML: Expected ']' at the end of a table declaration (at line 2, column 22) [GG001]",
    "wrong-types.toml": "/tool/goalgraph/check/select: expected a list of rule codes, got integer 3 [GG012]",
    "unknown-setting.toml": "/tool/goalgraph/check/selct: unknown setting 'selct' [GG010]",
    "not-a-table.toml": "/tool/goalgraph: expected a table, got string 'check' [GG012]",
    "nested-too-deep.toml": "nested too deeply to parse [GG003]",
}


def test_the_hostile_configurations_are_the_ones_tested_here():
    assert sorted(path.name for path in (HOSTILE / "config").iterdir()) == sorted(CONFIGS)


@pytest.mark.parametrize("name", CONFIGS)
@pytest.mark.parametrize("output", ["text", "json"])
def test_check_refuses_a_bad_config_file_naming_it(name, output, capsys):
    config = HOSTILE / "config" / name
    err = refused(["check", SPEC, "--format", output, "--config", config], capsys, f"in {config}:", innocent=SPEC)
    assert CONFIGS[name] in err


def test_the_config_file_is_refused_the_same_from_python():
    for name, message in CONFIGS.items():
        with pytest.raises(goalgraph.ValidationError) as caught:
            goalgraph.CheckConfig.from_toml(HOSTILE / "config" / name)
        assert caught.value.source == str(HOSTILE / "config" / name)
        assert message in str(caught.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda folder: folder / "missing.toml", "no such file"),
        (lambda folder: folder, "is a directory, not a file"),
        (lambda folder: folder / "okrs.yaml" / "pyproject.toml", "cannot read it: not a directory"),
    ],
    ids=["missing", "directory", "below-a-file"],
)
def test_check_refuses_a_config_path_it_cannot_read_naming_it(tmp_path, capsys, make, message):
    document = tmp_path / "okrs.yaml"
    shutil.copy(SPEC, document)
    config = make(tmp_path)
    err = refused(["check", document, "--config", config], capsys, f"{config}: {message}")
    assert err.count(str(document)) == str(config).count(str(document))


def test_check_refuses_an_unreadable_config_naming_it(tmp_path, capsys, monkeypatch):
    # Refused by the system whoever runs the tests (root reads through file permissions).
    config = tmp_path / "pyproject.toml"
    config.write_text("[check]\n", encoding="utf-8")
    real_open = open

    def unreadable(name, *args, **kwargs):
        if os.fspath(name) == str(config):
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(goalgraph._checks.config, "open", unreadable, raising=False)
    refused(["check", SPEC, "--config", config], capsys, f"{config}: cannot read it: permission denied")


def test_check_blames_the_option_that_named_an_unknown_rule(tmp_path, capsys):
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.goalgraph.check]\nignore = ["GG9"]\n', encoding="utf-8")
    err = refused(["check", SPEC, "--select", "GG999"], capsys, "1 problem in --select:")
    assert "/select/0: 'GG999' is not the code or prefix of any rule" in err
    refused(["check", SPEC, "--config", config, "--ignore", "GG204"], capsys, f"1 problem in {config}:")
    err = refused(["check", SPEC, "--config", config, "--ignore", "ZZ"], capsys, f"in {config} and --ignore:")
    assert "/ignore/1: 'ZZ'" in err


def test_check_reads_a_good_config_file(tmp_path, capsys):
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.goalgraph.check]\nselect = ["GG2"]\n', encoding="utf-8")
    assert "GG1" not in accepted(["check", SPEC, "--config", config, "--format", "json", *AS_OF], capsys)


@pytest.mark.parametrize("name", ["wrong-types.toml", "unknown-setting.toml"])
def test_check_reads_a_mapping_as_a_toml_file_reads_its_table(name):
    path = HOSTILE / "config" / name
    with path.open("rb") as handle:
        table = tomllib.load(handle)["tool"]["goalgraph"]["check"]
    with pytest.raises(goalgraph.ValidationError) as from_file:
        goalgraph.CheckConfig.from_toml(path)
    with pytest.raises(goalgraph.ValidationError) as from_data:
        goalgraph.check(goalgraph.load_example(), config=table)
    prefix = "/tool/goalgraph/check"
    assert from_data.value.problems == tuple(
        attrs.evolve(problem, path=problem.path.removeprefix(prefix)) for problem in from_file.value.problems
    )
    assert str(from_data.value).startswith(f"{len(from_data.value.problems)} problems in the check configuration:")


def test_check_takes_a_mapping_for_its_configuration_and_refuses_anything_else():
    graph = goalgraph.load_example()
    settings = {"select": "GG2", "severity": {"GG202": "error"}, "params": {"GG201": {"max_objectives": 2}}}
    expected = goalgraph.check(graph, as_of="2026-11-16", config=goalgraph.CheckConfig(**settings))
    assert goalgraph.check(graph, as_of="2026-11-16", config=settings) == expected
    assert goalgraph.check(graph, as_of="2026-11-16", config={}) == goalgraph.check(graph, as_of="2026-11-16")
    with pytest.raises(goalgraph.ValidationError) as caught:
        goalgraph.check(graph, config={"params": {"GG201": {"max_objectives": "2"}}})
    assert [(p.code, p.path) for p in caught.value.problems] == [("GG012", "/params/GG201/max_objectives")]
    for wrong in (["GG1"], "GG1", 7):
        with pytest.raises(TypeError, match="config must be a CheckConfig or a mapping"):
            goalgraph.check(graph, config=wrong)  # type: ignore[arg-type]


# -- import-csv: the spreadsheet, the mapping and the output -------------------------------------------

MAPPINGS = {
    "not-utf8.yaml": "the input is not UTF-8 text (byte 114) [GG001]",
    "bad-syntax.json": "invalid JSON at line 1, column 35",
    "bad-syntax.yaml": "invalid YAML at line 4",
    "bad-syntax.toml": "invalid TOML: Expected ']'",
    "unknown-key.yaml": "/colums: unknown option 'colums' [GG010]",
    "levels-nested-list.yaml": "/levels/1: expected a string id, got a list [GG012]",
    "levels-repeated.yaml": "/levels: a level is listed twice [GG016]",
}


def test_the_hostile_mappings_are_the_ones_tested_here():
    assert sorted(path.name for path in (HOSTILE / "mapping").iterdir()) == sorted(MAPPINGS)


@pytest.mark.parametrize("name", [name for name in BAD_FILES if "yaml" not in name] + ["not-utf8.csv", "empty.csv"])
def test_import_csv_refuses_a_bad_spreadsheet_naming_it(tmp_path, bad_files, capsys, name):
    spreadsheet = bad_files.get(name, tmp_path / name)
    if name == "not-utf8.csv":
        spreadsheet.write_bytes(b"id,title\nO1,caf\xe9\n")
    elif name == "empty.csv":
        spreadsheet.write_bytes(b"")
    refused(["import-csv", spreadsheet], capsys, spreadsheet)


def test_import_csv_accepts_a_valid_spreadsheet(tmp_path, capsys):
    out = tmp_path / "okrs.json"
    assert main(["import-csv", str(EXPORT), "--map", str(EXPORT_MAP), "-o", str(out)]) == 0
    assert capsys.readouterr() == ("", "")
    assert goalgraph.load(out).objectives
    assert accepted(["import-csv", EXPORT, "--map", EXPORT_MAP], capsys).startswith("{")


@pytest.mark.parametrize("name", MAPPINGS)
def test_import_csv_refuses_a_bad_mapping_naming_it(name, capsys):
    mapping = HOSTILE / "mapping" / name
    err = refused(["import-csv", EXPORT, "--map", mapping], capsys, f"in {mapping}:", innocent=EXPORT)
    assert MAPPINGS[name] in err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda folder: folder / "missing.yaml", "no such file"),
        (lambda folder: folder / "mapping.yaml", "is a directory, not a file"),
    ],
    ids=["missing", "directory"],
)
def test_import_csv_refuses_a_mapping_path_it_cannot_read_naming_it(tmp_path, capsys, make, message):
    (tmp_path / "mapping.yaml").mkdir()
    mapping = make(tmp_path)
    refused(["import-csv", EXPORT, "--map", mapping], capsys, f"{mapping}: {message}", innocent=EXPORT)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda folder: folder / "no" / "such" / "okrs.json", "no such directory: {folder}/no/such"),
        (lambda folder: folder, "it is a directory; name a file in it"),
        (lambda folder: folder / "okrs.csv" / "okrs.json", "not a directory"),
    ],
    ids=["missing-directory", "a-directory", "below-a-file"],
)
def test_import_csv_refuses_an_output_it_cannot_write_naming_it(tmp_path, capsys, make, message):
    (tmp_path / "okrs.csv").write_text("", encoding="utf-8")
    output = make(tmp_path)
    expected = f"cannot write {output}: {message.format(folder=tmp_path)}"
    refused(["import-csv", EXPORT, "--map", EXPORT_MAP, "-o", output], capsys, expected, innocent=EXPORT)


def test_import_csv_refuses_a_path_the_system_will_not_write_naming_it(tmp_path, capsys, monkeypatch):
    # A read-only place, whoever runs the tests (root writes through file permissions).
    def read_only(name, *args, **kwargs):
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(goalgraph._documents, "open", read_only, raising=False)
    output = tmp_path / "okrs.json"
    expected = f"cannot write {output}: permission denied"
    refused(["import-csv", EXPORT, "--map", EXPORT_MAP, "-o", output], capsys, expected, innocent=EXPORT)


# -- render: --root is blamed only for what is about it ------------------------------------------------


def test_render_blames_root_only_when_it_is_not_an_objective(capsys):
    refused(["render", SPEC, "--root", "O1-KR1"], capsys, f"{SPEC}: --root O1-KR1: root must be an objective")
    refused(["render", SPEC, "--root", "nope"], capsys, f"{SPEC}: --root nope: no objective with id 'nope'")


@pytest.mark.parametrize("root", [[], ["--root", "O1"]], ids=["whole", "root"])
def test_render_does_not_blame_root_for_the_document(tmp_path, capsys, root):
    # value_weighted over key results in two units: refused when scoring (GG026), whatever is drawn.
    customers = key_result("KR1", metric=linear_metric(target=10, unit="customers"))
    euros = key_result("KR2", metric=linear_metric(target=10, unit="EUR"))
    path = tmp_path / "units.json"
    goalgraph.dump(builders.graph(objective("O1", customers, euros, title="Grow", rollup="value_weighted")), path)
    err = refused(["render", path, *root, *AS_OF], capsys, f"1 problem in {path}:")
    assert "[GG026]" in err
    assert "--root" not in err


def test_a_failure_inside_goalgraph_is_not_blamed_on_root_and_shows_no_traceback(capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(goalgraph._cli, "render", broken)
    err = refused(["render", SPEC, "--root", "O1"], capsys, f"{SPEC}: internal error (ValueError: boom)")
    assert "--root" not in err


# -- schema and demo read no file -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["schema"], *(["demo", "--format", output] for output in ("table", "json", "csv")), ["demo", "--table", "edges"]],
    ids=" ".join,
)
def test_the_commands_that_read_no_file_succeed(argv, capsys):
    accepted(argv, capsys)


@pytest.mark.parametrize("argv", [["schema", "extra"], ["demo", "--as-of", "2026-02-30"], ["demo", "--format", "png"]])
def test_a_bad_argument_exits_2_naming_it(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert f"goalgraph{' demo' if argv[0] == 'demo' else ''}: error: " in err.splitlines()[-1]
    assert argv[-1] in err.splitlines()[-1]
    assert "Traceback" not in err


def test_a_nesting_limit_above_500_on_the_command_line_blames_the_flag(capsys):
    # --max-depth 1000 let a 300-level YAML nest end in a RecursionError traceback.
    status = main(["score", str(SPEC), "--max-depth", "1000"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("goalgraph: error: 1 problem in --max-depth:")
    assert "500" in err

"""The goalgraph command line: output formats, the demo, and invalid input (SPEC §8)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from goalgraph._cli import main
from tests.conftest import DATA

SPEC = str(DATA / "spec_example.yaml")


def test_score_prints_the_alignment_tree(capsys):
    assert main(["score", SPEC, "--as-of", "2026-09-01"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Scores as of 2026-09-01"
    o1 = next(line for line in lines if line.startswith("O1 "))
    assert "58%" in o1
    assert any(line.startswith("    O2-KR1") for line in lines), "a child objective's key result is indented twice"


def test_score_json_is_the_scorecard_with_sorted_keys(capsys):
    assert main(["score", SPEC, "--as-of", "2026-09-01", "--format", "json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["as_of"] == "2026-09-01"
    assert data["results"]["O1"]["score"] == pytest.approx(0.5775)
    assert out == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_score_csv_has_one_row_per_node(capsys):
    assert main(["score", SPEC, "--as-of", "2026-09-01", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["id"] for row in rows] == ["O1", "O1-KR1", "O1-KR2", "O2", "O2-KR1", "traffic"]  # KPIs too
    assert list(rows[0])[:3] == ["as_of", "id", "kind"]
    assert {row["as_of"] for row in rows} == {"2026-09-01"}
    assert rows[1]["current"] == "1.0"  # a milestone that is done
    assert (rows[2]["start"], rows[2]["target"], rows[2]["current"]) == ("0.0", "1000.0", "430.0")
    assert (rows[4]["parent"], rows[5]["parent"]) == ("O2", "O2")


def test_csv_text_cells_are_guarded_against_formulas(tmp_path, capsys):
    doc = {
        "goalgraph": 1,
        "cycles": [{"id": "Q", "start": "2026-01-01", "end": "2026-03-31"}],
        "owners": [{"id": "o", "level": "company"}],
        "objectives": [{"id": "O", "title": '=HYPERLINK("http://x")', "owner": "o", "cycle": "Q"}],
    }
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc))
    assert main(["score", str(path), "--format", "csv", "--as-of", "2026-02-01"]) == 0
    row = next(iter(csv.DictReader(io.StringIO(capsys.readouterr().out))))
    assert row["title"] == '\'=HYPERLINK("http://x")'
    assert row["score"] == ""  # numbers and empty cells are never guarded


def test_the_output_is_the_same_bytes_every_run(capsys):
    main(["score", SPEC, "--as-of", "2026-09-01", "--format", "json"])
    first = capsys.readouterr().out
    main(["score", SPEC, "--as-of", "2026-09-01", "--format", "json"])
    assert capsys.readouterr().out == first


def test_demo_scores_the_bundled_example(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Acme Cloud" in out
    assert "Scores as of 2026-11-16" in out
    assert "2026-Q3" in out
    assert "2026-Q4" in out


def test_python_dash_m_runs_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "goalgraph", "demo", "--format", "json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["results"]) > 60


def run_invalid(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert "Traceback" not in captured.err
    return captured.err


def test_a_missing_file_exits_2_with_its_name(capsys):
    err = run_invalid(["score", "no/such/file.yaml"], capsys)
    assert "no/such/file.yaml" in err
    assert "no such file" in err


def test_a_directory_exits_2(tmp_path, capsys):
    assert "directory" in run_invalid(["score", str(tmp_path)], capsys)


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ('{"goalgraph": 1,', ".json", "invalid JSON at line 1"),
        ("goalgraph: 1\nowners: [", ".yaml", "invalid YAML"),
        ('{"goalgraph": 1, "owners": [{"id": "a", "levl": "team"}]}', ".json", "/owners/0/levl"),
        (
            '{"goalgraph": 1, "cycles": [{"id": "Q", "start": "2026-01-01", "end": "2026-03-31"}],'
            ' "owners": [{"id": "o", "level": "company"}], "objectives": ['
            '{"id": "A", "title": "a", "owner": "o", "cycle": "Q", "aligns_to": ["B"]},'
            '{"id": "B", "title": "b", "owner": "o", "cycle": "Q", "aligns_to": ["A"]}]}',
            ".json",
            "alignment cycle",
        ),
    ],
    ids=["bad-json", "bad-yaml", "schema", "cycle"],
)
def test_invalid_documents_exit_2_naming_file_and_place(tmp_path, capsys, text, suffix, expected):
    path = tmp_path / f"doc{suffix}"
    path.write_text(text)
    err = run_invalid(["score", str(path)], capsys)
    assert str(path) in err
    assert expected in err


def test_a_bad_date_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["score", SPEC, "--as-of", "15/08/2026"])
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_no_command_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


def test_the_getting_started_page_shows_the_real_output(capsys, monkeypatch):
    docs = DATA.parent.parent / "docs"
    page = (docs / "getting-started.rst").read_text(encoding="utf-8")
    command = "   $ goalgraph score okrs.yaml --as-of 2026-08-15\n"
    block = page[page.index(command) + len(command) :].split("\n\n\n")[0].split("\n``")[0]
    shown = "\n".join(line[3:] for line in block.rstrip("\n").splitlines()) + "\n"
    monkeypatch.chdir(docs)
    assert main(["score", "okrs.yaml", "--as-of", "2026-08-15"]) == 0
    assert capsys.readouterr().out == shown

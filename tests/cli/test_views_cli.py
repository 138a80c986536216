"""The HR views on the command line: ``score --table owners``, ``score --table edges``, ``diff``, forecast notes."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

import goalgraph
from goalgraph import EDGE_COLUMNS, OWNER_SCORE_COLUMNS
from goalgraph._cli import main
from tests.conftest import DATA

SPEC = str(DATA / "spec_example.yaml")
DAY = "2026-11-16"
WEEK_BEFORE = "2026-11-09"


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled example as a file, as a user would have it."""
    path = tmp_path_factory.mktemp("acme") / "acme.json"
    goalgraph.dump(goalgraph.load_example(), path)
    return str(path)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


# -- owner scorecards ------------------------------------------------------------------------------------


def test_the_owners_table_walks_down_the_org_chart_per_cycle(acme, capsys):
    lines = run(["score", acme, "--as-of", DAY, "--table", "owners"], capsys).splitlines()
    assert lines[0] == f"Owner scorecards as of {DAY}"
    q4 = lines.index("2026-Q4: Q4 2026 (2026-10-01 to 2026-12-31)")
    header = lines[q4 + 1].split("  ")
    assert [cell.strip() for cell in header if cell.strip()] == [
        "owner",
        "name",
        "level",
        "own",
        "own exp",
        "team",
        "team exp",
        "objectives",
        "worst",
        "on_track",
        "at_risk",
        "off_track",
        "achieved",
        "not_started",
        "unscored",
    ]
    rows = lines[q4 + 2 :]
    assert rows[0].split()[:4] == ["acme", "Acme", "Cloud", "company"]
    # Sales, its teams indented under it, Marco under his team.
    assert rows[1].startswith("  sales ")
    assert rows[2].startswith("    enterprise-sales ")
    assert rows[3].startswith("      marco-rossi ")
    result = {r.owner: r for r in goalgraph.owner_scores(goalgraph.load(acme), DAY) if r.cycle == "2026-Q4"}["sales"]
    sales = rows[1].split()
    assert sales[3:9] == [
        f"{result.score * 100:.0f}%",
        f"{result.expected * 100:.0f}%",
        f"{result.team_score * 100:.0f}%",
        f"{result.team_expected * 100:.0f}%",
        "2",
        "/",
    ]
    assert sales[9:] == ["5", "off_track", "3", "0", "1", "1", "0", "0"]
    # The blocks are measured together: every header line is the same.
    assert len({line for line in lines if line.startswith("owner ")}) == 1
    assert "keep them out of performance ratings" in lines[-1]


def test_the_owners_json_and_csv_are_the_scorecards(acme, capsys):
    data = json.loads(run(["score", acme, "--as-of", DAY, "--table", "owners", "--format", "json"], capsys))
    expected = [r.to_dict() for r in goalgraph.owner_scores(goalgraph.load(acme), DAY)]
    assert data == {"as_of": DAY, "owners": expected}
    text = run(["score", acme, "--as-of", DAY, "--table", "owners", "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == OWNER_SCORE_COLUMNS
    assert [(row["owner"], row["cycle"]) for row in rows] == [(r["owner"], r["cycle"]) for r in expected]
    assert rows[0]["owner_name"] == "Acme Cloud"
    assert float(rows[0]["team_score"]) == expected[0]["team_score"]


def test_the_demo_shows_the_owner_scorecards_when_asked(capsys):
    out = run(["demo", "--table", "owners"], capsys)
    assert out.startswith(f"Owner scorecards as of {DAY}")


def test_the_owners_table_paints_the_worst_status_on_a_terminal(acme, capsys, monkeypatch):
    monkeypatch.setattr(goalgraph._cli, "_colour", lambda: True)
    out = run(["score", acme, "--as-of", DAY, "--table", "owners"], capsys)
    lines = out.splitlines()
    q4 = lines.index("2026-Q4: Q4 2026 (2026-10-01 to 2026-12-31)")
    acme_line = lines[q4 + 2]
    assert "\033[31moff_track" in acme_line  # red
    monkeypatch.setattr(goalgraph._cli, "_colour", lambda: False)
    plain = run(["score", acme, "--as-of", DAY, "--table", "owners"], capsys)
    assert "\033[" not in plain
    # Padded inside the colour: without the escapes, the lines are the plain ones, columns aligned.
    assert re.sub("\033\\[[0-9]+m", "", out) == plain


# -- edges in every format -------------------------------------------------------------------------------


def test_the_edges_come_in_every_format(capsys):
    rows = goalgraph.edge_table(goalgraph.load(SPEC))
    assert json.loads(run(["score", SPEC, "--table", "edges", "--format", "json"], capsys)) == rows
    text = run(["score", SPEC, "--table", "edges"], capsys).splitlines()
    assert text[0].split() == list(EDGE_COLUMNS)
    assert text[1].split() == ["O1-KR1", "O1", "key_result", "1", "0.25"]
    assert text[-1].split() == ["traffic", "O2", "informs", "-", "-"]


# -- diff ------------------------------------------------------------------------------------------------


def test_diff_between_two_dates_lists_the_largest_moves_first(acme, capsys):
    out = run(["diff", acme, "--from", WEEK_BEFORE, "--to", DAY], capsys)
    lines = out.splitlines()
    changes = goalgraph.diff(
        goalgraph.score(goalgraph.load(acme), WEEK_BEFORE), goalgraph.score(goalgraph.load(acme), DAY)
    )
    assert lines[0] == f"Changes from {WEEK_BEFORE} to {DAY}: {len(changes)} nodes"
    assert lines[2].split() == ["id", "kind", "before", "after", "delta", "status"]
    assert lines[3].split() == ["adoption-q4-1-kr3", "key_result", "0%", "100%", "+100", "off_track", "->", "achieved"]
    status_only = next(line for line in lines if line.startswith("acme-q4-1-kr1 "))
    assert status_only.split() == ["acme-q4-1-kr1", "key_result", "25%", "25%", "+0", "on_track", "->", "at_risk"]
    assert len(lines) == 3 + len(changes) + 2


def test_diff_between_two_documents_shows_new_and_gone_nodes(acme, tmp_path, capsys):
    graph = goalgraph.load(acme)
    graph.remove("sam-q4-1-kr2")
    graph.add_key_result(
        "sam-q4-1",
        goalgraph.KeyResult(id="sam-q4-1-kr3", title="New", metric=goalgraph.MilestoneMetric()),
    )
    new = tmp_path / "new.yaml"
    goalgraph.dump(graph, new)
    out = run(["diff", acme, str(new), "--to", DAY], capsys)
    lines = out.splitlines()
    assert lines[0].startswith(f"Changes from {acme} as of {DAY} to {new} as of {DAY}: ")
    gone = next(line for line in lines if line.startswith("sam-q4-1-kr2 "))
    assert gone.split() == ["sam-q4-1-kr2", "key_result", "-", "(gone)", "unscored", "->", "-"]
    added = next(line for line in lines if line.startswith("sam-q4-1-kr3 "))
    assert added.split() == ["sam-q4-1-kr3", "key_result", "(new)", "-", "-", "->", "unscored"]  # no check-in yet


def test_diff_json_and_csv(acme, capsys):
    data = json.loads(run(["diff", acme, "--from", WEEK_BEFORE, "--to", DAY, "--format", "json"], capsys))
    assert data["from"] == {"file": acme, "as_of": WEEK_BEFORE}
    assert data["to"] == {"file": acme, "as_of": DAY}
    graph = goalgraph.load(acme)
    changes = goalgraph.diff(goalgraph.score(graph, WEEK_BEFORE), goalgraph.score(graph, DAY))
    assert data["changes"] == [change.to_dict() for change in changes]
    rows = list(
        csv.DictReader(io.StringIO(run(["diff", acme, "--from", WEEK_BEFORE, "--to", DAY, "--format", "csv"], capsys)))
    )
    assert list(rows[0]) == ["id", "kind", "before", "after", "delta", "before_status", "after_status"]
    assert (rows[0]["id"], rows[0]["delta"], rows[0]["after_status"]) == ("adoption-q4-1-kr3", "1.0", "achieved")


def test_diff_with_nothing_changed_says_so(capsys):
    out = run(["diff", SPEC, SPEC, "--to", "2026-09-01"], capsys)
    assert out == f"Changes from {SPEC} as of 2026-09-01 to {SPEC} as of 2026-09-01: 0 nodes\n"
    data = json.loads(run(["diff", SPEC, SPEC, "--to", "2026-09-01", "--format", "json"], capsys))
    assert data["changes"] == []
    assert (
        run(["diff", SPEC, SPEC, "--format", "csv"], capsys)
        == "id,kind,before,after,delta,before_status,after_status\n"
    )


def test_diff_of_one_file_needs_a_from_date(capsys):
    assert main(["diff", SPEC]) == 2
    err = capsys.readouterr().err
    assert err.startswith("goalgraph: error: diff ")
    assert "--from DATE" in err
    assert "Traceback" not in err


def test_diff_blames_the_file_at_fault(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"goalgraph": 1, "owners": [{"id": "a", "levl": "team"}]}', encoding="utf-8")
    missing = str(tmp_path / "missing.yaml")
    for argv, blamed, innocent in (
        (["diff", SPEC, str(bad)], str(bad), SPEC),
        (["diff", str(bad), SPEC], str(bad), SPEC),
        (["diff", str(bad), "--from", "2026-08-01"], str(bad), None),
        (["diff", SPEC, missing], missing, SPEC),
    ):
        assert main(argv) == 2
        out, err = capsys.readouterr()
        assert out == ""
        first = err.splitlines()[0]
        assert first.startswith("goalgraph: error: ")
        assert blamed in first
        assert innocent is None or innocent not in first


@pytest.mark.parametrize("flag", ["--from", "--to"])
def test_diff_refuses_a_bad_date_naming_the_flag(flag, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["diff", SPEC, flag, "2026-02-30"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert flag in err.splitlines()[-1]
    assert "2026-02-30" in err.splitlines()[-1]


# -- forecasts that seem to contradict the status say why ---------------------------------------------------


def test_the_score_table_says_why_a_forecast_and_a_status_differ(acme, capsys):
    lines = run(["score", acme, "--as-of", DAY], capsys).splitlines()
    uptime = next(line for line in lines if line.strip().startswith("acme-q4-3-kr2 "))
    assert uptime.endswith("achieved     exp  51%  fc   0% (met, trend falling)")
    reviews = next(line for line in lines if line.strip().startswith("cs-q4-1-kr2 "))
    assert reviews.endswith("off_track    exp  51%  fc 100% (behind now, trend reaches the target on 2026-11-19)")
    # No line pairs an achieved status with a lower forecast, or a behind status with a full one, unexplained.
    for line in lines:
        if " achieved " in line and " fc " in line and not line.endswith("fc 100%"):
            assert line.endswith("(met, trend falling)"), line
        if (" off_track " in line or " at_risk " in line) and line.endswith("fc 100%"):
            raise AssertionError(line)
    # Q3 has ended: none of its lines has a forecast.
    q3 = lines.index("2026-Q3: Q3 2026 (2026-07-01 to 2026-09-30)")
    q4 = lines.index("2026-Q4: Q4 2026 (2026-10-01 to 2026-12-31)")
    assert not any(" fc " in line for line in lines[q3:q4])


def test_the_html_page_says_why_too(acme):
    page = goalgraph.render(goalgraph.load(acme), "html", as_of=DAY)
    assert "forecast 0% (met, trend falling)" in page
    assert "forecast 100% (behind now, trend reaches the target on 2026-11-19)" in page


def test_every_new_command_is_the_same_bytes_every_run(acme, capsys):
    for argv in (
        ["score", acme, "--as-of", DAY, "--table", "owners"],
        ["diff", acme, "--from", WEEK_BEFORE, "--to", DAY, "--format", "json"],
    ):
        assert run(argv, capsys) == run(argv, capsys)


@pytest.mark.parametrize("table", ["scores", "edges", "owners"])
@pytest.mark.parametrize("output", ["table", "json", "csv"])
def test_a_document_with_nothing_to_score_gives_every_table_empty(tmp_path, capsys, table, output):
    # "goalgraph score empty.json --format csv" ended in "internal error": a CSV without rows had no header.
    path = tmp_path / "empty.json"
    path.write_text('{"goalgraph": 1}', encoding="utf-8")
    out = run(["score", str(path), "--as-of", DAY, "--table", table, "--format", output], capsys)
    if output == "csv":
        columns = {"scores": goalgraph.SCORE_COLUMNS, "edges": EDGE_COLUMNS, "owners": OWNER_SCORE_COLUMNS}[table]
        assert out == ",".join(columns) + "\n"
    elif output == "json":
        json.loads(out)
    else:
        assert out.strip()

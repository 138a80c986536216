"""Text from a document is inert wherever it is shown (SPEC §15).

A hostile document may hold Mermaid directives (``%%{init: ...}%%``), DOT
escapes (``\\N``), terminal control sequences (OSC, CSI, C1), bidi controls
and ids whose runs of digits are too long for ``int()``. Every picture and
every text output shows such text as text: pictures keep their structure,
terminals get escapes (``\\x1b``) instead of controls, and every id renders,
in the natural order. JSON and CSV stay exact.
"""

from __future__ import annotations

import csv
import html
import io
import json
import pathlib
import re
import warnings
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

import pydot
import pytest
from hypothesis import given
from hypothesis import strategies as st

import goalgraph
from goalgraph._cli import main
from goalgraph._export.tables import score_table, table_csv
from goalgraph._output.render.common import order_key
from goalgraph._output.report import (
    TITLE_WIDTH,
    classification_text,
    findings_text,
    inert,
    scorecard_json,
    scorecard_table,
)
from goalgraph._output.views import changes_text, owners_text, rows_text
from tests import builders
from tests.builders import cycle, key_result, linear_metric, objective, owner
from tests.conftest import DATA

with warnings.catch_warnings():
    # pydot's parser module calls pyparsing names that pyparsing 3.3 deprecates, once, on import.
    warnings.simplefilter("ignore", DeprecationWarning)
    import pydot.dot_parser

AS_OF = "2026-08-15"
FORMATS = ["mermaid", "dot", "html", "svg"]
CORPUS = sorted((DATA / "hostile" / "text").glob("*.json"))

OSC = "\x1b]0;pwned\x07"  # sets the terminal's window title
CSI = "\x1b[2J\x1b[H"  # clears the screen, moves the cursor home
C1 = "\x9b31m\x85\x90\x9c"  # the 8-bit CSI, NEL, DCS, ST
BIDI = "\u202e\u2066\u2069\u202a"  # right-to-left override, isolates, embedding
BREAKS = "\n\t\r\u2028"
FAKE = f"{OSC}{CSI}100% achieved{BIDI}"

# What a document must never get to a terminal: C0 controls but the output's own line breaks, DEL, C1,
# line and paragraph separators, bidi embeddings, overrides and isolates, lone surrogates.
ACTIVE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What no picture may hold: control characters but the line break, and lone surrogates.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# The score table's own colours (colour=True): the only escape sequences it may write.
OWN_COLOURS = re.compile(r"\x1b\[(?:0|3[123])m")


def document(
    title: str = "Grow",
    *,
    kr_title: str = "Sell",
    kpi_name: str = "Visits",
    ids: tuple[str, str, str] = ("O1", "KR1", "K1"),
    owner_name: str = "Acme",
    level: str = "company",
    cycle_name: str = "Third quarter",
) -> dict[str, Any]:
    """One objective with one key result and one KPI informing it, every text given."""
    objective_id, kr_id, kpi_id = ids
    kr = key_result(kr_id, 5, title=kr_title, metric=linear_metric(target=10))
    kpi = {
        "id": kpi_id,
        "name": kpi_name,
        "owner": "acme",
        "direction": "higher",
        "frequency": "monthly",
        "supports": [objective_id],
        "measurements": [{"date": "2026-06-30", "value": 40}, {"date": "2026-07-31", "value": 60}],
    }
    return builders.document(
        objective(objective_id, kr, title=title),
        kpis=[kpi],
        levels=[level],
        cycles=[cycle(name=cycle_name)],
        owners=[owner(name=owner_name, level=level)],
    )


def graph_of(title: str = "Grow", **texts: Any) -> goalgraph.GoalGraph:
    return goalgraph.from_dict(document(title, **texts))


HOSTILE_IDS = (f"O{OSC}1", f"KR{C1}1", f"K{BIDI}1")


@pytest.fixture(scope="module")
def hostile() -> goalgraph.GoalGraph:
    """Control characters in every text a table or a text output shows."""
    return graph_of(
        FAKE,
        kr_title=f"{C1}{BREAKS}sell",
        kpi_name=f"{CSI}visits{BIDI}",
        ids=HOSTILE_IDS,
        level=f"co{CSI}mpany",
        cycle_name=f"Q3{OSC}",
    )


def assert_inert(text: str, colour: bool = False) -> None:
    """No character a terminal acts on, except line breaks (and, with ``colour``, the table's own colours)."""
    if colour:
        text = OWN_COLOURS.sub("", text)
    assert ACTIVE.findall(text) == []


def shown(text: str) -> str:
    """A text as a picture shows it: its lines, a tab as a space, other controls and surrogates as U+FFFD."""
    return "\n".join(
        re.sub("[\x00-\x1f\x7f-\x9f\ud800-\udfff]", lambda m: " " if m.group() == "\t" else "\ufffd", line)
        for line in text.splitlines()
    )


# The escaping itself -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("\x1b", r"\x1b"),
        ("\x07", r"\x07"),
        ("\x00", r"\x00"),
        ("\t", r"\t"),
        ("\n", r"\n"),
        ("\r", r"\r"),
        ("\x7f", r"\x7f"),
        ("\x9b", r"\x9b"),
        ("\u2028", r"\u2028"),
        ("\u202e", r"\u202e"),
        ("\u2066", r"\u2066"),
        ("\ud800", r"\ud800"),
        (FAKE, r"\x1b]0;pwned\x07\x1b[2J\x1b[H100% achieved\u202e\u2066\u2069\u202a"),
    ],
)
def test_controls_are_escaped_visibly_as_python_writes_them(text, escaped):
    assert inert(text) == escaped


EVERY_BIDI_CONTROL = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@given(st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters=EVERY_BIDI_CONTROL)))
def test_ordinary_text_is_unchanged(text):
    assert inert(text) == text


# Tables and text -----------------------------------------------------------


@pytest.mark.parametrize("colour", [False, True])
def test_the_score_table_escapes_ids_titles_names_and_cycles(hostile, colour):
    table = scorecard_table(hostile, goalgraph.score(hostile, as_of=AS_OF), colour=colour)
    assert_inert(table, colour)
    assert ("\x1b" in table) == colour  # the table's own colours, and nothing else
    rows = table.splitlines()
    o1 = next(row for row in rows if row.startswith(r"O\x1b]0;pwned\x071 "))
    assert r"\x1b]0;pwned\x07\x1b[2J\x1b[H100% achieved" in o1  # the title, clipped to its column
    assert any(row.startswith(r"  KR\x9b31m\x85\x90\x9c1 ") and r"\n\t\r\u2028sell" in row for row in rows)
    assert any(r"KPI: \x1b[2J\x1b[Hvisits\u202e\u2066\u2069\u202a" in row for row in rows)
    assert r"Q3: Q3\x1b]0;pwned\x07 (2026-07-01 to 2026-09-30)" in rows


def test_the_columns_are_measured_on_what_is_shown(hostile):
    rows = scorecard_table(hostile, goalgraph.score(hostile, as_of=AS_OF)).splitlines()
    o1 = next(row for row in rows if row.startswith("O"))
    kr1 = next(row for row in rows if row.startswith("  KR"))
    width = max(len(r"O\x1b]0;pwned\x071"), len(r"  KR\x9b31m\x85\x90\x9c1"), len(r"  ~ K\u202e\u2066\u2069\u202a1"))
    assert o1[width + 2 :].startswith(r"\x1b]0;pwned\x07")
    assert kr1[width + 2 :].startswith(r"\x9b31m\x85\x90\x9c\n\t\r\u2028sell ")
    # The escaped title is clipped to its column, which keeps the scores in theirs.
    assert o1[width + 2 + TITLE_WIDTH - 3 :].startswith("...  ")
    assert o1[width + 4 + TITLE_WIDTH :].startswith("  50%")
    assert kr1[width + 4 + TITLE_WIDTH :].startswith("  50%")


def test_the_findings_text_escapes_ids_messages_and_levels(hostile):
    findings = goalgraph.check(hostile, as_of=AS_OF)
    text = findings_text(findings, goalgraph.summarize(hostile, findings), AS_OF)
    assert_inert(text)
    assert re.search(r"^  GG\d+ O\\x1b\]0;pwned\\x071: ", text, re.M)  # the node that opens a finding's line
    assert r"co\x1b[2J\x1b[Hmpany" in text  # an owner level, in the coverage


def test_the_classification_text_escapes_kpi_ids_and_reasons(hostile):
    text = classification_text(goalgraph.classify(hostile, as_of=AS_OF), AS_OF)
    assert_inert(text)
    assert "\n" + r"K\u202e\u2066\u2069\u202a1: " in text


def test_json_and_csv_stay_exact(hostile):
    card = goalgraph.score(hostile, as_of=AS_OF)
    text = scorecard_json(card)
    assert "\x1b" not in text  # JSON escapes C0 controls itself
    assert set(json.loads(text)["results"]) == set(HOSTILE_IDS)
    rows = list(csv.DictReader(io.StringIO(table_csv(score_table(hostile, card=card)), newline="")))
    assert {row["id"]: row["title"] for row in rows}[HOSTILE_IDS[0]] == FAKE


@pytest.mark.parametrize(
    ("command", "escaped"),
    [("score", r"O\x1b]0;pwned\x071"), ("check", r"O\x1b]0;pwned\x071"), ("classify", r"K\u202e\u2066\u2069\u202a1")],
)
def test_the_command_line_prints_document_text_inert(tmp_path, capsys, command, escaped):
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document(FAKE, kr_title=BREAKS, kpi_name=C1, ids=HOSTILE_IDS)), encoding="utf-8")
    assert main([command, str(path), "--as-of", AS_OF]) in (0, 1)
    out = capsys.readouterr().out
    assert_inert(out)
    assert escaped in out


def assert_inert_views(graph: goalgraph.GoalGraph, card: goalgraph.Scorecard) -> None:
    """The owner scorecards, the changes since the cycle's start and the links, as text: inert."""
    owners = goalgraph.owner_scores(graph, card=card)
    for colour in (False, True):
        assert_inert(owners_text(graph, owners, card.as_of, colour=colour), colour)
    changes = goalgraph.diff(goalgraph.score(graph, as_of="2026-07-01"), card)
    assert_inert(changes_text(changes, "2026-07-01", AS_OF))
    assert_inert(rows_text(goalgraph.edge_table(graph), goalgraph.EDGE_COLUMNS))


def test_the_views_escape_ids_names_levels_and_cycles(hostile):
    card = goalgraph.score(hostile, as_of=AS_OF)
    assert_inert_views(hostile, card)
    owners = owners_text(hostile, goalgraph.owner_scores(hostile, card=card), card.as_of)
    assert r"co\x1b[2J\x1b[Hmpany" in owners
    assert r"Q3\x1b]0;pwned\x07" in owners
    changes = changes_text(goalgraph.diff(goalgraph.score(hostile, as_of="2026-07-01"), card), "a\x1b", "b")
    assert r"O\x1b]0;pwned\x071" in changes
    assert r"a\x1b" in changes


def test_the_command_line_error_message_is_inert(tmp_path, capsys):
    data = document(ids=HOSTILE_IDS)
    data["objectives"][0][OSC] = 1  # an unknown field, named by its path and in the message
    data["objectives"][0]["owner"] = f"nobody{CSI}{BIDI}"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["score", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_inert(captured.err)
    assert captured.err.startswith(f"goalgraph: error: 2 problems in {path}:\n")
    assert r"/objectives/0/\x1b]0;pwned\x07: unknown field" in captured.err
    assert r"nobody\x1b[2J\x1b[H\u202e\u2066\u2069\u202a" in captured.err
    assert "\n      hint: " in captured.err  # the message's own lines are kept


# Mermaid -------------------------------------------------------------------

MERMAID_HOSTILE = [
    "%%{init: {'themeCSS': '.node { display: none; }'}}%%",
    '%%{init: {"theme": "dark", "themeVariables": {"primaryColor": "#ff0000"}}}%%',
    "%% a comment that would hide the rest",
    "%%%",
    "50%% done",
    'line\nbreak; then `code` and "quotes" #35; &amp; <br/> \\n end',
    '"] --> n0\nclick n0 "javascript:alert(1)"',
    "%",
]
MERMAID_NODE = re.compile(r'^    (?P<id>n\d+)(?P<open>\["|\("|\{\{")(?P<label>[^"]*)(?P<close>"\]|"\)|"\}\})$')
MERMAID_LABEL = re.compile(r'(?:[^"#;<>&`\\%]|%(?!%)|#\d+;|<br/>)*')
MERMAID_OTHER = re.compile(
    r"^    (?:n\d+ (?:-->|-\.->\|supports\||-\.-\|informs\|) n\d+"
    r"|classDef [a-z]+ fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#000000"
    r"|class n\d+(?:,n\d+)* [a-z]+)$"
)


def mermaid_labels(text: str) -> list[list[str]]:
    """Each node's label lines, as Mermaid shows them; every line checked to be one the renderer writes."""
    lines = text.splitlines()
    assert lines[0] == "flowchart BT"
    assert re.fullmatch(r"    accTitle: Alignment graph, scores as of \d{4}-\d\d-\d\d", lines[1])
    assert lines[2] == "    %% generated ids n0, n1... in the order shown; the real id opens each label"
    labels = []
    for line in lines[3:]:
        if node := MERMAID_NODE.match(line):
            assert MERMAID_LABEL.fullmatch(node["label"]), line
            assert "%%" not in node["label"], line
            labels.append([decode_mermaid(part) for part in node["label"].split("<br/>")])
        else:
            assert MERMAID_OTHER.match(line), f"not a line the renderer writes: {line!r}"
    return labels


def decode_mermaid(text: str) -> str:
    return re.sub(r"#(\d+);", lambda e: chr(int(e.group(1))), text).replace("\\\u2060n", "\\n")


@pytest.mark.parametrize("title", MERMAID_HOSTILE)
def test_mermaid_labels_hold_no_directive_and_show_the_title(title):
    graph = graph_of(title, kr_title=title, kpi_name=title, ids=(f"O{title}", "KR1", "K1"))
    text = goalgraph.render(graph, "mermaid", as_of=AS_OF)
    assert [line for line in text.splitlines() if "%%" in line] == [
        "    %% generated ids n0, n1... in the order shown; the real id opens each label"
    ]
    labels = mermaid_labels(text)
    assert len(labels) == 3
    objective, kr, kpi = labels
    assert "\n".join(objective[:-1]) == shown(f"O{title}\n{title}")
    assert "\n".join(kr[1:-1]) == shown(title)
    assert "\n".join(kpi[1:-1]) == shown(title)


def test_a_lone_percent_sign_is_written_as_it_is():
    text = goalgraph.render(graph_of("Grow 50% of 100%"), "mermaid", as_of=AS_OF)
    assert '    n0["O1<br/>Grow 50% of 100%<br/>50% · ' in text


# DOT -----------------------------------------------------------------------

DOT_HOSTILE = [
    "\\N",
    "\\G \\E \\T \\H \\L",
    "left\\l right\\r break\\n",
    'a "quote" and \\" an escaped one',
    "back\\slash and trailing\\",
    "\\\\N",
    "two\nlines",
    "&amp; &#92;N &lt;b&gt; &#x5c;n",
    "<b>bold</b> <<html>> <TABLE>",
    '"]; evil [label="x',
    "\\",
]
DOT_STRING_TOKEN = re.compile(r'\\["\\\n]|\\|[^"\\]', re.S)


def dot_string(quoted: str) -> str:
    """A quoted DOT string as Graphviz's scanner reads it: ``\\"`` is a quote; ``\\\\`` and the rest stay."""
    assert quoted[0] == quoted[-1] == '"', quoted
    tokens = DOT_STRING_TOKEN.findall(quoted[1:-1])
    assert "".join(tokens) == quoted[1:-1], "a quote that ends the string early"
    return "".join({'\\"': '"', "\\\n": ""}.get(token, token) for token in tokens)


def graphviz_label(quoted: str) -> str:
    """A label as Graphviz draws it, refusing what Graphviz would interpret instead of showing.

    Graphviz reads the DOT string, replaces ``\\N``, ``\\G``, ``\\E``,
    ``\\T``, ``\\H`` and ``\\L`` with names, decodes entities, then breaks
    the line at ``\\n``, ``\\l`` and ``\\r`` and reads ``\\\\`` as a
    backslash. The only escapes a label may hold are ``\\\\`` and the
    renderer's own line breaks ``\\n``, and the only entity ``&amp;``.
    """
    text = dot_string(quoted)
    tokens = re.findall(r"\\.|[^\\]", text, flags=re.S)
    assert "".join(tokens) == text, "a lone backslash at the end"
    escapes = {token for token in tokens if token.startswith("\\")}
    assert escapes <= {"\\\\", "\\n"}, f"escapes Graphviz would interpret: {escapes}"
    assert re.search("&(?!amp;)", text) is None, "an entity Graphviz would decode"
    return "".join({"\\\\": "\\", "\\n": "\n"}.get(token, token) for token in tokens).replace("&amp;", "&")


def dot_graph(text: str) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None
    assert len(graphs) == 1
    return graphs[0]


def dot_labels(text: str) -> list[list[str]]:
    """Each node's label lines, in the order of the picture."""
    nodes = [node for node in dot_graph(text).get_nodes() if node.get_name() not in ("node", "edge", "graph")]
    return [graphviz_label(node.get_attributes()["label"]).split("\n") for node in nodes]


@pytest.mark.parametrize("title", DOT_HOSTILE)
def test_dot_labels_read_back_as_the_exact_title(title):
    graph = graph_of(title, kr_title=title, kpi_name=title, ids=(f"O{title}", f"KR{title}", "K1"), owner_name=title)
    text = goalgraph.render(graph, "dot", as_of=AS_OF)
    objective, kr, kpi = dot_labels(text)
    assert "\n".join(objective[:-1]) == f"O{title}\n{title}"
    assert "\n".join(kr[:-1]) == f"KR{title}\n{title}"
    assert "\n".join(kpi[1:-1]) == title
    (defaults,) = (d for d in dot_graph(text).get_graph_defaults() if "label" in d)
    assert graphviz_label(defaults["label"]) == f"{title}: scores as of {AS_OF}"


def test_dot_keeps_hostile_ids_apart():
    ids = ("\\N", '\\"', "\\")
    text = goalgraph.render(graph_of(ids=ids), "dot", as_of=AS_OF)
    graph = dot_graph(text)
    names = [node.get_name() for node in graph.get_nodes() if node.get_name() not in ("node", "edge", "graph")]
    assert len(set(names)) == 3
    assert [label[0] for label in dot_labels(text)] == ["\\N", '\\"', "KPI \\"]
    (edge,) = [(e.get_source(), e.get_destination()) for e in graph.get_edges() if e.get_source() == names[1]]
    assert edge == (names[1], names[0])


# SVG and HTML --------------------------------------------------------------

MARKUP_HOSTILE = [
    '"><script>alert(1)</script>',
    "]]><!-- --> <?xml?> &amp; &lt; &#x26;",
    "%%{init: {}}%% \\N \x1b]0;pwned\x07",
    "<svg onload=alert(1)>",
]


@pytest.mark.parametrize("title", MARKUP_HOSTILE)
def test_svg_reads_back_as_the_title(title):
    graph = graph_of(title, kr_title=title, ids=(f"O{title}", "KR1", "K1"))
    root = ElementTree.fromstring(goalgraph.render(graph, "svg", as_of=AS_OF))
    svg = "{http://www.w3.org/2000/svg}"
    assert {element.tag.removeprefix(svg) for element in root.iter()} <= {
        "svg", "title", "rect", "text", "tspan", "g", "path", "polygon",
    }  # fmt: skip
    groups = {group.get("data-node-id"): group for group in root.iter(f"{svg}g")}
    assert list(groups) == [shown(f"O{title}"), "KR1", "K1"]
    tooltip = groups[shown(f"O{title}")].find(f"{svg}title")
    assert tooltip is not None
    assert tooltip.text is not None
    assert tooltip.text.split("\n")[:-1] == [shown(f"O{title}"), shown(title)]


class Texts(HTMLParser):
    """The text of each ``<span class="title">`` and every tag of a page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.titles: list[str] = []
        self.tags: set[str] = set()
        self._in_title = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_title = tag == "span" and ("class", "title") in attrs
        if self._in_title:
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles[-1] += data


@pytest.mark.parametrize("title", MARKUP_HOSTILE)
def test_the_page_shows_the_title_as_text(title):
    page = goalgraph.render(graph_of(title, kr_title=title, kpi_name=title), "html", as_of=AS_OF)
    texts = Texts(page)
    assert "script" not in texts.tags
    assert "svg" not in texts.tags
    assert texts.titles == [shown(title)] * 3
    assert html.escape(shown(title)) in page


# Ids of any length ---------------------------------------------------------

LONG = "a" + "1" * 4400  # a run of 4,400 digits: int() refuses more than 4,300
MARKERS = {
    "mermaid": '("{}<br/>',
    "dot": '    "{}" [label=',
    "html": 'data-node-id="{}"',
    "svg": 'data-node-id="{}"',
}


def long_ids() -> goalgraph.GoalGraph:
    data = document(ids=(LONG, "KR10", "K" + "7" * 4400))
    krs = data["objectives"][0]["key_results"]
    for id in ("KR2", "KR" + "9" * 4400, "KR000" + "9" * 4400):
        krs.append({**krs[0], "id": id})
    return goalgraph.from_dict(data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_with_digit_runs_of_any_length_render_in_natural_order(fmt):
    assert len(LONG) == 4401
    text = goalgraph.render(long_ids(), fmt, as_of=AS_OF)
    assert LONG in text
    # KR2 before KR10; equal numbers by the id itself, so leading zeros first.
    order = ["KR2", "KR10", "KR000" + "9" * 4400, "KR" + "9" * 4400]
    places = [text.index(MARKERS[fmt].format(id)) for id in order]
    assert places == sorted(places)


def test_the_command_line_renders_a_long_id(capsys):
    path = DATA / "hostile" / "text" / "long-digit-id.json"
    assert main(["render", str(path), "--format", "dot", "--as-of", AS_OF]) == 0
    assert f'"{LONG}"' in capsys.readouterr().out


def reference_key(id: str) -> tuple[tuple[str | int, ...], str]:
    """The natural order as int() gives it, for runs of digits it can read."""
    parts = re.split(r"(\d+)", id)
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts)), id


@given(st.lists(st.text(st.sampled_from("aKR-0123456789\u0663\u0669\uff11"), max_size=12)))
def test_the_natural_order_is_the_order_of_the_numbers(ids):
    assert sorted(ids, key=order_key) == sorted(ids, key=reference_key)


@given(st.lists(st.tuples(st.integers(0, 10**40), st.integers(0, 5000))))
def test_long_runs_of_leading_zeros_compare_by_the_number(numbers):
    ids = ["KR" + "0" * zeros + str(number) for number, zeros in numbers]
    by_number = sorted(ids, key=lambda id: (int(id[2:].lstrip("0") or "0"), id))
    assert sorted(ids, key=order_key) == by_number


# Any title -----------------------------------------------------------------


@pytest.mark.slow
@given(st.text())
def test_any_title_leaves_tables_and_pictures_inert(title):
    graph = graph_of(title, kr_title=title)
    card = goalgraph.score(graph, as_of=AS_OF)
    assert_inert(scorecard_table(graph, card))
    assert_inert(scorecard_table(graph, card, colour=True), colour=True)
    mermaid = goalgraph.render(graph, "mermaid", as_of=AS_OF)
    assert CONTROL.findall(mermaid) == []
    assert [label[1:-1] for label in mermaid_labels(mermaid)[:2]] == [shown(title).split("\n")] * 2
    dot = goalgraph.render(graph, "dot", as_of=AS_OF)
    assert [label[1:-1] for label in dot_labels(dot)[:2]] == [shown(title).split("\n")] * 2


# The hostile corpus --------------------------------------------------------


def test_the_corpus_has_every_variant():
    assert {path.stem for path in CORPUS} >= {
        "mermaid-directive",
        "terminal-osc",
        "bidi-override",
        "line-breaks",
        "dot-escapes",
        "long-digit-id",
    }


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: pathlib.Path(path).stem)
def test_every_hostile_document_is_shown_inert_everywhere(path):
    graph = goalgraph.load(path)
    card = goalgraph.score(graph, as_of=AS_OF)
    for colour in (False, True):
        assert_inert(scorecard_table(graph, card, colour=colour), colour)
    findings = goalgraph.check(graph, as_of=AS_OF)
    assert_inert(findings_text(findings, goalgraph.summarize(graph, findings), AS_OF))
    assert_inert(classification_text(goalgraph.classify(graph, as_of=AS_OF), AS_OF))
    assert_inert_views(graph, card)
    mermaid = goalgraph.render(graph, "mermaid", as_of=AS_OF)
    assert len(mermaid_labels(mermaid)) == len(graph.nx)
    assert CONTROL.findall(mermaid) == []
    assert len(dot_labels(goalgraph.render(graph, "dot", as_of=AS_OF))) == len(graph.nx)
    ElementTree.fromstring(goalgraph.render(graph, "svg", as_of=AS_OF))
    assert "script" not in Texts(goalgraph.render(graph, "html", as_of=AS_OF)).tags

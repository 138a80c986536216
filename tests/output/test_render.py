"""Pictures of the alignment graph: Mermaid and DOT parsed back, the HTML page read back, escaping, depth."""

from __future__ import annotations

import datetime
import html
import itertools
import pathlib
import re
import warnings
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

import networkx as nx
import pydot
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import goalgraph
from goalgraph._cli import main
from goalgraph.strategies import graphs
from tests import builders
from tests.builders import cycle, key_result, linear_metric, objective, owner

with warnings.catch_warnings():
    # pydot's parser module calls pyparsing names that pyparsing 3.3 deprecates, once, on import.
    warnings.simplefilter("ignore", DeprecationWarning)
    import pydot.dot_parser

AS_OF = "2026-11-16"
EXAMPLE_PATH = str(pathlib.Path(goalgraph.__file__).parent / "examples" / "acme.json")


def canonical(graph: goalgraph.GoalGraph) -> list[str]:
    """The order every picture lists nodes in: objectives by id, each with its key results by id, then KPIs.

    (The example's ids have no runs of digits that sort differently as numbers.)
    """
    return [
        *(node for o in sorted(graph.objectives) for node in (o, *sorted(kr.id for kr in graph.key_results_of(o)))),
        *sorted(graph.kpis),
    ]


HOSTILE = [
    'Say "hi"',
    "back\\slash",
    "trailing\\",
    '\\"',
    "\\n is not a line break",
    "[brackets] (parens) {braces} |pipes|",
    "two\nlines",
    "windows\r\nline",
    "end",
    "subgraph",
    "digraph",
    "node",
    "a -> b; c --> d",
    "#35; #quot; &amp; &lt;",
    "<b>bold</b> & <script>alert(1)</script>",
    "`markdown` **strings**",
    "ünïcødé ✓ 漢字 🎯",
    "%% not a comment",
    "",
]
WEIRD_IDS = ["end", "subgraph", "graph", 'O "1"', "back\\slash", "ünï 漢", "a;b", "class", "n0"]


def tiny(title: str = "Grow", kr_title: str = "Sell", ids: tuple[str, str] = ("O1", "KR1")) -> goalgraph.GoalGraph:
    """One objective with one key result, their titles and ids given."""
    objective_id, kr_id = ids
    kr = key_result(kr_id, 5, title=kr_title, metric=linear_metric(target=10))
    return builders.graph(objective(objective_id, kr, title=title))


def shown(text: str) -> str:
    """What a picture shows of a text: its lines, a tab as a space, other control characters as U+FFFD."""
    return "\n".join(
        re.sub("[\x00-\x1f\x7f-\x9f]", lambda m: " " if m.group() == "\t" else "\ufffd", line)
        for line in text.splitlines()
    )


# A grammar for the part of Mermaid's flowchart language the renderer may use.

MERMAID_ID = r"n\d+"
MERMAID_LABEL = r'(?P<label>(?:[^"#;<>&`\\]|#\d+;|<br/>)*)'
MERMAID_NODE = re.compile(
    rf'^    (?P<id>{MERMAID_ID})(?P<shape>\["|\("|\{{\{{"){MERMAID_LABEL}(?P<close>"\]|"\)|"\}}\}})$'
)
MERMAID_EDGE = re.compile(
    rf"^    (?P<child>{MERMAID_ID}) (?P<arrow>-->|-\.->|==>|-\.-)(?:\|(?P<text>[a-z ]+)\|)? (?P<parent>{MERMAID_ID})$"
)
MERMAID_CLASSDEF = re.compile(
    r"^    classDef (?P<name>[a-z]+) (?P<props>[a-z-]+:#[0-9a-f]{6}(?:,[a-z-]+:#[0-9a-f]{6})*)$"
)
MERMAID_CLASS = re.compile(rf"^    class (?P<ids>{MERMAID_ID}(?:,{MERMAID_ID})*) (?P<name>[a-z]+)$")
MERMAID_STYLE = re.compile(rf"^    style {MERMAID_ID} [a-z-]+:[^;]+$")
HEALTH_BAND = {"green": "green", "amber": "yellow", "red": "red"}  # a KPI's colour
SHAPES = {'["': '"]', '("': '")', '{{"': '"}}'}


def decode_mermaid(text: str) -> str:
    """A label line as Mermaid shows it: entity codes decoded; the word joiner that keeps \\ from n removed."""
    decoded = re.sub(r"#(\d+);", lambda e: chr(int(e.group(1))), text)
    assert "\\n" not in decoded  # Mermaid would break the line there
    return decoded.replace("\\\u2060n", "\\n")


def parse_mermaid(text: str) -> dict[str, Any]:
    """Check every line against the grammar; return nodes (shape, label lines), edges and classes."""
    lines = text.splitlines()
    assert text.endswith("\n")
    assert lines[0] == "flowchart BT"
    nodes: dict[str, tuple[str, list[str]]] = {}
    edges: list[tuple[str, str, str, str | None]] = []
    classes: dict[str, str] = {}
    defined: set[str] = set()
    depth = 0
    for line in lines[1:]:
        if line.startswith(("    %% ", "    accTitle: ")):
            continue
        if m := MERMAID_NODE.match(line):
            assert SHAPES[m["shape"]] == m["close"], line
            assert m["id"] not in nodes, line
            label = [decode_mermaid(part) for part in m["label"].split("<br/>")]
            nodes[m["id"]] = (m["shape"], label)
        elif m := MERMAID_EDGE.match(line):
            assert {m["child"], m["parent"]} <= nodes.keys(), line
            edges.append((m["child"], m["arrow"], m["parent"], m["text"]))
        elif m := MERMAID_CLASSDEF.match(line):
            defined.add(m["name"])
        elif m := MERMAID_CLASS.match(line):
            assert m["name"] in defined, line
            for node in m["ids"].split(","):
                assert node in nodes, line
                assert node not in classes, line
                classes[node] = m["name"]
        elif line.strip().startswith("subgraph "):
            depth += 1
        elif line.strip() == "end":
            depth -= 1
            assert depth >= 0
        else:
            assert MERMAID_STYLE.match(line), f"not Mermaid this renderer writes: {line!r}"
    assert depth == 0
    return {"nodes": nodes, "edges": edges, "classes": classes}


def unquote_dot(text: str, label: bool = False) -> str:
    """A quoted DOT string back to its text: \\\\, \\" and \\n (and in a label, &amp;)."""
    assert text[0] == text[-1] == '"', text
    escapes = {"n": "\n", "r": "\r"}
    plain = re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text[1:-1], flags=re.S)
    return html.unescape(plain) if label else plain


def parse_dot(text: str) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]]]:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None
    assert len(graphs) == 1
    graph = graphs[0]
    nodes = {
        unquote_dot(n.get_name()): n.get_attributes()
        for n in graph.get_nodes()
        if n.get_name() not in ("node", "edge", "graph")
    }
    edges = [
        (unquote_dot(e.get_source()), unquote_dot(e.get_destination()), e.get_attributes()) for e in graph.get_edges()
    ]
    for child, parent, _ in edges:
        assert child in nodes
        assert parent in nodes
    return nodes, edges


def dot_label(attributes: dict[str, str]) -> list[str]:
    return unquote_dot(attributes["label"], label=True).split("\n")


@pytest.fixture(scope="module")
def example() -> goalgraph.GoalGraph:
    return goalgraph.load_example()


@pytest.fixture(scope="module")
def card(example: goalgraph.GoalGraph) -> goalgraph.Scorecard:
    return goalgraph.score(example, as_of=AS_OF)


# Mermaid -------------------------------------------------------------------


def test_mermaid_of_the_example_has_every_node_and_link(example, card):
    parsed = parse_mermaid(goalgraph.render(example, "mermaid", as_of=AS_OF))
    nodes, edges = parsed["nodes"], parsed["edges"]
    ids = canonical(example)
    assert len(nodes) == len(ids) == 137
    real = {safe: label[0].removeprefix("KPI ") for safe, (_, label) in nodes.items()}
    assert list(real.values()) == ids
    assert len(edges) == example.nx.number_of_edges() == 137
    arrows = {(real[c], real[p]): (arrow, text) for c, arrow, p, text in edges}
    assert set(arrows) == set(example.nx.edges)
    assert arrows["acme-q3-1-kr1", "acme-q3-1"] == ("-->", None)
    dashed = {pair for pair, kind in arrows.items() if kind == ("-.->", "supports")}
    assert dashed == {("cs-q4-1", "acme-q4-3-kr3"), ("sdr-q4-1", "mkt-q4-1")}
    informs = {pair for pair, kind in arrows.items() if kind == ("-.-", "informs")}
    assert informs == {(kpi, next(iter(example.nx.succ[kpi]))) for kpi in example.kpis if example.nx.succ[kpi]}
    assert len(informs) == 9


def test_mermaid_shapes_labels_and_colours_follow_the_scores(example, card):
    parsed = parse_mermaid(goalgraph.render(example, "mermaid", as_of=AS_OF))
    shapes = {"objective": '["', "key_result": '("', "kpi": '{{"'}
    for index, node in enumerate(canonical(example)):
        shape, label = parsed["nodes"][f"n{index}"]
        result = card[node]
        assert shape == shapes[result.kind]
        if result.kind == "kpi":
            assert label[1] == example.kpis[node].name
            assert label[-1].endswith(f"health {result.health}")
            expected = HEALTH_BAND.get(result.health, "grey")
        else:
            pct = "no score" if result.score is None else f"{round(result.score * 100)}%"
            assert label[-1].startswith(pct)
            expected = result.grade_band or "grey"
        assert parsed["classes"][f"n{index}"] == expected
    assert parsed["nodes"]["n0"] == (
        '["',
        ["acme-q3-1", "Become the analytics platform mid-market SaaS teams choose first", "79% · on track"],
    )
    assert set(parsed["classes"].values()) == {"green", "yellow", "red", "grey"}


@pytest.mark.parametrize("title", HOSTILE)
def test_mermaid_labels_survive_any_title(title):
    parsed = parse_mermaid(goalgraph.render(tiny(title, kr_title=title), "mermaid", as_of="2026-08-01"))
    for _, label in parsed["nodes"].values():
        assert "\n".join(label[1:-1]) == shown(title)


@pytest.mark.parametrize("ids", [(a, b) for a, b in zip(WEIRD_IDS, reversed(WEIRD_IDS), strict=True) if a != b])
def test_mermaid_uses_safe_ids_and_shows_the_real_ones(ids):
    parsed = parse_mermaid(goalgraph.render(tiny(ids=ids), "mermaid", as_of="2026-08-01"))
    assert [label[0] for _, label in parsed["nodes"].values()] == list(ids)
    assert [(c, p) for c, _, p, _ in parsed["edges"]] == [("n1", "n0")]


# DOT -----------------------------------------------------------------------


def test_dot_of_the_example_parses_back_to_the_graph(example, card):
    nodes, edges = parse_dot(goalgraph.render(example, "dot", as_of=AS_OF))
    order = {node: index for index, node in enumerate(canonical(example))}
    assert list(nodes) == list(order)
    assert [(c, p) for c, p, _ in edges] == sorted(example.nx.edges, key=lambda e: (order[e[0]], order[e[1]]))
    styles = {(c, p): attributes.get("style") for c, p, attributes in edges}
    assert {pair for pair, style in styles.items() if style == "dashed"} == {
        ("cs-q4-1", "acme-q4-3-kr3"),
        ("sdr-q4-1", "mkt-q4-1"),
    }
    assert {pair for pair, style in styles.items() if style == "dotted"} == {
        (kpi, next(iter(example.nx.succ[kpi]))) for kpi in example.kpis if example.nx.succ[kpi]
    }
    fills = {"green": '"#d4edda"', "yellow": '"#fff3cd"', "red": '"#f8d7da"', None: '"#eeeeee"'}
    for node, attributes in nodes.items():
        result = card[node]
        if result.kind == "kpi":
            assert attributes["shape"] == "hexagon"
            assert attributes["fillcolor"] == fills[HEALTH_BAND.get(result.health)]
        else:
            assert attributes["fillcolor"] == fills[result.grade_band]
            assert dot_label(attributes)[0] == node
    assert dot_label(nodes["acme-q3-1"]) == [
        "acme-q3-1",
        "Become the analytics platform mid-market SaaS teams choose first",
        "79% · on track",
    ]


@pytest.mark.parametrize("title", HOSTILE)
def test_dot_labels_round_trip_any_title(title):
    nodes, edges = parse_dot(goalgraph.render(tiny(title, kr_title=title), "dot", as_of="2026-08-01"))
    assert list(nodes) == ["O1", "KR1"]
    assert [(c, p) for c, p, _ in edges] == [("KR1", "O1")]
    for attributes in nodes.values():
        assert "\n".join(dot_label(attributes)[1:-1]) == shown(title)


@pytest.mark.parametrize("ids", [(a, b) for a, b in zip(WEIRD_IDS, reversed(WEIRD_IDS), strict=True) if a != b])
def test_dot_keeps_any_id(ids):
    nodes, edges = parse_dot(goalgraph.render(tiny(ids=ids), "dot", as_of="2026-08-01"))
    assert list(nodes) == list(ids)
    assert [(c, p) for c, p, _ in edges] == [(ids[1], ids[0])]
    assert [dot_label(attributes)[0] for attributes in nodes.values()] == list(ids)


@given(st.text())
def test_any_title_keeps_both_languages_valid(title):
    graph = tiny(title, kr_title=title)
    parsed = parse_mermaid(goalgraph.render(graph, "mermaid", as_of="2026-08-01"))
    nodes, _ = parse_dot(goalgraph.render(graph, "dot", as_of="2026-08-01"))
    for (_, label), attributes in zip(parsed["nodes"].values(), nodes.values(), strict=True):
        assert "\n".join(label[1:-1]) == "\n".join(dot_label(attributes)[1:-1]) == shown(title)


@given(st.lists(st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from(["\n", "\r\n"])).map("".join))
def test_printable_titles_round_trip_exactly(title):
    nodes, _ = parse_dot(goalgraph.render(tiny(title), "dot", as_of="2026-08-01"))
    assert "\n".join(dot_label(nodes["O1"])[1:-1]) == "\n".join(title.splitlines())


# HTML ----------------------------------------------------------------------

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}


class Page(HTMLParser):
    """The page read back: every tag must close in order; attributes and text are collected."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None], int]] = []
        self.text: list[str] = []
        self.deepest = 0
        self.feed(text)
        self.close()
        assert self.open == [], self.open[-5:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), len(self.open)))
        if tag not in VOID:
            self.open.append(tag)
            self.deepest = max(self.deepest, len(self.open))

    def handle_endtag(self, tag: str) -> None:
        assert self.open[-1:] == [tag], (tag, self.open[-5:])
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, name: str, value: str | None = None) -> list[dict[str, str | None]]:
        return [a for _, a, _ in self.elements if name in a and (value is None or a[name] == value)]


@pytest.fixture(scope="module")
def page_text(example) -> str:
    return goalgraph.render(example, "html", as_of=AS_OF)


def test_the_page_is_well_formed_and_self_contained(page_text):
    page = Page(page_text)
    assert page_text.startswith("<!DOCTYPE html>\n")
    assert page.elements[0] == ("html", {"lang": "en"}, 0)
    tags = {tag for tag, _, _ in page.elements}
    assert {"title", "style", "header", "main", "details", "summary"} <= tags
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "svg", "form"}
    assert not re.search(r"https?:|url\(|@import|//", page_text.replace("&#x27;", "'"))


def test_the_page_has_one_element_per_node_with_its_score(example, card, page_text):
    page = Page(page_text)
    assert len(page.having("data-kind", "objective")) == len(example.objectives)
    assert len(page.having("data-kind", "key_result")) == len(example.key_results)
    assert len(page.having("data-kind", "kpi")) == len(example.kpis)
    for attributes in page.having("data-node-id"):
        result = card[attributes["data-node-id"]]
        assert attributes["data-kind"] == result.kind
        assert attributes["data-score"] == ("" if result.score is None else repr(result.score))
    assert 'style="width: 78.54%"' in page_text  # acme-q3-1 scores 0.78544...
    assert '<span class="pct">79%</span>' in page_text


def test_the_page_lists_every_finding_by_severity(example, page_text):
    findings = goalgraph.check(example, as_of=AS_OF)
    page = Page(page_text)
    listed = page.having("data-code")
    assert [(a["data-code"], a["data-severity"], a["data-node"]) for a in listed] == [
        (f.code, str(f.severity), f.node) for f in findings
    ]
    assert f"Findings ({len(findings)})" in page_text
    assert all(html.escape(f.hint, quote=True) in page_text for f in findings if f.hint)


def test_the_config_chooses_the_findings_shown(example):
    config = goalgraph.CheckConfig().with_codes(ignore=["GG102"])
    page = Page(goalgraph.render(example, "html", as_of=AS_OF, config=config))
    codes = {a["data-code"] for a in page.having("data-code")}
    assert codes
    assert "GG102" not in codes


def test_the_policy_chooses_the_colours(example):
    strict = goalgraph.Policy(grade_bands=(0.9, 0.95))
    parsed = parse_mermaid(goalgraph.render(example, "mermaid", as_of=AS_OF, policy=strict))
    assert parsed["classes"]["n0"] == "red"  # 79% is red when green starts at 95%
    assert "red below 90%" in goalgraph.render(example, "html", as_of=AS_OF, policy=strict)


def test_a_node_with_two_parents_is_shown_once_and_referred_to_once():
    graph = builders.graph(
        objective("A"), objective("B"), objective("C", aligns_to=["A", {"id": "B", "contributes": False}])
    )
    page_text = goalgraph.render(graph, "html", as_of="2026-08-01")
    page = Page(page_text)
    assert len(page.having("data-node-id", "C")) == 1
    assert len(page.having("data-ref-id", "C")) == 1
    assert '<span class="link">supports</span> <a href="#node-2">' in page_text
    assert "(shown under A)" in page_text
    assert 'data-score=""' in page_text
    assert "no score" in page_text


def test_the_page_escapes_text_and_attributes():
    evil = '"><script>alert(1)</script>'
    page_text = goalgraph.render(tiny(evil, evil, ids=('O "1"', "K&R")), "html", as_of="2026-08-01")
    assert "<script>" not in page_text
    page = Page(page_text)
    assert [a["data-node-id"] for a in page.having("data-node-id")] == ['O "1"', "K&R"]
    assert "".join(page.text).count(evil) == 2


def test_a_title_with_line_breaks_keeps_them_as_text():
    page_text = goalgraph.render(tiny("one\ntwo\x00"), "html", as_of="2026-08-01")
    assert '<span class="title">one\ntwo\ufffd</span>' in page_text


def test_kpis_informing_nothing_have_their_own_list(example, page_text):
    loose = [kpi for kpi in example.kpis if not example.nx.succ[kpi]]
    assert loose == ["support-frt"]
    heading = page_text.index("KPIs that inform no objective or key result")
    assert page_text.index('data-node-id="support-frt"') > heading


# SVG -----------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(text: str) -> dict[str, Any]:
    """Boxes (id -> top, bottom, left, right, shape, lines, tooltip, data) and arrows of a picture, read back as XML."""
    root = ElementTree.fromstring(text)
    assert root.tag == f"{SVG}svg"
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    boxes: dict[str, dict[str, Any]] = {}
    for group in root.iter(f"{SVG}g"):
        shape = group.find(f"{SVG}rect")
        if shape is not None:
            left, top = float(shape.get("x", "0")), float(shape.get("y", "0"))
            right, bottom = left + float(shape.get("width", "0")), top + float(shape.get("height", "0"))
            kind = "rounded" if shape.get("rx") else "rect"
        else:
            polygon = group.find(f"{SVG}polygon")
            assert polygon is not None
            points = [tuple(map(float, point.split(","))) for point in polygon.get("points", "").split()]
            left, right = min(x for x, _ in points), max(x for x, _ in points)
            top, bottom = min(y for _, y in points), max(y for _, y in points)
            kind = "hexagon"
        tooltip = group.find(f"{SVG}title")
        spans = [span.text or "" for span in group.iter(f"{SVG}tspan")]
        data = {key[5:]: value for key, value in group.attrib.items() if key.startswith("data-")}
        boxes[data["node-id"]] = {
            "top": top, "bottom": bottom, "left": left, "right": right, "shape": kind,
            "lines": spans, "tooltip": tooltip.text if tooltip is not None else None, "data": data,
        }  # fmt: skip
    arrows = [
        (path.get("data-source"), path.get("data-target"), path.get("stroke-dasharray"), path.get("d", ""))
        for path in root.iter(f"{SVG}path")
        if path.get("class") == "arrow"
    ]
    return {"width": width, "height": height, "boxes": boxes, "arrows": arrows}


def test_svg_of_the_example_reads_back_as_the_graph(example, card):
    text = goalgraph.render(example, "svg", as_of=AS_OF)
    assert " id=" not in text  # no ids, so that many pictures can share one HTML page
    parsed = parse_svg(text)
    order = {node: index for index, node in enumerate(canonical(example))}
    assert list(parsed["boxes"]) == list(order)
    assert [(c, p) for c, p, _, _ in parsed["arrows"]] == sorted(
        example.nx.edges, key=lambda e: (order[e[0]], order[e[1]])
    )
    dashes = {(c, p): dash for c, p, dash, _ in parsed["arrows"]}
    assert {pair for pair, dash in dashes.items() if dash == "6 4"} == {
        ("cs-q4-1", "acme-q4-3-kr3"),
        ("sdr-q4-1", "mkt-q4-1"),
    }
    assert {pair for pair, dash in dashes.items() if dash == "2 3"} == {
        (kpi, next(iter(example.nx.succ[kpi]))) for kpi in example.kpis if example.nx.succ[kpi]
    }
    shapes = {"objective": "rect", "key_result": "rounded", "kpi": "hexagon"}
    for node, box in parsed["boxes"].items():
        result = card[node]
        assert box["shape"] == shapes[result.kind]
        assert box["data"] == {
            "node-id": node,
            "kind": str(result.kind),
            "score": "" if result.score is None else repr(result.score),
        }
    top = parsed["boxes"]["acme-q3-1"]
    assert (
        top["tooltip"] == "acme-q3-1\nBecome the analytics platform mid-market SaaS teams choose first\n79% · on track"
    )
    assert top["lines"] == [
        "acme-q3-1",
        "Become the analytics platform",
        "mid-market SaaS teams choose",
        "first",
        "79% · on track",
    ]


def assert_laid_out(parsed: dict[str, Any]) -> None:
    """Every arrow points up, no two boxes overlap, and every box lies inside the picture."""
    boxes = parsed["boxes"]
    for source, target, _, path in parsed["arrows"]:
        assert boxes[source]["top"] > boxes[target]["bottom"], (source, target)
        numbers = [float(n) for n in re.findall(r"-?[0-9.]+", path)]
        # Coordinates are written with one decimal: an arrow starts at the middle of its source's top edge.
        middle = (boxes[source]["left"] + boxes[source]["right"]) / 2
        assert (numbers[0], numbers[1]) == (pytest.approx(middle, abs=0.11), boxes[source]["top"])
        assert numbers[-1] == boxes[target]["bottom"]
    for _, _, _, path in parsed["arrows"]:
        # An arrow that skips layers goes straight up through a gap in each ("L" after the curve into it).
        for before, x, y in re.findall(r"(-?[0-9.]+) L (-?[0-9.]+) (-?[0-9.]+)", path):
            low, high = float(y), float(before)
            for box in boxes.values():
                inside = box["left"] < float(x) < box["right"]
                assert not (inside and low < box["bottom"] and box["top"] < high), (path, box)
    placed = sorted(boxes.values(), key=lambda box: (box["top"], box["left"]))
    for box in placed:
        assert 0 <= box["left"] < box["right"] <= parsed["width"]
        assert 0 <= box["top"] < box["bottom"] <= parsed["height"]
    for first, second in itertools.combinations(placed, 2):
        apart = first["right"] <= second["left"] or second["right"] <= first["left"]
        assert apart or first["bottom"] <= second["top"] or second["bottom"] <= first["top"]


def test_an_arrow_that_skips_a_layer_goes_around_the_boxes_between():
    graph = builders.graph(
        objective("O1", title="Top"),
        objective("O2", title="Middle", aligns_to=["O1"]),
        objective("O3", title="Bottom", aligns_to=["O2", "O1"]),
    )
    parsed = parse_svg(goalgraph.render(graph, "svg", as_of="2026-08-01"))
    (skipping,) = [path for source, target, _, path in parsed["arrows"] if (source, target) == ("O3", "O1")]
    assert " L " in skipping
    middle = parsed["boxes"]["O2"]
    x = float(skipping.split(" L ")[1].split()[0])
    assert not middle["left"] <= x <= middle["right"]
    assert_laid_out(parsed)


def test_svg_of_the_example_is_laid_out(example):
    assert_laid_out(parse_svg(goalgraph.render(example, "svg", as_of=AS_OF)))


@settings(max_examples=60, deadline=None)
@given(graphs(max_nodes=12))
def test_any_graph_is_laid_out_with_arrows_up_and_no_overlap(graph):
    parsed = parse_svg(goalgraph.render(graph, "svg", as_of="2026-08-15"))
    assert set(parsed["boxes"]) == set(graph.nx)
    assert len(parsed["arrows"]) == graph.nx.number_of_edges()
    assert_laid_out(parsed)


@given(st.text())
def test_svg_keeps_any_title_as_valid_xml(title):
    parsed = parse_svg(goalgraph.render(tiny(title, kr_title=title), "svg", as_of="2026-08-01"))
    assert list(parsed["boxes"]) == ["O1", "KR1"]
    for box in parsed["boxes"].values():
        # XML cannot hold U+FFFE and U+FFFF either: they are shown as U+FFFD too.
        assert box["tooltip"].split("\n")[1:-1] == re.sub("[\ufffe\uffff]", "\ufffd", shown(title)).split("\n")


@pytest.mark.parametrize("ids", [(a, b) for a, b in zip(WEIRD_IDS, reversed(WEIRD_IDS), strict=True) if a != b])
def test_svg_keeps_any_id(ids):
    parsed = parse_svg(goalgraph.render(tiny(ids=ids), "svg", as_of="2026-08-01"))
    assert list(parsed["boxes"]) == list(ids)
    assert [(c, p) for c, p, _, _ in parsed["arrows"]] == [(ids[1], ids[0])]


def test_a_long_title_is_wrapped_and_cut_but_kept_whole_in_the_tooltip():
    title = "word " * 40
    parsed = parse_svg(goalgraph.render(tiny(title.strip()), "svg", as_of="2026-08-01"))
    box = parsed["boxes"]["O1"]
    assert box["lines"][0] == "O1"
    assert len(box["lines"]) == 5  # the id, three lines of title (the last ending in an ellipsis), the score
    assert box["lines"][3].endswith("…")
    assert all(len(line) <= 30 for line in box["lines"])
    assert box["tooltip"].split("\n")[1] == title.strip()


# Every format --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "html", "svg"])
def test_the_same_input_gives_the_same_bytes(example, fmt, tmp_path):
    first = goalgraph.render(example, fmt, as_of=AS_OF)
    path = tmp_path / "acme.json"
    goalgraph.dump(example, path)
    assert goalgraph.render(goalgraph.load(path), fmt, as_of=AS_OF) == first
    assert goalgraph.render(example, fmt, as_of=AS_OF).encode() == first.encode()


def test_the_default_date_is_today():
    graph = tiny()
    assert goalgraph.render(graph, "html") == goalgraph.render(graph, "html", as_of=datetime.date.today())


def test_an_unknown_format_is_refused(example):
    with pytest.raises(ValueError, match="format must be 'mermaid', 'dot', 'html' or 'svg', got 'png'"):
        goalgraph.render(example, "png")  # type: ignore[arg-type]


# -- one objective and what it is scored from (root=) ---------------------------------


def expected_below(graph: goalgraph.GoalGraph, root: str) -> set[str]:
    """What the picture of ``root`` must show: what reaches it by links, and the KPIs its key results read."""
    reaching = {root} | {node for node in graph.iter_nodes() if nx.has_path(graph.nx, node, root)}
    read = {graph.key_results[kr].metric.kpi for kr in reaching if kr in graph.key_results}
    return reaching | {kpi for kpi in read if kpi is not None}


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(graphs(max_nodes=14), st.data())
def test_a_picture_of_one_objective_shows_what_it_is_scored_from_with_the_whole_graphs_scores(graph, data):
    root = data.draw(st.sampled_from(sorted(graph.objectives)))
    card = goalgraph.score(graph, as_of=AS_OF)
    parsed = parse_svg(goalgraph.render(graph, "svg", as_of=AS_OF, root=root))
    assert set(parsed["boxes"]) == expected_below(graph, root)
    for node, box in parsed["boxes"].items():
        result = card[node]
        assert box["data"]["score"] == ("" if result.score is None else repr(result.score))
    links = {(child, parent) for child, parent, *_ in parsed["arrows"]}
    assert links == {(child, parent) for child, parent in graph.nx.edges if {child, parent} <= set(parsed["boxes"])}
    assert_laid_out(parsed)
    nodes, _ = parse_dot(goalgraph.render(graph, "dot", as_of=AS_OF, root=root))
    assert set(nodes) == set(parsed["boxes"])


def test_a_picture_of_a_top_objective_that_everything_reaches_is_the_whole_picture():
    graph = goalgraph.loads(
        """
goalgraph: 1
cycles: [{id: Q3, start: 2026-07-01, end: 2026-09-30}]
owners: [{id: acme, level: company}, {id: sales, level: team, parent: acme}]
objectives:
  - id: O1
    title: Grow
    owner: acme
    cycle: Q3
    key_results:
      - {id: KR1, title: Customers, metric: {type: linear, start: 0, target: 100},
         checkins: [{date: 2026-08-01, value: 40}]}
  - id: O2
    title: Sell
    owner: sales
    cycle: Q3
    aligns_to: [O1, {id: KR1, contributes: false}]
    key_results:
      - {id: KR2, title: Deals, metric: {type: milestone}}
kpis:
  - {id: mrr, name: MRR, direction: higher, supports: [O2],
     measurements: [{date: 2026-08-01, value: 10}]}
""",
        format="yaml",
    )
    for fmt in ("mermaid", "dot", "svg", "html"):
        whole = goalgraph.render(graph, fmt, as_of="2026-08-15")
        assert goalgraph.render(graph, fmt, as_of="2026-08-15", root="O1") == whole, fmt
    assert goalgraph.render(graph, "dot", as_of="2026-08-15", root="O2").count(" -> ") == 2  # KR2 and mrr


def test_the_page_of_one_objective_lists_only_its_findings(example):
    root = "sales-q4-1"
    page_text = goalgraph.render(example, "html", as_of=AS_OF, root=root)
    shown = set(re.findall(r'data-node-id="([^"]+)"', page_text))
    assert shown == expected_below(example, root)
    listed = Page(page_text).having("data-code")
    findings = [f for f in goalgraph.check(example, as_of=AS_OF) if f.node in shown]
    assert findings  # the example has some below this objective, and others elsewhere
    assert len(findings) < len(goalgraph.check(example, as_of=AS_OF))
    assert [(a["data-code"], a["data-node"]) for a in listed] == [(f.code, f.node) for f in findings]


@pytest.mark.parametrize(
    ("root", "error", "message"),
    [
        ("sales-q4-1-kr1", ValueError, "'sales-q4-1-kr1' is a key result of 'sales-q4-1'; draw 'sales-q4-1'"),
        ("acme", ValueError, "'acme' is an owner"),
        ("2026-Q4", ValueError, "'2026-Q4' is a cycle"),
        ("mrr", ValueError, "'mrr' is a KPI"),
        ("nope", goalgraph.UnknownNodeError, "no objective with id 'nope'"),
    ],
)
def test_a_root_that_is_not_an_objective_is_refused_saying_what_it_is(example, root, error, message, capsys):
    with pytest.raises(error, match=re.escape(message)):
        goalgraph.render(example, "svg", as_of=AS_OF, root=root)
    assert main(["render", EXAMPLE_PATH, "--root", root]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"goalgraph: error: {EXAMPLE_PATH}: --root {root}: ")
    assert message in err
    assert "Traceback" not in err


def test_the_command_line_draws_one_objective(capsys):
    assert main(["render", EXAMPLE_PATH, "--root", "sales-q4-1", "--format", "dot", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert out == goalgraph.render(goalgraph.load_example(), "dot", as_of=AS_OF, root="sales-q4-1")


@pytest.fixture(scope="module")
def chain() -> goalgraph.GoalGraph:
    """10,000 objectives, each aligned to the one before: far deeper than Python's recursion limit."""
    objectives = [objective("O0", title="Top", owner="org", cycle="C")]
    objectives += [
        objective(f"O{i}", title=f"Level {i}", owner="org", cycle="C", aligns_to=[f"O{i - 1}"])
        for i in range(1, 10_000)
    ]
    return builders.graph(*objectives, cycles=[cycle("C", "2026-01-01", "2026-03-31")], owners=[owner("org")])


@pytest.mark.slow
def test_a_ten_thousand_level_chain_renders_in_every_format(chain):
    mermaid = goalgraph.render(chain, "mermaid", as_of="2026-02-01")
    assert mermaid.count('"]\n') == 10_000
    assert mermaid.count(" --> ") == 9_999
    dot = goalgraph.render(chain, "dot", as_of="2026-02-01")
    assert dot.count(" -> ") == 9_999
    assert '"O9999" -> "O9998";' in dot
    page = goalgraph.render(chain, "html", as_of="2026-02-01")
    assert page.count('data-kind="objective"') == 10_000
    depth = deepest = 0
    for tag in re.finditer(r"<(/?)(?:li|ul|details)\b", page):  # a fast balance check: Page() takes seconds here
        depth += -1 if tag.group(1) else 1
        deepest = max(deepest, depth)
        assert depth >= 0
    assert depth == 0
    assert deepest > 3 * 9_999
    picture = goalgraph.render(chain, "svg", as_of="2026-02-01")
    assert picture.count('class="arrow"') == 9_999
    assert picture.count('<g class="box"') == 10_000


# Command line --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "html", "svg"])
def test_the_command_line_prints_the_picture(example, fmt, tmp_path, capsys):
    path = tmp_path / "acme.json"
    goalgraph.dump(example, path)
    assert main(["render", str(path), "--format", fmt, "--as-of", AS_OF]) == 0
    out, err = capsys.readouterr()
    assert out == goalgraph.render(example, fmt, as_of=AS_OF)
    assert err == ""


def test_the_command_line_draws_mermaid_by_default(tmp_path, capsys):
    path = tmp_path / "tiny.json"
    goalgraph.dump(tiny(), path)
    assert main(["render", str(path), "--as-of", "2026-08-01"]) == 0
    assert capsys.readouterr().out.startswith("flowchart BT\n")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("{not json", "bad.json"),
        ('{"goalgraph": 1, "objectives": [{"id": "O1"}]}', "/objectives/0"),
    ],
)
def test_the_command_line_refuses_a_bad_file(tmp_path, capsys, content, expected):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["render", str(path), "--format", "html"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert expected in err
    assert "bad.json" in err
    assert "Traceback" not in err


def test_the_command_line_refuses_an_unknown_format(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["render", str(tmp_path / "x.json"), "--format", "png"])
    assert stopped.value.code == 2
    assert "invalid choice: 'png'" in capsys.readouterr().err

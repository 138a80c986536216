"""YAML read as plain data from the parser's events: no constructor errors, no YAML 1.1 surprises."""

from __future__ import annotations

import datetime

import pytest

import goalgraph
from goalgraph import Limits, ValidationError

DOC = """goalgraph: 1
cycles: [{id: C, start: 2026-07-01, end: 2026-09-30}]
owners: [{id: acme, level: company}]
objectives:
- id: O1
  title: T
  owner: acme
  cycle: C
  VALUE_HERE
  key_results:
  - {id: KR1, title: K, metric: {type: linear, start: 0, target: 1000}}
"""
O1 = "/objectives/0"


def refused(line: str, **options: object) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        goalgraph.loads(DOC.replace("VALUE_HERE", line), **options)  # type: ignore[arg-type]
    return [(p.code, p.path) for p in info.value.problems]


def extra(line: str) -> object:
    return goalgraph.loads(DOC.replace("VALUE_HERE", line)).objectives["O1"].extra["x-a"]


@pytest.mark.parametrize(
    ("line", "code", "path"),
    [
        ("x-a: !!map [1]", "GG005", f"{O1}/x-a"),
        ("x-a: !!seq {a: 1}", "GG005", f"{O1}/x-a"),
        ("x-a: !!str [1]", "GG005", f"{O1}/x-a"),
        ("x-a: !!float [1]", "GG005", f"{O1}/x-a"),
        ("x-a: !!bool maybe", "GG005", f"{O1}/x-a"),
        ("x-a: !!null 3", "GG005", f"{O1}/x-a"),
        ("x-a: !!int abc", "GG005", f"{O1}/x-a"),
        ("x-a: !!timestamp abc", "GG005", f"{O1}/x-a"),
        ("x-a: !!binary aGVsbG8=", "GG005", f"{O1}/x-a"),
        ("x-a: [1, !!set {a, b}]", "GG005", f"{O1}/x-a/1"),
        ("x-a: {b: !local 1}", "GG005", f"{O1}/x-a/b"),
        ("x-a: {<<: 1}", "GG008", f"{O1}/x-a"),
        ("x-a: {<<: [1, 2]}", "GG008", f"{O1}/x-a"),
        ("x-a: {<<: {b: 1}}", "GG008", f"{O1}/x-a"),
        ("x-a: {1: a, 1: b}", "GG007", f"{O1}/x-a/1"),
        ("x-a: [{b: 1, b: 2}]", "GG007", f"{O1}/x-a/0/b"),
        ("x-a: {? [1]: 2}", "GG012", f"{O1}/x-a"),
    ],
)
def test_what_a_yaml_constructor_cannot_build_is_a_problem_with_a_path(line, code, path):
    # Each of these escaped as ConstructorError, KeyError, AttributeError or TypeError.
    assert (code, path) in refused(line)


@pytest.mark.parametrize(
    ("written", "hint_word"),
    [
        ("017", "leading zeros"),
        ("-017", "leading zeros"),
        ("08", "leading zeros"),
        ("1:30", "quote"),
        ("0x1F", "quote"),
        ("0o17", "quote"),
        ("0b11", "quote"),
        ("1_000", "quote"),
        ("1_000.5", "quote"),
    ],
)
def test_a_scalar_yaml_1_1_and_1_2_read_differently_is_refused_with_a_hint_to_quote(written, hint_word):
    for line in (f"x-a: {written}", f"x-a: [{written}]"):
        with pytest.raises(ValidationError) as info:
            goalgraph.loads(DOC.replace("VALUE_HERE", line))
        (problem,) = info.value.problems
        assert problem.code == "GG008"
        assert written in problem.message
        assert hint_word in problem.hint
        assert f"'{written}'" in problem.hint  # the quoted form to write


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1e3", 1000.0),
        ("1E3", 1000.0),
        (".5", 0.5),
        ("+5", 5),
        ("-0", 0),
        ("0", 0),
        ("1.", 1.0),
        ("'017'", "017"),
        ('"1:30"', "1:30"),
        ("=", "="),
        ("! 5", "5"),
        ("!!str 5", "5"),
        ("!!float 5", 5.0),
        ("!!int 5", 5),
        ("yes", True),
        ("n", False),
        ("~", None),
        ("2026-07-01", datetime.date(2026, 7, 1)),
        ("2026-02-30", "2026-02-30"),
        ("0x", "0x"),
        ("'<<'", "<<"),
    ],
)
def test_plain_scalars_are_read_as_yaml_1_2_reads_them(written, read):
    value = extra(f"x-a: {written}")
    assert value == read
    assert type(value) is type(read)


def test_a_quoted_merge_key_is_a_plain_key():
    assert extra("x-a: {'<<': 1}") == {"<<": 1}


def test_infinities_and_nan_are_refused_where_a_number_belongs():
    for written in (".inf", "-.inf", ".NaN", "1e400"):
        assert refused(f"x-a: {written}") == [("GG013", f"{O1}/x-a")]


def test_a_deep_yaml_nest_within_a_raised_limit_reads_without_recursion():
    # With --max-depth 1000 (now refused: 500 is the most) a 300-level nest gave a RecursionError.
    line = "x-a: " + "[" * 300 + "]" * 300
    graph = goalgraph.loads(DOC.replace("VALUE_HERE", line), limits=Limits(max_depth=310))
    value = graph.objectives["O1"].extra["x-a"]
    depth = 0
    while value:
        value, depth = value[0], depth + 1
    assert depth == 299  # the innermost list is empty


def test_a_flow_nest_past_the_parser_limit_is_too_deep():
    line = "x-a: " + "[" * 100_000 + "]" * 100_000
    assert [code for code, _ in refused(line)] == ["GG003"]


def test_a_nesting_limit_above_500_is_refused_naming_the_maximum():
    with pytest.raises(ValidationError) as info:
        Limits(max_depth=501)
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("GG015", "/max_depth")
    assert "500" in problem.message
    assert Limits(max_depth=500).max_depth == 500


def test_x_values_count_toward_the_node_limit_and_reading_stops_early():
    line = "x-a: [" + ", ".join(["1"] * 200) + "]"
    assert extra(line) == tuple([1] * 200)
    problems = refused(line, limits=Limits(max_nodes=100))
    assert problems == [("GG002", f"{O1}/x-a")]


@pytest.mark.parametrize("written", ["0" + "9" * 5000, "-0" + "7" * 5000, "0x" + "F" * 5000])
def test_a_long_yaml_1_1_number_is_refused_and_quoted_short(written):
    # A leading-zero run past 4,300 digits escaped as int()'s ValueError while the message was made.
    with pytest.raises(ValidationError) as info:
        goalgraph.loads(DOC.replace("VALUE_HERE", f"x-a: {written}"))
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("GG008", f"{O1}/x-a")
    assert len(problem.message) < 200
    assert "characters)" in problem.hint

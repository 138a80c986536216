"""The fuzzing contract and input strategies, shared by tests/project/test_fuzz.py and tools/fuzz.py.

Every input to a loader must either load or be refused with a
:class:`goalgraph.ValidationError` whose problems all have a code and a
message; whatever loads must score, check, and dump and load back to the
same document.
"""

from __future__ import annotations

import io
import json
import pathlib

from hypothesis import strategies as st

import goalgraph
from goalgraph.strategies import documents

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGETS = ("json", "yaml", "csv")
AS_OF = "2026-11-16"


def one_input(target: str, data: bytes) -> None:
    """Feed ``data`` to one loader and check the contract; raise on a finding."""
    try:
        if target == "csv":
            graph = goalgraph.read_goals_csv(io.StringIO(data.decode("utf-8", "replace")))
        else:
            graph = goalgraph.load(io.BytesIO(data), format=target)  # type: ignore[arg-type]
    except goalgraph.ValidationError as err:
        if not err.problems:
            raise AssertionError("a ValidationError with no problems") from err
        for problem in err.problems:
            if not problem.code.startswith("GG") or not problem.message:
                raise AssertionError(f"a problem without a code or a message: {problem!r}") from err
        str(err)  # the message itself must render
        return
    try:
        _outputs(graph)
    except goalgraph.RuleError:
        return  # a registered function refused to score (none is registered here: a finding would be any other)
    again = goalgraph.loads(goalgraph.dumps(graph), format="json")
    if again.to_dict() != graph.to_dict():
        raise AssertionError("dumps then loads changed the document")


def _outputs(graph: goalgraph.GoalGraph) -> None:
    """Everything a host shows of a loaded graph: it must be made, and hold finite numbers only."""
    card = goalgraph.score(graph, as_of=AS_OF)
    json.dumps(card.to_dict(), allow_nan=False)
    json.dumps(goalgraph.score_table(graph, card=card), allow_nan=False, default=str)
    goalgraph.table_csv(goalgraph.edge_table(graph), columns=goalgraph.EDGE_COLUMNS)
    goalgraph.check(graph, as_of=AS_OF)
    goalgraph.classify(graph, as_of=AS_OF)
    for format in ("mermaid", "dot", "svg", "html"):
        goalgraph.render(graph, format, as_of=AS_OF)


def seeds(target: str) -> list[bytes]:
    """Valid inputs to start from, in the target's format."""
    graph = goalgraph.load_example()
    if target == "csv":
        return [goalgraph.goals_csv(graph).encode()]
    if target == "json":
        return [goalgraph.dumps(graph, "json").encode()]
    return [goalgraph.dumps(graph, "yaml").encode(), (ROOT / "docs" / "okrs.yaml").read_bytes()]


# -- inputs ----------------------------------------------------------------

# Numbers at the edge of the float range: the largest float, the smallest
# subnormal, integers beyond 2**1023 and past 4,300 digits' reach.
_EDGE_NUMBERS = st.one_of(
    st.sampled_from([1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 1e-300, 1e300, 2.0**1023]),
    st.floats(min_value=1e290, max_value=1.7976931348623157e308),
    st.integers(min_value=2**1020, max_value=2**1030),
    st.just(10**400),
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    _EDGE_NUMBERS,
    st.text(max_size=12),
    st.sampled_from(["2026-02-30", "2026-07-01", "NaN", "=1+1", "O1", "", "x-note", "linear", "milestone"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def _mutated_document(draw: st.DrawFn) -> object:
    doc: object = draw(documents())
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        doc = _mutate(draw, doc)
    return doc


def _mutate(draw: st.DrawFn, doc: object) -> object:
    """Replace, delete or add one thing somewhere in the document."""
    if isinstance(doc, dict) and doc and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(doc)))
        action = draw(st.sampled_from(["descend", "delete", "replace", "add"]))
        copy = dict(doc)
        if action == "descend":
            copy[key] = _mutate(draw, copy[key])
        elif action == "delete":
            del copy[key]
        elif action == "replace":
            copy[key] = draw(_values)
        else:
            copy[draw(st.text(max_size=10) | st.sampled_from(["x-note", "extra", "id", "weight"]))] = draw(_values)
        return copy
    if isinstance(doc, list) and doc and draw(st.booleans()):
        index = draw(st.integers(min_value=0, max_value=len(doc) - 1))
        action = draw(st.sampled_from(["descend", "delete", "duplicate"]))
        copy = list(doc)
        if action == "descend":
            copy[index] = _mutate(draw, copy[index])
        elif action == "delete":
            del copy[index]
        else:
            copy.insert(index, copy[index])
        return copy
    return draw(_values) if draw(st.integers(min_value=0, max_value=4)) == 0 else doc


@st.composite
def _mutated_bytes(draw: st.DrawFn, target: str) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds(target))))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        where = draw(st.integers(min_value=0, max_value=max(0, len(data) - 1)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "splice"]))
        if action == "flip" and data:
            data[where] = draw(st.integers(min_value=0, max_value=255))
        elif action == "insert":
            data[where:where] = draw(
                st.sampled_from(
                    [
                        b'"',
                        b"{",
                        b"[",
                        b",",
                        b"\n",
                        b"&a ",
                        b"*a",
                        b"!!python/object ",
                        b"\xff",
                        b"-",
                        b"1e400",
                        b"NaN",
                        b"'",
                        b";",
                        # YAML tags on any kind of node, merge keys, and the scalars
                        # YAML 1.1 and 1.2 read differently.
                        b"!!map ",
                        b"!!seq ",
                        b"!!str ",
                        b"!!int ",
                        b"!!float ",
                        b"!!bool ",
                        b"!!null ",
                        b"!!timestamp ",
                        b"!!set ",
                        b"!!binary ",
                        b"!local ",
                        b"! ",
                        b"<<: ",
                        b"? ",
                        b"= ",
                        b" 017",
                        b" 0x1F",
                        b" 0o17",
                        b" 1:30",
                        b" 1_000",
                        b" 1e3",
                        b" .inf",
                        b" .nan",
                        b" 1.7976931348623157e308",
                        b" 5e-324",
                        b" 1e-300",
                        b" 99999999999999999999999999999999999999999999999999",
                    ]
                )
            )
        elif action == "delete":
            del data[where : where + draw(st.integers(min_value=1, max_value=20))]
        else:
            other = draw(st.integers(min_value=0, max_value=max(0, len(data) - 1)))
            data[where:where] = data[other : other + draw(st.integers(min_value=1, max_value=40))]
    return bytes(data)


def _rows_csv(rows: list[dict[str, str]]) -> bytes:
    import csv

    out = io.StringIO()
    header = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def mutated_inputs(target: str) -> st.SearchStrategy[bytes]:
    """Raw bytes for ``target``: mutated valid documents, mutated seed bytes, and plain noise."""
    noise = st.binary(max_size=200)
    if target == "csv":
        cells = st.one_of(
            st.text(max_size=12),
            st.sampled_from(["", "O1", "KR1", "2026-Q3", "Q3 2026", "1,000", "NaN", "=1+1", "-5", "true", "company"]),
        )
        columns = st.sampled_from(
            [
                "id",
                "parent",
                "type",
                "title",
                "owner",
                "level",
                "period",
                "start",
                "target",
                "current",
                "unit",
                "weight",
                "date",
                "metric",
                "kind",
            ]
        )
        rows = st.lists(st.dictionaries(columns, cells, min_size=1), min_size=1, max_size=6).map(_rows_csv)
        return st.one_of(_mutated_bytes(target), rows, noise)
    as_text = _mutated_document().map(lambda doc: _serialise(doc, target))
    return st.one_of(as_text, _mutated_bytes(target), noise)


def _serialise(doc: object, target: str) -> bytes:
    if target == "json":
        return json.dumps(doc, default=str).encode()
    import yaml

    return yaml.safe_dump(doc, allow_unicode=True).encode()

"""Deep and wide graphs (issue #9): a 100,000-level chain and an objective with 100,000 key results.

Both must load, score, check, render and make a score table without
``RecursionError`` (the dump round trip and the command line are linear
too, measured by ``benchmarks/shapes.py``; at this size they would add two
minutes to every CI run). The sizes are the issue's own, so these run
in every CI run (marked ``slow``: the inner loop, ``-m "not slow"``, leaves
them out); each operation runs once per shape (module-scoped fixtures) to
keep the file's time down. The chain's operations run under a recursion
limit only ``HEADROOM`` frames above the caller's depth: any recursion per
level, or per node, fails at once instead of hiding under the default limit.
How the time grows with size is measured by ``benchmarks/shapes.py``, not here.
"""

from __future__ import annotations

import contextlib
import math
import pathlib
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Literal, TypeVar

import pytest

import goalgraph

LEVELS = 100_000  # the chain: objective i aligns to objective i-1
KEY_RESULTS = 100_000  # the wide objective
AS_OF = "2026-08-15"
# The deepest call chain any operation needs here is about 25 frames (measured); 100 leaves room for
# library changes while staying far below what one frame per level of a chain would need.
HEADROOM = 100
Format = Literal["mermaid", "dot", "html", "svg"]
FORMATS: tuple[Format, ...] = ("mermaid", "dot", "html", "svg")

T = TypeVar("T")


# -- the documents, written as JSON text directly (fast) ---------------------------


def _progress(i: int) -> float:
    """Key result ``i``'s progress: its check-in is ``i % 101`` on a linear metric from 0 to 100."""
    return (i % 101) / 100


def _key_result(i: int) -> str:
    return (
        f'{{"id": "KR{i}", "title": "Key result {i}", "metric": {{"type": "linear", "start": 0, "target": 100}}, '
        f'"checkins": [{{"date": "2026-08-01", "value": {i % 101}}}]}}'
    )


def _objective(objective_id: str, key_results: str, aligns_to: str | None = None) -> str:
    link = f', "aligns_to": ["{aligns_to}"]' if aligns_to else ""
    return (
        f'{{"id": "{objective_id}", "title": "Objective {objective_id}", "owner": "acme", "cycle": "Q3"{link}, '
        f'"key_results": [{key_results}]}}'
    )


def _document(objectives: Iterator[str]) -> str:
    return (
        '{"goalgraph": 1, "cycles": [{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}], '
        '"owners": [{"id": "acme", "level": "company"}], "objectives": [' + ", ".join(objectives) + "]}"
    )


def chain_text(levels: int) -> str:
    return _document(_objective(f"O{i}", _key_result(i), f"O{i - 1}" if i else None) for i in range(levels))


def wide_text(key_results: int) -> str:
    return _document(iter([_objective("O", ", ".join(_key_result(i) for i in range(key_results)))]))


@contextlib.contextmanager
def shallow_stack() -> Iterator[None]:
    """Lower the recursion limit to ``HEADROOM`` frames above the current depth, and restore it after."""
    depth = 0
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + HEADROOM)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def shallow(action: Callable[[], T]) -> T:
    with shallow_stack():
        return action()


# -- the chain -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def chain() -> goalgraph.GoalGraph:
    text = chain_text(LEVELS)
    # Under the default node limit (2,000,000): no Limits needed for 200,000 nodes.
    return shallow(lambda: goalgraph.loads(text, format="json"))


@pytest.fixture(scope="module")
def chain_card(chain: goalgraph.GoalGraph) -> goalgraph.Scorecard:
    return shallow(lambda: goalgraph.score(chain, as_of=AS_OF))


def test_the_shallow_stack_catches_recursion_and_restores_the_limit() -> None:
    def down(levels: int) -> int:
        return levels and down(levels - 1)

    limit = sys.getrecursionlimit()
    assert shallow(lambda: down(HEADROOM // 2)) == 0
    with pytest.raises(RecursionError):
        shallow(lambda: down(HEADROOM))
    assert sys.getrecursionlimit() == limit


@pytest.mark.slow
def test_a_chain_of_100000_levels_loads(chain: goalgraph.GoalGraph) -> None:
    assert len(chain.objectives) == LEVELS
    assert len(chain.key_results) == LEVELS
    assert chain.objectives[f"O{LEVELS - 1}"].aligns_to[0].parent == f"O{LEVELS - 2}"


@pytest.mark.slow
def test_every_level_of_the_chain_rolls_up(chain_card: goalgraph.Scorecard) -> None:
    # Objective i averages its key result and objective i+1 (both weight 1); the deepest has only its key result.
    expected = _progress(LEVELS - 1)
    assert chain_card[f"O{LEVELS - 1}"].score == pytest.approx(expected, rel=1e-12)
    for i in reversed(range(LEVELS - 1)):
        expected = (_progress(i) + expected) / 2
        if i in (LEVELS - 2, LEVELS // 2, 1, 0):
            assert chain_card[f"O{i}"].score == pytest.approx(expected, rel=1e-12), i
    assert chain_card[f"KR{LEVELS // 3}"].score == pytest.approx(_progress(LEVELS // 3))
    assert len(chain_card) == 2 * LEVELS


@pytest.mark.slow
def test_the_chain_checks(chain: goalgraph.GoalGraph) -> None:
    findings = shallow(lambda: goalgraph.check(chain, as_of=AS_OF))
    # One key result per objective (GG202 each), and 100,000 objectives for one owner (GG201 once).
    assert Counter(finding.code for finding in findings) == {"GG202": LEVELS, "GG201": 1}


@pytest.mark.slow
@pytest.mark.parametrize("format", FORMATS)
def test_the_chain_renders(chain: goalgraph.GoalGraph, format: Format) -> None:
    picture = shallow(lambda: goalgraph.render(chain, format, as_of=AS_OF))
    deepest = f"O{LEVELS - 1}"
    assert deepest in picture
    assert f"KR{LEVELS - 1}" in picture
    if format == "html":
        # The tree nests each level inside the one above: every objective is opened and closed once.
        assert picture.count("<details open>") == picture.count("</details>") == LEVELS


@pytest.mark.slow
def test_the_chain_makes_a_score_table(chain: goalgraph.GoalGraph, chain_card: goalgraph.Scorecard) -> None:
    rows = shallow(lambda: goalgraph.score_table(chain, card=chain_card))
    assert len(rows) == 2 * LEVELS
    scores = {row["id"]: row["score"] for row in rows}
    assert scores["O0"] == chain_card["O0"].score
    assert scores[f"O{LEVELS - 1}"] == chain_card[f"O{LEVELS - 1}"].score


# -- the wide objective ---------------------------------------------------------------


@pytest.fixture(scope="module")
def wide() -> goalgraph.GoalGraph:
    return goalgraph.loads(wide_text(KEY_RESULTS), format="json")


@pytest.fixture(scope="module")
def wide_card(wide: goalgraph.GoalGraph) -> goalgraph.Scorecard:
    return goalgraph.score(wide, as_of=AS_OF)


@pytest.mark.slow
def test_an_objective_with_100000_key_results_loads(wide: goalgraph.GoalGraph) -> None:
    assert len(wide.objectives) == 1
    assert len(wide.key_results) == KEY_RESULTS
    assert len(wide.key_results_of("O")) == KEY_RESULTS


@pytest.mark.slow
def test_the_wide_objective_averages_every_key_result(wide_card: goalgraph.Scorecard) -> None:
    expected = math.fsum(_progress(i) for i in range(KEY_RESULTS)) / KEY_RESULTS
    assert wide_card["O"].score == pytest.approx(expected, rel=1e-12)
    assert wide_card[f"KR{KEY_RESULTS - 1}"].score == pytest.approx(_progress(KEY_RESULTS - 1))
    assert len(wide_card["O"].contributions) == KEY_RESULTS


@pytest.mark.slow
def test_the_wide_objective_checks(wide: goalgraph.GoalGraph) -> None:
    findings = goalgraph.check(wide, as_of=AS_OF)
    assert [(finding.code, finding.node) for finding in findings] == [("GG202", "O")]  # too many key results


@pytest.mark.slow
@pytest.mark.parametrize("format", FORMATS)
def test_the_wide_objective_renders(wide: goalgraph.GoalGraph, format: Format) -> None:
    picture = goalgraph.render(wide, format, as_of=AS_OF)
    assert f"KR{KEY_RESULTS - 1}" in picture
    # The SVG shows each title twice: in the box, and whole in its tooltip.
    assert picture.count("Key result ") == KEY_RESULTS * (2 if format == "svg" else 1)


@pytest.mark.slow
def test_the_wide_objective_makes_a_score_table(wide: goalgraph.GoalGraph, wide_card: goalgraph.Scorecard) -> None:
    rows = goalgraph.score_table(wide, card=wide_card)
    assert len(rows) == KEY_RESULTS + 1
    assert next(row["score"] for row in rows if row["id"] == "O") == wide_card["O"].score


# -- the benchmark script, so that it cannot rot ----------------------------------------


@pytest.mark.slow
def test_the_shapes_benchmark_reports_every_figure() -> None:
    script = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "shapes.py"
    command = [sys.executable, str(script), "--sizes", "20,40", "--repeat", "1"]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout
    for shape, size, nodes in (("chain", 20, 40), ("chain", 40, 80), ("wide", 20, 21), ("wide", 40, 41)):
        assert f"== {shape} {size}: {nodes} nodes" in out, out
    for operation in ("load", "score", "check", "mermaid", "dot", "html", "svg", "dumps", "score_table"):
        assert len(re.findall(rf"^  {operation} +.+ s +[0-9.]+ us/node$", out, re.MULTILINE)) == 4, operation
    assert re.search(r"^  chain( +[0-9.]+x){9}$", out, re.MULTILINE), out
    assert re.search(r"^  wide( +[0-9.]+x){9}$", out, re.MULTILINE), out

"""Benchmark goalgraph on extreme shapes: a deep chain and a wide objective (issue #9).

Run: python benchmarks/shapes.py [--sizes 10k,100k] [--repeat 3]

Two shapes, each at every size N:

- chain: N objectives, objective i aligned to objective i-1, each with one
  linear key result and one check-in (2 N nodes, N levels deep);
- wide: one objective with N linear key results, each with one check-in
  (N + 1 nodes).

For each shape and size, a fresh Python process builds the document and
times, on a freshly loaded graph each repeat, load, the first score, check,
render (mermaid, dot, html, svg), dumps and score_table; it reports the median
time per node. The last table divides each operation's time per node at the
largest size by the one at the smallest: about 1.0 means linear growth.

Machines are noisy: read the medians and the ratios, not single timings.
See docs/performance.rst ("Deep and wide shapes").
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from measure import collector_off, load_average, machine  # benchmarks/ is on sys.path: this script's own directory

import goalgraph

AS_OF = "2026-08-15"
LIMITS = goalgraph.Limits(max_bytes=2**32, max_nodes=10**8)
SHAPES = ("chain", "wide")
OPERATIONS = ("load", "score", "check", "mermaid", "dot", "html", "svg", "dumps", "score_table")
WHAT = {
    "load": 'loads(text, format="json")',
    "score": "score(graph, as_of=...), the first",
    "check": "check(graph, as_of=...), the first",
    "mermaid": 'render(graph, "mermaid", as_of=...)',
    "dot": 'render(graph, "dot", as_of=...)',
    "html": 'render(graph, "html", as_of=...)',
    "svg": 'render(graph, "svg", as_of=...)',
    "dumps": "dumps(graph)",
    "score_table": "score_table(graph, card=card)",
}


# -- the documents -----------------------------------------------------------------


def _key_result(i: int) -> dict[str, Any]:
    return {
        "id": f"KR{i}",
        "title": f"Key result {i}",
        "metric": {"type": "linear", "start": 0, "target": 100},
        "checkins": [{"date": "2026-08-01", "value": i % 101}],
    }


def _document(objectives: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "goalgraph": 1,
        "cycles": [{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}],
        "owners": [{"id": "acme", "level": "company"}],
        "objectives": objectives,
    }


def chain(levels: int) -> dict[str, Any]:
    """``levels`` objectives, each aligned to the one before, each with one key result."""
    objectives = []
    for i in range(levels):
        objective: dict[str, Any] = {
            "id": f"O{i}",
            "title": f"Objective {i}",
            "owner": "acme",
            "cycle": "Q3",
            "key_results": [_key_result(i)],
        }
        if i:
            objective["aligns_to"] = [f"O{i - 1}"]
        objectives.append(objective)
    return _document(objectives)


def wide(key_results: int) -> dict[str, Any]:
    """One objective with ``key_results`` key results."""
    objective = {
        "id": "O",
        "title": "Objective",
        "owner": "acme",
        "cycle": "Q3",
        "key_results": [_key_result(i) for i in range(key_results)],
    }
    return _document([objective])


def parse_sizes(text: str) -> list[tuple[str, int]]:
    """``"10k,100k"`` -> ``[("10k", 10000), ("100k", 100000)]``: levels of the chain, key results of the wide one."""
    sizes = []
    for label in (part.strip() for part in text.split(",")):
        scale = {"k": 1_000, "m": 1_000_000}.get(label[-1:].lower(), 1)
        try:
            size = round(float(label[:-1] if scale > 1 else label) * scale)
        except ValueError:
            raise argparse.ArgumentTypeError(f"a size is a count like 1000, 10k or 0.1M, got {label!r}") from None
        if size < 2:
            raise argparse.ArgumentTypeError(f"{label!r} is too small: at least 2")
        sizes.append((label, size))
    return sizes


# -- one shape and size, in a fresh process --------------------------------------


def timed(action: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    with collector_off():
        start = time.perf_counter()
        result = action(*args, **kwargs)
        return time.perf_counter() - start, result


def measure(shape: str, size: int, repeat: int) -> dict[str, Any]:
    """Every operation ``repeat`` times, each repeat on a freshly loaded graph; runs in a fresh process."""
    text = json.dumps(chain(size) if shape == "chain" else wide(size))
    times: dict[str, list[float]] = {operation: [] for operation in OPERATIONS}
    nodes = findings = 0
    for run in range(repeat):
        seconds, graph = timed(goalgraph.loads, text, format="json", limits=LIMITS)
        times["load"].append(seconds)
        seconds, card = timed(goalgraph.score, graph, as_of=AS_OF)
        times["score"].append(seconds)
        seconds, found = timed(goalgraph.check, graph, as_of=AS_OF)
        times["check"].append(seconds)
        for picture in ("mermaid", "dot", "html", "svg"):
            times[picture].append(timed(goalgraph.render, graph, picture, as_of=AS_OF)[0])
        times["dumps"].append(timed(goalgraph.dumps, graph)[0])
        times["score_table"].append(timed(goalgraph.score_table, graph, card=card)[0])
        nodes, findings = len(graph.objectives) + len(graph.key_results), len(found)
        progress(f"{shape} {size:,}, run {run + 1}: " + ", ".join(f"{op} {times[op][-1]:.3f} s" for op in OPERATIONS))
        del graph, card, found
    return {
        "nodes": nodes,
        "bytes": len(text.encode("utf-8")),
        "findings": findings,
        "median": {operation: statistics.median(runs) for operation, runs in times.items()},
    }


def progress(note: str) -> None:
    """Figures as they come, on stderr: partial figures survive a run stopped early."""
    print(f"  ... {note}", file=sys.stderr, flush=True)


def run_fresh(shape: str, size: int, repeat: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", shape, str(size), "--repeat", str(repeat)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


# -- report ------------------------------------------------------------------------


def header(args: argparse.Namespace) -> list[str]:
    now = datetime.datetime.now(datetime.UTC)
    return [
        f"goalgraph shapes benchmark, {now:%Y-%m-%d %H:%M} UTC",
        machine(),
        f"as of {AS_OF}; median of {args.repeat} runs, each on a freshly loaded graph, collector off while timing; "
        "render includes its own score (and check, for html)",
    ]


def report(shape: str, label: str, measured: dict[str, Any]) -> list[str]:
    nodes = measured["nodes"]
    lines = [
        f"== {shape} {label}: {nodes:,} nodes, {measured['bytes']:,} bytes of JSON, {measured['findings']:,} findings; "
        f"took {measured['wall']:.1f} s (load average {measured['busy']})"
    ]
    for operation in OPERATIONS:
        seconds = measured["median"][operation]
        lines.append(f"  {operation:<12} {WHAT[operation]:<38} {seconds:9.3f} s {seconds / nodes * 1e6:8.2f} us/node")
    return lines


def growth(results: dict[str, list[tuple[str, dict[str, Any]]]]) -> list[str]:
    lines = [
        "== growth: time per node at the largest size / at the smallest (about 1.0: linear; above ~1.5: look closer)"
    ]
    lines.append(f"  {'shape':<8}" + "".join(f" {operation:>11}" for operation in OPERATIONS))
    for shape, sizes in results.items():
        (_, small), (_, large) = sizes[0], sizes[-1]

        def per_node(measured: dict[str, Any], operation: str) -> float:
            return float(measured["median"][operation]) / measured["nodes"]

        ratios = [per_node(large, operation) / per_node(small, operation) for operation in OPERATIONS]
        lines.append(f"  {shape:<8}" + "".join(f" {ratio:>10.2f}x" for ratio in ratios))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default="10k,100k", help="chain levels and wide key results")
    parser.add_argument("--repeat", type=int, default=3, help="runs per shape and size (default 3)")
    parser.add_argument("--measure", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS)  # the fresh process
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.measure:
        shape, size = args.measure
        print(json.dumps(measure(shape, int(size), args.repeat)))
        return 0

    print("\n".join(header(args)), flush=True)
    results: dict[str, list[tuple[str, dict[str, Any]]]] = {shape: [] for shape in SHAPES}
    for shape in SHAPES:
        for label, size in args.sizes:
            print(f"[{shape} {label}] measuring ...", file=sys.stderr, flush=True)
            start, before = time.perf_counter(), load_average()
            measured = run_fresh(shape, size, args.repeat)
            measured.update(wall=time.perf_counter() - start, busy=f"{before} before, {load_average()} after")
            print("\n".join(report(shape, label, measured)), flush=True)
            results[shape].append((label, measured))
    print("\n".join(growth(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

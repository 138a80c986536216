"""Time loading and scoring a synthetic organisation, against a bare-loop floor.

Run: python benchmarks/bench_score.py [--objectives N] [--repeat R]

The organisation is a tree of objectives (each with five children, three
linear key results and one check-in each). The floor is a plain Python loop
over lists doing the same arithmetic in the same order: the speed limit of
pure Python for this job. The script prints medians and the ratio of each
timing to the floor measured in the same run, because machines are noisy
and only ratios travel.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Callable
from typing import Any

import goalgraph


def organisation(objectives: int) -> dict[str, Any]:
    """A document with ``objectives`` objectives in a five-way tree, three key results each."""
    items = []
    for i in range(objectives):
        item: dict[str, Any] = {
            "id": f"O{i}",
            "title": f"Objective {i}",
            "owner": "acme",
            "cycle": "Q3",
            "key_results": [
                {
                    "id": f"O{i}-KR{j}",
                    "title": f"Key result {j}",
                    "weight": 1 + j,
                    "metric": {"type": "linear", "start": 0, "target": 100},
                    "checkins": [{"date": "2026-07-10", "value": (i * 7 + j * 13) % 120}],
                }
                for j in range(3)
            ],
        }
        if i:
            item["aligns_to"] = [f"O{(i - 1) // 5}"]
        items.append(item)
    return {
        "goalgraph": 1,
        "cycles": [{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}],
        "owners": [{"id": "acme", "level": "company"}],
        "objectives": items,
    }


def floor(doc: dict[str, Any]) -> Callable[[], None]:
    """The same rollup as plain lists: children before parents, weighted means with fsum."""
    objectives = doc["objectives"]
    count = len(objectives)
    kr_scores = [
        [(kr["weight"], min(1.0, max(0.0, kr["checkins"][0]["value"] / 100))) for kr in o["key_results"]]
        for o in objectives
    ]
    parent = [(i - 1) // 5 if i else -1 for i in range(count)]

    def run() -> None:
        children: list[list[tuple[float, float]]] = [list(row) for row in kr_scores]
        for i in range(count - 1, -1, -1):  # children have larger indices than their parents
            row = children[i]
            total = math.fsum(w for w, _ in row)
            value = math.fsum(w * s for w, s in row) / total
            if parent[i] >= 0:
                children[parent[i]].append((1, value))

    return run


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objectives", type=int, default=10_000, help="objectives (each adds 4 nodes)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    doc = organisation(args.objectives)
    text = json.dumps(doc)
    nodes = args.objectives * 4
    graph = goalgraph.loads(text, limits=goalgraph.Limits(max_bytes=2**31, max_nodes=10**8))

    base = median_seconds(floor(doc), args.repeat)
    load = median_seconds(
        lambda: goalgraph.loads(text, limits=goalgraph.Limits(max_bytes=2**31, max_nodes=10**8)), args.repeat
    )
    score = median_seconds(lambda: goalgraph.score(graph, as_of="2026-08-01"), args.repeat)

    print(f"goalgraph {goalgraph.__version__}: {nodes:,} nodes, {len(text):,} bytes of JSON, median of {args.repeat}")
    rows = [("floor (bare loop over lists)", base), ("score(graph)", score), ("loads(text)", load)]
    for label, seconds in rows:
        per_node = seconds / nodes * 1e6
        print(f"  {label:30} {seconds * 1e3:10.1f} ms {seconds / base:6.1f}x floor {per_node:7.2f} us/node")


if __name__ == "__main__":
    main()

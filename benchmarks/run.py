"""Benchmark goalgraph on synthetic organisations (SPEC §11).

Run: python benchmarks/run.py [--sizes 10k,100k,1.2M] [--repeat N] [--seed S]

For each size, the parent process generates the document (benchmarks/orgs.py)
and writes its JSON to a temporary file; a fresh Python process then reads
it and measures, so sizes do not pollute each other's memory:

- load: ``goalgraph.loads(text)`` (parse, validate, build) and the first
  ``goalgraph.score(graph)``, with the peak memory of the two per node;
- rescore: ``score(graph)`` again on the same graph, against the floor, a
  bare Python loop over plain lists doing the same arithmetic in the same
  order (children before parents), timed in the same process;
- incremental: ``Scorer.add_checkin`` on random key results;
- checks: ``check(graph)`` with every rule, against one rescore.

Machines are noisy: read the medians and the ratios, not single timings.
See docs/performance.rst for what each figure means and the targets.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import orgs  # benchmarks/ is on sys.path: this script's own directory
from measure import collector_off, load_average, machine

import goalgraph

AS_OF = "2026-08-15"
# On the scoring date itself: the new check-in is the one in force (the later of a day's wins), so every
# update changes a current value and its effect travels up the graph.
CHECKIN_DAY = datetime.date.fromisoformat(AS_OF)
INCREMENTAL_UPDATES = 200
LIMITS = goalgraph.Limits(max_bytes=2**32, max_nodes=10**8)
TARGET_NODES = 1_200_000  # an organisation of 100,000 people
TARGET_LOAD_AND_SCORE = 30.0  # seconds, at TARGET_NODES
TARGET_BYTES_PER_NODE = 1536
TARGET_RATIO = 3.0
TARGET_CHECK_RATIO = 5.0  # check() over all rules, against one rescore of the same graph
TARGET_INCREMENTAL = 1e-3  # seconds per add_checkin at TARGET_NODES: "well under" this
MEMORY_METHOD = (
    "peak RSS (getrusage ru_maxrss) after loads(text) + first score(graph), minus the RSS "
    "(/proc/self/statm) after imports with the JSON text read, in a fresh Python process per size; "
    "'retained' is the RSS afterwards (graph and scorecard alive) minus the same baseline"
)


# -- sizes -------------------------------------------------------------------


def parse_sizes(text: str) -> list[tuple[str, int]]:
    """``"10k,100k,1.2M"`` -> ``[("10k", 10000), ("100k", 100000), ("1.2M", 1200000)]``."""
    sizes = []
    for label in (part.strip() for part in text.split(",")):
        scale = {"k": 1_000, "m": 1_000_000}.get(label[-1:].lower(), 1)
        number = label[:-1] if scale > 1 else label
        try:
            nodes = round(float(number) * scale)
        except ValueError:
            raise argparse.ArgumentTypeError(f"a size is a node count like 10000, 10k or 1.2M, got {label!r}") from None
        if nodes < orgs.NODES_PER_OWNER * orgs.MIN_PEOPLE:
            raise argparse.ArgumentTypeError(
                f"{label!r} is too small: at least {orgs.NODES_PER_OWNER * orgs.MIN_PEOPLE}"
            )
        sizes.append((label, nodes))
    return sizes


# -- memory ----------------------------------------------------------------------


def peak_rss() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB on Linux


def current_rss() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None


# -- the floor -------------------------------------------------------------------


class Floor:
    """The scoring arithmetic as a bare loop over plain lists, prepared from the document.

    Key results first (per key result: the clamped progress of its current
    value, chosen outside the timing), then objectives and rollup key
    results in topological order, each ``fsum(w * s) / fsum(w)`` over its
    contributing children, a missing score counting as 0 (the default
    policy). This is the speed limit of pure Python for the job.
    """

    def __init__(self, doc: dict[str, Any], as_of: str) -> None:
        self.ids: list[str] = []
        index: dict[str, int] = {}
        children: dict[str, list[tuple[str, float]]] = {}
        metrics: dict[str, dict[str, Any]] = {}
        values: dict[str, Any] = {}
        for objective in doc["objectives"]:
            _refuse_unmodelled(objective, ("rollup", "score_override"))
            children.setdefault(objective["id"], [])
            for kr in objective.get("key_results", []):
                _refuse_unmodelled(kr, ("score_override",))
                metric = kr["metric"]
                if metric["type"] == "custom" or "kpi" in metric:
                    raise ValueError(f"the floor does not model custom metrics or KPIs ({kr['id']})")
                metrics[kr["id"]] = metric
                values[kr["id"]] = _current_value(kr.get("checkins", []), as_of)
                children.setdefault(kr["id"], [])
                children[objective["id"]].append((kr["id"], kr.get("weight", 1)))
            for link in objective.get("aligns_to", []):
                link = {"id": link} if isinstance(link, str) else link
                if link.get("contributes", True):
                    children[link["id"]].append((objective["id"], link.get("weight", 1)))
        for node in _topological(children):
            index[node] = len(self.ids)
            self.ids.append(node)

        self.linear: list[tuple[int, float, float, float]] = []
        self.at_least: list[tuple[int, float, float]] = []
        self.above: list[tuple[int, float, float]] = []
        self.at_most: list[tuple[int, float, float]] = []
        self.below: list[tuple[int, float, float]] = []
        self.band: list[tuple[int, float, float, float, float]] = []
        self.milestone: list[tuple[int, bool]] = []
        self.steps: list[tuple[int, float, tuple[float, ...], tuple[float, ...], bool]] = []
        self.rollups: list[tuple[int, list[int], list[float]]] = []
        for node in self.ids:
            i = index[node]
            metric = metrics.get(node)
            if metric is None or metric["type"] == "rollup":
                kids = children[node]
                self.rollups.append((i, [index[kid] for kid, _ in kids], [weight for _, weight in kids]))
                continue
            value = values[node]
            if value is None:
                continue  # unmeasured: its score stays None
            kind = metric["type"]
            if kind == "linear":
                self.linear.append((i, value, metric["start"], metric["target"]))
            elif kind == "threshold":
                strict = metric.get("strict", False)
                if "at_least" in metric:
                    (self.above if strict else self.at_least).append((i, value, metric["at_least"]))
                else:
                    (self.below if strict else self.at_most).append((i, value, metric["at_most"]))
            elif kind == "band":
                self.band.append((i, value, metric["low"], metric["high"], metric["tolerance"]))
            elif kind == "milestone":
                self.milestone.append((i, value))
            elif kind == "steps":
                levels = tuple(step[0] for step in metric["steps"])
                grades = tuple(step[1] for step in metric["steps"])
                self.steps.append((i, value, levels, grades, len(levels) > 1 and levels[1] < levels[0]))
            else:
                raise ValueError(f"the floor does not model {kind} metrics ({node})")

    def run(self) -> list[float | None]:
        fsum = math.fsum
        scores: list[float | None] = [None] * len(self.ids)
        for i, v, start, target in self.linear:
            p = (v - start) / (target - start)
            scores[i] = 0.0 if p < 0.0 else 1.0 if p > 1.0 else p
        for i, v, level in self.at_least:
            scores[i] = 1.0 if v >= level else 0.0
        for i, v, level in self.above:
            scores[i] = 1.0 if v > level else 0.0
        for i, v, level in self.at_most:
            scores[i] = 1.0 if v <= level else 0.0
        for i, v, level in self.below:
            scores[i] = 1.0 if v < level else 0.0
        for i, v, low, high, tolerance in self.band:
            distance = low - v if v < low else v - high if v > high else 0.0
            p = 1.0 - distance / tolerance
            scores[i] = p if p > 0.0 else 0.0
        for i, v in self.milestone:
            scores[i] = 1.0 if v is True else 0.0
        for i, v, levels, grades, falling in self.steps:
            s = 0.0
            for level, grade in zip(levels, grades, strict=True):
                if (v <= level) if falling else (v >= level):
                    s = grade
                else:
                    break
            scores[i] = s
        for i, kids, weights in self.rollups:
            total = fsum(weights)
            if total:
                # `if s` leaves out None (counted as 0) and 0, which adds nothing.
                scores[i] = fsum([w * s for w, s in zip(weights, [scores[k] for k in kids], strict=True) if s]) / total
        return scores

    def disagreement(self, card: goalgraph.Scorecard) -> tuple[float, int]:
        """The largest difference from ``card`` and the number of nodes scored by one side only."""
        largest, one_sided = 0.0, 0
        for node, mine in zip(self.ids, self.run(), strict=True):
            theirs = card[node].score
            if mine is None or theirs is None:
                one_sided += (mine is None) != (theirs is None)
            else:
                largest = max(largest, abs(mine - theirs))
        return largest, one_sided


def _refuse_unmodelled(item: dict[str, Any], keys: Iterable[str]) -> None:
    for key in keys:
        if key in item:
            raise ValueError(f"the floor does not model {key!r} ({item['id']})")


def _current_value(checkins: Sequence[dict[str, Any]], as_of: str) -> Any:
    best: dict[str, Any] | None = None
    for checkin in checkins:  # ISO dates compare as strings
        if checkin["date"] <= as_of and (best is None or checkin["date"] >= best["date"]):
            best = checkin
    return None if best is None else best["value"]


def _topological(children: dict[str, list[tuple[str, float]]]) -> list[str]:
    """Nodes ordered children first (Kahn's algorithm over contributing edges)."""
    parents: dict[str, list[str]] = {node: [] for node in children}
    waiting = {node: len(kids) for node, kids in children.items()}
    for node, kids in children.items():
        for kid, _ in kids:
            parents[kid].append(node)
    ready = deque(node for node, count in waiting.items() if not count)
    order = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for parent in parents[node]:
            waiting[parent] -= 1
            if not waiting[parent]:
                ready.append(parent)
    if len(order) != len(children):
        raise ValueError("the document's contributing links form a cycle")
    return order


# -- incremental ------------------------------------------------------------------


def checkin_value(metric: goalgraph.Metric, rng: random.Random) -> float | bool:
    """A plausible new check-in value for a key result's metric."""
    if isinstance(metric, goalgraph.MilestoneMetric):
        return rng.random() < 0.5
    if isinstance(metric, goalgraph.LinearMetric):
        return metric.start + rng.uniform(0, 1.2) * (metric.target - metric.start)
    if isinstance(metric, goalgraph.ThresholdMetric):
        level = metric.at_least if metric.at_least is not None else metric.at_most
        assert level is not None
        return level + rng.uniform(-1, 1) * max(1.0, abs(level) * 0.05)
    if isinstance(metric, goalgraph.BandMetric):
        return rng.uniform(metric.low - 2 * metric.tolerance, metric.high + 2 * metric.tolerance)
    if isinstance(metric, goalgraph.StepsMetric):
        values = [step[0] for step in metric.steps]
        return rng.uniform(min(values) - 1, max(values) + 1)
    raise TypeError(f"no check-in value for a {metric.type} metric")


def incremental(graph: goalgraph.GoalGraph, doc: dict[str, Any], seed: int) -> dict[str, Any]:
    scorer_class = getattr(goalgraph, "Scorer", None)
    if not (hasattr(goalgraph, "Rescore") and hasattr(scorer_class, "add_checkin")):
        return {
            "skipped": "this goalgraph has no incremental Scorer(graph, as_of=...) with add_checkin "
            "returning a Rescore yet (goalgraph.Scorer is still the registry's record of a metric scorer)"
        }
    eligible = [
        kr.id
        for kr in graph.key_results.values()
        if not isinstance(kr.metric, goalgraph.RollupMetric | goalgraph.CustomMetric) and kr.metric.kpi is None
    ]
    rng = random.Random(seed)
    chosen = rng.sample(eligible, min(INCREMENTAL_UPDATES, len(eligible)))
    checkins = [goalgraph.Checkin(CHECKIN_DAY, checkin_value(graph.key_results[kr].metric, rng)) for kr in chosen]
    ancestors = _ancestor_counts(doc, chosen)

    start = time.perf_counter()
    scorer = scorer_class(graph, as_of=AS_OF)
    build = time.perf_counter() - start
    times, touched, changed = [], [], []
    progress(f"Scorer built in {build:.3f} s")
    with collector_off():  # collected once: 200 collections of the whole heap would take longer than the rest
        for kr, checkin in zip(chosen, checkins, strict=True):
            start = time.perf_counter()
            update = scorer.add_checkin(kr, checkin)
            times.append(time.perf_counter() - start)
            touched.append(update.touched)
            changed.append(len(update.changed))
    return {
        "build": build,
        "updates": len(chosen),
        "median": statistics.median(times),
        "p90": _quantile(times, 0.9),
        "max": max(times),
        "touched": statistics.median(touched),
        "touched_max": max(touched),
        "changed": statistics.median(changed),
        "ancestors": statistics.median(ancestors),
        "ancestors_max": max(ancestors),
    }


def _ancestor_counts(doc: dict[str, Any], krs: Sequence[str]) -> list[int]:
    """For each key result, itself plus every node it contributes to, directly or not."""
    up: dict[str, list[str]] = {}
    for objective in doc["objectives"]:
        for kr in objective.get("key_results", []):
            up[kr["id"]] = [objective["id"]]
        links = ({"id": link} if isinstance(link, str) else link for link in objective.get("aligns_to", []))
        up[objective["id"]] = [link["id"] for link in links if link.get("contributes", True)]
    counts = []
    for kr in krs:
        seen = {kr}
        stack = [kr]
        while stack:
            for parent in up[stack.pop()]:
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        counts.append(len(seen))
    return counts


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- one size, in a fresh process -----------------------------------------------


def timed(action: Callable[[], object]) -> float:
    with collector_off():
        start = time.perf_counter()
        action()
        return time.perf_counter() - start


def load_and_score(text: str) -> tuple[float, float, goalgraph.GoalGraph, goalgraph.Scorecard]:
    start = time.perf_counter()
    graph = goalgraph.loads(text, limits=LIMITS)
    loaded = time.perf_counter()
    card = goalgraph.score(graph, as_of=AS_OF)
    return loaded - start, time.perf_counter() - loaded, graph, card


def progress(note: str) -> None:
    """Figures as they come, on stderr: partial figures survive a run stopped early."""
    print(f"  ... {note}", file=sys.stderr, flush=True)


def measure(path: str, repeat: int, seed: int, load_repeat: int) -> dict[str, Any]:
    """Everything measured for one document; runs in a fresh process."""
    text = Path(path).read_text(encoding="utf-8")
    gc.collect()
    baseline = current_rss()
    load, first, graph, card = load_and_score(text)
    peak = peak_rss()
    after = current_rss()
    if baseline is None or after is None:  # no /proc: the peak is the best baseline there is (it may undercount)
        baseline = after = peak
    progress(f"load {load:.3f} s, first score {first:.3f} s, peak {(peak - baseline) / 2**20:,.1f} MiB over baseline")
    loads, firsts = [load], [first]
    for _ in range(load_repeat - 1):
        del graph, card
        load, first, graph, card = load_and_score(text)
        loads.append(load)
        firsts.append(first)
    nodes = len(graph.objectives) + len(graph.key_results)

    start = time.perf_counter()
    doc = json.loads(text)
    parse = time.perf_counter() - start
    del text
    floor = Floor(doc, AS_OF)
    progress(f"json.loads {parse:.3f} s; floor prepared")
    rescores, results, floors = [], [], []
    for _ in range(repeat):  # interleaved, so that drifting noise hits both sides alike
        del card  # the previous scorecard is freed outside the timing
        with collector_off():
            start = time.perf_counter()
            card = goalgraph.score(graph, as_of=AS_OF)
            rescores.append(time.perf_counter() - start)
        with collector_off():
            start = time.perf_counter()
            [r.score for r in card.values()]
            results.append(time.perf_counter() - start)
        floors.append(timed(floor.run))
        progress(f"rescore {rescores[-1]:.3f} s, results {results[-1]:.3f} s, floor {floors[-1]:.3f} s")
    difference, one_sided = floor.disagreement(card)
    linted = lint(graph, max(3, min(repeat, 4)))

    return {
        "nodes": nodes,
        "load": statistics.median(loads),
        "first": statistics.median(firsts),
        "load_runs": len(loads),
        "json_loads": parse,
        "baseline": baseline,
        "peak": peak - baseline,
        "retained": after - baseline,
        "rescore": statistics.median(rescores),
        "results": statistics.median(results),
        "floor": statistics.median(floors),
        "difference": difference,
        "one_sided": one_sided,
        "incremental": incremental(graph, doc, seed),
        "check": linted,
    }


def lint(graph: goalgraph.GoalGraph, repeat: int) -> dict[str, Any]:
    """``check(graph)`` with every rule: median time over ``repeat`` runs, and what it found."""
    if not hasattr(goalgraph, "check"):
        return {"skipped": "this goalgraph has no check()"}
    times, findings = [], []
    for _ in range(repeat):
        with collector_off():
            start = time.perf_counter()
            findings = goalgraph.check(graph, as_of=AS_OF)
            times.append(time.perf_counter() - start)
        progress(f"check {times[-1]:.3f} s, {len(findings):,} findings")
    # The first run also derives the tables the rules share, which check() keeps with the graph until it
    # changes (as score() keeps its compiled plan): the median is of the runs after it.
    return {
        "first": times[0],
        "median": statistics.median(times[1:] or times),
        "findings": len(findings),
        "runs": repeat,
    }


def run_fresh(path: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", str(path), "--repeat", str(args.repeat)]
    command += ["--seed", str(args.seed), "--load-repeat", str(args.load_repeat)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


# -- report --------------------------------------------------------------------


def header(args: argparse.Namespace) -> list[str]:
    now = datetime.datetime.now(datetime.UTC)
    return [
        f"goalgraph benchmark, {now:%Y-%m-%d %H:%M} UTC",
        machine(),
        f"seed {args.seed}; as of {AS_OF}; rescore and floor: median of {args.repeat}; "
        f"load and first score: median of {args.load_repeat} (the first in a fresh process)",
        f"memory: {MEMORY_METHOD}",
    ]


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def report(size: dict[str, Any]) -> list[str]:
    nodes = size["nodes"]

    def line(label: str, what: str, seconds: float, note: str = "") -> str:
        return f"  {label:<12} {what:<38} {seconds:9.3f} s {seconds / nodes * 1e6:8.2f} us/node  {note}".rstrip()

    ratio = size["rescore"] / size["floor"]
    load_and_score = size["load"] + size["first"]
    if nodes >= TARGET_NODES:
        load_note = (
            f"(target < {TARGET_LOAD_AND_SCORE:g} s at 1.2M nodes: {_verdict(load_and_score < TARGET_LOAD_AND_SCORE)})"
        )
    else:
        load_note = f"(~{load_and_score * TARGET_NODES / nodes:,.0f} s at 1.2M nodes if linear; target < 30 s)"
    lines = [
        f"== {size['label']}: {nodes:,} nodes ({size['people']:,} people, fan-out {size['fan_out']}), "
        f"{size['bytes']:,} bytes of JSON",
        f"  generated in {size['generated']:.1f} s, measured in a fresh process; this size took {size['wall']:.1f} s "
        f"(load average {size['busy']})",
        line("load", "loads(text)", size["load"], f"(json.loads alone: {size['json_loads']:.3f} s)"),
        line("first score", f"score(graph, as_of={AS_OF})", size["first"]),
        line("load+score", "the two together", load_and_score, load_note),
        f"  {'memory':<12} peak {size['peak'] / 2**20:,.1f} MiB over the baseline of "
        f"{size['baseline'] / 2**20:,.1f} MiB: {size['peak'] / nodes:,.0f} bytes/node "
        f"(target < {TARGET_BYTES_PER_NODE:,}: {_verdict(size['peak'] / nodes < TARGET_BYTES_PER_NODE)}); "
        f"retained {size['retained'] / nodes:,.0f} bytes/node",
        line("rescore", "score(graph) again", size["rescore"]),
        line("floor", "bare loop over lists", size["floor"]),
        f"  {'ratio':<12} {'rescore / floor':<38} {ratio:9.1f} x   "
        f"(target <= {TARGET_RATIO:g} x: {_verdict(ratio <= TARGET_RATIO)})",
        line("results", "[r.score for r in card.values()]", size["results"], "(after a rescore, timed apart)"),
    ]
    if size["one_sided"] or size["difference"] > 1e-12:
        lines.append(
            f"  {'check':<12} FLOOR AND score() DISAGREE: max |difference| {size['difference']:.3g}, "
            f"{size['one_sided']:,} nodes scored by one side only"
        )
    else:
        lines.append(f"  {'check':<12} the floor and score() agree on all {nodes:,} scores")
    linted = size["check"]
    if "skipped" in linted:
        lines.append(f"  {'check':<12} skipped: {linted['skipped']}")
    else:
        lint_ratio = linted["median"] / size["rescore"]
        lines += [
            line(
                "checks",
                f"check(graph, as_of={AS_OF})",
                linted["median"],
                f"({linted['findings']:,} findings; the first run, which derives the shared tables: "
                f"{linted['first']:.3f} s)",
            ),
            f"  {'':<12} {'check / rescore':<38} {lint_ratio:9.1f} x   "
            f"(target <= {TARGET_CHECK_RATIO:g} x: {_verdict(lint_ratio <= TARGET_CHECK_RATIO)})",
        ]
    inc = size["incremental"]
    if "skipped" in inc:
        lines.append(f"  {'incremental':<12} skipped: {inc['skipped']}")
    else:
        lines += [
            f"  {'incremental':<12} Scorer(graph, as_of={AS_OF}) built in {inc['build']:.3f} s; "
            f"add_checkin on {inc['updates']} random key results:",
            f"  {'':<12} median {inc['median'] * 1e6:,.1f} us per call (p90 {inc['p90'] * 1e6:,.1f}, "
            f"max {inc['max'] * 1e6:,.1f}; target well under 1,000 us at 1.2M nodes"
            + (f": {_verdict(inc['median'] < TARGET_INCREMENTAL)})" if nodes >= TARGET_NODES else ")"),
            f"  {'':<12} touched median {inc['touched']:g} (max {inc['touched_max']:g}); the key result and its "
            f"contributing ancestors: median {inc['ancestors']:g} (max {inc['ancestors_max']:g}); "
            f"changed median {inc['changed']:g}",
        ]
    return lines


def growth(sizes: list[dict[str, Any]]) -> list[str]:
    columns = (("load", "load"), ("first", "first score"), ("rescore", "rescore"), ("floor", "floor"))
    first = sizes[0]
    lines = [
        "== growth: microseconds per node, and in brackets as a multiple of the smallest size's "
        "(flat columns: linear growth)",
        f"  {'size':<8} {'nodes':>11}" + "".join(f" {title:>18}" for _, title in columns) + f" {'memory B/node':>16}",
    ]
    for size in sizes:
        row = f"  {size['label']:<8} {size['nodes']:>11,}"
        for key, _ in columns:
            per_node = size[key] / size["nodes"] * 1e6
            scale = per_node / (first[key] / first["nodes"] * 1e6)
            row += f" {per_node:>9.2f} ({scale:4.2f}x)"
        row += f" {size['peak'] / size['nodes']:>16,.0f}"
        lines.append(row)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default="10k,100k,1.2M", help="node counts (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="rescore and floor runs per size (default 5)")
    parser.add_argument("--load-repeat", type=int, default=1, help="load and first-score runs per size (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="organisation and sample seed (default 0)")
    parser.add_argument("--measure", metavar="JSON", help=argparse.SUPPRESS)  # the fresh process's entry point
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.load_repeat < 1:
        parser.error("--repeat and --load-repeat must be at least 1")
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeat, args.seed, args.load_repeat)))
        return 0

    print("\n".join(header(args)), flush=True)
    measured = []
    for label, nodes in args.sizes:
        print(f"[{label}] generating and measuring ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        before = load_average()
        people = orgs.size_for(nodes)
        text = json.dumps(orgs.organisation(people, seed=args.seed))
        generated = time.perf_counter() - start
        with tempfile.TemporaryDirectory(prefix="goalgraph-bench-") as tmp:
            path = Path(tmp) / "organisation.json"
            path.write_text(text, encoding="utf-8")
            size_bytes = len(text.encode("utf-8"))
            del text
            size = run_fresh(path, args)
        size.update(
            label=label,
            people=people,
            fan_out=orgs.fan_out(people),
            bytes=size_bytes,
            generated=generated,
            wall=time.perf_counter() - start,
            busy=f"{before} before, {load_average()} after",
        )
        print("\n".join(report(size)), flush=True)
        measured.append(size)
    print("\n".join(growth(measured)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One graph shared by many threads: readers agree with a single thread, and never see half a mutation.

Every test forces a thread switch every 10 microseconds (``sys.setswitchinterval``),
so that threads interleave inside scoring, checking and mutating rather than
between whole calls.
"""

from __future__ import annotations

import datetime
import functools
import importlib.util
import pickle
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import goalgraph
from goalgraph import Alignment, Checkin, GoalGraph, KeyResult, LinearMetric, Objective

EXAMPLE_DAY = "2026-11-16"
ORG_DAY = "2026-08-15"  # the benchmark organisation's scoring day (docs/performance.rst, "The organisation")
THREADS = 8


@pytest.fixture(autouse=True)
def frequent_switches() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(before)


@functools.cache
def _org(nodes: int) -> dict[str, Any]:
    """The benchmark organisation of about ``nodes`` nodes, as a document mapping."""
    # benchmarks/ is a folder of scripts, not a package: load the generator from its file.
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "orgs.py"
    spec = importlib.util.spec_from_file_location("goalgraph_benchmarks_orgs", path)
    assert spec is not None
    assert spec.loader is not None
    orgs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(orgs)
    document: dict[str, Any] = orgs.organisation(orgs.size_for(nodes), seed=3)
    return document


# What a reader does, each as plain JSON-ready data so that results compare with ==.
READERS: dict[str, Callable[[GoalGraph, str], Any]] = {
    "score": lambda graph, day: goalgraph.score(graph, as_of=day).to_dict(),
    "check": lambda graph, day: [finding.to_dict() for finding in goalgraph.check(graph, as_of=day)],
    "classify": lambda graph, day: {id: c.to_dict() for id, c in goalgraph.classify(graph, as_of=day).items()},
    "to_dict": lambda graph, day: graph.to_dict(),
    "dumps": lambda graph, day: goalgraph.dumps(graph),
}
# The other readers of the public API, each a whole reading too (tested against a writer below).
TABLE_READERS: dict[str, Callable[[GoalGraph, str], Any]] = {
    "goals_csv": lambda graph, day: goalgraph.goals_csv(graph),
    "score_table": lambda graph, day: goalgraph.score_table(graph, as_of=day),
    "edge_table": lambda graph, day: goalgraph.edge_table(graph),
    "render": lambda graph, day: goalgraph.render(graph, "mermaid", as_of=day),
    "suggest_objectives": lambda graph, day: goalgraph.suggest_objectives(graph, as_of=day),
    "copy": lambda graph, day: graph.copy().to_dict(),
    "pickle": lambda graph, day: pickle.loads(pickle.dumps(graph)).to_dict(),
    # A key result achieved in the example, to which the writer below may add check-ins.
    "graduate": lambda graph, day: _outcome(goalgraph.graduate, graph, "mkt-q3-1-kr2", as_of=day),
}


def _outcome(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """What ``function`` returns, or the message of the ValidationError it raises."""
    try:
        return function(*args, **kwargs)
    except goalgraph.ValidationError as error:
        return str(error)


def _together(count: int, work: Callable[[int], None]) -> None:
    """Run ``work(0)`` ... ``work(count - 1)`` in threads released at once; re-raise the first failure."""
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []

    def target(n: int) -> None:
        try:
            barrier.wait()
            work(n)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


CASES = [("example", EXAMPLE_DAY, 6, reader) for reader in READERS] + [
    ("org", ORG_DAY, 1, reader)
    for reader in READERS
    if reader != "dumps"  # dumps is to_dict and json.dumps
]


@pytest.mark.parametrize(("graph_name", "day", "rounds", "reader"), CASES)
def test_concurrent_readers_agree_with_one_thread(graph_name: str, day: str, rounds: int, reader: str) -> None:
    read = READERS[reader]
    document = goalgraph.load_example().to_dict() if graph_name == "example" else _org(2000)
    expected = read(goalgraph.from_dict(document), day)
    # A graph of its own, so that the threads also race to compile and cache the plan and the check tables.
    graph = goalgraph.from_dict(document)
    results: list[Any] = []

    def work(n: int) -> None:
        for _ in range(rounds):
            results.append(read(graph, day))

    _together(THREADS, work)
    assert len(results) == THREADS * rounds
    assert all(result == expected for result in results)


def test_threads_scoring_on_different_days_each_get_their_day() -> None:
    # The graph caches the values of the last day asked; interleaved days must not mix.
    graph = goalgraph.load_example()
    days = ["2026-10-01", "2026-10-20", EXAMPLE_DAY, "2026-12-31"]
    expected = {day: goalgraph.score(graph, as_of=day).to_dict() for day in days}
    results: list[tuple[str, Any]] = []

    def work(n: int) -> None:
        for k in range(4):
            day = days[(n + k) % len(days)]
            results.append((day, goalgraph.score(graph, as_of=day).to_dict()))

    _together(THREADS, work)
    assert len(results) == THREADS * 4
    assert all(result == expected[day] for day, result in results)


def test_one_scorecard_read_from_many_threads_at_once() -> None:
    # A scorecard builds its results (statuses, forecasts) when they are first read.
    graph = goalgraph.load_example()
    expected = goalgraph.score(graph, as_of=EXAMPLE_DAY).to_dict()["results"]
    ids = list(expected)
    cards = [goalgraph.score(graph, as_of=EXAMPLE_DAY) for _ in range(5)]
    seen: list[dict[str, Any]] = []

    def work(n: int) -> None:
        order = ids[:]
        random.Random(n).shuffle(order)
        for card in cards:  # each thread reads the same card as the others at about the same time
            seen.append({id: card[id].to_dict() for id in order})

    _together(THREADS, work)
    assert len(seen) == THREADS * len(cards)
    assert all(results == expected for results in seen)


# -- a writer and readers ------------------------------------------------------


def _writer_steps(graph: GoalGraph, rounds: int, seed: int = 0) -> list[Callable[[GoalGraph], None]]:
    """Single mutations of the example: check-ins, an objective with a key result added, aligned, removed."""
    rng = random.Random(seed)
    linear = [kr for kr in graph.key_results.values() if type(kr.metric) is LinearMetric and kr.metric.kpi is None]
    tops = ["acme-q4-1", "acme-q4-2", "acme-q4-3"]
    day = datetime.date(2026, 10, 1)
    steps: list[Callable[[GoalGraph], None]] = []

    def checkin() -> Callable[[GoalGraph], None]:
        nonlocal day
        kr, day = rng.choice(linear), day + datetime.timedelta(days=1)
        metric = kr.metric
        assert isinstance(metric, LinearMetric)
        entry = Checkin(day, round(rng.uniform(metric.start, metric.target), 2))
        return lambda g: g.add_checkin(kr.id, entry)

    for n in range(rounds):
        first, second = rng.sample(tops, 2)
        objective = Objective(
            id=f"extra-{n}", title="Extra", owner="sales", cycle="2026-Q4", aligns_to=(Alignment(first, 2),)
        )
        key_result = KeyResult(
            id=f"extra-{n}-kr", title="Extra", metric=LinearMetric(start=0, target=10), checkins=(Checkin(day, n),)
        )
        steps += [
            checkin(),
            lambda g, o=objective: g.add_objective(o),
            lambda g, o=objective.id, kr=key_result: g.add_key_result(o, kr),
            checkin(),
            lambda g, o=objective.id, p=second: g.align(o, p, weight=3),
            checkin(),
            lambda g, o=objective.id, p=second: g.unalign(o, p),
            lambda g, o=objective.id: g.remove(o),
        ]
    return steps


@pytest.mark.slow
def test_readers_see_whole_mutations_only() -> None:
    graph = goalgraph.load_example()
    replay = goalgraph.from_dict(graph.to_dict())
    steps = _writer_steps(graph, rounds=6)
    # Every state the writer passes through, as one thread sees it: version -> reader -> result.
    expected: dict[int, dict[str, Any]] = {}
    readers = {**READERS, **TABLE_READERS}
    names = ["score", "check", "to_dict", "classify", *TABLE_READERS]

    def record(g: GoalGraph) -> None:
        expected[g.version] = {name: readers[name](g, EXAMPLE_DAY) for name in names}

    record(replay)
    for step in steps:
        before = replay.version
        step(replay)
        assert replay.version == before + 1  # one version per mutation: each state is reachable by version
        record(replay)

    done = threading.Event()
    seen: list[tuple[str, int, int, int | None, Any]] = []  # (reader, version before, after, card's version, result)
    failures: list[BaseException] = []
    start = threading.Barrier(5)

    def writer() -> None:
        start.wait()
        try:
            for step in steps:
                step(graph)
                time.sleep(0.001)
        finally:
            done.set()

    def reader(n: int) -> None:
        start.wait()
        k = n
        try:
            while not done.is_set():
                name = names[k % len(names)]
                k += 1
                before = graph.version
                if name == "score":
                    card = goalgraph.score(graph, as_of=EXAMPLE_DAY)
                    result, version = card.to_dict(), card._plan.structure.version
                else:
                    result, version = readers[name](graph, EXAMPLE_DAY), None
                seen.append((name, before, graph.version, version, result))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=writer), *(threading.Thread(target=reader, args=(n,)) for n in range(4))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not failures, failures
    assert graph.to_dict() == replay.to_dict()
    assert {name for name, *_ in seen} == set(names)
    for name, before, after, version, result in seen:
        if version is not None:  # a scorecard knows the version it was made from: exactly that one
            assert before <= version <= after
            assert result == expected[version][name], (name, version)
        else:
            assert any(result == expected[v][name] for v in range(before, after + 1)), (name, before, after)


def test_a_scorer_shared_with_a_writer_stays_exact() -> None:
    # In each round one thread changes the graph directly while two others go through a
    # shared Scorer at the same moment: the scorer must notice the change it did not make
    # (not take it for its own), and its two updates must not interleave.
    graph = goalgraph.load_example()
    scorer = goalgraph.Scorer(graph, as_of=EXAMPLE_DAY)
    linear = [kr.id for kr in graph.key_results.values() if type(kr.metric) is LinearMetric and kr.metric.kpi is None]
    rng = random.Random(0)
    for k in range(30):
        day = datetime.date(2026, 10, 1) + datetime.timedelta(days=k)
        changes = [(rng.choice(linear), Checkin(day, rng.uniform(0, 100))) for _ in range(3)]

        def work(n: int, changes: list[tuple[str, Checkin]] = changes) -> None:
            change = graph.add_checkin if n == 0 else scorer.add_checkin
            change(*changes[n])

        _together(3, work)
        assert scorer.scorecard.to_dict() == goalgraph.score(graph, as_of=EXAMPLE_DAY).to_dict(), k


# -- the lock -----------------------------------------------------------------------


def test_a_custom_rule_may_read_and_score_the_graph_inside_check() -> None:
    # check() holds the graph's lock while its rules run: a rule that reads the graph
    # or scores it, on the same thread, must not deadlock.
    registry = goalgraph.Registry(builtins=False)

    @registry.rule("ACME001", severity="info")
    def reads(context: goalgraph.CheckContext) -> Iterator[goalgraph.Finding]:
        card = goalgraph.score(context.graph, as_of=context.as_of, registry=goalgraph.default_registry)
        text = goalgraph.dumps(context.graph)
        yield context.finding("acme-q4-1", f"{card.score_of('acme-q4-1'):.3f} {len(text) > 0}", "none")

    graph = goalgraph.load_example()
    results: list[list[str]] = []
    _together(4, lambda n: results.append([f.message for f in goalgraph.check(graph, EXAMPLE_DAY, registry=registry)]))
    assert len(results) == 4
    assert len({tuple(r) for r in results}) == 1


def test_rollup_laws_checked_while_a_writer_changes_the_graph() -> None:
    # check_rollup_laws compares the graph's scorecard with rescored variants of it: all must come
    # from one state of the graph, or a law would report a change that a writer made.
    from goalgraph.testing import check_rollup_laws

    graph = goalgraph.load_example()
    steps = _writer_steps(graph, rounds=2)
    checked: list[int] = []

    def work(n: int) -> None:
        if n == 0:
            for step in steps:
                step(graph)
                time.sleep(0.001)
        else:
            for _ in range(3):
                check_rollup_laws(graph, as_of=EXAMPLE_DAY)
                checked.append(n)

    _together(3, work)
    assert len(checked) == 6

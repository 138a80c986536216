"""Hypothesis strategies for goalgraph documents and graphs.

Install with the ``testing`` extra (``pip install 'goalgraph[testing]'``).
Every strategy generates only valid input: graphs are acyclic by
construction (an objective aligns only to objectives and key results drawn
before it), never by filtering. Examples shrink towards fewer objectives,
fewer key results, fewer check-ins and simpler metrics.

Examples
--------
>>> from hypothesis import given, settings
>>> import goalgraph
>>> from goalgraph.strategies import graphs
>>> @settings(max_examples=5, database=None)
... @given(graphs(max_nodes=8))
... def test_scores_are_fractions(graph):
...     for result in goalgraph.score(graph, as_of="2026-08-15").values():
...         assert result.score is None or 0 <= result.score <= 1
>>> test_scores_are_fractions()
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "goalgraph.strategies needs Hypothesis: install goalgraph with the testing extra "
        "(pip install 'goalgraph[testing]')"
    ) from exc

from goalgraph._documents import from_dict
from goalgraph._graph.graph import GoalGraph
from goalgraph._registry.registry import Registry

__all__ = ["CYCLE_END", "CYCLE_START", "checkins", "documents", "graphs", "metrics"]

CYCLE_START = datetime.date(2026, 7, 1)
"""The first day of the one cycle (``C1``) every generated document has."""
CYCLE_END = datetime.date(2026, 9, 30)
"""The last day of that cycle; every generated check-in is dated in between."""
_UNIT = "units"
_BUILT_IN_AGGREGATORS = ("mean", "min", "max", "value_weighted", "weighted_mean")

# Small, exactly representable numbers keep examples readable and shrinking
# fast; the arithmetic is the same at any magnitude.
_numbers = st.integers(-1000, 1000) | st.floats(-1000, 1000, allow_nan=False, allow_infinity=False).map(
    lambda x: round(x, 3)
)
# The first of each list is what an example shrinks to: weight 1, no override.
_weights = st.sampled_from([1, 0, 0.5, 1, 1, 2, 3, 10])
_rarely = st.integers(0, 9).map(lambda n: n == 9)
_fractions = st.floats(0, 1, allow_nan=False)


def _linear() -> st.SearchStrategy[dict[str, Any]]:
    def build(start: float, delta: float, with_direction: bool, accumulate: bool, plan: list[Any]) -> dict[str, Any]:
        target = start + delta
        metric: dict[str, Any] = {"type": "linear", "start": start, "target": target, "unit": _UNIT}
        if with_direction:
            metric["direction"] = "increase" if target > start else "decrease"
        if accumulate:
            metric["accumulate"] = True
        if plan:
            # Points at growing shares of the way (past the target allowed), on growing days of the cycle.
            metric["plan"] = [
                {"date": (CYCLE_START + datetime.timedelta(days=day)).isoformat(), "value": start + delta * share}
                for day, share in plan
            ]
        return metric

    days = (CYCLE_END - CYCLE_START).days
    plans = st.lists(
        st.tuples(st.integers(0, days), st.sampled_from([0, 0.25, 0.5, 1, 1.2])), max_size=3, unique_by=lambda p: p[0]
    ).map(lambda points: list(zip(sorted(d for d, _ in points), sorted(s for _, s in points), strict=True)))
    deltas = st.sampled_from([-100, -10, -1, 1, 5, 10, 100, 1000]) | st.integers(1, 500)
    planned = _rarely.flatmap(lambda yes: plans if yes else st.just([]))
    return st.builds(build, _numbers, deltas, st.booleans(), _rarely, planned)


def _threshold() -> st.SearchStrategy[dict[str, Any]]:
    def build(level: float, at_least: bool, strict: bool, accumulate: bool) -> dict[str, Any]:
        metric: dict[str, Any] = {"type": "threshold", ("at_least" if at_least else "at_most"): level}
        if strict:
            metric["strict"] = True
        if accumulate:
            metric["accumulate"] = True
        return metric

    return st.builds(build, _numbers, st.booleans(), st.booleans(), _rarely)


def _band() -> st.SearchStrategy[dict[str, Any]]:
    def build(low: float, width: float, tolerance: float) -> dict[str, Any]:
        return {"type": "band", "low": low, "high": low + width, "tolerance": tolerance}

    return st.builds(build, _numbers, st.integers(0, 50), st.integers(1, 50))


def _steps() -> st.SearchStrategy[dict[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        values = draw(st.lists(st.integers(-100, 100), min_size=1, max_size=5, unique=True))
        scores = draw(st.lists(_fractions, min_size=len(values), max_size=len(values)))
        ordered = sorted(values, reverse=draw(st.booleans()))
        graded = sorted(round(s, 3) for s in scores)
        metric: dict[str, Any] = {"type": "steps", "steps": [[v, s] for v, s in zip(ordered, graded, strict=True)]}
        if draw(_rarely):
            metric["accumulate"] = True
        return metric

    return build()


def _custom() -> st.SearchStrategy[dict[str, Any]]:
    pairs = st.tuples(st.integers(1, 1000), st.integers(1, 1000)).filter(lambda p: p[0] != p[1])
    return pairs.map(lambda p: {"type": "custom", "name": "logarithmic", "params": {"start": p[0], "target": p[1]}})


@functools.cache
def metrics(*, rollup: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """Valid metric mappings of every type (``rollup`` included unless ``rollup=False``).

    Custom metrics use the built-in ``logarithmic`` scorer; about one linear,
    threshold or steps metric in ten accumulates, and one linear metric in
    ten has a plan inside the generated cycle. Shrinks towards
    milestone and linear metrics with small numbers.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(metrics(), lambda m: m["type"] == "band")["type"]
    'band'
    """
    options = [st.builds(dict, type=st.just("milestone")), _linear(), _threshold(), _band(), _steps(), _custom()]
    if rollup:
        options.append(st.builds(dict, type=st.just("rollup")))
    return st.one_of(options)


def checkins(metric: dict[str, Any], *, max_size: int = 4) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Valid check-ins for a metric mapping, dated inside the generated cycle.

    Values suit the metric: booleans for milestones, positive numbers for
    the logarithmic scorer, numbers otherwise; rollup metrics take none.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(checkins({"type": "milestone"}), lambda cs: len(cs) == 1)[0]["value"]
    False
    """
    return _checkins(metric["type"], max_size)


# Strategies are built once and reused: building one per draw would make
# Hypothesis validate it again on every example.
@functools.cache
def _checkins(kind: str, max_size: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    if kind == "rollup":
        return st.just([])
    if kind == "milestone":
        values: st.SearchStrategy[Any] = st.booleans()
    elif kind == "custom":
        values = st.integers(1, 2000)
    else:
        values = _numbers
    days = st.integers(0, (CYCLE_END - CYCLE_START).days)
    checkin = st.builds(
        lambda day, value: {"date": (CYCLE_START + datetime.timedelta(days=day)).isoformat(), "value": value},
        days,
        values,
    )
    return st.lists(checkin, max_size=max_size)


@st.composite
def documents(
    draw: st.DrawFn,
    *,
    min_nodes: int = 1,
    max_nodes: int = 20,
    max_parents: int = 3,
    max_key_results: int = 4,
    aggregators: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Valid document mappings: objectives and key results with every metric type.

    Parameters
    ----------
    min_nodes, max_nodes : int
        Bounds on the number of objectives plus key results.
    max_parents : int
        The most links one objective aligns with (several parents:
        matrix organisations).
    max_key_results : int
        The most key results on one objective.
    aggregators : sequence of str, optional
        The names drawn for objectives' ``rollup:``, such as your own
        aggregator's (load the documents with the registry that holds it).
        Default: the built-in aggregators. Some objectives name none and use
        the policy's default.

    Notes
    -----
    Objectives align only to objectives and key results drawn before them,
    so every document is acyclic. Weights include 0; links are sometimes
    supports-only; some key results have no check-ins (missing data); some
    objectives override their score or name their own aggregator.

    Examples
    --------
    >>> from hypothesis import find
    >>> doc = find(documents(min_nodes=3), lambda d: True)
    >>> doc["goalgraph"], len(doc["objectives"]) >= 1
    (1, True)
    """
    if min_nodes < 1 or max_nodes < min_nodes:
        raise ValueError(f"need 1 <= min_nodes <= max_nodes, got {min_nodes} and {max_nodes}")
    names = tuple(_BUILT_IN_AGGREGATORS if aggregators is None else aggregators)
    # A list of objective shapes, each with a list of key results: Hypothesis
    # shrinks lists by deleting elements, so a failing example loses the
    # objectives and key results it does not need. At least min_nodes
    # objectives give at least min_nodes nodes; the shapes beyond max_nodes
    # are cut off.
    shapes = draw(st.lists(_objective(max_parents, max_key_results, names), min_size=min_nodes, max_size=max_nodes))
    objectives: list[dict[str, Any]] = []
    targets: list[str] = []  # ids an objective may align to: everything before it
    used = 0
    for shape in shapes:
        if used == max_nodes:
            break
        index = len(objectives)
        oid = f"O{index}"
        objective: dict[str, Any] = {"id": oid, "title": f"Objective {index}", "owner": "org", "cycle": "C1"}
        links: dict[str, dict[str, Any]] = {}
        for pick, weight, contributes in shape["links"] if targets else ():
            parent = targets[pick % len(targets)]
            links.setdefault(parent, {"id": parent, "weight": weight, "contributes": contributes})
        if links:
            objective["aligns_to"] = list(links.values())
        objective.update(shape["fields"])
        used += 1
        key_results = []
        for kr_index, kr in enumerate(shape["key_results"][: max_nodes - used]):
            kr = {"id": f"{oid}-KR{kr_index}", "title": f"Key result {kr_index}", **kr}
            key_results.append(kr)
            targets.append(kr["id"])
        used += len(key_results)
        if key_results:
            objective["key_results"] = key_results
        objectives.append(objective)
        targets.append(oid)
    return {
        "goalgraph": 1,
        "cycles": [{"id": "C1", "start": CYCLE_START.isoformat(), "end": CYCLE_END.isoformat()}],
        "owners": [{"id": "org", "level": "company"}],
        "objectives": objectives,
    }


@st.composite
def _key_result(draw: st.DrawFn) -> dict[str, Any]:
    """A key result without its id and title; each optional part shrinks away."""
    metric = draw(metrics())
    kr: dict[str, Any] = {"metric": metric}
    weight = draw(_weights)
    if weight != 1:
        kr["weight"] = weight
    history = draw(checkins(metric))
    if history:
        kr["checkins"] = history
    if draw(_rarely):
        kr["score_override"] = draw(_fractions)
    return kr


@functools.cache
def _objective(max_parents: int, max_key_results: int, names: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """An objective's shape: links to earlier nodes (by position), its own fields, its key results."""
    link = st.tuples(st.integers(0, 10_000), _weights, st.sampled_from([True, True, True, False]))

    @st.composite
    def fields(draw: st.DrawFn) -> dict[str, Any]:
        chosen: dict[str, Any] = {}
        kind = draw(st.sampled_from([None, "committed", "aspirational"]))
        if kind:
            chosen["kind"] = kind
        aggregator = draw(st.sampled_from([None, None, None, *names]))
        if aggregator:
            chosen["rollup"] = aggregator
        if draw(_rarely):
            chosen["score_override"] = draw(_fractions)
        return chosen

    return st.fixed_dictionaries(
        {
            "links": st.lists(link, max_size=max_parents),
            "fields": fields(),
            "key_results": st.lists(_key_result(), max_size=max_key_results),
        }
    )


def graphs(
    *,
    min_nodes: int = 1,
    max_nodes: int = 20,
    max_parents: int = 3,
    max_key_results: int = 4,
    aggregators: Sequence[str] | None = None,
    registry: Registry | None = None,
) -> st.SearchStrategy[GoalGraph]:
    """Valid :class:`~goalgraph.GoalGraph` objects, from :func:`documents`.

    Takes the same arguments as :func:`documents`, and the ``registry`` the
    graphs are read with (the one holding the aggregators you name).

    Examples
    --------
    >>> from hypothesis import find
    >>> find(graphs(), lambda g: len(g.key_results) >= 1).key_results.keys()
    dict_keys(['O0-KR0'])
    """
    return documents(
        min_nodes=min_nodes,
        max_nodes=max_nodes,
        max_parents=max_parents,
        max_key_results=max_key_results,
        aggregators=aggregators,
    ).map(lambda document: from_dict(document, registry=registry))

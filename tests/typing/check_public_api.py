"""What a user's type checker sees of the public API; mypy --strict checks this file.

It runs too (assert_type is a no-op at run time), so it cannot rot.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import assert_type

import goalgraph

graph = goalgraph.load_example()
assert_type(graph, goalgraph.GoalGraph)
assert_type(goalgraph.loads('{"goalgraph": 1}'), goalgraph.GoalGraph)
assert_type(goalgraph.from_dict({"goalgraph": 1}), goalgraph.GoalGraph)
assert_type(goalgraph.dumps(graph), str)

card = goalgraph.score(graph, as_of=datetime.date(2026, 11, 16), policy=goalgraph.Policy(missing="skip"))
assert_type(card, goalgraph.Scorecard)
assert_type(card.as_of, datetime.date)
result = card["acme-q4-1"]
assert_type(result, goalgraph.NodeResult)
assert_type(result.score, float | None)
assert_type(result.contributions, tuple[goalgraph.Contribution, ...])
scores: Mapping[str, goalgraph.NodeResult] = card

assert_type(graph.objectives, Mapping[str, goalgraph.Objective])
assert_type(graph.key_results_of("acme-q4-1"), tuple[goalgraph.KeyResult, ...])
assert_type(goalgraph.LinearMetric(start=0, target=10).progress(5), float)

registry = goalgraph.Registry()


@registry.aggregator("median")
def median(contributions: object) -> float | None:
    return 0.5


# The decorator gives the function back unchanged, signature included.
assert_type(median(()), float | None)

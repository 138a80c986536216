"""CheckSummary and summarize(): counts of findings per severity, and how much of each level ladders up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from goalgraph._checks.context import facts
from goalgraph._core.frozen import FrozenDict
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.findings import Finding, Severity

__all__ = ["CheckSummary", "summarize"]


@attrs.frozen(kw_only=True)
class CheckSummary:
    """Counts of findings per severity, and alignment coverage per owner level.

    Parameters
    ----------
    counts : mapping of Severity to int
        Every severity, with 0 when none was found.
    coverage : mapping of str to tuple of int
        Per owner level, from the top: ``(laddered, total)``, the number of
        that level's objectives with a chain of alignments up to a
        top-level objective, and the number of its objectives. Top-level
        objectives ladder up by definition.

    Examples
    --------
    >>> from goalgraph import check, load_example
    >>> graph = load_example()
    >>> summary = summarize(graph, check(graph, as_of="2026-11-16"))
    >>> summary.coverage["company"], summary.coverage["team"]
    ((5, 5), (13, 14))
    >>> summary.share("company")
    1.0
    """

    counts: Mapping[Severity, int]
    coverage: Mapping[str, tuple[int, int]]

    def share(self, level: str) -> float | None:
        """The share of a level's objectives that ladder up; ``None`` for a level without objectives."""
        laddered, total = self.coverage[level]
        return laddered / total if total else None

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain JSON-ready data."""
        return {
            "counts": {str(severity): count for severity, count in self.counts.items()},
            "coverage": {
                level: {"laddered": laddered, "total": total, "share": self.share(level)}
                for level, (laddered, total) in self.coverage.items()
            },
        }


def summarize(graph: GoalGraph, findings: Iterable[Finding]) -> CheckSummary:
    """Count ``findings`` per severity and measure how much of each level ladders up to the top.

    Examples
    --------
    >>> from goalgraph import check, load_example
    >>> graph = load_example()
    >>> summary = summarize(graph, check(graph, as_of="2026-11-16"))
    >>> summary.counts["error"], summary.share("team")
    (0, 0.9285714285714286)
    """
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    coverage = {level: [0, 0] for level in graph.levels}
    with graph.reading():  # the graph between two whole changes (see GoalGraph's thread safety)
        reaches_top = facts(graph).chart.reaches_top  # the org chart check() worked out, while the graph holds
        for objective in graph.objectives.values():
            level = graph.owners[objective.owner].level
            coverage[level][1] += 1
            coverage[level][0] += reaches_top(objective.id)
    return CheckSummary(
        counts=FrozenDict(counts),
        coverage=FrozenDict({level: (pair[0], pair[1]) for level, pair in coverage.items()}),
    )

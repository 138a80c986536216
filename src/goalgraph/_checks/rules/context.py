"""What a rule sees of the check that runs it: :class:`RuleContext`, the part of the context the rules use.

The rules are written against this protocol, not against
:class:`~goalgraph.CheckContext` itself, so that the catalogue depends
only on what it reads (the graph, the model, the scores) and not on the
engine that runs it; the engine's context provides all of it (checked by
mypy in :mod:`goalgraph._checks.context`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import Alignment, KeyResult, Objective
from goalgraph._model.findings import Finding, Severity
from goalgraph._scoring.results import Scorecard

__all__ = ["RuleContext"]


class RuleContext(Protocol):
    """What the built-in rules read and call: see :class:`~goalgraph.CheckContext` for each member."""

    @property
    def graph(self) -> GoalGraph: ...
    @property
    def as_of(self) -> datetime.date: ...
    @property
    def params(self) -> Mapping[str, Any]: ...
    def finding(
        self,
        node: str,
        message: str,
        hint: str = "",
        *,
        related: Iterable[str] = (),
        path: Iterable[str] = (),
        severity: Severity | str | None = None,
    ) -> Finding: ...
    @property
    def key_results(self) -> Mapping[str, tuple[KeyResult, ...]]: ...
    @property
    def alignments(self) -> Sequence[tuple[Objective, Alignment, Objective]]: ...
    def owner_rank(self, owner: str) -> int: ...
    def owner_chain(self, owner: str) -> Iterator[str]: ...
    def is_above(self, upper: str, lower: str) -> bool: ...
    def is_top(self, objective: str) -> bool: ...
    def path_to_top(self, node: str) -> tuple[str, ...]: ...
    def scorecard_at(self, day: datetime.date) -> Scorecard: ...

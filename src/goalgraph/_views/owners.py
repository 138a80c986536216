"""Owner scorecards: one score per owner and cycle, for itself and for everyone below it in the org chart.

An HR product's main view is each person's and each team's goals. An
owner's ``score`` rolls up the objectives it owns itself; its
``team_score`` rolls up, as one flat list, every objective owned by it or by
anyone below it, each counted once whatever it aligns to. Both use the
policy's default aggregator with every objective at weight 1, so that a
scorecard reads "how the goals of this person or team are doing", not how
the alignment tree weighs them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from goalgraph._core.collector import paused
from goalgraph._core.fields import as_enum
from goalgraph._core.frozen import FrozenDict
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.policy import Missing, Policy
from goalgraph._registry.records import Aggregator
from goalgraph._registry.registry import Registry, default_registry
from goalgraph._scoring.compiled import aggregate
from goalgraph._scoring.results import Scorecard
from goalgraph._scoring.score import scorecards
from goalgraph._time.status import Status, worst

__all__ = ["COUNTED", "OwnerResult", "owner_scores"]

# The statuses in the order a scorecard counts them: the three bands of "behind or not", then the rest.
COUNTED = (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.ACHIEVED, Status.NOT_STARTED, Status.UNSCORED)


def _status_counts(value: Any) -> Any:
    # Every status, zeros included, in the order of COUNTED; keys become Status.
    if not isinstance(value, Mapping):
        return value
    counts = {as_enum(Status, key): count for key, count in value.items()}
    return FrozenDict({status: counts.get(status, 0) for status in COUNTED})


def _optional_status(value: Any) -> Any:
    return as_enum(Status, value, optional=True)


@attrs.frozen(kw_only=True)
class OwnerResult:
    """One owner's scorecard for one cycle: its own objectives, and its team's.

    Parameters
    ----------
    owner, cycle : str
        Ids.
    score : float or None
        The policy's default aggregator over the scores of the objectives
        the owner itself owns in the cycle, each with weight 1, missing
        scores per the policy; ``None`` when it owns none, and when the
        policy leaves nothing to score (under ``skip``, none of them has a
        score; under ``propagate``, one of them has none).
    team_score : float or None
        The same over every objective owned by the owner or anyone below it
        in the org chart, as a flat list: each objective once, alignment
        ignored (a child objective counts beside the parent it also feeds).
    objectives, team_objectives : int
        How many objectives each score is over: those owned in the cycle,
        before missing scores are handled.
    expected, team_expected : float or None
        The same aggregates over the same objectives' expected scores; what
        ``skip`` drops from a score (an objective without one) it drops
        here too, so ``expected`` is ``None`` with no objective, or none
        scored under ``skip``. Under ``propagate`` it stays a number when
        ``score`` is ``None``: what was expected does not depend on what
        was reported.
    status_counts : mapping of Status to int
        Read-only: for every :class:`Status`, zeros included, how many of
        the team's objectives have it (their own status, not the rolled
        one), in the order ``on_track``, ``at_risk``, ``off_track``,
        ``achieved``, ``not_started``, ``unscored``.
    worst_status : Status or None
        The worst status among the team's objectives (off_track < at_risk <
        on_track < achieved); ``None`` when none has one of these.

    Examples
    --------
    >>> r = OwnerResult(owner="emea", cycle="Q1", score=0.5, team_score=0.6, expected=0.4, team_expected=0.4,
    ...                 objectives=1, team_objectives=2, status_counts={"on_track": 2}, worst_status="on_track")
    >>> r.status_counts["on_track"], r.status_counts["off_track"], r.worst_status
    (2, 0, <Status.ON_TRACK: 'on_track'>)
    """

    owner: str
    cycle: str
    score: float | None
    team_score: float | None
    expected: float | None
    team_expected: float | None
    objectives: int
    team_objectives: int
    status_counts: Mapping[Status, int] = attrs.field(converter=_status_counts, hash=False)
    worst_status: Status | None = attrs.field(converter=_optional_status)

    def to_dict(self) -> dict[str, Any]:
        """The scorecard as plain JSON-ready data.

        Examples
        --------
        >>> r = OwnerResult(owner="ana", cycle="Q1", score=None, team_score=None, expected=None,
        ...                 team_expected=None, objectives=0, team_objectives=0, status_counts={}, worst_status=None)
        >>> r.to_dict()["status_counts"]["not_started"], r.to_dict()["worst_status"]
        (0, None)
        """
        data = attrs.asdict(self, recurse=False)
        data["status_counts"] = {str(status): count for status, count in self.status_counts.items()}
        data["worst_status"] = None if self.worst_status is None else str(self.worst_status)
        return data


def owner_scores(
    graph: GoalGraph,
    as_of: datetime.date | str | None = None,
    *,
    card: Scorecard | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> list[OwnerResult]:
    """Every owner's scorecard: its own objectives' score and its team's, for each cycle.

    Parameters
    ----------
    graph : GoalGraph
    as_of : datetime.date or str, optional
        The scoring date (default today), as for :func:`goalgraph.score`.
    card : Scorecard, optional
        A scorecard of ``graph`` already computed; its date and policy are
        used, so ``as_of`` and ``policy`` must not be given with it.
    policy, registry : optional
        As for :func:`goalgraph.score`. The policy's default aggregator and
        missing-data rule make the owners' scores too; pass the registry
        the card was scored with when its aggregator is a custom one.

    Returns
    -------
    list of OwnerResult
        One for each (owner, cycle) pair where the owner or someone below it
        in the org chart owns an objective in that cycle: owners in the
        graph's order, then cycles in the graph's order. Objectives of
        other cycles never count.

    Raises
    ------
    TypeError
        When ``card`` is given together with ``as_of`` or ``policy``.
    ValueError
        When ``card`` was not computed from ``graph`` as it is now.
    RuleError
        When a custom default aggregator fails on an owner's objectives.

    Notes
    -----
    Each objective's score, expected score and status are the scorecard's;
    the owner's figures aggregate them with weight 1 each. The work is one
    pass over the objectives, each added to its owner and every owner
    above it: proportional to the objectives times the depth of the org
    chart.

    OKR scores are not performance ratings: see :doc:`/hr` for why an HR
    product should keep the two apart.

    Examples
    --------
    The example of :doc:`/hr`: a person's objective at 0.8 aligned to a
    team objective at 0.6 (its own key result at 0.4 and the person's 0.8),
    and a second team objective at 0.7. The team's own score is the mean of
    0.6 and 0.7; its team score counts the person's objective as well:

    >>> g = example(o("team-1", "emea", kr("t1", checkins=[{"date": "2026-01-10", "value": 40}])),
    ...             o("team-2", "emea", kr("t2", checkins=[{"date": "2026-01-10", "value": 70}])),
    ...             o("ana-1", "ana", kr("a1", checkins=[{"date": "2026-01-10", "value": 80}]), aligns=["team-1"]))
    >>> for r in owner_scores(g, "2026-02-15"):
    ...     print(r.owner, r.cycle, r.score and round(r.score, 4), round(r.team_score, 4), r.team_objectives)
    acme Q1 None 0.7 3
    sales Q1 None 0.7 3
    emea Q1 0.65 0.7 3
    ana Q1 0.8 0.8 1
    """
    with graph.reading():  # the objectives and their scores from one state of the graph
        (card,) = scorecards("owner_scores", graph, as_of, card, policy, registry)
        aggregator = (registry or default_registry).get_aggregator(card.policy.aggregator)
        # Many small lists and results that all stay, beside a large graph: no collections meanwhile.
        with paused():
            own, team = _objectives_by_owner(graph)
            pairs = [(owner, cycle) for owner in graph.owners for cycle in graph.cycles if (owner, cycle) in team]
    scorecard = _Scorecards(card, aggregator)
    with paused():
        return [scorecard.of(owner, cycle, own.get((owner, cycle), ()), team[owner, cycle]) for owner, cycle in pairs]


def _objectives_by_owner(
    graph: GoalGraph,
) -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], list[str]]]:
    """The objectives of each (owner, cycle): its own, and its team's (its own and all below it), in graph order."""
    owners = graph.owners
    own: dict[tuple[str, str], list[str]] = {}
    team: dict[tuple[str, str], list[str]] = {}
    for id, objective in graph.objectives.items():
        own.setdefault((objective.owner, objective.cycle), []).append(id)
        above: str | None = objective.owner
        while above is not None:  # a loop, not a recursion: an org chart may be thousands deep
            team.setdefault((above, objective.cycle), []).append(id)
            above = owners[above].parent
    return own, team


class _Scorecards:
    """Owners' scorecards from one scorecard: each objective's figures read once, however many owners count it."""

    def __init__(self, card: Scorecard, aggregator: Aggregator) -> None:
        self.card, self.aggregator = card, aggregator
        self.missing = card.policy.missing
        self.figures: dict[str, tuple[float | None, float, Status]] = {}

    def of(self, owner: str, cycle: str, own: Sequence[str], team: Sequence[str]) -> OwnerResult:
        statuses = [self._figures(id)[2] for id in team]
        rolled = worst(Status.UNSCORED, statuses)
        own_score, own_expected = self._aggregates(owner, cycle, own, "score")
        team_score, team_expected = self._aggregates(owner, cycle, team, "team score")
        return OwnerResult(
            owner=owner,
            cycle=cycle,
            score=own_score,
            team_score=team_score,
            expected=own_expected,
            team_expected=team_expected,
            objectives=len(own),
            team_objectives=len(team),
            status_counts={status: statuses.count(status) for status in COUNTED},
            worst_status=None if rolled in (Status.UNSCORED, Status.NOT_STARTED) else rolled,
        )

    def _figures(self, id: str) -> tuple[float | None, float, Status]:
        found = self.figures.get(id)
        if found is None:
            card = self.card
            expected = card.expected_of(id)
            assert expected is not None  # an objective always has one
            status = card.status_of(id)
            assert isinstance(status, Status)
            found = self.figures[id] = (card.score_of(id), expected, status)
        return found

    def _aggregates(self, owner: str, cycle: str, ids: Sequence[str], what: str) -> tuple[float | None, float | None]:
        """The score and the expected score over ``ids``, missing scores handled as the policy says."""
        if not ids:
            return None, None
        figures = [(id, *self._figures(id)[:2]) for id in ids]
        where = f" (the {what} of owner {owner!r} in cycle {cycle!r})"
        got = aggregate(self.aggregator, [(id, 1.0, s) for id, s, _ in figures], self.missing, owner, where)
        kept = [(id, e) for id, s, e in figures if s is not None or self.missing != Missing.SKIP]
        expected = aggregate(self.aggregator, [(id, 1.0, e) for id, e in kept], self.missing, owner, where)
        return got, expected

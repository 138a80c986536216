"""The change between two scorecards: what moved since last week, largest moves first.

The two scorecards may come from one graph at two dates or from two graphs
(last week's export and this week's). A node is listed when its score or its
status differs, or when it is on one side only; a KPI's status is its health.
"""

from __future__ import annotations

from typing import Any

import attrs

from goalgraph._core.collector import paused
from goalgraph._core.fields import as_enum
from goalgraph._model.entities import NodeKind
from goalgraph._scoring.results import Scorecard
from goalgraph._time.health import Health
from goalgraph._time.status import Status

__all__ = ["CHANGE_FIELDS", "Change", "diff"]


def _kind(value: Any) -> Any:
    return as_enum(NodeKind, value)


def _standing(value: Any) -> Any:
    # A status, or a KPI's health: the two enumerations share no name.
    if value is None or isinstance(value, (Status, Health)):
        return value
    if value in Health._value2member_map_:
        return Health(value)
    return as_enum(Status, value)


@attrs.frozen(kw_only=True)
class Change:
    """How one node differs between two scorecards.

    Parameters
    ----------
    id : str
    kind : NodeKind
        The node's kind (in the later scorecard when it is in both).
    before, after : float or None
        Its score on each side; ``None`` on the side it is missing from, or
        where it has no score.
    delta : float or None
        ``after - before``; ``None`` when either side has no score.
    before_status, after_status : Status or Health or None
        Its status on each side (a KPI's health); ``None`` on the side it is
        missing from.

    Examples
    --------
    >>> c = Change(id="KR1", kind="key_result", before=0.4, after=0.55, delta=0.55 - 0.4,
    ...            before_status="at_risk", after_status="on_track")
    >>> round(c.delta, 2), c.after_status
    (0.15, <Status.ON_TRACK: 'on_track'>)
    """

    id: str
    kind: NodeKind = attrs.field(converter=_kind)
    before: float | None
    after: float | None
    delta: float | None
    before_status: Status | Health | None = attrs.field(converter=_standing)
    after_status: Status | Health | None = attrs.field(converter=_standing)

    def to_dict(self) -> dict[str, Any]:
        """The change as plain JSON-ready data.

        Examples
        --------
        >>> Change(id="O9", kind="objective", before=None, after=0.2, delta=None,
        ...        before_status=None, after_status="off_track").to_dict()["after_status"]
        'off_track'
        """
        data = attrs.asdict(self, recurse=False)
        for name in ("kind", "before_status", "after_status"):
            value = data[name]
            data[name] = None if value is None else str(value)
        return data


CHANGE_FIELDS: tuple[str, ...] = tuple(field.name for field in attrs.fields(Change))
"""The fields of a :class:`Change`, in order: the columns of a table of changes."""


def diff(before: Scorecard, after: Scorecard) -> list[Change]:
    """What changed from one scorecard to another: every node whose score or status differs, or that is new or gone.

    Parameters
    ----------
    before, after : Scorecard
        From one graph at two dates, or from two graphs (last week's and
        this week's document).

    Returns
    -------
    list of Change
        One per node whose score or status differs (a KPI's health), or
        that is in one scorecard only (its missing side is ``None``).
        Sorted by the size of the move, ``|delta|``, largest first (changes
        without a delta last), then by id.

    Notes
    -----
    Scores are compared exactly: a recomputation that gives the same
    figures lists nothing. A status that changes while the score stays
    (the expected score rose with the date) is listed with a delta of 0.
    Reading the two scorecards costs a look-up per node; no result is
    built in full.

    Examples
    --------
    Last week and this week of the bundled example: the largest moves come
    first.

    >>> import goalgraph
    >>> graph = goalgraph.load_example()
    >>> changes = diff(goalgraph.score(graph, "2026-11-09"), goalgraph.score(graph, "2026-11-16"))
    >>> for change in changes[:2]:
    ...     print(change.id, change.before, change.after, change.before_status, change.after_status)
    adoption-q4-1-kr3 0.0 1.0 off_track achieved
    demand-q4-1-kr3 0.0 1.0 off_track achieved
    >>> [(c.id, c.delta, c.after_status) for c in changes if c.id == "acme-q4-1-kr1"]
    [('acme-q4-1-kr1', 0.0, <Status.AT_RISK: 'at_risk'>)]
    """
    changes: list[Change] = []
    ids = list(before)
    ids.extend(id for id in after if id not in before)
    with paused():  # up to a change per node, all kept, and a sort key each: no collections meanwhile
        _compare(before, after, ids, changes)
        changes.sort(key=_largest_first)
    return changes


def _compare(before: Scorecard, after: Scorecard, ids: list[str], changes: list[Change]) -> None:
    """Append to ``changes`` the change of each node of ``ids`` whose figures differ."""
    for id in ids:
        b_score, b_status = (before.score_of(id), before.status_of(id)) if id in before else (None, None)
        if id in after:
            a_score, a_status = after.score_of(id), after.status_of(id)
            if id in before and a_score == b_score and a_status == b_status:
                continue
            kind = after.kind_of(id)
        else:
            a_score, a_status, kind = None, None, before.kind_of(id)
        delta = None if a_score is None or b_score is None else a_score - b_score
        changes.append(
            Change(
                id=id,
                kind=kind,
                before=b_score,
                after=a_score,
                delta=delta,
                before_status=b_status,
                after_status=a_status,
            )
        )


def _largest_first(change: Change) -> tuple[int, float, str]:
    return (1, 0.0, change.id) if change.delta is None else (0, -abs(change.delta), change.id)

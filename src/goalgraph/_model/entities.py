"""The model: frozen value objects for cycles, owners, objectives, key results and KPIs.

Every object checks its own fields when it is made and raises
:class:`~goalgraph.ValidationError` listing every problem it found, with
paths relative to the object (``/weight``). Objects are immutable and
hashable; collections inside them are tuples and read-only mappings, so a
graph can be shared between threads. Change an object with
:func:`attrs.evolve`, which validates again.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.errors import Problem
from goalgraph._core.frozen import EMPTY, freeze
from goalgraph._model.metrics import Metric, span_beyond_range

__all__ = [
    "DEFAULT_LEVELS",
    "Alignment",
    "Checkin",
    "Cycle",
    "Frequency",
    "KeyResult",
    "Kpi",
    "KpiDirection",
    "KpiKind",
    "Level",
    "NodeKind",
    "Objective",
    "ObjectiveKind",
    "Owner",
    "RagRule",
    "RagStatus",
]


class Level(StrEnum):
    """The default owner levels, from the top of the organisation down.

    A document may declare its own ordered list of levels instead; levels
    are plain strings wherever they are stored.

    Examples
    --------
    >>> Level.TEAM == "team"
    True
    >>> [str(level) for level in Level]
    ['company', 'division', 'department', 'team', 'individual']
    """

    COMPANY = "company"
    DIVISION = "division"
    DEPARTMENT = "department"
    TEAM = "team"
    INDIVIDUAL = "individual"


DEFAULT_LEVELS: tuple[str, ...] = tuple(str(level) for level in Level)


class ObjectiveKind(StrEnum):
    """Whether an objective is to be met in full or is a stretch.

    Google's guidance: committed OKRs are expected to score 1.0; aspirational
    ones average 0.6-0.7.

    Examples
    --------
    >>> ObjectiveKind("committed") is ObjectiveKind.COMMITTED
    True
    """

    COMMITTED = "committed"
    ASPIRATIONAL = "aspirational"


class NodeKind(StrEnum):
    """What a node of the goal graph is.

    Examples
    --------
    >>> NodeKind.KEY_RESULT == "key_result"
    True
    """

    OBJECTIVE = "objective"
    KEY_RESULT = "key_result"
    KPI = "kpi"


class KpiDirection(StrEnum):
    """Which way is good for a KPI.

    Examples
    --------
    >>> KpiDirection.LOWER == "lower"
    True
    """

    HIGHER = "higher"
    LOWER = "lower"
    BAND = "band"


class KpiKind(StrEnum):
    """A KPI's declared kind.

    Examples
    --------
    >>> KpiKind("leading")
    <KpiKind.LEADING: 'leading'>
    """

    LEADING = "leading"
    LAGGING = "lagging"


class Frequency(StrEnum):
    """How often a KPI is reported.

    Examples
    --------
    >>> Frequency.MONTHLY == "monthly"
    True
    """

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class RagStatus(StrEnum):
    """A KPI's health colour.

    Examples
    --------
    >>> RagStatus.AMBER == "amber"
    True
    """

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


def _objective_kind(value: Any) -> Any:
    return v.to_enum(ObjectiveKind, value)


def _kpi_direction(value: Any) -> Any:
    return v.to_enum(KpiDirection, value)


def _frequency(value: Any) -> Any:
    return v.to_enum(Frequency, value)


def _kpi_kind(value: Any) -> Any:
    return v.to_enum(KpiKind, value)


def _rag_status(value: Any) -> Any:
    return v.to_enum(RagStatus, value)


def _extra(problems: list[Problem], extra: Mapping[str, Any]) -> None:
    if not isinstance(extra, Mapping):
        problems.append(Problem(codes.WRONG_TYPE, "", f"extra must be a mapping of x- keys, got {v.describe(extra)}"))
        return
    for key, value in extra.items():
        if not (isinstance(key, str) and key.startswith("x-")):
            problems.append(
                Problem(
                    codes.UNKNOWN_FIELD,
                    f"/{key}",
                    f"extra key {key!r} does not start with 'x-'",
                    "host data goes under x- keys",
                )
            )
        else:
            v.free_form(problems, f"/{v.escape(key)}", value)


def _ignore(problems: list[Problem], ignored: object) -> None:
    if v.sequence(problems, "/ignore", ignored):
        assert isinstance(ignored, tuple)
        for index, code in enumerate(ignored):
            v.text(problems, f"/ignore/{index}", code)


def _extra_field() -> Any:
    return attrs.field(default=EMPTY, converter=freeze, eq=True, hash=False, kw_only=True)


def _ignore_field() -> Any:
    return attrs.field(default=(), converter=v.tuple_or_raw, kw_only=True)


@attrs.frozen
class Cycle:
    """The time box of objectives, usually a quarter. Both dates are inclusive.

    Parameters
    ----------
    id : str
        Unique across the whole graph.
    start, end : datetime.date
        First and last day of the cycle; ``start <= end``.
    name : str, optional
        A label for people.
    extra : mapping, optional
        ``x-`` keys kept for the host product.

    Examples
    --------
    >>> from datetime import date
    >>> Cycle("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)).end
    datetime.date(2026, 9, 30)
    """

    id: str
    start: datetime.date
    end: datetime.date
    name: str | None = None
    extra: Mapping[str, Any] = _extra_field()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.identifier(problems, "/id", self.id)
        dates_ok = v.date(problems, "/start", self.start) & v.date(problems, "/end", self.end)
        if dates_ok and self.end < self.start:
            problems.append(
                Problem(
                    codes.INVALID_PERIOD,
                    "/end",
                    f"cycle ends on {self.end.isoformat()}, before it starts on {self.start.isoformat()}",
                    "swap start and end, or fix the dates",
                )
            )
        v.text(problems, "/name", self.name, optional=True)
        _extra(problems, self.extra)
        v.fail_if(problems, v.made(self))


@attrs.frozen
class Owner:
    """A company, a team or an individual that owns objectives.

    Owners form a forest through ``parent`` (the org chart).

    Parameters
    ----------
    id : str
        Unique across the whole graph.
    level : str
        One of the graph's levels (by default ``company``, ``division``,
        ``department``, ``team``, ``individual``).
    name : str, optional
    parent : str, optional
        The owner this one reports to.
    extra : mapping, optional
        ``x-`` keys kept for the host product.

    Examples
    --------
    >>> Owner("growth", "team", name="Growth", parent="marketing").level
    'team'
    """

    id: str
    level: str
    name: str | None = None
    parent: str | None = None
    extra: Mapping[str, Any] = _extra_field()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.identifier(problems, "/id", self.id)
        v.text(problems, "/level", self.level)
        v.text(problems, "/name", self.name, optional=True)
        v.optional_identifier(problems, "/parent", self.parent)
        if self.parent is not None and self.parent == self.id:
            problems.append(
                Problem(codes.OWNER_CYCLE, "/parent", f"owner {self.id!r} is its own parent", "name another owner")
            )
        _extra(problems, self.extra)
        v.fail_if(problems, v.made(self))


@attrs.frozen
class Alignment:
    """A link from an objective up to the objective or key result it serves.

    Parameters
    ----------
    parent : str
        The id of the objective or key result aligned to (``id`` in documents).
    weight : float, default 1
        The link's weight in the parent's rollup; finite and ``>= 0``.
    contributes : bool, default True
        ``False`` makes a *supports* link: shown and checked, never rolled up.

    Examples
    --------
    >>> Alignment("O1", weight=2).contributes
    True
    """

    parent: str
    weight: float = 1
    contributes: bool = True

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.identifier(problems, "/id", self.parent)
        v.number(problems, "/weight", self.weight, minimum=0)
        v.flag(problems, "/contributes", self.contributes)
        v.fail_if(problems, v.made(self))


@attrs.frozen
class Checkin:
    """A dated value: a key result's check-in or a KPI's measurement.

    Parameters
    ----------
    date : datetime.date
    value : float or bool
        A finite number, or a boolean for milestones.
    note : str, optional

    Examples
    --------
    >>> from datetime import date
    >>> Checkin(date(2026, 8, 15), 430, note="after the summer campaign").value
    430
    """

    date: datetime.date
    value: float | bool
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.date(problems, "/date", self.date)
        if not isinstance(self.value, bool):
            v.number(problems, "/value", self.value)
        v.text(problems, "/note", self.note, optional=True)
        v.fail_if(problems, v.made(self))


@attrs.frozen(kw_only=True)
class Objective:
    """A qualitative goal of one owner in one cycle, graded by its key results.

    Key results are added to the graph separately
    (:meth:`GoalGraph.add_key_result`); in documents they nest under their
    objective.

    Parameters
    ----------
    id, title, owner, cycle : str
        ``owner`` and ``cycle`` are ids in the same graph.
    kind : ObjectiveKind, default ``aspirational``
    aligns_to : sequence of Alignment
        The objectives or key results this one serves.
    rollup : str, optional
        The name of the aggregator for this objective (default: the policy's).
    score_override : float, optional
        A manual score in [0, 1] that replaces the computed one.
    grade : float, optional
        The final end-of-cycle grade in [0, 1], reported apart from the score.
    description : str, optional
    ignore : sequence of str
        Check codes silenced for this objective.
    extra : mapping
        ``x-`` keys kept for the host product.

    Examples
    --------
    >>> o = Objective(id="O2", title="Expand reach", owner="marketing", cycle="2026-Q3",
    ...               aligns_to=[Alignment("O1")])
    >>> o.kind, o.aligns_to[0].parent
    (<ObjectiveKind.ASPIRATIONAL: 'aspirational'>, 'O1')
    """

    id: str
    title: str
    owner: str
    cycle: str
    kind: ObjectiveKind = attrs.field(default=ObjectiveKind.ASPIRATIONAL, converter=_objective_kind)
    aligns_to: tuple[Alignment, ...] = attrs.field(default=(), converter=v.tuple_or_raw)
    rollup: str | None = None
    score_override: float | None = None
    grade: float | None = None
    description: str | None = None
    ignore: tuple[str, ...] = _ignore_field()
    extra: Mapping[str, Any] = _extra_field()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.identifier(problems, "/id", self.id)
        v.text(problems, "/title", self.title)
        v.identifier(problems, "/owner", self.owner)
        v.identifier(problems, "/cycle", self.cycle)
        v.choice(problems, "/kind", self.kind, ObjectiveKind)
        if v.sequence(problems, "/aligns_to", self.aligns_to):
            seen: set[str] = set()
            for index, link in enumerate(self.aligns_to):
                if not isinstance(link, Alignment):
                    problems.append(
                        Problem(
                            codes.WRONG_TYPE, f"/aligns_to/{index}", f"expected an Alignment, got {v.describe(link)}"
                        )
                    )
                elif link.parent == self.id:
                    problems.append(
                        Problem(
                            codes.CYCLE,
                            f"/aligns_to/{index}",
                            f"objective {self.id!r} aligns to itself",
                            "align it to the objective or key result it serves",
                        )
                    )
                elif link.parent in seen:
                    problems.append(
                        Problem(
                            codes.DUPLICATE_LINK,
                            f"/aligns_to/{index}/id",
                            f"objective {self.id!r} aligns to {link.parent!r} twice",
                            "keep one link and give it the combined weight",
                        )
                    )
                else:
                    seen.add(link.parent)
        v.optional_identifier(problems, "/rollup", self.rollup)
        v.optional_number(problems, "/score_override", self.score_override, minimum=0, maximum=1)
        v.optional_number(problems, "/grade", self.grade, minimum=0, maximum=1)
        v.text(problems, "/description", self.description, optional=True)
        _ignore(problems, self.ignore)
        _extra(problems, self.extra)
        v.fail_if(problems, v.made(self))


def plan_problems(metric: Metric, cycle: Cycle) -> list[Problem]:
    """A key result's plan points dated outside its objective's cycle (paths from the key result).

    Examples
    --------
    >>> from goalgraph import LinearMetric, PlanPoint
    >>> q3 = Cycle("Q3", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    >>> metric = LinearMetric(start=0, target=10, plan=[PlanPoint(datetime.date(2026, 10, 1), 10)])
    >>> [(p.code, p.path) for p in plan_problems(metric, q3)]
    [('GG032', '/metric/plan/0/date')]
    """
    problems = []
    for index, point in enumerate(getattr(metric, "plan", ())):
        if not cycle.start <= point.date <= cycle.end:
            problems.append(
                Problem(
                    codes.PLAN_ORDER,
                    f"/metric/plan/{index}/date",
                    f"plan point {index} is dated {point.date.isoformat()}, outside cycle {cycle.id!r} "
                    f"({cycle.start.isoformat()} to {cycle.end.isoformat()})",
                    "plan dates inside the cycle: a phased target is a step on the way to the cycle's end",
                )
            )
    return problems


def _increment_problems(checkins: Sequence[Checkin], path: str) -> list[Problem]:
    """A cumulative series whose increments could add up beyond the float range (any run of them)."""
    try:
        total = math.fsum(abs(checkin.value) for checkin in checkins)
    except OverflowError:
        total = math.inf
    if math.isfinite(total):
        return []
    return [
        Problem(
            codes.NON_FINITE,
            path,
            "the increments add up beyond the float range (about 1.8e308)",
            "use a larger unit (thousands, millions) so the numbers are smaller",
        )
    ]


@attrs.frozen(kw_only=True)
class KeyResult:
    """The measurable outcome that grades an objective.

    Parameters
    ----------
    id, title : str
    metric : Metric
        How a value becomes progress (:class:`LinearMetric` and the others).
    weight : float, default 1
        Weight in the objective's rollup; finite and ``>= 0``.
    checkins : sequence of Checkin
        Dated values; the latest one dated on or before the as-of date is
        the current value (ties: the later one in the sequence).
    score_override : float, optional
        A manual score in [0, 1] that replaces the computed one.
    owner : str, optional
        Defaults to the objective's owner.
    ignore : sequence of str
        Check codes silenced for this key result.
    extra : mapping
        ``x-`` keys kept for the host product.

    Examples
    --------
    >>> from goalgraph import LinearMetric
    >>> kr = KeyResult(id="KR1", title="Gain 1,000 customers",
    ...                metric=LinearMetric(start=0, target=1000, unit="customers"))
    >>> kr.weight
    1
    """

    id: str
    title: str
    metric: Metric
    weight: float = 1
    checkins: tuple[Checkin, ...] = attrs.field(default=(), converter=v.tuple_or_raw)
    score_override: float | None = None
    owner: str | None = None
    ignore: tuple[str, ...] = _ignore_field()
    extra: Mapping[str, Any] = _extra_field()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.identifier(problems, "/id", self.id)
        v.text(problems, "/title", self.title)
        metric_ok = isinstance(self.metric, Metric)
        if not metric_ok:
            problems.append(Problem(codes.WRONG_TYPE, "/metric", f"expected a metric, got {v.describe(self.metric)}"))
        v.number(problems, "/weight", self.weight, minimum=0)
        if v.sequence(problems, "/checkins", self.checkins):
            for index, checkin in enumerate(self.checkins):
                if not isinstance(checkin, Checkin):
                    problems.append(
                        Problem(
                            codes.WRONG_TYPE, f"/checkins/{index}", f"expected a Checkin, got {v.describe(checkin)}"
                        )
                    )
                elif metric_ok:
                    problems.extend(p.under(f"/checkins/{index}") for p in self.metric.value_problems(checkin.value))
            if metric_ok and self.checkins and self.metric.kpi is not None:
                problems.append(
                    Problem(
                        codes.KPI_AND_CHECKINS,
                        "/checkins",
                        f"key result {self.id!r} reads KPI {self.metric.kpi!r} and also has check-ins",
                        "record the values as the KPI's measurements, or remove metric.kpi",
                    )
                )
            if metric_ok and self.metric.accumulate and not problems:
                problems.extend(_increment_problems(self.checkins, "/checkins"))
            if metric_ok and self.checkins and self.metric.type == "rollup":
                problems.append(
                    Problem(
                        codes.VALUE_TYPE,
                        "/checkins",
                        f"key result {self.id!r} has a rollup metric, which takes no check-ins",
                        "its progress comes from the objectives aligned to it; remove the check-ins",
                    )
                )
        v.optional_number(problems, "/score_override", self.score_override, minimum=0, maximum=1)
        v.optional_identifier(problems, "/owner", self.owner)
        _ignore(problems, self.ignore)
        _extra(problems, self.extra)
        v.fail_if(problems, v.made(self))


@attrs.frozen(kw_only=True)
class RagRule:
    """One rule of a KPI's ``thresholds``: a status and the condition for it.

    Exactly one condition is given: ``at_least``, ``at_most``, ``between``
    (inclusive ``(low, high)``) or ``otherwise=True``. The first matching
    rule of a KPI wins.

    Examples
    --------
    >>> RagRule(status="green", at_least=100).status
    <RagStatus.GREEN: 'green'>
    """

    status: RagStatus = attrs.field(converter=_rag_status)
    at_least: float | None = None
    at_most: float | None = None
    between: tuple[float, float] | None = attrs.field(default=None, converter=v.tuple_or_raw)
    otherwise: bool = False

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.choice(problems, "/status", self.status, RagStatus)
        v.optional_number(problems, "/at_least", self.at_least)
        v.optional_number(problems, "/at_most", self.at_most)
        v.flag(problems, "/otherwise", self.otherwise)
        if self.between is not None:
            _pair(problems, "/between", self.between)
        given = [self.at_least is not None, self.at_most is not None, self.between is not None, self.otherwise is True]
        if sum(given) != 1:
            problems.append(
                Problem(
                    codes.MISSING_FIELD if not any(given) else codes.WRONG_TYPE,
                    "",
                    "a threshold rule needs exactly one of at_least, at_most, between, otherwise",
                    "e.g. {status: green, at_least: 100}",
                )
            )
        v.fail_if(problems, v.made(self))


def _pair(problems: list[Problem], path: str, pair: object) -> bool:
    if not (v.sequence(problems, path, pair) and isinstance(pair, tuple)):
        return False
    if len(pair) != 2:
        problems.append(
            Problem(codes.WRONG_TYPE, path, f"expected [low, high], got {len(pair)} values", "give two numbers")
        )
        return False
    low_ok = v.number(problems, f"{path}/0", pair[0])
    high_ok = v.number(problems, f"{path}/1", pair[1])
    if low_ok and high_ok and pair[0] > pair[1]:
        problems.append(
            Problem(
                codes.BAND_INVERTED, path, f"low {pair[0]} is above high {pair[1]}", "write the band as [low, high]"
            )
        )
        return False
    return low_ok and high_ok


@attrs.frozen(kw_only=True)
class Kpi:
    """A continuous metric with a target, a timeframe, a data source and a frequency.

    KPIs *support* objectives and key results: they inform status and checks,
    and enter a score only through a key result whose metric reads them
    (``kpi=`` on the metric).

    Parameters
    ----------
    id, name : str
    owner, unit, source, timeframe : str, optional
    direction : KpiDirection, optional
        ``higher``, ``lower`` or ``band``.
    target, baseline, tolerance : float, optional
    band : tuple of float, optional
        ``(low, high)`` for band KPIs.
    thresholds : sequence of RagRule
        Ordered rules for the health colour; the first match wins.
    frequency : Frequency, optional
    kind : KpiKind, optional
        The declared ``leading`` or ``lagging`` kind.
    supports : sequence of str
        Ids of the objectives and key results this KPI informs.
    measurements : sequence of Checkin
    ignore : sequence of str
    extra : mapping

    Examples
    --------
    >>> k = Kpi(id="mrr", name="Monthly recurring revenue", direction="higher", target=1_000_000)
    >>> k.direction
    <KpiDirection.HIGHER: 'higher'>
    """

    id: str
    name: str
    owner: str | None = None
    unit: str | None = None
    direction: KpiDirection | None = attrs.field(default=None, converter=_kpi_direction)
    target: float | None = None
    baseline: float | None = None
    band: tuple[float, float] | None = attrs.field(default=None, converter=v.tuple_or_raw)
    tolerance: float | None = None
    thresholds: tuple[RagRule, ...] = attrs.field(default=(), converter=v.tuple_or_raw)
    frequency: Frequency | None = attrs.field(default=None, converter=_frequency)
    source: str | None = None
    timeframe: str | None = None
    kind: KpiKind | None = attrs.field(default=None, converter=_kpi_kind)
    supports: tuple[str, ...] = attrs.field(default=(), converter=v.tuple_or_raw)
    measurements: tuple[Checkin, ...] = attrs.field(default=(), converter=v.tuple_or_raw)
    ignore: tuple[str, ...] = _ignore_field()
    extra: Mapping[str, Any] = _extra_field()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.identifier(problems, "/id", self.id)
        v.text(problems, "/name", self.name)
        v.optional_identifier(problems, "/owner", self.owner)
        for field in ("unit", "source", "timeframe"):
            v.text(problems, f"/{field}", getattr(self, field), optional=True)
        if self.direction is not None:
            v.choice(problems, "/direction", self.direction, KpiDirection)
        if self.frequency is not None:
            v.choice(problems, "/frequency", self.frequency, Frequency)
        if self.kind is not None:
            v.choice(problems, "/kind", self.kind, KpiKind)
        v.optional_number(problems, "/target", self.target)
        v.optional_number(problems, "/baseline", self.baseline)
        target, baseline = self.target, self.baseline
        if _finite_number(target) and _finite_number(baseline) and not math.isfinite(target - baseline):  # type: ignore[operator]
            problems.append(span_beyond_range("baseline"))
        v.optional_number(problems, "/tolerance", self.tolerance, above=0)
        if self.band is not None:
            _pair(problems, "/band", self.band)
        if self.direction == KpiDirection.BAND and (self.band is None or self.tolerance is None):
            problems.append(
                Problem(
                    codes.MISSING_FIELD,
                    "/band" if self.band is None else "/tolerance",
                    f"band KPI {self.id!r} needs both band and tolerance",
                    "give band: [low, high] and a tolerance > 0",
                )
            )
        if v.sequence(problems, "/thresholds", self.thresholds):
            for index, rule in enumerate(self.thresholds):
                if not isinstance(rule, RagRule):
                    problems.append(
                        Problem(codes.WRONG_TYPE, f"/thresholds/{index}", f"expected a RagRule, got {v.describe(rule)}")
                    )
        if v.sequence(problems, "/supports", self.supports):
            for index, node in enumerate(self.supports):
                v.identifier(problems, f"/supports/{index}", node)
            named = [node for node in self.supports if isinstance(node, str)]  # others are refused above
            if len(set(named)) != len(named):
                problems.append(
                    Problem(
                        codes.DUPLICATE_LINK,
                        "/supports",
                        f"KPI {self.id!r} lists a supported id twice",
                        "list each id once",
                    )
                )
        if v.sequence(problems, "/measurements", self.measurements):
            for index, measurement in enumerate(self.measurements):
                if not isinstance(measurement, Checkin):
                    problems.append(
                        Problem(
                            codes.WRONG_TYPE,
                            f"/measurements/{index}",
                            f"expected a Checkin, got {v.describe(measurement)}",
                        )
                    )
                elif isinstance(measurement.value, bool):
                    problems.append(
                        Problem(
                            codes.VALUE_TYPE,
                            f"/measurements/{index}/value",
                            f"KPI measurements are numbers, got {v.describe(measurement.value)}",
                            "give a number",
                        )
                    )
        _ignore(problems, self.ignore)
        _extra(problems, self.extra)
        v.fail_if(problems, v.made(self))


def _finite_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)

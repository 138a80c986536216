"""Metric types: how a key result's current value becomes progress.

Each metric is a frozen value object that checks its parameters when made,
and whose :meth:`~Metric.progress` is a pure function of a value. Progress is
the raw ratio (any real number); the score is progress clamped to [0, 1],
which the scoring engine does.
"""

from __future__ import annotations

import datetime
import itertools
import math
import types
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.errors import Problem
from goalgraph._core.frozen import EMPTY, freeze

__all__ = [
    "BandMetric",
    "CustomMetric",
    "Direction",
    "LinearMetric",
    "Metric",
    "MilestoneMetric",
    "PlanPoint",
    "RollupMetric",
    "StepsMetric",
    "ThresholdMetric",
    "along",
    "bounded",
    "span_beyond_range",
]


class Direction(StrEnum):
    """The declared direction of a linear key result.

    Examples
    --------
    >>> Direction.DECREASE == "decrease"
    True
    """

    INCREASE = "increase"
    DECREASE = "decrease"


def _direction(value: Any) -> Any:
    return v.to_enum(Direction, value)


@attrs.frozen(kw_only=True)
class Metric:
    """The base of all metric types: the optional ``unit``, ``kpi`` and ``accumulate`` a metric may carry.

    Parameters
    ----------
    unit : str, optional
        The unit of the values, e.g. ``"customers"``.
    kpi : str, optional
        The id of a KPI whose measurements are this key result's values,
        instead of its own check-ins.
    accumulate : bool, default False
        Linear, threshold and steps metrics only: each check-in (or
        measurement of the ``kpi``) is an increment, "12 new customers this
        week"; the current value is a linear metric's ``start`` (0 for the
        others) plus every increment dated from the cycle's start to the
        scoring date.

    Examples
    --------
    >>> LinearMetric(start=0, target=10, unit="deals").unit
    'deals'
    """

    type: ClassVar[str] = ""
    numeric: ClassVar[bool] = True
    accumulates: ClassVar[bool] = False  # whether the type may take accumulate=True

    unit: str | None = None
    kpi: str | None = None
    accumulate: bool = False

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.text(problems, "/unit", self.unit, optional=True)
        v.optional_identifier(problems, "/kpi", self.kpi)
        if v.flag(problems, "/accumulate", self.accumulate) and self.accumulate and not self.accumulates:
            problems.append(
                Problem(
                    codes.UNKNOWN_FIELD,
                    "/accumulate",
                    f"a {self.type} metric cannot accumulate",
                    "accumulate (each check-in an increment) is for linear, threshold and steps metrics",
                )
            )
        if self.kpi is not None and not self.numeric:
            problems.append(
                Problem(
                    codes.UNKNOWN_FIELD,
                    "/kpi",
                    f"a {self.type} metric cannot read a KPI",
                    "use a numeric metric (linear, threshold, band, steps, custom) to read a KPI",
                )
            )
        problems.extend(self._parameter_problems())
        v.fail_if(problems, v.made(self))

    def _parameter_problems(self) -> list[Problem]:
        return []

    def value_problems(self, value: object) -> list[Problem]:
        """Problems with ``value`` as a check-in value of this metric (path ``/value``).

        Examples
        --------
        >>> [p.code for p in MilestoneMetric().value_problems(3)]
        ['GG024']
        """
        if isinstance(value, bool):
            return [
                Problem(
                    codes.VALUE_TYPE,
                    "/value",
                    f"a {self.type} metric needs a number, got {v.describe(value)}",
                    "give a number, or use a milestone metric for yes/no results",
                )
            ]
        problems: list[Problem] = []
        v.number(problems, "/value", value)
        return problems

    def progress(self, value: float | bool) -> float:
        """The raw progress for ``value`` (not clamped)."""
        raise NotImplementedError


def along(value: float, start: float, target: float) -> float:
    """How far ``value`` has come from ``start`` to ``target`` (1 at the target), never inf or NaN.

    Near the float range the plain formula overflows (``1e308 - -1e308``);
    then all three are scaled down first. A progress still beyond the range
    is reported as the largest float of its sign.

    >>> along(5, 0, 10), along(1e308, -1e308, 1e308 / 2)
    (0.5, 1.3333333333333333)
    """
    progress = (value - start) / (target - start)
    if math.isfinite(progress):
        return progress
    scale = max(abs(value), abs(start), abs(target))
    span = target / scale - start / scale
    if span:
        progress = (value / scale - start / scale) / span
        if math.isfinite(progress):
            return progress
    return math.copysign(_FLOAT_MAX, (value - start) * (target - start))


def bounded(ratio: float) -> float:
    """``ratio``, or the largest float of its sign when it overflowed to infinity.

    >>> bounded(0.5), bounded(1e300 / 1e-300)
    (0.5, 1.7976931348623157e+308)
    """
    return ratio if math.isfinite(ratio) else math.copysign(_FLOAT_MAX, ratio)


def span_beyond_range(start: str) -> Problem:
    """The problem of a target so far from its ``start`` field that the distance overflows."""
    return Problem(
        codes.NON_FINITE,
        "/target",
        f"target - {start} is beyond the float range (about 1.8e308)",
        "use a larger unit (thousands, millions) so the numbers are smaller",
    )


_FLOAT_MAX = 1.7976931348623157e308


@attrs.frozen
class PlanPoint:
    """A point of a linear key result's plan: the value planned for a date.

    Parameters
    ----------
    date : datetime.date
        Inside the key result's cycle.
    value : float
        The value planned for that date: for a cumulative key result, the
        running total.

    Examples
    --------
    >>> PlanPoint(datetime.date(2026, 8, 29), 600).value
    600
    """

    date: datetime.date
    value: float

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.date(problems, "/date", self.date)
        v.number(problems, "/value", self.value)
        v.fail_if(problems, v.made(self))


@attrs.frozen(kw_only=True)
class LinearMetric(Metric):
    """Progress along a straight line from ``start`` to ``target``.

    ``progress = (current - start) / (target - start)``, one formula for both
    directions (Quantive's rule). Progress is not limited; the score clamps it.

    Parameters
    ----------
    start, target : float
        ``target != start``; to keep a value at a level, use
        :class:`ThresholdMetric`.
    direction : Direction, optional
        ``increase`` or ``decrease``; must agree with start and target.
    plan : sequence of PlanPoint, optional
        Phased targets: the values planned for dates inside the cycle,
        dates strictly increasing, values never going back from ``start``
        (past the target allowed). The expected score is then the score of
        the planned value on the scoring date (:doc:`/time`).

    Examples
    --------
    >>> m = LinearMetric(start=100, target=60)
    >>> [m.progress(x) for x in (80, 70, 50)]
    [0.5, 0.75, 1.25]
    """

    type: ClassVar[str] = "linear"
    accumulates: ClassVar[bool] = True

    start: float
    target: float
    direction: Direction | None = attrs.field(default=None, converter=_direction)
    plan: tuple[PlanPoint, ...] = attrs.field(default=(), converter=v.tuple_or_raw)

    def _parameter_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        ok = v.number(problems, "/start", self.start) & v.number(problems, "/target", self.target)
        if ok:
            problems.extend(self._plan_problems())
        if ok and self.target == self.start:
            problems.append(
                Problem(
                    codes.TARGET_EQUALS_START,
                    "/target",
                    f"target equals start ({self.target!r}), so progress is undefined",
                    "to keep a value at a level, use a threshold metric (at_least / at_most)",
                )
            )
        if ok and not math.isfinite(self.target - self.start):
            problems.append(span_beyond_range("start"))
        if self.direction is not None and v.choice(problems, "/direction", self.direction, Direction) and ok:
            rising = self.target > self.start
            if rising != (self.direction == Direction.INCREASE) and self.target != self.start:
                problems.append(
                    Problem(
                        codes.DIRECTION_CONFLICT,
                        "/direction",
                        f"direction {self.direction.value} disagrees with start {self.start!r} "
                        f"and target {self.target!r}",
                        "fix start and target, or the direction (or leave direction out: it follows from them)",
                    )
                )
        return problems

    def _plan_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if not v.sequence(problems, "/plan", self.plan):
            return problems
        rising = self.target > self.start
        last_date: datetime.date | None = None
        last_value: float = self.start
        for index, point in enumerate(self.plan):
            if not isinstance(point, PlanPoint):
                problems.append(
                    Problem(codes.WRONG_TYPE, f"/plan/{index}", f"expected a PlanPoint, got {v.describe(point)}")
                )
                return problems
            if last_date is not None and point.date <= last_date:
                problems.append(
                    Problem(
                        codes.PLAN_ORDER,
                        f"/plan/{index}/date",
                        f"plan point {index} is dated {point.date.isoformat()}, not after the one before it "
                        f"({last_date.isoformat()})",
                        "list the plan's points in date order, one per date",
                    )
                )
            if (point.value < last_value) if rising else (point.value > last_value):
                problems.append(
                    Problem(
                        codes.PLAN_ORDER,
                        f"/plan/{index}/value",
                        f"plan point {index} plans {point.value!r}, going back from {last_value!r} "
                        f"({'up' if rising else 'down'} from {self.start!r} to {self.target!r})",
                        "a plan never goes back: each value at or beyond the one before it, towards the target",
                    )
                )
            last_date, last_value = point.date, point.value
        return problems

    @property
    def span(self) -> float:
        """``|target - start|``, the size of the key result in its unit."""
        return abs(self.target - self.start)

    def progress(self, value: float | bool) -> float:
        return along(float(value), self.start, self.target)


@attrs.frozen(kw_only=True)
class ThresholdMetric(Metric):
    """Progress 1 when a value stays on the right side of a level, else 0.

    Give exactly one of ``at_least`` and ``at_most``. With ``strict=True``, a
    value equal to the level fails (Quantive's "should stay above" is strict).

    Examples
    --------
    >>> m = ThresholdMetric(at_least=99.9, unit="%")
    >>> m.progress(99.9), m.progress(99.0)
    (1.0, 0.0)
    >>> ThresholdMetric(at_most=5, strict=True).progress(5)
    0.0
    """

    type: ClassVar[str] = "threshold"
    accumulates: ClassVar[bool] = True

    at_least: float | None = None
    at_most: float | None = None
    strict: bool = False

    def _parameter_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        v.optional_number(problems, "/at_least", self.at_least)
        v.optional_number(problems, "/at_most", self.at_most)
        v.flag(problems, "/strict", self.strict)
        if (self.at_least is None) == (self.at_most is None):
            problems.append(
                Problem(
                    codes.MISSING_FIELD,
                    "",
                    "a threshold metric needs exactly one of at_least and at_most",
                    "e.g. {type: threshold, at_least: 99.9}; for a range use a band metric",
                )
            )
        return problems

    def progress(self, value: float | bool) -> float:
        if self.at_least is not None:
            met = value > self.at_least if self.strict else value >= self.at_least
        else:
            assert self.at_most is not None
            met = value < self.at_most if self.strict else value <= self.at_most
        return 1.0 if met else 0.0


@attrs.frozen(kw_only=True)
class BandMetric(Metric):
    """Progress 1 inside ``[low, high]``, falling linearly to 0 over ``tolerance`` outside.

    Outside the band, ``progress = max(0, 1 - distance / tolerance)`` where
    the distance is to the nearer bound (Qulture.Rocks' "keep value").

    Examples
    --------
    >>> m = BandMetric(low=5, high=5, tolerance=5)
    >>> [m.progress(x) for x in (5, 6, 7, 10)]
    [1.0, 0.8, 0.6, 0.0]
    """

    type: ClassVar[str] = "band"

    low: float
    high: float
    tolerance: float

    def _parameter_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        ok = v.number(problems, "/low", self.low) & v.number(problems, "/high", self.high)
        v.number(problems, "/tolerance", self.tolerance, above=0)
        if ok and self.low > self.high:
            problems.append(
                Problem(
                    codes.BAND_INVERTED,
                    "/low",
                    f"low {self.low!r} is above high {self.high!r}",
                    "swap low and high",
                )
            )
        return problems

    def progress(self, value: float | bool) -> float:
        if value < self.low:
            distance = self.low - value
        elif value > self.high:
            distance = value - self.high
        else:
            return 1.0
        return max(0.0, 1.0 - distance / self.tolerance)


@attrs.frozen(kw_only=True)
class MilestoneMetric(Metric):
    """A yes/no result: progress 1 when the check-in value is ``true``, else 0.

    Examples
    --------
    >>> MilestoneMetric().progress(True), MilestoneMetric().progress(False)
    (1.0, 0.0)
    """

    type: ClassVar[str] = "milestone"
    numeric: ClassVar[bool] = False

    def value_problems(self, value: object) -> list[Problem]:
        if isinstance(value, bool):
            return []
        return [
            Problem(
                codes.VALUE_TYPE,
                "/value",
                f"a milestone check-in is true or false, got {v.describe(value)}",
                "write true when the milestone is reached, false otherwise",
            )
        ]

    def progress(self, value: float | bool) -> float:
        return 1.0 if value is True else 0.0


def _steps_converter(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return tuple(tuple(step) if isinstance(step, (list, tuple)) else step for step in value)
    return value


@attrs.frozen(kw_only=True)
class StepsMetric(Metric):
    """Graded steps: the score of the last step whose value has been reached.

    ``steps`` is a sequence of ``(value, score)`` pairs with values strictly
    increasing or strictly decreasing; "reached" follows that direction.
    Before the first step, progress is 0. This is Google's graded key
    result ("launch six features": three launched scores 0.5).

    Examples
    --------
    >>> m = StepsMetric(steps=[(2, 0.3), (4, 0.7), (6, 1.0)])
    >>> [m.progress(x) for x in (1, 2, 5, 9)]
    [0.0, 0.3, 0.7, 1.0]
    >>> StepsMetric(steps=[(30, 0.5), (10, 1.0)]).progress(20)
    0.5
    """

    type: ClassVar[str] = "steps"
    accumulates: ClassVar[bool] = True

    steps: tuple[tuple[float, float], ...] = attrs.field(converter=_steps_converter)

    def _parameter_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        if not v.sequence(problems, "/steps", self.steps):
            return problems
        if not self.steps:
            problems.append(
                Problem(codes.MISSING_FIELD, "/steps", "steps is empty", "give at least one [value, score] pair")
            )
            return problems
        values: list[float] = []
        for index, step in enumerate(self.steps):
            path = f"/steps/{index}"
            if not (isinstance(step, tuple) and len(step) == 2):
                problems.append(
                    Problem(
                        codes.WRONG_TYPE,
                        path,
                        f"expected a [value, score] pair, got {v.describe(step)}",
                        "write [value, score]",
                    )
                )
                continue
            if v.number(problems, f"{path}/0", step[0]):
                values.append(step[0])
            v.number(problems, f"{path}/1", step[1])
        if len(values) == len(self.steps) > 1:
            rising = all(a < b for a, b in itertools.pairwise(values))
            falling = all(a > b for a, b in itertools.pairwise(values))
            if not (rising or falling):
                problems.append(
                    Problem(
                        codes.STEPS_NOT_MONOTONE,
                        "/steps",
                        f"step values {values} are not strictly increasing or strictly decreasing",
                        "order the steps by value, with no value repeated",
                    )
                )
        return problems

    def progress(self, value: float | bool) -> float:
        falling = len(self.steps) > 1 and self.steps[1][0] < self.steps[0][0]
        result = 0.0
        for level, score in self.steps:
            if (value <= level) if falling else (value >= level):
                result = float(score)
            else:
                break
        return result


def _params_converter(value: object) -> object:
    return freeze(value) if isinstance(value, Mapping) else value


@attrs.frozen(kw_only=True)
class CustomMetric(Metric):
    """A metric scored by a registered function: ``(value, params) -> progress``.

    Parameters
    ----------
    name : str
        The name the scorer was registered under
        (:meth:`Registry.scorer`).
    params : mapping
        Free parameters passed to the scorer, kept read-only.

    Examples
    --------
    >>> m = CustomMetric(name="logarithmic", params={"start": 1000, "target": 10000})
    >>> m.params["target"]
    10000
    """

    type: ClassVar[str] = "custom"

    name: str
    params: Mapping[str, Any] = attrs.field(default=EMPTY, converter=_params_converter, hash=False)

    def _parameter_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        v.identifier(problems, "/name", self.name)
        if not isinstance(self.params, Mapping):
            problems.append(Problem(codes.WRONG_TYPE, "/params", f"expected a mapping, got {v.describe(self.params)}"))
        else:
            v.free_form(problems, "/params", self.params)
        return problems

    def value_problems(self, value: object) -> list[Problem]:
        if isinstance(value, bool):
            return []
        return super().value_problems(value)

    def progress(self, value: float | bool) -> float:
        raise TypeError("a custom metric is scored through its registry; use goalgraph.score()")


@attrs.frozen(kw_only=True)
class RollupMetric(Metric):
    """No value of its own: progress aggregates the objectives aligned to the key result.

    This is how a team's objective drives a company key result (a KR-to-KR
    cascade). The aggregation uses the key result's objective's aggregator
    and the policy's missing-data rule.

    Examples
    --------
    >>> RollupMetric().type
    'rollup'
    """

    type: ClassVar[str] = "rollup"
    numeric: ClassVar[bool] = False

    def progress(self, value: float | bool) -> float:
        raise TypeError("a rollup metric has no value of its own; use goalgraph.score()")


METRIC_TYPES: Mapping[str, type[Metric]] = types.MappingProxyType(
    {
        cls.type: cls
        for cls in (LinearMetric, ThresholdMetric, BandMetric, MilestoneMetric, StepsMetric, CustomMetric, RollupMetric)
    }
)

"""Forecasts: the least-squares line through a key result's check-ins, followed to the cycle's end."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence

from goalgraph._core.arithmetic import scaled
from goalgraph._model.entities import Checkin

__all__ = ["Trend", "met_since", "reaches_target_on", "trend"]


class Trend:
    """A fitted line ``value = intercept + slope * (day - origin)``, days as proleptic ordinals."""

    __slots__ = ("intercept", "origin", "slope")

    def __init__(self, origin: int, intercept: float, slope: float) -> None:
        self.origin, self.intercept, self.slope = origin, intercept, slope

    def at(self, day: datetime.date) -> float:
        """The line's value on ``day``."""
        return self.intercept + self.slope * (day.toordinal() - self.origin)


def trend(checkins: Sequence[Checkin], start: datetime.date, end: datetime.date, as_of: datetime.date) -> Trend | None:
    """The least-squares line of value against date through the check-ins of a cycle.

    Only check-ins dated in the cycle and on or before ``as_of`` count; of
    several on one date, the later in the sequence (the one in force that
    day). ``None`` with fewer than two dates, or for non-numeric values.

    Examples
    --------
    >>> from datetime import date
    >>> line = trend([Checkin(date(2026, 1, 1), 10), Checkin(date(2026, 1, 11), 20), Checkin(date(2026, 1, 21), 30)],
    ...              date(2026, 1, 1), date(2026, 4, 10), date(2026, 2, 1))
    >>> line.at(date(2026, 4, 10))
    109.0
    """
    last = min(end, as_of)
    points: dict[int, float] = {}
    for checkin in checkins:
        if start <= checkin.date <= last:
            if isinstance(checkin.value, bool):
                return None
            points[checkin.date.toordinal()] = checkin.value
    if len(points) < 2:
        return None
    origin = min(points)
    xs = [day - origin for day in points]
    # Values near the float range are fitted divided by a power of two, and
    # the line scaled back: a line beyond the range is no forecast.
    ys, exponent = scaled(list(points.values()))
    mean_x = math.fsum(xs) / len(xs)
    mean_y = math.fsum(ys) / len(ys)
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    try:
        slope, intercept = math.ldexp(slope, exponent), math.ldexp(intercept, exponent)
    except OverflowError:
        return None
    if not (math.isfinite(slope) and math.isfinite(intercept)):
        return None
    return Trend(origin, intercept, slope)


def reaches_target_on(
    line: Trend, progress: Callable[[float], float], start: datetime.date, target: float | None = None
) -> datetime.date | None:
    """The first date, from ``start`` on, on which the line's progress reaches 1; ``None`` if never.

    ``progress`` must be monotone in the value (linear, threshold and steps
    metrics are), so that progress along a straight line is monotone in time
    and the first such date can be found by bisection over whole days.
    ``target``, the value at which progress reaches 1 when there is one,
    lets the search start where the line meets it; the answer is the same.

    Examples
    --------
    >>> from datetime import date
    >>> line = Trend(date(2026, 1, 1).toordinal(), 10.0, 1.0)
    >>> reaches_target_on(line, lambda value: value / 100, date(2026, 1, 1))
    datetime.date(2026, 4, 1)
    >>> reaches_target_on(Trend(line.origin, 10.0, 0.0), lambda value: value / 100, date(2026, 1, 1)) is None
    True
    """

    def reached(day: int) -> bool:
        value = line.intercept + line.slope * (day - line.origin)
        return math.isfinite(value) and progress(value) >= 1.0

    low, high = start.toordinal(), datetime.date.max.toordinal()
    if reached(low):
        return start
    if not reached(high):
        return None
    if target is not None and line.slope:
        # Where the line meets the target, the answer is usually the next
        # whole day; the bisection below settles any other case.
        near = line.origin + (target - line.intercept) / line.slope
        if math.isfinite(near) and low < near < high:
            guess = min(max(math.ceil(near), low + 1), high)
            if reached(guess) and not reached(guess - 1):
                return datetime.date.fromordinal(guess)
    while high - low > 1:  # reached(high) and not reached(low)
        middle = (low + high) // 2
        if reached(middle):
            high = middle
        else:
            low = middle
    return datetime.date.fromordinal(high)


def met_since(
    checkins: Sequence[Checkin], progress: Callable[[float], float], start: datetime.date, as_of: datetime.date
) -> datetime.date | None:
    """The date of the first check-in from ``start`` to ``as_of`` whose value reaches the target.

    Of several check-ins on one date, the later in the sequence counts (the
    one in force that day); ``None`` when none reaches it.

    Examples
    --------
    >>> from datetime import date
    >>> checkins = [Checkin(date(2026, 1, 20), 80), Checkin(date(2026, 1, 10), 100), Checkin(date(2026, 1, 10), 90)]
    >>> met_since(checkins, lambda value: value / 80, date(2026, 1, 1), date(2026, 2, 1))
    datetime.date(2026, 1, 10)
    >>> met_since(checkins, lambda value: value / 95, date(2026, 1, 1), date(2026, 2, 1)) is None
    True
    """
    in_force: dict[datetime.date, float] = {}
    for checkin in checkins:
        if start <= checkin.date <= as_of:
            in_force[checkin.date] = checkin.value
    return next((day for day in sorted(in_force) if progress(in_force[day]) >= 1.0), None)

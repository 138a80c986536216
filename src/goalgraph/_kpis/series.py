"""KPI series: measurements bucketed by period, their changes, and the test for one series leading another.

The statistics behind the empirical leading/lagging classification of
KPIs, which the KPIs page of the docs explains. Pure functions of check-ins, periods and numbers; which KPI pairs
are compared, and what the answer means for a KPI's kind, is decided by the
caller.

The decision rule
-----------------
Two KPIs are compared on their common (coarser) frequency. Each series is
reduced to the last measurement in every period (:func:`bucketed`) and then
to its period-to-period changes (:func:`changes`). The Pearson correlation
of the two change series is computed at every lag ``k`` in ``0..L`` and in
both directions -- "x leads y" pairs ``x[p]`` with ``y[p + k]``, "y leads x"
pairs ``y[p]`` with ``x[p + k]``; lag 0 once -- which is ``2L + 1`` tests
(13 for the default ``L = 6``). :func:`lead` reports a lead when the
strongest ``|r|`` sits at a lag ``k >= 1`` and exceeds the two-sided
critical value ``z / sqrt(n)``, with ``z`` Bonferroni-corrected for all the
tests tried (:func:`critical_value`). With fewer than 12 common periods it
makes no claim.

Why this shape
--------------
Changes, not levels: any two series that both grow correlate strongly at
every lag, whether or not one drives the other; differencing removes such
shared trends. Bonferroni, not the plain ``2 / sqrt(n)`` band: trying 13
lag/direction combinations against the uncorrected band claims a lead in
roughly half of all pairs of unrelated series.

The answer is advisory. Correlation is not causation: a lead found here may
come from a common cause, a reporting delay or chance, and one that exists
may be masked by noise. Indicator programmes such as the OECD's composite
leading indicators choose their components on economic reasoning, breadth
and timeliness as well as on correlation; so should a user of these results.
"""

from __future__ import annotations

import datetime
import math
import statistics
import types
from collections.abc import Mapping, Sequence

import attrs

from goalgraph._core.arithmetic import scaled
from goalgraph._model.entities import Checkin, Frequency

__all__ = [
    "COARSENESS",
    "Lead",
    "bucketed",
    "changes",
    "common_frequency",
    "critical_value",
    "lead",
    "period",
]

#: Frequencies from finest to coarsest: a larger number is a coarser frequency.
COARSENESS: Mapping[Frequency, int] = types.MappingProxyType(
    {
        Frequency.DAILY: 0,
        Frequency.WEEKLY: 1,
        Frequency.MONTHLY: 2,
        Frequency.QUARTERLY: 3,
        Frequency.YEARLY: 4,
    }
)


def period(day: datetime.date, frequency: Frequency) -> int:
    """The index of the period of ``frequency`` that holds ``day``; consecutive periods differ by 1.

    Weeks are ISO weeks, Monday to Sunday; months, quarters and years are
    calendar ones.

    Parameters
    ----------
    day : datetime.date
    frequency : Frequency

    Returns
    -------
    int
        Comparable only between days bucketed at the same frequency.

    Examples
    --------
    >>> from datetime import date
    >>> period(date(2026, 12, 31), Frequency.MONTHLY) + 1 == period(date(2027, 1, 1), Frequency.MONTHLY)
    True
    >>> period(date(2026, 12, 28), Frequency.WEEKLY) == period(date(2027, 1, 3), Frequency.WEEKLY)  # Mon, Sun
    True
    >>> period(date(2026, 8, 15), Frequency.QUARTERLY) - period(date(2026, 1, 1), Frequency.QUARTERLY)
    2
    """
    frequency = Frequency(frequency)
    if frequency is Frequency.DAILY:
        return day.toordinal()
    if frequency is Frequency.WEEKLY:
        # Ordinal 1 (0001-01-01) is a Monday, so the Monday of every week is a multiple of 7 plus 1.
        return (day.toordinal() - day.weekday()) // 7
    if frequency is Frequency.MONTHLY:
        return day.year * 12 + day.month - 1
    if frequency is Frequency.QUARTERLY:
        return day.year * 4 + (day.month - 1) // 3
    return day.year


def common_frequency(a: Frequency, b: Frequency) -> Frequency:
    """The coarser of two frequencies: the one on which both series can be compared.

    Examples
    --------
    >>> common_frequency(Frequency.WEEKLY, Frequency.MONTHLY)
    <Frequency.MONTHLY: 'monthly'>
    >>> common_frequency(Frequency.DAILY, Frequency.DAILY)
    <Frequency.DAILY: 'daily'>
    """
    a, b = Frequency(a), Frequency(b)
    return b if COARSENESS[b] > COARSENESS[a] else a


def bucketed(checkins: Sequence[Checkin], frequency: Frequency, as_of: datetime.date | None = None) -> dict[int, float]:
    """A KPI's series at ``frequency``: the last measurement in each period, keyed by :func:`period`.

    The last measurement is the latest dated one; of several on the same
    date, the later in the sequence (as in
    :func:`~goalgraph._time.timeline.current_checkin`). Measurements dated after
    ``as_of``, when given, are ignored.

    Parameters
    ----------
    checkins : sequence of Checkin
    frequency : Frequency
    as_of : datetime.date, optional

    Returns
    -------
    dict of int to float
        Periods in ascending order; periods without a measurement are absent.

    Raises
    ------
    ValueError
        If a measurement is a boolean: a KPI is measured in numbers.

    Examples
    --------
    >>> from datetime import date
    >>> cs = [Checkin(date(2026, 1, 5), 10), Checkin(date(2026, 1, 31), 12), Checkin(date(2026, 3, 2), 15)]
    >>> bucketed(cs, Frequency.MONTHLY)
    {24312: 12, 24314: 15}
    >>> bucketed(cs, Frequency.MONTHLY, as_of=date(2026, 1, 30))
    {24312: 10}
    """
    last: dict[int, tuple[datetime.date, float]] = {}
    for checkin in checkins:
        if isinstance(checkin.value, bool):
            raise ValueError(f"KPI measurements must be numbers, got {checkin.value!r} on {checkin.date.isoformat()}")
        if as_of is not None and checkin.date > as_of:
            continue
        key = period(checkin.date, frequency)
        held = last.get(key)
        if held is None or checkin.date >= held[0]:
            last[key] = (checkin.date, checkin.value)
    return {key: last[key][1] for key in sorted(last)}


def changes(series: Mapping[int, float]) -> dict[int, float]:
    """Period-to-period changes: ``series[p] - series[p - 1]`` for every ``p`` whose predecessor is present.

    A missing period breaks the chain: the change across a gap spans more
    than one period and is left out rather than mixed with one-period
    changes. A series near the float range (``1e308`` then ``-1e308``) is
    divided by one power of two first, so that no change overflows: the
    changes feed a correlation, which does not depend on the scale.

    Examples
    --------
    >>> changes({1: 10.0, 2: 12.0, 3: 11.0, 5: 20.0, 6: 21.5})
    {2: 2.0, 3: -1.0, 6: 1.5}
    """
    periods = sorted(series)
    values = dict(zip(periods, scaled([series[p] for p in periods])[0], strict=True))
    return {p: values[p] - values[p - 1] for p in periods if p - 1 in values}


def critical_value(n: int, tests: int, alpha: float = 0.05) -> float:
    """The two-sided critical ``|r|`` for ``n`` pairs, Bonferroni-corrected for ``tests`` tests.

    ``z / sqrt(n)`` with ``z`` the standard normal quantile of
    ``1 - alpha / (2 * tests)``.

    Parameters
    ----------
    n : int
        Number of pairs the correlation is computed from, at least 1.
    tests : int
        Number of correlations tried, at least 1.
    alpha : float, default 0.05
        Family-wise false-positive rate, in (0, 1).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If an argument is out of range.

    Notes
    -----
    Under independence a sample cross-correlation is approximately normal
    with standard error ``1 / sqrt(n)`` when at least one series is white
    noise (Bartlett's formula, as used to identify transfer functions in
    Box and Jenkins, *Time Series Analysis*). The Bonferroni correction
    bounds the chance that any of the ``tests`` correlations crosses the
    band by ``alpha``.

    Examples
    --------
    >>> round(critical_value(1, tests=13), 3)  # z for 13 tests at alpha = 0.05
    2.891
    >>> round(critical_value(36, tests=13), 3)
    0.482
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n!r}")
    if tests < 1:
        raise ValueError(f"tests must be at least 1, got {tests!r}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")
    z = statistics.NormalDist().inv_cdf(1 - alpha / (2 * tests))
    return z / math.sqrt(n)


@attrs.frozen(kw_only=True)
class Lead:
    """A significant lead of one change series over another, found by :func:`lead`.

    Parameters
    ----------
    leader : str
        ``"x"`` or ``"y"``: which of the two series moves first.
    lag : int
        Lead time in periods, at least 1.
    r : float
        Pearson correlation of the leader's changes with the follower's
        changes ``lag`` periods later.
    n : int
        Number of pairs ``r`` is computed from.
    critical : float
        The corrected critical ``|r|`` that ``|r|`` exceeds.
    tests : int
        Number of lag/direction combinations tried.

    Examples
    --------
    >>> found = Lead(leader="x", lag=2, r=0.71, n=30, critical=0.53, tests=13)
    >>> found.leader, found.lag
    ('x', 2)
    """

    leader: str
    lag: int
    r: float
    n: int
    critical: float
    tests: int


def _pairs(leader: Mapping[int, float], follower: Mapping[int, float], lag: int) -> tuple[list[float], list[float]]:
    """The leader's changes and the follower's ``lag`` periods later, over periods present in both."""
    firsts: list[float] = []
    seconds: list[float] = []
    for p in sorted(leader):
        if p + lag in follower:
            firsts.append(leader[p])
            seconds.append(follower[p + lag])
    return firsts, seconds


def _correlation(firsts: list[float], seconds: list[float]) -> float | None:
    """Pearson r, or ``None`` when it is undefined (a constant side)."""
    # Rounding in the mean can leave a constant series a tiny non-zero
    # spread, so constancy is checked on the values before correlating.
    if len(set(firsts)) < 2 or len(set(seconds)) < 2:
        return None
    try:
        r = statistics.correlation(firsts, seconds)
    except statistics.StatisticsError:
        return None
    return r if math.isfinite(r) else None


def lead(
    x: Mapping[int, float],
    y: Mapping[int, float],
    *,
    max_lag: int = 6,
    min_periods: int = 12,
    alpha: float = 0.05,
) -> Lead | None:
    """Whether one change series leads the other: the strongest lagged correlation, if significant.

    ``x`` and ``y`` are change series (outputs of :func:`changes`) on the
    same frequency. For every lag ``k`` in ``0..max_lag`` and both
    directions -- "x leads y" pairs ``x[p]`` with ``y[p + k]``, "y leads x"
    pairs ``y[p]`` with ``x[p + k]``, lag 0 once -- the Pearson ``r`` of
    the pairs is computed. Combinations with fewer than ``min_periods``
    pairs, or with a constant side, are skipped. The strongest ``|r|``
    wins (ties: the smaller lag, then x before y).

    Parameters
    ----------
    x, y : mapping of int to float
        Period index to the change in that period.
    max_lag : int, default 6
        Longest lead tried, in periods.
    min_periods : int, default 12
        Fewest common periods (at lag 0) and fewest pairs (at any lag) for
        a claim; at least 2.
    alpha : float, default 0.05
        Family-wise false-positive rate across the ``2 * max_lag + 1``
        combinations tried.

    Returns
    -------
    Lead or None
        A :class:`Lead` when the strongest ``|r|`` is at a lag of 1 or more
        and exceeds :func:`critical_value` for its ``n`` and
        ``2 * max_lag + 1`` tests; ``None`` when it is at lag 0, is not
        significant, when nothing could be tested, or when the series share
        fewer than ``min_periods`` periods.

    Raises
    ------
    ValueError
        If ``max_lag`` is negative or ``min_periods`` is below 2.

    Notes
    -----
    The result is advisory; see the module documentation for why changes
    and a Bonferroni-corrected band are used, and for what a lead found
    this way does and does not show.

    Examples
    --------
    >>> import random
    >>> rng = random.Random(1)
    >>> x = {p: rng.gauss(0, 1) for p in range(40)}
    >>> y = {p: x[p - 2] + rng.gauss(0, 0.3) for p in range(2, 40)}
    >>> found = lead(x, y)
    >>> found.leader, found.lag, found.n, found.r > found.critical
    ('x', 2, 38, True)
    >>> lead(y, x).leader
    'y'
    >>> lead(x, {p: rng.gauss(0, 1) for p in range(40)}) is None
    True
    """
    if max_lag < 0:
        raise ValueError(f"max_lag must be 0 or more, got {max_lag!r}")
    if min_periods < 2:
        raise ValueError(f"min_periods must be at least 2, got {min_periods!r}")
    if len(x.keys() & y.keys()) < min_periods:
        return None
    tests = 2 * max_lag + 1
    best: tuple[float, str, int, int] | None = None  # (r, leader, lag, n)
    for lag in range(max_lag + 1):
        for leader, first, second in (("x", x, y), ("y", y, x)):
            if lag == 0 and leader == "y":
                continue
            firsts, seconds = _pairs(first, second, lag)
            if len(firsts) < min_periods:
                continue
            r = _correlation(firsts, seconds)
            # Strictly stronger only, so ties keep the earlier: smaller lag, then x.
            if r is not None and (best is None or abs(r) > abs(best[0])):
                best = (r, leader, lag, len(firsts))
    if best is None:
        return None
    r, leader, lag, n = best
    critical = critical_value(n, tests, alpha)
    if lag == 0 or abs(r) <= critical:
        return None
    return Lead(leader=leader, lag=lag, r=r, n=n, critical=critical, tests=tests)

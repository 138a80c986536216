"""The time layer over a scoring pass: expected score, status, rolled status, grade band, forecast.

A :class:`~goalgraph.Scorecard` asks for these when a result is read. Each
node's own figures cost a few operations; the rolled status and the forecast
of a node depend on all its contributors, so they are worked out over the
node's contributors only, once each, and kept: reading a few results of a
large graph does not pay for the rest.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable

from goalgraph._model.entities import ObjectiveKind
from goalgraph._model.metrics import BandMetric, LinearMetric, StepsMetric, ThresholdMetric
from goalgraph._model.policy import Missing, Policy
from goalgraph._scoring import compiled as _compiled
from goalgraph._time import timeline
from goalgraph._time.forecast import Trend, met_since, reaches_target_on, trend
from goalgraph._time.status import GradeBand, Status, grade_band, status, worst

__all__ = ["Outlook"]

# Metrics whose progress is monotone in the value, so that a straight line
# reaches the target on one first date; band metrics are forecast too, but
# have no such date.
_MONOTONE = (LinearMetric, ThresholdMetric, StepsMetric)
_FORECAST = (*_MONOTONE, BandMetric)


class Outlook:
    """Expected scores, statuses and forecasts of one pass, worked out on demand."""

    def __init__(
        self, plan: _compiled.Plan, values: _compiled.Values, scores: _compiled.Scores, policy: Policy
    ) -> None:
        self.plan, self.values, self.scores, self.policy = plan, values, scores, policy
        count = len(plan.structure.ids)
        self.statuses: list[Status | None] = [None] * count
        self.rolled: list[Status | None] = [None] * count
        # Phased targets: which nodes are planned, at any depth (None: not worked out yet; empty: no
        # plan anywhere), and the expected scores that follow from the plans.
        self.planning: list[bool] | None = None
        self.planned_expected: list[float | None] = [None] * count
        # Expected scores by cycle and kind: most nodes share a few.
        self.expectations: dict[tuple[datetime.date, datetime.date, ObjectiveKind], float] = {}
        # Forecasts: each key result's trend line (None: none), the values
        # the forecast pass reads (the line at the cycle's end where there
        # is one, the current value elsewhere), and that pass's scores.
        self.forecast_ready = [False] * count
        self.has_trend = [False] * count
        self.lines: list[Trend | None] = [None] * count
        self.forecast_values: _compiled.Values | None = None
        self.forecast_scores = _compiled.Scores(count)

    def expected(self, i: int) -> float:
        """The score node ``i`` is expected to have by the scoring date.

        A key result with a plan: the score of its planned value. A node
        with a planned contributor, at any depth: its own aggregate of its
        contributors' expected scores. Any other: the elapsed part of the
        cycle times the expectation for the objective's kind (or the pace
        curve at it).
        """
        planning = self.planning
        if planning is None:
            planning = self.planning = self._planning()
        if planning and planning[i]:
            return self._planned_expected(i)
        return self._time_expected(i)

    def planned(self, i: int) -> float | None:
        """The value key result ``i``'s plan expects by the scoring date; ``None`` without a plan."""
        metric = self.plan.structure.metrics[i]
        if not isinstance(metric, LinearMetric) or not metric.plan:
            return None
        start, end = self.plan.structure.periods[i]
        return timeline.planned(metric.plan, metric.start, start, end, self.values.as_of)

    def _planning(self) -> list[bool]:
        """Which nodes have a plan of their own or below them (empty: no plan anywhere)."""
        structure = self.plan.structure
        if not structure.planned:
            return []
        below = [False] * len(structure.ids)
        children, aggregators = structure.children, self.plan.aggregators
        for i, metric in enumerate(structure.metrics):  # positions are topological: contributors first
            if isinstance(metric, LinearMetric):
                below[i] = bool(metric.plan)
            elif aggregators[i] is not None:  # an objective or a rollup key result: its contributors count
                below[i] = any(below[c] for c in children[i])
        return below

    def _planned_expected(self, i: int) -> float:
        plan, structure, found = self.plan, self.plan.structure, self.planned_expected
        missing = self.policy.missing
        planning = self.planning
        assert planning is not None
        for n in self._pending(i, lambda n: found[n] is not None or not planning[n]):
            value = self.planned(n)
            if value is not None:
                metric = structure.metrics[n]
                assert metric is not None
                progress = metric.progress(value)
                found[n] = 1.0 if progress > 1.0 else 0.0 if progress < 0.0 else progress
                continue
            aggregator = plan.aggregators[n]
            assert aggregator is not None
            items = [
                (structure.ids[c], w, self._expected_of(c))
                for c, w in zip(structure.children[n], plan.weights[n], strict=True)
                if missing != Missing.SKIP or self.scores.scores[c] is not None
            ]
            got = _compiled.aggregate(aggregator, items, missing, structure.ids[n], " (its expected score)")
            found[n] = self._time_expected(n) if got is None else got
        result = found[i]
        assert result is not None
        return result

    def _expected_of(self, c: int) -> float:
        planning = self.planning
        assert planning is not None
        if planning[c]:
            found = self.planned_expected[c]
            assert found is not None  # worked out before its parents
            return found
        return self._time_expected(c)

    def _time_expected(self, i: int) -> float:
        structure = self.plan.structure
        start, end = key = structure.periods[i]
        kind = structure.objective_kinds[i]
        found = self.expectations.get((start, end, kind))
        if found is None:
            fraction = timeline.elapsed(start, end, self.values.as_of)
            found = timeline.expected(fraction, self.policy.expectation(kind), self.policy.pace)
            self.expectations[(*key, kind)] = found
        return found

    def status(self, i: int) -> Status:
        """Node ``i``'s own status."""
        found = self.statuses[i]
        if found is None:
            started = self.values.as_of >= self.plan.structure.periods[i][0]
            bands = self.policy.status_bands
            found = self.statuses[i] = status(self.scores.scores[i], self.expected(i), started=started, bands=bands)
        return found

    def grade_band(self, i: int) -> GradeBand | None:
        """The colour of node ``i``'s score."""
        return grade_band(self.scores.scores[i], self.policy.grade_bands)

    def rolled_status(self, i: int) -> Status:
        """The worst status among node ``i`` and, transitively, its contributors."""
        children = self.plan.structure.children
        rolled = self.rolled
        for n in self._pending(i, lambda n: rolled[n] is not None):
            rolled[n] = worst(self.status(n), [r for c in children[n] if (r := rolled[c]) is not None])
        result = rolled[i]
        assert result is not None
        return result

    def forecast(self, i: int) -> tuple[float | None, float | None, datetime.date | None] | None:
        """``(progress, score, reaches_target_on)`` at the end of node ``i``'s cycle, or ``None``.

        A key result has a forecast when at least two of its check-ins (on
        different dates) fall in its cycle on or before the scoring date and
        its metric is linear, threshold, band or steps. An objective (or a
        rollup key result) has one when a contributor has, and its forecast
        rolls up the contributors' with the same aggregators and policy,
        contributors without a forecast entering with their current score.
        A node whose cycle has ended by the scoring date has none: its
        outcome is known, and it enters its parents' forecasts as it stands.
        """
        plan = self.plan
        structure = plan.structure
        if self.forecast_values is None:
            self.forecast_values = _copy_values(self.values)
        ready, has_trend = self.forecast_ready, self.has_trend
        now, then = self.scores, self.forecast_scores
        day = self.values.as_of
        for n in self._pending(i, ready.__getitem__):
            if day > structure.periods[n][1]:
                has_trend[n] = False
            else:
                line = self._line(n)
                has_trend[n] = line is not None or any(has_trend[c] for c in structure.children[n])
            if has_trend[n]:
                _compiled.score_node(plan, self.forecast_values, self.policy.missing, then, n)
            else:
                # Nothing moves below this node: its forecast inputs are today's, and so is
                # its result, which is copied rather than computed again (a custom scorer
                # is called once per node and date, however slow it is).
                then.scores[n], then.progress[n], then.computed[n] = now.scores[n], now.progress[n], now.computed[n]
            ready[n] = True
        if not has_trend[i]:
            return None
        line = self.lines[i]
        metric = structure.metrics[i]
        reaches = None
        if line is not None and isinstance(metric, _MONOTONE):
            reaches = self._reaches(i, line, metric)
        return self.forecast_scores.progress[i], self.forecast_scores.scores[i], reaches

    def _reaches(
        self, i: int, line: Trend, metric: LinearMetric | ThresholdMetric | StepsMetric
    ) -> datetime.date | None:
        """When key result ``i`` reaches its target: never before the check-ins the line is fitted on.

        Met as of the scoring date: the first check-in of the cycle that met
        it (the line may run back below the target, for a threshold that is
        met and falling). Not met: the first day after the scoring date on
        which the line reaches it, or ``None``.
        """
        day = self.values.as_of
        progress = self.scores.progress[i]
        if progress is not None and progress >= 1.0:
            start = self.plan.structure.periods[i][0]
            return met_since(self.values.histories[i], metric.progress, start, day)
        if day == datetime.date.max:
            return None  # no day after it
        target = metric.target if isinstance(metric, LinearMetric) else None
        return reaches_target_on(line, metric.progress, day + datetime.timedelta(days=1), target)

    def _line(self, n: int) -> Trend | None:
        """Key result ``n``'s trend line, recording its end-of-cycle value for the forecast pass."""
        structure = self.plan.structure
        metric = structure.metrics[n]
        if not isinstance(metric, _FORECAST):
            return None
        start, end = structure.periods[n]
        line = trend(self.values.histories[n], start, end, self.values.as_of)
        if line is None:
            return None
        value = line.at(end)
        if not (math.isfinite(value) and math.isfinite(metric.progress(value))):
            return None
        assert self.forecast_values is not None
        self.forecast_values.values[n] = value
        self.lines[n] = line
        return line

    def _pending(self, i: int, done: Callable[[int], bool]) -> list[int]:
        """Node ``i`` and its contributors, transitively, that are not ``done`` yet, contributors first."""
        children = self.plan.structure.children
        if done(i):
            return []
        if all(done(c) for c in children[i]):
            return [i]
        seen = {i}
        stack = [i]
        while stack:
            n = stack.pop()
            for c in children[n]:
                if c not in seen and not done(c):
                    seen.add(c)
                    stack.append(c)
        return sorted(seen)  # positions are in topological order: contributors first


def _copy_values(values: _compiled.Values) -> _compiled.Values:
    copy = object.__new__(_compiled.Values)
    copy.as_of, copy.values, copy.histories = values.as_of, values.values[:], values.histories
    return copy

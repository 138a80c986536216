"""Policy: the organisation-wide settings that scoring follows."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.errors import Problem
from goalgraph._core.frozen import FrozenDict
from goalgraph._model.entities import ObjectiveKind

__all__ = ["Missing", "Policy"]


class Missing(StrEnum):
    """How a rollup treats a contributor with no score.

    ``zero``: counted as 0 (no progress reported is no progress).
    ``skip``: left out, the remaining weights renormalised.
    ``propagate``: the parent has no score either.

    Examples
    --------
    >>> Missing("skip") is Missing.SKIP
    True
    """

    ZERO = "zero"
    SKIP = "skip"
    PROPAGATE = "propagate"


def _missing(value: Any) -> Any:
    return v.to_enum(Missing, value)


DEFAULT_EXPECTATIONS: Mapping[ObjectiveKind, float] = FrozenDict(
    {ObjectiveKind.COMMITTED: 1.0, ObjectiveKind.ASPIRATIONAL: 0.7}
)


def _expectations(value: Any) -> Any:
    # Kinds left out keep their defaults; the keys become ObjectiveKind.
    if not isinstance(value, Mapping):
        return value
    merged: dict[Any, Any] = dict(DEFAULT_EXPECTATIONS)
    merged.update((v.to_enum(ObjectiveKind, kind), number) for kind, number in value.items())
    return FrozenDict(merged)


def _pairs(value: Any) -> Any:
    # A list of lists (as JSON or YAML gives) becomes a tuple of tuples.
    if isinstance(value, (list, tuple)):
        return tuple(tuple(item) if isinstance(item, (list, tuple)) else item for item in value)
    return value


@attrs.frozen(kw_only=True)
class Policy:
    """Settings for scoring: missing data, the default aggregator, expectations and bands.

    Parameters
    ----------
    missing : Missing, default ``zero``
        What a rollup does with a contributor that has no score.
    aggregator : str, default ``weighted_mean``
        The aggregator for objectives that name none (``rollup:``).
    expectations : mapping
        From :class:`ObjectiveKind` (or its name) to a number:
        the score expected at the end of the cycle, by objective kind, each
        in (0, 1]: ``committed`` 1.0 and ``aspirational`` 0.7 by default
        (kinds left out keep theirs). Key results take their objective's.
    pace : sequence of tuple, optional
        A pace curve: points ``(fraction of the cycle, fraction of the
        expectation)``, interpolated linearly, from ``(0, 0)`` to ``(1, 1)``
        with fractions of the cycle strictly increasing and of the
        expectation never decreasing. Default: the straight line.
    status_bands : tuple of float, default ``(0.10, 0.25)``
        How far behind the expected score a node may be and still be
        ``on_track``, and ``at_risk``; beyond, ``off_track``.
        ``0 <= first <= second <= 1``.
    grade_bands : tuple of float, default ``(0.4, 0.7)``
        Where ``yellow`` and ``green`` start; below the first, ``red``.
        ``0 <= first <= second <= 1``.

    Raises
    ------
    ValidationError
        Listing every invalid setting, each with its path (``/pace/1``).

    Examples
    --------
    >>> Policy(missing="skip").missing
    <Missing.SKIP: 'skip'>
    >>> Policy().aggregator
    'weighted_mean'
    >>> Policy(expectations={"aspirational": 0.6}).expectations["committed"]
    1.0
    >>> Policy(pace=[[0, 0], [0.5, 0.25], [1, 1]]).pace
    ((0, 0), (0.5, 0.25), (1, 1))
    """

    missing: Missing = attrs.field(default=Missing.ZERO, converter=_missing)
    aggregator: str = "weighted_mean"
    expectations: Mapping[ObjectiveKind, float] = attrs.field(
        default=DEFAULT_EXPECTATIONS, converter=_expectations, hash=False
    )
    pace: tuple[tuple[float, float], ...] | None = attrs.field(default=None, converter=_pairs)
    status_bands: tuple[float, float] = attrs.field(default=(0.10, 0.25), converter=_pairs)
    grade_bands: tuple[float, float] = attrs.field(default=(0.4, 0.7), converter=_pairs)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        v.choice(problems, "/missing", self.missing, Missing)
        v.identifier(problems, "/aggregator", self.aggregator)
        _check_expectations(problems, self.expectations)
        if self.pace is not None:
            _check_pace(problems, self.pace)
        _check_bands(problems, "/status_bands", self.status_bands, ("on_track", "at_risk"))
        _check_bands(problems, "/grade_bands", self.grade_bands, ("yellow", "green"))
        v.fail_if(problems, v.made(self))

    def expectation(self, kind: ObjectiveKind) -> float:
        """The score expected at the end of a cycle for an objective of ``kind``.

        Examples
        --------
        >>> Policy().expectation(ObjectiveKind.ASPIRATIONAL)
        0.7
        """
        return self.expectations[kind]


def _check_expectations(problems: list[Problem], expectations: object) -> None:
    if not isinstance(expectations, Mapping):
        problems.append(
            Problem(
                codes.WRONG_TYPE,
                "/expectations",
                f"expected a mapping of objective kind to number, got {v.describe(expectations)}",
                "write {committed: 1.0, aspirational: 0.7}",
            )
        )
        return
    for kind, number in expectations.items():
        path = f"/expectations/{v.escape(str(kind))}"
        if v.choice(problems, path, kind, ObjectiveKind):
            v.number(problems, path, number, above=0, maximum=1)


def _check_pace(problems: list[Problem], pace: object) -> None:
    if not isinstance(pace, tuple) or not all(isinstance(p, tuple) and len(p) == 2 for p in pace):
        problems.append(
            Problem(
                codes.WRONG_TYPE,
                "/pace",
                f"expected a list of [fraction of cycle, fraction of expectation] pairs, got {v.describe(pace)}",
                "write pace: [[0, 0], [0.5, 0.3], [1, 1]]",
            )
        )
        return
    numbers_ok = True
    for index, (x, y) in enumerate(pace):
        ok_x = v.number(problems, f"/pace/{index}/0", x, minimum=0, maximum=1)
        ok_y = v.number(problems, f"/pace/{index}/1", y, minimum=0, maximum=1)
        numbers_ok = numbers_ok and ok_x and ok_y
    if not numbers_ok:
        return
    if len(pace) < 2 or pace[0] != (0, 0) or pace[-1] != (1, 1):
        problems.append(
            Problem(
                codes.OUT_OF_RANGE,
                "/pace",
                "the pace curve must run from [0, 0] to [1, 1]",
                "start it with [0, 0] and end it with [1, 1]: no progress is expected before the cycle, "
                "all of the expectation at its end",
            )
        )
    for index in range(1, len(pace)):
        (x0, y0), (x1, y1) = pace[index - 1], pace[index]
        if x1 <= x0 or y1 < y0:
            problems.append(
                Problem(
                    codes.STEPS_NOT_MONOTONE,
                    f"/pace/{index}",
                    f"point {list(pace[index])} does not follow {list(pace[index - 1])}: the fraction of the cycle "
                    "must increase and the fraction of the expectation must not decrease",
                    "order the points by fraction of the cycle, each expecting at least as much as the one before",
                )
            )


def _check_bands(problems: list[Problem], path: str, bands: object, names: tuple[str, str]) -> None:
    if not isinstance(bands, tuple) or len(bands) != 2:
        problems.append(
            Problem(
                codes.WRONG_TYPE,
                path,
                f"expected two numbers ({names[0]}, {names[1]}), got {v.describe(bands)}",
                "write two numbers in [0, 1], the first not above the second",
            )
        )
        return
    ok_low = v.number(problems, f"{path}/0", bands[0], minimum=0, maximum=1)
    ok_high = v.number(problems, f"{path}/1", bands[1], minimum=0, maximum=1)
    if ok_low and ok_high and bands[0] > bands[1]:
        problems.append(
            Problem(
                codes.BAND_INVERTED,
                path,
                f"the {names[0]} band edge {bands[0]} is above the {names[1]} one {bands[1]}",
                "put the bands in order: the first not above the second",
            )
        )

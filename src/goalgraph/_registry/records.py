"""What a registry holds: the records of scorers, aggregators and check rules, and its error."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TypeVar

import attrs

from goalgraph._core.errors import GoalGraphError
from goalgraph._core.frozen import FrozenDict
from goalgraph._model.contribution import Contribution
from goalgraph._model.findings import Severity, severity

__all__ = [
    "Aggregator",
    "AggregatorFunction",
    "CheckRule",
    "RegistrationError",
    "ScorerFunction",
    "ScoringRule",
    "Weighting",
]

ScorerFunction = Callable[[Any, Mapping[str, Any]], "float | None"]
AggregatorFunction = Callable[[Sequence[Contribution]], "float | None"]
F = TypeVar("F", bound=Callable[..., Any])


class RegistrationError(GoalGraphError, ValueError):
    """A name registered twice without ``replace=True``, or an unknown name looked up.

    Examples
    --------
    >>> from goalgraph import Registry
    >>> registry = Registry()
    >>> try:
    ...     registry.aggregator("mean")(lambda contributions: 0.5)
    ... except RegistrationError as err:
    ...     print(err)
    aggregator 'mean' is already registered; pass replace=True to replace it
    """

    __module__ = "goalgraph"  # tracebacks name it as users import it, not by its private module


class Weighting(StrEnum):
    """Which weights an aggregator receives.

    ``edge``: the key result's or link's weight. ``value``: that weight
    multiplied by each linear key result's size ``|target - start|``.

    Examples
    --------
    >>> Weighting.VALUE == "value"
    True
    """

    EDGE = "edge"
    VALUE = "value"


@attrs.frozen
class ScoringRule:
    """A registered scorer and what it declares about itself.

    Parameters
    ----------
    name : str
    function : callable
        ``(value, params) -> progress``, a float or ``None`` (no score).
    bounded : bool
        ``True`` when the function promises progress in [0, 1]; a value
        outside then fails closed. Unbounded scorers may return any finite
        progress, which the score clamps.

    Examples
    --------
    >>> from goalgraph import default_registry
    >>> default_registry.scorers["logarithmic"].bounded
    False
    """

    name: str
    function: ScorerFunction
    bounded: bool = True


@attrs.frozen
class Aggregator:
    """A registered aggregator and the laws it declares.

    Parameters
    ----------
    name : str
    function : callable
        ``(contributions) -> score``, a float in [0, 1] or ``None``.
    monotone : bool
        Raising one contributor's score never lowers the result.
    mean_like : bool
        The result lies between the lowest and the highest contributor.
    weighting : Weighting
        Which weights the function receives.

    Examples
    --------
    >>> from goalgraph import default_registry
    >>> default_registry.aggregators["min"].mean_like
    True
    """

    name: str
    function: AggregatorFunction
    monotone: bool = True
    mean_like: bool = True
    weighting: Weighting = Weighting.EDGE


def _read_only(params: Mapping[str, Any]) -> Mapping[str, Any]:
    return FrozenDict(params)


@attrs.frozen
class CheckRule:
    """A registered check rule: its code, default severity, parameters and function.

    The function takes a :class:`~goalgraph.CheckContext` and yields
    :class:`~goalgraph.Finding` records, usually made with
    ``context.finding(...)``, which fills in the code and severity.

    Parameters
    ----------
    code : str
        Stable, such as ``GG102``; configuration selects and ignores by code
        or by prefix (``GG1``).
    name : str
        A few words: ``orphan``.
    severity : Severity
        The default severity.
    function : callable
    params : mapping
        Parameter names and their defaults (``max_objectives: 5``).
    doc : str
        What the rule finds, why, how to fix it, with examples (the
        function's docstring).

    Examples
    --------
    >>> from goalgraph import default_registry
    >>> rule = default_registry.rules["GG201"]
    >>> rule.name, rule.severity, dict(rule.params)
    ('too many objectives', <Severity.WARNING: 'warning'>, {'max_objectives': 5})
    """

    code: str
    name: str
    severity: Severity = attrs.field(converter=severity)
    function: Callable[..., Any] = attrs.field(eq=False)
    params: Mapping[str, Any] = attrs.field(converter=_read_only, eq=False)
    doc: str = ""

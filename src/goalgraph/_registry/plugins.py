"""Plugins: the entry points other packages declare, loaded into a registry all or none.

Three entry-point groups carry them:

- ``goalgraph.scorers``: a :class:`~goalgraph.ScoringRule` named as the
  entry point, or a plain ``(value, params) -> progress`` callable,
  registered under the entry point's name as ``bounded=True``;
- ``goalgraph.aggregators``: an :class:`~goalgraph.Aggregator` named as the
  entry point, or a plain ``(contributions) -> score`` callable, registered
  as monotone, mean-like and edge-weighted;
- ``goalgraph.rules``: a :class:`~goalgraph.CheckRule` whose code is the
  entry point's name (a plain function is refused: a rule needs a severity).

:meth:`Registry._load_plugins <goalgraph.Registry>` calls :func:`stage` the
first time a registry made with ``plugins=True`` is used, and adds what it
returns only when every plugin loaded.
"""

from __future__ import annotations

import reprlib
import types
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

from goalgraph._registry.records import Aggregator, CheckRule, RegistrationError, ScoringRule

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = ["PluginError", "stage"]

T = TypeVar("T")


class PluginError(RegistrationError):
    """An installed plugin could not be registered, so none of the plugins were.

    Raised by the first use of a registry made with ``plugins=True`` (such as
    ``goalgraph.default_registry``) when an entry point fails to import,
    raises while loading, exports the wrong kind of object, or takes a name
    already registered. The message names the entry-point group, the entry
    point, the distribution that declares it with its version, and what to
    do; the original exception, if any, is chained. The registry stays as it
    was, and the next use tries again.

    Parameters
    ----------
    message : str
        What went wrong and how to fix it.
    group : str
        The entry-point group: ``goalgraph.scorers``, ``goalgraph.aggregators``
        or ``goalgraph.rules``.
    name : str
        The entry point's name.
    distribution : str, optional
        The name of the installed distribution that declares the entry point,
        when known: the one to upgrade or uninstall.

    Examples
    --------
    >>> err = PluginError(
    ...     "the goalgraph.scorers plugin 'nps' failed", group="goalgraph.scorers", name="nps", distribution="acme-okr"
    ... )
    >>> isinstance(err, RegistrationError), err.distribution
    (True, 'acme-okr')
    """

    __module__ = "goalgraph"  # tracebacks name it as users import it, not by its private module

    def __init__(self, message: str, group: str, name: str, distribution: str | None = None) -> None:
        self.group = group
        self.name = name
        self.distribution = distribution
        super().__init__(message)

    def __reduce__(self) -> tuple[type[PluginError], tuple[str, str, str, str | None]]:
        return (type(self), (str(self), self.group, self.name, self.distribution))


_SCORERS, _AGGREGATORS, _RULES = "goalgraph.scorers", "goalgraph.aggregators", "goalgraph.rules"


def _plugin_entry_points() -> list[EntryPoint]:
    """The entry points of the three groups, in a fixed order: group, name, distribution."""
    # Imported when a registry first needs its plugins, never by ``import goalgraph``.
    from importlib import metadata

    found = metadata.entry_points()  # one scan of the installed distributions serves the three groups
    chosen = [ep for group in (_AGGREGATORS, _RULES, _SCORERS) for ep in found.select(group=group)]
    return sorted(chosen, key=lambda ep: (ep.group, ep.name, "" if ep.dist is None else ep.dist.name))


def stage(
    registered_scorers: Mapping[str, ScoringRule],
    registered_aggregators: Mapping[str, Aggregator],
    registered_rules: Mapping[str, CheckRule],
) -> tuple[dict[str, ScoringRule], dict[str, Aggregator], dict[str, CheckRule]]:
    """Load every plugin into new tables, or raise PluginError at the first that fails.

    Nothing is registered here: the caller adds the tables only when all of
    them loaded, so a registry never holds some plugins and not others.
    """
    scorers: dict[str, ScoringRule] = {}
    aggregators: dict[str, Aggregator] = {}
    rules: dict[str, CheckRule] = {}
    providers: dict[tuple[str, str], EntryPoint] = {}
    for ep in _plugin_entry_points():
        try:
            loaded = ep.load()
        except Exception as exc:  # a plugin is someone else's code: whatever it raises is reported, naming it
            raise _plugin_error(ep, f"loading it raised {type(exc).__name__}: {exc}") from exc
        if ep.group == _SCORERS:
            _stage(ep, "scorer", _as_scoring_rule(ep, loaded), scorers, registered_scorers, providers)
        elif ep.group == _AGGREGATORS:
            _stage(ep, "aggregator", _as_aggregator(ep, loaded), aggregators, registered_aggregators, providers)
        else:
            _stage(ep, "rule", _as_check_rule(ep, loaded), rules, registered_rules, providers)
    return scorers, aggregators, rules


def _stage(
    ep: EntryPoint,
    kind: str,
    record: T,
    staged: dict[str, T],
    registered: Mapping[str, T],
    providers: dict[tuple[str, str], EntryPoint],
) -> None:
    if ep.name in registered:
        raise _plugin_error(
            ep,
            f"{kind} {ep.name!r} is already registered, and a plugin may add names, never replace one",
            f"ask the plugin's authors to rename the entry point {ep.name!r}",
        )
    other = providers.setdefault((ep.group, ep.name), ep)
    if other is not ep:
        raise _plugin_error(
            ep,
            f"{_source(other)} also provides {kind} {ep.name!r} ({other.value})",
            f"keep only one of {_distribution_name(other)} and {_distribution_name(ep)} installed",
        )
    staged[ep.name] = record


def _as_scoring_rule(ep: EntryPoint, loaded: object) -> ScoringRule:
    if isinstance(loaded, ScoringRule):
        _check_record(ep, "ScoringRule", "name", loaded.name, loaded.function)
        return loaded
    if callable(loaded):
        return ScoringRule(ep.name, loaded)
    raise _plugin_error(
        ep,
        f"it is {_describe(loaded)}, where a ScoringRule or a function (value, params) -> progress was expected",
        "point the entry point at the scorer function or at its ScoringRule",
    )


def _as_aggregator(ep: EntryPoint, loaded: object) -> Aggregator:
    if isinstance(loaded, Aggregator):
        _check_record(ep, "Aggregator", "name", loaded.name, loaded.function)
        return loaded
    if callable(loaded):
        return Aggregator(ep.name, loaded)
    raise _plugin_error(
        ep,
        f"it is {_describe(loaded)}, where an Aggregator or a function (contributions) -> score was expected",
        "point the entry point at the aggregator function or at its Aggregator",
    )


def _as_check_rule(ep: EntryPoint, loaded: object) -> CheckRule:
    if isinstance(loaded, CheckRule):
        _check_record(ep, "CheckRule", "code", loaded.code, loaded.function)
        return loaded
    if callable(loaded):
        function = getattr(loaded, "__name__", "function")
        label = function.strip("_").replace("_", " ")
        raise _plugin_error(
            ep,
            f"it is the function {function}, where a CheckRule was expected: a rule needs a code, a name and a "
            "severity, which a function does not carry",
            f"export CheckRule(code={ep.name!r}, name={label!r}, severity='warning', function={function}, "
            f"params={{}}, doc={function}.__doc__ or '') and point the entry point at it",
        )
    raise _plugin_error(
        ep,
        f"it is {_describe(loaded)}, where a CheckRule was expected",
        f"point the entry point at a CheckRule(code={ep.name!r}, name=..., severity=..., function=..., "
        "params={}, doc=...)",
    )


def _check_record(ep: EntryPoint, kind: str, field: str, name: str, function: object) -> None:
    if name != ep.name:
        raise _plugin_error(
            ep,
            f"the {kind}'s {field} is {name!r}, not the entry point's name {ep.name!r}",
            f"give the entry point and the {kind} the same {field}",
        )
    if not callable(function):
        raise _plugin_error(ep, f"the {kind}'s function is {_describe(function)}, not a callable")


def _plugin_error(ep: EntryPoint, problem: str, fix: str = "") -> PluginError:
    """The error for a plugin that failed: what, which plugin from which distribution, and how to fix it."""
    name = _distribution_name(ep)
    # The fix is for the plugin's authors; its users can always upgrade or uninstall it.
    remedy = "remove the entry point" if ep.dist is None else f"upgrade or uninstall {name}"
    hint = f"{fix}; or {remedy}" if fix else remedy
    message = (
        f"cannot load the {ep.group} plugin {ep.name!r} ({ep.value}) from {_source(ep)}: {problem}\n"
        f"    hint: {hint}; until then none of the plugins is registered"
    )
    return PluginError(message, ep.group, ep.name, None if ep.dist is None else name)


def _distribution_name(ep: EntryPoint) -> str:
    return "an unknown distribution" if ep.dist is None else ep.dist.name


def _source(ep: EntryPoint) -> str:
    return "an unknown distribution" if ep.dist is None else f"{ep.dist.name} {ep.dist.version}"


def _describe(value: object) -> str:
    if isinstance(value, types.ModuleType):
        return f"the module {value.__name__}"
    if isinstance(value, ScoringRule | Aggregator):
        return f"the {type(value).__name__} {value.name!r}"
    if isinstance(value, CheckRule):
        return f"the CheckRule {value.code!r}"
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'AEIOUaeiou' else 'a'} {kind}, {reprlib.repr(value)}"

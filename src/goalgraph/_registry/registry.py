"""Registries of named scorers, aggregators and check rules, and the plugins that fill them.

Documents refer to functions by name (``metric: {type: custom, name: ...}``,
``rollup: min``); a :class:`Registry` maps the names to plain callables, and
check rules' codes to rules. The built-ins register through the same path as
a user's own.

Another package registers on import through the entry-point groups
``goalgraph.scorers``, ``goalgraph.aggregators`` and ``goalgraph.rules``
(what each may hold: :mod:`goalgraph._registry.plugins`). A plugin package declares
them in its ``pyproject.toml``::

    [project.entry-points."goalgraph.scorers"]
    nps = "acme_okr.scoring:nps"

    [project.entry-points."goalgraph.rules"]
    ACME001 = "acme_okr.rules:NO_BUZZWORDS"

Only registries made with ``plugins=True`` load them, ``default_registry``
among them. They load lazily and once: ``import goalgraph`` scans nothing;
the first use of the registry (its tables, a lookup, a registration) scans
the groups, imports the plugins and registers all of them, or, when one
fails, none of them and raises :class:`~goalgraph.PluginError`, again at every use
until the plugin is fixed or uninstalled. Plugins add names; they never
replace a built-in or each other, and a user's later registration under a
plugin's name needs ``replace=True``.

Examples
--------
>>> registry = Registry(plugins=True)  # scans nothing yet
>>> "weighted_mean" in registry.aggregators  # the first use registers the installed plugins
True
>>> "weighted_mean" in Registry().aggregators  # a registry of your own, without them
True
"""

from __future__ import annotations

import inspect
import threading
import types
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from goalgraph._builtins import aggregators as _aggregators
from goalgraph._builtins import scorers as _scorers
from goalgraph._model.findings import Severity
from goalgraph._registry import plugins as _plugins
from goalgraph._registry.records import (
    Aggregator,
    CheckRule,
    RegistrationError,
    ScoringRule,
    Weighting,
)

__all__ = ["Registry", "builtin_rules", "default_registry"]

F = TypeVar("F", bound=Callable[..., Any])


class Registry:
    """Named scorers and aggregators, and check rules by code.

    A new registry starts with the built-ins; what you register on it stays
    on it, so tests can use their own registry in isolation.
    ``goalgraph.default_registry`` is the one used when none is given; it
    also holds the installed plugins.

    Parameters
    ----------
    builtins : bool, default True
        Start with the built-in scorers, aggregators and check rules.
    plugins : bool, default False
        Also hold the plugins installed through the entry-point groups
        ``goalgraph.scorers``, ``goalgraph.aggregators`` and
        ``goalgraph.rules``. They load on first use: the first read of
        :attr:`scorers`, :attr:`aggregators` or :attr:`rules`, lookup or
        registration. Off by default, so that a registry of your own, in a
        test for instance, stays isolated from what happens to be installed.

    Raises
    ------
    PluginError
        From that first use, when a plugin cannot be registered; then none
        is, and the next use tries again.

    See Also
    --------
    goalgraph.PluginError

    Notes
    -----
    Plugin loading follows pluggy and flake8: entry points are read once
    per registry, in a fixed order (group, name, distribution), all staged
    before any is registered, and a failure names the distribution to
    upgrade or uninstall rather than skipping the plugin silently.

    Examples
    --------
    >>> registry = Registry()
    >>> @registry.scorer("percent")
    ... def percent(value, params):
    ...     return value / 100
    >>> registry.scorers["percent"].function(42, {})
    0.42
    >>> sorted(registry.aggregators)
    ['max', 'mean', 'min', 'value_weighted', 'weighted_mean']

    A registry with the installed plugins as well (here there are none):

    >>> with_plugins = Registry(plugins=True)
    >>> sorted(with_plugins.aggregators)
    ['max', 'mean', 'min', 'value_weighted', 'weighted_mean']
    """

    def __init__(self, *, builtins: bool = True, plugins: bool = False) -> None:
        self._scorers: dict[str, ScoringRule] = {}
        self._aggregators: dict[str, Aggregator] = {}
        self._rules: dict[str, CheckRule] = {}
        self._builtin_rules_pending = builtins
        self._generation = 0
        # Plugins become pending only after the built-ins are in, so that registering those loads nothing.
        self._plugins_pending = False
        self._plugins_loading = False
        self._plugins_lock = threading.RLock()
        if builtins:
            _register_builtins(self)
        self._plugins_pending = plugins

    def __getstate__(self) -> dict[str, object]:
        # What pickles: the registered functions (by reference, or by value
        # with cloudpickle, as Dask sends them) and whether plugins are still
        # to load, which a process unpickling the registry then loads its own.
        with self._plugins_lock:
            state = {name: value for name, value in vars(self).items() if name != "_plugins_lock"}
        state["_plugins_loading"] = False
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        vars(self).update(state)
        self._plugins_lock = threading.RLock()

    @property
    def generation(self) -> int:
        """A count of registered scorers and aggregators, so that compiled plans know when to refresh.

        Pending plugins load first, so that a plan compiled after reading it
        is keyed by the registry it was compiled from.
        """
        self._load_plugins()
        return self._generation

    @property
    def scorers(self) -> Mapping[str, ScoringRule]:
        """The registered scorers by name (read-only)."""
        self._load_plugins()
        return types.MappingProxyType(self._scorers)

    @property
    def aggregators(self) -> Mapping[str, Aggregator]:
        """The registered aggregators by name (read-only)."""
        self._load_plugins()
        return types.MappingProxyType(self._aggregators)

    @property
    def rules(self) -> Mapping[str, CheckRule]:
        """The registered check rules by code, built-ins first (read-only)."""
        self._load_rules()
        return types.MappingProxyType(self._rules)

    def rule(
        self,
        code: str,
        *,
        severity: Severity | str,
        name: str | None = None,
        params: Mapping[str, Any] | None = None,
        replace: bool = False,
    ) -> Callable[[F], F]:
        """Register a check rule under ``code``.

        Used as a decorator on a function ``(context) -> iterable of
        Finding``; returns the function unchanged. Its docstring is the
        rule's documentation.

        Parameters
        ----------
        code : str
            A stable code; use your own prefix (``ACME001``) to stay clear of
            goalgraph's ``GG`` codes.
        severity : Severity
            The default severity; configuration may change it.
        name : str, optional
            A few words; default: the function's name with spaces.
        params : mapping, optional
            Parameter names and defaults; configuration may change them, and
            the function reads them from ``context.params``.
        replace : bool, default False
            Allow replacing a rule already registered under ``code``.

        Examples
        --------
        >>> registry = Registry()
        >>> @registry.rule("ACME001", severity="info", params={"word": "synergy"})
        ... def no_buzzwords(context):
        ...     \"\"\"Objectives should not say the buzzword.\"\"\"
        ...     for objective in context.graph.objectives.values():
        ...         if context.params["word"] in objective.title.lower():
        ...             yield context.finding(objective.id, "buzzword in the title", "say what changes")
        >>> registry.rules["ACME001"].name
        'no buzzwords'
        """
        self._load_rules()
        if not isinstance(code, str) or not code or code != code.strip():
            raise RegistrationError(f"a rule code must be a non-empty string without spaces, got {code!r}")
        self._check_name("rule", code, self._rules, replace)
        level = Severity(severity)

        def register(function: F) -> F:
            label = name or function.__name__.replace("_", " ")
            doc = inspect.cleandoc(function.__doc__ or "")
            # No generation bump: compiled scoring plans do not depend on rules.
            self._rules[code] = CheckRule(code, label, level, function, params or {}, doc)
            return function

        return register

    def get_rule(self, code: str) -> CheckRule:
        """The check rule registered under ``code``.

        Raises
        ------
        RegistrationError
            When no rule has that code.
        """
        return _lookup("rule", code, self.rules)

    def _load_rules(self) -> None:
        # Plugins first: loading them loads the built-in rules beforehand, under the loading guard, so that a
        # plugin rule cannot take a built-in's code.
        self._load_plugins()
        self._load_builtin_rules()

    def _load_builtin_rules(self) -> None:
        if self._builtin_rules_pending:
            self._builtin_rules_pending = False
            for register in _BUILTIN_RULES:
                register(self)

    def _load_plugins(self) -> None:
        """Register the installed plugins, all or none, the first time the registry is used."""
        if not self._plugins_pending:
            return
        # The lock keeps two threads from loading twice; the flag lets the registrations made while loading
        # (the built-in rules, a plugin registering at import) through without loading again.
        with self._plugins_lock:
            if not self._plugins_pending or self._plugins_loading:
                return
            self._plugins_loading = True
            try:
                self._load_builtin_rules()
                scorers, aggregators, rules = _plugins.stage(self._scorers, self._aggregators, self._rules)
                self._scorers.update(scorers)
                self._aggregators.update(aggregators)
                self._rules.update(rules)  # no generation bump for rules, as in rule()
                if scorers or aggregators:
                    self._generation += 1
                self._plugins_pending = False
            finally:
                self._plugins_loading = False

    def scorer(self, name: str, *, replace: bool = False, bounded: bool = True) -> Callable[[F], F]:
        """Register a scorer ``(value, params) -> progress`` under ``name``.

        Used as a decorator; returns the function unchanged.

        Parameters
        ----------
        name : str
            The name documents use: ``metric: {type: custom, name: <name>}``.
        replace : bool, default False
            Allow replacing a scorer already registered under ``name``.
        bounded : bool, default True
            Declare that progress stays in [0, 1]; other values then fail
            closed. Pass ``False`` for a scorer whose progress may exceed 1
            or fall below 0 (the score is clamped).

        Examples
        --------
        >>> registry = Registry()
        >>> @registry.scorer("nps", bounded=True)
        ... def nps(value, params):
        ...     return (value + 100) / 200
        >>> "nps" in registry.scorers
        True
        """
        self._load_plugins()
        self._check_name("scorer", name, self._scorers, replace)

        def register(function: F) -> F:
            self._scorers[name] = ScoringRule(name, function, bounded)
            self._generation += 1
            return function

        return register

    def aggregator(
        self,
        name: str,
        *,
        replace: bool = False,
        monotone: bool = True,
        mean_like: bool = True,
        weighting: Weighting | str = Weighting.EDGE,
    ) -> Callable[[F], F]:
        """Register an aggregator ``(contributions) -> score`` under ``name``.

        Used as a decorator; returns the function unchanged. The function
        receives the contributors as :class:`Contribution` records, with
        missing scores already handled by the policy.

        Parameters
        ----------
        name : str
            The name documents use: ``rollup: <name>``.
        replace : bool, default False
            Allow replacing an aggregator already registered under ``name``.
        monotone, mean_like : bool, default True
            The laws the function obeys (see :class:`Aggregator`); the
            property-testing helpers check only the declared laws.
        weighting : Weighting, default ``edge``

        Examples
        --------
        >>> registry = Registry()
        >>> @registry.aggregator("median")
        ... def median(contributions):
        ...     scores = sorted(c.score for c in contributions)
        ...     middle = len(scores) // 2
        ...     return scores[middle] if len(scores) % 2 else (scores[middle - 1] + scores[middle]) / 2
        >>> registry.aggregators["median"].monotone
        True
        """
        self._load_plugins()
        self._check_name("aggregator", name, self._aggregators, replace)
        mode = Weighting(weighting)

        def register(function: F) -> F:
            self._aggregators[name] = Aggregator(name, function, monotone, mean_like, mode)
            self._generation += 1
            return function

        return register

    def get_scorer(self, name: str) -> ScoringRule:
        """The scorer registered under ``name``.

        Raises
        ------
        RegistrationError
            When no scorer has that name.
        """
        self._load_plugins()
        return _lookup("scorer", name, self._scorers)

    def get_aggregator(self, name: str) -> Aggregator:
        """The aggregator registered under ``name``.

        Raises
        ------
        RegistrationError
            When no aggregator has that name.

        Examples
        --------
        >>> default_registry.get_aggregator("weighted_mean").name
        'weighted_mean'
        """
        self._load_plugins()
        return _lookup("aggregator", name, self._aggregators)

    @staticmethod
    def _check_name(kind: str, name: str, table: Mapping[str, object], replace: bool) -> None:
        if not isinstance(name, str) or not name:
            raise RegistrationError(f"a {kind} name must be a non-empty string, got {name!r}")
        if name in table and not replace:
            raise RegistrationError(f"{kind} {name!r} is already registered; pass replace=True to replace it")


T = TypeVar("T")


def _lookup(kind: str, name: str, table: Mapping[str, T]) -> T:
    try:
        return table[name]
    except KeyError:
        known = ", ".join(sorted(table)) or "none"
        raise RegistrationError(f"no {kind} named {name!r} is registered (known: {known})") from None


def _register_builtins(registry: Registry) -> None:
    registry.aggregator("weighted_mean")(_aggregators.weighted_mean)
    registry.aggregator("mean")(_aggregators.mean)
    registry.aggregator("min")(_aggregators.minimum)
    registry.aggregator("max")(_aggregators.maximum)
    registry.aggregator("value_weighted", weighting=Weighting.VALUE)(_aggregators.weighted_mean)
    registry.scorer("logarithmic", bounded=False)(_scorers.logarithmic)


# The built-in check rules read graphs and scorecards, which are built on
# this layer: the checks package hands them in when it is imported
# (goalgraph imports it), and every registry made with its built-ins takes
# them on first use of its rules.
_BUILTIN_RULES: list[Callable[[Registry], None]] = []


def builtin_rules(register: Callable[[Registry], None]) -> None:
    """Have ``register(registry)`` add built-in check rules to every registry made with its built-ins."""
    _BUILTIN_RULES.append(register)


default_registry = Registry(plugins=True)

"""check(): run the registered rules over a graph, like a linter, and return what they found in order.

The rules themselves live in :mod:`goalgraph._checks.rules` (the built-in
catalogue) or wherever a user registers them; this module checks the
configuration against the registry, chooses the rules to run with their
severities and parameters, runs each with the shared
:class:`~goalgraph.CheckContext`, applies each node's ``ignore`` list, and
sorts the findings.
"""

from __future__ import annotations

import datetime
import operator
import types
from collections.abc import Mapping
from typing import Any

from goalgraph._checks.config import CheckConfig, configuration
from goalgraph._checks.context import CheckContext, facts
from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.collector import paused
from goalgraph._core.errors import Problem, RuleError
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.findings import Finding, Severity
from goalgraph._registry.records import CheckRule
from goalgraph._registry.registry import Registry, default_registry
from goalgraph._time.timeline import as_of_date

__all__ = ["check"]


def check(
    graph: GoalGraph,
    as_of: datetime.date | str | None = None,
    config: CheckConfig | Mapping[str, Any] | None = None,
    registry: Registry | None = None,
) -> list[Finding]:
    """Run the check rules over ``graph`` and return what they find, most severe first.

    Parameters
    ----------
    graph : GoalGraph
    as_of : datetime.date or str, optional
        The date the time-aware rules (stale check-ins, past due...) judge
        by. Default: today.
    config : CheckConfig or mapping, optional
        Rule selection, severities and parameters: a :class:`CheckConfig`,
        or a mapping of the settings it takes (``select``, ``ignore``,
        ``severity``, ``params``), read exactly as
        :meth:`CheckConfig.from_toml` reads the ``[tool.goalgraph.check]``
        table of a file. Default: every rule, at its default severity.
    registry : Registry, optional
        Where the rules are registered (the built-in catalogue and your
        own); default ``goalgraph.default_registry``.

    Returns
    -------
    list of Finding
        Sorted by severity (errors first), then code, then node. A node's
        own ``ignore`` list silences the codes and prefixes it names for
        that node.

    Raises
    ------
    ValidationError
        When the configuration names a rule or a parameter that does not
        exist, or gives a parameter a value of the wrong type; for a mapping,
        also when it holds an unknown setting or one of the wrong shape. The
        error names "the check configuration" and gives each problem the
        path of the setting (``/params/GG201/max_objectives``).
    TypeError
        When ``config`` is neither a :class:`CheckConfig` nor a mapping.
    RuleError
        When a rule raises, naming the rule.

    Examples
    --------
    >>> from goalgraph import ValidationError, load_example
    >>> findings = check(load_example(), as_of="2026-11-16")
    >>> [f.severity for f in findings if f.severity == "error"]
    []
    >>> sorted({f.code for f in findings})[:3]
    ['GG102', 'GG105', 'GG202']

    The configuration may be plain data, as a TOML file or a JSON request
    holds it:

    >>> findings = check(load_example(), as_of="2026-11-16", config={"select": ["GG202"]})
    >>> sorted({f.code for f in findings})
    ['GG202']
    >>> try:
    ...     check(load_example(), config={"selct": "GG2", "severity": {"GG105": "loud"}})
    ... except ValidationError as err:
    ...     print(err)
    2 problems in the check configuration:
      /selct: unknown setting 'selct' [GG010]
          hint: use select, ignore, severity or params (did you mean 'select'?)
      /severity/GG105: string 'loud' is not one of error, warning, info [GG014]
          hint: use one of: error, warning, info
    """
    day = as_of_date(as_of)
    config = configuration(config)
    registry = registry or default_registry
    rules = registry.rules
    plan = _plan(rules, config)
    findings: list[Finding] = []
    # The rules read the graph: they see it between two whole changes, never during one (see
    # GoalGraph's thread safety). The lock is re-entrant, so a rule may read or score the graph.
    with graph.reading():
        context = CheckContext(graph, day, registry)
        with paused():  # rules allocate much and free little: no point in the collector rescanning the graph
            _run(plan, context, facts(graph).silenced, findings)
    # Finding.sort_key's order: one sort with a C-level key (there may be hundreds of thousands of
    # findings), then a stable split by severity.
    findings.sort(key=operator.attrgetter("code", "node", "related", "message"))
    return [finding for level in Severity for finding in findings if finding.severity is level]


def _run(
    plan: list[tuple[CheckRule, Severity | None, Mapping[str, Any]]],
    context: CheckContext,
    silenced: Mapping[str, tuple[str, ...]],
    findings: list[Finding],
) -> None:
    for rule, severity, params in plan:
        context._bind(rule, severity, params)
        try:
            produced = list(rule.function(context))
        except Exception as exc:  # a rule is a user's function too: fail closed, named
            raise RuleError("rule", rule.code, _WHOLE_GRAPH, f"raised {type(exc).__name__}: {exc}") from exc
        for finding in produced:
            if type(finding) is not Finding and not isinstance(finding, Finding):
                raise RuleError("rule", rule.code, _WHOLE_GRAPH, f"yielded {v.describe(finding)}, not a Finding")
        if silenced:
            produced = [f for f in produced if not _silences(silenced.get(f.node), f.code)]
        findings += produced


def _silences(prefixes: tuple[str, ...] | None, code: str) -> bool:
    return prefixes is not None and any(code.startswith(prefix) for prefix in prefixes)


_WHOLE_GRAPH = "the graph"  # what a failing rule failed on: rules run over the whole graph


def _plan(
    rules: Mapping[str, CheckRule], config: CheckConfig
) -> list[tuple[CheckRule, Severity | None, Mapping[str, Any]]]:
    """The rules to run with their severities and parameters, after checking the configuration against them."""
    problems: list[Problem] = []
    for name, prefixes in (("select", config.select), ("ignore", config.ignore)):
        for index, prefix in enumerate(prefixes):
            if not any(code.startswith(prefix) for code in rules):
                problems.append(
                    Problem(
                        codes.UNKNOWN_NAME,
                        f"/{name}/{index}",
                        f"{prefix!r} is not the code or prefix of any rule",
                        "use a registered rule's code, or a prefix such as GG1" + v.did_you_mean(prefix, list(rules)),
                    )
                )
    for name, given in (("severity", config.severity), ("params", config.params)):
        for code in given:
            if code not in rules:
                problems.append(
                    Problem(
                        codes.UNKNOWN_NAME,
                        f"/{name}/{v.escape(code)}",
                        f"no rule has the code {code!r}",
                        "use a registered rule's code" + v.did_you_mean(code, list(rules)),
                    )
                )
    for code, given in config.params.items():
        rule = rules.get(code)
        if rule is None:
            continue
        for param, value in given.items():
            path = f"/params/{v.escape(code)}/{v.escape(str(param))}"
            if param not in rule.params:
                known = ", ".join(rule.params) or "none"
                problems.append(
                    Problem(
                        codes.UNKNOWN_FIELD,
                        path,
                        f"rule {code} has no parameter {param!r}",
                        f"its parameters: {known}" + v.did_you_mean(str(param), list(rule.params)),
                    )
                )
            elif not _same_type(rule.params[param], value):
                default = rule.params[param]
                problems.append(
                    Problem(
                        codes.WRONG_TYPE,
                        path,
                        f"expected {type(default).__name__} like the default {default!r}, got {v.describe(value)}",
                    )
                )
    v.fail_if(problems, "the check configuration")
    return [
        (rule, config.severity.get(code), types.MappingProxyType({**rule.params, **config.params.get(code, {})}))
        for code, rule in rules.items()
        if config.selects(code)
    ]


def _same_type(default: object, value: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return type(default) is type(value)
    if isinstance(default, (int, float)):
        return v.is_number(value) and (isinstance(default, float) or isinstance(value, int))
    return isinstance(value, type(default))

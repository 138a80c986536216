"""check(): run the registered rules over a graph, like a linter, and summarise what they found.

The rules themselves live in :mod:`goalgraph._checks.rules` (the built-in catalogue)
or wherever a user registers them; this module selects them, gives them a
shared :class:`CheckContext` with what several rules need (owner levels, the
org chart, paths to the top, scorecards at cycle ends), applies each node's
``ignore`` list, and sorts the findings.
"""

from __future__ import annotations

import datetime
import operator
import os
import tomllib
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.caches import PerGraph
from goalgraph._core.collector import paused
from goalgraph._core.errors import Problem, RuleError, ValidationError
from goalgraph._core.frozen import EMPTY, FrozenDict
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import Alignment, KeyResult, Objective
from goalgraph._model.findings import Finding, Severity
from goalgraph._registry.records import CheckRule
from goalgraph._registry.registry import Registry, default_registry
from goalgraph._scoring.results import Scorecard
from goalgraph._scoring.score import score
from goalgraph._time.timeline import as_of_date

__all__ = ["CheckConfig", "CheckContext", "CheckSummary", "check", "summarize"]


def _codes(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(code.strip() for code in value.split(",") if code.strip())
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _severities(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    return FrozenDict({code: v.to_enum(Severity, level) for code, level in value.items()})


def _params(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    return FrozenDict({code: FrozenDict(p) if isinstance(p, Mapping) else p for code, p in value.items()})


@attrs.frozen(kw_only=True)
class CheckConfig:
    """Which rules :func:`check` runs, at which severity, with which parameters.

    Each node may also silence rules for itself with ``ignore: [codes]`` in
    the document (objectives, key results and KPIs).

    Parameters
    ----------
    select : sequence of str
        Codes or prefixes of the rules to run (``["GG1", "GG203"]``);
        empty (the default) runs them all. A comma-separated string is
        accepted too.
    ignore : sequence of str
        Codes or prefixes of rules not to run; ignoring wins over selecting.
    severity : mapping of str to Severity
        A severity per rule code, replacing the rule's default.
    params : mapping of str to mapping
        Parameters per rule code (``{"GG201": {"max_objectives": 7}}``); each
        must be a parameter the rule declares, of the same type as its
        default.

    Raises
    ------
    ValidationError
        For settings of the wrong shape; unknown codes and parameters are
        reported by :func:`check`, which knows the registry.

    Examples
    --------
    >>> config = CheckConfig(select="GG1,GG2", ignore=["GG204"], params={"GG201": {"max_objectives": 7}})
    >>> config.select, config.selects("GG203"), config.selects("GG204"), config.selects("GG301")
    (('GG1', 'GG2'), True, False, False)
    """

    select: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    severity: Mapping[str, Severity] = attrs.field(default=EMPTY, converter=_severities, hash=False)
    params: Mapping[str, Mapping[str, Any]] = attrs.field(default=EMPTY, converter=_params, hash=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("select", "ignore"):
            listed = getattr(self, name)
            if isinstance(listed, tuple):
                for index, code in enumerate(listed):
                    _is_code(problems, f"/{name}", code, f" as item {index}")
            else:
                problems.append(
                    Problem(
                        codes.WRONG_TYPE,
                        f"/{name}",
                        f"expected a list of rule codes, got {v.describe(listed)}",
                        'write a list such as ["GG1", "GG203"], or the codes in one text, "GG1,GG203"',
                    )
                )
        if isinstance(self.severity, Mapping):
            for code, level in self.severity.items():
                path = f"/severity/{v.escape(str(code))}"
                if _is_code(problems, path, code):
                    v.choice(problems, path, level, Severity)
        else:
            problems.append(
                Problem(
                    codes.WRONG_TYPE,
                    "/severity",
                    f"expected a mapping of code to severity, got {v.describe(self.severity)}",
                    'give a severity per code, such as {GG105 = "warning"}',
                )
            )
        if isinstance(self.params, Mapping):
            for code, params in self.params.items():
                if not _is_code(problems, f"/params/{v.escape(str(code))}", code):
                    continue
                if not isinstance(params, Mapping):
                    problems.append(
                        Problem(
                            codes.WRONG_TYPE,
                            f"/params/{v.escape(str(code))}",
                            f"expected a mapping of parameter to value, got {v.describe(params)}",
                            "give the rule's parameters by name, such as {max_objectives = 7}",
                        )
                    )
        else:
            problems.append(
                Problem(
                    codes.WRONG_TYPE,
                    "/params",
                    f"expected a mapping of code to parameters, got {v.describe(self.params)}",
                    "give the parameters per code, such as {GG201 = {max_objectives = 7}}",
                )
            )
        v.fail_if(problems, v.made(self))

    def selects(self, code: str) -> bool:
        """Whether the rule ``code`` runs under this configuration."""
        if any(code.startswith(prefix) for prefix in self.ignore):
            return False
        return not self.select or any(code.startswith(prefix) for prefix in self.select)

    def with_codes(self, *, select: Sequence[str] | str = (), ignore: Sequence[str] | str = ()) -> CheckConfig:
        """A copy with ``select`` replacing this one's (when given) and ``ignore`` added to this one's.

        The command line's ``--select`` and ``--ignore`` work this way over a
        configuration file.

        Examples
        --------
        >>> CheckConfig(ignore="GG204").with_codes(select="GG2", ignore="GG203").ignore
        ('GG204', 'GG203')
        """
        chosen = _codes(select)
        return attrs.evolve(self, select=chosen or self.select, ignore=(*self.ignore, *_codes(ignore)))

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> CheckConfig:
        r"""Read the ``[tool.goalgraph.check]`` table of a TOML file (such as ``pyproject.toml``).

        A file of goalgraph's own may use a top-level ``[check]`` table
        instead. A file with neither gives the default configuration. The
        table holds the settings :class:`CheckConfig` takes, which is also
        what :func:`check` reads from a mapping passed as its ``config``.

        Raises
        ------
        ValidationError
            Naming the file, for bytes that are not UTF-8 text or TOML that
            does not parse (GG001), unknown keys or settings of the wrong
            shape, with the path of the setting
            (``/tool/goalgraph/check/select``).
        OSError
            When the file cannot be read (missing, a directory, no
            permission); the error's ``filename`` names it.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "pyproject.toml"
        >>> _ = path.write_text('''
        ... [tool.goalgraph.check]
        ... ignore = ["GG204"]
        ... [tool.goalgraph.check.params.GG201]
        ... max_objectives = 7
        ... ''')
        >>> config = CheckConfig.from_toml(path)
        >>> config.ignore, dict(config.params["GG201"])
        (('GG204',), {'max_objectives': 7})

        Bytes that are not UTF-8, as TOML requires, are refused naming the file:

        >>> _ = path.write_bytes(b'[check]\nselect = "caf\xe9"\n')
        >>> try:
        ...     CheckConfig.from_toml(path)
        ... except ValidationError as err:
        ...     print(err.source == str(path), err.problems[0])
        True the file is not UTF-8 text (byte 21) [GG001]
            hint: save it as UTF-8, which TOML requires
        """
        name = os.fspath(path)
        with open(name, "rb") as handle:
            raw = handle.read()
        try:
            table, prefix = _check_table(parse_toml(_utf8(raw)))
        except ValidationError as err:
            raise err.with_source(name) from None
        return _from_settings(table, prefix, name)


_SETTINGS = ("select", "ignore", "severity", "params")


def _is_code(problems: list[Problem], path: str, code: object, where: str = "") -> bool:
    """Whether ``code`` can be a rule code or prefix: text, not empty (data from Python may hold anything)."""
    if isinstance(code, str) and code:
        return True
    problems.append(
        Problem(
            codes.WRONG_TYPE,
            path,
            f"expected a rule code{where}, got {v.describe(code)}",
            "write a code such as 'GG201'",
        )
    )
    return False


def _from_settings(table: object, prefix: str = "", source: str = "the check configuration") -> CheckConfig:
    """The configuration of a table of settings, as a TOML file or :func:`check`'s ``config`` gives it.

    Every problem is reported at once, with its path below ``prefix`` (the
    table's place in its file), in an error that names ``source``.
    """
    problems: list[Problem] = []
    settings: Mapping[Any, Any] = EMPTY
    if isinstance(table, Mapping):
        settings = table
    else:
        problems.append(
            Problem(
                codes.WRONG_TYPE,
                "",
                f"expected a table of settings, got {v.describe(table)}",
                "give " + ", ".join(_SETTINGS) + " under it",
            )
        )
    for key in settings:
        if key not in _SETTINGS:
            problems.append(
                Problem(
                    codes.UNKNOWN_FIELD,
                    f"/{v.escape(str(key))}",
                    f"unknown setting {key!r}",
                    "use select, ignore, severity or params" + v.did_you_mean(str(key), _SETTINGS),
                )
            )
    try:
        config = CheckConfig(**{key: settings[key] for key in _SETTINGS if key in settings})
    except ValidationError as err:
        problems.extend(err.problems)
    if problems:
        raise ValidationError([problem.under(prefix) for problem in problems], source)
    return config


def _utf8(raw: bytes) -> str:
    """A file's bytes as text; refused (GG001) when they are not UTF-8, as TOML requires (a BOM is allowed)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        v.refuse(
            codes.SYNTAX, "", f"the file is not UTF-8 text (byte {exc.start})", "save it as UTF-8, which TOML requires"
        )


def parse_toml(text: str) -> dict[str, Any]:
    """The data of TOML text; refused with a problem of the whole file (GG001, GG003) when it does not parse.

    Shared with the column mapping's reader, which reads TOML files too.
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        v.refuse(codes.SYNTAX, "", f"invalid TOML: {exc}", "fix the TOML syntax there")
    except RecursionError:  # tomllib parses nested arrays and inline tables by recursion
        v.refuse(codes.TOO_DEEP, "", "arrays or inline tables nested too deeply to parse", "flatten the nesting")


def _check_table(data: Mapping[str, Any]) -> tuple[object, str]:
    """The check settings of a TOML file's data and their path: ``[tool.goalgraph.check]``, else ``[check]``."""
    node: object = data
    path = ""
    for key in ("tool", "goalgraph", "check"):
        if not isinstance(node, Mapping):
            v.refuse(
                codes.WRONG_TYPE,
                path,
                f"expected a table, got {v.describe(node)}",
                f"make {path[1:].replace('/', '.')} a table",
            )
        if key not in node:
            return data.get("check", EMPTY), "/check"
        node, path = node[key], f"{path}/{key}"
    return node, path


class CheckContext:
    """What a rule sees: the graph, the date, its parameters, and helpers shared by all rules.

    A rule is a function ``(context) -> iterable of Finding``; it makes each
    finding with :meth:`finding`, which fills in the rule's code and
    severity.

    Attributes
    ----------
    graph : GoalGraph
    as_of : datetime.date
    params : mapping
        The running rule's parameters: its defaults, with the
        configuration's values over them.

    Examples
    --------
    A rule reads the graph and the parameters, and yields findings:

    >>> from goalgraph import Registry, check, load_example
    >>> registry = Registry(builtins=False)
    >>> @registry.rule("ACME010", severity="info", params={"most": 3})
    ... def crowded_cycles(context):
    ...     for cycle in context.graph.cycles:
    ...         count = sum(o.cycle == cycle for o in context.graph.objectives.values())
    ...         if count > context.params["most"]:
    ...             yield context.finding(cycle, f"{count} objectives in {cycle}", "focus")
    >>> [(f.code, f.node) for f in check(load_example(), as_of="2026-11-16", registry=registry)]
    [('ACME010', '2026-Q3'), ('ACME010', '2026-Q4')]
    """

    def __init__(self, graph: GoalGraph, as_of: datetime.date, registry: Registry) -> None:
        self.graph = graph
        self.as_of = as_of
        self.registry = registry
        self.params: Mapping[str, Any] = EMPTY
        self._code = ""
        self._severity = Severity.INFO
        self._configured = False
        self._scorecards: dict[datetime.date, Scorecard] = {}
        facts = self._facts = _facts(graph)
        self._owner_rank = facts.owner_rank
        self._reaches_top = facts.reaches_top
        self._depths = facts.depths

    def finding(
        self,
        node: str,
        message: str,
        hint: str = "",
        *,
        related: Iterable[str] = (),
        path: Iterable[str] = (),
        severity: Severity | str | None = None,
    ) -> Finding:
        """A finding of the running rule about ``node``.

        ``severity`` gives a milder or graver variant of the rule its own
        default severity (GG106 is an error or a warning); a severity set in
        the configuration applies to every finding of the rule.
        """
        if severity is None or self._configured:
            level = self._severity
        else:
            level = severity if type(severity) is Severity else Severity(severity)
        if type(related) is not tuple:
            related = tuple(related)
        if type(path) is not tuple:
            path = tuple(path)
        return Finding._trusted(self._code, level, node, related, message, hint, path)

    @property
    def key_results(self) -> Mapping[str, tuple[KeyResult, ...]]:
        """Each objective's key results, in order, by objective id (looked up once for all rules)."""
        table = self._facts.key_results
        if table is None:
            graph = self.graph
            found = {id: graph.key_results_of(id) for id in graph.objectives}
            table = self._facts.key_results = types.MappingProxyType(found)
        return table

    @property
    def alignments(self) -> Sequence[tuple[Objective, Alignment, Objective]]:
        """Every alignment as ``(objective, link, parent objective)``, worked out once for all rules.

        The parent objective of a link to a key result is that key result's
        objective.
        """
        found = self._facts.alignments
        if found is None:
            objectives = self.graph.objectives
            found = self._facts.alignments = tuple(
                (objective, link, objectives[self.objective_of(link.parent)])
                for objective in objectives.values()
                for link in objective.aligns_to
            )
        return found

    # -- the org chart -------------------------------------------------------

    def owner_rank(self, owner: str) -> int:
        """How far below the top the owner's level is: 0 for the top level (``company``)."""
        return self._owner_rank[owner]

    def owner_chain(self, owner: str) -> Iterator[str]:
        """The owner and the owners above it, up to the top of the org chart."""
        owners = self.graph.owners
        current: str | None = owner
        while current is not None:
            yield current
            current = owners[current].parent

    def is_above(self, upper: str, lower: str) -> bool:
        """Whether owner ``upper`` is above owner ``lower`` in the org chart (its parent, or theirs...)."""
        depth = self._depth
        steps = depth(lower) - depth(upper)
        if steps <= 0:
            return False
        owners = self.graph.owners
        current = lower
        for _ in range(steps):
            current = owners[current].parent  # type: ignore[assignment]
        return current == upper

    def _depth(self, owner: str) -> int:
        """How many owners are above ``owner`` (worked out once per owner, without recursion)."""
        depths = self._depths
        if owner in depths:
            return depths[owner]
        owners = self.graph.owners
        walk: list[str] = []
        current: str | None = owner
        while current is not None and current not in depths:
            walk.append(current)
            current = owners[current].parent
        base = -1 if current is None else depths[current]
        for distance, node in enumerate(reversed(walk), start=1):
            depths[node] = base + distance
        return depths[owner]

    # -- alignment -----------------------------------------------------------

    def objective_of(self, node: str) -> str:
        """``node`` itself for an objective; the objective of a key result."""
        return node if node in self.graph.objectives else self.graph.objective_of(node)

    def is_top(self, objective: str) -> bool:
        """Whether the objective is owned at the top level."""
        return self._owner_rank[self.graph.objectives[objective].owner] == 0

    def reaches_top(self, objective: str) -> bool:
        """Whether a chain of alignments leads from the objective to a top-level one (itself included)."""
        known = self._reaches_top
        if objective in known:
            return known[objective]
        objectives = self.graph.objectives
        stack = [objective]
        while stack:  # post-order without recursion: a chain may be very long
            node = stack[-1]
            parents = [self.objective_of(link.parent) for link in objectives[node].aligns_to]
            pending = [p for p in parents if p not in known]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            known[node] = self.is_top(node) or any(known[p] for p in parents)
        return known[objective]

    def path_to_top(self, node: str) -> tuple[str, ...]:
        """The ids from ``node`` up to the nearest top-level objective.

        Links are followed by parent id, not in the document's order, so
        that the path does not depend on it: of several nearest top-level
        objectives, the one reached through the lowest ids. When none is
        reachable: up the link to the lowest parent id, to where the chain
        breaks.
        """
        by_parent = operator.attrgetter("parent")
        start = self.objective_of(node)
        prefix = (node,) if start != node else ()
        objectives = self.graph.objectives
        if self.reaches_top(start):
            came_from: dict[str, str | None] = {start: None}
            frontier = [start]
            while frontier:  # breadth-first: the nearest top-level objective
                following: list[str] = []
                for current in frontier:
                    if self.is_top(current):
                        chain = [current]
                        while (back := came_from[chain[-1]]) is not None:
                            chain.append(back)
                        return prefix + tuple(reversed(chain))
                    for link in sorted(objectives[current].aligns_to, key=by_parent):
                        parent = self.objective_of(link.parent)
                        if parent not in came_from and self.reaches_top(parent):
                            came_from[parent] = current
                            following.append(parent)
                frontier = following
        chain = [start]
        while objectives[chain[-1]].aligns_to:
            chain.append(self.objective_of(min(objectives[chain[-1]].aligns_to, key=by_parent).parent))
        return prefix + tuple(chain)

    # -- scores ----------------------------------------------------------------

    def scorecard_at(self, day: datetime.date) -> Scorecard:
        """The graph's scores as of ``day`` (computed once per date and shared by the rules)."""
        card = self._scorecards.get(day)
        if card is None:
            card = self._scorecards[day] = score(self.graph, as_of=day, registry=self.registry)
        return card

    def _bind(self, rule: CheckRule, severity: Severity | None, params: Mapping[str, Any]) -> None:
        self._code, self.params = rule.code, params
        self._configured = severity is not None
        self._severity = rule.severity if severity is None else severity


class _Facts:
    """What the rules derive from a graph alone, kept with the graph until it changes.

    Checking the same graph again (on another date, with another
    configuration) does not pay again for the tables several rules share,
    as scoring it again does not pay again for compiling it.
    """

    __slots__ = ("alignments", "depths", "key_results", "owner_rank", "reaches_top", "silenced")

    def __init__(self, graph: GoalGraph) -> None:
        levels = {level: rank for rank, level in enumerate(graph.levels)}
        self.owner_rank = {owner.id: levels[owner.level] for owner in graph.owners.values()}
        self.reaches_top: dict[str, bool] = {}
        self.depths: dict[str, int] = {}
        self.key_results: Mapping[str, tuple[KeyResult, ...]] | None = None
        self.alignments: tuple[tuple[Objective, Alignment, Objective], ...] | None = None
        self.silenced = _silenced(graph)


def _facts(graph: GoalGraph) -> _Facts:
    """The graph's facts for the rules, from the cache while the graph's version holds."""
    facts = _FACTS.get(graph, graph.version)
    if facts is None:
        facts = _Facts(graph)
        _FACTS.put(graph, graph.version, facts)
    return facts


_FACTS: PerGraph[_Facts] = PerGraph()


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
    >>> from goalgraph import load_example
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
    config = _configuration(config)
    registry = registry or default_registry
    rules = registry.rules
    plan = _plan(rules, config)
    findings: list[Finding] = []
    # The rules read the graph: they see it between two whole changes, never during one (see
    # GoalGraph's thread safety). The lock is re-entrant, so a rule may read or score the graph.
    with graph.reading():
        context = CheckContext(graph, day, registry)
        with paused():  # rules allocate much and free little: no point in the collector rescanning the graph
            _run(plan, context, context._facts.silenced, findings)
    # Finding.sort_key's order: one sort with a C-level key (there may be hundreds of thousands of
    # findings), then a stable split by severity.
    findings.sort(key=operator.attrgetter("code", "node", "related", "message"))
    return [finding for level in Severity for finding in findings if finding.severity is level]


def _configuration(config: object) -> CheckConfig:
    """:func:`check`'s ``config`` as a :class:`CheckConfig`: the default, itself, or one read from a mapping."""
    if config is None:
        return CheckConfig()
    if isinstance(config, CheckConfig):
        return config
    if isinstance(config, Mapping):
        return _from_settings(config)
    raise TypeError(
        f"config must be a CheckConfig or a mapping of its settings (select, ignore, severity, params), "
        f"got {type(config).__name__}"
    )


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


def _silenced(graph: GoalGraph) -> dict[str, tuple[str, ...]]:
    """Each node's own ``ignore`` list, for the nodes that have one."""
    silenced: dict[str, tuple[str, ...]] = {}
    for table in (graph.objectives, graph.key_results, graph.kpis):
        for id, entity in table.items():
            if entity.ignore:
                silenced[id] = entity.ignore
    return silenced


@attrs.frozen(kw_only=True)
class CheckSummary:
    """Counts of findings per severity, and alignment coverage per owner level.

    Parameters
    ----------
    counts : mapping of Severity to int
        Every severity, with 0 when none was found.
    coverage : mapping of str to tuple of int
        Per owner level, from the top: ``(laddered, total)``, the number of
        that level's objectives with a chain of alignments up to a
        top-level objective, and the number of its objectives. Top-level
        objectives ladder up by definition.

    Examples
    --------
    >>> from goalgraph import load_example
    >>> graph = load_example()
    >>> summary = summarize(graph, check(graph, as_of="2026-11-16"))
    >>> summary.coverage["company"], summary.coverage["team"]
    ((5, 5), (13, 14))
    >>> summary.share("company")
    1.0
    """

    counts: Mapping[Severity, int]
    coverage: Mapping[str, tuple[int, int]]

    def share(self, level: str) -> float | None:
        """The share of a level's objectives that ladder up; ``None`` for a level without objectives."""
        laddered, total = self.coverage[level]
        return laddered / total if total else None

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain JSON-ready data."""
        return {
            "counts": {str(severity): count for severity, count in self.counts.items()},
            "coverage": {
                level: {"laddered": laddered, "total": total, "share": self.share(level)}
                for level, (laddered, total) in self.coverage.items()
            },
        }


def summarize(graph: GoalGraph, findings: Iterable[Finding]) -> CheckSummary:
    """Count ``findings`` per severity and measure how much of each level ladders up to the top.

    Examples
    --------
    >>> from goalgraph import check, load_example
    >>> graph = load_example()
    >>> summary = summarize(graph, check(graph, as_of="2026-11-16"))
    >>> summary.counts["error"], summary.share("team")
    (0, 0.9285714285714286)
    """
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    coverage = {level: [0, 0] for level in graph.levels}
    with graph.reading():  # the graph between two whole changes (see GoalGraph's thread safety)
        context = CheckContext(graph, datetime.date.min, default_registry)
        for objective in graph.objectives.values():
            level = graph.owners[objective.owner].level
            coverage[level][1] += 1
            coverage[level][0] += context.reaches_top(objective.id)
    return CheckSummary(
        counts=FrozenDict(counts),
        coverage=FrozenDict({level: (pair[0], pair[1]) for level, pair in coverage.items()}),
    )

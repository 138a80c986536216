"""CheckConfig: which rules run, at which severity, with which parameters; read from data or a TOML file.

:func:`~goalgraph.check` takes a :class:`CheckConfig` or a mapping of its
settings (:func:`configuration`), and :meth:`CheckConfig.from_toml` reads
the same settings from the ``[tool.goalgraph.check]`` table of a file: both
go through one reader of the settings, so a mapping and a file are refused
alike, with each problem's path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.errors import Problem, ValidationError
from goalgraph._core.frozen import EMPTY, FrozenDict
from goalgraph._documents.parse import parse_toml
from goalgraph._model.findings import Severity

__all__ = ["CheckConfig", "configuration"]


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


def configuration(config: object) -> CheckConfig:
    """:func:`~goalgraph.check`'s ``config`` as a :class:`CheckConfig`: the default, itself, or read from a mapping."""
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

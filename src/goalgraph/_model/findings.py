"""What a check reports: a finding with its code, severity, node, message and hint."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs

from goalgraph._core.fields import as_enum

__all__ = ["Finding", "Severity"]


class Severity(StrEnum):
    """How serious a finding is: ``error``, ``warning`` or ``info``.

    ``goalgraph check`` exits with status 1 when an error-severity finding
    remains.

    Examples
    --------
    >>> Severity("warning") is Severity.WARNING
    True
    >>> sorted([Severity.INFO, Severity.ERROR], key=Severity.rank)
    [<Severity.ERROR: 'error'>, <Severity.INFO: 'info'>]
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: the order findings are listed in."""
        return _RANKS[self]


_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def severity(value: Any) -> Any:
    """Converter: ``value`` as a :class:`Severity` (a member passes through untouched)."""
    return as_enum(Severity, value)


def _tuple(value: Any) -> tuple[str, ...]:
    return value if type(value) is tuple else tuple(value)


@attrs.frozen(kw_only=True)
class Finding:
    """One problem a check rule found in a graph.

    Parameters
    ----------
    code : str
        The rule's stable code, such as ``GG102``.
    severity : Severity
    node : str
        The id the finding is about: an objective, key result, KPI or owner.
    related : tuple of str
        Other ids involved (the parent of a bad link, the objectives of an
        overloaded owner...).
    message : str
        What is wrong.
    hint : str
        How to fix it.
    path : tuple of str
        For alignment findings, the chain of ids from ``node`` up to the
        nearest top-level objective, or to where the chain breaks.

    Examples
    --------
    >>> f = Finding(code="GG102", severity="warning", node="team-o1", message="orphan", hint="align it")
    >>> f.severity, f.related
    (<Severity.WARNING: 'warning'>, ())
    """

    code: str
    severity: Severity = attrs.field(converter=severity)
    node: str
    related: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    message: str
    hint: str = ""
    path: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    @classmethod
    def _trusted(
        cls,
        code: str,
        severity: Severity,
        node: str,
        related: tuple[str, ...],
        message: str,
        hint: str,
        path: tuple[str, ...],
    ) -> Finding:
        """A finding from values of the right types already, without the constructor's conversions.

        Rules report tens of thousands of findings on a large graph, through
        :meth:`CheckContext.finding <goalgraph.CheckContext.finding>`, which
        passes values of the right types.
        """
        finding = object.__new__(cls)
        put = object.__setattr__
        put(finding, "code", code)
        put(finding, "severity", severity)
        put(finding, "node", node)
        put(finding, "related", related)
        put(finding, "message", message)
        put(finding, "hint", hint)
        put(finding, "path", path)
        return finding

    def sort_key(self) -> tuple[int, str, str, tuple[str, ...], str]:
        """Severity (errors first), then code, then node: the order :func:`~goalgraph.check` returns."""
        return (self.severity.rank(), self.code, self.node, self.related, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain JSON-ready data.

        Examples
        --------
        >>> Finding(code="GG402", severity="warning", node="nps", message="m").to_dict()["severity"]
        'warning'
        """
        return {
            "code": self.code,
            "severity": str(self.severity),
            "node": self.node,
            "related": list(self.related),
            "message": self.message,
            "hint": self.hint,
            "path": list(self.path),
        }

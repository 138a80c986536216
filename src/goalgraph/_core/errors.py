"""The exception family and the :class:`Problem` record every error carries.

All of goalgraph's exceptions derive from :class:`GoalGraphError`, and each
also inherits the built-in exception it means (``ValueError``,
``LookupError``), so a host product can catch either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "CycleError",
    "GoalGraphError",
    "Problem",
    "RuleError",
    "UnknownNodeError",
    "ValidationError",
]


@attrs.frozen
class Problem:
    """One thing wrong with an input, where it is and how to fix it.

    Parameters
    ----------
    code : str
        A stable code such as ``"GG012"``; the docs list every code.
    path : str
        A JSON pointer into the document (``"/objectives/0/key_results/1/weight"``),
        or ``""`` for the document as a whole.
    message : str
        What is wrong, quoting the offending value.
    hint : str
        How to fix it.

    Examples
    --------
    >>> p = Problem("GG015", "/objectives/0/key_results/0/weight", "weight is -1", "use a weight >= 0")
    >>> print(p)
    /objectives/0/key_results/0/weight: weight is -1 [GG015]
        hint: use a weight >= 0
    """

    code: str
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        # A problem of the whole input has no place to name: the error's first line names the input.
        text = f"{self.path}: {self.message} [{self.code}]" if self.path else f"{self.message} [{self.code}]"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def under(self, prefix: str) -> Problem:
        """Return this problem with its path moved below ``prefix``.

        Examples
        --------
        >>> Problem("GG020", "/target", "target equals start").under("/objectives/0").path
        '/objectives/0/target'
        """
        return attrs.evolve(self, path=prefix + self.path)


class GoalGraphError(Exception):
    """The root of every error goalgraph raises.

    Examples
    --------
    >>> issubclass(ValidationError, GoalGraphError)
    True
    """

    __module__ = "goalgraph"  # tracebacks name it as users import it, not by its private module


class ValidationError(GoalGraphError, ValueError):
    """Input that goalgraph refuses, with every problem found in it.

    Nothing is half-loaded: when a document raises this error, no graph is
    returned. :attr:`problems` holds all the problems, not only the first.

    Parameters
    ----------
    problems : iterable of Problem
        What is wrong, each with its code, path and hint.
    source : str, optional
        The file or stream the input came from, for messages.

    Examples
    --------
    >>> err = ValidationError([Problem("GG010", "/objectivs", "unknown field 'objectivs'")])
    >>> err.problems[0].code
    'GG010'
    >>> print(err)
    1 problem in the document:
      /objectivs: unknown field 'objectivs' [GG010]
    """

    __module__ = "goalgraph"  # tracebacks name it as users import it, not by its private module

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        where = self.source or "the document"
        lines = [f"{count} {noun} in {where}:"]
        lines.extend("  " + str(p).replace("\n", "\n  ") for p in self.problems)
        return "\n".join(lines)

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...], str | None]]:
        return (type(self), (self.problems, self.source))

    @classmethod
    def single(cls, code: str, path: str, message: str, hint: str = "") -> ValidationError:
        """Build the error for one problem.

        Examples
        --------
        >>> ValidationError.single("GG016", "/owners/1/id", "duplicate id 'acme'").problems[0].path
        '/owners/1/id'
        """
        return cls([Problem(code, path, message, hint)])

    def with_source(self, source: str) -> ValidationError:
        """Return a copy that names ``source`` in its message."""
        return type(self)(self.problems, source)


class CycleError(ValidationError):
    """An alignment that would close a cycle in the goal graph.

    :attr:`cycle` lists the ids around the cycle, in order, starting and
    ending with the same id.

    Examples
    --------
    >>> err = CycleError(("O1", "O2", "O1"))
    >>> err.cycle
    ('O1', 'O2', 'O1')
    >>> err.problems[0].message
    'alignment cycle: O1 -> O2 -> O1'
    """

    __module__ = "goalgraph"  # tracebacks name it as users import it, not by its private module

    def __init__(self, cycle: Sequence[str], path: str = "", source: str | None = None) -> None:
        self.cycle: tuple[str, ...] = tuple(cycle)
        problem = Problem(
            "GG030",
            path,
            "alignment cycle: " + " -> ".join(self.cycle),
            "a goal cannot contribute to itself, directly or through others; remove one of the links in the cycle",
        )
        super().__init__([problem], source)

    def __reduce__(self) -> tuple[type[CycleError], tuple[tuple[str, ...], str, str | None]]:  # type: ignore[override]
        return (type(self), (self.cycle, self.problems[0].path, self.source))

    def with_source(self, source: str) -> CycleError:
        return type(self)(self.cycle, self.problems[0].path, source)


class UnknownNodeError(GoalGraphError, KeyError):
    """A lookup or a new link names an id that the graph does not hold.

    A :class:`KeyError` (so a :class:`LookupError`) too, as a missing key
    of a mapping is in Python: ``except KeyError`` around ``card[id]`` or
    ``graph.objectives[id]`` catches it. Its message is plain text, not
    the quoted key that ``KeyError`` shows by itself.

    Examples
    --------
    >>> err = UnknownNodeError("O9")
    >>> err.id
    'O9'
    >>> isinstance(err, KeyError), str(err)
    (True, "no node with id 'O9' in the graph")
    """

    __module__ = "goalgraph"  # tracebacks name it as users import it, not by its private module

    def __init__(self, id: str, what: str = "node") -> None:
        self.id = id
        self.what = what
        super().__init__(f"no {what} with id {id!r} in the graph")

    def __str__(self) -> str:
        # KeyError's own __str__ shows the repr of its argument, quotes and all.
        return str(self.args[0])

    def __reduce__(self) -> tuple[type[UnknownNodeError], tuple[str, str]]:
        return (type(self), (self.id, self.what))


class RuleError(GoalGraphError, RuntimeError):
    """A registered scorer, aggregator or rule failed on a node.

    goalgraph fails closed: a custom function that raises, or returns a
    non-finite or out-of-range value, stops the computation with this error
    instead of producing a silent 0 or 1.

    Examples
    --------
    >>> err = RuleError("aggregator", "my_mean", "O1", "returned nan")
    >>> print(err)
    aggregator 'my_mean' failed on 'O1': returned nan
    """

    __module__ = "goalgraph"  # tracebacks name it as users import it, not by its private module

    def __init__(self, kind: str, name: str, node: str, reason: str) -> None:
        self.kind = kind
        self.name = name
        self.node = node
        self.reason = reason
        super().__init__(f"{kind} {name!r} failed on {node!r}: {reason}")

    def __reduce__(self) -> tuple[type[RuleError], tuple[str, str, str, str]]:
        return (type(self), (self.kind, self.name, self.node, self.reason))

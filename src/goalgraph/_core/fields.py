"""Field checks shared by the model's constructors and the document reader.

Each check appends :class:`~goalgraph.Problem` records to a list instead of
raising, so that one pass over an object (or a whole document) reports every
problem at once. Paths are JSON pointers relative to the object checked; the
reader moves them below the object's place in the document.
"""

from __future__ import annotations

import datetime
import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, NoReturn

from goalgraph._core import codes
from goalgraph._core.errors import Problem, ValidationError

ID_HINT = (
    "ids are strings; in YAML, quote values such as NO, yes, on, 017 or 12:30, which YAML reads as booleans or numbers"
)


class BadNumber:
    """A number the parser could not represent faithfully (NaN, infinity, too large).

    The JSON reader puts one in place of such a number, so that the problem is
    reported with its path in the document instead of aborting the parse.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"BadNumber({self.text!r})"


class DuplicateKeys(dict[str, Any]):
    """A mapping parsed from input that repeated some of its keys.

    JSON and YAML parsers keep the last value of a repeated key silently; the
    readers return this marker instead, and the checks report each repeat.
    """

    duplicates: tuple[str, ...] = ()


def describe(value: object) -> str:
    """Name a value's type and quote it, for messages.

    Examples
    --------
    >>> describe(True), describe("x"), describe(3), describe([1])
    ('boolean true', "string 'x'", 'integer 3', 'a list')
    >>> describe(BadNumber("1e400")), describe(BadNumber("9" * 5000))
    ('number 1e400', 'number 999999999999... (5000 characters)')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, BadNumber):
        if len(value.text) > 30:  # a 5,000-digit integer is quoted, not copied out
            return f"number {value.text[:12]}... ({len(value.text)} characters)"
        return f"number {value.text}"
    if isinstance(value, int):
        return f"integer {value}" if abs(value) < 10**30 else "a very large integer"
    if isinstance(value, float):
        return f"number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"string {shown!r}"
    if isinstance(value, datetime.datetime):
        return f"date-time {value.isoformat()}"
    if isinstance(value, datetime.date):
        return f"date {value.isoformat()}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


def fail_if(problems: list[Problem], source: str | None = None) -> None:
    """Raise :class:`ValidationError` when ``problems`` is not empty, naming ``source`` (default: the document)."""
    if problems:
        raise ValidationError(problems, source)


# The kinds of ids a graph holds, in words for messages.
KIND_NOUNS = {"cycle": "cycle", "owner": "owner", "objective": "objective", "key_result": "key result", "kpi": "KPI"}


def article(noun: str) -> str:
    """The noun with "a" or "an": ``an objective``, ``a key result``, ``a KPI``."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def kind_in_words(kind: str) -> str:
    """A node kind (``key_result``) in words with its article: ``a key result``."""
    return article(KIND_NOUNS[kind])


def made(obj: object) -> str:
    """What a refused object is called in its error: ``the new KeyResult``.

    Readers that make objects from a document keep the problems and drop
    this name: there, the document is what holds them.
    """
    return f"the new {type(obj).__name__}"


class sourced:  # noqa: N801 - used as a function: ``with sourced("GoalGraph.align()"):``
    """Name ``where`` (``GoalGraph.align()``) in every :class:`ValidationError` raised inside.

    What a call makes inside (``attrs.evolve`` of an objective, say) is the
    call's doing, so the call is named rather than ``the new Objective``. A
    class rather than a generator: every change to a graph goes through one.
    """

    __slots__ = ("where",)

    def __init__(self, where: str) -> None:
        self.where = where

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: object) -> None:
        if isinstance(error, ValidationError):
            raise error.with_source(self.where) from None


def refuse(code: str, path: str, message: str, hint: str = "") -> NoReturn:
    """Raise :class:`ValidationError` for one problem."""
    raise ValidationError.single(code, path, message, hint)


_INT_LIMIT = 2**1023  # beyond it an int has no float, and arithmetic on it overflows


def is_number(value: object) -> bool:
    """True for a finite ``int`` or ``float`` that is not a ``bool``."""
    kind = type(value)
    if kind is float:
        return math.isfinite(value)  # type: ignore[arg-type]
    if kind is int:
        return -_INT_LIMIT < value < _INT_LIMIT  # type: ignore[operator]
    if kind is bool or not isinstance(value, (int, float)):
        return False
    if isinstance(value, int):  # a subclass of int: math.isfinite would overflow on a huge one
        return -_INT_LIMIT < value < _INT_LIMIT
    return math.isfinite(value)


def number(
    problems: list[Problem],
    path: str,
    value: object,
    *,
    minimum: float | None = None,
    above: float | None = None,
    maximum: float | None = None,
) -> bool:
    """Check that ``value`` is a finite real number within the given bounds."""
    if is_number(value):
        assert isinstance(value, (int, float))
        if minimum is not None and value < minimum:
            problems.append(
                Problem(
                    codes.OUT_OF_RANGE, path, f"{describe(value)} is below {minimum:g}", f"use a number >= {minimum:g}"
                )
            )
            return False
        if above is not None and value <= above:
            problems.append(
                Problem(
                    codes.OUT_OF_RANGE, path, f"{describe(value)} must be above {above:g}", f"use a number > {above:g}"
                )
            )
            return False
        if maximum is not None and value > maximum:
            problems.append(
                Problem(
                    codes.OUT_OF_RANGE, path, f"{describe(value)} is above {maximum:g}", f"use a number <= {maximum:g}"
                )
            )
            return False
        return True
    if isinstance(value, (BadNumber, float)) or (isinstance(value, int) and not isinstance(value, bool)):
        problems.append(
            Problem(
                codes.NON_FINITE,
                path,
                f"{describe(value)} is not a finite number",
                "NaN, infinities and numbers beyond the float range cannot be scored; give a finite number",
            )
        )
        return False
    hint = "write the number without quotes" if isinstance(value, str) else "give a number"
    if isinstance(value, bool):
        hint = "give a number: true and false are not numbers here"
    problems.append(Problem(codes.WRONG_TYPE, path, f"expected a number, got {describe(value)}", hint))
    return False


def optional_number(problems: list[Problem], path: str, value: object, **bounds: float | None) -> bool:
    """Like :func:`number`, but ``None`` passes."""
    return value is None or number(problems, path, value, **bounds)


def identifier(problems: list[Problem], path: str, value: object) -> bool:
    """Check that ``value`` is a usable id: a non-empty string without surrounding spaces."""
    if not isinstance(value, str):
        problems.append(Problem(codes.WRONG_TYPE, path, f"expected a string id, got {describe(value)}", ID_HINT))
        return False
    if not value or value != value.strip():
        problems.append(
            Problem(
                codes.WRONG_TYPE,
                path,
                f"id {value!r} is empty or has surrounding spaces",
                "use a non-empty id without spaces at its ends",
            )
        )
        return False
    return True


def optional_identifier(problems: list[Problem], path: str, value: object) -> bool:
    """Like :func:`identifier`, but ``None`` passes."""
    return value is None or identifier(problems, path, value)


def text(problems: list[Problem], path: str, value: object, *, optional: bool = False) -> bool:
    """Check that ``value`` is a string (or ``None`` when ``optional``)."""
    if isinstance(value, str) or (optional and value is None):
        return True
    problems.append(Problem(codes.WRONG_TYPE, path, f"expected a string, got {describe(value)}", "quote the text"))
    return False


def flag(problems: list[Problem], path: str, value: object) -> bool:
    """Check that ``value`` is a boolean."""
    if isinstance(value, bool):
        return True
    problems.append(
        Problem(codes.WRONG_TYPE, path, f"expected true or false, got {describe(value)}", "write true or false")
    )
    return False


def date(problems: list[Problem], path: str, value: object) -> bool:
    """Check that ``value`` is a :class:`datetime.date` (and not a date-time)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return True
    problems.append(
        Problem(
            codes.WRONG_TYPE,
            path,
            f"expected a date, got {describe(value)}",
            "write the date as YYYY-MM-DD, with no time",
        )
    )
    return False


def choice(problems: list[Problem], path: str, value: object, enum: type[Enum]) -> bool:
    """Check that ``value`` is one of ``enum``'s values."""
    valid = [str(member.value) for member in enum]
    if isinstance(value, str) and value in valid:
        return True
    problems.append(
        Problem(
            codes.INVALID_ENUM,
            path,
            f"{describe(value)} is not one of {', '.join(valid)}",
            f"use one of: {', '.join(valid)}",
        )
    )
    return False


def to_enum(enum: type[Enum], value: Any) -> Any:
    """Make an enum member when ``value`` names one, and leave it as it is otherwise.

    Converters call this, so that the constructor's validation reports a
    bad value as a problem, with the valid choices, instead of a bare
    ``ValueError``. ``None`` stays ``None``.
    """
    if value is None or type(value) is enum:
        return value
    try:
        return enum(value)
    except ValueError:
        return value


def as_enum(enum: type[Enum], value: Any, *, optional: bool = False) -> Any:
    """``value`` as a member of ``enum``, raising ``ValueError`` for others (``None`` passes when ``optional``).

    A member passes through untouched: calling an enum class is slow, and
    results are made by the hundred thousand. For attrs converters:
    ``converter=lambda value: as_enum(Severity, value)``.

    Examples
    --------
    >>> from goalgraph._model.findings import Severity
    >>> as_enum(Severity, "info"), as_enum(Severity, None, optional=True)
    (<Severity.INFO: 'info'>, None)
    """
    if type(value) is enum or (optional and value is None):
        return value
    return enum(value)


def tuple_or_raw(value: object) -> object:
    """An attrs converter: a list becomes a tuple; anything else is left for validation."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


def sequence(problems: list[Problem], path: str, value: object) -> bool:
    """Check that ``value`` is a tuple (converted from a list)."""
    if isinstance(value, tuple):
        return True
    problems.append(
        Problem(codes.WRONG_TYPE, path, f"expected a list, got {describe(value)}", "write a list, e.g. [a, b]")
    )
    return False


def free_form(problems: list[Problem], path: str, value: object) -> bool:
    """Check free-form data: JSON-like values with finite numbers and string keys only.

    The walk keeps one iterator per open list or mapping and makes a path
    only for a problem (:func:`pointer`), so a list of a million numbers
    costs no string or tuple per item.
    """
    ok = True
    frames: list[list[Any]] = []  # [iterator over (key, child), the key of the child being looked at]
    node = value
    while True:
        if isinstance(node, Mapping):
            where = pointer(path, frames)
            for key in getattr(node, "duplicates", ()):
                problems.append(duplicate_key(f"{where}/{escape(str(key))}", str(key)))
                ok = False
            for key in node:
                if not isinstance(key, str):
                    problems.append(
                        Problem(
                            codes.WRONG_TYPE, where, f"mapping key {describe(key)} is not a string", "quote the key"
                        )
                    )
                    ok = False
            frames.append([((key, child) for key, child in node.items() if isinstance(key, str)), None])
        elif isinstance(node, (list, tuple)):
            frames.append([enumerate(node), None])
        elif not (node is None or isinstance(node, (str, bool, datetime.date))) and not number(
            problems, pointer(path, frames), node
        ):
            ok = False
        while frames:
            item = next(frames[-1][0], None)
            if item is None:
                frames.pop()
                continue
            frames[-1][1], node = item
            break
        else:
            return ok


def pointer(path: str, frames: Sequence[Sequence[Any]]) -> str:
    """The JSON pointer of the node a walk is at: ``path``, then the key or index each open frame is at.

    A walk over nested data keeps one frame ``[iterator, key]`` per open
    list or mapping; the path is made from them only when a problem needs it.

    Examples
    --------
    >>> pointer("/x-a", [[iter(()), "b"], [iter(()), 0]])
    '/x-a/b/0'
    """
    return path + "".join("/" + escape(str(frame[1])) for frame in frames)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint suffix naming the closest candidate, or ``""``.

    Examples
    --------
    >>> did_you_mean("traget", ["target", "start"])
    " (did you mean 'target'?)"
    """
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def level(problems: list[Problem], path: str, value: object, levels: Sequence[str]) -> bool:
    """Check that an owner's level is one of the graph's (or document's) levels."""
    if not isinstance(value, str) or value in levels:
        return True
    problems.append(
        Problem(
            codes.UNKNOWN_LEVEL,
            path,
            f"level {value!r} is not one of {', '.join(levels)}",
            "use one of the levels, or declare the document's own list under levels" + did_you_mean(value, levels),
        )
    )
    return False


def duplicate_key(path: str, key: str) -> Problem:
    """The problem for a key given twice in one mapping."""
    return Problem(
        codes.DUPLICATE_KEY,
        path,
        f"key {key!r} is given more than once in this mapping",
        "keep one of them: parsers would silently keep only the last",
    )


def escape(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901).

    Examples
    --------
    >>> escape("a/b~c")
    'a~1b~0c'
    """
    return token.replace("~", "~0").replace("/", "~1")

"""Text to plain data, with the guards that stock parsers lack.

JSON and YAML parsers keep the last of duplicate keys silently, read
``NaN``, and (YAML) expand aliases, construct tagged objects and read
several documents from one stream. These readers refuse all of that with
a :class:`~goalgraph.ValidationError`, and enforce the :class:`Limits`
before or while parsing. YAML is read with a safe loader only.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import tomllib
from collections.abc import Iterable
from typing import IO, Any

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.dates import ISO_DATE, iso_date
from goalgraph._core.errors import Problem, ValidationError
from goalgraph._core.optional import yaml_module

__all__ = ["FIELDS", "Limits", "detect_format", "over_limit_hint", "parse_json", "parse_toml", "parse_yaml"]

MIB = 2**20
# The deepest nesting a limit may allow: JSON's C parser recurses (Python's
# recursion limit is 1,000) and libyaml stops at 1,000 levels of flow nesting.
MAX_DEPTH = 500


# The fields of Limits; the command line's flag for each is --max-bytes etc.
FIELDS = ("max_bytes", "max_depth", "max_nodes", "max_edges", "max_text")


def over_limit_hint(field: str, advice: str) -> str:
    """The hint of a problem over a limit: ``advice``, or how to raise the limit (Python and command line)."""
    flag = "--" + field.replace("_", "-")
    return f"{advice}, or raise the limit: Limits({field}=...) in Python, {flag} on the command line"


@attrs.frozen(kw_only=True)
class Limits:
    """Resource limits for reading documents, checked before or while parsing.

    A document over a limit is refused with a :class:`ValidationError` of
    code ``GG002`` (``GG003`` for depth) whose hint names the field to
    raise and the command line's flag. Each limit is inclusive: a document
    exactly at it is read.

    Parameters
    ----------
    max_bytes : int, default 67108864
        The largest input accepted, in bytes (64 MiB by default); checked
        before reading. Command line: ``--max-bytes``.
    max_depth : int, default 32
        The deepest nesting of mappings and lists accepted, the document
        itself being level 1 (the document format needs 8 levels; the
        rest is for ``x-`` keys and custom parameters); at most 500, the
        deepest the parsers beneath read safely. Command line:
        ``--max-depth``.
    max_nodes : int, default 2000000
        The most cycles, owners, objectives, key results and KPIs in one
        document (rows, in a spreadsheet), each scalar, list and mapping
        of host data (``x-`` values, custom ``params``) counting as one
        more. Command line: ``--max-nodes``.
    max_edges : int, default 4000000
        The most links in one document: a key result's link to its
        objective, alignments (``aligns_to``) and KPI links
        (``supports``): the edges of ``GoalGraph.nx``. Command line:
        ``--max-edges``.
    max_text : int, default 10000
        The longest text accepted, in characters: an id, a title, a name,
        a description, a note, or any text under an ``x-`` key. Command
        line: ``--max-text``.

    Examples
    --------
    >>> Limits(max_bytes=1024).max_bytes
    1024
    >>> Limits().max_edges, Limits().max_text
    (4000000, 10000)
    """

    max_bytes: int = 64 * MIB
    max_depth: int = 32
    max_nodes: int = 2_000_000
    max_edges: int = 4_000_000
    max_text: int = 10_000

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for field in FIELDS:
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                problems.append(
                    Problem(codes.WRONG_TYPE, f"/{field}", f"{field} must be a positive integer, got {value!r}")
                )
        depth = self.max_depth
        if isinstance(depth, int) and depth > MAX_DEPTH:
            problems.append(
                Problem(
                    codes.OUT_OF_RANGE,
                    "/max_depth",
                    f"max_depth {depth} is above the most that can be read safely, {MAX_DEPTH}",
                    f"use at most {MAX_DEPTH}: the JSON and YAML parsers beneath cannot nest deeper safely",
                )
            )
        v.fail_if(problems, v.made(self))

    def check_size(self, size: int) -> None:
        """Refuse an input of ``size`` bytes when it is over :attr:`max_bytes`."""
        if size > self.max_bytes:
            v.refuse(
                codes.TOO_LARGE,
                "",
                f"the input is {size:,} bytes, over the limit of {self.max_bytes:,}",
                over_limit_hint("max_bytes", "split the document"),
            )


def read_source(source: str | os.PathLike[str] | IO[str] | IO[bytes], limits: Limits) -> tuple[str, str | bytes]:
    """The name of ``source`` (a path or an open file) and at most one character more than the size limit of it.

    A path's size is checked before anything is read (the error names the
    file); what a stream gives is checked by :func:`checked_text`, after one
    more than the limit is read (enough to refuse it, and no more).
    """
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        try:
            limits.check_size(os.path.getsize(name))
        except ValidationError as err:
            raise err.with_source(name) from None
        with open(name, "rb") as handle:
            return name, handle.read(limits.max_bytes + 1)
    return str(getattr(source, "name", "<stream>")), source.read(limits.max_bytes + 1)


def checked_text(raw: str | bytes, limits: Limits) -> str:
    """``raw`` as text: refused over the size limit (in UTF-8 bytes) or when its bytes are not UTF-8."""
    limits.check_size(len(raw.encode("utf-8", "surrogatepass")) if isinstance(raw, str) else len(raw))
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        v.refuse(codes.SYNTAX, "", f"the input is not UTF-8 text (byte {exc.start})", "save the file as UTF-8")


def detect_format(text: str) -> str:
    """Guess ``json`` or ``yaml`` from the first non-blank character.

    Examples
    --------
    >>> detect_format('  {"goalgraph": 1}'), detect_format("goalgraph: 1")
    ('json', 'yaml')
    """
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) == len(pairs):
        return data
    marked = v.DuplicateKeys(pairs)
    seen: set[str] = set()
    repeats: list[str] = []
    for key, _ in pairs:
        if key in seen and key not in repeats:
            repeats.append(key)
        seen.add(key)
    marked.duplicates = tuple(repeats)
    return marked


def _float(text: str) -> float | v.BadNumber:
    number = float(text)
    return number if math.isfinite(number) else v.BadNumber(text)


def _int(text: str) -> int | v.BadNumber:
    try:
        return int(text)
    except ValueError:  # int() refuses integers of more than 4,300 digits
        return v.BadNumber(text)


def parse_json(text: str) -> Any:
    """Parse JSON, marking duplicate keys and unrepresentable numbers for the reader to report.

    ``NaN``, ``Infinity``, numbers beyond the float range (``1e400``) and
    integers too long to convert become :class:`BadNumber` markers that
    quote the text, so each is reported with its path in the document.

    Examples
    --------
    >>> parse_json('{"w": 1, "w": 2}').duplicates
    ('w',)
    >>> parse_json('[NaN, 1e400, 2.5]')
    [BadNumber('NaN'), BadNumber('1e400'), 2.5]
    """
    try:
        data = _decode(text)
    except ValidationError:
        raise
    except ValueError:  # int() refuses integers of more than 4,300 digits
        # Read again with a hook that marks them. Only now: it slows down
        # every integer of every document.
        data = _decode(text, parse_int=_int)
    if _SURROGATE_ESCAPE.search(text):
        _refuse_lone_surrogates(data)
    return data


def parse_toml(text: str) -> dict[str, Any]:
    r"""Parse TOML, refused with a problem of the whole text (GG001, GG003) when it does not parse.

    The check configuration (``pyproject.toml``) and the spreadsheet's
    column mapping are read with it; each adds the name of its file to the
    error.

    Examples
    --------
    >>> parse_toml('[check]\nselect = ["GG1"]\n')
    {'check': {'select': ['GG1']}}
    >>> try:
    ...     parse_toml("[check")
    ... except ValidationError as err:
    ...     print(err.problems[0].code, err.problems[0].message)
    GG001 invalid TOML: ...
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        v.refuse(codes.SYNTAX, "", f"invalid TOML: {exc}", "fix the TOML syntax there")
    except RecursionError:  # tomllib parses nested arrays and inline tables by recursion
        v.refuse(codes.TOO_DEEP, "", "arrays or inline tables nested too deeply to parse", "flatten the nesting")


# JSON may escape half of a UTF-16 surrogate pair on its own ("\ud800"), which
# decodes to a string no UTF-8 file can hold: the graph could not be written
# back. Only a document with such an escape is walked to find it.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_lone_surrogates(data: Any) -> None:
    problems: list[Problem] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if _LONE_SURROGATE.search(node):
                problems.append(_surrogate_problem(path))
        elif isinstance(node, dict):
            for key, child in node.items():
                if _LONE_SURROGATE.search(key):
                    problems.append(_surrogate_problem(f"{path}/{v.escape(key)}"))
                stack.append((f"{path}/{v.escape(key)}", child))
        elif isinstance(node, list):
            stack.extend((f"{path}/{index}", child) for index, child in enumerate(node))
    if problems:
        raise ValidationError(sorted(problems, key=lambda p: p.path))


def _surrogate_problem(path: str) -> Problem:
    return Problem(
        codes.SYNTAX,
        path,
        "the text holds half of a UTF-16 surrogate pair (an escape such as \\ud800 without its partner)",
        "write the character itself, or escape both halves of the pair",
    )


def _decode(text: str, **hooks: Any) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=v.BadNumber, parse_float=_float, **hooks)
    except json.JSONDecodeError as exc:
        v.refuse(
            codes.SYNTAX,
            "",
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            "fix the JSON syntax there (a JSON linter shows it too)",
        )
    except RecursionError:
        v.refuse(codes.TOO_DEEP, "", "the JSON is nested too deeply to read", "flatten the nested lists or mappings")


def parse_yaml(text: str, limits: Limits) -> Any:
    r"""Parse one YAML document safely: plain data only, read as YAML 1.2 reads it, bounded.

    PyYAML's parser (its C version when installed) gives the events; the
    data is built from them here, in one pass and without recursion, by
    :class:`_Builder`. No PyYAML constructor runs, so nothing it cannot
    build escapes as its own exception, and every refusal has a path:
    aliases and anchors, tags other than the plain-data ones (or on the
    wrong kind of node), several documents, nesting deeper than the
    limit, more ``x-`` values than the node limit, and the scalars that
    YAML 1.1 reads differently from YAML 1.2 (``017``, ``0x1F``, ``1:30``,
    ``1_000``, merge keys ``<<``), which must be quoted.

    Examples
    --------
    >>> parse_yaml("a: 1\nb: [x, 1e3, .5, +5, 2026-07-01]", Limits())
    {'a': 1, 'b': ['x', 1000.0, 0.5, 5, datetime.date(2026, 7, 1)]}
    >>> try:
    ...     parse_yaml("a: &x 1\nb: *x", Limits())
    ... except ValidationError as err:
    ...     print(err.problems[0].code, err.problems[0].path)
    GG004 /a
    >>> try:
    ...     parse_yaml("weight: 017", Limits())
    ... except ValidationError as err:
    ...     print(err.problems[0].code, err.problems[0].message)
    GG008 YAML 1.1 reads 017 as the octal number 15, YAML 1.2 as 17
    """
    yaml = yaml_module("reading YAML")
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    builder = _Builder(limits)
    try:
        builder.feed(yaml.parse(text, Loader=base))
    except _OverLimitError:
        pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        if "nesting depth" in str(exc.problem):  # the parser's own depth limit (libyaml's is 1,000)
            v.refuse(
                codes.TOO_DEEP,
                "",
                f"the YAML is nested too deeply to read{where}",
                "flatten the nested lists or mappings",
            )
        v.refuse(codes.SYNTAX, "", f"invalid YAML{where}: {exc.problem}", "fix the YAML syntax there")
    except yaml.YAMLError as exc:
        v.refuse(codes.SYNTAX, "", f"invalid YAML: {exc}", "fix the YAML syntax")
    if builder.problems:
        raise ValidationError(builder.problems)
    return builder.root


_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ, _TIMESTAMP = (
    _CORE + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_SCALAR_TAGS = frozenset({"!", _STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP})

# Plain scalars, resolved as YAML 1.2's core schema does, except that YAML
# 1.1's booleans stay booleans (so that ``owner: NO`` is refused where an
# id belongs, rather than read as the text "NO" that was perhaps not meant).
_TRUE = frozenset({"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"})
_FALSE = frozenset({"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"})
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NON_FINITE = frozenset(
    sign + body for sign in ("", "+", "-") for body in (".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN")
)
_INTEGER = re.compile(r"[-+]?[0-9]+")
_REAL = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_TIMESTAMP_TEXT = re.compile(
    r"""(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})
    (?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]*))?
    (?:[ \t]*(?P<tz>Z|(?P<sign>[-+])(?P<tz_hour>[0-9]{1,2})(?::(?P<tz_minute>[0-9]{2}))?))?""",
    re.VERBOSE,
)
# What YAML 1.1 (PyYAML's resolver) reads as a number and YAML 1.2 as text or another number.
_YAML11 = (
    (re.compile(r"[-+]?0b[01_]+"), "a binary number"),
    (re.compile(r"[-+]?0x[0-9a-fA-F_]+"), "a hexadecimal number"),
    (re.compile(r"[-+]?0o[0-7_]+"), "an octal number"),
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"), "a base-60 number"),
    (re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"), "a number with _ separators"),
)


class _Builder:
    """Plain data from YAML parse events, built iteratively, with every problem's JSON pointer.

    Each open mapping or list is a frame ``[container, key, index, duplicates]``:
    ``key`` is the mapping key whose value comes next (:data:`_KEY` while a key
    is awaited), ``index`` the next list position. Paths are made only for
    problems, from the frames, so a long list costs no string per item.
    """

    __slots__ = ("extra_nodes", "free", "limits", "problems", "root", "stack")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.problems: list[Problem] = []
        self.root: Any = None
        self.stack: list[list[Any]] = []
        # The depth of the frame that opened an x- value (0: outside any), and
        # the scalars, lists and mappings counted inside x- values so far.
        self.free = 0
        self.extra_nodes = 0

    def feed(self, events: Iterable[Any]) -> None:
        """Build the document from ``events``; stop at the first problem that makes reading on pointless."""
        yaml = yaml_module("reading YAML")
        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        starts, ends = (yaml.MappingStartEvent, yaml.SequenceStartEvent), (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        documents = 0
        for event in events:
            kind = type(event)
            if kind is scalar:
                self.scalar(event)
            elif kind in ends:
                self.close()
            elif kind in starts:
                if not self.open(event, kind is yaml.MappingStartEvent):
                    return
            elif kind is alias:
                self.problems.append(_alias_problem(self.path(), f"alias *{event.anchor}"))
                self.put(None)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.problems.append(
                        Problem(
                            codes.MULTIPLE_DOCUMENTS,
                            "",
                            "the stream holds more than one YAML document (a second '---')",
                            "keep one document per file",
                        )
                    )
                    return

    # -- the tree ----------------------------------------------------------

    def path(self, depth: int | None = None) -> str:
        """The JSON pointer of the node that comes next, or of the one open at ``depth``'s key."""
        parts = []
        for container, key, index, _ in self.stack[:depth]:
            if type(container) is list:
                parts.append(str(index))
            elif key is not _KEY:
                parts.append(v.escape(str(key)))
            else:
                break  # the node is a key: it is shown at its mapping's path
        return "".join("/" + part for part in parts)

    def put(self, value: Any, *, counted: bool = False) -> None:
        """Place a finished node: as the root, a list item, a mapping key, or a key's value."""
        if self.free and not counted:
            self.count()
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame[0]
        if type(container) is list:
            container.append(value)
            frame[2] += 1
        elif frame[1] is _KEY:
            if isinstance(value, (dict, list)) or value is _COMPLEX:
                self.problems.append(
                    Problem(
                        codes.WRONG_TYPE,
                        self.path(),
                        "a mapping key is itself a mapping or a list",
                        "use plain text keys",
                    )
                )
                value = _COMPLEX
            frame[1] = value
            if not self.free and isinstance(value, str) and value.startswith("x-"):
                self.free = len(self.stack)
        else:
            key = frame[1]
            if key is not _COMPLEX:
                try:
                    if key in container:
                        frame[3].append(key)
                    container[key] = value
                except TypeError:  # an unhashable key was refused above; a date or number is hashable
                    pass
            frame[1] = _KEY
            if self.free == len(self.stack):
                self.free = 0

    def open(self, event: Any, mapping: bool) -> bool:
        """Start a mapping or list; false when the depth limit is passed (reading stops there)."""
        self.anchored(event)
        tag = event.tag
        wanted = _MAP if mapping else _SEQ
        if tag is not None and tag != wanted and tag != "!":
            self.wrong_tag(tag, "a mapping" if mapping else "a list")
        if self.free:
            self.count()
        container: Any = {} if mapping else []
        if len(self.stack) >= self.limits.max_depth:
            self.problems.append(
                Problem(
                    codes.TOO_DEEP,
                    self.path(),
                    f"the document is nested deeper than {self.limits.max_depth} levels",
                    over_limit_hint("max_depth", "flatten the nesting"),
                )
            )
            return False
        self.stack.append([container, _KEY, 0, []])
        return True

    def close(self) -> None:
        container, _, _, duplicates = self.stack.pop()
        if duplicates:
            marked = v.DuplicateKeys(container)
            marked.duplicates = tuple(dict.fromkeys(duplicates))
            container = marked
        self.put(container, counted=True)  # an x- container was counted when it opened

    def count(self) -> None:
        self.extra_nodes += 1
        if self.extra_nodes > self.limits.max_nodes:
            self.problems.append(
                Problem(
                    codes.TOO_LARGE,
                    self.path(self.free),
                    f"the x- values hold more than {self.limits.max_nodes:,} values (scalars, lists and mappings), "
                    f"over the node limit",
                    over_limit_hint("max_nodes", "keep less host data in the document"),
                )
            )
            raise _OverLimitError

    # -- scalars -----------------------------------------------------------

    def scalar(self, event: Any) -> None:
        self.anchored(event)
        tag, text = event.tag, event.value
        if tag is None and event.implicit[0]:
            value = self.plain(text)
        elif tag is None or tag == "!" or tag == _STR:
            value = text
        elif tag in _SCALAR_TAGS:
            value = self.tagged(tag, text)
        else:
            self.wrong_tag(tag, "a scalar")
            value = text
        if tag is None and event.implicit[0] and text == "<<" and self.awaiting_key():
            self.problems.append(
                Problem(
                    codes.YAML_AMBIGUOUS,
                    self.path(),
                    "a merge key (<<) would copy another mapping's keys in YAML 1.1, and is a plain key in YAML 1.2",
                    "write the keys out in full, or quote '<<' if it is meant as a key",
                )
            )
        self.put(value)

    def awaiting_key(self) -> bool:
        return bool(self.stack) and type(self.stack[-1][0]) is dict and self.stack[-1][1] is _KEY

    def plain(self, text: str) -> Any:
        """A plain (unquoted, untagged) scalar as YAML 1.2 reads it; YAML 1.1's other readings refused."""
        first = text[:1]
        if first in _DIGIT_START or not text:
            if _INTEGER.fullmatch(text):
                return self.integer(text)
            if _REAL.fullmatch(text):
                return self.real(text)
            if text in _NULLS:
                return None
            if text in _NON_FINITE:
                return v.BadNumber(text)
            if ISO_DATE.fullmatch(text):
                return _date_or_text(text)
            if first.isdigit() and _TIMESTAMP_TEXT.fullmatch(text):
                return _timestamp(text)
            for pattern, what in _YAML11:
                if pattern.fullmatch(text):
                    self.ambiguous(text, what)
                    return text
            return text
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if text in _NULLS:
            return None
        return text

    def integer(self, text: str) -> int | v.BadNumber | str:
        digits = text.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0":
            # The decimal reading as text: int() refuses more than 4,300 digits.
            decimal = _shown(text[: len(text) - len(digits)] + (digits.lstrip("0") or "0"))
            hint = f"write {decimal} without leading zeros, or quote '{_shown(text)}' if it is text (an id, a code)"
            if _OCTAL.fullmatch(text) and len(digits) <= 30:
                message = f"YAML 1.1 reads {text} as the octal number {int(text, 8)}, YAML 1.2 as {decimal}"
            else:
                message = f"{_shown(text)} has a leading zero, which YAML 1.1 reads as an octal number"
            self.problems.append(Problem(codes.YAML_AMBIGUOUS, self.path(), message, hint))
            return text
        try:
            return int(text)
        except ValueError:  # int() refuses integers of more than 4,300 digits
            return v.BadNumber(text)

    def real(self, text: str) -> float | v.BadNumber:
        number = float(text)
        return number if math.isfinite(number) else v.BadNumber(text)

    def ambiguous(self, text: str, what: str) -> None:
        self.problems.append(
            Problem(
                codes.YAML_AMBIGUOUS,
                self.path(),
                f"{_shown(text)} is {what} to some YAML readers and text to others (YAML 1.1 and 1.2 disagree)",
                f"quote it ('{_shown(text)}') if it is text, or write the number in decimal digits",
            )
        )

    def tagged(self, tag: str, text: str) -> Any:
        """A scalar with an explicit plain-data tag (``!!int 5``): read as the tag says, or refused."""
        value: Any
        if tag == _INT:
            value = self.plain(text) if _INTEGER.fullmatch(text) else _MISMATCH
        elif tag == _FLOAT:
            value = self.plain(text) if _INTEGER.fullmatch(text) or _REAL.fullmatch(text) else _MISMATCH
            if text in _NON_FINITE:
                value = v.BadNumber(text)
            elif isinstance(value, int):
                value = float(value)
        elif tag == _BOOL:
            value = True if text in _TRUE else False if text in _FALSE else _MISMATCH
        elif tag == _NULL:
            value = None if text in _NULLS else _MISMATCH
        else:  # timestamp
            if ISO_DATE.fullmatch(text):
                value = _date_or_text(text)
            else:
                value = _timestamp(text) if _TIMESTAMP_TEXT.fullmatch(text) else _MISMATCH
        if value is _MISMATCH:
            self.problems.append(
                Problem(
                    codes.YAML_TAG,
                    self.path(),
                    f"the YAML tag !!{tag[len(_CORE) :]} does not fit the value {text!r}",
                    "remove the tag, or give a value of that type",
                )
            )
            return text
        return value

    def anchored(self, event: Any) -> None:
        if event.anchor is not None:
            self.problems.append(_alias_problem(self.path(), f"anchor &{event.anchor}"))

    def wrong_tag(self, tag: str, node: str) -> None:
        shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
        allowed = tag in _SCALAR_TAGS or tag in (_MAP, _SEQ)
        self.problems.append(
            Problem(
                codes.YAML_TAG,
                self.path(),
                f"the YAML tag {shown} is not allowed on {node}" if allowed else f"the YAML tag {shown} is not allowed",
                "remove the tag: documents hold plain data only",
            )
        )


class _OverLimitError(Exception):
    """Reading stops: a limit is passed and the rest cannot change the outcome."""


_KEY: Any = object()  # a mapping frame awaits a key
_COMPLEX: Any = object()  # a key that was a mapping or a list
_MISMATCH: Any = object()
_DIGIT_START = frozenset("0123456789+-.")
_OCTAL = re.compile(r"[-+]?0[0-7]+")


def _shown(text: str) -> str:
    """A scalar as a message quotes it: in full, or its start and length when it is long."""
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text):,} characters)"


def _date_or_text(text: str) -> datetime.date | str:
    """An ISO date; an impossible one (``2026-02-30``) stays text, for the date field to refuse with its path."""
    day = iso_date(text)
    return text if day is None else day


def _timestamp(text: str) -> datetime.datetime | str:
    """A YAML date-time (date fields refuse it: they take a date alone); an impossible one stays text."""
    match = _TIMESTAMP_TEXT.fullmatch(text)
    assert match is not None
    parts = match.groupdict()
    zone: datetime.tzinfo | None = None
    if parts["sign"]:
        offset = datetime.timedelta(hours=int(parts["tz_hour"]), minutes=int(parts["tz_minute"] or 0))
        zone = datetime.timezone(-offset if parts["sign"] == "-" else offset)
    elif parts["tz"]:
        zone = datetime.UTC
    fraction = int((parts["fraction"] or "")[:6].ljust(6, "0"))
    try:
        return datetime.datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"]),
            int(parts["minute"]),
            int(parts["second"]),
            fraction,
            tzinfo=zone,
        )
    except ValueError:
        return text


def _alias_problem(path: str, what: str) -> Problem:
    return Problem(
        codes.YAML_ALIAS,
        path,
        f"YAML anchors and aliases are not allowed ({what})",
        "write the value out in full; aliases can expand without bound",
    )

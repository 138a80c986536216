"""Text to plain data, with the guards that stock parsers lack.

JSON and YAML parsers keep the last of duplicate keys silently, read
``NaN``, and (YAML) expand aliases, construct tagged objects and read
several documents from one stream. These readers refuse all of that with
a :class:`~goalgraph.ValidationError`, and enforce the :class:`Limits`
before or while parsing. YAML is read with a safe loader only.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable
from typing import IO, Any

import attrs

from goalgraph import _validators as v
from goalgraph._errors import Problem, ValidationError

__all__ = ["FIELDS", "Limits", "detect_format", "over_limit_hint", "parse_json", "parse_yaml"]

MIB = 2**20


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
        rest is for ``x-`` keys and custom parameters). Command line:
        ``--max-depth``.
    max_nodes : int, default 2000000
        The most cycles, owners, objectives, key results and KPIs in one
        document (rows, in a spreadsheet). Command line: ``--max-nodes``.
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
                    Problem(v.WRONG_TYPE, f"/{field}", f"{field} must be a positive integer, got {value!r}")
                )
        v.fail_if(problems, v.made(self))

    def check_size(self, size: int) -> None:
        """Refuse an input of ``size`` bytes when it is over :attr:`max_bytes`."""
        if size > self.max_bytes:
            v.refuse(
                v.TOO_LARGE,
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
        v.refuse(v.SYNTAX, "", f"the input is not UTF-8 text (byte {exc.start})", "save the file as UTF-8")


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
        v.SYNTAX,
        path,
        "the text holds half of a UTF-16 surrogate pair (an escape such as \\ud800 without its partner)",
        "write the character itself, or escape both halves of the pair",
    )


def _decode(text: str, **hooks: Any) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=v.BadNumber, parse_float=_float, **hooks)
    except json.JSONDecodeError as exc:
        v.refuse(
            v.SYNTAX,
            "",
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            "fix the JSON syntax there (a JSON linter shows it too)",
        )
    except RecursionError:
        v.refuse(v.TOO_DEEP, "", "the JSON is nested too deeply to read", "flatten the nested lists or mappings")


# The YAML tags that plain data needs. Others (python/*, set, omap, binary,
# local tags) construct objects the document format has no place for.
_SAFE_TAGS = frozenset(
    {"!"} | {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
)


def _import_yaml() -> Any:
    try:
        import yaml
    except ImportError:
        raise ImportError(
            "reading YAML needs PyYAML: install goalgraph with the yaml extra (pip install 'goalgraph[yaml]'), "
            "or use JSON"
        ) from None
    return yaml


def parse_yaml(text: str, limits: Limits) -> Any:
    r"""Parse one YAML document safely: no aliases, no object tags, bounded depth.

    The event stream is checked first, without building anything, so an
    alias bomb or a deep nest is refused before it is expanded. Then the
    document is constructed with a safe loader that marks duplicate keys.

    Examples
    --------
    >>> parse_yaml("a: 1\nb: [x, y]", Limits())
    {'a': 1, 'b': ['x', 'y']}
    >>> try:
    ...     parse_yaml("a: &x 1\nb: *x", Limits())
    ... except ValidationError as err:
    ...     print(err.problems[0].code, err.problems[0].path)
    GG004 /a
    """
    yaml = _import_yaml()
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        problems = _scan_events(yaml, yaml.parse(text, Loader=base), limits)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        v.refuse(v.SYNTAX, "", f"invalid YAML{where}: {exc.problem}", "fix the YAML syntax there")
    except yaml.YAMLError as exc:
        v.refuse(v.SYNTAX, "", f"invalid YAML: {exc}", "fix the YAML syntax")
    if problems:
        raise ValidationError(problems)
    loader = _strict_loader(yaml, base)(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _scan_events(yaml: Any, events: Iterable[Any], limits: Limits) -> list[Problem]:
    """Walk the parse events, tracking the JSON pointer of each node."""
    problems: list[Problem] = []
    # Each frame: [path, is_mapping, expecting_key, key, index]
    stack: list[list[Any]] = []
    documents = 0

    def advance() -> None:
        if stack:
            frame = stack[-1]
            if frame[1]:
                frame[2] = True
            else:
                frame[4] += 1

    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                problems.append(
                    Problem(
                        v.MULTIPLE_DOCUMENTS,
                        "",
                        "the stream holds more than one YAML document (a second '---')",
                        "keep one document per file",
                    )
                )
                break
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            advance()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        is_key = bool(stack) and stack[-1][1] and stack[-1][2]
        if not stack:
            path = ""
        elif stack[-1][1]:
            path = stack[-1][0] + ("" if is_key else "/" + v.escape(str(stack[-1][3])))
        else:
            path = f"{stack[-1][0]}/{stack[-1][4]}"
        if isinstance(event, yaml.AliasEvent):
            problems.append(_alias_problem(path, f"alias *{event.anchor}"))
            if is_key:
                stack[-1][2], stack[-1][3] = False, "*" + str(event.anchor)
            else:
                advance()
            continue
        if event.anchor is not None:
            problems.append(_alias_problem(path, f"anchor &{event.anchor}"))
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _SAFE_TAGS:
            problems.append(
                Problem(
                    v.YAML_TAG,
                    path,
                    f"the YAML tag {tag} is not allowed",
                    "remove the tag: documents hold plain data only",
                )
            )
        if isinstance(event, yaml.ScalarEvent):
            if is_key:
                stack[-1][2], stack[-1][3] = False, event.value
            else:
                advance()
            continue
        if is_key:
            problems.append(
                Problem(v.WRONG_TYPE, path, "a mapping key is itself a mapping or a list", "use plain text keys")
            )
            stack[-1][2], stack[-1][3] = False, "?"
        stack.append([path, isinstance(event, yaml.MappingStartEvent), True, None, 0])
        if len(stack) > limits.max_depth:
            problems.append(
                Problem(
                    v.TOO_DEEP,
                    path,
                    f"the document is nested deeper than {limits.max_depth} levels",
                    over_limit_hint("max_depth", "flatten the nesting"),
                )
            )
            break
    return problems


def _alias_problem(path: str, what: str) -> Problem:
    return Problem(
        v.YAML_ALIAS,
        path,
        f"YAML anchors and aliases are not allowed ({what})",
        "write the value out in full; aliases can expand without bound",
    )


_LOADERS: dict[type, type] = {}


def _strict_loader(yaml: Any, base: type) -> Any:
    """A subclass of the safe loader whose mappings mark duplicate keys.

    Scalars the safe loader would fail on with a bare ``ValueError`` (an
    integer of more than 4,300 digits, ``2026-02-30``, ``!!float abc``)
    are kept for the reader to report with their path: numbers as
    :class:`BadNumber`, dates as their text (which a date field refuses).
    """
    if base in _LOADERS:
        return _LOADERS[base]

    class StrictLoader(base):  # type: ignore[misc]
        pass

    def construct_mapping(loader: Any, node: Any) -> dict[str, Any]:
        loader.flatten_mapping(node)
        pairs = [
            (loader.construct_object(key, deep=True), loader.construct_object(value, deep=True))
            for key, value in node.value
        ]
        return _pairs(pairs)

    def construct_number(loader: Any, node: Any) -> Any:
        make = loader.construct_yaml_float if node.tag.endswith(":float") else loader.construct_yaml_int
        try:
            return make(node)
        except ValueError:
            return v.BadNumber(node.value)

    def construct_timestamp(loader: Any, node: Any) -> Any:
        try:
            return loader.construct_yaml_timestamp(node)
        except ValueError:
            return str(node.value)

    StrictLoader.add_constructor("tag:yaml.org,2002:map", construct_mapping)
    StrictLoader.add_constructor("tag:yaml.org,2002:int", construct_number)
    StrictLoader.add_constructor("tag:yaml.org,2002:float", construct_number)
    StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    _LOADERS[base] = StrictLoader
    return StrictLoader

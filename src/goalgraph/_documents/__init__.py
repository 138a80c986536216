"""Reading and writing goalgraph documents (JSON, and YAML with the ``yaml`` extra)."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from importlib import resources
from typing import IO, Any, Literal

from goalgraph._core.collector import paused
from goalgraph._core.errors import ValidationError
from goalgraph._documents.parse import Limits, checked_text, detect_format, parse_json, parse_yaml, read_source
from goalgraph._documents.read import read
from goalgraph._documents.write import dumps_data, to_dict
from goalgraph._graph.graph import GoalGraph
from goalgraph._registry.registry import Registry, default_registry

__all__ = ["Limits", "dump", "dumps", "from_dict", "load", "load_example", "loads"]

Format = Literal["json", "yaml"]
_SUFFIXES: dict[str, Format] = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def load(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    format: Format | None = None,
    limits: Limits | None = None,
    registry: Registry | None = None,
) -> GoalGraph:
    """Read a document from a path or an open file.

    Parameters
    ----------
    source : path or file
        A path (``.json``, ``.yaml`` or ``.yml``) or a file opened for
        reading, in text or binary mode.
    format : {"json", "yaml"}, optional
        Overrides the format given by the file's suffix or content.
    limits : Limits, optional
        Resource limits; the size limit is checked before reading.
    registry : Registry, optional
        Where the names of custom scorers and aggregators must be
        registered; default ``goalgraph.default_registry``.

    Returns
    -------
    GoalGraph

    Raises
    ------
    ValidationError
        Listing every problem, each with a code, a JSON pointer and a hint;
        its message names the file. Nothing is half-loaded.
    CycleError
        When alignments form a cycle (a kind of ValidationError).
    OSError
        When the file cannot be read.

    Examples
    --------
    >>> import goalgraph, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "okrs.json"
    >>> goalgraph.dump(goalgraph.load_example(), path)
    >>> len(goalgraph.load(path).objectives) >= 30
    True
    """
    limits = limits or Limits()
    name, raw = read_source(source, limits)
    if isinstance(source, (str, os.PathLike)):
        format = format or _SUFFIXES.get(os.path.splitext(name)[1].lower())
    try:
        return loads(raw, format, limits=limits, registry=registry)
    except ValidationError as err:
        raise err.with_source(name) from None


def loads(
    text: str | bytes,
    format: Format | None = None,
    *,
    limits: Limits | None = None,
    registry: Registry | None = None,
) -> GoalGraph:
    """Read a document from a string.

    Parameters
    ----------
    text : str or bytes
        The document; bytes must be UTF-8.
    format : {"json", "yaml"}, optional
        Default: JSON when the text starts with ``{``, YAML otherwise.
    limits, registry
        As for :func:`load`.

    Examples
    --------
    >>> g = loads('{"goalgraph": 1, "owners": [{"id": "acme", "level": "company"}]}')
    >>> list(g.owners)
    ['acme']
    >>> try:
    ...     loads('{"goalgraph": 1, "owners": [{"id": "acme", "levl": "company"}]}')
    ... except ValidationError as err:
    ...     for problem in err.problems:
    ...         print(problem.code, problem.path, problem.hint)
    GG010 /owners/0/levl remove it, or put host data under an x- key (did you mean 'level'?)
    GG011 /owners/0/level add level
    """
    limits = limits or Limits()
    text = checked_text(text, limits)
    chosen = format or detect_format(text)
    if chosen not in ("json", "yaml"):
        raise ValueError(f"format must be 'json' or 'yaml', got {format!r}")
    with paused():
        data = parse_json(text) if chosen == "json" else parse_yaml(text, limits)
        return read(data, limits, registry or default_registry)


def from_dict(
    data: Mapping[str, Any],
    *,
    limits: Limits | None = None,
    registry: Registry | None = None,
) -> GoalGraph:
    """Build a graph from a document mapping (as parsed JSON or YAML gives).

    Dates may be :class:`datetime.date` objects or ``YYYY-MM-DD`` strings.

    Examples
    --------
    >>> g = from_dict({"goalgraph": 1, "cycles": [{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}]})
    >>> g.cycles["Q3"].start
    datetime.date(2026, 7, 1)
    """
    with paused():
        return read(data, limits or Limits(), registry or default_registry)


def dumps(graph: GoalGraph, format: Format = "json") -> str:
    r"""Write ``graph`` as document text; the same graph always gives the same text.

    Parameters
    ----------
    graph : GoalGraph
    format : {"json", "yaml"}, default "json"
        YAML needs the ``yaml`` extra.

    Notes
    -----
    Determinism comes from a fixed order, not from sorting: sections, then
    entities in the order they were added, then each entity's fields in the
    order of the document format (``id`` and ``title`` first, ``x-`` keys
    last), with values equal to their defaults left out. Sorted keys would
    be just as deterministic but put ``aligns_to`` before ``id``, which is
    harder to read; results (:meth:`Scorecard.to_dict` through the command
    line's ``--format json``) are written with sorted keys.

    Examples
    --------
    >>> from goalgraph import GoalGraph
    >>> dumps(GoalGraph())
    '{\n  "goalgraph": 1\n}\n'
    """
    return dumps_data(to_dict(graph), format)


def dump(
    graph: GoalGraph,
    target: str | os.PathLike[str] | IO[str],
    *,
    format: Format | None = None,
) -> None:
    r"""Write ``graph`` to a path or a text file; the format follows the suffix (default JSON).

    Only the path given is written.

    Examples
    --------
    >>> import goalgraph, io
    >>> out = io.StringIO()
    >>> goalgraph.dump(goalgraph.GoalGraph(), out)
    >>> out.getvalue()
    '{\n  "goalgraph": 1\n}\n'
    """
    if isinstance(target, (str, os.PathLike)):
        name = os.fspath(target)
        text = dumps(graph, format or _SUFFIXES.get(os.path.splitext(name)[1].lower(), "json"))
        with open(name, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    else:
        target.write(dumps(graph, format or "json"))


def example_text() -> str:
    """The text of the bundled example organisation (JSON)."""
    return resources.files("goalgraph").joinpath("examples/acme.json").read_text(encoding="utf-8")


def load_example() -> GoalGraph:
    """The bundled example organisation that ``goalgraph demo`` scores.

    Acme Cloud, a B2B analytics SaaS company: company, departments, teams
    and individuals, two quarters of OKRs, every metric type, KPIs with
    monthly history.

    Examples
    --------
    >>> g = load_example()
    >>> "acme" in g.owners
    True
    """
    try:
        return load(io.StringIO(example_text()), format="json")
    except ValidationError as err:
        raise err.with_source("the bundled example") from None

"""Many organisations at once: one graph is the unit of work, and the same kernel runs everywhere.

:func:`score_many` scores a list of documents in this process;
:func:`score_frame` turns one organisation's flat goal rows into its score
table, the function a distributed engine calls once per organisation (Dask's
groupby, Spark's ``applyInPandas``; see :mod:`goalgraph.dask`).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from goalgraph._core.errors import GoalGraphError, ValidationError
from goalgraph._documents import from_dict, load
from goalgraph._export.tables import SCORE_COLUMNS, score_table, table_frame
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.policy import Policy
from goalgraph._registry.registry import Registry
from goalgraph._scoring.results import Scorecard
from goalgraph._scoring.score import score
from goalgraph._spreadsheet import ColumnMap, goals_from_rows
from goalgraph._time.timeline import as_of_date

if TYPE_CHECKING:
    import pandas

__all__ = ["document_graph", "score_frame", "score_many"]

Document = GoalGraph | Mapping[str, Any] | str | os.PathLike[str]


def score_many(
    documents: Iterable[GoalGraph | Mapping[str, Any] | str | os.PathLike[str]],
    *,
    as_of: datetime.date | str | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> list[Scorecard]:
    """Score many documents on one date.

    Parameters
    ----------
    documents : iterable
        Each a :class:`~goalgraph.GoalGraph`, a document mapping (read with
        :func:`~goalgraph.from_dict`) or a path (read with
        :func:`~goalgraph.load`).
    as_of : datetime.date or str, optional
        The scoring date of every document; default today, read once for the
        whole batch so that a batch running over midnight scores every
        document on the same date.
    policy, registry : optional
        As for :func:`~goalgraph.score`.

    Returns
    -------
    list of Scorecard
        One per document, in order.

    Raises
    ------
    ValidationError
        When a document is invalid; its message names the document's
        position in the batch (from 0) and its path. Nothing is returned for
        the others.
    TypeError
        When an item is none of the above.

    Examples
    --------
    >>> import goalgraph
    >>> example = goalgraph.load_example()
    >>> cards = goalgraph.score_many([example, example.to_dict()], as_of="2026-11-16")
    >>> [card.score_of("acme-q4-1") == cards[0].score_of("acme-q4-1") for card in cards]
    [True, True]
    >>> try:
    ...     goalgraph.score_many([example, {"goalgraph": 1, "owners": [{"id": "a"}]}], as_of="2026-11-16")
    ... except goalgraph.ValidationError as err:
    ...     print(err)
    1 problem in document 1:
      /owners/0/level: the field 'level' is missing [GG011]
          hint: add level
    """
    day = as_of_date(as_of)
    cards = []
    for index, document in enumerate(documents):
        if not isinstance(document, (GoalGraph, Mapping, str, os.PathLike)):
            raise TypeError(f"document {index} must be a GoalGraph, a mapping or a path, not {type(document).__name__}")
        try:
            cards.append(score(document_graph(document, registry), day, policy, registry))
        except ValidationError as err:
            raise err.with_source(_where(index, document)) from None
        except GoalGraphError as err:
            err.add_note(f"in {_where(index, document)}")
            raise
    return cards


def document_graph(document: Document, registry: Registry | None = None) -> GoalGraph:
    """The graph of one batch item: a graph as it is, a mapping read with ``from_dict``, a path loaded."""
    if isinstance(document, GoalGraph):
        return document
    if isinstance(document, Mapping):
        return from_dict(document, registry=registry)
    if isinstance(document, (str, os.PathLike)):
        return load(document, registry=registry)
    raise TypeError(f"a document must be a GoalGraph, a mapping or a path, got {type(document).__name__}")


def _where(index: int, document: Document) -> str:
    if isinstance(document, (str, os.PathLike)):
        return f"document {index} ({os.fspath(document)})"
    return f"document {index}"


def score_frame(
    frame: pandas.DataFrame,
    *,
    mapping: ColumnMap | None = None,
    as_of: datetime.date | str | None = None,
    keep: Iterable[str] = (),
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> pandas.DataFrame:
    """One organisation's flat goal rows in, its score table out: the kernel for grouped tables.

    Parameters
    ----------
    frame : pandas.DataFrame
        One organisation's goals, one row per goal, in the flat format
        :func:`~goalgraph.goals_from_rows` reads (the columns
        :func:`~goalgraph.goals_csv` writes, or others named by ``mapping``).
    mapping : ColumnMap, optional
        Which columns hold what; default the standard column names.
    as_of : datetime.date or str, optional
        The scoring date; default today. A distributed job should pass one.
    keep : iterable of str
        Columns of ``frame`` whose value is the same on every row, such as
        the organisation's key; they come first in the result, on every row.
    policy, registry : optional
        As for :func:`~goalgraph.score`.

    Returns
    -------
    pandas.DataFrame
        The ``keep`` columns (with their dtypes), then the columns of
        :func:`~goalgraph.score_table`, typed as :func:`~goalgraph.table_frame`
        types them; one row per node.

    Raises
    ------
    ValidationError
        When the rows do not make a valid graph.
    ValueError
        When a ``keep`` column is missing or holds more than one value.
        (A frame without rows gives a table without rows.)
    ImportError
        When pandas is not installed: ``pip install 'goalgraph[pandas]'``.

    Notes
    -----
    Cells may hold text or what pandas reads (numbers, booleans, dates,
    ``NaN`` and ``None`` for empty cells), as :func:`~goalgraph.goals_from_rows`
    takes them. This is the function Dask's grouped apply and Spark's
    ``applyInPandas`` call for each organisation; see
    :func:`goalgraph.dask.score_partitioned`.

    Examples
    --------
    >>> import csv, io, goalgraph, pandas
    >>> graph = goalgraph.load_example()
    >>> frame = pandas.read_csv(io.StringIO(goalgraph.goals_csv(graph)), dtype=str).assign(org="acme")
    >>> scores = goalgraph.score_frame(frame, as_of="2026-11-16", keep=["org"])
    >>> list(scores.columns[:3]), scores["org"].unique().tolist()
    (['org', 'as_of', 'id'], ['acme'])
    >>> float(scores.set_index("id").loc["acme-q4-1-kr1", "score"])
    0.25
    """
    try:
        import pandas
    except ImportError:
        raise ImportError("score_frame needs pandas: pip install 'goalgraph[pandas]'") from None
    kept = _constants(frame, list(keep))
    rows = [{str(name): value for name, value in record.items()} for record in frame.to_dict("records")]
    graph = goals_from_rows(rows, mapping, registry=registry) if rows else GoalGraph()
    table = table_frame(score_table(graph, as_of_date(as_of), policy=policy, registry=registry), SCORE_COLUMNS)
    for position, (name, value) in enumerate(kept.items()):
        table.insert(position, name, pandas.Series([value] * len(table), dtype=frame[name].dtype))
    return table


def _constants(frame: pandas.DataFrame, keep: list[str]) -> dict[str, Any]:
    missing = [name for name in keep if name not in frame.columns]
    if missing:
        raise ValueError(f"keep names columns the frame does not have: {', '.join(map(repr, missing))}")
    kept = {}
    for name in keep:
        values = frame[name].unique()
        if len(values) > 1:
            shown = ", ".join(repr(value) for value in values[:3])
            raise ValueError(f"keep column {name!r} must hold one value in the frame (one organisation), has {shown}")
        kept[name] = values[0] if len(values) else None
    return kept

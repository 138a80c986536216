"""Score many organisations with Dask: the same kernel as in one process, the same results.

One organisation's graph is the unit of work. :func:`score_bag` maps a
:class:`dask.bag.Bag` of documents to their score rows;
:func:`score_partitioned` turns a :class:`dask.dataframe.DataFrame` of many
organisations' flat goal rows into their score tables, calling
:func:`goalgraph.score_frame` once per organisation. Both need the scoring
date: a batch must not depend on each worker's clock.

Needs the ``dask`` extra (``pip install 'goalgraph[dask]'``); Dask is
imported when a function is called, not with this module.

Examples
--------
>>> import dask, dask.bag, goalgraph
>>> import goalgraph.dask as gd
>>> documents = [{**goalgraph.load_example().to_dict(), "x-organisation": name} for name in ("acme", "globex")]
>>> rows = gd.score_bag(dask.bag.from_sequence(documents), as_of="2026-11-16")
>>> with dask.config.set(scheduler="synchronous"):
...     computed = rows.compute()
>>> sorted({row["document"] for row in computed}), len(computed) == 2 * len(goalgraph.score_table(
...     goalgraph.load_example(), "2026-11-16"))
(['acme', 'globex'], True)
"""

from __future__ import annotations

import datetime
import importlib
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from goalgraph._core.errors import ValidationError
from goalgraph._export.batch import document_graph, score_frame
from goalgraph._export.tables import SCORE_COLUMNS, score_table, table_frame
from goalgraph._model.policy import Policy
from goalgraph._registry.registry import Registry
from goalgraph._spreadsheet import ColumnMap
from goalgraph._time.timeline import as_of_date

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = ["score_bag", "score_partitioned"]

ORGANISATION_KEY = "x-organisation"


def score_bag(
    bag: dask.bag.Bag,
    *,
    as_of: datetime.date | str,
    key: Callable[[Any], Any] | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> dask.bag.Bag:
    """Each document's score rows, flattened into one bag.

    Parameters
    ----------
    bag : dask.bag.Bag
        Documents: each a :class:`~goalgraph.GoalGraph`, a document mapping
        or a path, as for :func:`goalgraph.score_many`.
    as_of : datetime.date or str
        The scoring date of every document (required).
    key : callable, optional
        Maps a document, as it is in the bag, to the value of its rows'
        ``document`` key. Default: a path's text; a mapping's
        ``x-organisation`` key; a graph's ``x-organisation`` extra.
    policy, registry : optional
        As for :func:`goalgraph.score`.

    Returns
    -------
    dask.bag.Bag
        The rows of :func:`goalgraph.score_table` of every document, each
        with a ``document`` key first. The key depends on the document only,
        never on its position or partition, so results can be joined back.

    Raises
    ------
    TypeError
        When ``as_of`` is ``None``.
    ValidationError
        At compute time, when a document is invalid; the message names the
        document's key.
    ValueError
        At compute time, when a document has no key (no ``x-organisation``
        and no ``key`` function).
    ImportError
        When Dask is not installed: ``pip install 'goalgraph[dask]'``.

    Examples
    --------
    >>> import dask, dask.bag, goalgraph, goalgraph.dask
    >>> graph = goalgraph.load_example()
    >>> bag = dask.bag.from_sequence([graph], npartitions=1)
    >>> rows = goalgraph.dask.score_bag(bag, as_of="2026-11-16", key=lambda document: "acme")
    >>> row = rows.filter(lambda row: row["id"] == "acme-q4-1").compute(scheduler="synchronous")[0]
    >>> row["document"], row["score"] == goalgraph.score(graph, "2026-11-16").score_of("acme-q4-1")
    ('acme', True)
    """
    _require("score_bag", "dask.bag")
    day = _required_date(as_of)
    options = {"day": day, "key": key or _default_key, "policy": policy, "registry": registry}
    rows: dask.bag.Bag = bag.map(_document_rows, **options).flatten()  # type: ignore[no-untyped-call]
    return rows


def _document_rows(
    document: Any, *, day: datetime.date, key: Callable[[Any], Any], policy: Policy | None, registry: Registry | None
) -> list[dict[str, Any]]:
    name = key(document)
    try:
        rows = score_table(document_graph(document, registry), day, policy=policy, registry=registry)
    except ValidationError as err:
        raise err.with_source(f"document {name!r}") from None
    return [{"document": name, **row} for row in rows]


def _default_key(document: Any) -> Any:
    if isinstance(document, (str, os.PathLike)):
        return os.fspath(document)
    extra = document.extra if hasattr(document, "extra") else document
    name = extra.get(ORGANISATION_KEY)
    if name is None:
        raise ValueError(
            f"a document in the bag has no {ORGANISATION_KEY!r} key to name its rows by: "
            f"add one to each document, or pass key= to score_bag"
        )
    return name


def score_partitioned(
    ddf: dask.dataframe.DataFrame,
    by: str | Sequence[str],
    *,
    as_of: datetime.date | str,
    mapping: ColumnMap | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> dask.dataframe.DataFrame:
    """Many organisations' flat goal rows in, their score tables out, one organisation per group.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        Flat goal rows (as :func:`goalgraph.score_frame` reads them) of many
        organisations, told apart by the ``by`` columns.
    by : str or sequence of str
        The column(s) naming the organisation.
    as_of : datetime.date or str
        The scoring date of every organisation (required).
    mapping, policy, registry : optional
        As for :func:`goalgraph.score_frame`.

    Returns
    -------
    dask.dataframe.DataFrame
        The ``by`` columns, then the columns of
        :func:`goalgraph.score_table`: one row per organisation and node.
        The index carries no meaning.

    Raises
    ------
    TypeError
        When ``as_of`` is ``None``.
    ValidationError
        At compute time, when an organisation's rows do not make a valid
        graph; the message names the organisation.
    ImportError
        When Dask is not installed: ``pip install 'goalgraph[dask]'``.

    Notes
    -----
    The rows are shuffled so that each organisation sits in one partition,
    then each partition's organisations are scored with
    :func:`goalgraph.score_frame` (``keep=by``), the function Spark's
    ``applyInPandas`` calls too. Iterating the groups, rather than
    ``groupby(by).apply``, keeps the ``by`` columns in every group under
    every pandas version. Each organisation's rows are read in the order of
    ``ddf``'s index, which sets the order of its nodes in the result (the
    scores do not depend on it).

    Examples
    --------
    >>> import io, dask, dask.dataframe, pandas, goalgraph, goalgraph.dask
    >>> flat = pandas.read_csv(io.StringIO(goalgraph.goals_csv(goalgraph.load_example())), dtype=str)
    >>> orgs = pandas.concat([flat.assign(org="acme"), flat.assign(org="globex")], ignore_index=True)
    >>> scores = goalgraph.dask.score_partitioned(dask.dataframe.from_pandas(orgs, npartitions=3), "org",
    ...                                           as_of="2026-11-16")
    >>> table = scores.compute(scheduler="synchronous")
    >>> table.groupby("org").size().to_dict() == {"acme": len(flat), "globex": len(flat)}
    True
    """
    _require("score_partitioned", "dask.dataframe")
    day = _required_date(as_of)
    keys = [by] if isinstance(by, str) else list(by)
    meta = _empty(keys, ddf.dtypes)
    options = {"keys": keys, "day": day, "mapping": mapping, "policy": policy, "registry": registry}
    scores: dask.dataframe.DataFrame = ddf.shuffle(on=keys).map_partitions(_score_groups, meta=meta, **options)
    return scores


def _score_groups(
    part: pandas.DataFrame,
    *,
    keys: list[str],
    day: datetime.date,
    mapping: ColumnMap | None,
    policy: Policy | None,
    registry: Registry | None,
) -> pandas.DataFrame:
    import pandas

    tables = []
    options: dict[str, Any] = {"mapping": mapping, "as_of": day, "keep": keys, "policy": policy, "registry": registry}
    for name, group in part.groupby(keys, sort=True, dropna=False):
        try:
            # The shuffle mixes the rows; the index puts each organisation's back in their order.
            tables.append(score_frame(group.sort_index(kind="stable"), **options))
        except ValidationError as err:
            where = ", ".join(f"{column}={value!r}" for column, value in zip(keys, name, strict=True))
            raise err.with_source(f"organisation {where}") from None
    return pandas.concat(tables, ignore_index=True) if tables else _empty(keys, part.dtypes)


def _empty(keys: list[str], dtypes: pandas.Series[Any]) -> pandas.DataFrame:
    """The shape of a result: the key columns with their dtypes, then the score table's."""
    import pandas

    frame = table_frame([], SCORE_COLUMNS)
    for position, name in enumerate(keys):
        frame.insert(position, name, pandas.Series([], dtype=dtypes[name]))
    return frame


def _required_date(as_of: datetime.date | str | None) -> datetime.date:
    if as_of is None:
        raise TypeError("as_of is required: a batch must score every organisation on the same date")
    return as_of_date(as_of)


def _require(function: str, module: str) -> None:
    try:
        importlib.import_module(module)
    except ImportError:
        raise ImportError(f"{function} needs Dask: pip install 'goalgraph[dask]'") from None

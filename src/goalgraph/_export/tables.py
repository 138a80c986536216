"""Tidy tables for BI tools: scores and edges as records, CSV and pandas DataFrames.

One row per node and as-of date (``score_table``) and one per alignment or
KPI link (``edge_table``), as plain dictionaries (standard library only);
``table_csv`` writes them with text cells guarded against spreadsheet
formula injection and ``table_frame`` makes a pandas DataFrame (``pandas``
extra, imported inside the function).
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from goalgraph._core.arithmetic import scaled
from goalgraph._core.collector import paused
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.metrics import LinearMetric, Metric, ThresholdMetric
from goalgraph._model.policy import Policy
from goalgraph._registry.registry import Registry
from goalgraph._scoring.results import Scorecard
from goalgraph._scoring.score import scorecards
from goalgraph._spreadsheet.format import guarded
from goalgraph._views.owners import COUNTED, owner_scores

if TYPE_CHECKING:
    import pandas

__all__ = [
    "EDGE_COLUMNS",
    "OWNER_SCORE_COLUMNS",
    "SCORE_COLUMNS",
    "edge_table",
    "owner_score_table",
    "score_table",
    "table_csv",
    "table_frame",
]

SCORE_COLUMNS: tuple[str, ...] = (
    "as_of",
    "id",
    "kind",
    "title",
    "owner",
    "level",
    "cycle",
    "unit",
    "start",
    "target",
    "current",
    "progress",
    "score",
    "expected",
    "status",
    "grade",
    "rolled_status",
    "provenance",
    "forecast_score",
    "reaches_target_on",
    "health",
    "stale",
    "parent",
    "planned",
)
"""The columns of :func:`score_table`, in order: the specification's fifteen, then the extras.

>>> import goalgraph
>>> goalgraph.SCORE_COLUMNS[:4]
('as_of', 'id', 'kind', 'title')
"""

EDGE_COLUMNS: tuple[str, ...] = ("child", "parent", "kind", "weight", "normalised_weight")
"""The columns of :func:`edge_table`, in order.

>>> import goalgraph
>>> goalgraph.EDGE_COLUMNS
('child', 'parent', 'kind', 'weight', 'normalised_weight')
"""

OWNER_SCORE_COLUMNS: tuple[str, ...] = (
    "as_of",
    "owner",
    "owner_name",
    "level",
    "cycle",
    "score",
    "team_score",
    "expected",
    "team_expected",
    "objectives",
    "team_objectives",
    "worst_status",
    *(str(status) for status in COUNTED),
)
"""The columns of :func:`owner_score_table`, in order: the scorecard, then one count per status.

>>> import goalgraph
>>> goalgraph.OWNER_SCORE_COLUMNS[-6:]
('on_track', 'at_risk', 'off_track', 'achieved', 'not_started', 'unscored')
"""

# The type of every column goalgraph writes, so that a frame's dtypes do not
# depend on which values happen to be missing (Dask and Spark need a fixed
# schema). Columns not listed here are typed from their values.
_FLOAT, _INT, _TEXT, _DATE, _BOOL = "float", "int", "text", "date", "bool"
_COLUMN_TYPES: dict[str, str] = {
    **dict.fromkeys(SCORE_COLUMNS, _TEXT),
    **dict.fromkeys(EDGE_COLUMNS, _TEXT),
    **dict.fromkeys(OWNER_SCORE_COLUMNS, _TEXT),
    **dict.fromkeys(
        (
            "start",
            "target",
            "current",
            "progress",
            "score",
            "expected",
            "forecast_score",
            "weight",
            "normalised_weight",
            "team_score",
            "team_expected",
            "planned",
        ),
        _FLOAT,
    ),
    **dict.fromkeys(("objectives", "team_objectives", *(str(status) for status in COUNTED)), _INT),
    "as_of": _DATE,
    "reaches_target_on": _DATE,
    "stale": _BOOL,
}


def score_table(
    graph: GoalGraph,
    as_of: datetime.date | str | Iterable[datetime.date | str] | None = None,
    *,
    card: Scorecard | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> list[dict[str, Any]]:
    """The scores as a tidy table: one row per node and as-of date.

    Parameters
    ----------
    graph : GoalGraph
    as_of : datetime.date or str or iterable, optional
        One scoring date (an ISO ``YYYY-MM-DD`` string is accepted; default
        today), or several: the rows of each date follow each other, in the
        order given.
    card : Scorecard, optional
        A scorecard of ``graph`` already computed; its date and policy are
        used, so ``as_of`` and ``policy`` must not be given with it.
    policy, registry : optional
        As for :func:`goalgraph.score`.

    Returns
    -------
    list of dict
        For each date, one row per objective, key result and KPI, in the
        scorecard's order, with the keys of ``SCORE_COLUMNS`` in that order.
        Values are plain Python values: ``str`` (enumerations as their
        names), ``float``, ``datetime.date``, ``bool`` or ``None``.

    Raises
    ------
    TypeError
        When ``card`` is given together with ``as_of`` or ``policy``.
    ValueError
        When ``card`` does not hold exactly the graph's nodes (it was scored
        from another graph, or before nodes were added or removed), or a
        date is not an ISO date.

    Notes
    -----
    ``as_of``, ``id``, ``kind``, ``title`` (a KPI's name), ``owner`` (a key
    result without one takes its objective's), ``level`` (the owner's
    level), ``cycle`` (``None`` for KPIs), ``unit``; ``start`` and
    ``target``: a linear metric's, a threshold metric's one bound as
    ``target``, a KPI's baseline and target, ``None`` otherwise; ``current``:
    the value in force on the date (a milestone's ``True``/``False`` as 1.0
    and 0.0); ``progress``, ``score``, ``expected``, ``status``, ``grade``
    (the grade band: red, yellow or green), ``rolled_status``,
    ``provenance``, ``forecast_score`` and ``reaches_target_on`` (from the
    forecast), ``health`` and ``stale`` (KPIs) are the
    :class:`~goalgraph.NodeResult`'s.

    ``planned`` is a key result's planned value on the date, from its
    plan (phased targets), ``None`` without one.

    ``parent`` is the node the row sits under in a hierarchy, for a BI
    tool's parent-child columns: a key result's objective, an objective's
    first ``aligns_to`` entry (which may be supports-only) and a KPI's first
    ``supports`` entry; ``None`` at the top. :func:`edge_table` has every
    link.

    The rows read the public :class:`~goalgraph.NodeResult` objects (about
    30 µs a node, nearly all of it the forecast); reading the compiled
    engine directly measured no faster.

    Examples
    --------
    >>> import goalgraph
    >>> rows = goalgraph.score_table(goalgraph.load_example(), "2026-11-16")
    >>> row = next(r for r in rows if r["id"] == "acme-q4-1-kr1")
    >>> row["kind"], row["owner"], row["level"], row["cycle"], row["parent"]
    ('key_result', 'acme', 'company', '2026-Q4', 'acme-q4-1')
    >>> row["unit"], row["start"], row["target"], row["current"], row["score"]
    ('USD', 1620000.0, 1800000.0, 1665000.0, 0.25)
    >>> len(goalgraph.score_table(goalgraph.load_example(), ["2026-08-15", "2026-11-16"])) == 2 * len(rows)
    True
    """
    with graph.reading():  # every date and the facts from one state of the graph (see GoalGraph's thread safety)
        cards = scorecards("score_table", graph, as_of, card, policy, registry)
        facts = _facts(graph)
    with paused():  # many small objects that all stay: no collections meanwhile
        return [row for each in cards for row in _score_rows(each, facts)]


class _Facts(NamedTuple):
    """What a row takes from the graph rather than the scorecard."""

    title: str
    owner: str | None
    level: str | None
    cycle: str | None
    unit: str | None
    start: float | None
    target: float | None
    parent: str | None


def _facts(graph: GoalGraph) -> dict[str, _Facts]:
    levels = {owner.id: owner.level for owner in graph.owners.values()}
    facts: dict[str, _Facts] = {}
    objectives = graph.objectives
    for id, objective in objectives.items():
        owner, cycle = objective.owner, objective.cycle
        parent = objective.aligns_to[0].parent if objective.aligns_to else None
        facts[id] = _Facts(objective.title, owner, levels[owner], cycle, None, None, None, parent)
    for id, kr in graph.key_results.items():
        objective = objectives[graph.objective_of(id)]
        start, target = _bounds(kr.metric)
        owner = kr.owner or objective.owner
        facts[id] = _Facts(kr.title, owner, levels[owner], objective.cycle, kr.metric.unit, start, target, objective.id)
    for id, kpi in graph.kpis.items():
        level = None if kpi.owner is None else levels[kpi.owner]
        parent = kpi.supports[0] if kpi.supports else None
        facts[id] = _Facts(kpi.name, kpi.owner, level, None, kpi.unit, _float(kpi.baseline), _float(kpi.target), parent)
    return facts


def _bounds(metric: Metric) -> tuple[float | None, float | None]:
    if isinstance(metric, LinearMetric):
        return float(metric.start), float(metric.target)
    if isinstance(metric, ThresholdMetric) and (metric.at_least is None) != (metric.at_most is None):
        return None, _float(metric.at_least if metric.at_most is None else metric.at_most)
    return None, None


def _float(value: float | bool | None) -> float | None:
    return None if value is None else float(value)


def _text(value: str | None) -> str | None:
    # Enumerations are str subclasses; a table holds their plain names.
    return None if value is None else str(value)


def _score_rows(card: Scorecard, facts: Mapping[str, _Facts]) -> Iterator[dict[str, Any]]:
    day = card.as_of
    for id, result in card.items():
        fact = facts[id]
        forecast = result.forecast
        yield {
            "as_of": day,
            "id": id,
            "kind": str(result.kind),
            "title": fact.title,
            "owner": fact.owner,
            "level": fact.level,
            "cycle": fact.cycle,
            "unit": fact.unit,
            "start": fact.start,
            "target": fact.target,
            "current": _float(result.value),
            "progress": result.progress,
            "score": result.score,
            "expected": result.expected,
            "status": str(result.status),
            "grade": _text(result.grade_band),
            "rolled_status": str(result.rolled_status),
            "provenance": str(result.provenance),
            "forecast_score": None if forecast is None else forecast.score,
            "reaches_target_on": None if forecast is None else forecast.reaches_target_on,
            "health": _text(result.health),
            "stale": result.stale,
            "parent": fact.parent,
            "planned": result.planned,
        }


def owner_score_table(
    graph: GoalGraph,
    as_of: datetime.date | str | Iterable[datetime.date | str] | None = None,
    *,
    card: Scorecard | None = None,
    policy: Policy | None = None,
    registry: Registry | None = None,
) -> list[dict[str, Any]]:
    """The owner scorecards as a tidy table: one row per owner, cycle and as-of date.

    Parameters
    ----------
    graph : GoalGraph
    as_of : datetime.date or str or iterable, optional
        One scoring date (default today) or several, as for
        :func:`score_table`: the rows of each date follow each other.
    card : Scorecard, optional
        A scorecard of ``graph`` already computed, instead of ``as_of`` and
        ``policy``.
    policy, registry : optional
        As for :func:`goalgraph.owner_scores`.

    Returns
    -------
    list of dict
        For each date, the :func:`goalgraph.owner_scores` results in their
        order, with the keys of ``OWNER_SCORE_COLUMNS``: ``as_of``,
        ``owner``, ``owner_name`` and ``level`` (the owner's), ``cycle``,
        the :class:`~goalgraph.OwnerResult`'s figures (``worst_status`` as
        its name), then one integer column per status, named after it
        (``on_track``, ``at_risk``, ``off_track``, ``achieved``,
        ``not_started``, ``unscored``), from its ``status_counts``.

    Raises
    ------
    TypeError, ValueError
        As :func:`score_table` does, for ``card`` and the dates.

    Examples
    --------
    >>> import goalgraph
    >>> rows = goalgraph.owner_score_table(goalgraph.load_example(), "2026-11-16")
    >>> row = next(r for r in rows if r["owner"] == "sales" and r["cycle"] == "2026-Q4")
    >>> row["owner_name"], row["level"], row["objectives"], row["team_objectives"], row["worst_status"]
    ('Sales', 'department', 2, 5, 'off_track')
    >>> row["achieved"], row["on_track"], row["off_track"]
    (1, 3, 1)
    """
    with graph.reading():  # every date from one state of the graph
        cards = scorecards("owner_score_table", graph, as_of, card, policy, registry)
        owners = dict(graph.owners)
        results = [(each.as_of, owner_scores(graph, card=each, registry=registry)) for each in cards]
    rows = []
    for day, owner_results in results:
        for result in owner_results:
            known = owners[result.owner]
            row: dict[str, Any] = {
                "as_of": day,
                "owner": result.owner,
                "owner_name": known.name,
                "level": known.level,
                "cycle": result.cycle,
                "score": result.score,
                "team_score": result.team_score,
                "expected": result.expected,
                "team_expected": result.team_expected,
                "objectives": result.objectives,
                "team_objectives": result.team_objectives,
                "worst_status": _text(result.worst_status),
            }
            row.update((str(status), count) for status, count in result.status_counts.items())
            rows.append(row)
    return rows


def edge_table(graph: GoalGraph) -> list[dict[str, Any]]:
    """The links as a tidy table: one row per key result, alignment and KPI link.

    Parameters
    ----------
    graph : GoalGraph

    Returns
    -------
    list of dict
        Rows with the keys of ``EDGE_COLUMNS``: ``child``, ``parent``,
        ``kind``, ``weight`` and ``normalised_weight``, in the graph's order
        of children and each child's links in document order.

    Notes
    -----
    ``kind`` is ``key_result`` for a key result's link to its objective,
    ``contributes`` for an alignment that rolls up, ``supports`` for a
    supports-only alignment and ``informs`` for a KPI's link to what it
    supports. ``weight`` is the link's weight (``None`` for ``informs``).
    ``normalised_weight`` is the child's share of its parent's rollup: its
    weight over the sum of the weights of the parent's ``key_result`` and
    ``contributes`` links, so the shares of one parent sum to 1; ``None``
    for ``supports`` and ``informs`` links, and when the weights sum to 0.

    Examples
    --------
    >>> import goalgraph
    >>> rows = goalgraph.edge_table(goalgraph.load_example())
    >>> [(r["child"], r["kind"], r["weight"], r["normalised_weight"]) for r in rows if r["parent"] == "acme-q4-1"]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('acme-q4-1-kr1', 'key_result', 2.0, 0.4), ('acme-q4-1-kr2', 'key_result', 1.0, 0.2),
     ('acme-q4-1-kr3', 'key_result', 1.0, 0.2), ('sales-q4-2', 'contributes', 1.0, 0.2),
     ('mrr', 'informs', None, None)]
    """
    with graph.reading():  # the graph between two whole changes (see GoalGraph's thread safety)
        links: list[tuple[str, str, str, float | None]] = []
        for id in graph.objectives:
            links.extend((kr.id, id, "key_result", float(kr.weight)) for kr in graph.key_results_of(id))
        for id, objective in graph.objectives.items():
            for link in objective.aligns_to:
                links.append((id, link.parent, "contributes" if link.contributes else "supports", float(link.weight)))
        for id, kpi in graph.kpis.items():
            links.extend((id, node, "informs", None) for node in kpi.supports)
        order = {node: i for i, node in enumerate(graph.iter_nodes())}
    weights: dict[str, list[float]] = {}
    for _, parent, kind, weight in links:
        if weight is not None and kind != "supports":
            weights.setdefault(parent, []).append(weight)
    # Shares of weights near the float range are worked out on the weights
    # divided by one power of two: the same shares, without overflow.
    scales = {parent: scaled(each)[1] for parent, each in weights.items()}
    totals = {parent: math.fsum(math.ldexp(w, -scales[parent]) for w in each) for parent, each in weights.items()}
    links.sort(key=lambda link: order[link[0]])  # stable: each child's links keep their order
    rows = []
    for child, parent, kind, weight in links:
        total = totals.get(parent, 0.0)
        share = None
        if weight is not None and kind != "supports" and total > 0:
            share = math.ldexp(weight, -scales[parent]) / total
        rows.append({"child": child, "parent": parent, "kind": kind, "weight": weight, "normalised_weight": share})
    return rows


def table_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    r"""A table as CSV text, with text cells guarded against spreadsheet formulas.

    Parameters
    ----------
    rows : iterable of mapping
        Such as :func:`score_table` or :func:`edge_table` give.
    columns : sequence of str, optional
        The columns, in order; default the keys of the first row. A row's
        other keys are left out and its missing ones are empty.

    Returns
    -------
    str
        A header line, then one line per row, each ending in ``"\n"``.
        Dates are ISO ``YYYY-MM-DD``; ``None`` is an empty cell; floats are
        written with ``repr()``, so they read back exactly; booleans are
        ``true`` and ``false``.

    Raises
    ------
    ValueError
        When there are no rows and no ``columns`` to make the header from.

    Notes
    -----
    A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return as a formula (CWE-1236, "CSV injection"); some
    also after leading spaces (non-breaking, ideographic, zero-width), which
    they trim, or in their fullwidth forms (U+FF1D, U+FF0B, U+FF0D, U+FF20). Text cells starting
    so get a leading ``'``, which makes them text; numbers are never
    changed, so ``-5.0`` stays a number.

    Examples
    --------
    >>> import goalgraph
    >>> print(goalgraph.table_csv([{"id": "O1", "title": "=1+1", "score": -0.5, "stale": None}]), end="")
    id,title,score,stale
    O1,'=1+1,-0.5,
    >>> print(goalgraph.table_csv([], columns=["child", "parent", "weight"]), end="")
    child,parent,weight
    """
    iterator = iter(rows)
    first = next(iterator, None)
    if columns is None:
        if first is None:
            raise ValueError("table_csv needs columns= to write the header of a table without rows")
        columns = list(first)
    out = io.StringIO()
    # The csv module quotes a field holding a line break only when the break
    # is in its lineterminator: with "\n" alone, a carriage return inside a
    # title would go out bare and split the row. So rows are written with
    # "\r\n", and each row's "\r\n" is then turned into "\n".
    writer = csv.writer(out, lineterminator="\r\n")

    def write(cells: list[str]) -> None:
        writer.writerow(cells)
        out.seek(out.tell() - 2)
        out.write("\n")
        out.truncate()

    write([_cell(str(column)) for column in columns])
    if first is not None:
        for row in itertools.chain((first,), iterator):
            write([_csv_value(row.get(column)) for column in columns])
    return out.getvalue()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _cell(str(value))


def _cell(text: str) -> str:
    return guarded(text)  # CWE-1236: the spreadsheet export's own guard


def table_frame(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> pandas.DataFrame:
    """A table as a pandas DataFrame with a fixed dtype per column (needs the ``pandas`` extra).

    Parameters
    ----------
    rows : iterable of mapping
        Such as :func:`score_table` or :func:`edge_table` give.
    columns : sequence of str, optional
        The columns, in order; default the keys of the first row (no
        columns for no rows).

    Returns
    -------
    pandas.DataFrame
        With a default ``RangeIndex``. Numbers are ``float64`` with ``NaN``
        for ``None``; text is pandas' ``string`` dtype with ``<NA>``; dates
        are ``datetime64[s]`` with ``NaT`` (seconds, not pandas' default
        nanoseconds, which end in 2262: a slow trend can reach its target
        later); counts (the owner scorecards' objectives and statuses) are
        pandas' ``Int64``; ``stale`` is pandas'
        ``boolean`` dtype with ``<NA>``. goalgraph's own columns always get
        these dtypes, whatever the values, so frames of several
        organisations concatenate cleanly; other columns are typed from
        their values the same way (``object`` when they mix types or are
        all ``None``).

    Raises
    ------
    ImportError
        When pandas is not installed: ``pip install 'goalgraph[pandas]'``.

    Examples
    --------
    >>> import goalgraph
    >>> graph = goalgraph.load_example()
    >>> frame = goalgraph.table_frame(goalgraph.score_table(graph, "2026-11-16"))
    >>> frame.dtypes[["as_of", "id", "score", "stale"]].astype(str).tolist()
    ['datetime64[s]', 'string', 'float64', 'boolean']
    >>> frame.set_index("id").loc["acme-q4-1-kr1", "score"]
    np.float64(0.25)
    """
    try:
        import pandas
    except ImportError:
        raise ImportError("table_frame needs pandas: pip install 'goalgraph[pandas]'") from None
    records = list(rows)
    names = list(records[0]) if columns is None and records else list(columns or ())
    data = {}
    for name in names:
        values = [record.get(name) for record in records]
        data[name] = pandas.Series(values, dtype=_dtype(pandas, _COLUMN_TYPES.get(name) or _infer(values)))
    return pandas.DataFrame(data, columns=names)


def _infer(values: Sequence[Any]) -> str | None:
    present = {type(value) for value in values if value is not None}
    if present and all(issubclass(t, bool) for t in present):
        return _BOOL
    if present and all(issubclass(t, (int, float)) and not issubclass(t, bool) for t in present):
        return _FLOAT
    if present and all(issubclass(t, datetime.date) and not issubclass(t, datetime.datetime) for t in present):
        return _DATE
    if present and all(issubclass(t, str) for t in present):
        return _TEXT
    return None


def _dtype(pandas: Any, kind: str | None) -> Any:
    if kind == _FLOAT:
        return "float64"
    if kind == _TEXT:
        return pandas.StringDtype()
    if kind == _DATE:
        return "datetime64[s]"
    if kind == _BOOL:
        return "boolean"
    if kind == _INT:
        return "Int64"
    return object

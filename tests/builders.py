"""Builders of documents and graphs for the tests, and for the examples in the rules' docstrings.

Two sets of builders live here.

**The skeleton document** most tests start from: one cycle ``Q3``
(2026-07-01 to 2026-09-30), one company ``acme``, and the objectives, key
results and KPIs the test is about. Each builder returns a new plain
mapping, so a test may change what it gets; each keyword it does not name
is copied into the mapping as written, so any field of the format can be
given::

    document(objective("O1", key_result("KR1", 40)))        # the mapping
    graph(objective("O1", key_result("KR1", 40, weight=2)))  # from_dict() of it

- :func:`document` -- the whole document: ``cycles``, ``owners`` and
  ``levels`` replace the defaults, ``kpis`` adds KPIs.
- :func:`objective` -- an objective of ``acme`` in ``Q3``, titled by its
  id, with these key results (none: no ``key_results`` field).
- :func:`key_result` -- a key result, linear from 0 to 100 unless
  ``metric`` says otherwise, with one check-in of ``value`` if given.
- :func:`linear_metric`, :func:`cycle`, :func:`owner` -- the small parts,
  for the variants (another cycle, a second owner, another target).
- :func:`graph` -- ``goalgraph.from_dict(document(...))``.

**The rules' example organisation** (:func:`kr`, :func:`o`,
:func:`example`, :func:`hits`): the rules' docstrings
(``goalgraph._checks.rules``) show each rule on a small organisation
built here; the root ``conftest.py`` hands these builders to every doctest
through ``doctest_namespace``, so that the library's own modules never
build documents for their examples.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import goalgraph
from goalgraph import CheckConfig, GoalGraph, Limits, Registry, check

# -- the skeleton document --------------------------------------------------------

#: The date of a key result's one check-in, unless ``on=`` says otherwise: inside cycle ``Q3``.
CHECKIN_DATE = "2026-08-01"


def cycle(id: str = "Q3", start: str = "2026-07-01", end: str = "2026-09-30", **fields: Any) -> dict[str, Any]:
    """A cycle mapping: ``Q3`` of 2026 unless told otherwise.

    Examples
    --------
    >>> cycle()
    {'id': 'Q3', 'start': '2026-07-01', 'end': '2026-09-30'}
    >>> cycle("C", "2026-01-01", "2026-12-31")["end"]
    '2026-12-31'
    """
    return {"id": id, "start": start, "end": end, **fields}


def owner(id: str = "acme", level: str = "company", **fields: Any) -> dict[str, Any]:
    """An owner mapping: the company ``acme`` unless told otherwise (``parent=`` for a team).

    Examples
    --------
    >>> owner("team", "team", parent="acme")
    {'id': 'team', 'level': 'team', 'parent': 'acme'}
    """
    return {"id": id, "level": level, **fields}


def linear_metric(start: float = 0, target: float = 100, **fields: Any) -> dict[str, Any]:
    """A linear metric mapping from ``start`` to ``target`` (``unit=``, ``kpi=``... as written).

    Examples
    --------
    >>> linear_metric(target=10, unit="EUR")
    {'type': 'linear', 'start': 0, 'target': 10, 'unit': 'EUR'}
    """
    return {"type": "linear", "start": start, "target": target, **fields}


def key_result(
    id: str,
    value: float | None = None,
    *,
    title: str | None = None,
    metric: Mapping[str, Any] | None = None,
    on: str = CHECKIN_DATE,
    **fields: Any,
) -> dict[str, Any]:
    """A key result mapping titled by its id, linear from 0 to 100 unless ``metric`` is given.

    With a ``value``, it has one check-in of that value on ``on``; other
    fields (``weight``, ``checkins``, ``override``...) are copied as given.

    Examples
    --------
    >>> key_result("KR1", 40)
    {'id': 'KR1', 'title': 'KR1', 'metric': {'type': 'linear', 'start': 0, 'target': 100},
     'checkins': [{'date': '2026-08-01', 'value': 40}]}
    >>> key_result("KR2", metric={"type": "milestone"}, weight=2)
    {'id': 'KR2', 'title': 'KR2', 'metric': {'type': 'milestone'}, 'weight': 2}
    """
    data: dict[str, Any] = {
        "id": id,
        "title": id if title is None else title,
        "metric": dict(linear_metric() if metric is None else metric),
    }
    if value is not None:
        data["checkins"] = [{"date": on, "value": value}]
    data.update(fields)
    return data


def objective(
    id: str,
    *key_results: Mapping[str, Any],
    title: str | None = None,
    owner: str = "acme",
    cycle: str = "Q3",
    **fields: Any,
) -> dict[str, Any]:
    """An objective mapping of ``owner`` in ``cycle``, titled by its id, with these key results.

    Without key results it has no ``key_results`` field; other fields
    (``aligns_to``, ``rollup``, ``kind``...) are copied as given.

    Examples
    --------
    >>> objective("O1", aligns_to=["top"])
    {'id': 'O1', 'title': 'O1', 'owner': 'acme', 'cycle': 'Q3', 'aligns_to': ['top']}
    >>> [kr["id"] for kr in objective("O1", key_result("KR1"), key_result("KR2"))["key_results"]]
    ['KR1', 'KR2']
    """
    data: dict[str, Any] = {"id": id, "title": id if title is None else title, "owner": owner, "cycle": cycle}
    data.update(fields)
    if key_results:
        data["key_results"] = list(key_results)
    return data


def document(
    *objectives: Mapping[str, Any],
    kpis: Iterable[Mapping[str, Any]] = (),
    cycles: Iterable[Mapping[str, Any]] | None = None,
    owners: Iterable[Mapping[str, Any]] | None = None,
    levels: Iterable[str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A document mapping with these objectives: one cycle ``Q3`` and one company ``acme`` unless told otherwise.

    ``kpis`` and ``levels`` are written only when given; other fields
    (``x-...`` extensions) are copied as given.

    Examples
    --------
    >>> document()
    {'goalgraph': 1, 'cycles': [{'id': 'Q3', 'start': '2026-07-01', 'end': '2026-09-30'}],
     'owners': [{'id': 'acme', 'level': 'company'}], 'objectives': []}
    >>> sorted(document(kpis=[{"id": "k", "name": "K"}], levels=["company"]))
    ['cycles', 'goalgraph', 'kpis', 'levels', 'objectives', 'owners']
    """
    data: dict[str, Any] = {"goalgraph": 1}
    if levels is not None:
        data["levels"] = list(levels)
    data["cycles"] = [dict(item) for item in cycles] if cycles is not None else [cycle()]
    data["owners"] = [dict(item) for item in owners] if owners is not None else [owner()]
    data["objectives"] = [dict(item) for item in objectives]
    kpis = [dict(item) for item in kpis]
    if kpis:
        data["kpis"] = kpis
    data.update(fields)
    return data


def graph(
    *objectives: Mapping[str, Any], limits: Limits | None = None, registry: Registry | None = None, **options: Any
) -> GoalGraph:
    """``goalgraph.from_dict(document(*objectives, **options))``, with the loader's ``limits`` and ``registry``.

    Examples
    --------
    >>> sorted(graph(objective("O1", key_result("KR1", 40))).key_results)
    ['KR1']
    """
    return goalgraph.from_dict(document(*objectives, **options), limits=limits, registry=registry)


# -- the rules' example organisation ----------------------------------------------

_OWNERS = [
    {"id": "acme", "level": "company"},
    {"id": "sales", "level": "division", "parent": "acme"},
    {"id": "ops", "level": "division", "parent": "acme"},
    {"id": "emea", "level": "team", "parent": "sales"},
    {"id": "ana", "level": "individual", "parent": "emea"},
]
_CYCLES = [
    {"id": "Q1", "start": "2026-01-01", "end": "2026-03-31"},
    {"id": "Q2", "start": "2026-04-01", "end": "2026-06-30"},
    {"id": "H1", "start": "2026-01-01", "end": "2026-06-30"},
]


def kr(id: str, title: str | None = None, metric: Mapping[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A key result mapping: linear from 0 to 100 unless ``metric`` is given.

    Examples
    --------
    >>> kr("KR1", checkins=[{"date": "2026-01-10", "value": 40}])["metric"]
    {'type': 'linear', 'start': 0, 'target': 100}
    """
    return {"id": id, "title": title or f"Reach 100 on {id}", "metric": metric or _LINEAR, **fields}


_LINEAR = {"type": "linear", "start": 0, "target": 100}


def o(
    id: str, owner: str, *key_results: Mapping[str, Any], aligns: Sequence[Any] = (), **fields: Any
) -> dict[str, Any]:
    """An objective mapping of ``owner`` in cycle ``Q1`` (unless ``cycle=`` says otherwise).

    Without key results it gets one, ``<id>-kr``, so that only the rule
    under test fires; pass ``key_results=[]`` for none.

    Examples
    --------
    >>> o("O1", "acme")["key_results"][0]["id"]
    'O1-kr'
    """
    data: dict[str, Any] = {"id": id, "title": fields.pop("title", f"Objective {id}"), "owner": owner, "cycle": "Q1"}
    data["key_results"] = list(key_results) or [kr(f"{id}-kr"), kr(f"{id}-kr2")]
    if aligns:
        data["aligns_to"] = list(aligns)
    data.update(fields)
    return data


def example(*objectives: Mapping[str, Any], kpis: Sequence[Mapping[str, Any]] = ()) -> GoalGraph:
    """A graph of the example organisation with these objectives and KPIs.

    Examples
    --------
    >>> sorted(example().owners)
    ['acme', 'ana', 'emea', 'ops', 'sales']
    """
    return goalgraph.from_dict(
        {"goalgraph": 1, "cycles": _CYCLES, "owners": _OWNERS, "objectives": list(objectives), "kpis": list(kpis)}
    )


def hits(code: str, graph: GoalGraph, as_of: str = "2026-02-15") -> list[str]:
    """The nodes on which the rule ``code`` alone finds something, as of ``as_of``.

    Examples
    --------
    >>> hits("GG102", example(o("top", "acme")))
    []
    """
    return [finding.node for finding in check(graph, as_of=as_of, config=CheckConfig(select=[code]))]

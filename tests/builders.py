"""Builders of documents and graphs for the tests, and for the examples in the rules' docstrings.

The rules' docstrings (``goalgraph/_checks/rules.py``) show each rule on a
small organisation built here; the root ``conftest.py`` hands these
builders to every doctest through ``doctest_namespace``, so that the
library's own modules never build documents for their examples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import goalgraph
from goalgraph import CheckConfig, GoalGraph, check

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

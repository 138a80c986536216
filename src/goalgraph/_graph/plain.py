"""A graph to plain data and back to what a document holds: lists and mappings, dates as ISO text.

Like networkx's ``convert`` module, this sits beside the graph rather than
in the document reader and writer: :meth:`GoalGraph.to_dict` is the graph's
own view as data, and the documents layer serialises it. Fields come in
declaration order and values equal to their defaults are left out, so the
same graph always gives the same mapping, and ``from_dict(to_dict(graph))``
an equal graph.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Protocol

import attrs

from goalgraph._core.frozen import thaw
from goalgraph._model.entities import DEFAULT_LEVELS, Alignment, Cycle, KeyResult, Kpi, Objective, Owner
from goalgraph._model.fields import VERSION
from goalgraph._model.metrics import Metric

__all__ = ["Graph", "to_dict"]


class Graph(Protocol):
    """What :func:`to_dict` reads of a graph (a :class:`~goalgraph.GoalGraph`)."""

    @property
    def levels(self) -> tuple[str, ...]: ...
    @property
    def extra(self) -> Mapping[str, Any]: ...
    @property
    def cycles(self) -> Mapping[str, Cycle]: ...
    @property
    def owners(self) -> Mapping[str, Owner]: ...
    @property
    def objectives(self) -> Mapping[str, Objective]: ...
    @property
    def kpis(self) -> Mapping[str, Kpi]: ...

    def key_results_of(self, objective_id: str, /) -> tuple[KeyResult, ...]: ...


def to_dict(graph: Graph) -> dict[str, Any]:
    """The document mapping of ``graph``, with dates as ISO strings; the caller holds the graph still."""
    data: dict[str, Any] = {"goalgraph": VERSION}
    if graph.levels != DEFAULT_LEVELS:
        data["levels"] = list(graph.levels)
    sections: dict[str, list[dict[str, Any]]] = {
        "cycles": [_plain(c) for c in graph.cycles.values()],
        "owners": [_plain(o) for o in graph.owners.values()],
        "objectives": [_objective(graph, o) for o in graph.objectives.values()],
        "kpis": [_kpi(k) for k in graph.kpis.values()],
    }
    data.update((name, items) for name, items in sections.items() if items)
    data.update(thaw(graph.extra))
    return data


def _plain(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The non-default fields of a model object, in declaration order, x- keys last."""
    out: dict[str, Any] = {}
    for field in attrs.fields(type(obj)):
        name = field.name
        if name in skip or name == "extra":
            continue
        value = getattr(obj, name)
        factory = getattr(field.default, "factory", None)
        default = factory() if factory is not None else field.default
        if field.default is not attrs.NOTHING and value == default:
            continue
        out[name] = _value(value)
    out.update(thaw(getattr(obj, "extra", {})))
    return out


def _value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):  # enum members are str subclasses: write the plain text
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_value(item) for item in value]
    if isinstance(value, Mapping):
        return thaw(value)
    return value


def _objective(graph: Graph, objective: Objective) -> dict[str, Any]:
    out = _plain(objective, skip=("aligns_to", "ignore"))
    extra = {key: out.pop(key) for key in list(out) if key.startswith("x-")}
    if objective.aligns_to:
        out["aligns_to"] = [_alignment(link) for link in objective.aligns_to]
    if objective.ignore:
        out["ignore"] = list(objective.ignore)
    krs = graph.key_results_of(objective.id)
    if krs:
        out["key_results"] = [_key_result(kr) for kr in krs]
    out.update(extra)
    return out


def _alignment(link: Alignment) -> str | dict[str, Any]:
    if link.weight == 1 and link.contributes:
        return link.parent
    out: dict[str, Any] = {"id": link.parent}
    if link.weight != 1:
        out["weight"] = link.weight
    if not link.contributes:
        out["contributes"] = False
    return out


def _key_result(kr: KeyResult) -> dict[str, Any]:
    out = _plain(kr, skip=("metric", "checkins"))
    extra = {key: out.pop(key) for key in list(out) if key.startswith("x-")}
    head = {key: out.pop(key) for key in ("id", "title")}
    result = {**head, **out, "metric": _metric(kr.metric)}
    if kr.checkins:
        result["checkins"] = [_plain(c) for c in kr.checkins]
    result.update(extra)
    return result


def _metric(metric: Metric) -> dict[str, Any]:
    return {"type": metric.type, **_plain(metric)}


def _kpi(kpi: Kpi) -> dict[str, Any]:
    out = _plain(kpi, skip=("thresholds", "measurements"))
    extra = {key: out.pop(key) for key in list(out) if key.startswith("x-")}
    if kpi.thresholds:
        out["thresholds"] = [_plain(rule) for rule in kpi.thresholds]
    if kpi.measurements:
        out["measurements"] = [_plain(m) for m in kpi.measurements]
    out.update(extra)
    return out

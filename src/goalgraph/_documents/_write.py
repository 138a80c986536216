"""A GoalGraph back to a document: a mapping, JSON or YAML text.

The writer emits fields in a fixed order and leaves out values equal to
their defaults, so the same graph always gives the same bytes, and
``load(dumps(graph))`` gives an equal graph.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any

import attrs

from goalgraph._core.frozen import thaw
from goalgraph._core.optional import yaml_module
from goalgraph._documents._read import VERSION
from goalgraph._graph import GoalGraph
from goalgraph._model.entities import DEFAULT_LEVELS, Alignment, KeyResult, Kpi, Objective
from goalgraph._model.metrics import Metric

__all__ = ["dumps_data", "to_dict"]


def to_dict(graph: GoalGraph) -> dict[str, Any]:
    """The document mapping of ``graph``, with dates as ISO strings."""
    with graph._lock:  # a whole graph, never half of a change made by another thread
        return _to_dict(graph)


def _to_dict(graph: GoalGraph) -> dict[str, Any]:
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


def dumps_data(data: Mapping[str, Any], format: str) -> str:
    """Serialise a document mapping as ``json`` or ``yaml`` text."""
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=_iso) + "\n"
    if format == "yaml":
        yaml = yaml_module("writing YAML")
        text: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
        return text
    raise ValueError(f"format must be 'json' or 'yaml', got {format!r}")


def _iso(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to a document")


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


def _objective(graph: GoalGraph, objective: Objective) -> dict[str, Any]:
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

"""A graph to plain data and back to what a document holds: lists and mappings, dates as ISO text.

Like networkx's ``convert`` module, this sits beside the graph rather than
in the document reader and writer: :meth:`GoalGraph.to_dict` is the graph's
own view as data, and the documents layer serialises it. Which fields each
part has, in which order and under which model attribute, comes from the
document format's description (``_model/fields.py``); values equal to
their default are left out, so the same graph always gives the same
mapping, and ``from_dict(to_dict(graph))`` an equal graph.
"""

from __future__ import annotations

import datetime
import types
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, Protocol

from goalgraph._core.frozen import thaw
from goalgraph._model.entities import Cycle, KeyResult, Kpi, Objective, Owner
from goalgraph._model.fields import DOCUMENT, PARTS, Field, Part

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
    """The document mapping of ``graph``, with dates as ISO strings; the caller holds the graph still.

    Examples
    --------
    >>> from goalgraph import GoalGraph
    >>> to_dict(GoalGraph())
    {'goalgraph': 1}
    """

    def objective(objective: Objective) -> Any:
        # The graph, not the objective, holds its key results.
        return _write(PARTS["objective"], objective, {"key_results": graph.key_results_of(objective.id)})

    sections = {name: tuple(getattr(graph, name).values()) for name in _SECTIONS}
    data: dict[str, Any] = _write(DOCUMENT, graph, sections, {"objectives": objective})
    return data


_NONE: Mapping[str, Any] = types.MappingProxyType({})  # read-only, and `in` on it costs no Python call


class _Step(NamedTuple):
    """How one field is written: read ``attribute``, leave it out at ``default``, turn it into data with ``write``."""

    name: str
    attribute: str
    const: bool  # always written, as the table's value (the version, a metric's type)
    required: bool
    default: Any
    write: Callable[[Any], Any]


def _write(part: Part, obj: Any, given: Mapping[str, Any] = _NONE, items: Mapping[str, Any] = _NONE) -> Any:
    """The mapping of ``obj`` as ``part``: its non-default fields in document order, x- keys last.

    ``given`` holds the values that are not attributes of ``obj`` (the
    graph's sections, an objective's key results); ``items``, for a list
    field, how to write each item instead of the plan's way.
    """
    out: dict[str, Any] = {}
    for step in _PLANS[part.name]:
        if step.const:
            out[step.name] = step.default
            continue
        value = given[step.name] if step.name in given else getattr(obj, step.attribute)
        if step.required or value != step.default:
            out[step.name] = [items[step.name](each) for each in value] if step.name in items else step.write(value)
    if part.extra:
        out.update(thaw(obj.extra))
    if part.shorthand is not None and out.keys() == {part.shorthand}:
        return out[part.shorthand]
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


def _writer(name: str | None) -> Callable[[Any], Any]:
    """How a value of the type ``name`` becomes data: a part's mapping (a metric: its type's), or plain data."""
    if name is None or name not in PARTS:
        return _value
    part = PARTS[name]
    if part.variants:
        # The variant is the one whose first field (a metric's type) holds the object's value of it.
        by = part.fields[0].name
        variants = {variant.field(by).values[0]: variant for variant in part.variants}
        return lambda obj: _write(variants[getattr(obj, by)], obj)
    return lambda obj: _write(part, obj)


def _each(item: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def write(items: Any) -> list[Any]:
        return [item(each) for each in items]

    return write


def _step(field: Field) -> _Step:
    is_parts = field.type == "list" and field.items in PARTS
    write = _each(_writer(field.items)) if is_parts else _writer(field.type)
    const = field.type == "const"
    return _Step(
        field.name,
        field.attribute or field.name,
        const,
        field.required,
        field.values[0] if const else field.default,
        write,
    )


# Made once: the plan of every part, so that writing a node costs no lookup in the table.
_PLANS: Mapping[str, tuple[_Step, ...]] = {
    part.name: tuple(_step(field) for field in part.fields) for part in PARTS.values()
}
# The top level's lists of entities, which the graph holds as mappings by id.
_SECTIONS = tuple(field.name for field in DOCUMENT.fields if field.type == "list" and field.items in PARTS)

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

from goalgraph._core.optional import yaml_module
from goalgraph._graph.graph import GoalGraph

__all__ = ["dumps_data", "to_dict"]


def to_dict(graph: GoalGraph) -> dict[str, Any]:
    """The document mapping of ``graph``, with dates as ISO strings: :meth:`GoalGraph.to_dict`."""
    return graph.to_dict()


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

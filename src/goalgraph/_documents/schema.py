"""The published JSON Schema (draft-07) of the document format, bundled with the package."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

__all__ = ["json_schema"]


@functools.cache
def _text() -> str:
    return resources.files("goalgraph._documents").joinpath("document.schema.json").read_text(encoding="utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of goalgraph documents, for editors, web front ends and validators.

    Returns
    -------
    dict
        A new copy on every call: changing it changes nothing else.

    Notes
    -----
    The schema and the loader (:func:`load`, :func:`loads`,
    :func:`from_dict`) agree in one direction: a document the schema
    refuses, the loader refuses too; equivalently, every document the
    loader accepts is valid under the schema (in its JSON form, dates as
    ``YYYY-MM-DD`` strings). The loader also refuses what a schema cannot
    express:

    - an id used twice (all kinds of entity share one namespace), or a key
      given twice in one mapping;
    - references to no entity, or to one of the wrong kind (an owner's
      ``parent``, an objective's ``owner`` and ``cycle``, ``aligns_to``, a
      key result's ``owner``, ``metric.kpi``, a KPI's ``owner`` and
      ``supports``);
    - cycles of alignments (an objective aligned to itself too), cycles of
      owners, and an objective aligned to the same node twice;
    - an owner level missing from the document's own ``levels``;
    - a cycle that ends before it starts, and dates that do not exist
      (``2026-02-30``; the schema checks them only with a format checker);
    - a linear metric whose target equals its start or disagrees with its
      ``direction``; a ``band`` or ``between`` whose low is above its high;
      steps not strictly increasing or decreasing;
    - a ``rollup`` or custom metric ``name`` not registered in the registry;
    - numbers beyond the float range, and text with lone UTF-16 surrogates;
    - input over the :class:`Limits` (size, nesting depth, node count), and
      in YAML anchors, aliases, tags and several documents in one stream.

    Examples
    --------
    >>> import goalgraph
    >>> schema = goalgraph.json_schema()
    >>> schema["$schema"]
    'http://json-schema.org/draft-07/schema#'
    >>> schema["properties"]["goalgraph"]["const"]
    1
    >>> schema["definitions"]["metric"]["properties"]["type"]["enum"]
    ['linear', 'threshold', 'band', 'milestone', 'steps', 'custom', 'rollup']
    """
    schema: dict[str, Any] = json.loads(_text())
    return schema

"""The published JSON Schema (draft-07) of the document format, generated from the format's description.

Every part of the format (``_model/fields.py``) becomes a definition, each
of its fields a property with its type, constraints, default and
description; the rules between fields (exactly one condition, a band KPI's
band, check-in values by metric type) become ``oneOf``, ``if`` and
``then``. The package also ships the result as ``document.schema.json``,
for tools that do not run Python; a test holds it equal to
:func:`json_schema` as ``goalgraph schema`` prints it (sorted keys, an
indent of 2), which is how to regenerate it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goalgraph._model.fields import DOCUMENT, HOST_DATA, PARTS, SHAPES, VERSION, Field, Part

__all__ = ["json_schema"]

_DRAFT = "http://json-schema.org/draft-07/schema#"
_ID = f"https://goalgraph.dev/schema/goalgraph-{VERSION}.json"
_TITLE = "goalgraph document"
# The JSON types of the table's own types (shapes and parts have theirs).
_JSON_TYPES = {
    "text": "string",
    "number": "number",
    "boolean": "boolean",
    "list": "array",
    "mapping": "object",
    "null": "null",
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of goalgraph documents, for editors, web front ends and validators.

    It is generated from the one description of the document's fields,
    which the loader and the writer read too.

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
    >>> schema["definitions"]["key_result"]["properties"]["weight"]
    {'description': "Weight in the objective's rollup (>= 0).", 'type': 'number', 'minimum': 0, 'default': 1}
    """
    schema: dict[str, Any] = {"$schema": _DRAFT, "$id": _ID, "title": _TITLE, **_mapping(DOCUMENT)}
    schema["definitions"] = {
        **{name: _value(shape) for name, shape in SHAPES.items()},
        **{name: _part(part) for name, part in PARTS.items() if part is not DOCUMENT},
    }
    return schema


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/definitions/{name}"}


def _json_type(name: str) -> str:
    """The JSON type of a value of the table's type ``name``."""
    if name in SHAPES:
        return _json_type(SHAPES[name].type)
    return "object" if name in PARTS else _JSON_TYPES[name]


def _plain(value: Any) -> Any:
    """A default as JSON data: tuples as lists, read-only mappings as dicts."""
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _value(field: Field) -> dict[str, Any]:
    """The schema of one field's value (or of a shape): its type, constraints, default and description."""
    out: dict[str, Any] = {"description": field.description}
    if field.type in SHAPES or field.type in PARTS:
        # In draft-07 the keys beside a $ref are ignored: the description
        # stays outside it, and null is a second choice.
        if field.nullable:
            out["anyOf"] = [_ref(field.type), {"type": "null"}]
        else:
            out["allOf"] = [_ref(field.type)]
    elif field.type == "enum":
        out["enum"] = [*field.values, None] if field.nullable else list(field.values)
    elif field.type == "const":
        out["const"] = field.values[0]
    else:
        types = [_JSON_TYPES[name] for name in (field.type, *field.also)] + (["null"] if field.nullable else [])
        out["type"] = types[0] if len(types) == 1 else types
    if field.type == "list":
        assert field.items is not None
        out["items"] = _ref(field.items) if field.items in SHAPES or field.items in PARTS else {"type": field.items}
    constraints = {
        "minLength": field.min_length,
        "pattern": field.pattern,
        "format": field.format,
        "minimum": field.minimum,
        "exclusiveMinimum": field.exclusive_minimum,
        "maximum": field.maximum,
        "minItems": field.min_items,
        "maxItems": field.max_items,
        "uniqueItems": field.unique_items or None,
    }
    out.update((key, value) for key, value in constraints.items() if value is not None)
    if not field.required and field.default is not None:
        out["default"] = _plain(field.default)
    return out


def _given(field: Field) -> dict[str, Any]:
    """What a field holds when it is given: true for a flag, else any value of its type but null."""
    return {"const": True} if field.type == "boolean" else {"type": _json_type(field.type)}


def _part(part: Part) -> dict[str, Any]:
    if part.variants:
        return _variants(part)
    if part.shorthand is not None:
        # A bare id (the shorthand field's shape) stands for the mapping.
        bare = _ref(part.field(part.shorthand).type)
        return {"description": part.description, "oneOf": [bare, _mapping(part, described=False)]}
    return _mapping(part)


def _mapping(part: Part, *, described: bool = True) -> dict[str, Any]:
    """A part's object: its properties, which are required, x- keys where it keeps them, and its rules."""
    out: dict[str, Any] = {"type": "object"}
    if described:
        out["description"] = part.description
    if part.required:
        out["required"] = [field.name for field in part.fields if field.required]
    out["properties"] = {field.name: _value(field) for field in part.fields}
    if part.extra:
        out["patternProperties"] = {"^x-": {"description": HOST_DATA}}
    out["additionalProperties"] = False
    if part.exactly_one:
        out["oneOf"] = [
            {"required": [name], "properties": {name: _given(part.field(name))}} for name in part.exactly_one
        ]
    rules = [*_requires(part), *_values_from(part), *_checkins(part)]
    if rules:
        out["allOf"] = rules
    return out


def _requires(part: Part) -> list[dict[str, Any]]:
    return [
        {
            "if": {"required": [rule.field], "properties": {rule.field: {"const": rule.value}}},
            "then": {
                "required": list(rule.fields),
                "properties": {name: _given(part.field(name)) for name in rule.fields},
            },
        }
        for rule in part.requires
    ]


def _values_from(part: Part) -> list[dict[str, Any]]:
    """Fields of the part's lists of parts whose values another field lists: without that field, its default."""
    rules = []
    for field in part.fields:
        if field.items is None or field.items not in PARTS:
            continue
        for inner in PARTS[field.items].fields:
            if inner.values_from is None:
                continue
            source = part.field(inner.values_from)
            items = {"items": {"properties": {inner.name: {"enum": _plain(source.default)}}}}
            rules.append({"if": {"not": {"required": [source.name]}}, "then": {"properties": {field.name: items}}})
    return rules


def _variants(part: Part) -> dict[str, Any]:
    """A part that is one of its variants, chosen by the value of its first field (a metric by its type)."""
    by = part.fields[0].name
    out = _mapping(part)
    del out["additionalProperties"]  # the variant refuses the keys it does not know
    return {
        **out,
        "allOf": [
            {
                "if": {"required": [by], "properties": {by: {"const": variant.field(by).values[0]}}},
                "then": _ref(variant.name),
            }
            for variant in part.variants
        ],
    }


def _checkins(part: Part) -> list[dict[str, Any]]:
    """A key result's check-ins, by its metric: the type of their values, or none at all.

    A metric type says what its check-ins hold (``checkin_values``); a
    metric that reads a KPI takes its values from the KPI, so the key
    result has no check-ins.
    """
    metric = next((f for f in part.fields if f.type in PARTS and PARTS[f.type].variants), None)
    checkins = next((f for f in part.fields if f.type == "list" and f.items == "checkin"), None)
    if metric is None or checkins is None:
        return []
    chooser = PARTS[metric.type]
    by = chooser.fields[0].name
    value = PARTS["checkin"].field("value")
    # The variants by the types of their check-in values, in the variants' order.
    groups: dict[tuple[str, ...], list[Any]] = {}
    for variant in chooser.variants:
        assert variant.checkin_values is not None
        groups.setdefault(variant.checkin_values, []).append(variant.field(by).values[0])
    rules = []
    for kinds, names in groups.items():
        if kinds == (value.type, *value.also):
            continue  # what every check-in may hold already
        holding = {"const": names[0]} if len(names) == 1 else {"enum": names}
        if kinds:
            value_type = kinds[0] if len(kinds) == 1 else list(kinds)
            then: dict[str, Any] = {"items": {"properties": {value.name: {"type": value_type}}}}
        else:
            then = {"maxItems": 0}
        rules.append(_when_metric(metric.name, {"required": [by], "properties": {by: holding}}, checkins.name, then))
    if any(variant.field("kpi").type != "null" for variant in chooser.variants):
        reads = {"required": ["kpi"], "properties": {"kpi": {"type": "string"}}}
        rules.append(_when_metric(metric.name, reads, checkins.name, {"maxItems": 0}))
    return rules


def _when_metric(metric: str, condition: dict[str, Any], checkins: str, then: dict[str, Any]) -> dict[str, Any]:
    return {
        "if": {"required": [metric], "properties": {metric: condition}},
        "then": {"properties": {checkins: then}},
    }

"""What the document format is: its version, and every part's fields, described once.

A document is a mapping (the *document* part) whose fields hold the other
parts: cycles, owners, objectives with their key results, alignments,
check-ins, KPIs with their threshold rules and measurements, and metrics,
one part per metric type. Each :class:`Part` lists its :class:`Field` in
document order, the order the writer emits them, and each field says
whether it is required, the JSON type of its value and the constraints the
schema states, its default and a one-line description. The layers below
derive from this table and from nothing else:

- the reader (``_documents/read.py``): each part's required and allowed
  keys, the sections of the document, which fields are dates, and the
  shorthand of an alignment;
- the writer (``_graph/plain.py``): which fields a part has, in which order,
  under which model attribute, and which are left out at their default;
- the JSON Schema (``_documents/schema.py``, :func:`goalgraph.json_schema`),
  and the shipped ``document.schema.json`` generated from it;
- the spreadsheet (``_spreadsheet/format.py``): which of its columns hold
  text, for the columns that carry one document field.

Types
-----
A field's ``type`` is one of ``text``, ``number``, ``boolean``, ``enum``
(one of ``values``), ``const`` (``values[0]``, always written), ``list``
(each item of type ``items``), ``mapping`` (free data) and ``null``; or the
name of a shape (:data:`SHAPES`: ``identifier``, ``date``, ``pair``...) or
of a part (:data:`PARTS`). ``nullable`` fields take ``null`` as if absent;
``default`` is the value an absent field has (``None``: none).

Adding a field
--------------
Add the attribute to the model class (``entities.py`` or ``metrics.py``),
with its default and its check; then add one :class:`Field` to its part
below, where it goes in documents (a new attribute of
:class:`~goalgraph.Checkin` goes in both the check-in and the measurement
parts). The reader accepts it, the writer writes it, the schema describes
it; regenerate the shipped schema with ``goalgraph schema >
src/goalgraph/_documents/document.schema.json``. Tests hold the table to the
model: every model attribute has a field, with the same default
(``tests/documents/test_schema.py``). A date field is converted by the reader;
a field that names another entity, or that needs a rule between fields,
also needs its check in the reader or the model.

Examples
--------
>>> PARTS["cycle"].names
('id', 'start', 'end', 'name')
>>> weight = PARTS["key_result"].field("weight")
>>> weight.type, weight.required, weight.minimum, weight.default
('number', False, 0, 1)
>>> [name for name, part in METRICS.items() if part.field("kpi").type == "null"]
['milestone', 'rollup']
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import attrs

from goalgraph._core.dates import ISO_DATE
from goalgraph._core.frozen import EMPTY
from goalgraph._model.entities import (
    DEFAULT_LEVELS,
    Alignment,
    Checkin,
    Cycle,
    Frequency,
    KeyResult,
    Kpi,
    KpiDirection,
    KpiKind,
    Objective,
    ObjectiveKind,
    Owner,
    RagRule,
    RagStatus,
)
from goalgraph._model.metrics import (
    METRIC_TYPES,
    BandMetric,
    CustomMetric,
    Direction,
    LinearMetric,
    MilestoneMetric,
    PlanPoint,
    RollupMetric,
    StepsMetric,
    ThresholdMetric,
)

__all__ = ["DOCUMENT", "HOST_DATA", "METRICS", "PARTS", "SHAPES", "VERSION", "Field", "Part", "Requires"]

VERSION = 1  # the document format's version: "goalgraph: 1" opens every document

HOST_DATA = "Host data under an x- key: any JSON value, kept unchanged through a round trip."
"""What an ``x-`` key holds, on the parts whose ``extra`` is true."""


@attrs.frozen(kw_only=True)
class Field:
    """One field of a part (or a shape: a kind of value several fields share), as documents write it.

    Parameters
    ----------
    name : str
        The key in documents.
    type : str
        The kind of value: see the module's docstring.
    description : str
        One line for people: the schema's description, an editor's help.
    required : bool
        Whether the part must have it.
    nullable : bool
        Whether ``null`` is allowed, meaning absent.
    default : object
        The value of an absent field (``None``: none, or ``null``); the
        writer leaves out a value equal to it.
    attribute : str, optional
        The model's attribute, when it is named otherwise (an alignment's
        ``id`` is its ``parent``).
    values : tuple
        An ``enum``'s values, or a ``const``'s one value.
    also : tuple of str
        More types the value may have (a check-in's value: a boolean too).
    items : str, optional
        A ``list``'s item type.
    minimum, exclusive_minimum, maximum : float, optional
        A number's bounds.
    min_items, max_items : int, optional
        A list's length bounds.
    unique_items : bool
        Whether a list's items are all different.
    min_length : int, optional
        A text's shortest length.
    pattern, format : str, optional
        A text's JSON Schema pattern and format.
    values_from : str, optional
        The top-level field listing the allowed values (an owner's
        ``level``: one of the document's ``levels``, by default their default).
    """

    name: str
    type: str
    description: str
    required: bool = False
    nullable: bool = False
    default: Any = None
    attribute: str | None = None
    values: tuple[Any, ...] = ()
    also: tuple[str, ...] = ()
    items: str | None = None
    minimum: float | None = None
    exclusive_minimum: float | None = None
    maximum: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_length: int | None = None
    pattern: str | None = None
    format: str | None = None
    values_from: str | None = None


@attrs.frozen
class Requires:
    """A rule between fields: when ``field`` is ``value``, ``fields`` are required (and not null)."""

    field: str
    value: Any
    fields: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Part:
    """One mapping of the document format: its fields in document order, and the rules between them.

    Parameters
    ----------
    name : str
        The part's name (the schema's definition).
    description : str
    fields : tuple of Field
        In document order.
    model : type, optional
        The model class it is read into and written from.
    extra : bool
        Whether it keeps ``x-`` keys (host data).
    shorthand : str, optional
        The field a bare string stands for (an alignment written as an id).
    exactly_one : tuple of str
        Fields of which exactly one is given (a boolean: ``true``).
    requires : tuple of Requires
    variants : tuple of Part
        The parts chosen by the first field's value (the metric types).
    checkin_values : tuple of str, optional
        On a metric type: the types of the key result's check-in values
        (empty: it takes no check-ins).

    Examples
    --------
    >>> PARTS["threshold_rule"].required, PARTS["threshold_rule"].exactly_one
    (frozenset({'status'}), ('at_least', 'at_most', 'between', 'otherwise'))
    """

    name: str
    description: str
    fields: tuple[Field, ...]
    model: type[Any] | None = None
    extra: bool = False
    shorthand: str | None = None
    exactly_one: tuple[str, ...] = ()
    requires: tuple[Requires, ...] = ()
    variants: tuple[Part, ...] = ()
    checkin_values: tuple[str, ...] | None = None
    # Lookups, made once with the part.
    names: tuple[str, ...] = attrs.field(init=False)
    required: frozenset[str] = attrs.field(init=False)
    _by_name: Mapping[str, Field] = attrs.field(init=False, repr=False)

    @names.default
    def _names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    @required.default
    def _required(self) -> frozenset[str]:
        return frozenset(field.name for field in self.fields if field.required)

    @_by_name.default
    def _fields_by_name(self) -> Mapping[str, Field]:
        return types.MappingProxyType({field.name: field for field in self.fields})

    def field(self, name: str) -> Field:
        """The field called ``name`` (a :class:`KeyError` when there is none).

        Examples
        --------
        >>> PARTS["alignment"].field("id").attribute
        'parent'
        """
        return self._by_name[name]


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def _ignore(what: str) -> Field:
    return Field(
        name="ignore",
        type="list",
        items="check_code",
        default=(),
        description=f"Check codes silenced for this {what} (as # noqa silences a linter).",
    )


SHAPES: Mapping[str, Field] = types.MappingProxyType(
    {
        shape.name: shape
        for shape in (
            Field(
                name="identifier",
                type="text",
                min_length=1,
                pattern=r"^\S([\s\S]*\S)?$",
                description="An id: a non-empty string without spaces at its ends. Cycles, owners, objectives, "
                "key results and KPIs share one namespace. In YAML, quote ids such as NO, yes, on, 017 or 12:30, "
                "which YAML reads as booleans or numbers.",
            ),
            Field(
                name="date",
                type="text",
                pattern=f"^{ISO_DATE.pattern}$",
                format="date",
                description="A calendar date written YYYY-MM-DD, with no time. (YAML readers that turn an unquoted "
                "2026-07-01 into a date value are fine too; a date-time is not.)",
            ),
            Field(
                name="pair",
                type="list",
                items="number",
                min_items=2,
                max_items=2,
                description="[low, high]: two numbers, low <= high.",
            ),
            Field(name="step", type="list", items="number", min_items=2, max_items=2, description="[value, score]."),
            Field(name="check_code", type="text", description="A check code, e.g. GG201."),
        )
    }
)
"""Kinds of value several fields share, each a schema definition of its own."""

# A manual score, on objectives and key results alike.
_SCORE_OVERRIDE = Field(
    name="score_override",
    type="number",
    nullable=True,
    minimum=0,
    maximum=1,
    description="A manual score in [0, 1] that replaces the computed one.",
)

CYCLE = Part(
    name="cycle",
    model=Cycle,
    extra=True,
    description="A time box of objectives, usually a quarter. Both dates are inclusive.",
    fields=(
        Field(
            name="id",
            type="identifier",
            required=True,
            description="The cycle's id, unique in the document, e.g. 2026-Q3.",
        ),
        Field(name="start", type="date", required=True, description="The first day of the cycle."),
        Field(name="end", type="date", required=True, description="The last day of the cycle; not before start."),
        Field(name="name", type="text", nullable=True, description="A label for people, e.g. Q3 2026."),
    ),
)

OWNER = Part(
    name="owner",
    model=Owner,
    extra=True,
    description="A company, a team or an individual that owns objectives; owners form a forest through parent.",
    fields=(
        Field(name="id", type="identifier", required=True, description="The owner's id, unique in the document."),
        Field(
            name="level",
            type="text",
            required=True,
            values_from="levels",
            description=f"The owner's level: one of the document's levels (by default {', '.join(DEFAULT_LEVELS)}).",
        ),
        Field(name="name", type="text", nullable=True, description="A label for people."),
        Field(
            name="parent",
            type="identifier",
            nullable=True,
            description="The id of the owner this one reports to.",
        ),
    ),
)

OBJECTIVE = Part(
    name="objective",
    model=Objective,
    extra=True,
    description="A qualitative goal of one owner in one cycle, graded by its key results.",
    fields=(
        Field(name="id", type="identifier", required=True, description="The objective's id, unique in the document."),
        Field(name="title", type="text", required=True, description="What the objective is."),
        Field(name="owner", type="identifier", required=True, description="The id of the owner."),
        Field(name="cycle", type="identifier", required=True, description="The id of the cycle."),
        Field(
            name="kind",
            type="enum",
            values=_values(ObjectiveKind),
            default=ObjectiveKind.ASPIRATIONAL.value,
            description="committed: expected to score 1.0; aspirational: a stretch (0.6-0.7 is good).",
        ),
        Field(
            name="rollup",
            type="identifier",
            nullable=True,
            description="The name of a registered aggregator "
            "(built in: mean, min, max, value_weighted, weighted_mean); default: the policy's.",
        ),
        _SCORE_OVERRIDE,
        Field(
            name="grade",
            type="number",
            nullable=True,
            minimum=0,
            maximum=1,
            description="The final end-of-cycle grade in [0, 1], reported apart from the score.",
        ),
        Field(name="description", type="text", nullable=True, description="Longer text for people."),
        Field(
            name="aligns_to",
            type="list",
            items="alignment",
            default=(),
            description="The objectives or key results this one serves, each at most once.",
        ),
        _ignore("objective"),
        # Not an attribute of Objective: the graph holds an objective's key results.
        Field(
            name="key_results",
            type="list",
            items="key_result",
            default=(),
            description="The key results that grade this objective.",
        ),
    ),
)

ALIGNMENT = Part(
    name="alignment",
    model=Alignment,
    shorthand="id",
    description="A link up to the objective or key result this objective serves: {id, weight, contributes}, "
    "or a bare id, short for {id: <it>}.",
    fields=(
        Field(
            name="id",
            type="identifier",
            required=True,
            attribute="parent",
            description="The id of the objective or key result aligned to.",
        ),
        Field(
            name="weight",
            type="number",
            minimum=0,
            default=1,
            description="The link's weight in the parent's rollup (>= 0).",
        ),
        Field(
            name="contributes",
            type="boolean",
            default=True,
            description="false makes a supports link: shown and checked, never rolled up.",
        ),
    ),
)

_NOTE = Field(name="note", type="text", nullable=True, description="A comment for people.")

CHECKIN = Part(
    name="checkin",
    model=Checkin,
    description="A dated value of a key result.",
    fields=(
        Field(name="date", type="date", required=True, description="The day the value was observed."),
        Field(
            name="value",
            type="number",
            also=("boolean",),
            required=True,
            description="The value: a number, or true/false for a milestone.",
        ),
        _NOTE,
    ),
)

MEASUREMENT = Part(
    name="measurement",
    model=Checkin,
    description="A dated value of a KPI.",
    fields=(
        Field(name="date", type="date", required=True, description="The day the value was measured."),
        Field(name="value", type="number", required=True, description="The measured value."),
        _NOTE,
    ),
)

PLAN_POINT = Part(
    name="plan_point",
    model=PlanPoint,
    description="A value planned for a date inside the cycle (a phased target).",
    fields=(
        Field(name="date", type="date", required=True, description="The day the value is planned for."),
        Field(
            name="value",
            type="number",
            required=True,
            description="The value planned by that day (for a cumulative key result, the running total).",
        ),
    ),
)

# The fields every metric type has (Metric's), after its type.
_UNIT = Field(name="unit", type="text", nullable=True, description='The unit of the values, e.g. "customers" or "%".')
_READS_KPI = Field(
    name="kpi",
    type="identifier",
    nullable=True,
    description="The id of a KPI whose measurements are this key result's values, instead of its own check-ins "
    "(the key result then has no check-ins).",
)
_NO_KPI = Field(
    name="kpi",
    type="null",
    description="Not allowed: this metric type cannot read a KPI (only null, as if absent).",
)
_ACCUMULATE = Field(
    name="accumulate",
    type="boolean",
    default=False,
    description="true: each check-in (or measurement of the kpi) is an increment; the current value is start "
    "(0 for threshold and steps) plus the increments dated from the cycle's start to the scoring date.",
)
_NO_ACCUMULATE = Field(
    name="accumulate",
    type="boolean",
    default=False,
    description="Only false: linear, threshold and steps metrics accumulate, this type does not.",
)


def _type(metric: type[Any]) -> Field:
    return Field(name="type", type="const", required=True, values=(metric.type,), description="The metric type.")


LINEAR = Part(
    name="linear_metric",
    model=LinearMetric,
    checkin_values=("number",),
    description="Progress along a straight line: (current - start) / (target - start).",
    fields=(
        _type(LinearMetric),
        _UNIT,
        _READS_KPI,
        _ACCUMULATE,
        Field(name="start", type="number", required=True, description="The value at progress 0."),
        Field(name="target", type="number", required=True, description="The value at progress 1; not equal to start."),
        Field(
            name="direction",
            type="enum",
            values=_values(Direction),
            nullable=True,
            description="Optional; must agree with start and target.",
        ),
        Field(
            name="plan",
            type="list",
            items="plan_point",
            default=(),
            description="Phased targets: values planned for dates inside the cycle, dates strictly increasing, "
            "values never going back from start; the expected score follows them.",
        ),
    ),
)

THRESHOLD = Part(
    name="threshold_metric",
    model=ThresholdMetric,
    checkin_values=("number",),
    exactly_one=("at_least", "at_most"),
    description="Progress 1 while the value stays on the right side of a level, else 0. "
    "Give exactly one of at_least and at_most.",
    fields=(
        _type(ThresholdMetric),
        _UNIT,
        _READS_KPI,
        _ACCUMULATE,
        Field(name="at_least", type="number", nullable=True, description="Met by values >= this (> with strict)."),
        Field(name="at_most", type="number", nullable=True, description="Met by values <= this (< with strict)."),
        Field(name="strict", type="boolean", default=False, description="true: a value equal to the level fails."),
    ),
)

BAND = Part(
    name="band_metric",
    model=BandMetric,
    checkin_values=("number",),
    description="Progress 1 inside [low, high], falling linearly to 0 over tolerance outside.",
    fields=(
        _type(BandMetric),
        _UNIT,
        _READS_KPI,
        _NO_ACCUMULATE,
        Field(name="low", type="number", required=True, description="The band's lower bound; not above high."),
        Field(name="high", type="number", required=True, description="The band's upper bound."),
        Field(
            name="tolerance",
            type="number",
            required=True,
            exclusive_minimum=0,
            description="The distance outside the band at which progress reaches 0 (> 0).",
        ),
    ),
)

MILESTONE = Part(
    name="milestone_metric",
    model=MilestoneMetric,
    checkin_values=("boolean",),
    description="A yes/no result: check-in values are true or false.",
    fields=(_type(MilestoneMetric), _UNIT, _NO_KPI, _NO_ACCUMULATE),
)

STEPS = Part(
    name="steps_metric",
    model=StepsMetric,
    checkin_values=("number",),
    description="Graded steps: the score of the last [value, score] step reached.",
    fields=(
        _type(StepsMetric),
        _UNIT,
        _READS_KPI,
        _ACCUMULATE,
        Field(
            name="steps",
            type="list",
            items="step",
            min_items=1,
            required=True,
            description="[value, score] pairs, values strictly increasing or strictly decreasing.",
        ),
    ),
)

CUSTOM = Part(
    name="custom_metric",
    model=CustomMetric,
    checkin_values=("number", "boolean"),
    description="A metric scored by a registered function (value, params) -> progress.",
    fields=(
        _type(CustomMetric),
        _UNIT,
        _READS_KPI,
        _NO_ACCUMULATE,
        Field(
            name="name",
            type="identifier",
            required=True,
            description="The name the scorer is registered under, e.g. the built-in logarithmic.",
        ),
        Field(name="params", type="mapping", default=EMPTY, description="Free parameters passed to the scorer."),
    ),
)

ROLLUP = Part(
    name="rollup_metric",
    model=RollupMetric,
    checkin_values=(),
    description="No value of its own: progress aggregates the objectives aligned to the key result. "
    "Takes no check-ins.",
    fields=(_type(RollupMetric), _UNIT, _NO_KPI, _NO_ACCUMULATE),
)

METRICS: Mapping[str, Part] = types.MappingProxyType(
    {part.field("type").values[0]: part for part in (LINEAR, THRESHOLD, BAND, MILESTONE, STEPS, CUSTOM, ROLLUP)}
)
"""Each metric type's part, by its ``type``, in the order of :data:`METRIC_TYPES`."""

METRIC = Part(
    name="metric",
    description="How a value becomes progress, chosen by type.",
    variants=tuple(METRICS.values()),
    fields=(
        Field(
            name="type",
            type="enum",
            required=True,
            values=tuple(METRIC_TYPES),
            description=f"The metric type: {', '.join(METRIC_TYPES)}.",
        ),
    ),
)

KEY_RESULT = Part(
    name="key_result",
    model=KeyResult,
    extra=True,
    description="A measurable outcome that grades its objective.",
    fields=(
        Field(name="id", type="identifier", required=True, description="The key result's id, unique in the document."),
        Field(name="title", type="text", required=True, description="What is to be achieved."),
        Field(
            name="weight",
            type="number",
            minimum=0,
            default=1,
            description="Weight in the objective's rollup (>= 0).",
        ),
        _SCORE_OVERRIDE,
        Field(
            name="owner",
            type="identifier",
            nullable=True,
            description="The owner's id; default: the objective's owner.",
        ),
        _ignore("key result"),
        Field(name="metric", type="metric", required=True, description="How a value becomes progress."),
        Field(
            name="checkins",
            type="list",
            items="checkin",
            default=(),
            description="Dated values; the latest on or before the as-of date is the current value.",
        ),
    ),
)

THRESHOLD_RULE = Part(
    name="threshold_rule",
    model=RagRule,
    exactly_one=("at_least", "at_most", "between", "otherwise"),
    description="One rule of a KPI's thresholds: a status and exactly one condition "
    "(at_least, at_most, between, or otherwise: true). The first rule that matches wins.",
    fields=(
        Field(
            name="status",
            type="enum",
            values=_values(RagStatus),
            required=True,
            description="The health colour when the rule matches.",
        ),
        Field(name="at_least", type="number", nullable=True, description="Matches values >= this."),
        Field(name="at_most", type="number", nullable=True, description="Matches values <= this."),
        Field(
            name="between",
            type="pair",
            nullable=True,
            description="Matches values in [low, high], both inclusive.",
        ),
        Field(name="otherwise", type="boolean", default=False, description="true: matches every value."),
    ),
)

KPI = Part(
    name="kpi",
    model=Kpi,
    extra=True,
    requires=(Requires("direction", KpiDirection.BAND.value, ("band", "tolerance")),),
    description="A continuous metric with a target, a timeframe, a data source and a frequency; "
    "it supports objectives and key results.",
    fields=(
        Field(name="id", type="identifier", required=True, description="The KPI's id, unique in the document."),
        Field(name="name", type="text", required=True, description="What is measured."),
        Field(name="owner", type="identifier", nullable=True, description="The id of the owner."),
        Field(name="unit", type="text", nullable=True, description="The unit of the measurements."),
        Field(
            name="direction",
            type="enum",
            values=_values(KpiDirection),
            nullable=True,
            description="Which way is good: higher, lower, or band (inside band, within tolerance).",
        ),
        Field(name="target", type="number", nullable=True, description="The target value."),
        Field(name="baseline", type="number", nullable=True, description="The value at the start."),
        Field(
            name="band",
            type="pair",
            nullable=True,
            description="[low, high], the healthy range of a band KPI.",
        ),
        Field(
            name="tolerance",
            type="number",
            nullable=True,
            exclusive_minimum=0,
            description="How far outside the band is still amber (> 0).",
        ),
        Field(
            name="frequency",
            type="enum",
            values=_values(Frequency),
            nullable=True,
            description="How often the KPI is reported.",
        ),
        Field(name="source", type="text", nullable=True, description="Where the data comes from."),
        Field(name="timeframe", type="text", nullable=True, description="The period the target is for, e.g. FY2026."),
        Field(name="kind", type="enum", values=_values(KpiKind), nullable=True, description="The declared kind."),
        Field(
            name="supports",
            type="list",
            items="identifier",
            unique_items=True,
            default=(),
            description="Ids of the objectives and key results this KPI informs, each once.",
        ),
        _ignore("KPI"),
        Field(
            name="thresholds",
            type="list",
            items="threshold_rule",
            default=(),
            description="Ordered rules for the health colour; the first match wins.",
        ),
        Field(name="measurements", type="list", items="measurement", default=(), description="Dated values."),
    ),
)

DOCUMENT = Part(
    name="document",
    extra=True,
    description="OKRs and KPIs as a goal graph: cycles, owners, objectives with their key results, and KPIs "
    f"(goalgraph document format, version {VERSION}). "
    "Keys starting with x- hold host data and are kept; any other unknown key is an error.",
    fields=(
        Field(
            name="goalgraph",
            type="const",
            values=(VERSION,),
            required=True,
            description=f"The document format version: {VERSION}.",
        ),
        Field(
            name="levels",
            type="list",
            items="identifier",
            min_items=1,
            unique_items=True,
            default=DEFAULT_LEVELS,
            description=f"The owner levels from the top down; default: {', '.join(DEFAULT_LEVELS)}.",
        ),
        Field(name="cycles", type="list", items="cycle", default=(), description="The cycles."),
        Field(name="owners", type="list", items="owner", default=(), description="The owners (org chart)."),
        Field(
            name="objectives",
            type="list",
            items="objective",
            default=(),
            description="The objectives, each with its key results.",
        ),
        Field(name="kpis", type="list", items="kpi", default=(), description="The KPIs."),
    ),
)
"""The top level of a document."""

PARTS: Mapping[str, Part] = types.MappingProxyType(
    {
        part.name: part
        for part in (
            DOCUMENT,
            CYCLE,
            OWNER,
            ALIGNMENT,
            CHECKIN,
            MEASUREMENT,
            PLAN_POINT,
            THRESHOLD_RULE,
            *METRICS.values(),
            METRIC,
            KEY_RESULT,
            OBJECTIVE,
            KPI,
        )
    }
)
"""Every part by its name, the document first."""

"""goalgraph: OKRs and KPIs as a DAG, with scores, weighted rollups and explanations.

Everything public is importable from here; the modules with a leading
underscore are private and may change without notice. They form layers,
each importing only from the layers above it in this list:

- core: ``_core`` (errors, problem codes, field checks, the ISO-date reader,
  frozen data, overflow-safe arithmetic, optional dependencies);
- model: ``_model`` (frozen values: entities, metrics, contributions,
  findings, the policy, the document format's description);
- graph: ``_graph`` (``GoalGraph`` over networkx, its plain-data form, the org chart);
- time: ``_time`` (pure functions of values and dates: timeline, status,
  forecasts, a KPI's health);
- builtins: ``_builtins`` (the built-in aggregators and scorers, plain callables);
- registry: ``_registry`` (its records, the plugin loader, ``Registry``);
- scoring: ``_scoring`` (the one-pass engine, outlook, results, ``score()``,
  the incremental ``Scorer``);
- views: ``_views`` (owner scorecards, the change between two scorecards);
- documents: ``_documents`` (parsing with limits, reading, writing, the JSON Schema);
- checks: ``_checks`` (configuration, context, ``check()``, the rule catalogue);
- KPIs: ``_kpis`` (series and lead/lag statistics, classification, lifecycle);
- spreadsheet: ``_spreadsheet`` (the flat one-row-per-goal CSV: format,
  column mapping, reading, writing);
- export: ``_export`` (tidy tables for BI, batch scoring);
- output: ``_output`` (text and JSON reports, pictures);
- command line: ``_cli``, ``__main__`` (``python -m goalgraph``).

The documented submodules are public too: ``goalgraph.strategies``
(Hypothesis strategies, ``testing`` extra), ``goalgraph.testing`` (the
rollup laws as assertions) and ``goalgraph.dask`` (the Dask adapter,
``dask`` extra).

Examples
--------
>>> import goalgraph
>>> card = goalgraph.score(goalgraph.load_example(), as_of="2026-11-16")
>>> result = card["acme-q4-1"]
>>> result.kind == "objective", 0 <= result.score <= 1
(True, True)
"""

from __future__ import annotations

import typing

from goalgraph._checks.config import CheckConfig
from goalgraph._checks.context import CheckContext
from goalgraph._checks.engine import check
from goalgraph._checks.summary import CheckSummary, summarize
from goalgraph._core.errors import CycleError, GoalGraphError, Problem, RuleError, UnknownNodeError, ValidationError
from goalgraph._documents import dump, dumps, from_dict, load, load_example, loads
from goalgraph._documents.parse import Limits
from goalgraph._documents.schema import json_schema
from goalgraph._export.batch import score_frame, score_many
from goalgraph._export.tables import (
    EDGE_COLUMNS,
    OWNER_SCORE_COLUMNS,
    SCORE_COLUMNS,
    edge_table,
    owner_score_table,
    score_table,
    table_csv,
    table_frame,
)
from goalgraph._graph.graph import GoalGraph
from goalgraph._kpis.classify import Classification, ClassificationSource, Evidence, IndicatorKind, classify
from goalgraph._kpis.lifecycle import Suggestion, graduate, suggest_objectives
from goalgraph._model.contribution import Contribution
from goalgraph._model.entities import (
    Alignment,
    Checkin,
    Cycle,
    Frequency,
    KeyResult,
    Kpi,
    KpiDirection,
    KpiKind,
    Level,
    NodeKind,
    Objective,
    ObjectiveKind,
    Owner,
    RagRule,
    RagStatus,
)
from goalgraph._model.findings import Finding, Severity
from goalgraph._model.metrics import (
    BandMetric,
    CustomMetric,
    Direction,
    LinearMetric,
    Metric,
    MilestoneMetric,
    PlanPoint,
    RollupMetric,
    StepsMetric,
    ThresholdMetric,
)
from goalgraph._model.policy import Missing, Policy
from goalgraph._output.render import render
from goalgraph._registry.plugins import PluginError
from goalgraph._registry.records import Aggregator, CheckRule, RegistrationError, ScoringRule, Weighting
from goalgraph._registry.registry import Registry, default_registry
from goalgraph._scoring.incremental import Rescore, Scorer
from goalgraph._scoring.results import Forecast, NodeResult, Provenance, Scorecard
from goalgraph._scoring.score import score
from goalgraph._spreadsheet import ColumnMap, goals_csv, goals_from_rows, read_goals_csv
from goalgraph._time.health import Health
from goalgraph._time.status import GradeBand, Status
from goalgraph._views.changes import Change, diff
from goalgraph._views.owners import OwnerResult, owner_scores

__version__ = "0.1.0.dev0"

__all__ = [
    "EDGE_COLUMNS",
    "OWNER_SCORE_COLUMNS",
    "SCORE_COLUMNS",
    "Aggregator",
    "Alignment",
    "BandMetric",
    "Change",
    "CheckConfig",
    "CheckContext",
    "CheckRule",
    "CheckSummary",
    "Checkin",
    "Classification",
    "ClassificationSource",
    "ColumnMap",
    "Contribution",
    "CustomMetric",
    "Cycle",
    "CycleError",
    "Direction",
    "Evidence",
    "Finding",
    "Forecast",
    "Frequency",
    "GoalGraph",
    "GoalGraphError",
    "GradeBand",
    "Health",
    "IndicatorKind",
    "KeyResult",
    "Kpi",
    "KpiDirection",
    "KpiKind",
    "Level",
    "Limits",
    "LinearMetric",
    "Metric",
    "MilestoneMetric",
    "Missing",
    "NodeKind",
    "NodeResult",
    "Objective",
    "ObjectiveKind",
    "Owner",
    "OwnerResult",
    "PlanPoint",
    "PluginError",
    "Policy",
    "Problem",
    "Provenance",
    "RagRule",
    "RagStatus",
    "RegistrationError",
    "Registry",
    "Rescore",
    "RollupMetric",
    "RuleError",
    "Scorecard",
    "Scorer",
    "ScoringRule",
    "Severity",
    "Status",
    "StepsMetric",
    "Suggestion",
    "ThresholdMetric",
    "UnknownNodeError",
    "ValidationError",
    "Weighting",
    "__version__",
    "check",
    "classify",
    "default_registry",
    "diff",
    "dump",
    "dumps",
    "edge_table",
    "from_dict",
    "goals_csv",
    "goals_from_rows",
    "graduate",
    "json_schema",
    "load",
    "load_example",
    "loads",
    "owner_score_table",
    "owner_scores",
    "read_goals_csv",
    "render",
    "score",
    "score_frame",
    "score_many",
    "score_table",
    "suggest_objectives",
    "summarize",
    "table_csv",
    "table_frame",
]


def _publish() -> None:
    """Name ``goalgraph`` as the module of every exported class, as users import them.

    Tracebacks, reprs, pickles and the API reference then say
    ``goalgraph.Objective``, not where the class happens to be defined
    (trio's ``fixup_module_metadata`` does the same). Each class's own
    annotations are resolved first, in the module that defines them, so
    that :func:`typing.get_type_hints` (which attrs, cattrs and Sphinx use)
    still finds the names they refer to.
    """
    for name in __all__:
        exported = globals()[name]
        if isinstance(exported, type) and exported.__module__.startswith("goalgraph._"):
            hints = typing.get_type_hints(exported)
            own = vars(exported).get("__annotations__")
            if own:
                exported.__annotations__ = {key: hints[key] for key in own if key in hints}
            _DEFINED_IN[exported] = exported.__module__
            exported.__module__ = __name__


# Where each exported class is defined, for tools that look for it there
# (the test suite's doctest collection, which reads each module's classes).
_DEFINED_IN: dict[type, str] = {}
_publish()

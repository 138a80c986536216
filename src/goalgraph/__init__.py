"""goalgraph: OKRs and KPIs as a DAG, with scores, weighted rollups and explanations.

Everything public is importable from here; the modules with a leading
underscore are private and may change without notice. They form layers,
each importing only from the layers above it in this list:

- foundations: ``_core`` (errors, problem codes, field checks, dates, frozen data, arithmetic);
- model: ``_model`` (the entities, key-result metrics, findings, the policy);
- graph: ``_graph`` (``GoalGraph`` over networkx);
- scoring: ``_aggregators``, ``_registry``, ``_plugins``,
  ``_timeline``, ``_status``, ``_forecast``, ``_health`` (a KPI's reading),
  ``_compiled`` (the one-pass engine), ``_outlook`` (expected score, status,
  forecast), ``_scoring`` (``score()``), ``_incremental`` (``Scorer``);
- checks: ``_checks`` (``check()``), ``_rules`` (the built-in catalogue);
- KPIs: ``_series`` (lead/lag statistics), ``_classify``, ``_lifecycle``;
- io: ``_documents`` (read and write documents, the JSON Schema),
  ``_spreadsheet`` (the flat one-row-per-goal CSV: the format, the column
  mapping, reading and writing);
- output: ``_report`` (text and JSON for people and programs), ``_tables``
  (tidy tables for BI: records, CSV, pandas), ``_render`` (Mermaid, DOT,
  HTML, SVG);
- scale-out: ``_batch`` (many documents, the kernel for grouped tables);
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

from goalgraph._aggregators import Contribution
from goalgraph._batch import score_frame, score_many
from goalgraph._checks import CheckConfig, CheckContext, CheckSummary, check, summarize
from goalgraph._classify import Classification, ClassificationSource, Evidence, IndicatorKind, classify
from goalgraph._core.errors import CycleError, GoalGraphError, Problem, RuleError, UnknownNodeError, ValidationError
from goalgraph._documents import dump, dumps, from_dict, load, load_example, loads
from goalgraph._documents._parse import Limits
from goalgraph._documents._schema import json_schema
from goalgraph._graph.graph import GoalGraph
from goalgraph._health import Health
from goalgraph._incremental import Rescore, Scorer
from goalgraph._lifecycle import Suggestion, graduate, suggest_objectives
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
    RollupMetric,
    StepsMetric,
    ThresholdMetric,
)
from goalgraph._model.policy import Missing, Policy
from goalgraph._plugins import PluginError
from goalgraph._registry import (
    Aggregator,
    CheckRule,
    RegistrationError,
    Registry,
    ScoringRule,
    Weighting,
    default_registry,
)
from goalgraph._render import render
from goalgraph._scoring import Forecast, NodeResult, Provenance, Scorecard, score
from goalgraph._spreadsheet import ColumnMap, goals_csv, goals_from_rows, read_goals_csv
from goalgraph._status import GradeBand, Status
from goalgraph._tables import EDGE_COLUMNS, SCORE_COLUMNS, edge_table, score_table, table_csv, table_frame

__version__ = "0.1.0.dev0"

__all__ = [
    "EDGE_COLUMNS",
    "SCORE_COLUMNS",
    "Aggregator",
    "Alignment",
    "BandMetric",
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

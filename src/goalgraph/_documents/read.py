"""Plain data to a GoalGraph, reporting every problem with its JSON pointer.

The reader checks the shape of the document (known keys, required keys,
lists where lists belong), converts dates, and hands each entity's fields to
its model class, which checks the values. Problems from every entity are
collected, then cross-references are resolved; only a document with no
problem at all becomes a graph.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar

import attrs

from goalgraph._core import codes
from goalgraph._core import fields as v
from goalgraph._core.dates import iso_date
from goalgraph._core.errors import CycleError, Problem, ValidationError
from goalgraph._documents.parse import Limits, over_limit_hint
from goalgraph._graph.graph import GoalGraph
from goalgraph._model.entities import (
    DEFAULT_LEVELS,
    Alignment,
    Checkin,
    Cycle,
    KeyResult,
    Kpi,
    Objective,
    Owner,
    RagRule,
    plan_problems,
)
from goalgraph._model.fields import DOCUMENT, METRICS, PARTS, VERSION, Part
from goalgraph._model.metrics import METRIC_TYPES, CustomMetric, Metric, PlanPoint
from goalgraph._registry.registry import Registry

__all__ = ["read"]

T = TypeVar("T")


class _Spec(NamedTuple):
    """The keys a mapping must have, all those it may have (x- keys aside), and those holding dates."""

    required: frozenset[str]
    allowed: frozenset[str]
    dates: tuple[str, ...]


def _spec(part: Part) -> _Spec:
    # Plain frozensets, made once: the reader's hot path compares every
    # mapping's keys with them.
    dates = tuple(field.name for field in part.fields if field.type == "date")
    return _Spec(part.required, frozenset(part.names), dates)


_TOP = _spec(DOCUMENT)
_CYCLE = _spec(PARTS["cycle"])
_OWNER = _spec(PARTS["owner"])
_OBJECTIVE = _spec(PARTS["objective"])
_KEY_RESULT = _spec(PARTS["key_result"])
_ALIGNMENT = _spec(PARTS["alignment"])
_CHECKIN = _spec(PARTS["checkin"])
_MEASUREMENT = _spec(PARTS["measurement"])
_PLAN_POINT = _spec(PARTS["plan_point"])
_KPI = _spec(PARTS["kpi"])
_RAG_RULE = _spec(PARTS["threshold_rule"])
_METRICS = {name: _spec(part) for name, part in METRICS.items()}
# The top level's lists of entities, read before any entity is built.
_SECTIONS = tuple(field.name for field in DOCUMENT.fields if field.type == "list" and field.items in PARTS)
# A bare id in aligns_to stands for {id: <it>}; the model calls the id its parent.
_LINK_SHORTHAND = PARTS["alignment"].shorthand
_LINK_RENAMES = tuple(
    (field.name, field.attribute) for field in PARTS["alignment"].fields if field.attribute is not None
)
# A failed metric is replaced by this one so that the key result's other
# fields are still checked; the key result itself is then dropped.
_PLACEHOLDER = CustomMetric(name="placeholder")


def read(data: object, limits: Limits, registry: Registry) -> GoalGraph:
    """Build a graph from a document mapping, or raise one ValidationError with every problem."""
    return _Reader(limits, registry).document(data)


class _Reader:
    def __init__(self, limits: Limits, registry: Registry) -> None:
        self.limits = limits
        self.registry = registry
        self.problems: list[Problem] = []
        self.id_paths: dict[str, str] = {}
        # Every kind of entity that claimed an id, including entities that
        # failed: a reference to them is not dangling, and their own problems
        # are reported already.
        self.id_kinds: dict[str, list[str]] = {}
        self.link_paths: dict[tuple[str, str], str] = {}
        self.self_links: dict[str, str] = {}
        # References recorded while reading, from the raw fields, so that an
        # entity with a problem of its own still has its references checked:
        # (path of the referring field, the id named, the kinds it may name).
        self.refs: list[tuple[str, str, tuple[str, ...]]] = []
        self.levels_: tuple[str, ...] = DEFAULT_LEVELS
        self.cycles_by_id: dict[str, Cycle] = {}  # the cycles read, for the key results' plans
        # Dates already read: most check-ins share a few dozen dates, which
        # are parsed once and then shared (dates are immutable).
        self.seen_dates: dict[str, datetime.date] = {}
        # The nodes counted toward the node limit: the entities, then each
        # scalar, list and mapping of host data as it is read.
        self.node_count = 0

    # -- the document ------------------------------------------------------

    def document(self, data: object) -> GoalGraph:
        top = self.fields("", data, _TOP)
        if top is None:
            raise ValidationError(self.problems)
        version = top.get("goalgraph")
        if "goalgraph" in top and (isinstance(version, bool) or version != VERSION):
            self.problems.append(
                Problem(
                    codes.UNSUPPORTED_VERSION,
                    "/goalgraph",
                    f"document version {v.describe(version)} is not supported; this goalgraph reads version {VERSION}",
                    f"start the document with goalgraph: {VERSION}",
                )
            )
        sections = {name: self.items(f"/{name}", top.get(name, [])) for name in _SECTIONS}
        self.check_count(sections)
        if self.problems:
            raise ValidationError(self.problems)

        levels = self.levels_ = self.levels(top.get("levels", list(DEFAULT_LEVELS)))
        cycles = self.section("cycles", sections["cycles"], self.cycle)
        self.cycles_by_id = {cycle.id: cycle for _, cycle in cycles}
        owners = self.section("owners", sections["owners"], self.owner)
        objectives = self.section("objectives", sections["objectives"], self.objective)
        kpis = self.section("kpis", sections["kpis"], self.kpi)
        self.references(owners)
        if self.problems:
            raise self.error()
        try:
            return GoalGraph._assemble(
                levels=levels,
                extra=top.get("extra", {}),
                cycles=[c for _, c in cycles],
                owners=[o for _, o in owners],
                objectives=[o for _, o in objectives],
                kpis=[k for _, k in kpis],
            )
        except CycleError as err:
            # The cycle may start at a key result, whose edge to its objective
            # is not a link in the document: point at the first link that is.
            steps = itertools.pairwise(err.cycle)
            path = next((self.link_paths[step] for step in steps if step in self.link_paths), "")
            raise CycleError(err.cycle, path) from None

    def section(
        self, name: str, items: list[tuple[int, Any]], make: Callable[[str, Any], T | None]
    ) -> list[tuple[str, T]]:
        """The entities of one section that could be made, each with its path."""
        made: list[tuple[str, T]] = []
        for index, raw in items:
            path = f"/{name}/{index}"
            entity = make(path, raw)
            if entity is not None:
                made.append((path, entity))
        return made

    def error(self) -> ValidationError:
        """The error for the problems found; an objective aligned to itself, alone, is a cycle."""
        if len(self.problems) == 1:
            problem = self.problems[0]
            if problem.code == codes.CYCLE and problem.path in self.self_links:
                id = self.self_links[problem.path]
                return CycleError((id, id), problem.path)
        return ValidationError(self.problems)

    def check_count(self, sections: Mapping[str, list[tuple[int, Any]]]) -> None:
        """Refuse a document over the node or edge limit, before any entity is built."""
        count = sum(len(items) for items in sections.values())
        # The graph's edges: each key result to its objective, alignments, and KPI links.
        edges = 0
        for _, raw in sections["objectives"]:
            if isinstance(raw, Mapping):
                krs, links = raw.get("key_results"), raw.get("aligns_to")
                count += len(krs) if isinstance(krs, list) else 0
                edges += (len(krs) if isinstance(krs, list) else 0) + (len(links) if isinstance(links, list) else 0)
        for _, raw in sections["kpis"]:
            if isinstance(raw, Mapping) and isinstance(raw.get("supports"), list):
                edges += len(raw["supports"])
        host = self.node_count  # the top level's x- values, read already
        self.node_count += count
        if self.node_count > self.limits.max_nodes and host <= self.limits.max_nodes:
            with_host = f", and {host:,} values of host data (x- keys)" if host else ""
            self.problems.append(
                Problem(
                    codes.TOO_LARGE,
                    "",
                    f"the document holds {count:,} cycles, owners, objectives, key results and KPIs{with_host}, "
                    f"over the limit of {self.limits.max_nodes:,}",
                    over_limit_hint("max_nodes", "split the document"),
                )
            )
        if edges > self.limits.max_edges:
            self.problems.append(
                Problem(
                    codes.TOO_LARGE,
                    "",
                    f"the document holds {edges:,} links (key results to objectives, aligns_to and supports), "
                    f"over the limit of {self.limits.max_edges:,}",
                    over_limit_hint("max_edges", "split the document"),
                )
            )

    def levels(self, raw: object) -> tuple[str, ...]:
        if not isinstance(raw, list):
            self.problems.append(
                Problem(codes.WRONG_TYPE, "/levels", f"expected a list of levels, got {v.describe(raw)}")
            )
            return DEFAULT_LEVELS
        if not self.texts_fit("/levels", raw):
            return DEFAULT_LEVELS
        try:
            return GoalGraph(raw).levels
        except ValidationError as err:
            self.problems.extend(err.problems)
            return DEFAULT_LEVELS

    # -- entities ------------------------------------------------------------

    def cycle(self, path: str, raw: object) -> Cycle | None:
        fields = self.entity(path, raw, _CYCLE, "cycle")
        if fields is None or not self.dates(path, fields, _CYCLE.dates):
            return None
        return self.make(path, Cycle, fields)

    def owner(self, path: str, raw: object) -> Owner | None:
        fields = self.entity(path, raw, _OWNER, "owner")
        if fields is None:
            return None
        self.refer(f"{path}/parent", fields.get("parent"), "owner")
        v.level(self.problems, f"{path}/level", fields["level"], self.levels_)
        return self.make(path, Owner, fields)

    def objective(self, path: str, raw: object) -> tuple[Objective, list[KeyResult]] | None:
        fields = self.entity(path, raw, _OBJECTIVE, "objective")
        ok = True
        if fields is not None:
            self.refer(f"{path}/owner", fields["owner"], "owner")
            self.refer(f"{path}/cycle", fields["cycle"], "cycle")
            rollup = fields.get("rollup")
            if isinstance(rollup, str) and rollup not in self.registry.aggregators:
                self.unknown_name(f"{path}/rollup", "aggregator", rollup, self.registry.aggregators)
        if fields is not None and "aligns_to" in fields:
            links = [
                self.alignment(f"{path}/aligns_to/{i}", item)
                for i, item in self.items(f"{path}/aligns_to", fields["aligns_to"])
            ]
            ok = all(links) and isinstance(fields["aligns_to"], list)
            # Without the links that failed, the others' indexes would be off
            # in the objective's own checks: those wait until all links read.
            fields["aligns_to"] = [link for link in links if link] if ok else []
            for index, link in enumerate(fields["aligns_to"]):
                if link.parent == fields["id"]:
                    self.self_links[f"{path}/aligns_to/{index}"] = link.parent
        # The key results are read even when the objective's own fields are
        # wrong: their problems are reported too, and their ids are claimed.
        items = raw.get("key_results", []) if isinstance(raw, Mapping) else []
        key_results = [
            self.key_result(f"{path}/key_results/{i}", item) for i, item in self.items(f"{path}/key_results", items)
        ]
        if fields is None:
            return None
        fields.pop("key_results", None)
        objective = self.make(path, Objective, fields)
        cycle = self.cycles_by_id.get(fields["cycle"]) if isinstance(fields["cycle"], str) else None
        if cycle is not None:
            for index, kr in enumerate(key_results):
                if kr is not None:
                    where = f"{path}/key_results/{index}"
                    self.problems.extend(problem.under(where) for problem in plan_problems(kr.metric, cycle))
        if objective is None or not ok or not all(key_results):
            return None
        for index, link in enumerate(objective.aligns_to):
            self.link_paths[(objective.id, link.parent)] = f"{path}/aligns_to/{index}"
        return objective, [kr for kr in key_results if kr]

    def alignment(self, path: str, raw: object) -> Alignment | None:
        if isinstance(raw, str):
            raw = {_LINK_SHORTHAND: raw}
        fields = self.fields(path, raw, _ALIGNMENT)
        if fields is None or self.no_extra(path, fields, "alignments", "the objective"):
            return None
        self.refer(f"{path}/id", fields["id"], "objective", "key_result")
        for name, attribute in _LINK_RENAMES:
            if name in fields:
                fields[attribute] = fields.pop(name)
        return self.make(path, Alignment, fields)

    def key_result(self, path: str, raw: object) -> KeyResult | None:
        fields = self.entity(path, raw, _KEY_RESULT, "key_result")
        if fields is None:
            return None
        first = len(self.problems)
        self.refer(f"{path}/owner", fields.get("owner"), "owner")
        metric = self.metric(f"{path}/metric", fields["metric"])
        checkins = self.checkins(f"{path}/checkins", fields.get("checkins", []))
        if metric is None or checkins is None:
            fields["metric"], fields["checkins"] = _PLACEHOLDER, []
            self.make(path, KeyResult, fields)
            self.name_key_result(first, path, fields["id"])
            return None
        fields["metric"], fields["checkins"] = metric, checkins
        made = self.make(path, KeyResult, fields)
        self.name_key_result(first, path, fields["id"])
        return made

    def name_key_result(self, first: int, path: str, id: object) -> None:
        """Name the key result in the messages of its problems since ``first`` that a pointer alone hides.

        A metric that cannot be scored, or a check-in value of the wrong
        type, is about the key result as a whole: the message says which.
        """
        if not isinstance(id, str):
            return
        metric, checkins = f"{path}/metric/", f"{path}/checkins/"
        for index in range(first, len(self.problems)):
            problem = self.problems[index]
            where = problem.path + "/"
            if where.startswith(metric) or (where.startswith(checkins) and problem.code == codes.VALUE_TYPE):
                self.problems[index] = attrs.evolve(problem, message=f"key result {id!r}: {problem.message}")

    def metric(self, path: str, raw: object) -> Metric | None:
        if not isinstance(raw, Mapping):
            self.problems.append(Problem(codes.WRONG_TYPE, path, f"expected a metric mapping, got {v.describe(raw)}"))
            return None
        kind = raw.get("type")
        cls = METRIC_TYPES.get(kind) if isinstance(kind, str) else None
        if cls is None:
            known = ", ".join(METRIC_TYPES)
            if "type" not in raw:
                self.problems.append(
                    Problem(codes.MISSING_FIELD, f"{path}/type", "the metric has no type", f"add type: one of {known}")
                )
            else:
                self.problems.append(
                    Problem(
                        codes.INVALID_ENUM,
                        f"{path}/type",
                        f"{v.describe(kind)} is not a metric type",
                        f"use one of: {known}",
                    )
                )
            return None
        fields = self.fields(path, raw, _METRICS[cls.type])
        if fields is None or self.no_extra(path, fields, "metrics", "the key result"):
            return None
        fields.pop("type")
        if "params" in fields and not self.free_value(f"{path}/params", fields["params"]):
            return None
        self.refer(f"{path}/kpi", fields.get("kpi"), "kpi")
        if "plan" in fields:
            plan = self.plan(f"{path}/plan", fields["plan"])
            if plan is None:
                return None
            fields["plan"] = plan
        name = fields.get("name")
        if cls is CustomMetric and isinstance(name, str) and name not in self.registry.scorers:
            self.unknown_name(f"{path}/name", "scorer", name, self.registry.scorers)
        return self.make(path, cls, fields)

    def plan(self, path: str, raw: object) -> list[PlanPoint] | None:
        """A linear metric's plan points."""
        made = []
        for i, item in self.items(path, raw):
            where = f"{path}/{i}"
            fields = self.fields(where, item, _PLAN_POINT)
            readable = (
                fields is not None
                and not self.no_extra(where, fields, "plan points", "the metric")
                and self.dates(where, fields, _PLAN_POINT.dates)
            )
            made.append(self.make(where, PlanPoint, fields) if readable and fields is not None else None)
        return [p for p in made if p] if all(made) and isinstance(raw, list) else None

    def checkins(self, path: str, raw: object, spec: _Spec = _CHECKIN) -> list[Checkin] | None:
        """A key result's check-ins, or with ``spec`` ``_MEASUREMENT`` a KPI's measurements."""
        made = [self.checkin(f"{path}/{i}", item, spec) for i, item in self.items(path, raw)]
        return [c for c in made if c] if all(made) and isinstance(raw, list) else None

    def checkin(self, path: str, raw: object, spec: _Spec) -> Checkin | None:
        fields = self.fields(path, raw, spec)
        if fields is None or self.no_extra(path, fields, "check-ins", "the key result or KPI"):
            return None
        if not self.dates(path, fields, spec.dates):
            return None
        return self.make(path, Checkin, fields)

    def kpi(self, path: str, raw: object) -> Kpi | None:
        fields = self.entity(path, raw, _KPI, "kpi")
        if fields is None:
            return None
        self.refer(f"{path}/owner", fields.get("owner"), "owner")
        supports = fields.get("supports", [])
        if isinstance(supports, list) and not self.texts_fit(f"{path}/supports", supports):
            return None
        for index, node in enumerate(supports if isinstance(supports, list) else []):
            self.refer(f"{path}/supports/{index}", node, "objective", "key_result")
        measurements = self.checkins(f"{path}/measurements", fields.get("measurements", []), _MEASUREMENT)
        rules = [
            self.rag_rule(f"{path}/thresholds/{i}", item)
            for i, item in self.items(f"{path}/thresholds", fields.get("thresholds", []))
        ]
        ok = measurements is not None and all(rules)
        fields["measurements"] = measurements or []
        fields["thresholds"] = [rule for rule in rules if rule]
        kpi = self.make(path, Kpi, fields)
        return kpi if ok else None

    def rag_rule(self, path: str, raw: object) -> RagRule | None:
        fields = self.fields(path, raw, _RAG_RULE)
        if fields is None or self.no_extra(path, fields, "threshold rules", "the KPI"):
            return None
        return self.make(path, RagRule, fields)

    # -- cross-references ------------------------------------------------------

    def refer(self, path: str, id: object, *kinds: str) -> None:
        """Record that the field at ``path`` names ``id``, which must be one of ``kinds``."""
        if isinstance(id, str):
            self.refs.append((path, id, kinds))

    def references(self, owners: list[tuple[str, Owner]]) -> None:
        """Report the recorded references that name no entity of a fitting kind, and owner cycles."""
        for path, id, kinds in self.refs:
            if not set(self.id_kinds.get(id, ())) & set(kinds):
                self.dangling(path, id, kinds)
        self.owner_cycles(owners)

    def dangling(self, path: str, id: str, wanted: tuple[str, ...]) -> None:
        names = " or ".join(v.KIND_NOUNS[w] for w in wanted)
        found = self.id_kinds.get(id)
        if found:
            message = f"{id!r} is {v.kind_in_words(found[0])}, not {v.article(names)}"
        else:
            message = f"no {names} has the id {id!r}"
        candidates = [key for key, kinds in self.id_kinds.items() if set(kinds) & set(wanted)]
        self.problems.append(
            Problem(
                codes.DANGLING_REFERENCE, path, message, f"name an existing {names}" + v.did_you_mean(id, candidates)
            )
        )

    def unknown_name(self, path: str, what: str, name: str, known: Mapping[str, object]) -> None:
        self.problems.append(
            Problem(
                codes.UNKNOWN_NAME,
                path,
                f"no {what} named {name!r} is registered",
                f"register it before loading (Registry.{what}), or use one of: {', '.join(sorted(known))}"
                + v.did_you_mean(name, list(known)),
            )
        )

    def owner_cycles(self, owners: list[tuple[str, Owner]]) -> None:
        parent = {o.id: o.parent for _, o in owners}
        paths = {o.id: path for path, o in owners}
        state: dict[str, int] = {}  # 1: on the current walk, 2: done
        for start in parent:
            walk: list[str] = []
            node: str | None = start
            while node is not None and node in parent and state.get(node) is None:
                state[node] = 1
                walk.append(node)
                node = parent[node]
            if node is not None and state.get(node) == 1:
                loop = [*walk[walk.index(node) :], node]
                self.problems.append(
                    Problem(
                        codes.OWNER_CYCLE,
                        f"{paths[node]}/parent",
                        "owners form a cycle: " + " -> ".join(loop),
                        "the org chart is a forest: make one of them report to no one, or elsewhere",
                    )
                )
            for seen in walk:
                state[seen] = 2

    # -- helpers -------------------------------------------------------------

    def items(self, path: str, raw: object) -> list[tuple[int, Any]]:
        if isinstance(raw, list):
            return list(enumerate(raw))
        self.problems.append(Problem(codes.WRONG_TYPE, path, f"expected a list, got {v.describe(raw)}", "write a list"))
        return []

    def no_extra(self, path: str, fields: dict[str, Any], what: str, where: str) -> bool:
        """Report x- keys on a part that does not keep them; true when there were some."""
        if "extra" not in fields:
            return False
        self.problems.append(Problem(codes.UNKNOWN_FIELD, path, f"{what} take no x- keys", f"put host data on {where}"))
        return True

    def fields(self, path: str, raw: object, spec: _Spec) -> dict[str, Any] | None:
        """Check a mapping's keys: report unknown, missing and repeated ones; gather x- keys."""
        required, allowed, _ = spec
        # The common case first: a plain dict (no repeated keys) of known
        # keys only (so no x- keys), with every required one. It runs for
        # every mapping of the document: the text limit is checked inline.
        if type(raw) is dict and raw.keys() <= allowed and raw.keys() >= required:
            limit = self.limits.max_text
            for value in raw.values():
                if isinstance(value, str) and len(value) > limit:
                    self.texts_fit(path, raw)
                    return None
            return dict(raw)
        if not isinstance(raw, Mapping):
            self.problems.append(
                Problem(codes.WRONG_TYPE, path, f"expected a mapping, got {v.describe(raw)}", "write key: value pairs")
            )
            return None
        if not self.texts_fit(path, raw):
            return None
        for key in getattr(raw, "duplicates", ()):
            self.problems.append(v.duplicate_key(f"{path}/{v.escape(str(key))}", key))
        fields: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        complete = True
        for key, value in raw.items():
            if not isinstance(key, str):
                self.problems.append(
                    Problem(codes.WRONG_TYPE, path, f"mapping key {v.describe(key)} is not a string", "quote the key")
                )
                complete = False
            elif key.startswith("x-"):
                # A value with problems of its own is left out: the model would report them again.
                if self.free_value(f"{path}/{v.escape(key)}", value):
                    extra[key] = value
            elif key in allowed:
                fields[key] = value
            else:
                self.problems.append(
                    Problem(
                        codes.UNKNOWN_FIELD,
                        f"{path}/{v.escape(key)}",
                        f"unknown field {key!r}",
                        "remove it, or put host data under an x- key" + v.did_you_mean(key, sorted(allowed)),
                    )
                )
        for key in sorted(required - fields.keys()):
            self.problems.append(
                Problem(codes.MISSING_FIELD, f"{path}/{key}", f"the field {key!r} is missing", f"add {key}")
            )
            complete = False
        if extra:
            fields["extra"] = extra
        return fields if complete else None

    def entity(self, path: str, raw: object, spec: _Spec, kind: str) -> dict[str, Any] | None:
        """Like :meth:`fields`, for an entity whose id joins the document's one namespace."""
        # The id is claimed even when other fields are wrong, so that
        # references to this entity are not reported as dangling too.
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
            self.claim(path, raw["id"], kind)
        return self.fields(path, raw, spec)

    def claim(self, path: str, id: str, kind: str) -> None:
        self.id_kinds.setdefault(id, []).append(kind)
        first = self.id_paths.setdefault(id, path)
        if first != path:
            self.problems.append(
                Problem(
                    codes.DUPLICATE_ID,
                    f"{path}/id",
                    f"the id {id!r} is already used at {first}",
                    "give every cycle, owner, objective, key result and KPI its own id (they share one namespace)",
                )
            )

    def dates(self, path: str, fields: dict[str, Any], names: tuple[str, ...]) -> bool:
        """Turn the ISO texts of the fields ``names`` into dates (absent ones stay absent); false on a bad one."""
        ok = True
        seen = self.seen_dates
        for name in names:
            value = fields.get(name)
            if isinstance(value, str):
                if value in seen:
                    fields[name] = seen[value]
                    continue
                day = iso_date(value)
                if day is not None:
                    fields[name] = seen[value] = day
                    continue
                self.problems.append(
                    Problem(
                        codes.WRONG_TYPE,
                        f"{path}/{name}",
                        f"{v.describe(value)} is not a valid date",
                        "write the date as YYYY-MM-DD",
                    )
                )
                ok = False
        return ok

    def texts_fit(self, path: str, container: Mapping[Any, Any] | list[Any]) -> bool:
        """Report the texts of a mapping (keys and values) or a list over the text limit; true when none is."""
        limit = self.limits.max_text
        for item in itertools.chain(container, container.values()) if isinstance(container, Mapping) else container:
            if isinstance(item, str) and len(item) > limit:
                break
        else:
            return True
        for key, value in container.items() if isinstance(container, Mapping) else enumerate(container):
            if isinstance(key, str) and len(key) > limit:
                self.too_long(path, "a key", key)
            elif isinstance(value, str) and len(value) > limit:
                self.too_long(f"{path}/{v.escape(str(key))}", "the text", value)
        return False

    def too_long(self, path: str, what: str, text: str) -> None:
        self.problems.append(
            Problem(
                codes.TOO_LARGE,
                path,
                f"{what} is {len(text):,} characters long, over the limit of {self.limits.max_text:,}",
                over_limit_hint("max_text", "shorten it"),
            )
        )

    def free_value(self, path: str, value: object) -> bool:
        """Check host data at ``path`` (an ``x-`` value, a custom metric's ``params``); true when it passes.

        Each scalar, list and mapping in it counts toward the node limit, so
        that host data costs no more than the entities it rides on. The walk
        keeps one iterator per open container and makes a path only for a
        problem: a list of millions of numbers costs no string or tuple per
        item, and reading stops at the first value over a limit.
        """
        limits = self.limits
        budget = limits.max_nodes - self.node_count
        levels = limits.max_depth - path.count("/")  # the levels left below the value's own place
        stack: list[list[Any]] = []  # [iterator over (key, child), the key of the child being looked at]
        node, seen, before = value, 0, len(self.problems)
        while True:
            seen += 1
            if seen > budget:
                self.node_count = limits.max_nodes + 1
                self.too_many_nodes(path)
                return False
            if type(node) is str:
                if len(node) > limits.max_text:
                    self.too_long(v.pointer(path, stack), "a text in the value", node)
                    return False
            elif isinstance(node, (Mapping, list)):
                if len(stack) >= levels:
                    self.problems.append(
                        Problem(
                            codes.TOO_DEEP,
                            v.pointer(path, stack),
                            f"the value is nested deeper than the limit of {limits.max_depth} levels",
                            over_limit_hint("max_depth", "flatten it"),
                        )
                    )
                    return False
                if isinstance(node, Mapping):
                    self.free_keys(v.pointer(path, stack), node)
                    stack.append([iter(node.items()), None])
                else:
                    stack.append([enumerate(node), None])
            while stack:
                frame = stack[-1]
                item = next(frame[0], None)
                if item is None:
                    stack.pop()
                    continue
                frame[1], node = item
                break
            else:
                self.node_count += seen
                return len(self.problems) == before

    def free_keys(self, where: str, mapping: Mapping[Any, Any]) -> None:
        """Report the repeated keys, the keys that are not text and the keys over the text limit of host data."""
        for key in getattr(mapping, "duplicates", ()):
            self.problems.append(v.duplicate_key(f"{where}/{v.escape(str(key))}", str(key)))
        for key in mapping:
            if type(key) is not str:
                self.problems.append(
                    Problem(codes.WRONG_TYPE, where, f"mapping key {v.describe(key)} is not a string", "quote the key")
                )
            elif len(key) > self.limits.max_text:
                self.too_long(where, "a key", key)

    def too_many_nodes(self, path: str) -> None:
        self.problems.append(
            Problem(
                codes.TOO_LARGE,
                path,
                f"the document holds more than {self.limits.max_nodes:,} nodes: cycles, owners, objectives, "
                "key results and KPIs, and each scalar, list and mapping of host data (x- values, params)",
                over_limit_hint("max_nodes", "keep less host data in the document, or split it"),
            )
        )

    def make(self, path: str, cls: type[T], fields: dict[str, Any]) -> T | None:
        try:
            return cls(**fields)
        except ValidationError as err:
            self.problems.extend(problem.under(path) for problem in err.problems)
            return None

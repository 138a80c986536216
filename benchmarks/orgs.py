"""A seeded synthetic organisation, as a goalgraph document mapping, at any scale.

The org chart is company -> divisions -> departments -> teams -> individuals.
Every owner has three objectives of three key results each, so the document
holds 12 nodes (objectives and key results) per owner, and
``organisation(size_for(nodes))`` has about ``nodes`` nodes.

Each objective aligns to one objective of its owner's parent owner (or to a
``rollup`` key result of it); about 5 % align to a second parent too. The
mapping is plain data (``json.dumps`` takes it as is) and the same
``(people, seed)`` always gives the same document.

Run ``python benchmarks/orgs.py 10000 > org.json`` to write one.
"""

from __future__ import annotations

import datetime
import gc
import json
import random
import sys
from typing import Any

__all__ = ["CYCLE", "CYCLE_END", "CYCLE_START", "LEVELS", "NODES_PER_OWNER", "organisation", "size_for"]

CYCLE = "2026-Q3"
CYCLE_START = datetime.date(2026, 7, 1)
CYCLE_END = datetime.date(2026, 9, 30)
LEVELS = ("company", "division", "department", "team", "individual")
OBJECTIVES_PER_OWNER = 3
KEY_RESULTS_PER_OBJECTIVE = 3
NODES_PER_OWNER = OBJECTIVES_PER_OWNER * (1 + KEY_RESULTS_PER_OBJECTIVE)
MIN_PEOPLE = 5  # one owner per level
MAX_FAN_OUT = 10
PEOPLE_PER_TEAM = 10  # the fan-out grows until teams would drop below this size

SECOND_PARENT = 0.05
SUPPORTS_ONLY = 0.01
NO_CHECKINS = 0.08

_DAYS = (CYCLE_END - CYCLE_START).days + 1
# Key result metric kinds and how often they occur (rollup key results are
# placed apart, on company and division objectives).
_KINDS = ("increase", "decrease", "threshold", "band", "milestone", "steps")
_KIND_WEIGHTS = (42, 16, 12, 8, 12, 10)
_UNITS = ("customers", "%", "deals", "tickets", "USD", "users", "ms", None)
_VERBS = ("Grow", "Improve", "Launch", "Reduce", "Scale", "Strengthen", "Simplify", "Win", "Delight", "Modernise")
_NOUNS = (
    "enterprise revenue",
    "customer retention",
    "the self-serve funnel",
    "platform reliability",
    "our hiring pipeline",
    "partner channels",
    "onboarding",
    "data quality",
    "developer experience",
    "brand awareness",
    "support response",
    "cloud costs",
)
_MEASURES = (
    "Raise weekly active users",
    "Cut p95 latency",
    "Close new deals",
    "Reduce churn",
    "Ship the redesign",
    "Resolve tickets",
    "Lift NPS",
    "Grow pipeline",
    "Lower cost per lead",
    "Hire engineers",
)
# Threshold levels: (comparison, level, unit, spread of values around the level).
_THRESHOLDS = (
    ("at_least", 99.9, "%", 0.1),
    ("at_least", 4.5, "rating", 0.3),
    ("at_most", 200, "ms", 30),
    ("at_most", 2, "%", 0.5),
    ("at_least", 80, "%", 8),
)


def size_for(nodes: int) -> int:
    """The number of people (owners) whose organisation has about ``nodes`` nodes."""
    return max(MIN_PEOPLE, round(nodes / NODES_PER_OWNER))


def fan_out(people: int) -> int:
    """Divisions, departments per division and teams per department for ``people`` owners.

    The largest fan-out up to 10 that leaves at least ten people per team:
    10 at 100,000 people (about 99 individuals per team), 4 at 834.
    """
    branching = 1
    while branching < MAX_FAN_OUT and (branching + 1) ** 3 * PEOPLE_PER_TEAM <= people:
        branching += 1
    return branching


def organisation(people: int, *, seed: int = 0) -> dict[str, Any]:
    """A document mapping for an organisation of ``people`` owners (12 nodes each).

    ``people`` counts every owner: the company, its divisions, departments
    and teams, and the individuals, who fill the teams evenly.
    """
    if people < MIN_PEOPLE:
        raise ValueError(f"an organisation with every level needs at least {MIN_PEOPLE} people, got {people}")
    # Millions of new dicts and lists make the cyclic garbage collector scan
    # the growing heap again and again; plain data holds no cycles to find.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Generator(random.Random(seed)).document(people)
    finally:
        if enabled:
            gc.enable()


class _Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        # owner id -> its objectives: (objective id, rollup key result id or None)
        self.targets: dict[str, list[tuple[str, str | None]]] = {}

    def document(self, people: int) -> dict[str, Any]:
        owners = self.owners(people)
        parents = {owner["id"]: owner.get("parent") for owner in owners}
        first_child: dict[str, str] = {}
        for owner in owners:
            if "parent" in owner:
                first_child.setdefault(owner["parent"], owner["id"])
        objectives = []
        for owner in owners:
            parent = parents[owner["id"]]
            grandparent = parents[parent] if parent else None
            objectives.extend(
                self.objectives(
                    owner["id"], owner["level"], parent, grandparent, first_child.get(parent) == owner["id"]
                )
            )
        return {
            "goalgraph": 1,
            "cycles": [
                {"id": CYCLE, "name": "Q3 2026", "start": CYCLE_START.isoformat(), "end": CYCLE_END.isoformat()}
            ],
            "owners": owners,
            "objectives": objectives,
        }

    def owners(self, people: int) -> list[dict[str, Any]]:
        branching = fan_out(people)
        owners: list[dict[str, Any]] = [{"id": "acme", "name": "Acme Corp", "level": "company"}]
        teams: list[str] = []
        for d in range(1, branching + 1):
            division = f"div{d}"
            owners.append({"id": division, "name": f"Division {d}", "level": "division", "parent": "acme"})
            for p in range(1, branching + 1):
                department = f"dep{d}-{p}"
                owners.append(
                    {"id": department, "name": f"Department {d}-{p}", "level": "department", "parent": division}
                )
                for t in range(1, branching + 1):
                    team = f"team{d}-{p}-{t}"
                    owners.append({"id": team, "name": f"Team {d}-{p}-{t}", "level": "team", "parent": department})
                    teams.append(team)
        individuals = people - len(owners)
        per_team, extra = divmod(individuals, len(teams))
        for index, team in enumerate(teams):
            for n in range(1, per_team + (index < extra) + 1):
                person = f"p{team[4:]}-{n}"
                owners.append({"id": person, "name": f"Person {team[4:]}-{n}", "level": "individual", "parent": team})
        return owners

    def objectives(
        self, owner: str, level: str, parent: str | None, grandparent: str | None, first_child: bool
    ) -> list[dict[str, Any]]:
        rng = self.rng
        made = []
        targets = self.targets[owner] = []
        for j in range(1, OBJECTIVES_PER_OWNER + 1):
            oid = f"{owner}-o{j}"
            objective: dict[str, Any] = {
                "id": oid,
                "title": f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)}",
                "owner": owner,
                "cycle": CYCLE,
            }
            if rng.random() < 0.3:
                objective["kind"] = "committed"
            if parent is not None:
                objective["aligns_to"] = self.links(j, parent, grandparent, first_child)
            rollup = (level == "company" and j <= 2) or (level == "division" and j == 1 and rng.random() < 0.5)
            key_results = [self.key_result(f"{oid}-kr{k}") for k in range(1, KEY_RESULTS_PER_OBJECTIVE)]
            last = f"{oid}-kr{KEY_RESULTS_PER_OBJECTIVE}"
            if rollup:
                key_results.append({"id": last, "title": "Teams' results roll up here", "metric": {"type": "rollup"}})
            else:
                key_results.append(self.key_result(last))
            objective["key_results"] = key_results
            targets.append((oid, last if rollup else None))
            made.append(objective)
        return made

    def links(self, j: int, parent: str, grandparent: str | None, first_child: bool) -> list[dict[str, Any]]:
        rng = self.rng
        choices = self.targets[parent]
        if first_child:
            # The parent's first child covers each of the parent's objectives
            # (and each rollup key result), so none is left without contributors.
            index = j - 1
            objective, rollup = choices[index]
            link: dict[str, Any] = {"id": rollup or objective}
        else:
            index = rng.randrange(len(choices))
            objective, rollup = choices[index]
            link = {"id": rollup if rollup and rng.random() < 0.5 else objective}
            if rng.random() < 0.08:
                link["weight"] = rng.choice((0.5, 2, 3))
            if rng.random() < SUPPORTS_ONLY:
                link["contributes"] = False
        links = [link]
        if rng.random() < SECOND_PARENT:
            others = [oid for i, (oid, _) in enumerate(choices) if i != index]
            if grandparent is not None:
                others += [oid for oid, _ in self.targets[grandparent]]
            links.append({"id": rng.choice(others), "weight": rng.choice((0.5, 0.75, 1.5, 2))})
        return links

    def key_result(self, kid: str) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices(_KINDS, _KIND_WEIGHTS)[0]
        metric, value = _METRICS[kind](rng)
        kr: dict[str, Any] = {"id": kid, "title": rng.choice(_MEASURES), "metric": metric}
        if rng.random() < 0.15:
            kr["weight"] = rng.choice((0.5, 2, 2, 3))
        if rng.random() >= NO_CHECKINS:
            days = sorted(rng.sample(range(_DAYS), rng.randint(1, 6)))
            pace = rng.gauss(0.8, 0.35)  # progress expected by the end of the cycle
            kr["checkins"] = [
                {
                    "date": (CYCLE_START + datetime.timedelta(days=day)).isoformat(),
                    "value": value(pace * (day + 1) / _DAYS + rng.gauss(0, 0.05)),
                }
                for day in days
            ]
        return kr


def _linear(rng: random.Random, rising: bool) -> tuple[dict[str, Any], Any]:
    scale = rng.choice((10, 100, 1000, 10_000))
    low = round(rng.uniform(0, scale))
    high = low + max(1, round(rng.uniform(0.1, 1) * scale))
    start, target = (low, high) if rising else (high, low)
    metric: dict[str, Any] = {"type": "linear", "start": start, "target": target}
    unit = rng.choice(_UNITS)
    if unit:
        metric["unit"] = unit
    if rng.random() < 0.2:
        metric["direction"] = "increase" if rising else "decrease"
    digits = 0 if scale >= 100 else 1

    def value(progress: float) -> float:
        return max(0, round(start + progress * (target - start), digits))

    return metric, value


def _threshold(rng: random.Random) -> tuple[dict[str, Any], Any]:
    side, level, unit, spread = rng.choice(_THRESHOLDS)
    metric: dict[str, Any] = {"type": "threshold", side: level, "unit": unit}
    if rng.random() < 0.2:
        metric["strict"] = True
    return metric, lambda progress: round(level + rng.gauss(0, spread), 2)


def _band(rng: random.Random) -> tuple[dict[str, Any], Any]:
    low = rng.randint(10, 100)
    high = low + rng.randint(0, 20)
    tolerance = rng.randint(1, 20)
    metric = {"type": "band", "low": low, "high": high, "tolerance": tolerance}
    return metric, lambda progress: round(rng.uniform(low - 2 * tolerance, high + 2 * tolerance), 1)


def _milestone(rng: random.Random) -> tuple[dict[str, Any], Any]:
    return {"type": "milestone"}, lambda progress: progress >= 0.9


def _steps(rng: random.Random) -> tuple[dict[str, Any], Any]:
    count = rng.randint(3, 4)
    size = rng.choice((1, 5, 10))
    values = [size * n for n in range(1, count + 1)]
    if rng.random() < 0.2:
        values.reverse()  # falling steps: lower is better
    scores = [(0.3, 0.7, 1.0), (0.25, 0.5, 0.75, 1.0)][count - 3]
    metric = {"type": "steps", "steps": [[v, s] for v, s in zip(values, scores, strict=True)]}
    first, last = values[0] - (values[1] - values[0]), values[-1]

    def value(progress: float) -> int:
        return round(first + progress * (last - first))

    return metric, value


_METRICS = {
    "increase": lambda rng: _linear(rng, rising=True),
    "decrease": lambda rng: _linear(rng, rising=False),
    "threshold": _threshold,
    "band": _band,
    "milestone": _milestone,
    "steps": _steps,
}


if __name__ == "__main__":
    json.dump(organisation(size_for(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)), sys.stdout)

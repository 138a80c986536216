"""An exact reference scorer, written from the spec with fractions.Fraction.

It reads document mappings directly and shares no code with goalgraph, so a
differential test against it checks the library's arithmetic, traversal and
missing-data handling independently. Small graphs only: it recurses.
"""

from __future__ import annotations

import datetime
import math
from fractions import Fraction
from typing import Any

Score = Fraction | None


def _current(checkins: list[dict[str, Any]], as_of: datetime.date) -> Any:
    best_date, best_value, found = None, None, False
    for checkin in checkins:
        day = datetime.date.fromisoformat(checkin["date"])
        if day <= as_of and (best_date is None or day >= best_date):
            best_date, best_value, found = day, checkin["value"], True
    return best_value if found else _NONE


_NONE = object()


def _accumulated(
    metric: dict[str, Any], checkins: list[dict[str, Any]], start: datetime.date, as_of: datetime.date
) -> Any:
    """A cumulative metric's value: its start (0 but for linear) plus the increments from the cycle's start to as_of."""
    increments = [Fraction(c["value"]) for c in checkins if start <= datetime.date.fromisoformat(c["date"]) <= as_of]
    if not increments:
        return _NONE
    return Fraction(metric["start"] if metric["type"] == "linear" else 0) + sum(increments)


def _progress(metric: dict[str, Any], value: Any) -> Fraction:
    kind = metric["type"]
    if kind == "milestone":
        return Fraction(1 if value is True else 0)
    x = Fraction(value)
    if kind == "linear":
        start, target = Fraction(metric["start"]), Fraction(metric["target"])
        return (x - start) / (target - start)
    if kind == "threshold":
        strict = metric.get("strict", False)
        if "at_least" in metric:
            level = Fraction(metric["at_least"])
            return Fraction(int(x > level if strict else x >= level))
        level = Fraction(metric["at_most"])
        return Fraction(int(x < level if strict else x <= level))
    if kind == "band":
        low, high, tol = Fraction(metric["low"]), Fraction(metric["high"]), Fraction(metric["tolerance"])
        if low <= x <= high:
            return Fraction(1)
        distance = low - x if x < low else x - high
        return max(Fraction(0), 1 - distance / tol)
    if kind == "steps":
        steps = metric["steps"]
        falling = len(steps) > 1 and steps[1][0] < steps[0][0]
        result = Fraction(0)
        for level, score in steps:
            if (x <= level) if falling else (x >= level):
                result = Fraction(score)
            else:
                break
        return result
    if kind == "custom":  # the built-in logarithmic scorer; logs are not exact
        start, target = metric["params"]["start"], metric["params"]["target"]
        return Fraction(math.log(value / start) / math.log(target / start))
    raise AssertionError(kind)


def _clamp(x: Fraction) -> Fraction:
    return min(Fraction(1), max(Fraction(0), x))


def reference_scores(doc: dict[str, Any], as_of: datetime.date, missing: str = "zero") -> dict[str, Score]:
    """Exact scores for every objective and key result of a generated document."""
    objectives = {o["id"]: o for o in doc.get("objectives", [])}
    cycles = {c["id"]: c for c in doc.get("cycles", [])}
    krs: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for o in objectives.values():
        for kr in o.get("key_results", []):
            krs[kr["id"]] = (kr, o)
    # children[node] = [(child id, weight)] for contributing edges
    children: dict[str, list[tuple[str, Fraction]]] = {node: [] for node in [*objectives, *krs]}
    for o in objectives.values():
        for kr in o.get("key_results", []):
            children[o["id"]].append((kr["id"], Fraction(kr.get("weight", 1))))
        for link in o.get("aligns_to", []):
            link = {"id": link} if isinstance(link, str) else link
            if link.get("contributes", True):
                children[link["id"]].append((o["id"], Fraction(link.get("weight", 1))))
    memo: dict[str, Score] = {}

    def aggregate(node: str, name: str) -> Score:
        entries = []
        for child, weight in children[node]:
            score = score_of(child)
            if name == "value_weighted" and child in krs and krs[child][0]["metric"]["type"] == "linear":
                m = krs[child][0]["metric"]
                weight *= abs(Fraction(m["target"]) - Fraction(m["start"]))
            entries.append((weight, score))
        if missing == "propagate" and any(s is None for _, s in entries):
            return None
        if missing == "skip":
            entries = [(w, s) for w, s in entries if s is not None]
        else:
            entries = [(w, Fraction(0) if s is None else s) for w, s in entries]
        if not entries or sum(w for w, _ in entries) == 0:
            return None
        scores = [s for _, s in entries]
        if name == "mean":
            return sum(scores) / len(scores)
        if name == "min":
            return min(scores)
        if name == "max":
            return max(scores)
        return sum(w * s for w, s in entries) / sum(w for w, _ in entries)

    def score_of(node: str) -> Score:
        if node in memo:
            return memo[node]
        if node in objectives:
            o = objectives[node]
            result = aggregate(node, o.get("rollup", "weighted_mean"))
        else:
            kr, o = krs[node]
            metric = kr["metric"]
            if metric["type"] == "rollup":
                result = aggregate(node, o.get("rollup", "weighted_mean"))
            else:
                if metric.get("accumulate"):
                    start = datetime.date.fromisoformat(cycles[o["cycle"]]["start"])
                    value = _accumulated(metric, kr.get("checkins", []), start, as_of)
                else:
                    value = _current(kr.get("checkins", []), as_of)
                result = None if value is _NONE else _clamp(_progress(metric, value))
        record = objectives[node] if node in objectives else krs[node][0]
        if "score_override" in record:
            result = Fraction(record["score_override"])
        memo[node] = result
        return result

    return {node: score_of(node) for node in children}

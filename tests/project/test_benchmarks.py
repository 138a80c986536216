"""The benchmark's organisation generator, and a smoke run of the runner so that it cannot rot.

No timings are asserted: the benchmark reports them, the tests only check
that it runs and reports every figure.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import goalgraph

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
LIMITS = goalgraph.Limits(max_bytes=2**32, max_nodes=10**8)


def _module(name: str) -> ModuleType:
    # benchmarks/ is a folder of scripts, not a package: load the file itself.
    spec = importlib.util.spec_from_file_location(f"goalgraph_benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


orgs = _module("orgs")


@pytest.fixture(scope="module")
def org() -> dict[str, Any]:
    """An organisation of about 10,000 nodes, the benchmark's smallest default size."""
    return orgs.organisation(orgs.size_for(10_000), seed=7)


@pytest.fixture(scope="module")
def small() -> dict[str, Any]:
    """An organisation of about 2,000 nodes, quick to load."""
    return orgs.organisation(orgs.size_for(2_000), seed=7)


def _key_results(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [kr for objective in doc["objectives"] for kr in objective["key_results"]]


def _node_count(doc: dict[str, Any]) -> int:
    return len(doc["objectives"]) + len(_key_results(doc))


def test_same_seed_gives_the_same_document() -> None:
    assert json.dumps(orgs.organisation(60, seed=3)) == json.dumps(orgs.organisation(60, seed=3))


def test_different_seeds_give_different_documents() -> None:
    assert json.dumps(orgs.organisation(60, seed=3)) != json.dumps(orgs.organisation(60, seed=4))


@pytest.mark.parametrize("nodes", [100, 1_000, 2_500])
def test_node_count_is_within_ten_percent_of_the_request(nodes: int) -> None:
    assert abs(_node_count(orgs.organisation(orgs.size_for(nodes))) - nodes) <= nodes // 10


def test_node_count_is_within_ten_percent_of_the_request_at_10k(org: dict[str, Any]) -> None:
    assert abs(_node_count(org) - 10_000) <= 1_000


def test_the_document_loads_and_scores(small: dict[str, Any]) -> None:
    graph = goalgraph.from_dict(small, limits=LIMITS)
    assert len(graph.objectives) + len(graph.key_results) == _node_count(small)
    card = goalgraph.score(graph, as_of="2026-08-15")
    assert all(result.score is None or 0 <= result.score <= 1 for result in card.values())


def test_the_document_survives_json(small: dict[str, Any]) -> None:
    text = json.dumps(small, allow_nan=False)
    assert json.loads(text) == small
    assert len(goalgraph.loads(text, limits=LIMITS).objectives) == len(small["objectives"])


def test_every_level_has_owners_and_objectives(org: dict[str, Any]) -> None:
    levels = {owner["id"]: owner["level"] for owner in org["owners"]}
    assert set(levels.values()) == set(orgs.LEVELS)
    assert {levels[objective["owner"]] for objective in org["objectives"]} == set(orgs.LEVELS)


def test_every_owner_has_three_objectives_of_three_key_results(org: dict[str, Any]) -> None:
    per_owner = collections.Counter(objective["owner"] for objective in org["objectives"])
    assert set(per_owner.values()) == {3}
    assert {len(objective["key_results"]) for objective in org["objectives"]} == {3}


def test_about_five_percent_of_objectives_have_two_parents(org: dict[str, Any]) -> None:
    aligned = [objective for objective in org["objectives"] if objective.get("aligns_to")]
    two = sum(len(objective["aligns_to"]) == 2 for objective in aligned)
    assert 0.03 <= two / len(aligned) <= 0.07
    assert all(len(objective["aligns_to"]) <= 2 for objective in aligned)


def test_objectives_align_to_their_owners_parent_or_grandparent(org: dict[str, Any]) -> None:
    parent = {owner["id"]: owner.get("parent") for owner in org["owners"]}
    owner_of = {}
    for objective in org["objectives"]:
        owner_of[objective["id"]] = objective["owner"]
        for kr in objective["key_results"]:
            owner_of[kr["id"]] = objective["owner"]
    for objective in org["objectives"]:
        up = parent[objective["owner"]]
        allowed = {up, parent.get(up)} if up else set()
        assert {owner_of[link["id"]] for link in objective.get("aligns_to", [])} <= allowed
        assert bool(objective.get("aligns_to")) == (up is not None)


def test_metric_types_are_mixed_without_custom(org: dict[str, Any]) -> None:
    kinds = collections.Counter(kr["metric"]["type"] for kr in _key_results(org))
    assert set(kinds) == {"linear", "threshold", "band", "milestone", "steps", "rollup"}
    assert kinds["linear"] > sum(kinds.values()) / 2


def test_rollup_key_results_sit_on_company_and_division_objectives_and_have_contributors(
    org: dict[str, Any],
) -> None:
    levels = {owner["id"]: owner["level"] for owner in org["owners"]}
    contributed = {
        link["id"]
        for objective in org["objectives"]
        for link in objective.get("aligns_to", [])
        if link.get("contributes", True)
    }
    rollups = [
        (objective, kr)
        for objective in org["objectives"]
        for kr in objective["key_results"]
        if kr["metric"]["type"] == "rollup"
    ]
    assert rollups
    for objective, kr in rollups:
        assert levels[objective["owner"]] in {"company", "division"}
        assert kr["id"] in contributed
        assert "checkins" not in kr


def test_weights_and_supports_only_links_occur(org: dict[str, Any]) -> None:
    links = [link for objective in org["objectives"] for link in objective.get("aligns_to", [])]
    assert any(link.get("contributes") is False for link in links)
    assert any(link.get("weight", 1) != 1 for link in links)
    assert any(kr.get("weight", 1) != 1 for kr in _key_results(org))


def test_checkins_lie_in_the_cycle_and_some_key_results_have_none(org: dict[str, Any]) -> None:
    krs = [kr for kr in _key_results(org) if kr["metric"]["type"] != "rollup"]
    counts = collections.Counter(len(kr.get("checkins", [])) for kr in krs)
    assert set(counts) == set(range(7))
    dates = {checkin["date"] for kr in krs for checkin in kr.get("checkins", [])}
    assert orgs.CYCLE_START.isoformat() <= min(dates)
    assert max(dates) <= orgs.CYCLE_END.isoformat()


def test_ids_are_unique_and_do_not_look_like_numbers_or_booleans(org: dict[str, Any]) -> None:
    ids = [item["id"] for section in ("cycles", "owners", "objectives") for item in org[section]]
    ids += [kr["id"] for kr in _key_results(org)]
    assert len(ids) == len(set(ids))
    for id in ids:
        with pytest.raises(ValueError, match="could not convert"):
            float(id)
        assert id.lower() not in {"true", "false", "yes", "no", "on", "off", "null", "none"}


def test_too_few_people_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 5 people"):
        orgs.organisation(4)


_FIGURE = r"([\d,]+\.?\d*)"


@pytest.mark.slow
def test_the_runner_reports_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--sizes", "1k", "--repeat", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    out = done.stdout
    assert re.search(r"^machine: .+CPython.+goalgraph ", out, re.MULTILINE)
    sizes = re.search(rf"^== 1k: {_FIGURE} nodes .+ {_FIGURE} bytes of JSON", out, re.MULTILINE)
    assert sizes, out
    assert all(float(figure.replace(",", "")) > 0 for figure in sizes.groups())
    memory = re.search(
        rf"^  memory +peak {_FIGURE} MiB over the baseline of {_FIGURE} MiB: {_FIGURE} bytes/node", out, re.MULTILINE
    )
    assert memory, out
    assert all(float(figure.replace(",", "")) > 0 for figure in memory.groups())
    timings = {
        "load": r"load +loads\(text\)",
        "first score": r"first score +score\(graph, as_of=2026-08-15\)",
        "load and score": r"load\+score +the two together",
        "rescore": r"rescore +score\(graph\) again",
        "floor": r"floor +bare loop over lists",
        "results": r"results +\[r\.score for r in card\.values\(\)\]",
        "checks": r"checks +check\(graph, as_of=2026-08-15\)",
    }
    for name, label in timings.items():
        # Seconds may round to 0.000 at this size; microseconds per node may not.
        match = re.search(rf"^  {label} +{_FIGURE} s +{_FIGURE} us/node", out, re.MULTILINE)
        assert match, f"no {name} line in:\n{out}"
        assert float(match.group(2).replace(",", "")) > 0, name
    ratio = re.search(rf"^  ratio +rescore / floor +{_FIGURE} x", out, re.MULTILINE)
    assert ratio, out
    assert float(ratio.group(1)) > 0
    assert re.search(r"^  check +the floor and score\(\) agree on all [\d,]+ scores", out, re.MULTILINE), out
    check_ratio = re.search(rf"^ +check / rescore +{_FIGURE} x", out, re.MULTILINE)
    assert check_ratio, out
    assert float(check_ratio.group(1)) > 0
    if hasattr(goalgraph, "Rescore"):
        match = re.search(rf"median {_FIGURE} us per call.+\n.+touched median {_FIGURE}", out)
        assert match, out
        assert float(match.group(1).replace(",", "")) > 0
        # Each new check-in is the one in force, so it moves its key result and at least its objective.
        assert float(match.group(2)) >= 2
    else:
        assert re.search(r"^  incremental +skipped: ", out, re.MULTILINE), out
    growth = re.search(r"^  1k +([\d,]+)((?: +[\d.]+ \([\d.]+x\)){4}) +([\d,]+)$", out, re.MULTILINE)
    assert growth, out


@pytest.mark.slow
def test_the_memory_benchmark_reports_each_document_against_the_bound() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "memory.py"), "--quick"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    lines = [line for line in done.stdout.splitlines() if "B/input byte" in line]
    assert len(lines) == 4, done.stdout
    for line in lines:
        assert re.search(r"peak +\d+ MiB +[\d.]+ B/input byte +[\d.]+ s +within the bound", line), line

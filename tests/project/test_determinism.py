"""Same input, same bytes: across hash seeds and across the order of the document's lists (issue #9).

The JSON outputs of ``score``, ``check`` and ``classify`` and every format
of ``render`` must not depend on ``PYTHONHASHSEED`` (set and dict order of
strings) nor on the order in which a document lists its objectives, key
results, links, KPIs, owners, cycles and check-ins. Each seed runs in its
own interpreter, which runs every command on every variant and prints a
digest of each output: four subprocesses in all.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import pathlib
import random
import subprocess
import sys
from typing import Any

import pytest
import yaml

import goalgraph
from tests import builders

ROOT = pathlib.Path(__file__).parents[2]
DOCUMENTS = {
    "acme": ROOT / "src" / "goalgraph" / "examples" / "acme.json",
    "okrs": ROOT / "docs" / "okrs.yaml",
}
AS_OF = "2026-11-16"
COMMANDS = [
    ["score", "--format", "json"],
    ["check", "--format", "json"],
    ["classify", "--format", "json"],
    ["render", "--format", "mermaid"],
    ["render", "--format", "dot"],
    ["render", "--format", "html"],
]
SEEDS = ["0", "1", "12345", str(random.SystemRandom().randrange(1, 2**32 - 1))]

# Run in the child: every command on every file, one digest per output.
_CHILD = """
import contextlib, hashlib, io, json, sys
from goalgraph._cli import main
files, commands, as_of = json.loads(sys.argv[1])
digests = {}
for file in files:
    for command in commands:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = main([command[0], file, *command[1:], "--as-of", as_of])
        text = out.getvalue()
        digests[file + " " + " ".join(command)] = [status, hashlib.sha256(text.encode()).hexdigest(), len(text)]
print(json.dumps(digests))
"""


def _shuffled(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The same document with every list whose order carries no meaning shuffled.

    A KPI's threshold rules are kept in order: the first that matches wins.
    """
    doc = copy.deepcopy(document)

    def shuffle(items: Any) -> None:
        if isinstance(items, list):
            rng.shuffle(items)

    for section in ("cycles", "owners", "objectives", "kpis"):
        shuffle(doc.get(section))
    for objective in doc.get("objectives", []):
        shuffle(objective.get("aligns_to"))
        shuffle(objective.get("key_results"))
        for key_result in objective.get("key_results", []):
            shuffle(key_result.get("checkins"))
    for kpi in doc.get("kpis", []):
        shuffle(kpi.get("supports"))
        shuffle(kpi.get("measurements"))
    return doc


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _variants(tmp_path: pathlib.Path) -> dict[str, list[str]]:
    """Each bundled document as written, and three shuffles of it (as JSON)."""
    rng = random.Random(20260916)
    found: dict[str, list[str]] = {}
    for name, path in DOCUMENTS.items():
        text = path.read_text(encoding="utf-8")
        document = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        files = [str(path)]
        for index in range(3):
            variant = tmp_path / f"{name}-{index}.json"
            variant.write_text(json.dumps(_shuffled(document, rng), default=_plain), encoding="utf-8")
            files.append(str(variant))
        found[name] = files
    return found


def _digests(files: list[str], seed: str) -> dict[str, list[Any]]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps([files, COMMANDS, AS_OF])],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    digests: dict[str, list[Any]] = json.loads(done.stdout)
    return digests


@pytest.mark.slow
def test_outputs_are_byte_identical_across_hash_seeds_and_shuffled_input(tmp_path):
    variants = _variants(tmp_path)
    files = [file for group in variants.values() for file in group]
    runs = {seed: _digests(files, seed) for seed in SEEDS}
    reference = runs[SEEDS[0]]
    for seed, digests in runs.items():
        assert digests == reference, f"PYTHONHASHSEED={seed} changes an output"
    for group in variants.values():
        for command in COMMANDS:
            outputs = {file: reference[file + " " + " ".join(command)] for file in group}
            assert len({tuple(digest) for digest in outputs.values()}) == 1, (
                f"goalgraph {' '.join(command)}: the output depends on the order of the document's lists: {outputs}"
            )


# In-process checks of the canonical orders chosen -----------------------------------------------------

MILESTONE = {"type": "milestone"}
NUMBERED = builders.document(
    *(
        builders.objective(
            f"O{n}",
            *(builders.key_result(f"O{n}-KR{k}", title=f"Result {k}", metric=MILESTONE) for k in (10, 2, 1)),
            title=f"Objective {n}",
            cycle="Q3" if n < 10 else "Q4",
        )
        for n in (10, 2, 1)
    ),
    cycles=[builders.cycle("Q4", "2026-10-01", "2026-12-31"), builders.cycle("Q3")],  # listed out of order
)


def test_pictures_list_ids_with_their_numbers_in_numeric_order():
    graph = goalgraph.from_dict(NUMBERED)
    mermaid = goalgraph.render(graph, "mermaid", as_of="2026-08-01")
    labels = [line.split('"')[1].split("<br/>")[0] for line in mermaid.splitlines() if '("' in line or '["' in line]
    objectives = [f"O{n}" for n in (1, 2, 10)]
    assert labels == [node for o in objectives for node in (o, f"{o}-KR1", f"{o}-KR2", f"{o}-KR10")]
    page = goalgraph.render(graph, "html", as_of="2026-08-01")
    assert page.index("<h3>Q3 (") < page.index("<h3>Q4 (")  # cycles by start date, not as listed
    assert page.index('data-node-id="O1-KR2"') < page.index('data-node-id="O1-KR10"')


def test_contributions_are_written_by_id():
    result = goalgraph.score(goalgraph.from_dict(NUMBERED), as_of="2026-08-01")["O10"]
    assert [c.id for c in result.contributions] == ["O10-KR10", "O10-KR2", "O10-KR1"]  # the document's order
    assert [c["id"] for c in result.to_dict()["contributions"]] == ["O10-KR1", "O10-KR10", "O10-KR2"]

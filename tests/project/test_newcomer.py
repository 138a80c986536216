"""Getting started, followed literally, as a new user would: a copy of the repository and a fresh venv.

The test reads ``docs/getting-started.rst`` and does what it says, in the
order it says it, without an edit: it runs each shell block as written
(one shell, so that the venv stays active from the block that activates
it), saves the document the page shows as ``okrs.yaml``, types every
``>>>`` line into the new venv's Python (``doctest``, run by that Python,
which has only what the page installed) and runs each ``$`` command of the
console blocks, expecting exactly the output shown. It needs the package
index, as the reader does, to install goalgraph's two dependencies.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "getting-started.rst"
# What a clone does not hold: built and cached files, and the developer's own venv.
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "venv", "__pycache__", "*.egg-info", "build", "dist", "_build", ".*_cache", ".hypothesis"
)
BLOCK = re.compile(r"^\.\. (code-block|literalinclude):: (\S+)\n(?:   :\w+:.*\n)*\n?((?:   .*\n|\n)*)", re.MULTILINE)


def steps(text: str) -> list[tuple[str, str]]:
    """The page's blocks in order: ("sh", commands), ("file", name) or ("console", the block)."""
    found = []
    for match in BLOCK.finditer(text):
        directive, argument, body = match.groups()
        body = "\n".join(line[3:] for line in body.rstrip().splitlines())
        if directive == "literalinclude":
            found.append(("file", argument))
        elif argument in ("sh", "console"):
            found.append((argument, body))
    return found


def fresh_shell() -> dict[str, str]:
    """The environment of a new terminal: no venv active, nothing of this test run's Python."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "PYTHON", "PIP_"))}
    venv = os.environ.get("VIRTUAL_ENV")
    path = [entry for entry in env.get("PATH", "").split(os.pathsep) if not venv or not entry.startswith(venv)]
    env["PATH"] = os.pathsep.join(entry for entry in path if "/.venv/" not in entry + "/")
    return env


def test_the_page_asks_for_what_the_test_does():
    kinds = [kind for kind, _ in steps(PAGE.read_text(encoding="utf-8"))]
    assert kinds == ["sh", "sh", "file", "console"]


@pytest.mark.slow
def test_following_getting_started_literally_works(tmp_path):
    repo = tmp_path / "goalgraph"
    shutil.copytree(ROOT, repo, ignore=NOT_IN_A_CLONE)
    env = fresh_shell()
    script: list[str] = ["set -euo pipefail"]
    expected: list[tuple[str, str]] = []
    for kind, body in steps(PAGE.read_text(encoding="utf-8")):
        if kind == "sh":
            script.append(body)
        elif kind == "file":  # the reader saves the document the page shows, where they are
            shutil.copyfile(PAGE.parent / body, repo / "okrs.yaml")
        else:
            command, _, output = body.partition("\n")
            assert command.startswith("$ ")
            expected.append((command[2:], output))
    installed = subprocess.run(
        ["bash", "-c", "\n".join(script)], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "Acme Cloud" in installed.stdout  # goalgraph demo ran
    # The Python session: every >>> line of the page, typed into the venv's Python in the same directory.
    session = (
        "import doctest, sys; "
        "failed, _ = doctest.testfile(sys.argv[1], module_relative=False, "
        "optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE); sys.exit(1 if failed else 0)"
    )
    typed = subprocess.run(
        [str(repo / ".venv" / "bin" / "python"), "-c", session, str(repo / "docs" / "getting-started.rst")],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert typed.returncode == 0, typed.stdout + typed.stderr
    for command, output in expected:
        ran = subprocess.run(
            ["bash", "-c", f". .venv/bin/activate && {command}"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert ran.returncode == 0, ran.stderr
        shown = [line.rstrip() for line in output.splitlines()]
        assert [line.rstrip() for line in ran.stdout.splitlines()] == shown

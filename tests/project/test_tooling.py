"""The project's own checks, run as part of the test command.

The README promises one command that installs and runs every check; these
tests make the linters and the type checker part of it (the strict docs
build and its link check are in ``test_docs_site.py``), so a red check is a
red test run.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


# Safe in parallel (pytest -n): no tool writes a cache into the repository, where another test (or a
# developer's own run) may be writing the same files. ruff needs none; each mypy run gets its own.
@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "--no-cache", "src", "tests", "docs", "benchmarks", "tools"),
        ("ruff", "format", "--no-cache", "--check", "src", "tests", "docs", "benchmarks", "tools"),
    ],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff_is_clean(command):
    result = run(*command)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_is_clean_on_src(tmp_path):
    result = run("mypy", "--cache-dir", str(tmp_path / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_public_api_types_as_pinned(tmp_path):
    # tests/typing holds assert_type() checks of what users' type checkers see.
    result = run("mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "tests/typing")
    assert result.returncode == 0, result.stdout + result.stderr

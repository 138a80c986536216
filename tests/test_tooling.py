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

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "src", "tests", "docs", "benchmarks", "tools"),
        ("ruff", "format", "--check", "src", "tests", "docs", "benchmarks", "tools"),
    ],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff_is_clean(command):
    result = run(*command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean_on_src():
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_public_api_types_as_pinned():
    # tests/typing holds assert_type() checks of what users' type checkers see.
    result = run("mypy", "--strict", "tests/typing")
    assert result.returncode == 0, result.stdout + result.stderr

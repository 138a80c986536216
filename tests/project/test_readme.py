"""The README's promises: the CI runs its test command, and its example runs."""

from __future__ import annotations

import contextlib
import io
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_the_readme_gives_the_demo_command_and_the_test_command():
    commands = [block.strip() for block in blocks("sh")]
    assert len(commands) == 2
    assert commands[0].endswith("goalgraph demo")
    assert commands[1].endswith("python -m pytest -n auto")  # the whole suite, on every core


def test_ci_runs_exactly_the_readme_test_command():
    test_command = blocks("sh")[1].strip()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci_lines[-1] == test_command  # the last line: its status is the run's


def test_the_readme_example_runs():
    (example,) = blocks("python")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example, "README.md", "exec"), {})
    assert out.getvalue().startswith("0.43 Contribution(id='KR1', weight=2, share=1.0, score=0.43")

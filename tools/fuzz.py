"""Fuzz goalgraph's loaders and the spreadsheet importer, time-boxed.

Two engines, one contract. Each input must either load or be refused with a
:class:`goalgraph.ValidationError`; whatever loads must score, check, dump
and load back to the same document. Anything else (another exception, a
hang, a changed document) is a finding: the input is written to
``--artifacts`` and becomes a regression test in ``tests/data/fuzz/``.

- ``--engine atheris`` (coverage-guided, libFuzzer; ``pip install atheris``
  or ``pip install -e . --group fuzz``);
- ``--engine hypothesis`` (no extra install: structured mutations of valid
  documents and raw text, the same strategies as the test suite's small
  budget, run for as long as you ask).

Usage::

    python tools/fuzz.py --target json --minutes 10
    python tools/fuzz.py --target yaml --engine hypothesis --minutes 10
    python tools/fuzz.py --target csv --minutes 10
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import TARGETS, mutated_inputs, one_input, seeds  # noqa: E402 (the suite's harness: tests/fuzzing.py)


def run_atheris(target: str, seconds: int, artifacts: pathlib.Path) -> int:
    """Coverage-guided: libFuzzer through atheris, from the seeds, for ``seconds``."""
    import atheris  # type: ignore[import-not-found]

    # goalgraph is imported already (by the harness): instrument what is loaded.
    atheris.instrument_all()
    corpus = artifacts / f"corpus-{target}"
    corpus.mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(seeds(target)):
        (corpus / f"seed-{number}").write_bytes(seed)
    argv = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={seconds}",
        f"-artifact_prefix={artifacts}/",
        "-timeout=20",
        "-rss_limit_mb=4096",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, lambda data: one_input(target, data))
    atheris.Fuzz()
    return 0


def run_hypothesis(target: str, seconds: int, artifacts: pathlib.Path) -> int:
    """Structured mutations from the test suite's strategies, for ``seconds``.

    Hypothesis runs in rounds of a fixed number of inputs until the time is
    up: a round stops by itself, so no input is cut short (raising from
    inside a test to stop it makes Hypothesis report the run as flaky).
    """
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    deadline = time.monotonic() + seconds
    count = 0
    artifacts.mkdir(parents=True, exist_ok=True)

    @settings(max_examples=ROUND, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        nonlocal count
        payload = data.draw(mutated_inputs(target))
        count += 1
        try:
            one_input(target, payload)
        except Exception:
            path = artifacts / f"crash-{target}-{count}"
            path.write_bytes(payload)
            print(f"finding written to {path}", file=sys.stderr)
            raise

    rounds = 0
    while time.monotonic() < deadline:
        fuzz()
        rounds += 1
    print(f"hypothesis: {count} inputs to the {target} loader in {rounds} rounds, no finding")
    return 0


# Inputs per round of the Hypothesis engine: a round takes a few seconds.
ROUND = 200


def main(argv: list[str] | None = None) -> int:
    """Run one engine on one target for the time asked; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=TARGETS, default="json")
    parser.add_argument("--engine", choices=("atheris", "hypothesis"), default="atheris")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--artifacts", type=pathlib.Path, default=pathlib.Path("fuzz-artifacts"))
    args = parser.parse_args(argv)
    seconds = max(1, int(args.minutes * 60))
    started = time.monotonic()
    runner = run_atheris if args.engine == "atheris" else run_hypothesis
    status = runner(args.target, seconds, args.artifacts)
    print(f"{args.engine} on {args.target}: {time.monotonic() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())

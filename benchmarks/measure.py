"""What the benchmark scripts share: how a call is timed, and what a report says about where it ran."""

from __future__ import annotations

import contextlib
import gc
import os
import platform
import subprocess
from collections.abc import Iterator
from pathlib import Path

import goalgraph

__all__ = ["collector_off", "load_average", "machine"]


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """Like ``timeit``: collect first, then keep the cyclic collector off while timing.

    With a graph of millions of objects alive, a full collection costs about
    as much as a rescore, and lands on whichever timed call happens to
    trigger it; timings of repeated calls would measure the collector's
    schedule instead of the call. Load and first score are timed with it on,
    as a host sees them (goalgraph pauses it itself while building).
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def machine() -> str:
    """One line: platform, CPU model and count, Python, goalgraph's version and commit."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, StopIteration), open("/proc/cpuinfo") as cpuinfo:
        cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    return (
        f"machine: {platform.platform()}, {cpu}, {os.cpu_count()} CPUs; "
        f"{platform.python_implementation()} {platform.python_version()}; goalgraph {goalgraph.__version__}{_commit()}"
    )


def _commit() -> str:
    """`` (commit abc1234)``, with ``, src/ modified`` when the working tree's src/ differs; empty outside git."""
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        modified = subprocess.run(["git", "-C", str(here.parent), "diff", "--quiet", "HEAD", "--", "src"]).returncode
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f" (commit {commit}{', src/ modified' if modified else ''})"


def load_average() -> str:
    """The 1-minute load average: above the CPU count, other processes competed for the CPUs."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"

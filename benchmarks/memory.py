"""Peak memory and time of reading a document, against its size: the bound of the Guarantees page.

Each measurement runs in a fresh Python process (its peak resident set is
the figure), so that one document's memory does not hide another's:

- 60 MiB of ``x-`` numbers, JSON and YAML, under the default limits: the
  document a hostile user sends to exhaust a host. It must be read or
  refused within 1 GiB and a minute;
- realistic organisations (``orgs.py``) as JSON and YAML, by size: peak
  memory per input byte, against the bound of 40 bytes per input byte plus
  200 MiB.

Usage::

    python benchmarks/memory.py              # the full run (about two minutes)
    python benchmarks/memory.py --quick      # small sizes, to check that it runs
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import load_average, machine

MIB = 2**20
BOUND_PER_BYTE, BOUND_BASE = 40, 200 * MIB

# Runs in a fresh process: read the file, report the peak resident set and the time.
_CHILD = """
import sys, time
import goalgraph
path, format = sys.argv[1], sys.argv[2]
started = time.perf_counter()
try:
    graph = goalgraph.load(path, format=format)
    goalgraph.score(graph, as_of="2026-09-01")
    outcome = "read and scored"
except goalgraph.GoalGraphError as err:
    outcome = "refused: " + err.problems[0].code + " " + err.problems[0].path
seconds = time.perf_counter() - started
# The high-water mark of this process's memory (VmHWM, per address space): ru_maxrss would also count
# the parent's, which Linux carries over a fork.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
print(peak, seconds, outcome, sep="\\t")
"""


def measure(path: Path, format: str) -> tuple[int, float, str]:
    """Peak bytes, seconds and outcome of loading (and scoring) ``path`` in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), format], capture_output=True, text=True, check=True
    ).stdout
    peak, seconds, outcome = out.strip().split("\t")
    return int(peak), float(seconds), outcome


def x_numbers(size: int, format: str) -> str:
    """A valid document whose bulk is one ``x-`` list of small numbers, ``size`` bytes long."""
    head = {
        "goalgraph": 1,
        "cycles": [{"id": "C", "start": "2026-07-01", "end": "2026-09-30"}],
        "owners": [{"id": "acme", "level": "company"}],
    }
    if format == "json":
        start = json.dumps(head)[:-1] + ', "x-a": ['
        return start + "1," * ((size - len(start) - 3) // 2) + "1]}"
    start = "goalgraph: 1\ncycles: [{id: C, start: 2026-07-01, end: 2026-09-30}]\nx-a:\n"
    return start + "- 1\n" * ((size - len(start)) // 4)


def organisation(nodes: int, format: str) -> str:
    from orgs import organisation as make
    from orgs import size_for

    document = make(size_for(nodes))
    if format == "json":
        return json.dumps(document)
    import goalgraph

    return goalgraph.dumps(goalgraph.from_dict(document, limits=goalgraph.Limits(max_nodes=10**8)), "yaml")


def report(label: str, text: str, format: str, folder: Path) -> None:
    path = folder / f"doc.{format}"
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size
    peak, seconds, outcome = measure(path, format)
    bound = BOUND_PER_BYTE * size + BOUND_BASE
    print(
        f"  {label:<34} {size / MIB:7.1f} MiB  peak {peak / MIB:7.0f} MiB  "
        f"{peak / size:6.1f} B/input byte  {seconds:6.1f} s  "
        f"{'within' if peak <= bound else 'OVER'} the bound ({bound / MIB:,.0f} MiB)  {outcome}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only, to check that the script runs")
    args = parser.parse_args(argv)
    hostile = 2 * MIB if args.quick else 60 * MIB
    # The largest organisation stays under the default size limit (64 MiB): 250,000 nodes of JSON.
    sizes = (
        {"json": (1_000,), "yaml": (1_000,)}
        if args.quick
        else {"json": (10_000, 100_000, 250_000), "yaml": (10_000, 50_000)}
    )
    print(machine())
    print(f"load average: {load_average()}")
    with tempfile.TemporaryDirectory() as folder:
        print("x- numbers under the default limits (read, or refused early by the node limit):")
        for format in ("json", "yaml"):
            report(f"{format}, {hostile // MIB} MiB of x- numbers", x_numbers(hostile, format), format, Path(folder))
        print("realistic organisations:")
        for format, counts in sizes.items():
            for nodes in counts:
                report(f"{format}, {nodes:,} nodes", organisation(nodes, format), format, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())

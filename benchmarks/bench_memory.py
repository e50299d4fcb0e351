"""Peak memory of a fuzz run at N and at 10N examples: is it flat in the run's length?

Run: ``python benchmarks/bench_memory.py [--examples N] [--operation OP] [--target T]
[--repeats R]``.

Each run is what a user types, ``smcontract run -t T --mode fuzz -o OP --max-examples K
--report json`` in a fresh process, with a fresh example database and report folder (so no
run replays another's examples). The peak resident set size is the child's own
(``os.wait4``'s ``ru_maxrss``, KiB on Linux), not the largest of all children. Both sizes run
``R`` times, alternating; the medians are compared. The goal: the 10N run's peak is at most
1.2x the N run's (MISSES otherwise; exit status stays 0, the figure is the result). The
default target is the strict reference: against moto a unit stops at its first finding, so
10x the examples is far less than 10x the requests (the cases column shows it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import machine  # noqa: E402

GOAL = 1.2


def smcontract_command() -> list[str]:
    script = Path(sys.executable).with_name("smcontract")
    return [str(script)] if script.exists() else [sys.executable, "-m", "smcontract.cli"]


def fuzz_run(target: str, operation: str, examples: int, scratch: Path) -> dict[str, Any]:
    """One fresh fuzz run: its peak RSS (KiB), wall seconds, and the cases it ran."""
    with tempfile.TemporaryDirectory(dir=scratch) as directory:
        folder = Path(directory)
        command = [
            *smcontract_command(),
            *("run", "-t", target, "--mode", "fuzz", "-o", operation),
            *("--max-examples", str(examples), "--report", "json"),
            *("--report-dir", str(folder / "reports"), "--database", str(folder / "db")),
        ]
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        stderr = child.stderr.read().decode() if child.stderr else ""
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} exited {child.returncode}:\n{stderr}")
        report = json.loads((folder / "reports" / "report.json").read_text(encoding="utf-8"))
    cases = sum(t["cases"] for t in report["summary"]["targets"].values())
    return {"examples": examples, "maxrss_kib": usage.ru_maxrss, "seconds": seconds, "cases": cases}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20, help="N (the long run is 10N)")
    parser.add_argument("--operation", default="DescribeCompilationJob")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument(
        "--target",
        default="reference",
        help="reference (default: it enforces every rule, so no unit stops at a finding and"
        " the run's length grows with the examples) or moto",
    )
    args = parser.parse_args(argv)
    print(
        f"# peak RSS of a fuzz run at N and 10N examples, -t {args.target} -o {args.operation}"
        f" ({machine()})"
    )
    runs: dict[int, list[dict[str, Any]]] = {args.examples: [], 10 * args.examples: []}
    with tempfile.TemporaryDirectory() as directory:
        for _ in range(args.repeats):
            for examples, done in runs.items():
                done.append(fuzz_run(args.target, args.operation, examples, Path(directory)))
    print(f"{'max_examples':>12} {'cases':>7} {'seconds':>8} {'peak RSS MiB':>13}  runs (MiB)")
    peaks = {}
    for examples, done in runs.items():
        peaks[examples] = statistics.median(r["maxrss_kib"] for r in done) / 1024
        each = "/".join(f"{r['maxrss_kib'] / 1024:.0f}" for r in done)
        print(
            f"{examples:>12} {statistics.median(r['cases'] for r in done):>7.0f} "
            f"{statistics.median(r['seconds'] for r in done):>8.1f} {peaks[examples]:>13.0f}"
            f"  {each}"
        )
    ratio = peaks[10 * args.examples] / peaks[args.examples]
    verdict = "ok" if ratio <= GOAL else "MISSES"
    print(f"peak RSS at 10N / at N: {ratio:.2f}x (goal at most {GOAL}x: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

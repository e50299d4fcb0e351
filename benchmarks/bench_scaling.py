"""Run time and peak memory of a fuzz run as the number of examples grows.

Run: ``python benchmarks/bench_scaling.py [--full] [--sizes 100,1000] [--no-trace]``.

For each N (100 and 1,000; 10,000 with ``--full``) a fresh process runs
``run(pack, ["moto"], mode="fuzz", max_examples=N, operations=["CreateCompilationJob"])``
with a ``ReportBuilder`` as its sink (what the CLI does), no example database and no lifecycle
scenarios, on three units of CreateCompilationJob:

* its valid requests (moto accepts them: no finding, so Hypothesis runs all N examples);
* ``CreateCompilationJob.(InputConfig|ModelPackageVersionArn).exactly-one``, the one input
  rule of the operation moto enforces (no finding: all N examples);
* ``CreateCompilationJob.CompilationJobName.pattern``, which moto does not enforce: the first
  finding stops the search and Hypothesis shrinks it, a cost that should not grow with N.

The other constraints are left out through the ``strategies`` seam (the selection reports
them UNTESTED, "not selected by the benchmark"). Printed per N: requests sent (CaseFinished
events that reached the target), wall time, time per request, the process's peak RSS
(``resource.getrusage``), and, in a second fresh process, the peak of ``tracemalloc`` during
``run()`` (tracing slows the run down, so its time is not used). Time should grow linearly
with N and memory stay flat.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Clock, machine, save, table

OPERATION = "CreateCompilationJob"
KEEP = (
    "CreateCompilationJob.(InputConfig|ModelPackageVersionArn).exactly-one",
    "CreateCompilationJob.CompilationJobName.pattern",
)


class Selected:
    """The default strategies, with every constraint but ``keep`` declared unviolatable."""

    def __init__(self, pack: Any, keep: tuple[str, ...]) -> None:
        import smcontract.strategies as strategies

        self.s = strategies
        self.pack = pack
        self.keep = set(keep)

    def valid(self, operation: str) -> Any:
        return self.s.valid(operation, pack=self.pack)

    def violating(self, operation: str, constraint_id: str) -> Any:
        return self.s.violating(operation, constraint_id, pack=self.pack)

    def boundaries(self, operation: str) -> list[Any]:
        cases = self.s.boundaries(operation, pack=self.pack)
        return [c for c in cases if c.expect == "accept" or c.constraint_id in self.keep]

    def unviolatable(self, operation: str) -> dict[str, str]:
        skipped = {
            c.id: "not selected by the benchmark"
            for c in self.pack.operation(operation).constraints
            if c.id not in self.keep
        }
        return {**skipped, **self.s.unviolatable(operation, pack=self.pack)}


def child(n: int, trace: bool) -> dict[str, Any]:
    """One run at ``max_examples=n`` in this (fresh) process."""
    from smcontract.contracts import load_contracts
    from smcontract.reports import ReportBuilder
    from smcontract.suites import run

    pack = load_contracts()
    for cid in KEEP:
        pack.constraint(cid)  # fails loudly if the contracts renamed it
    strategies = Selected(pack, KEEP)
    clock = Clock()
    builder = ReportBuilder()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = run(
        pack,
        ["moto"],
        operations=[OPERATION],
        mode="fuzz",
        max_examples=n,
        seed=0,
        sinks=[clock, builder],
        database_dir=None,
        strategies=strategies,
        lifecycle=False,
    )
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    builder.report()
    verdicts = {v.constraint_id: v.verdict for v in result.results if v.constraint_id in KEEP}
    return {
        "n": n,
        "requests": clock.requests,
        "seconds": elapsed,
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "maxrss_before_kib": rss_before,
        "traced_peak": peak,
        "verdicts": verdicts,
        "valid": [o.valid_verdict for o in result.operations],
    }


def measure(n: int, trace: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(n)] + (["--trace"] if trace else [])
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", help="also write the figures as JSON to this file")
    parser.add_argument("--full", action="store_true", help="also N = 10,000")
    parser.add_argument("--sizes", help="comma-separated N (overrides --full)")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.trace)))
        return []
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [100, 1000]
    if args.full and not args.sizes:
        sizes.append(10_000)
    print(f"# Fuzz scaling, {OPERATION}, 1 valid + {len(KEEP)} constraint units ({machine()})\n")
    rows, figures = [], []
    for n in sizes:
        timed = measure(n, trace=False)
        traced = None if args.no_trace else measure(n, trace=True)
        figure = {**timed, "traced_peak": traced["traced_peak"] if traced else None}
        figures.append(figure)
        per = timed["seconds"] / max(timed["requests"], 1) * 1000
        rows.append(
            [
                f"{n:,}",
                f"{timed['requests']:,}",
                f"{timed['seconds']:.1f}",
                f"{per:.2f}",
                f"{timed['maxrss_kib'] / 1024:.0f}",
                f"{(timed['maxrss_kib'] - timed['maxrss_before_kib']) / 1024:.0f}",
                f"{traced['traced_peak'] / 2**20:.1f}" if traced else "-",
            ]
        )
        print(f"  N={n}: {timed['verdicts']} valid={timed['valid']}", flush=True)
    print()
    print(
        table(
            [
                "max_examples",
                "requests",
                "run s",
                "ms/request",
                "peak RSS MiB",
                "RSS growth in run() MiB",
                "tracemalloc peak MiB",
            ],
            rows,
        )
    )
    if len(figures) > 1:
        a, b = figures[0], figures[-1]
        growth = (b["seconds"] / a["seconds"]) / (b["requests"] / max(a["requests"], 1))
        print(
            f"\ntime grows {b['seconds'] / a['seconds']:.1f}x for "
            f"{b['requests'] / a['requests']:.1f}x the requests (1.0 = linear: {growth:.2f}); "
            f"peak RSS "
            f"{a['maxrss_kib'] / 1024:.0f} -> {b['maxrss_kib'] / 1024:.0f} MiB"
        )
    save(args.save, figures)
    return figures


if __name__ == "__main__":
    main()

"""Speed-up of ``workers`` 1, 2 and 4 against moto's server over loopback.

Run: ``python benchmarks/bench_workers.py [--workers 1,2,4] [--operations A,B]``.

Each setting runs ``run(pack, ["moto-server"], mode="certify", workers=W)``: the spec, so
that each worker opens a target of its own (``MotoServerTarget``: its own moto server
process, state apart from the others). A warm-up run first builds the corpus (the strategies
cache it), so every timed run measures the same requests. Printed: run time, requests
(CaseFinished events that reached a server), req/s and the speed-up against one worker, and
whether every verdict is the same as with one worker.

The machine has 2 cores: the client threads share one interpreter (the GIL) and every server
is a Python process of its own, so more than 2 workers cannot gain much here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Clock, machine, save, table

from smcontract.contracts import load_contracts
from smcontract.suites import run


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", help="also write the figures as JSON to this file")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--operations", help="comma-separated (default: all)")
    args = parser.parse_args(argv)
    pack = load_contracts()
    ops = args.operations.split(",") if args.operations else None
    counts = [int(w) for w in args.workers.split(",")]
    print(f"# Workers against moto-server ({machine()})\n")
    run(pack, ["moto"], mode="certify", operations=ops)  # warm-up: build the corpus once
    figures: list[dict[str, Any]] = []
    baseline: dict[str, str] | None = None
    for workers in counts:
        clock = Clock()
        start = time.perf_counter()
        result = run(
            pack, ["moto-server"], mode="certify", operations=ops, workers=workers, sinks=[clock]
        )
        seconds = time.perf_counter() - start
        verdicts = {v.constraint_id: v.verdict for v in result.results}
        if baseline is None:
            baseline = verdicts
        same = sum(verdicts.get(k) == v for k, v in baseline.items())
        figures.append(
            {
                "workers": workers,
                "seconds": seconds,
                "requests": clock.requests,
                "rate": clock.requests / seconds,
                "same": same,
                "of": len(baseline),
                "notes": list(result.notes),
            }
        )
        print(f"  workers={workers}: {seconds:.1f} s, {clock.requests} requests", flush=True)
    one = figures[0]["rate"]
    rows = [
        [
            f["workers"],
            f"{f['seconds']:.1f}",
            f"{f['requests']:,}",
            f"{f['rate']:.0f}",
            f"{f['rate'] / one:.2f}x",
            f"{f['same']}/{f['of']}",
        ]
        for f in figures
    ]
    print()
    print(
        table(
            ["workers", "run s", "requests", "req/s", "speed-up", "verdicts as with 1 worker"],
            rows,
        )
    )
    for f in figures:
        for note in f["notes"]:
            print(f"note (workers={f['workers']}): {note}")
    save(args.save, figures)
    return figures


if __name__ == "__main__":
    main()

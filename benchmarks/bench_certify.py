"""The whole certify corpus of every operation against in-process moto: time and case counts.

Run: ``python benchmarks/bench_certify.py [--runs N]``.

What ``smcontract run`` does, minus the console: load the contracts, ``run(pack, ["moto"],
mode="certify")`` over all operations with a ``ReportBuilder`` as sink, then
``write_reports`` (JSON, JUnit, HTML, Markdown) into a temporary directory. The first run
in the process is cold (it builds every strategy and draws the corpus); later runs reuse
what the strategies cache. Printed per run: load, corpus building (RunStarted to the first
request answered), sending, report writing and total time, requests sent, cases by kind and
constraint verdicts. The aim is a whole certify run under 60 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Clock, machine, save, sent, table


class Kinds:
    """Counts cases by ``expect`` (accept, reject, setup, lifecycle) and skipped ones."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def handle(self, event: Any) -> None:
        from smcontract.suites import CaseFinished

        if isinstance(event, CaseFinished):
            self.counts[event.expect if sent(event) else f"not sent ({event.classification})"] += 1


def once() -> dict[str, Any]:
    from smcontract.contracts import load_contracts
    from smcontract.reports import ReportBuilder, write_reports
    from smcontract.suites import run

    t0 = time.perf_counter()
    pack = load_contracts()
    t1 = time.perf_counter()
    clock, kinds, builder = Clock(), Kinds(), ReportBuilder()
    result = run(pack, ["moto"], mode="certify", sinks=[clock, kinds, builder])
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as directory:
        write_reports(builder.report(), directory)
    t3 = time.perf_counter()
    return {
        "load": t1 - t0,
        "plan": clock.plan,
        "sending": clock.last - clock.first,
        "run": t2 - t1,
        "reports": t3 - t2,
        "total": t3 - t0,
        "requests": clock.requests,
        "kinds": dict(kinds.counts),
        "verdicts": dict(Counter(v.verdict for v in result.results)),
        "operations": len(result.started.operations),
        "constraints": len(result.results),
    }


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", help="also write the figures as JSON to this file")
    parser.add_argument("--runs", type=int, default=2, help="the first is cold (default 2)")
    args = parser.parse_args(argv)
    print(f"# Certify, all operations, in-process moto ({machine()})\n")
    figures = [once() for _ in range(args.runs)]
    rows = [
        [
            "cold" if i == 0 else f"warm {i}",
            f"{f['load']:.2f}",
            f"{f['plan']:.2f}",
            f"{f['sending']:.2f}",
            f"{f['reports']:.2f}",
            f"**{f['total']:.2f}**",
            f"{f['requests']:,}",
            f"{f['requests'] / f['run']:.0f}",
        ]
        for i, f in enumerate(figures)
    ]
    print(
        table(
            [
                "run",
                "load s",
                "corpus s",
                "sending s",
                "reports s",
                "total s",
                "requests",
                "req/s over run()",
            ],
            rows,
        )
    )
    f = figures[0]
    print(f"\n{f['operations']} operations, {f['constraints']} constraint results")
    print("cases:", ", ".join(f"{k} {v}" for k, v in sorted(f["kinds"].items())))
    print("verdicts:", ", ".join(f"{k} {v}" for k, v in sorted(f["verdicts"].items())))
    print(f"aim < 60 s: cold total {f['total']:.1f} s -> {'met' if f['total'] < 60 else 'MISSED'}")
    save(args.save, figures)
    return figures


if __name__ == "__main__":
    main()

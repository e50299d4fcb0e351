"""Run every end-to-end benchmark, one after the other, and print every figure with its ratio.

Run: ``python benchmarks/run_all.py [--full]`` (quick settings take a few minutes on 2 cores;
``--full`` adds N = 10,000 to the scaling run and more repeats).

Each benchmark runs in a process of its own (so that the certify run starts cold and no
benchmark inherits another's caches or moto state), prints its own tables, and saves its
figures; the summary at the end collects them. ``bench_generation.py`` (generation speed
against the peers) is separate: ``python benchmarks/bench_generation.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import machine, table  # noqa: E402


def bench(name: str, args: list[str], out: Path) -> Any:
    path = out / f"{name}.json"
    command = [sys.executable, str(HERE / f"{name}.py"), *args, "--save", str(path)]
    print(f"\n$ python benchmarks/{name}.py {' '.join(args)}", flush=True)
    start = time.perf_counter()
    code = subprocess.run(command, check=False).returncode
    print(f"({name}: {time.perf_counter() - start:.0f} s, exit {code})", flush=True)
    return json.loads(path.read_text()) if code == 0 and path.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    print(f"# smcontract end-to-end benchmarks ({machine()})")
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory)
        certify = bench("bench_certify", ["--runs", "2"], out)
        overhead = bench("bench_overhead", ["--repeats", "3" if args.full else "2"], out)
        scaling = bench("bench_scaling", ["--full"] if args.full else [], out)
        workers = bench("bench_workers", [], out)
    rows: list[list[Any]] = []
    for f in overhead or []:
        rows.append(
            [
                f"overhead, {f['target']}: harness sending vs bare loop",
                f"{f['sending']:.0f} vs {f['bare']:.0f} req/s",
                f"{f['ratio']:.0%}",
            ]
        )
        rows.append(
            [
                f"overhead, {f['target']}: whole run() vs bare loop",
                f"{f['whole']:.0f} vs {f['bare']:.0f} req/s",
                f"{f['ratio_whole']:.0%}",
            ]
        )
    if scaling:
        first = scaling[0]
        for f in scaling:
            per = f["seconds"] / max(f["requests"], 1) * 1000
            per0 = first["seconds"] / max(first["requests"], 1) * 1000
            rows.append(
                [
                    f"fuzz N={f['n']:,}: {f['requests']:,} requests",
                    f"{f['seconds']:.1f} s, {per:.2f} ms/request, peak RSS "
                    f"{f['maxrss_kib'] / 1024:.0f} MiB"
                    + (
                        f", tracemalloc {f['traced_peak'] / 2**20:.1f} MiB"
                        if f.get("traced_peak")
                        else ""
                    ),
                    f"{per / per0:.2f}x the ms/request of N={first['n']:,}",
                ]
            )
    if certify:
        cold = certify[0]
        rows.append(
            [
                "certify, all operations, in-process moto (cold)",
                f"{cold['total']:.1f} s, {cold['requests']:,} requests",
                f"{cold['total'] / 60:.0%} of the 60 s aim",
            ]
        )
        if len(certify) > 1:
            warm = certify[1]
            rows.append(
                [
                    "certify, warm (corpus cached)",
                    f"{warm['total']:.1f} s",
                    f"{warm['total'] / cold['total']:.0%} of cold",
                ]
            )
    for f in workers or []:
        rows.append(
            [
                f"workers={f['workers']} against moto-server",
                f"{f['seconds']:.1f} s, {f['rate']:.0f} req/s",
                f"{f['rate'] / workers[0]['rate']:.2f}x speed-up",
            ]
        )
    print(f"\n## Summary ({time.perf_counter() - start:.0f} s in all)\n")
    print(table(["measure", "figure", "ratio"], rows))
    return 0 if all(x is not None for x in (certify, overhead, scaling, workers)) else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""``smcontract run`` with an empty corpus cache (cold) and a filled one (warm), side by side.

Run: ``python benchmarks/bench_corpus_cache.py [--repeats N] [--operation OP ...]``.

Each repeat (default 3) times, as new processes, alternating:

* **cold**: ``smcontract run -t moto`` on the pack's operations (default all of them) with
  ``SMCONTRACT_CACHE_DIR`` a new empty folder, so the corpus is computed and stored;
* **warm**: the same command with that folder filled by the cold run before it;
* the plan alone (``build_plan`` with the default strategies, timed inside a new process
  after the imports), cold and warm, to show what the cache saves of the run.

The medians are printed with the fastest and slowest run and the warm / cold ratio. Every
run writes the json report only; the same seed (0) and settings throughout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import machine  # noqa: E402

PLAN_ONLY = """
import sys, time
from smcontract.contracts import load_contracts
from smcontract.suites._generators import default_generators
from smcontract.suites._build import build_plan, open_cache
from smcontract.suites._plan import Settings
pack = load_contracts()
settings = Settings()
ops = sys.argv[1:] or list(pack.operations)
started = time.perf_counter()
build_plan(pack, default_generators(pack), settings, ops, True, cache=open_cache(pack, settings))
print(time.perf_counter() - started)
"""


def _timed(command: list[str], cache: Path, report_dir: Path | None = None) -> tuple[float, str]:
    env = {**os.environ, "SMCONTRACT_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def _row(name: str, times: list[float]) -> str:
    return (
        f"{name:<28} median {statistics.median(times):7.2f} s   "
        f"min {min(times):6.2f}   max {max(times):6.2f}   (n={len(times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--operation", "-o", action="append", default=[])
    args = parser.parse_args()
    selected = [x for op in args.operation for x in ("-o", op)]
    times: dict[str, list[float]] = {k: [] for k in ("cold", "warm", "plan cold", "plan warm")}
    print(machine())
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        root = Path(tmp)
        for i in range(args.repeats):
            cache = root / f"cache{i}"
            run = [sys.executable, "-m", "smcontract.cli", "run", "-t", "moto", *selected]
            run += ["--report", "json", "--report-dir", str(root / f"reports{i}")]
            for kind in ("cold", "warm"):
                times[kind].append(_timed(run, cache)[0])
            plan_cache = root / f"plan{i}"
            plan = [sys.executable, "-c", PLAN_ONLY, *args.operation]
            for kind in ("plan cold", "plan warm"):
                times[kind].append(float(_timed(plan, plan_cache)[1].strip()))
    ops = ", ".join(args.operation) or "every operation of the pack"
    print(f"smcontract run -t moto ({ops}), {args.repeats} repeats, new processes")
    for name, values in times.items():
        print(_row(name, values))
    for prefix in ("", "plan "):
        cold = statistics.median(times[f"{prefix}cold"])
        warm = statistics.median(times[f"{prefix}warm"])
        print(f"{prefix or 'run '}warm / cold = {warm / cold:.2f} (saves {cold - warm:.2f} s)")


if __name__ == "__main__":
    main()

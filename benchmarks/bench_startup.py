"""Time ``smcontract --help`` and usage errors as cold processes (goal: each under 0.3 s).

Run: ``python benchmarks/bench_startup.py [--repeats N]``. Each command runs as a new
process ``N`` times (default 7); the median is printed with the fastest and slowest run,
beside a bare ``python -c pass`` and ``python -c "import click"`` for scale. ``--importtime``
also prints the ten slowest imports of ``smcontract --help`` (``python -X importtime``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import machine  # noqa: E402

CLI = [sys.executable, "-m", "smcontract.cli"]
COMMANDS: list[tuple[str, list[str], int]] = [
    ("python -c pass (floor)", [sys.executable, "-c", "pass"], 0),
    ("python -c 'import click' (floor)", [sys.executable, "-c", "import click"], 0),
    ("smcontract --help", [*CLI, "--help"], 0),
    ("smcontract run --help", [*CLI, "run", "--help"], 0),
    ("smcontract --version", [*CLI, "--version"], 0),
    ("run -o NoSuchOperation", [*CLI, "run", "-o", "NoSuchOperation"], 2),
    ("run --shard 3/2", [*CLI, "run", "--shard", "3/2"], 2),
    ("run --mode nope", [*CLI, "run", "--mode", "nope"], 2),
    ("run --report pdf", [*CLI, "run", "--report", "pdf"], 2),
    ("run --waivers missing.toml", [*CLI, "run", "--waivers", "missing-waivers.toml"], 2),
    ("validate NoSuchOperation -", [*CLI, "validate", "NoSuchOperation", "-"], 2),
    ("generate NoSuchOperation", [*CLI, "generate", "NoSuchOperation"], 2),
    ("contracts list -o NoSuchOperation", [*CLI, "contracts", "list", "-o", "Nope"], 2),
]


def timed(command: list[str], expected: int) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != expected:
        raise SystemExit(
            f"{' '.join(command)} exited {done.returncode}, expected {expected}:\n"
            + done.stderr.decode(errors="replace")
        )
    return elapsed


def importtime(top: int) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *CLI[1:], "--help"], capture_output=True, check=True
    )
    rows = []
    for line in done.stderr.decode().splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    print("\nslowest imports of smcontract --help (cumulative µs, python -X importtime):")
    for micros, name in sorted(rows, reverse=True)[:top]:
        print(f"  {micros:>8}  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args(argv)
    print(f"# cold start, median of {args.repeats} new processes ({machine()})")
    print(
        f"{'command':<40} {'median s':>9} {'min s':>7} {'max s':>7} {'over click':>10}"
        "  goal < 0.3 s"
    )
    worst, click_floor = 0.0, 0.0
    for label, command, expected in COMMANDS:
        times = [timed(command, expected) for _ in range(args.repeats)]
        median = statistics.median(times)
        floor = label.endswith("(floor)")
        if "import click" in label:
            click_floor = median
        worst = worst if floor else max(worst, median)
        verdict = "" if floor else ("ok" if median < 0.3 else "MISSES")
        over = "" if floor else f"{median - click_floor:+.3f}"
        print(
            f"{label:<40} {median:>9.3f} {min(times):>7.3f} {max(times):>7.3f} {over:>10}"
            f"  {verdict}"
        )
    print(f"slowest median of a smcontract command: {worst:.3f} s")
    if args.importtime:
        importtime(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

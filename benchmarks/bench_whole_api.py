"""``smcontract run -t moto --profile all``: every SageMaker operation, cold and warm, and sharded.

Run: ``python benchmarks/bench_whole_api.py [--no-shards] [--shards N] [--profile NAME |
-o OP ...]`` (default ``--profile all``; a profile or a few ``-o`` for a quick check of the
script itself).

1. **cold**: a new process runs ``smcontract run -t moto --profile all --report json`` with an
   empty ``SMCONTRACT_CACHE_DIR`` (the certify corpus is computed and written);
2. **warm**: the same command again with the same cache folder (the corpus is read);
3. **shards**: ``--shard i/N`` for i = 1..N (default 4, sequential, warm cache), then
   ``smcontract merge`` of their report.json, compared with the warm unsharded report: the
   verdict of every (target, constraint) and operation, and the certification content hash.

For each run it prints the wall time, the peak RSS of the child process
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, read after each run: the largest child so
far, so cold is read first), the cases (requests) and findings of the report, and the
operations whose every verdict is ``NOT IMPLEMENTED``. The issue's goals: cold < 5 min, warm
< 3 min, peak RSS < 1 GiB on 2 cores; merged shards equal to the unsharded report.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import machine  # noqa: E402

GOALS = {"cold": 300.0, "warm": 180.0}
RSS_GOAL_MIB = 1024.0


def smcontract() -> list[str]:
    script = Path(sys.executable).with_name("smcontract")
    return [str(script)] if script.exists() else [sys.executable, "-m", "smcontract.cli"]


def run(args: list[str], cache: Path) -> tuple[float, float, int]:
    """Seconds, peak RSS (MiB, largest child so far) and exit code of one process."""
    env = {k: v for k, v in os.environ.items() if k != "SMCONTRACT_CONTRACTS"}
    env["SMCONTRACT_CACHE_DIR"] = str(cache)
    start = time.perf_counter()
    done = subprocess.run([*smcontract(), *args], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"smcontract {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    return elapsed, rss_mib, done.returncode


#: What the runs check: ``--profile all`` unless main() is told otherwise.
SCOPE = ["--profile", "all"]


def whole_run(folder: Path, cache: Path, shard: str | None = None) -> tuple[float, float]:
    args = ["run", "-t", "moto", *SCOPE, "--report", "json"]
    args += ["--report-dir", str(folder)] + (["--shard", shard] if shard else [])
    elapsed, rss, _ = run(args, cache)
    return elapsed, rss


def _entries(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-operation entries of every target (``operations`` is target -> list)."""
    return [{**o, "target": t} for t, ops in report["operations"].items() for o in ops]


def unimplemented(report: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Operations with valid verdict NOT IMPLEMENTED (named once), and those left UNTESTED
    whose every verdict that rests on cases is NOT IMPLEMENTED (named only by constraints)."""
    answered: dict[str, set[str]] = {}
    for result in report["results"]:
        if result["verdict"] != "UNTESTED":
            answered.setdefault(result["operation"], set()).add(result["verdict"])
    named, unnamed = [], []
    for entry in _entries(report):
        if entry["valid_verdict"] == "NOT IMPLEMENTED":
            named.append(entry["operation"])
        elif answered.get(entry["operation"]) == {"NOT IMPLEMENTED"}:
            unnamed.append(entry["operation"])
    return sorted(named), sorted(unnamed)


def facts(report: dict[str, Any]) -> dict[str, Any]:
    summary = report["summary"]
    targets = summary["targets"]
    named, unnamed = unimplemented(report)
    return {
        "operations": len(report["header"]["operations"]),
        "constraints": sum(t["constraints"] for t in targets.values()),
        "cases": sum(t["cases"] for t in targets.values()),
        "findings": summary.get("findings"),
        "verdicts": summary["verdicts"],
        "not_implemented": named,
        "not_implemented_unnamed": unnamed,
        "hash": {
            name: entry.get("hash")
            for name, entry in (report.get("certification") or {}).get("targets", {}).items()
        },
    }


def verdicts(report: dict[str, Any]) -> tuple[dict[Any, Any], dict[Any, Any]]:
    results = {
        (r["target"], r["constraint_id"]): (r["verdict"], r["cases"]) for r in report["results"]
    }
    operations = {
        (o["target"], o["operation"]): (o["valid_verdict"], o["response_verdict"])
        for o in _entries(report)
    }
    return results, operations


def compare(whole: dict[str, Any], merged: dict[str, Any]) -> list[str]:
    """What differs between the unsharded report and the merged shards (empty: equal)."""
    differences = []
    (w_results, w_ops), (m_results, m_ops) = verdicts(whole), verdicts(merged)
    for key in sorted(set(w_results) | set(m_results)):
        if w_results.get(key) != m_results.get(key):
            differences.append(f"{key}: {w_results.get(key)} != {m_results.get(key)}")
    for key in sorted(set(w_ops) | set(m_ops)):
        if w_ops.get(key) != m_ops.get(key):
            differences.append(f"operation {key}: {w_ops.get(key)} != {m_ops.get(key)}")
    if facts(whole)["hash"] != facts(merged)["hash"]:
        differences.append(f"hash: {facts(whole)['hash']} != {facts(merged)['hash']}")
    return differences


def show(label: str, elapsed: float, rss: float, report: dict[str, Any]) -> None:
    info = facts(report)
    goal = GOALS.get(label)
    verdict = "" if goal is None else ("ok" if elapsed < goal else f"MISSES {goal:.0f} s")
    print(
        f"{label:>6}: {elapsed:7.1f} s  peak RSS {rss:7.1f} MiB"
        f"{'' if rss < RSS_GOAL_MIB else ' (MISSES 1 GiB)'}  {verdict}"
    )
    print(
        f"        operations {info['operations']}  constraints {info['constraints']}  "
        f"cases {info['cases']}  findings {info['findings']}"
    )
    print(f"        verdicts {json.dumps(info['verdicts'], sort_keys=True)}")
    named, unnamed = info["not_implemented"], info["not_implemented_unnamed"]
    print(
        f"        NOT IMPLEMENTED operations: {len(named)} named once (valid verdict); "
        f"{len(unnamed)} more whose answered cases all say so, valid request never sent"
        + (f" ({', '.join(unnamed[:5])}{' ...' if len(unnamed) > 5 else ''})" if unnamed else "")
    )


def shards(root: Path, cache: Path, n: int, whole: dict[str, Any]) -> bool:
    parts = []
    total = 0.0
    for i in range(1, n + 1):
        elapsed, rss = whole_run(root / f"shard{i}", cache, f"{i}/{n}")
        total += elapsed
        print(f"  shard {i}/{n}: {elapsed:7.1f} s  peak RSS (max so far) {rss:7.1f} MiB")
        parts.append(str(root / f"shard{i}" / "report.json"))
    run(["merge", *parts, "--report-dir", str(root / "merged"), "--report", "json"], cache)
    merged = json.loads((root / "merged" / "report.json").read_text(encoding="utf-8"))
    differences = compare(whole, merged)
    print(f"  shards total {total:.1f} s; merged == unsharded: {not differences}")
    for line in differences[:20]:
        print(f"    {line}")
    return not differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--no-shards", action="store_true")
    parser.add_argument("--profile", default="all")
    parser.add_argument("-o", "--operation", action="append", default=[])
    options = parser.parse_args()
    scope = [x for op in options.operation for x in ("-o", op)]
    SCOPE[:] = scope or ["--profile", options.profile]
    print(f"smcontract run -t moto {' '.join(SCOPE)} --report json")
    print(machine())
    with tempfile.TemporaryDirectory(prefix="bench-whole-") as tmp:
        root = Path(tmp)
        cache = root / "cache"
        reports = {}
        for label in ("cold", "warm"):
            elapsed, rss = whole_run(root / label, cache)
            reports[label] = json.loads((root / label / "report.json").read_text("utf-8"))
            show(label, elapsed, rss, reports[label])
        same = verdicts(reports["cold"]) == verdicts(reports["warm"])
        print(f"  cold == warm verdicts: {same}")
        ok = same
        if not options.no_shards:
            ok = shards(root, cache, options.shards, reports["warm"]) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

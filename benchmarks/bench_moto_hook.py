"""In-process moto a request, with and without smcontract's moto hook, side by side.

Run: ``python benchmarks/bench_moto_hook.py [--rounds R] [--operation OP]``.

Sends the boundary corpus of one operation (default CreateModel: valid and invalid bodies)
through ``MotoTarget.invoke``, moto reset before every pass, ``R`` rounds alternating the
hook installed (``_moto_hook.install``) and left out (``_moto_hook.uninstall``). Prints the
median microseconds a request (wall and CPU) of each, and the saving. The answers of both
are compared (they must be the same: the hook changes no answer).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import machine  # noqa: E402

from smcontract.strategies import boundaries  # noqa: E402
from smcontract.suites.targets import MotoTarget  # noqa: E402
from smcontract.suites.targets import _moto_hook as hook  # noqa: E402


def one_pass(target: MotoTarget, requests: list[tuple[str, Any]]) -> tuple[float, float, list[Any]]:
    """Wall and CPU seconds of sending ``requests`` once after a reset; the statuses."""
    target.reset()
    wall, cpu = time.perf_counter(), time.process_time()
    answers = [target.invoke(op, params) for op, params in requests]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, [(a.status, a.error_code, a.fault) for a in answers]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--operation", default="CreateModel")
    args = parser.parse_args(argv)
    requests = [(c.operation, dict(c.request)) for c in boundaries(args.operation)]
    target = MotoTarget()
    target.invoke("ListModels", {})  # the first request installs the hook
    print(f"# in-process moto, {len(requests)} requests of {args.operation} ({machine()})")
    times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    answers: dict[bool, list[Any]] = {}
    for _ in range(args.rounds):
        for installed in (False, True):
            hook.install() if installed else hook.uninstall()
            wall, cpu, answers[installed] = one_pass(target, requests)
            times[installed].append((wall, cpu))
    hook.install()
    if answers[True] != answers[False]:
        print("the answers differ with and without the hook")
        return 1
    per = {
        k: (
            statistics.median(w for w, _ in v) / len(requests) * 1e6,
            statistics.median(c for _, c in v) / len(requests) * 1e6,
        )
        for k, v in times.items()
    }
    for installed, label in ((False, "moto as it ships"), (True, "with smcontract's hook")):
        wall, cpu = per[installed]
        print(f"{label:24} {wall:7.0f} us/request wall {cpu:7.0f} us/request CPU")
    saved = 1 - per[True][1] / per[False][1]
    print(f"median of {args.rounds} rounds; CPU a request saved by the hook: {saved:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

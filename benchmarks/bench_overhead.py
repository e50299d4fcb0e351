"""What the harness costs per request, next to a bare loop sending the same requests.

Run: ``python benchmarks/bench_overhead.py [--repeats N] [--no-server] [--operations A,B]``.

1. One certify run through a recording proxy captures the exact target calls the harness
   makes (every ``invoke`` with its request, and every ``reset`` between cases).
2. Then, alternating, ``--repeats`` times each:

   * **bare**: a plain loop replays those calls on a fresh target: in-process
     ``MotoTarget.invoke`` (moto's dispatcher, no botocore client) and ``MotoTarget.reset``;
     over loopback a ``requests.Session`` posting SigV4-signed AWS JSON 1.1 (botocore's
     ``SigV4Auth``) and ``POST /moto-api/reset``, nothing else;
   * **harness**: ``smcontract.suites.run(pack, [target], mode="certify")`` with a sink that
     counts the requests (CaseFinished events that reached the target) and times them. With
     ``--reports`` a second harness row also folds the events into a ``ReportBuilder``.

The harness does more than send: it checks every request with the oracle before sending,
judges every answer, checks every 2xx body against the output constraints and emits an
event per case. Two ratios are printed:

* *sending*: the harness's requests/s from its first to its last request, against bare;
  this is the per-request overhead (the aim is >= 80 %);
* *whole run*: requests / the whole ``run()`` wall time, which also pays for building the
  certify corpus (Hypothesis draws: see ``bench_generation.py``) before the first request.

For in-process moto it also times, alone, the harness's own parts of a request (the oracle
check of the request, the check of a 2xx body, the event): that is where the gap to the
bare loop goes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Clock, KeepOpen, Recorder, machine, median, save, spread, table

from smcontract.contracts import load_contracts
from smcontract.suites import run

Calls = list[tuple[str, Mapping[str, Any]] | None]


def harness(pack: Any, target: Any, operations: Sequence[str] | None, reports: bool) -> Clock:
    clock = Clock()
    sinks: list[Any] = [clock]
    if reports:
        from smcontract.reports import ReportBuilder

        sinks.append(ReportBuilder())
    start = time.perf_counter()
    run(pack, [target], mode="certify", operations=operations, sinks=sinks)
    clock.total = time.perf_counter() - start  # type: ignore[attr-defined]
    return clock


def bare_moto(calls: Calls) -> tuple[int, float]:
    """Replay ``calls`` on a fresh MotoTarget; (requests, seconds)."""
    from smcontract.suites.targets._moto import MotoTarget

    target = MotoTarget()
    invoke, reset = target.invoke, target.reset
    start = time.perf_counter()
    for call in calls:
        if call is None:
            reset()
        else:
            invoke(call[0], call[1])
    return sum(c is not None for c in calls), time.perf_counter() - start


def bare_http(url: str, calls: Calls, region: str = "us-east-1") -> tuple[int, float]:
    """Replay ``calls`` with requests + SigV4 against ``url``; (requests, seconds)."""
    import requests
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    creds = Credentials("testing", "testing")
    session = requests.Session()
    session.trust_env = False
    endpoint, reset_url = url.rstrip("/") + "/", url.rstrip("/") + "/moto-api/reset"
    start = time.perf_counter()
    for call in calls:
        if call is None:
            _ = session.post(reset_url, timeout=10).content
            continue
        operation, params = call
        data = json.dumps(params).encode("utf-8")
        request = AWSRequest(
            method="POST",
            url=endpoint,
            data=data,
            headers={
                "X-Amz-Target": f"SageMaker.{operation}",
                "Content-Type": "application/x-amz-json-1.1",
            },
        )
        SigV4Auth(creds, "sagemaker", region).add_auth(request)
        _ = session.post(endpoint, data=data, headers=dict(request.headers), timeout=10).content
    elapsed = time.perf_counter() - start
    session.close()
    return sum(c is not None for c in calls), elapsed


def compare(
    label: str,
    pack: Any,
    make_target: Any,
    bare: Any,
    operations: Sequence[str] | None,
    repeats: int,
    reports: bool,
    show_breakdown: bool = False,
) -> dict[str, Any]:
    """Record the calls once, then alternate bare and harness runs; print and return figures."""
    recorder = Recorder(make_target())
    first = harness(pack, recorder, operations, reports=False)
    calls = recorder.calls
    if show_breakdown:
        breakdown(pack, calls)
    invokes = sum(c is not None for c in calls)
    assert invokes == first.requests, (invokes, first.requests)
    bare_rates: list[float] = []
    sending: list[float] = []
    whole: list[float] = []
    plan: list[float] = []
    with_reports: list[float] = []
    for _ in range(repeats):
        n, seconds = bare(calls)
        bare_rates.append(n / seconds)
        clock = harness(pack, make_target(), operations, reports=False)
        if clock.requests != invokes:
            print(f"  note: this run sent {clock.requests} requests, the recorded {invokes}")
        sending.append(clock.sending_rate)
        whole.append(clock.requests / clock.total)  # type: ignore[attr-defined]
        plan.append(clock.plan)
        if reports:
            clock = harness(pack, make_target(), operations, reports=True)
            with_reports.append(clock.sending_rate)
    b, s, w = median(bare_rates), median(sending), median(whole)
    rows = [
        [f"bare loop ({label})", f"{b:.0f}", spread(bare_rates), "100 %"],
        ["harness, sending", f"{s:.0f}", spread(sending), f"{s / b:.0%}"],
    ]
    if reports:
        r = median(with_reports)
        rows.append(
            ["harness + ReportBuilder, sending", f"{r:.0f}", spread(with_reports), f"{r / b:.0%}"]
        )
    rows.append(["harness, whole run()", f"{w:.0f}", spread(whole), f"{w / b:.0%}"])
    print(
        f"\n{label}: {invokes} requests and {len(calls) - invokes} resets per pass, "
        f"{repeats} pass(es) each, medians; corpus building before the first request "
        f"{median(plan):.2f} s\n"
    )
    print(table(["path", "req/s", "passes", "of bare"], rows))
    return {
        "target": label,
        "requests": invokes,
        "bare": b,
        "sending": s,
        "whole": w,
        "plan_s": median(plan),
        "ratio": s / b,
        "ratio_whole": w / b,
    }


def breakdown(pack: Any, calls: Calls) -> None:
    """Where a harness request's time goes, besides the target: the parts timed alone."""
    from smcontract.contracts import validate, validate_response
    from smcontract.suites import CaseFinished
    from smcontract.suites._verdicts import outcome_dict
    from smcontract.suites.targets._moto import MotoTarget

    target = MotoTarget()
    sends = [c for c in calls if c is not None]
    start = time.perf_counter()
    outcomes = [target.invoke(op, params) for op, params in sends]
    parts = [("MotoTarget.invoke (the bare request)", time.perf_counter() - start)]
    start = time.perf_counter()
    for call in calls:
        if call is None:
            target.reset()
    parts.append(("MotoTarget.reset (the same resets)", time.perf_counter() - start))
    start = time.perf_counter()
    for op, params in sends:
        if op in pack.operations:
            validate(op, params, pack=pack)
    parts.append(("oracle: validate(request)", time.perf_counter() - start))
    start = time.perf_counter()
    for (op, _), outcome in zip(sends, outcomes, strict=True):
        status = outcome.status or 0
        if outcome.fault is None and 200 <= status < 300 and op in pack.operations:
            validate_response(op, outcome.body, pack=pack)
    parts.append(("validate_response(2xx body)", time.perf_counter() - start))
    start = time.perf_counter()
    for (op, params), outcome in zip(sends, outcomes, strict=True):
        CaseFinished("t", op, None, "reject", "", dict(params), outcome_dict(outcome), [], "")
    parts.append(("CaseFinished event + outcome_dict", time.perf_counter() - start))
    print(f"\nper request, over the {len(sends)} requests of the corpus:\n")
    print(table(["part", "us/request"], [[n, f"{t / len(sends) * 1e6:.0f}"] for n, t in parts]))


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", help="also write the figures as JSON to this file")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-server", action="store_true", help="skip the moto-server half")
    parser.add_argument("--operations", help="comma-separated (default: all)")
    parser.add_argument(
        "--server-operations",
        help="operations for the server half (default: the same as --operations)",
    )
    parser.add_argument("--reports", action="store_true", help="add a ReportBuilder row")
    args = parser.parse_args(argv)
    pack = load_contracts()
    ops = args.operations.split(",") if args.operations else None
    server_ops = args.server_operations.split(",") if args.server_operations else ops
    print(f"# Harness overhead against the bare target ({machine()})")
    from smcontract.suites.targets._moto import MotoTarget

    figures = [
        compare(
            "in-process moto",
            pack,
            MotoTarget,
            bare_moto,
            ops,
            args.repeats,
            args.reports,
            show_breakdown=True,
        )
    ]
    if not args.no_server:
        from smcontract.suites.targets._moto_server import MotoServerTarget

        server = MotoServerTarget()
        try:
            figures.append(
                compare(
                    "moto server, loopback",
                    pack,
                    lambda: KeepOpen(server),
                    lambda calls: bare_http(server.url, calls),
                    server_ops,
                    args.repeats,
                    args.reports,
                )
            )
        finally:
            server.close()
    save(args.save, figures)
    return figures


if __name__ == "__main__":
    main()

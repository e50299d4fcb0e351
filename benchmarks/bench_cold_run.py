"""A cold ``smcontract run`` against a plain boto3 + moto ``mock_aws`` loop, side by side.

Run: ``python benchmarks/bench_cold_run.py [--repeats N] [--operation OP ...] [--no-all]
[--all-only] [--without-moto-hook]``.

For the whole quick start (the pack's default profile, the 15 seed operations), then for each
of its operations alone (``-o`` chooses others), this script:

1. takes the requests a run sends from the ``events.ndjson`` of one untimed run
   (``--report ndjson``; every ``case-finished`` event whose request reached moto: the
   setup, constraint and lifecycle cases), with the number of its cases;
2. times the whole command a user runs as a new process, ``smcontract run -t moto -o OP
   --report-dir TMP`` (the default reports json, junit, html and md: everything included,
   imports, contracts, corpus, sending, reports) with an empty corpus cache of its own
   (``SMCONTRACT_CACHE_DIR``), so every run plans its corpus as a user's first run does; its
   ``report.json`` must count the recorded run's cases (a seeded run sends the same ones);
3. times a new process that imports boto3 and moto and sends the same requests, in the same
   order, through one ``boto3`` client under ``mock_aws``:
   ``getattr(client, xform_name(op))(**params)``, catching ``ClientError``. The client has
   ``Config(parameter_validation=False)`` so that invalid requests still go out; a request
   botocore cannot serialise (an unknown member, a string where a structure goes) is sent
   again with its recorded JSON as the body (a ``before-call`` event handler), so that it
   reaches moto as smcontract's does; the table counts them ("resent").

With ``--without-moto-hook`` a third process per repeat runs smcontract with its moto hook
(``smcontract.suites.targets._moto_hook``) left out, for the before/after figure of the hook.

Both sides run ``N`` times (default 3), alternating; the medians of the process wall times
give requests/s = requests sent by the run / seconds. The ratio (smcontract / bare) is
printed for every row; a row under the goal of 80 % says MISSES. The bare loop does no
reset between requests (smcontract resets moto before each case), and it checks nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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

GOAL = 0.80

BARE_LOOP = """
import json, sys, time
import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import mock_aws

with open(sys.argv[1], encoding="utf-8") as file:
    requests = json.load(file)
raw = {}
sent = []


def send_raw(params, **kwargs):
    sent.append(1)  # serialised: from here on the request goes to moto
    if "body" in raw:  # the request as recorded, for bodies botocore cannot serialise
        params["body"] = raw.pop("body")


resent = raised = 0
with mock_aws():
    client = boto3.client(
        "sagemaker", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    client.meta.events.register("before-call.sagemaker.*", send_raw)
    for operation, params in requests:
        call = getattr(client, xform_name(operation))
        sent.clear()
        try:
            call(**params)
        except ClientError:
            pass
        except Exception:
            if sent:  # moto raised (smcontract's target turns this into a 500)
                raised += 1
                continue
            resent += 1  # unknown member or wrong type: botocore cannot serialise it
            raw["body"] = json.dumps(params).encode("utf-8")
            try:
                call()
            except ClientError:
                pass
            except Exception:
                raised += 1
print(json.dumps({"resent": resent, "raised": raised}))
"""


# ``smcontract`` with the moto hook left out (``--without-moto-hook``): the hook's install
# does nothing, so moto runs exactly as it ships; only for the A/B figure.
NO_HOOK = """
import sys
from smcontract.suites.targets import _moto_hook
_moto_hook.install = lambda: False
from smcontract.cli import main
sys.argv[0] = "smcontract"
sys.exit(main())
"""


def smcontract_command(hook: bool = True) -> list[str]:
    if not hook:
        return [sys.executable, "-c", NO_HOOK]
    script = Path(sys.executable).with_name("smcontract")
    return [str(script)] if script.exists() else [sys.executable, "-m", "smcontract.cli"]


def _smcontract(
    operation: str | None, folder: Path, reports: str | None, hook: bool = True
) -> tuple[float, dict[str, Any]]:
    """Seconds of one cold ``smcontract run`` process (its own empty corpus cache), and its
    ``report.json`` (or ``{}`` when it writes none)."""
    shutil.rmtree(folder, ignore_errors=True)
    command = [*smcontract_command(hook), "run", "-t", "moto", "--report-dir", str(folder)]
    command += ["-o", operation] if operation else []
    command += ["--report", reports] if reports else []
    env = {k: v for k, v in os.environ.items() if k != "SMCONTRACT_CONTRACTS"}  # shipped pack
    env["SMCONTRACT_CACHE_DIR"] = str(folder / "cache")  # empty: the corpus is planned anew
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    report = folder / "report.json"
    return elapsed, json.loads(report.read_text(encoding="utf-8")) if report.is_file() else {}


def cold_run(operation: str | None, folder: Path, hook: bool = True) -> tuple[float, int]:
    """Seconds of the command a user runs, cold, with its default reports; its case count."""
    elapsed, report = _smcontract(operation, folder, None, hook)
    return elapsed, int(report["summary"]["targets"]["moto"]["cases"])


def recorded_requests(operation: str | None, folder: Path) -> tuple[list[list[Any]], int]:
    """The requests a run sends that reach moto, in order, from an untimed run writing only
    ``events.ndjson``; and its case count (every ``case-finished`` event)."""
    _smcontract(operation, folder, "ndjson")
    requests, cases = [], 0
    for line in (folder / "events.ndjson").read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        if event.get("event") != "case-finished":
            continue
        cases += 1
        if (event.get("outcome") or {}).get("elapsed") is not None:
            requests.append([event["operation"], event["request"]])
    return requests, cases


def bare_run(requests_file: Path) -> tuple[float, int]:
    """Seconds of one cold process sending the requests through boto3 under mock_aws."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", BARE_LOOP, str(requests_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    return elapsed, int(json.loads(done.stdout.splitlines()[-1])["resent"])


def measure(
    operation: str | None, repeats: int, scratch: Path, without_hook: bool = False
) -> dict[str, Any]:
    ours: list[float] = []
    bare: list[float] = []
    unhooked: list[float] = []
    sent, cases = recorded_requests(operation, scratch / "recorded")
    requests_file = scratch / "requests.json"
    requests_file.write_text(json.dumps(sent), encoding="utf-8")
    refused = 0
    for _ in range(repeats):
        seconds, timed_cases = cold_run(operation, scratch / "reports")
        if timed_cases != cases:
            raise SystemExit(f"{operation}: the recorded run had {cases} cases, this {timed_cases}")
        ours.append(seconds)
        seconds, refused = bare_run(requests_file)
        bare.append(seconds)
        if without_hook:
            seconds, timed_cases = cold_run(operation, scratch / "reports", hook=False)
            if timed_cases != cases:
                raise SystemExit(f"{operation}: without the moto hook the run had other cases")
            unhooked.append(seconds)
    count = len(sent or [])
    ours_rate = count / statistics.median(ours)
    bare_rate = count / statistics.median(bare)
    return {
        "scope": operation or "all operations",
        "requests": count,
        "resent_as_raw_json": refused,
        "smcontract_s": statistics.median(ours),
        "bare_s": statistics.median(bare),
        "smcontract_rps": ours_rate,
        "bare_rps": bare_rate,
        "ratio": ours_rate / bare_rate,
        "runs_s": {"smcontract": ours, "bare": bare, "without_hook": unhooked},
        "without_hook_s": statistics.median(unhooked) if unhooked else None,
        "without_hook_ratio": (
            count / statistics.median(unhooked) / bare_rate if unhooked else None
        ),
    }


def operations() -> list[str]:
    """The operations a plain ``smcontract run`` checks: the pack's default profile."""
    from smcontract.contracts import load_contracts

    return load_contracts().default_operations()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--operation", "-o", action="append", default=None)
    parser.add_argument("--no-all", action="store_true", help="Skip the all-operations row.")
    parser.add_argument("--all-only", action="store_true", help="Only the all-operations row.")
    parser.add_argument("--save", type=Path, default=None, help="Write the figures as JSON.")
    parser.add_argument(
        "--without-moto-hook",
        action="store_true",
        help="Also time smcontract with its moto hook left out (one more process per repeat).",
    )
    args = parser.parse_args(argv)
    scopes: list[str | None] = [] if args.all_only else list(args.operation or operations())
    if not args.no_all:
        scopes.insert(0, None)
    print(f"# cold smcontract run vs boto3 + mock_aws loop, median of {args.repeats} ({machine()})")
    header = (
        f"{'scope':<26} {'requests':>8} {'smcontract s':>12} {'bare s':>7} "
        f"{'smcontract req/s':>16} {'bare req/s':>10} {'ratio':>6}"
    )
    print(header)
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for scope in scopes:
            row = measure(scope, args.repeats, Path(directory), args.without_moto_hook)
            rows.append(row)
            mark = "" if row["ratio"] >= GOAL else f"  MISSES {GOAL:.0%}"
            note = f"  ({row['resent_as_raw_json']} resent as raw JSON)" * bool(
                row["resent_as_raw_json"]
            )
            print(
                f"{row['scope']:<26} {row['requests']:>8} {row['smcontract_s']:>12.2f} "
                f"{row['bare_s']:>7.2f} {row['smcontract_rps']:>16.1f} {row['bare_rps']:>10.1f} "
                f"{row['ratio']:>6.0%}{mark}{note}",
                flush=True,
            )
            if row["without_hook_s"] is not None:
                print(
                    f"{'  same, without moto hook':<26} {row['requests']:>8} "
                    f"{row['without_hook_s']:>12.2f} {'':>7} "
                    f"{row['requests'] / row['without_hook_s']:>16.1f} {'':>10} "
                    f"{row['without_hook_ratio']:>6.0%}",
                    flush=True,
                )
    for row in rows:
        runs = "; ".join(
            f"{name} " + "/".join(f"{t:.1f}" for t in times)
            for name, times in row["runs_s"].items()
            if times
        )
        print(f"runs (s), {row['scope']}: {runs}")
    missed = [r["scope"] for r in rows if r["ratio"] < GOAL]
    print(f"{len(missed)} of {len(rows)} rows under {GOAL:.0%}: {', '.join(missed) or 'none'}")
    if args.save is not None:
        args.save.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

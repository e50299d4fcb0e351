"""What strict mode adds to an application's test suite (``pytest --smcontract-strict``).

Two measures, each side by side with the same repeats:

1. **The suite**: ``benchmarks/strict_suite`` (a SageMaker suite in the style of moto's own:
   a mocked client per test, creates/describes/lists/deletes, calls outside the pack, moto's
   habits that break the contract) run by pytest in a fresh process, without and with
   ``--smcontract-strict=MODE``, interleaved. Wall time and the child's CPU time (user +
   system, less sensitive to other jobs on the machine); the median of each, and the ratio.
2. **Per call**, in one process: a mix of SageMaker calls on a client that answers itself
   (so only botocore and strict mode run), and on a ``mock_aws`` client, without and with
   ``smcontract.strict(client, mode="record")``: CPU microseconds per call, two clients
   alternating.

Run: ``python benchmarks/bench_strict.py [--repeats 3] [--mode record]``; another suite (moto's
own, say): ``--suite PATH/tests/test_sagemaker --cwd PATH``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _common import machine  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/FakeRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/inference:latest"


def run_suite(
    suite: Path, strict: str | None, report_dir: Path, cwd: Path = ROOT
) -> tuple[float, float]:
    """One pytest run of ``suite`` in a fresh process: (wall s, CPU s of the child)."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(suite)]
    if strict:
        command += [f"--smcontract-strict={strict}", f"--smcontract-strict-report-dir={report_dir}"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"the suite failed ({' '.join(command)}):\n{done.stdout[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _calls(client: Any, n: int) -> Callable[[], None]:
    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)

    def mix() -> None:
        client.create_model(
            ModelName=f"model-{n}", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE}
        )
        client.describe_model(ModelName=f"model-{n}")
        client.list_models(NameContains="model", CreationTimeAfter=when)
        client.create_compilation_job(
            CompilationJobName=f"job-{n}",
            RoleArn=ROLE,
            InputConfig={
                "S3Uri": "s3://b/model.tar.gz",
                "DataInputConfig": "{'input0':[1,3,224,224]}",
                "Framework": "PYTORCH",
            },
            OutputConfig={"S3OutputLocation": "s3://b/out", "TargetDevice": "ml_c5"},
            StoppingCondition={"MaxRuntimeInSeconds": 900},
        )
        client.list_training_jobs()  # outside the pack

    return mix


def per_call(
    bare: Any, strict: Any, rounds: int, reset: Callable[[], None] = lambda: None
) -> tuple[float, float]:
    """CPU microseconds per call of the five-call mix on ``bare`` and on ``strict``: batches
    of ``rounds`` mixes, alternating between the two clients, the median of five each."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(5):
        for client, out in ((bare, times[0]), (strict, times[1])):
            reset()  # the batch's names are new to the backend again
            mixes = [_calls(client, n) for n in range(rounds)]
            start = time.process_time()
            for mix in mixes:
                mix()
            out.append((time.process_time() - start) / (rounds * 5) * 1e6)
    return statistics.median(times[0]), statistics.median(times[1])


def _offline_client() -> Any:
    import boto3
    from botocore.awsrequest import AWSResponse

    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    client = session.client("sagemaker")

    def answer(params: dict[str, Any], **_: Any) -> Any:
        return AWSResponse(params["url"], 200, {}, None), {}

    client.meta.events.register("before-call.sagemaker", answer)
    return client


def measure_calls(rounds: int) -> dict[str, float]:
    import boto3
    from moto import mock_aws
    from moto.backends import get_backend

    import smcontract

    figures: dict[str, float] = {}
    bare, checked = _offline_client(), _offline_client()
    smcontract.strict(checked, mode="record")
    figures["offline_bare"], figures["offline_strict"] = per_call(bare, checked, rounds)
    with mock_aws():
        bare = boto3.client("sagemaker", region_name="us-east-1")
        checked = boto3.client("sagemaker", region_name="us-east-1")
        smcontract.strict(checked, mode="record")

        def reset() -> None:
            get_backend("sagemaker").reset()

        figures["moto_bare"], figures["moto_strict"] = per_call(bare, checked, rounds // 4, reset)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of the suite each way")
    parser.add_argument("--mode", default="record", choices=("raise", "warn", "record"))
    parser.add_argument("--suite", type=Path, default=HERE / "strict_suite")
    parser.add_argument("--cwd", type=Path, default=ROOT, help="where pytest runs the suite")
    parser.add_argument("--rounds", type=int, default=400, help="per-call mixes, offline")
    parser.add_argument("--save", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)
    print(f"# strict mode overhead ({machine()})")
    walls: dict[str, list[float]] = {"off": [], "on": []}
    cpus: dict[str, list[float]] = {"off": [], "on": []}
    with tempfile.TemporaryDirectory() as directory:
        for _ in range(args.repeats):
            for label, strict in (("off", None), ("on", args.mode)):
                wall, cpu = run_suite(args.suite, strict, Path(directory), args.cwd)
                walls[label].append(wall)
                cpus[label].append(cpu)
        data = json.loads((Path(directory) / "strict.json").read_text("utf-8"))
    calls = data["calls"]
    print(
        f"suite {args.suite.name}: {calls['checked']} SageMaker calls checked, "
        f"{calls['outside_pack']} outside the pack, {calls['violating']} broke a rule; "
        f"{args.repeats} runs each way, interleaved, --smcontract-strict={args.mode}"
    )
    figures: dict[str, Any] = {"repeats": args.repeats, "mode": args.mode, "calls": calls}
    for name, values in (("wall", walls), ("cpu", cpus)):
        off, on = statistics.median(values["off"]), statistics.median(values["on"])
        figures[name] = {"off": off, "on": on, "ratio": on / off}
        runs = ", ".join(
            f"{a:.1f}/{b:.1f}" for a, b in zip(values["off"], values["on"], strict=True)
        )
        print(
            f"  {name:4} s, median off {off:.2f}, on {on:.2f}: ratio {on / off:.3f}  (runs {runs})"
        )
    per = measure_calls(args.rounds)
    figures["per_call_us"] = per
    print(
        f"per call (five-call mix): offline client {per['offline_bare']:.0f} -> "
        f"{per['offline_strict']:.0f} us (+{per['offline_strict'] - per['offline_bare']:.0f}); "
        f"mock_aws {per['moto_bare']:.0f} -> {per['moto_strict']:.0f} us "
        f"(ratio {per['moto_strict'] / per['moto_bare']:.3f})"
    )
    if args.save:
        args.save.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

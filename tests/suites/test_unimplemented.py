"""An operation that answers every request with a 5xx is NOT IMPLEMENTED, however it is reached."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from smcontract.contracts import load_contracts
from smcontract.suites import CallableTarget, ServiceError, run
from smcontract.suites.internal import relabel_unimplemented

from . import toy

STRATEGIES = toy.ToyStrategies()
BARE_500 = "Internal Server Error"  # what Werkzeug says for any exception


def _service(*, always_500: str, crash_on_size_zero: bool = False) -> CallableTarget:
    inner = toy.ToyService()

    def answer(operation: str, params: dict[str, Any]) -> Any:
        if operation == always_500:
            raise ServiceError("InternalFailure", BARE_500, status=500)
        if crash_on_size_zero and params.get("Size") == 0:
            raise ServiceError("InternalFailure", BARE_500, status=500)
        return inner(operation, params)

    return CallableTarget(answer, name="toy", reset=inner.reset)


def test_an_operation_that_answers_only_5xx_is_not_implemented() -> None:
    result = run(toy.PACK, [_service(always_500="ListThings")], strategies=STRATEGIES, seed=0)
    listing = [r for r in result.results if r.operation == "ListThings" and r.cases]
    assert listing
    assert {r.verdict for r in listing} == {"NOT IMPLEMENTED"}
    assert "every one of the" in listing[0].reason
    assert "InternalFailure" in listing[0].reason or "500" in listing[0].reason
    assert result.operation("ListThings").valid_verdict == "NOT IMPLEMENTED"
    # The operations that answer are judged as ever.
    assert result.operation("CreateThing").valid_verdict == "ACCEPTS VALID"


@dataclass(frozen=True)
class _Verdict:
    target: str
    operation: str
    verdict: str
    reason: str = ""
    cases: int = 1
    evidence: Any = None


@dataclass(frozen=True)
class _Summary:
    target: str
    operation: str
    valid_verdict: str


def _answered(status: int, fault: str | None = None) -> dict[str, Any]:
    return {"response": {"status": status, "fault": fault, "layer": "server"}}


def test_an_operation_whose_valid_request_never_went_out_is_named_not_implemented_once() -> None:
    missing = _answered(500, "not-implemented")
    results = [
        *(_Verdict("moto", "DeleteThing", "NOT IMPLEMENTED", "x", 1, missing) for _ in range(3)),
        _Verdict("moto", "DeleteThing", "UNTESTED", "no 2xx response", 0),
        *(_Verdict("moto", "DescribeThing", "ENFORCED", "", 1, _answered(400)) for _ in range(3)),
        _Verdict("moto", "CreateThing", "ENFORCED", "", 1, _answered(400)),
    ]
    summaries = [  # the Create answered; the Describe and Delete had no resource to act on
        _Summary("moto", "CreateThing", "ACCEPTS VALID"),
        _Summary("moto", "DescribeThing", "UNTESTED"),
        _Summary("moto", "DeleteThing", "UNTESTED"),
    ]
    _, relabelled = relabel_unimplemented(results, summaries)
    assert [s.valid_verdict for s in relabelled] == [
        "ACCEPTS VALID",
        "UNTESTED",  # its invalid requests were answered (400): implemented
        "NOT IMPLEMENTED",
    ]


def test_a_5xx_of_an_operation_that_otherwise_answers_stays_a_server_error() -> None:
    target = _service(always_500="none", crash_on_size_zero=True)
    result = run(toy.PACK, [target], strategies=STRATEGIES, seed=0, operations=["CreateThing"])
    assert result.verdict("CreateThing.Size.range").verdict == "SERVER ERROR"
    assert result.operation("CreateThing").valid_verdict == "ACCEPTS VALID"


def test_a_target_that_fails_everything_is_broken_not_missing_operations() -> None:
    result = run(toy.PACK, [toy.target(crash=True)], strategies=STRATEGIES, seed=0)
    assert result.operation("ListThings").valid_verdict == "SERVER ERROR"
    assert "NOT IMPLEMENTED" not in {r.verdict for r in result.results}


def test_an_in_process_crash_on_every_request_counts_as_a_500() -> None:
    inner = toy.ToyService()

    def answer(operation: str, params: dict[str, Any]) -> Any:
        if operation == "ListThings":
            raise AttributeError("'list' object has no attribute 'get'")  # moto's kind
        return inner(operation, params)

    target = CallableTarget(answer, name="toy", reset=inner.reset)
    result = run(toy.PACK, [target], strategies=STRATEGIES, seed=0)
    assert result.operation("ListThings").valid_verdict == "NOT IMPLEMENTED"
    listing = [r for r in result.results if r.operation == "ListThings" and r.cases]
    assert {r.verdict for r in listing} == {"NOT IMPLEMENTED"}
    assert "AttributeError" in listing[0].reason


# -- moto by URL and through -t moto-server: the same labels ---------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def plain_moto_server() -> Iterator[str]:
    """moto's own server, unwrapped: its 500 pages say only "Internal Server Error"."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                if requests.post(f"{url}/moto-api/reset", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.server
def test_moto_by_url_and_moto_server_give_the_same_labels(plain_moto_server: str) -> None:
    pack = load_contracts()
    ops = ["StopCompilationJob", "DescribeCompilationJob", "CreateOptimizationJob"]
    by_url = run(pack, [f"{plain_moto_server}#reset=/moto-api/reset"], operations=ops)
    wrapped = run(pack, ["moto-server"], operations=ops)
    in_process = run(pack, ["moto"], operations=ops)

    def labels(result: Any) -> dict[str, str]:
        return {r.constraint_id: r.verdict for r in result.results}

    assert labels(by_url) == labels(wrapped) == labels(in_process)
    assert "NOT IMPLEMENTED" in labels(by_url).values()
    raw = [r for r in by_url.results if r.operation == "StopCompilationJob" and r.cases]
    assert raw
    assert {r.verdict for r in raw} == {"NOT IMPLEMENTED"}
    # DescribeCompilationJob works in moto: none of its verdicts is NOT IMPLEMENTED.
    assert "NOT IMPLEMENTED" not in {
        r.verdict for r in by_url.results if r.operation == "DescribeCompilationJob"
    }


@pytest.mark.parametrize("n", [2, 3])
def test_merged_shards_get_the_labels_of_the_unsharded_run(n: int) -> None:
    from smcontract.reports import ReportBuilder, merge_reports

    def report(shard: tuple[int, int] | None) -> Any:
        builder = ReportBuilder(toy.PACK)
        target = _service(always_500="ListThings")
        run(toy.PACK, [target], strategies=STRATEGIES, seed=0, sinks=[builder], shard=shard)
        return builder.report()

    def labels(rep: Any) -> dict[str, str]:
        return {r.constraint_id: r.verdict for r in rep.results} | {
            o.operation: o.valid_verdict for o in rep.operations
        }

    whole = report(None)
    assert labels(whole)["ListThings"] == "NOT IMPLEMENTED"
    merged = merge_reports([(f"part {i}", report((i, n))) for i in range(1, n + 1)])
    assert labels(merged) == labels(whole)

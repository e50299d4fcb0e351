"""``smcontract serve``: the reference over HTTP, certified through the URL target."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest

from smcontract.contracts import ContractPack
from smcontract.reference import ReferenceService, make_server
from smcontract.suites import run
from smcontract.suites.events import ENFORCED, UNTESTED
from smcontract.suites.targets import open_target

pytestmark = pytest.mark.server


def _post(url: str, body: dict[str, object], target: str | None) -> tuple[int, dict[str, object]]:
    headers = {"Content-Type": "application/x-amz-json-1.1", "Authorization": "anything"}
    if target:
        headers["X-Amz-Target"] = target
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


@pytest.fixture
def server_url(pack: ContractPack) -> Iterator[str]:
    server = make_server(ReferenceService(pack), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_aws_json_over_http(server_url: str) -> None:
    status, body = _post(server_url + "/", {"ModelName": "a b"}, "SageMaker.DescribeModel")
    assert status == 400
    assert body["__type"] == "ValidationException"
    status, body = _post(server_url + "/", {}, "SageMaker.CreateWidget")
    assert (status, body["__type"]) == (400, "UnknownOperationException")
    status, body = _post(server_url + "/", {"ModelName": "m"}, "SageMaker.DescribeModel")
    assert status == 400
    assert _post(server_url + "/reset", {}, None)[0] == 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_smcontract_serve_answers_aws_json() -> None:
    port = _free_port()
    command = [sys.executable, "-m", "smcontract.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(port)
        status, body = _post(url, {"ModelName": "a b"}, "SageMaker.DescribeModel")
    finally:
        process.terminate()
        process.wait(10)
    assert status == 400
    assert "regular expression pattern" in str(body["message"])


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def test_a_reset_path_in_the_url_spec_is_posted_before_each_case(
    pack: ContractPack, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    ops = ["CreateModel"]
    resetting = run(pack, [f"{server_url}#reset=/reset"], operations=ops, lifecycle=False)
    plain = run(pack, [server_url], operations=ops, lifecycle=False)
    # Without resets the valid cases' fixed names collide as duplicates.
    assert [s.valid_verdict for s in plain.operations] == ["REJECTS VALID"]
    assert [s.valid_verdict for s in resetting.operations] == ["ACCEPTS VALID"]
    assert resetting.exit_code == 0
    assert resetting.started.targets[0]["reset"] == "/reset"
    assert resetting.started.targets[0]["name"] == f"{server_url}#reset=/reset"


def test_a_reset_path_the_server_refuses_is_a_harness_error_on_every_case(
    pack: ContractPack, server_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smcontract.suites import HARNESS_ERROR, ListSink

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    sink = ListSink()
    run(pack, [f"{server_url}#reset=/nope"], operations=["DescribeModel"], sinks=[sink])
    cases = [e for e in sink.events if getattr(e, "event", "") == "case-finished"]
    errors = [c for c in cases if c.classification == HARNESS_ERROR]
    assert errors
    assert "reset failed: POST" in errors[0].outcome["detail"]
    assert "/nope answered HTTP" in errors[0].outcome["detail"]


def test_a_url_fragment_other_than_reset_is_a_usage_error(server_url: str) -> None:
    from smcontract.errors import UsageError

    with pytest.raises(UsageError, match="only URL fragment understood is #reset=/PATH"):
        open_target(f"{server_url}#wipe=/reset")


@pytest.mark.slow
def test_smcontract_serve_is_certified_over_http(
    pack: ContractPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "smcontract.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(port)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        operations = ["DescribeModel", "CreateModel"]
        result = run(pack, [f"{url}#reset=/reset"], operations=operations, mode="certify")
        plain = run(pack, [url], operations=operations, mode="certify")
    finally:
        process.terminate()
        process.wait(10)
    assert result.exit_code == 0
    assert {v.verdict for v in result.results} <= {ENFORCED, UNTESTED}
    assert all(s.valid_verdict == "ACCEPTS VALID" for s in result.operations)
    # Without resets every constraint still gets ENFORCED or UNTESTED.
    assert {v.verdict for v in plain.results} <= {ENFORCED, UNTESTED}

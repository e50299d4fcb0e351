"""The shipped JavaScript adapter (AWS SDK for JavaScript v3) against moto's server."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from smcontract.suites.targets import AdapterTarget, MotoServerTarget, open_target

if TYPE_CHECKING:
    from conftest import Needs

pytestmark = pytest.mark.server

SOURCE = Path(__file__).resolve().parents[2] / "adapters" / "js"
FILES = ("package.json", "package-lock.json", "adapter.mjs")
NPM_HINT = "it needs the npm registry once; or run npm ci in adapters/js beforehand"


@pytest.fixture(scope="module")
def js_adapter_dir(tmp_path_factory: pytest.TempPathFactory, needs: Needs) -> Path:
    """adapters/js with its node_modules: the checkout's if installed, else a fresh npm ci."""
    hint = "install Node.js 18 or later with npm (Debian/Ubuntu: apt-get install nodejs npm)"
    needs.tool("node", hint=hint)
    npm = needs.tool("npm", hint=hint)
    if (SOURCE / "node_modules" / "@aws-sdk" / "client-sagemaker").is_dir():
        return SOURCE
    work = tmp_path_factory.mktemp("js-adapter")
    for name in FILES:
        shutil.copy2(SOURCE / name, work / name)
    try:
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except subprocess.TimeoutExpired:
        needs.missing("npm ci did not finish within 300 s", NPM_HINT)
    if done.returncode != 0:
        tail = " / ".join(done.stderr.strip().splitlines()[-3:])
        needs.missing(f"npm ci failed, exit {done.returncode}: {tail}", NPM_HINT)
    return work


@pytest.fixture
def js(js_adapter_dir: Path, moto_server: MotoServerTarget) -> Iterator[AdapterTarget]:
    moto_server.reset()
    target = open_target(
        f"adapter:node {js_adapter_dir / 'adapter.mjs'}", backing=moto_server.url, timeout=20
    )
    assert isinstance(target, AdapterTarget)
    yield target
    target.close()


def test_round_trip(js: AdapterTarget) -> None:
    created = js.invoke("CreateModel", {"ModelName": "js1", "PrimaryContainer": {"Image": "i"}})
    assert created.ok, created
    assert created.body == {"ModelArn": "arn:aws:sagemaker:us-east-1:123456789012:model/js1"}
    described = js.invoke("DescribeModel", {"ModelName": "js1"})
    assert described.ok, described
    assert described.body["PrimaryContainer"] == {"Image": "i"}
    assert isinstance(described.body["CreationTime"], int | float)  # Date back to epoch seconds


def test_service_errors(js: AdapterTarget) -> None:
    missing = js.invoke("DescribeCompilationJob", {"CompilationJobName": "nope"})
    assert (missing.status, missing.error_code, missing.fault, missing.layer) == (
        400,
        "ResourceNotFound",
        None,
        "server",
    )
    assert missing.message == "Could not find compilation job 'nope'."
    model = js.invoke("DescribeModel", {"ModelName": "nope"})
    assert (model.status, model.error_code) == (400, "ValidationException")


def test_unreadable_answers_are_classified_from_the_raw_body(js: AdapterTarget) -> None:
    stop = js.invoke("StopCompilationJob", {"CompilationJobName": "c"})
    assert (stop.status, stop.fault, stop.error_code) == (500, "not-implemented", None)
    crash = js.invoke("CreateModel", {"ModelName": ["a"]})
    assert (crash.status, crash.fault) == (500, "http-5xx")
    assert js.invoke("CreateModel", {"ModelName": "after"}).ok


def test_unknown_operation(js: AdapterTarget) -> None:
    outcome = js.invoke("CreateUnicorn", {})
    assert (outcome.fault, outcome.layer) == ("not-implemented", "client")


def test_connection_refused_is_reported_by_the_adapter(
    js_adapter_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("SMCONTRACT_ENDPOINT", f"http://127.0.0.1:{port}")
    target = open_target(f"adapter:node {js_adapter_dir / 'adapter.mjs'}", timeout=20)
    try:
        outcome = target.invoke("ListCompilationJobs", {})
        assert (outcome.fault, outcome.layer, outcome.status) == (
            "connection",
            "transport",
            None,
        )
        assert "ECONNREFUSED" in (outcome.detail or "")
    finally:
        target.close()

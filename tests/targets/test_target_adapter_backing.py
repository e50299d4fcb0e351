"""Adapter targets: the spec's backing and reset, the start-up hello, and the wire request."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from smcontract.errors import TargetError, UsageError
from smcontract.suites.targets import AdapterTarget, open_target
from smcontract.suites.targets._adapter import parse_adapter_spec

if TYPE_CHECKING:
    from conftest import Needs

NODE_HINT = "install Node.js 18 or later with npm (Debian/Ubuntu: apt-get install nodejs npm)"

FAKE = Path(__file__).with_name("fake_adapter.py")
COMMAND = f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE))}"
JS = Path(__file__).resolve().parents[2] / "adapters" / "js"


# -- the spec ----------------------------------------------------------------------------------


def test_the_spec_fragment_names_backing_and_reset() -> None:
    assert parse_adapter_spec("node a.mjs#backing=moto-server") == (
        "node a.mjs",
        {"backing": "moto-server"},
    )
    assert parse_adapter_spec("node a.mjs#backing=http://h:5000&reset=/moto-api/reset") == (
        "node a.mjs",
        {"backing": "http://h:5000", "reset": "/moto-api/reset"},
    )
    # A '#' that is not followed by key=value pairs is part of the command.
    assert parse_adapter_spec("node a.mjs '#1'") == ("node a.mjs '#1'", {})


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("adapter:node a.mjs#rest=/x", "backing=moto-server"),
        ("adapter:node a.mjs#reset=moto-api", "must be a path"),
        ("adapter:node a.mjs#backing=ftp://h", "unknown backing"),
        (f"adapter:{COMMAND}#reset=/moto-api/reset", "needs an endpoint"),
    ],
)
def test_a_bad_fragment_is_one_usage_error(spec: str, expected: str) -> None:
    with pytest.raises(UsageError, match=expected):
        open_target(spec)


def test_a_reset_without_a_backing_uses_the_environment_endpoint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SMCONTRACT_ENDPOINT", "http://127.0.0.1:9")
    target = open_target(f"adapter:{COMMAND}#reset=/reset", timeout=1.0)
    try:
        assert target.name == f"adapter:{COMMAND}#reset=/reset"  # a spec that opens again
        with pytest.raises(
            TargetError, match=re.escape("reset failed: POST http://127.0.0.1:9/reset")
        ):
            target.reset()  # nothing listens there: a harness error, never silence
    finally:
        target.close()


# -- the start-up hello ------------------------------------------------------------------------


def test_an_adapter_that_dies_at_start_up_is_a_target_error_with_its_own_message() -> None:
    script = "import sys; sys.stderr.write(\"Error: Cannot find package 'sdk-x'\\n\"); sys.exit(1)"
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"
    with pytest.raises(TargetError) as caught:
        open_target(f"adapter:{command}", timeout=1.0)
    text = str(caught.value)
    assert "Cannot find package 'sdk-x'" in text
    assert "exited with code 1" in text
    assert "npm ci" in text


def test_an_adapter_without_the_hello_still_starts() -> None:
    # fake_adapter.py predates the hello: it answers it like any unknown operation.
    target = open_target(f"adapter:{COMMAND}", timeout=1.0)
    try:
        assert target.invoke("Echo", {}).ok
        assert target.identity()["sdk"] is None
    finally:
        target.close()


@pytest.fixture
def js_without_modules(tmp_path: Path, needs: Needs) -> Path:
    needs.tool("node", hint=NODE_HINT)
    for name in ("package.json", "adapter.mjs"):
        shutil.copy2(JS / name, tmp_path / name)
    return tmp_path


def test_the_js_adapter_without_npm_ci_names_the_missing_package(
    js_without_modules: Path,
) -> None:
    spec = f"adapter:node {js_without_modules / 'adapter.mjs'}"
    with pytest.raises(TargetError) as caught:
        open_target(spec, timeout=5.0)
    assert "Cannot find package '@aws-sdk/client-sagemaker'" in str(caught.value)
    # The CLI: one message, exit 2, no SERVER ERRORs.
    done = subprocess.run(
        [sys.executable, "-m", "smcontract.cli", "run", "-o", "DescribeModel", "-t", spec],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=js_without_modules,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Cannot find package '@aws-sdk/client-sagemaker'" in done.stderr
    assert "SERVER ERROR" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


# -- the wire request ------------------------------------------------------------------------


def test_a_rewritten_request_is_reported_and_a_faithful_one_is_not() -> None:
    target = open_target(f"adapter:{COMMAND}", timeout=1.0)
    try:
        rewritten = target.invoke("Rewrite", {"Name": "n", "List": ["a"]})
        assert rewritten.sent == {"Name": "n", "List": {}}
        assert target.invoke("Faithful", {"Name": "n", "List": ["a"]}).sent is None
    finally:
        target.close()


# -- the JS SDK over a reset moto server ---------------------------------------------------


@pytest.fixture
def js_over_moto(needs: Needs) -> AdapterTarget:
    needs.tool("node", hint=NODE_HINT)
    if not (JS / "node_modules" / "@aws-sdk").is_dir():
        needs.missing("adapters/js has no node_modules", "cd adapters/js && npm ci")
    target = open_target(f"adapter:node {JS / 'adapter.mjs'}#backing=moto-server", timeout=20)
    assert isinstance(target, AdapterTarget)
    return target


MODEL = {
    "ModelName": "m",
    "ExecutionRoleArn": "arn:aws:iam::123456789012:role/r",
    "PrimaryContainer": {"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/i:1"},
}


@pytest.mark.server
def test_the_backing_moto_server_is_reset_between_cases(js_over_moto: AdapterTarget) -> None:
    try:
        identity = js_over_moto.identity()
        assert identity["reset"] == "/moto-api/reset"
        assert identity["sdk"] == "@aws-sdk/client-sagemaker"
        assert js_over_moto.invoke("CreateModel", MODEL).ok
        assert js_over_moto.invoke("DescribeModel", {"ModelName": "m"}).ok  # state is kept ...
        js_over_moto.reset()
        gone = js_over_moto.invoke("DescribeModel", {"ModelName": "m"})
        assert (gone.status, gone.fault) == (400, None)  # ... until the reset
    finally:
        js_over_moto.close()


@pytest.mark.server
def test_the_js_sdk_sends_a_list_where_a_structure_belongs_as_an_empty_object(
    js_over_moto: AdapterTarget,
) -> None:
    try:
        outcome = js_over_moto.invoke("CreateModel", {**MODEL, "PrimaryContainer": ["x"]})
        assert outcome.sent is not None
        assert outcome.sent["PrimaryContainer"] == {}
    finally:
        js_over_moto.close()

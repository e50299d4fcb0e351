"""Reproduce commands: replay always, and for URL targets a signed curl that really works."""

from __future__ import annotations

import json
import shlex
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

import pytest

from smcontract.reports import load_report, reproduce_commands, write_reports
from smcontract.reports._reproduce import target_url

if TYPE_CHECKING:
    from conftest import Needs

REQUEST = {"ModelName": 'it\'s a "quoted" <name> $HOME `id` é\n', "Tags": [{"Key": "EOF"}]}


def _result(request=REQUEST, target="aws", constraint_id="CreateModel.ModelName.pattern"):
    return {
        "target": target,
        "operation": "CreateModel",
        "constraint_id": constraint_id,
        "evidence": {"request": request, "response": {"status": 200}},
    }


def test_replay_is_always_first_and_quoted():
    commands = reproduce_commands(_result(target="local <x>"), {"kind": "moto"})
    assert len(commands) == 1
    assert shlex.split(commands[0]) == [
        "smcontract",
        "replay",
        "report.json",
        "CreateModel.ModelName.pattern",
        "--target",
        "local <x>",
    ]


@pytest.mark.parametrize(
    ("identity", "url"),
    [
        ({"kind": "url", "url": "https://sm.example"}, "https://sm.example"),
        ({"kind": "moto-server", "url": "http://127.0.0.1:5000"}, "http://127.0.0.1:5000"),
        ({"kind": "boto3", "backing": "aws", "endpoint": "https://e.example"}, "https://e.example"),
        ({"kind": "boto3", "backing": "moto", "endpoint": "https://fake.example"}, None),
        ({"kind": "moto", "mode": "in-process"}, None),
        (None, None),
    ],
)
def test_target_url(identity, url):
    assert target_url(identity) == url


def test_curl_names_environment_variables_never_values(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "should-not-appear-anywhere-0123")
    identity = {"kind": "url", "url": "https://sm.example", "region": "eu-west-1"}
    _, curl = reproduce_commands(_result(), identity)
    assert '"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"' in curl
    assert "should-not-appear" not in curl
    assert "aws:amz:eu-west-1:sagemaker" in curl
    assert "X-Amz-Target: SageMaker.CreateModel" in curl
    assert curl.splitlines()[-1] == "EOF"
    assert json.loads(curl.splitlines()[1]) == REQUEST


def test_no_curl_without_a_recorded_request():
    result = {**_result(), "evidence": None}
    assert len(reproduce_commands(result, {"kind": "url", "url": "https://x.example"})) == 1


class _Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append((dict(self.headers), body))
        self.send_response(400)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.end_headers()
        self.wfile.write(b'{"__type": "ValidationException", "message": "nope"}')

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def curl(needs: Needs) -> None:
    """The reproduce commands run in bash with curl (7.75 or later, for --aws-sigv4)."""
    needs.tool("bash", hint="install bash")
    needs.tool("curl", hint="apt-get install curl (Debian/Ubuntu)")


@pytest.fixture
def recorder():
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, _Recorder.seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.server
@pytest.mark.usefixtures("curl")
@pytest.mark.parametrize("session_token", [None, "FwoGZXIvYXdzEXAMPLETOKEN"])
def test_curl_from_report_json_sends_the_recorded_request_signed(
    recorder, fold, make_stream, tmp_path, session_token
):
    """Write a report, read the command back from report.json, run it, see what arrives."""
    server, seen = recorder
    url = f"http://127.0.0.1:{server.server_address[1]}"
    events = make_stream(
        targets=[{"name": "http", "kind": "url", "url": url, "region": "eu-west-1"}]
    )
    (path,) = write_reports(fold(events).report(), tmp_path, formats=["json"])
    result = next(r for r in load_report(path)["results"] if len(r["reproduce"]) == 2)
    env = {
        "PATH": "/usr/bin:/bin",
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE00000001",
        "AWS_SECRET_ACCESS_KEY": "fake-secret-for-signing-only-000000000000",
    }
    if session_token:
        env["AWS_SESSION_TOKEN"] = session_token
    run = subprocess.run(
        ["bash", "-c", result["reproduce"][1]], capture_output=True, text=True, timeout=60, env=env
    )
    assert run.returncode == 0, run.stderr
    assert "ValidationException" in run.stdout
    ((headers, body),) = seen
    lower = {k.lower(): v for k, v in headers.items()}
    assert json.loads(body) == result["evidence"]["request"]
    assert lower["x-amz-target"] == f"SageMaker.{result['operation']}"
    assert lower["content-type"] == "application/x-amz-json-1.1"
    assert lower["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE00000001/")
    assert "/eu-west-1/sagemaker/aws4_request" in lower["authorization"]
    assert lower.get("x-amz-security-token") == session_token


@pytest.mark.server
@pytest.mark.usefixtures("curl")
def test_curl_body_survives_shell_metacharacters(recorder):
    server, seen = recorder
    url = f"http://127.0.0.1:{server.server_address[1]}"
    _, curl = reproduce_commands(_result(), {"kind": "url", "url": url})
    env = {
        "PATH": "/usr/bin:/bin",
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE00000001",
        "AWS_SECRET_ACCESS_KEY": "fake-secret-for-signing-only-000000000000",
        "HOME": "/x",
    }
    run = subprocess.run(["bash", "-c", curl], capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 0, run.stderr
    ((_, body),) = seen
    assert json.loads(body) == REQUEST


def test_a_truncated_request_gets_no_curl_and_is_not_replayable(fold):
    from smcontract.reports import recorded_cases
    from smcontract.suites.events import ConstraintVerdict, RunStarted

    marker = {"$truncated": True, "bytes": 99999, "head": '{"X": "xxxx'}
    events = [
        RunStarted(
            "r",
            "certify",
            0,
            [{"name": "u", "kind": "url", "url": "http://h.example"}],
            ["Op"],
            "ab",
            "builtin",
            None,
            "0",
            "3",
            "now",
        ),
        ConstraintVerdict(
            "u",
            "Op",
            "Op.X.length",
            "length",
            "X",
            "input",
            "L2",
            "NOT ENFORCED",
            "accepted",
            {"request": marker, "response": {"status": 200}},
        ),
    ]
    report = fold(events).report()
    (result,) = report.results
    assert len(result.reproduce) == 1
    assert recorded_cases(report.to_dict()) == []

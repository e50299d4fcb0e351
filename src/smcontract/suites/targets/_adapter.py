"""Any SDK, through a small adapter program that speaks JSON lines on stdin/stdout.

The protocol (one line each way per call; ``adapters/README.md`` has the full text)::

    -> {"operation": "CreateModel", "params": {...}}
    <- {"status": 200, "error_code": null, "message": null, "body": {...}, "layer": "server"}

The answer may also carry ``fault`` (one of :data:`FAULTS`, when the adapter knows, e.g.
``"connection"``), ``detail``, and ``raw_body`` (the answer's text when the SDK could not
parse it); ``layer`` defaults to ``"server"``. Without ``fault``, the fault is derived with the
same rules as for HTTP answers: from ``raw_body`` when given, else 5xx -> ``"http-5xx"``, and
``UnknownOperationException`` or a 5xx saying "has not been implemented" ->
``"not-implemented"``.

The adapter starts once. A process that dies, an answer line that is not a JSON object of that
shape, or no answer within ``timeout`` gives ``"connection"``, ``"not-json"`` or
``"timeout"``, and the next call starts a fresh process (so a late answer is never taken for
the next case's). The adapter's environment gets ``AWS_REGION`` and, when a backing endpoint
is given, ``SMCONTRACT_ENDPOINT``.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import queue
import shlex
import subprocess
import threading
import time
import weakref
from collections.abc import Mapping
from typing import IO, Any

from smcontract.errors import TargetError, UsageError
from smcontract.suites.targets._base import FAULTS, LAYERS, Fault, Outcome
from smcontract.suites.targets._classify import classify_http, not_implemented
from smcontract.suites.targets._http import check_reachable
from smcontract.suites.targets._moto_server import MotoServer
from smcontract.suites.targets._redact import redact, redact_text

__all__ = ["AdapterTarget"]

_EOF = object()
_SECRET_VARS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
_STDERR_LINES = 20


def _pump_stdout(stream: IO[bytes], lines: queue.Queue[object], limit: int) -> None:
    """Put each line of ``stream`` on ``lines`` (cut at ``limit`` bytes), then ``_EOF``."""
    with contextlib.suppress(OSError, ValueError):
        while True:
            line = stream.readline(limit + 1)
            if not line:
                break
            lines.put(line)
    lines.put(_EOF)


def _pump_stderr(stream: IO[bytes], tail: collections.deque[str]) -> None:
    with contextlib.suppress(OSError, ValueError):
        for line in stream:
            tail.append(line.decode("utf-8", "replace").rstrip())


def _stop(process: subprocess.Popen[bytes], grace: float) -> None:
    with contextlib.suppress(OSError, ValueError):
        if process.stdin is not None:
            process.stdin.close()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for stream in (process.stdout, process.stderr):
        with contextlib.suppress(OSError, ValueError):
            if stream is not None:
                stream.close()


class _Process:
    """One running adapter with its reader threads."""

    def __init__(self, argv: list[str], env: Mapping[str, str], max_line: int) -> None:
        self.popen = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env),
        )
        assert self.popen.stdout is not None
        assert self.popen.stderr is not None
        self.lines: queue.Queue[object] = queue.Queue()
        self.stderr: collections.deque[str] = collections.deque(maxlen=_STDERR_LINES)
        for target, args in (
            (_pump_stdout, (self.popen.stdout, self.lines, max_line)),
            (_pump_stderr, (self.popen.stderr, self.stderr)),
        ):
            threading.Thread(target=target, args=args, daemon=True).start()
        self.finalizer = weakref.finalize(self, _stop, self.popen, 0.5)

    def send(self, line: bytes) -> None:
        assert self.popen.stdin is not None
        self.popen.stdin.write(line)
        self.popen.stdin.flush()

    def died(self) -> str:
        """What is known about the process's end: exit code and the last stderr lines."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=0.5)
        code = self.popen.returncode
        state = "is still running" if code is None else f"exited with code {code}"
        tail = " / ".join(list(self.stderr)[-3:])
        return f"adapter {state}" + (f"; stderr: {tail}" if tail else "")


class AdapterTarget:
    """An adapter program started from ``command`` (split with :func:`shlex.split`)."""

    def __init__(
        self,
        command: str,
        *,
        backing: str | None = None,
        region: str = "us-east-1",
        timeout: float = 10.0,
        max_body: int = 5 * 2**20,
    ) -> None:
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise UsageError(f"adapter command {command!r} does not parse: {exc}") from None
        if not argv:
            raise UsageError(
                "adapter target needs a command, "
                "e.g. --target 'adapter:node adapters/js/adapter.mjs'"
            )
        self._argv = argv
        self._command = command
        self._region = region
        self._timeout = timeout
        self._max_body = max_body
        self._server: MotoServer | None = None
        self._restarts = 0
        env = dict(os.environ)
        env["AWS_REGION"] = region
        if backing == "moto":
            raise UsageError(
                "an adapter runs in its own process and cannot reach in-process moto; "
                "pass backing 'moto-server' or a URL"
            )
        if backing == "moto-server":
            self._server = MotoServer()
            env["SMCONTRACT_ENDPOINT"] = self._server.url
        elif backing is not None:
            check_reachable(backing, timeout=min(timeout, 3.0))
            env["SMCONTRACT_ENDPOINT"] = backing
        self._env = env
        self._secrets = tuple(env.get(name) for name in _SECRET_VARS)
        self.name = redact_text(f"adapter:{command}", self._secrets)
        try:
            self._process: _Process | None = self._start()
        except BaseException:
            if self._server is not None:
                self._server.stop()
            raise

    def _start(self) -> _Process:
        try:
            return _Process(self._argv, self._env, self._max_body)
        except OSError as exc:
            raise TargetError(
                f"cannot start adapter {self._argv[0]!r} ({exc.strerror or exc}); "
                "check the command after 'adapter:' and that it is installed"
            ) from None

    # -- Target ---------------------------------------------------------------------------

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        start = time.perf_counter()
        try:
            outcome = self._invoke(operation, params, start)
        except Exception as exc:  # a target never raises
            self._discard()
            outcome = self._fault("exception", f"{type(exc).__name__}: {exc}", start)
        return redact(outcome, self._secrets)

    def reset(self) -> None:
        if self._server is not None:
            import requests

            with contextlib.suppress(requests.RequestException):
                requests.post(f"{self._server.url}/moto-api/reset", timeout=self._timeout)

    def close(self) -> None:
        if self._process is not None:
            process, self._process = self._process, None
            process.finalizer.detach()
            _stop(process.popen, grace=min(self._timeout, 5.0))
        if self._server is not None:
            self._server.stop()

    def identity(self) -> dict[str, Any]:
        return {
            "kind": "adapter",
            "command": self.name.removeprefix("adapter:"),
            "endpoint": self._env.get("SMCONTRACT_ENDPOINT"),
            "region": self._region,
            "restarts": self._restarts,
        }

    # -- internals ------------------------------------------------------------------------

    def _discard(self) -> None:
        """Stop the current process; the next call starts a fresh one."""
        if self._process is not None:
            self._process.finalizer()
            self._process = None

    def _invoke(self, operation: str, params: Mapping[str, Any], start: float) -> Outcome:
        if self._process is None:
            self._process = self._start()
            self._restarts += 1
        process = self._process
        line = json.dumps({"operation": operation, "params": params}) + "\n"
        try:
            process.send(line.encode("utf-8"))
        except (BrokenPipeError, ConnectionError, ValueError, OSError):
            detail = process.died()
            self._discard()
            return self._fault("connection", detail, start)
        try:
            remaining = start + self._timeout - time.perf_counter()
            answer = process.lines.get(timeout=max(0.0, remaining))
        except queue.Empty:
            self._discard()
            detail = f"no answer from the adapter within {self._timeout:g} s"
            return self._fault("timeout", detail, start)
        if answer is _EOF:
            detail = process.died()
            self._discard()
            return self._fault("connection", detail, start)
        assert isinstance(answer, bytes)
        if len(answer) > self._max_body:
            self._discard()
            return self._fault(
                "too-large", f"answer line longer than max_body={self._max_body} bytes", start
            )
        outcome = self._parse(answer, start)
        if outcome.fault == "not-json":
            self._discard()
        return outcome

    def _parse(self, line: bytes, start: float) -> Outcome:
        elapsed = time.perf_counter() - start
        try:
            answer = json.loads(line)
        except ValueError:
            return self._fault("not-json", f"adapter answer is not JSON: {_snippet(line)}", start)
        problem = _shape_problem(answer)
        if problem:
            return self._fault("not-json", f"adapter answer {problem}: {_snippet(line)}", start)
        status: int | None = answer.get("status")
        code: str | None = answer.get("error_code")
        message: str | None = answer.get("message")
        body = answer.get("body")
        fault: Fault | None = answer.get("fault")
        detail: str | None = answer.get("detail")
        raw_body = answer.get("raw_body")
        if fault is None and isinstance(raw_body, str) and status is not None:
            headers = {"X-Amzn-Errortype": code} if code else {}
            classified = classify_http(status, headers, raw_body.encode("utf-8"))
            fault, detail = classified.fault, detail or classified.detail
            body = body if body is not None else classified.body
            code = code or classified.error_code
            message = message or classified.message
        elif fault is None and (
            not_implemented(code, None)
            or (status is not None and status >= 500 and not_implemented(code, message))
        ):
            fault = "not-implemented"
        elif fault is None and status is not None and status >= 500:
            fault = "http-5xx"
        return Outcome(
            status=status,
            error_code=code,
            message=message,
            body=body,
            layer=answer.get("layer") or "server",
            fault=fault,
            detail=detail,
            elapsed=elapsed,
        )

    def _fault(self, fault: Fault, detail: str, start: float) -> Outcome:
        return Outcome(
            status=None,
            error_code=None,
            message=None,
            body=None,
            layer="transport",
            fault=fault,
            detail=detail,
            elapsed=time.perf_counter() - start,
        )


def _shape_problem(answer: Any) -> str | None:
    """Why ``answer`` is not an adapter answer object, or None when it is one."""
    if not isinstance(answer, dict):
        return f"is a JSON {type(answer).__name__}, not an object"
    status = answer.get("status")
    if status is not None and (isinstance(status, bool) or not isinstance(status, int)):
        return f"has status {status!r}, not an integer or null"
    for key in ("error_code", "message", "detail", "raw_body"):
        if answer.get(key) is not None and not isinstance(answer[key], str):
            return f"has {key} {answer[key]!r}, not a string or null"
    if answer.get("layer") is not None and answer["layer"] not in LAYERS:
        return f"has layer {answer['layer']!r}, not one of {', '.join(LAYERS)}"
    if answer.get("fault") is not None and answer["fault"] not in FAULTS:
        return f"has fault {answer['fault']!r}, not one of {', '.join(FAULTS)}"
    return None


def _snippet(line: bytes) -> str:
    text = line[:200].decode("utf-8", "replace").strip()
    return repr(text if len(text) < 120 else text[:117] + "...")

"""Any SDK, through a small adapter program that speaks JSON lines on stdin/stdout.

The protocol (one line each way per call; ``adapters/README.md`` has the full text)::

    -> {"operation": "CreateModel", "params": {...}}
    <- {"status": 200, "error_code": null, "message": null, "body": {...}, "layer": "server",
        "sent": {...}}

The answer may also carry ``fault`` (one of :data:`FAULTS`, when the adapter knows, e.g.
``"connection"``), ``detail``, ``raw_body`` (the answer's text when the SDK could not
parse it) and ``sent`` (the JSON body the SDK put on the wire; ``null`` when it sent nothing);
``layer`` defaults to ``"server"``. Without ``fault``, the fault is derived with the
same rules as for HTTP answers: from ``raw_body`` when given, else 5xx -> ``"http-5xx"``, and
``UnknownOperationException`` or a 5xx saying "has not been implemented" ->
``"not-implemented"``. A ``sent`` body that differs from ``params`` (the SDK rewrote the
request) becomes :attr:`Outcome.sent`.

The adapter starts once and first gets a hello, an ordinary request line of the operation
:data:`HELLO` (protocol 2 adapters answer ``{"hello": {"sdk": ..., "version": ...}}``; any
answer will do). An adapter that exits or stays silent before answering it is a
:class:`TargetError` carrying its own stderr (``Cannot find package
'@aws-sdk/client-sagemaker'``), not a run of SERVER ERRORs. Later, a process that dies, an
answer line that is not a JSON object of that shape, or no answer within ``timeout`` gives
``"connection"``, ``"not-json"`` or ``"timeout"``, and the next call starts a fresh process
(so a late answer is never taken for the next case's). The adapter's environment gets
``AWS_REGION`` and, when a backing endpoint is known, ``SMCONTRACT_ENDPOINT``.

The spec is ``adapter:COMMAND`` with optional ``#backing=moto-server`` (a moto server started
for the target and reset before every case), ``#backing=URL`` and ``#reset=/PATH`` (POST that
path on the endpoint before every case; a refused reset is a :class:`TargetError`), joined by
``&``: ``adapter:node adapters/js/adapter.mjs#backing=http://127.0.0.1:5000&reset=/moto-api/reset``.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import json
import os
import queue
import re
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

__all__ = ["HELLO", "AdapterTarget", "parse_adapter_spec"]

#: The operation name of the start-up hello (an ordinary request line: any answer will do).
HELLO = "SmcontractHello"
_OPTIONS = ("backing", "reset")
_MOTO_RESET = "/moto-api/reset"

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


def parse_adapter_spec(text: str) -> tuple[str, dict[str, str]]:
    """``(command, options)`` of ``COMMAND[#backing=...&reset=/PATH]`` (``adapter:`` removed).

    A ``#`` whose tail is not ``key=value`` pairs stays part of the command.
    """
    command, sep, tail = text.rpartition("#")
    if not sep or not re.match(r"^[a-z-]+=", tail):
        return text, {}
    options: dict[str, str] = {}
    for pair in tail.split("&"):
        key, _, value = pair.partition("=")
        if key not in _OPTIONS or not value or key in options:
            raise UsageError(
                f"adapter target {'adapter:' + text!r}: cannot use {pair!r} after '#'; expected "
                "backing=moto-server, backing=http(s)://HOST:PORT and/or reset=/PATH, joined "
                "by '&' (e.g. adapter:node adapters/js/adapter.mjs#backing=moto-server)"
            )
        options[key] = value
    if "reset" in options and not options["reset"].startswith("/"):
        raise UsageError(
            f"adapter target {'adapter:' + text!r}: reset={options['reset']!r} must be a path "
            "starting with '/', e.g. reset=/moto-api/reset"
        )
    return command.rstrip(), options


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
        threading.Thread(
            target=_pump_stdout, args=(self.popen.stdout, self.lines, max_line), daemon=True
        ).start()
        self.stderr_pump = threading.Thread(
            target=_pump_stderr, args=(self.popen.stderr, self.stderr), daemon=True
        )
        self.stderr_pump.start()
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
        if code is not None:
            # Exited: its stderr ends now; let the pump read the last lines (a loaded machine
            # may not have scheduled it yet).
            self.stderr_pump.join(timeout=2.0)
        state = "is still running" if code is None else f"exited with code {code}"
        tail = _stderr_gist(list(self.stderr))
        return f"adapter {state}" + (f"; stderr: {tail}" if tail else "")


class AdapterTarget:
    """An adapter program started from ``command`` (split with :func:`shlex.split`).

    ``command`` may end in ``#backing=...&reset=/PATH`` (see the module docstring); the
    ``backing`` argument says the same and must agree with it.
    """

    def __init__(
        self,
        command: str,
        *,
        backing: str | None = None,
        reset: str | None = None,
        region: str = "us-east-1",
        timeout: float = 10.0,
        max_body: int = 5 * 2**20,
    ) -> None:
        command, options = parse_adapter_spec(command)
        backing = _one_backing(command, options.get("backing"), backing)
        reset = options.get("reset", reset)
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise UsageError(f"adapter command {command!r} does not parse: {exc}") from None
        if not argv:
            raise UsageError(
                "adapter target needs a command, "
                "e.g. --target 'adapter:node adapters/js/adapter.mjs#backing=moto-server'"
            )
        self._argv = argv
        self._command = command
        self._region = region
        self._timeout = timeout
        self._max_body = max_body
        self._server: MotoServer | None = None
        self._restarts = 0
        self._hello: dict[str, Any] = {}
        self._env = dict(os.environ)
        self._env["AWS_REGION"] = region
        self._reset_path = self._connect_backing(backing, reset)
        env = self._env
        self._secrets = tuple(env.get(name) for name in _SECRET_VARS)
        fragment = "&".join(
            f"{key}={value}"
            for key, value in (("backing", backing), ("reset", options.get("reset")))
            if value is not None
        )
        spec = f"adapter:{command}" + (f"#{fragment}" if fragment else "")
        self.name = redact_text(spec, self._secrets)
        try:
            self._process: _Process | None = self._start()
            self._greet(self._process)
        except BaseException:
            self.close()
            raise

    def _connect_backing(self, backing: str | None, reset: str | None) -> str | None:
        """Point the adapter's ``SMCONTRACT_ENDPOINT`` at its backing (starting a moto
        server for ``moto-server``); the reset path to POST before each case, if any."""
        if backing == "moto":
            raise UsageError(
                "an adapter runs in its own process and cannot reach in-process moto; "
                "pass backing 'moto-server' or a URL"
            )
        if backing == "moto-server":
            self._server = MotoServer()
            self._env["SMCONTRACT_ENDPOINT"] = self._server.url
            reset = reset or _MOTO_RESET
        elif backing is not None:
            check_reachable(backing, timeout=min(self._timeout, 3.0))
            self._env["SMCONTRACT_ENDPOINT"] = backing
        if reset is not None and not self._env.get("SMCONTRACT_ENDPOINT"):
            raise UsageError(
                f"adapter target {self._command!r}: reset={reset} needs an endpoint to POST it "
                "to; add backing=moto-server or backing=URL, or set SMCONTRACT_ENDPOINT"
            )
        return reset

    def _start(self) -> _Process:
        try:
            return _Process(self._argv, self._env, self._max_body)
        except OSError as exc:
            raise TargetError(
                f"cannot start adapter {self._argv[0]!r} ({exc.strerror or exc}); "
                "check the command after 'adapter:' and that it is installed"
            ) from None

    def _greet(self, process: _Process) -> None:
        """Send the hello; a process that dies or stays silent is a :class:`TargetError`."""
        hello = {"operation": HELLO, "params": {}, "hello": {"protocol": 2}}
        answer: object = _EOF
        with contextlib.suppress(OSError, ValueError):
            process.send((json.dumps(hello) + "\n").encode("utf-8"))
            try:
                answer = process.lines.get(timeout=max(self._timeout, 10.0))
            except queue.Empty:
                raise TargetError(
                    f"adapter {self._command!r} did not answer its start-up hello within "
                    f"{max(self._timeout, 10.0):g} s; {process.died()}"
                ) from None
        if answer is _EOF:
            raise TargetError(
                f"adapter {self._command!r} stopped before answering: {process.died()}. "
                "Is everything it needs installed? For adapters/js: cd adapters/js && npm ci"
            )
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            assert isinstance(answer, bytes)
            greeting = json.loads(answer).get("hello")
            if isinstance(greeting, dict):
                self._hello = {str(k): v for k, v in greeting.items() if isinstance(v, str)}

    # -- Target ---------------------------------------------------------------------------

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        start = time.perf_counter()
        try:
            outcome = self._invoke(operation, params, start)
        except Exception as exc:  # a target never raises
            self._discard()
            outcome = self._fault("exception", f"{type(exc).__name__}: {exc}", start)
        if outcome.sent is not None and _same_json(outcome.sent, params):
            outcome = dataclasses.replace(outcome, sent=None)
        return redact(outcome, self._secrets)

    def reset(self) -> None:
        """POST the reset path on the endpoint (moto-server's ``/moto-api/reset`` by default
        for ``backing=moto-server``); a refused or failed reset is a :class:`TargetError`."""
        if self._reset_path is None:
            return
        import requests

        url = self._env["SMCONTRACT_ENDPOINT"].rstrip("/") + self._reset_path
        try:
            status = requests.post(url, timeout=self._timeout).status_code
        except requests.RequestException as exc:
            raise TargetError(f"reset failed: POST {url}: {type(exc).__name__}") from None
        if status >= 300:
            raise TargetError(
                f"reset failed: POST {url} answered HTTP {status}; check the reset= path"
            )

    def close(self) -> None:
        if getattr(self, "_process", None) is not None:
            process, self._process = self._process, None
            assert process is not None
            process.finalizer.detach()
            _stop(process.popen, grace=min(self._timeout, 5.0))
        if self._server is not None:
            self._server.stop()

    def identity(self) -> dict[str, Any]:
        return {
            "kind": "adapter",
            "command": redact_text(self._command, self._secrets),
            "endpoint": self._env.get("SMCONTRACT_ENDPOINT"),
            "reset": self._reset_path,
            "region": self._region,
            "restarts": self._restarts,
            "sdk": self._hello.get("sdk"),
            "sdk_version": self._hello.get("version"),
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
        sent = answer.get("sent")
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
            sent=sent,
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


def _one_backing(command: str, inline: str | None, given: str | None) -> str | None:
    if inline is not None and given is not None and inline != given:
        raise UsageError(
            f"adapter target {command!r} names backing {inline!r} but backing {given!r} was "
            "also given; pass one"
        )
    backing = inline if inline is not None else given
    if (
        backing is not None
        and backing not in ("moto", "moto-server")
        and not backing.startswith(("http://", "https://"))
    ):
        raise UsageError(
            f"adapter target {command!r}: unknown backing {backing!r}; expected "
            "moto-server or an http(s):// URL"
        )
    return backing


def _same_json(sent: Any, params: Mapping[str, Any]) -> bool:
    """Whether the body the SDK sent is the request smcontract asked for (as JSON values)."""
    try:
        return bool(json.loads(json.dumps(params)) == sent)
    except (TypeError, ValueError):
        return False


_ERROR_LINE = re.compile(r"\b\w*(Error|Exception)\b[^:]*:")


def _stderr_gist(lines: list[str]) -> str:
    """What an adapter's stderr says went wrong: its error lines (``Error
    [ERR_MODULE_NOT_FOUND]: Cannot find package ...``, ``ModuleNotFoundError: ...``) when
    there are any, else its last three non-empty lines."""
    kept = [line.strip() for line in lines if line.strip()]
    errors = [line for line in kept if _ERROR_LINE.search(line) and not line.startswith("at ")]
    return " / ".join(errors[:2] if errors else kept[-3:])

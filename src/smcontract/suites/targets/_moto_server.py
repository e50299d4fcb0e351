"""moto's server on a free 127.0.0.1 port, in a process of its own.

A subprocess rather than ``moto.server.ThreadedMotoServer``: moto's backends are global to a
process, so a threaded server would share its state with the in-process ``moto`` target (a
reset of one empties the other, and a model created through one shows up in the other);
Werkzeug would also log every request to this process's stderr. A process of its own keeps
the two targets apart, uses the second core, and survives nothing worse than its own crash.
It starts in about 0.3 s.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import requests

from smcontract.errors import TargetError
from smcontract.suites.targets._base import Outcome
from smcontract.suites.targets._credentials import dummy_credentials
from smcontract.suites.targets._http import UrlTarget

__all__ = ["MotoServer", "MotoServerTarget"]

#: moto's entry point with quiet logs and named 500 pages, run by path (see the module).
_LAUNCHER = str(Path(__file__).with_name("_moto_launch.py"))
_START_TIMEOUT = 30.0
_PORT_TRIES = 3


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    log.close()


class MotoServer:
    """A running ``python -m moto.server`` on 127.0.0.1; :meth:`stop` ends it."""

    def __init__(self, *, start_timeout: float = _START_TIMEOUT) -> None:
        failures: list[str] = []
        for _ in range(_PORT_TRIES):
            port = _free_port()
            log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _stop, with the process)
            process = subprocess.Popen(
                [sys.executable, _LAUNCHER, "-H", "127.0.0.1", "-p", str(port)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
            self._finalizer = weakref.finalize(self, _stop, process, log)
            self.port = port
            self.url = f"http://127.0.0.1:{port}"
            self.process = process
            if self._wait_ready(start_timeout):
                return
            self._finalizer()
            failures.append(self._tail(log))
            if "in use" not in failures[-1]:
                break
        raise TargetError(
            "moto server did not start on 127.0.0.1: "
            + (failures[-1] or "no output")
            + "; check that moto[server] is installed (pip install 'moto[server]')"
        )

    def _wait_ready(self, start_timeout: float) -> bool:
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                answer = requests.post(f"{self.url}/moto-api/reset", timeout=1.0)
                if answer.status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.05)
        return False

    @staticmethod
    def _tail(log: IO[bytes]) -> str:
        with contextlib.suppress(OSError, ValueError):
            log.seek(0)
            text = log.read().decode("utf-8", "replace").strip().splitlines()
            return " / ".join(text[-3:])
        return ""

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self._finalizer()


class MotoServerTarget:
    """moto's server started for this target; signed HTTP through :class:`UrlTarget`."""

    def __init__(
        self, *, region: str = "us-east-1", timeout: float = 10.0, max_body: int = 5 * 2**20
    ) -> None:
        self.name = "moto-server"
        self.server = MotoServer()
        try:
            self._http = UrlTarget(
                self.server.url,
                region=region,
                timeout=timeout,
                max_body=max_body,
                credentials=dummy_credentials(),
                check=False,
                moto=True,
            )
        except BaseException:
            self.server.stop()
            raise
        self._timeout = timeout

    @property
    def url(self) -> str:
        return self.server.url

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome:
        return self._http.invoke(operation, params)

    def reset(self) -> None:
        """``POST /moto-api/reset`` (about 2.5 ms); silent if the server is gone."""
        with contextlib.suppress(requests.RequestException):
            self._http.post("/moto-api/reset", timeout=self._timeout)

    def close(self) -> None:
        self._http.close()
        self.server.stop()

    def identity(self) -> dict[str, Any]:
        import moto

        return {
            **self._http.identity(),
            "kind": "moto-server",
            "moto_version": str(getattr(moto, "__version__", "unknown")),
        }

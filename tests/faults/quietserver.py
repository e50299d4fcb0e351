"""Servers on 127.0.0.1 that answer late or never, for the tests of faults and signals.

* :class:`GatedServer` answers every POST at once with a ValidationException, except request
  number ``hold_at``, which it holds until the test sets ``release``: the test knows that the
  run is in the middle of a case (``held`` is set) and decides when that case ends.
* :class:`SilentServer` accepts connections and never reads or answers.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ERROR = {"__type": "ValidationException", "message": "1 validation error detected"}


class _Handler(BaseHTTPRequestHandler):
    server: GatedServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed ACK

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.posts += 1
            number = self.server.posts
        if number == self.server.hold_at:
            self.server.held.set()
            self.server.release.wait(60)
        body = json.dumps(_ERROR).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class GatedServer(ThreadingHTTPServer):
    """``with GatedServer(hold_at=5) as server: ... server.held.wait(); server.release.set()``."""

    daemon_threads = True

    def __init__(self, hold_at: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hold_at = hold_at
        self.posts = 0
        self.lock = threading.Lock()
        self.held = threading.Event()
        self.release = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> GatedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)


class SilentServer:
    """``with SilentServer() as server: ... server.url ...``: connects, never answers."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0), backlog=64)
        self._socket.settimeout(0.1)
        self._accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._socket.getsockname()[:2]
        return f"http://{host}:{port}"

    @property
    def connections(self) -> int:
        return len(self._accepted)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._accepted.append(connection)

    def __enter__(self) -> SilentServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self._accepted:
            connection.close()
        self._socket.close()

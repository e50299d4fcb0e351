"""The reference over HTTP: AWS JSON 1.1 (``POST /`` with ``X-Amz-Target: SageMaker.<Op>``).

Standard library only (``http.server.ThreadingHTTPServer``). Signatures are not checked: any
``Authorization`` header is accepted. ``POST /reset`` forgets all state.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from smcontract.reference._service import ReferenceService

__all__ = ["make_server"]


def make_server(service: ReferenceService, host: str = "127.0.0.1", port: int = 0) -> Any:
    """A ``ThreadingHTTPServer`` answering with ``service`` (``port=0``: a free port)."""
    prefix = str(service.pack.service.get("targetPrefix") or "SageMaker") + "."

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "smcontract-reference"
        # Headers and body go out as one write (no 40 ms delayed-ACK stall per answer).
        disable_nagle_algorithm = True
        wbufsize = -1

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: one line per request would drown the run's output."""

        def _answer(self, status: int, headers: dict[str, str], body: dict[str, Any]) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            json_headers = {"Content-Type": "application/x-amz-json-1.1"}
            if self.path.rstrip("/") == "/reset":
                service.reset()
                self._answer(200, json_headers, {})
                return
            target = self.headers.get("X-Amz-Target") or ""
            if not target.startswith(prefix):
                self._answer(
                    400,
                    json_headers,
                    {"__type": "UnknownOperationException", "message": f"bad target {target!r}"},
                )
                return
            try:
                body = json.loads(raw.decode("utf-8")) if raw.strip() else {}
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                self._answer(
                    400, json_headers, {"__type": "SerializationException", "message": str(exc)}
                )
                return
            self._answer(*service.handle(target.removeprefix(prefix), body))

    return ThreadingHTTPServer((host, port), Handler)

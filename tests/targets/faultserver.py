"""A fault-injecting HTTP server on 127.0.0.1 for the URL target's tests.

The answer is chosen per request by the operation in ``X-Amz-Target: SageMaker.<Op>``, so a
test asks for a fault by invoking an operation of that name; for a real operation name (an SDK
cannot call others) the body's ``ModelName`` names the answer instead. Every request's headers
and body are recorded in ``server.requests``.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HUGE = 10 * 2**20 + 17  # a little over 10 MB
HANG_SECONDS = 10.0

S3_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01">'
    b"<Owner><ID>bcaf1ffd86f41161ca5fb16fd081034f</ID></Owner><Buckets></Buckets>"
    b"</ListAllMyBucketsResult>"
)


class _Handler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.server.requests.append((dict(self.headers.items()), body))
        operation = (self.headers.get("X-Amz-Target") or "").rpartition(".")[2]
        if not hasattr(self, f"answer_{operation}"):  # a real operation: {"ModelName": "Html500"}
            try:
                operation = str(json.loads(body).get("ModelName"))
            except (ValueError, AttributeError):
                operation = "Ok"
        answer = getattr(self, f"answer_{operation}", self.answer_Ok)
        try:
            answer(body)
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading
            self.close_connection = True

    def do_GET(self) -> None:
        self._send(404, b"", "text/plain")

    # -- helpers --------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, value: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(value).encode(), "application/x-amz-json-1.1", headers)

    # -- answers, by operation name -------------------------------------------------------

    def answer_Ok(self, body: bytes) -> None:
        self._json(200, {"ok": True, "echo": json.loads(body or b"null")})

    def answer_Empty200(self, body: bytes) -> None:
        self._send(200, b"", "application/x-amz-json-1.1")

    def answer_Html500(self, body: bytes) -> None:
        page = b"<!doctype html><title>500 Internal Server Error</title><p>Oops</p>"
        self._send(500, page, "text/html; charset=utf-8")

    def answer_NotImplemented500(self, body: bytes) -> None:
        page = b"<html><p>NotImplementedError: The x action has not been implemented</p></html>"
        self._send(500, page, "text/html; charset=utf-8")

    def answer_Json500(self, body: bytes) -> None:
        self._json(500, {"__type": "InternalFailure", "message": "try again"})

    def answer_Xml200(self, body: bytes) -> None:
        self._send(200, S3_XML, "application/xml")

    def answer_BadJson(self, body: bytes) -> None:
        self._send(200, b'{"ModelArn": "arn:aws:sagemaker', "application/x-amz-json-1.1")

    def answer_Array200(self, body: bytes) -> None:
        self._json(200, [1, 2, 3])

    def answer_Text400(self, body: bytes) -> None:
        self._send(400, b"Bad Request", "text/plain")

    def answer_Error400(self, body: bytes) -> None:
        self._json(
            400,
            {"__type": "com.amazonaws.sagemaker#ValidationException", "message": "1 validation"},
        )

    def answer_HeaderOnly400(self, body: bytes) -> None:
        headers = {"X-Amzn-Errortype": "ResourceNotFound:http://internal.amazon.com/coral/"}
        self._json(400, {"Message": "Could not find it"}, headers)

    def answer_Unknown400(self, body: bytes) -> None:
        self._json(400, {"__type": "UnknownOperationException"})

    def answer_Reset(self, body: bytes) -> None:
        """Close the connection with a TCP RST and no answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def answer_Hang(self, body: bytes) -> None:
        self.server.stopping.wait(HANG_SECONDS)
        self.close_connection = True

    def answer_Trickle(self, body: bytes) -> None:
        """Headers at once, then one byte every 50 ms: each read succeeds, the whole is late."""
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(1000):
            if self.server.stopping.wait(0.05):
                break
            self.wfile.write(b" ")
            self.wfile.flush()
        self.close_connection = True

    def answer_Huge(self, body: bytes) -> None:
        """A 10 MB body with its Content-Length."""
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        self._stream(HUGE)

    def answer_HugeChunked(self, body: bytes) -> None:
        """A 10 MB body in chunks, with no Content-Length to check beforehand."""
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b'"' + b"x" * 65534 + b'"'
        sent = 0
        while sent < HUGE:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
            self.server.bytes_sent += len(chunk)
        self.wfile.write(b"0\r\n\r\n")

    def answer_Echo(self, body: bytes) -> None:
        """A 400 whose message, body and headers repeat every request header."""
        headers = dict(self.headers.items())
        text = json.dumps(headers)
        self._json(
            400, {"__type": "EchoException", "message": text, "headers": headers}, {"X-Echo": text}
        )

    def _stream(self, size: int) -> None:
        chunk = b" " * 65536
        sent = 0
        while sent < size:
            part = chunk[: size - sent]
            self.wfile.write(part)
            sent += len(part)
            self.server.bytes_sent += len(part)


class FaultServer(ThreadingHTTPServer):
    """``with FaultServer() as server: ... server.url ...``; stops on exit."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.stopping = threading.Event()
        self.bytes_sent = 0
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()

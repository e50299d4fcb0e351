"""moto's server entry point, run as a script by :class:`~._moto_server.MotoServer`.

``python .../_moto_launch.py -H 127.0.0.1 -p PORT`` is ``python -m moto.server`` with two
changes that leave every status and every JSON answer as they are: Werkzeug's per-request log
lines are silenced, and the 500 page of an exception (moto has none of its own: Werkzeug's says
only "Internal Server Error") names it, so that "The stop_compilation_job action has not been
implemented" is told apart from a crash.

It runs by path, not with ``-m``, so that the server process does not import smcontract (whose
``suites`` package takes seconds to import); it imports only moto and Werkzeug. Importing
this module changes nothing: :func:`main` applies the changes.
"""

from __future__ import annotations

import html
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from werkzeug.exceptions import HTTPException

__all__ = ["error_page", "main"]

_PAGE = (
    "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
    "<h1>Internal Server Error</h1>\n<p>{text}</p>\n"
)


def error_page(exc: Exception) -> HTTPException | tuple[str, int, dict[str, str]]:
    """Werkzeug's 500 page, naming the exception; moto's own error answers are unchanged."""
    if isinstance(exc, HTTPException):
        return exc
    text = html.escape(f"{type(exc).__name__}: {exc}")
    return _PAGE.format(text=text), 500, {"Content-Type": "text/html; charset=utf-8"}


def _with_error_page(create: Callable[[str], Any]) -> Callable[[str], Any]:
    def create_backend_app(service: str) -> Any:
        app = create(service)
        app.register_error_handler(Exception, error_page)
        return app

    return create_backend_app


def main(argv: Sequence[str]) -> None:
    """Start moto's server with ``argv`` (its own options), quiet and with named 500 pages."""
    import moto.server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    # moto types the service name as a Literal of every service; the wrapper takes any str.
    server: Any = moto.server
    server.create_backend_app = _with_error_page(server.create_backend_app)
    server.main(list(argv))


if __name__ == "__main__":
    main(sys.argv[1:])

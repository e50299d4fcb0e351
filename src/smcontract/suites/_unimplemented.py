"""An operation that answers every request with a 5xx is NOT IMPLEMENTED, however it is reached.

One answer alone cannot always tell "this operation does not exist" from "this request
crashed the server": moto raises ``NotImplementedError`` for an operation it lacks, and
Werkzeug turns that into the same bare ``500 Internal Server Error`` page as any crash. The
``moto-server`` target names the exception in its 500 page, so there each answer says "has not
been implemented"; a plain ``moto_server`` URL does not. The evidence that decides, the same
for every target, is the whole run's:

**An operation to which at least** :data:`MIN_REQUESTS` **requests were sent (valid,
violating, setup and lifecycle alike), every one of them answered with a server failure,
while the same target answered some other request without one, is not implemented.**

A server failure is a 5xx answer, a "not implemented" answer, or, for an in-process
implementation (layer ``server``), an exception: what moto's server turns into a 500. Its
``SERVER ERROR`` verdicts whose evidence is such a failure, and its valid-request verdict,
become ``NOT IMPLEMENTED``; the reason keeps the failure that was seen. So in-process moto, a
plain ``moto_server`` URL and ``-t moto-server`` label moto's operations alike. An operation
that answered even one request without a server failure (a 2xx, a 400 validation error) is
implemented, and its 5xx answers stay ``SERVER ERROR``: those are crashes. A target that
fails every request of every operation is broken, not missing operations: its verdicts stay
``SERVER ERROR`` (so does a run of one operation whose every request fails; the answers alone
cannot tell). Timeouts and refused connections are not answers and keep an operation from
counting.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from smcontract.suites._events import (
    NOT_IMPLEMENTED,
    SERVER_ERROR,
    CaseFinished,
    ConstraintVerdict,
)

__all__ = ["MIN_REQUESTS", "OperationAnswers"]

#: Fewer requests than this are not evidence about an operation (one crash is a crash).
MIN_REQUESTS = 2

_5XX_FAULTS = frozenset({"http-5xx", "not-implemented"})
_TARGET_FAULTS = frozenset(
    {"http-5xx", "not-json", "connection", "timeout", "too-large", "exception", "not-implemented"}
)


def _is_5xx(response: Any) -> bool:
    """A server failure: a 5xx, a "not implemented", or an in-process implementation's
    exception (what a server would answer with a 500)."""
    if not isinstance(response, dict):
        return False
    status = response.get("status")
    fault = response.get("fault")
    crashed = fault == "exception" and response.get("layer", "server") == "server"
    return fault in _5XX_FAULTS or crashed or (isinstance(status, int) and status >= 500)


def _was_sent(outcome: dict[str, Any]) -> bool:
    """Whether a case's outcome is the target's answer (not a skipped or harness case)."""
    return outcome.get("status") is not None or outcome.get("fault") in _TARGET_FAULTS


@dataclass
class _Seen:
    sent: int = 0
    server_errors: int = 0


class OperationAnswers:
    """Counts, per (target, operation), the requests sent and those that answered a 5xx."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], _Seen] = {}
        self._working: set[str] = set()  # targets that answered a request without a failure

    def add(self, event: CaseFinished) -> None:
        """Count one case (call it for every :class:`CaseFinished`, under the run's lock)."""
        if not _was_sent(event.outcome):
            return
        seen = self._seen.setdefault((event.target, event.operation), _Seen())
        seen.sent += 1
        if _is_5xx(event.outcome):
            seen.server_errors += 1
        elif event.outcome.get("status") is not None:
            self._working.add(event.target)

    def unimplemented(self, target: str, operation: str) -> bool:
        """True when every one of at least :data:`MIN_REQUESTS` requests failed on the
        server, and the target answered some other request without failing."""
        seen = self._seen.get((target, operation))
        return (
            seen is not None
            and seen.sent >= MIN_REQUESTS
            and seen.server_errors == seen.sent
            and target in self._working
        )

    def why(self, target: str, operation: str) -> str:
        seen = self._seen[(target, operation)]
        return (
            f"every one of the {seen.sent} requests sent to {operation} failed on the server "
            "(5xx) while other operations answered: taken as not implemented"
        )

    def relabel(self, verdict: ConstraintVerdict) -> ConstraintVerdict:
        """``verdict`` as NOT IMPLEMENTED when it is a 5xx of an unimplemented operation."""
        if verdict.verdict != SERVER_ERROR or not self.unimplemented(
            verdict.target, verdict.operation
        ):
            return verdict
        response = (verdict.evidence or {}).get("response")
        if not _is_5xx(response):
            return verdict
        reason = f"{self.why(verdict.target, verdict.operation)} ({verdict.reason})"
        return dataclasses.replace(verdict, verdict=NOT_IMPLEMENTED, reason=reason)

    def valid_verdict(self, target: str, operation: str, verdict: str) -> str:
        """The valid-request verdict of an operation, NOT IMPLEMENTED instead of SERVER ERROR
        when the operation is unimplemented."""
        if verdict == SERVER_ERROR and self.unimplemented(target, operation):
            return NOT_IMPLEMENTED
        return verdict

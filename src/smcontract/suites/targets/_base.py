"""The target seam: one call in, one normalised :class:`Outcome` out.

A target never raises from :meth:`Target.invoke`. Whatever happens (an answer, a crash inside
an in-process implementation, a refused connection, a body too large to read) comes back as an
``Outcome`` whose ``fault`` says whether the answer was well formed, and if not, how it failed.

Faults, from the most to the least "it answered":

* ``None``: a well-formed answer (2xx with a JSON object, or 4xx with a JSON error).
* ``"not-implemented"``: the implementation says it does not have the operation.
* ``"http-5xx"``: a 5xx answer.
* ``"not-json"``: an answer whose body is not the JSON the protocol requires.
* ``"too-large"``: a body longer than the target's ``max_body``; reading stopped there.
* ``"timeout"``: no complete answer within the target's ``timeout``.
* ``"connection"``: the connection was refused, reset or closed early (or an adapter died).
* ``"exception"``: anything else; ``detail`` holds the exception type and text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

__all__ = ["FAULTS", "LAYERS", "Fault", "Layer", "Outcome", "Target"]

Layer = Literal["server", "client", "transport"]
Fault = Literal[
    "http-5xx", "not-json", "connection", "timeout", "too-large", "exception", "not-implemented"
]

LAYERS: tuple[Layer, ...] = ("server", "client", "transport")
FAULTS: tuple[Fault, ...] = (
    "http-5xx",
    "not-json",
    "connection",
    "timeout",
    "too-large",
    "exception",
    "not-implemented",
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one call of an operation produced, in the same terms for every target.

    ``status`` is the HTTP status, or ``None`` when nothing came back over HTTP (a client-side
    rejection, a connection fault, an in-process exception). ``error_code`` is the AWS error
    code without its namespace (``"ValidationException"``). ``body`` is the parsed JSON body of
    the answer, success or error, and ``None`` when the body is not JSON. ``layer`` says who
    answered: the ``"server"``, the SDK's own ``"client"``-side validation, or nobody
    (``"transport"``). ``fault`` is ``None`` for a well-formed answer, otherwise one of
    :data:`FAULTS`, with a short human ``detail``. ``sent`` is the request body as it went
    on the wire when a client layer (an SDK behind an adapter) rewrote it, else ``None``.
    No field ever holds credentials.
    """

    status: int | None
    error_code: str | None
    message: str | None
    body: Any
    layer: Layer
    fault: Fault | None
    detail: str | None = None
    elapsed: float = 0.0
    sent: Any = None

    @property
    def ok(self) -> bool:
        """True for a well-formed 2xx answer."""
        return self.fault is None and self.status is not None and 200 <= self.status < 300


@runtime_checkable
class Target(Protocol):
    """An implementation of the SageMaker API that the harness can call.

    ``invoke`` sends ``params`` (the JSON request body in wire form, possibly deliberately
    invalid) as operation ``operation`` and returns an :class:`Outcome`; it never raises.
    ``reset`` forgets all state between cases where the implementation allows it (a no-op
    otherwise). ``close`` releases processes, servers and connections. ``identity`` describes
    the target for reports (kind, URL, region, SDK version) and never holds credentials.
    ``name`` is a spec that ``open_target`` opens again. An instance is used from one
    thread at a time; open one per worker.
    """

    name: str

    def invoke(self, operation: str, params: Mapping[str, Any]) -> Outcome: ...

    def reset(self) -> None: ...

    def close(self) -> None: ...

    def identity(self) -> dict[str, Any]: ...

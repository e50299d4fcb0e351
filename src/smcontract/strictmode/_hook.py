"""The botocore handler: strict mode on a client or session, through botocore's event system.

The handler listens to ``before-parameter-build.sagemaker.<Operation>``, registered *last*:

* it sees the user's parameters before botocore validates and serializes them, so a call
  that breaks a rule is stopped (``mode="raise"``) before botocore's own
  ``ParamValidationError`` and before anything is sent; ``before-call`` comes after
  botocore's validation, and a Stubber answers from a ``before-call`` handler that can run
  before ours, so it would miss stubbed calls;
* registered last, it sees what botocore's own handlers of that event fill in (an
  idempotency token is generated there), and the Stubber's check of ``expected_params``
  (registered first) has run.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import warnings
import weakref
from typing import Any

from smcontract.contracts import ContractPack, load_contracts
from smcontract.errors import UsageError
from smcontract.strictmode._check import Checker
from smcontract.strictmode._ledger import Ledger
from smcontract.strictmode._model import (
    ContractViolation,
    ContractViolationWarning,
    Finding,
    Mode,
    UnknownMemberWarning,
    parse_mode,
)

__all__ = ["EVENT", "UNIQUE_ID", "StrictMode", "event_emitter", "strict"]

#: The botocore event strict mode listens to (every SageMaker operation).
EVENT = "before-parameter-build.sagemaker"
#: The handler's unique ID: strict() on a client again replaces the handler it had.
UNIQUE_ID = "smcontract.strict"


class StrictMode:
    """Strict mode's state: the mode, the pack's checker and the :class:`Ledger` of the calls.

    Returned by :func:`strict`; ``attach`` more clients or sessions to share one ledger, and
    ``close`` (or leave the ``with`` block) to stop checking. ``current_test`` names the
    test the calls belong to (the pytest plugin sets it).
    """

    def __init__(self, mode: Mode | str = Mode.RAISE, *, pack: ContractPack | None = None):
        self.mode = parse_mode(mode)
        self.checker = Checker(pack if pack is not None else load_contracts())
        self.ledger = Ledger()
        self.current_test: str | None = None
        self.active = True
        self._warned: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        self._emitters: weakref.WeakSet[Any] = weakref.WeakSet()

    # -- registration -----------------------------------------------------------------------

    def attach(self, client_or_session: Any) -> StrictMode:
        """Check the SageMaker calls of a client, or of the clients a session creates later."""
        self.register(event_emitter(client_or_session))
        return self

    def register(self, emitter: Any) -> None:
        """Register on a botocore event emitter (replacing another strict mode's handler)."""
        emitter.unregister(EVENT, unique_id=UNIQUE_ID)
        emitter.register_last(EVENT, self.on_params, unique_id=UNIQUE_ID)
        self._emitters.add(emitter)

    def close(self) -> None:
        """Stop checking: unregister from everything attached; the ledger stays readable."""
        self.active = False
        for emitter in list(self._emitters):
            emitter.unregister(EVENT, self.on_params, unique_id=UNIQUE_ID)
        self._emitters = weakref.WeakSet()

    def summary(self) -> dict[str, Any]:
        """The session as JSON: mode, versions, the pack, and the ledger (strict.json)."""
        import botocore

        from smcontract._version import __version__

        pack = self.checker.pack
        with self._lock:
            ledger = self.ledger.to_dict()
        return {
            "format": "smcontract-strict/1",
            "mode": self.mode.value,
            "smcontract_version": __version__,
            "botocore_version": botocore.__version__,
            "pack": {"sha256": pack.sha256, "botocore_version": pack.botocore_version},
            **ledger,
        }

    def __enter__(self) -> StrictMode:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the handler ------------------------------------------------------------------------

    def on_params(self, params: Any, model: Any, **_: Any) -> None:
        """botocore ``before-parameter-build`` handler: judge the call, then act by mode."""
        if not self.active:
            return
        operation = str(model.name)
        if not self.checker.holds(operation):
            with self._lock:
                self.ledger.outside[operation] += 1
            return
        body = self.checker.body(params, model)
        if body is None:
            with self._lock:
                self.ledger.unjudged[operation] += 1
            return
        unknown = self.checker.unknown_members(operation, model, body)
        if unknown:
            self._unknown(operation, unknown)
        findings = self.checker.findings(operation, body)
        with self._lock:
            self.ledger.add(operation, findings, self.current_test)
        if not findings:
            return
        if self.mode is Mode.RAISE:
            raise ContractViolation(operation, findings)
        if self.mode is Mode.WARN:
            self._warn(findings)

    def _warn(self, findings: list[Finding]) -> None:
        for finding in findings:
            key = (finding.constraint_id, finding.path)
            with self._lock:
                new = key not in self._warned
                self._warned.add(key)
            if new:
                warnings.warn(ContractViolationWarning(finding), stacklevel=_caller_level())

    def _unknown(self, operation: str, members: list[str]) -> None:
        version = self.checker.pack.botocore_version
        for member in members:
            with self._lock:
                new = self.ledger.add_unknown(operation, member, self.current_test)
            if new:
                warning = UnknownMemberWarning(operation, member, version)
                warnings.warn(warning, stacklevel=_caller_level())


def strict(
    client_or_session: Any, *, mode: Mode | str = Mode.RAISE, pack: ContractPack | None = None
) -> StrictMode:
    """Check every SageMaker call of a client (or of the clients a session creates from now on)
    against the contract pack before it is sent.

    ``mode="raise"`` raises :class:`ContractViolation` (a botocore ``ParamValidationError``);
    ``"warn"`` emits one :class:`ContractViolationWarning` per distinct rule and member path
    and sends the call; ``"record"`` only records. Every mode records into the returned
    :class:`StrictMode`'s ``ledger``. Calls to operations the pack does not hold pass through
    (counted in ``ledger.outside``); rules that need server state (uniqueness across calls,
    lifecycle, defaults, errors) are never judged. Accepts a boto3 or botocore client, a
    ``boto3.session.Session`` or a ``botocore.session.Session``.

    >>> import boto3, smcontract                                       # doctest: +SKIP
    >>> smcontract.strict(boto3.client("sagemaker", region_name="us-east-1"))
    """
    return StrictMode(mode, pack=pack).attach(client_or_session)


def event_emitter(client_or_session: Any) -> Any:
    """The botocore event emitter of a client or a session; a UsageError for anything else."""
    import boto3.session
    import botocore.client
    import botocore.session

    target = client_or_session
    if isinstance(target, botocore.client.BaseClient):
        service = target.meta.service_model.service_name
        if service != "sagemaker":
            raise UsageError(
                f"smcontract.strict() checks SageMaker calls; this is a {service!r} client. "
                'Pass a SageMaker client (boto3.client("sagemaker")) or a session'
            )
        return target.meta.events
    if isinstance(target, boto3.session.Session):
        return target.events
    if isinstance(target, botocore.session.Session):
        return target.get_component("event_emitter")
    raise UsageError(
        f"smcontract.strict() takes a boto3/botocore client or session, got "
        f"{type(target).__module__}.{type(target).__qualname__}"
    )


@functools.lru_cache(maxsize=1)
def _internal_dirs() -> tuple[str, ...]:
    """botocore's, boto3's and this package's folders: frames there are not the user's."""
    import boto3
    import botocore

    return tuple(
        os.path.dirname(path) + os.sep
        for path in (boto3.__file__, botocore.__file__, __file__)
        if path is not None
    )


def _caller_level() -> int:
    """The ``stacklevel`` that points a warning at the user's call (past botocore and us)."""
    internal = _internal_dirs()
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(internal):
        frame, level = frame.f_back, level + 1  # type: ignore[assignment]
    return level

"""The executor: a target's units run on a ``ThreadPoolExecutor``, one instance per thread.

Each worker thread owns one target instance (taken when the thread starts) and runs the units
handed to it in plan order. A unit starts only while the run has time and the target still
answers, so an interrupt, the deadline or a silent target end the run promptly; a unit that
raises becomes a ``HARNESS ERROR`` case and the run goes on.
"""

from __future__ import annotations

import functools
import logging
import threading
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from smcontract.contracts import Constraint
from smcontract.suites._control import Stop
from smcontract.suites._fuzz import fuzz_unit
from smcontract.suites._plan import Case, Unit
from smcontract.suites._session import Session, guarded
from smcontract.suites._state import RunState
from smcontract.suites.targets import Target

__all__ = [
    "Backlog",
    "TargetSource",
    "close_all",
    "execute",
    "identity",
    "instances",
    "open_source",
]

log = logging.getLogger("smcontract.suites")

#: A target, a zero-argument factory of targets (one instance per worker), or a target spec.
TargetSource = Target | Callable[[], Target] | str

#: How long an interrupted run waits for the cases in flight before closing their targets.
_DRAIN_SECONDS = 30


class Backlog:
    """How many units were handed to a target's workers and have not ended: a plan given out
    as it is planned (:class:`~._stream.PlanStream`) computes an operation itself only when
    the workers are about to run dry."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0

    def add(self) -> None:
        with self._lock:
            self._count += 1

    def done(self) -> None:
        with self._lock:
            self._count -= 1

    def short(self) -> bool:
        """At most one unit left to send."""
        return self._count <= 1


def execute(
    state: RunState,
    targets: Sequence[Target],
    name: str,
    units: Iterable[Unit],
    backlog: Backlog | None = None,
) -> None:
    """Run ``units`` against the instances ``targets`` of the target ``name``, one thread per
    instance; return when every unit ran or was skipped (the run stopped, the target went
    silent). ``units`` may be given out while the first ones run (a
    :class:`~._stream.PlanStream`); ``backlog`` counts those not ended. On
    ``KeyboardInterrupt`` the run is stopped, the cases in flight finish (up to 30 seconds)
    and the interrupt goes on."""
    free = list(targets)
    local = threading.local()
    lock = threading.Lock()

    def take_instance() -> None:
        with lock:
            local.session = Session(state, free.pop(), name)

    pool = ThreadPoolExecutor(
        max_workers=len(targets),
        thread_name_prefix=f"smcontract-{name}",
        initializer=take_instance,
    )
    free.reverse()  # the first thread takes the first instance
    futures: list[Future[None]] = []
    try:
        counted = backlog if backlog is not None else Backlog()
        for unit in units:
            counted.add()
            future = pool.submit(_run_in_worker, state, local, name, unit)
            future.add_done_callback(lambda _: counted.done())
            futures.append(future)
        wait(futures)
    except KeyboardInterrupt:
        state.control.stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        # Workers stop between cases; wait for them before closing their targets.
        wait(futures, timeout=_DRAIN_SECONDS)
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _run_in_worker(state: RunState, local: threading.local, name: str, unit: Unit) -> None:
    """One unit on the calling worker's instance, unless the run or the target is over."""
    if state.out_of_time() or state.control.gone(name):
        return
    session: Session = local.session
    try:
        run_unit(session, unit)
    except Stop:
        return
    except Exception as exc:  # a unit-level harness bug: note it, keep going
        state.fold.harness_error(
            name,
            unit.operation,
            unit.constraint_id,
            unit.kind,
            unit.kind,
            None,
            f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}",
        )


def run_unit(session: Session, unit: Unit) -> None:
    """Send a unit's cases: a lifecycle scenario, or its prepared cases then (fuzz) its
    Hypothesis test."""
    state = session.state
    settings = state.settings
    if unit.kind == "lifecycle":
        from smcontract.suites.lifecycle import run_lifecycle

        assert unit.resource is not None
        run_lifecycle(
            session,
            unit.resource,
            mode=settings.mode,
            seed=settings.seed,
            max_examples=settings.max_examples,
            stop=state.out_of_time,
        )
        return
    constraint = (
        state.pack.constraint(unit.constraint_id) if unit.constraint_id is not None else None
    )
    # Boundary cases first (both modes); fuzz mode then lets Hypothesis search and shrink.
    for case in unit.cases:
        if state.out_of_time():
            return
        action = functools.partial(_send, session, unit.operation, constraint, case)
        guarded(session, unit.operation, unit.constraint_id, case.request, case.label, action)
    if settings.mode == "fuzz" and not state.out_of_time():
        fuzz_unit(session, unit)


def _send(session: Session, operation: str, constraint: Constraint | None, case: Case) -> None:
    if constraint is not None:
        session.reject_case(operation, constraint, case.request, case.label)
    else:
        session.valid_case(operation, case.request, case.label, case.setup)


# -- targets ----------------------------------------------------------------------------------


def open_source(source: TargetSource) -> Target:
    """The target a source names: itself, what the factory makes, or the spec opened."""
    if isinstance(source, str):
        from smcontract.suites.targets import open_target

        return open_target(source)
    if callable(source) and not hasattr(source, "invoke"):
        return source()
    return source  # type: ignore[return-value]


def _reopen(source: TargetSource, target: Target) -> Target | None:
    """Another instance of a target for another worker (its name is a spec), or None."""
    if not hasattr(source, "invoke"):
        return open_source(source)
    try:
        from smcontract.suites.targets import open_target

        region = identity(target).get("region") or "us-east-1"
        return open_target(str(target.name), region=str(region))
    except Exception:
        return None


def identity(target: Target) -> dict[str, Any]:
    """``target.identity()``, or what went wrong asking it."""
    try:
        return dict(target.identity())
    except Exception as exc:
        return {"kind": "unknown", "error": f"{type(exc).__name__}: {exc}"}


def _shares_process_state(found: Mapping[str, Any]) -> bool:
    kind = found.get("kind")
    return kind == "moto" or (kind == "boto3" and found.get("backing") == "moto")


def instances(
    source: TargetSource, target: Target, name: str, workers: int, notes: list[str]
) -> list[Target]:
    """``target`` and the further instances of it for ``workers`` workers (fewer, with a note,
    when it keeps process-global state or cannot be opened again)."""
    count = workers
    if count > 1 and _shares_process_state(identity(target)):
        count = 1
        notes.append(
            f"{name}: in-process moto keeps process-global state, so it "
            f"runs with 1 worker (asked for {workers})"
        )
    found = [target]
    for _ in range(count - 1):
        clone = _reopen(source, target)
        if clone is None:
            notes.append(
                f"{name}: given as an instance whose name is not a target spec, so it "
                f"runs with {len(found)} worker(s); pass a factory for more"
            )
            break
        found.append(clone)
    return found


def close_all(targets: Sequence[Target]) -> None:
    """Close every target; a failure is logged, never raised."""
    for target in targets:
        try:
            target.close()
        except Exception:
            log.exception("closing target %r failed", getattr(target, "name", target))

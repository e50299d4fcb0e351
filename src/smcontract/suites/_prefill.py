"""A cold plan's corpora computed in worker processes, one operation per task.

Planning a certify corpus is CPU-bound and independent per operation (an operation's corpus
depends only on the pack, the seed and the code, which is why it can be cached per operation:
:mod:`._corpus_cache`). When many operations have no cached corpus (``--profile all`` on a
cold cache: 453 operations, about 3.5 minutes of one core), :func:`prefilled` computes them in
a pool of ``spawn`` processes, each writing what it computed to a corpus cache; the plan then
reads every corpus from that cache, exactly as a warm run does, so the requests are the ones a
sequential plan draws (``tests/suites/test_prefill.py`` compares them). With ``--no-cache``
the pool writes to a temporary folder, removed after the plan.

Workers ignore SIGINT (the parent's handler decides); when ``stop()`` turns true (a signal, the
run's deadline) the parent stops waiting, cancels what has not started and terminates the
workers at once, so a long operation (CreatePipeline: 18 s) does not hold the run. A worker
that fails or dies costs nothing but time: the plan computes what the cache lacks itself.

``SMCONTRACT_PLAN_WORKERS`` sets the pool's size (``1``: no pool); the default is the CPUs
this process may use, at most :data:`MAX_WORKERS`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from smcontract.contracts import ContractPack, load_contracts
from smcontract.suites._build import build_plan, open_cache, uncached
from smcontract.suites._corpus_cache import CorpusCache
from smcontract.suites._generators import Generators, default_generators
from smcontract.suites._plan import Settings

__all__ = ["ENV_VAR", "MAX_WORKERS", "MIN_OPERATIONS", "Prefetch", "plan_workers", "prefilled"]

log = logging.getLogger("smcontract.suites")

ENV_VAR = "SMCONTRACT_PLAN_WORKERS"
#: The most worker processes a plan uses (each holds the operations it loaded).
MAX_WORKERS = 4
#: Fewer uncached operations than this are planned in the run's own process: starting a
#: worker (an interpreter importing smcontract and Hypothesis) costs about as much as
#: planning a handful of operations.
MIN_OPERATIONS = 40
#: How often (seconds) the parent looks at ``stop()`` while it waits for the workers.
POLL = 0.2
#: How often (seconds) a plan sent as it is planned looks again at an operation it waits for.
_WAIT = 0.01


def plan_workers() -> int:
    """The pool's size: ``$SMCONTRACT_PLAN_WORKERS``, else the usable CPUs (at most 4)."""
    given = os.environ.get(ENV_VAR, "").strip()
    if given.isdigit():
        return max(1, int(given))
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(usable, MAX_WORKERS))


@contextmanager
def prefilled(
    pack: ContractPack,
    settings: Settings,
    operations: Sequence[str],
    store: CorpusCache | None,
    stop: Callable[[], bool],
    *,
    draw: bool = True,
    workers: int | None = None,
) -> Iterator[CorpusCache | None]:
    """The corpus cache the plan should read: ``store``, holding every operation's corpus
    the pool computed (a temporary cache when ``store`` is None and the pool ran).
    ``draw=False`` computes boundary corpora only (a shard draws just its own units)."""
    count = plan_workers() if workers is None else workers
    missing = uncached(operations, store)
    if count < 2 or len(missing) < MIN_OPERATIONS or stop():
        yield store
        return
    with tempfile.TemporaryDirectory(prefix="smcontract-plan-") as temporary:
        target = store if store is not None else open_cache(pack, settings, Path(temporary))
        _compute(pack, settings, missing, target, stop, draw, count)
        yield target


class Prefetch:
    """Corpora computed ahead of an unsharded certify plan that is sent as it is planned
    (:class:`~._stream.PlanStream`). ``workers`` processes plan the operations in order from
    the second on (the first is this process's while the workers start); :meth:`ready` waits
    for an operation a worker has, unless the run is about to run out of units to send and no
    worker has started it: then this process takes it back and plans it where it is needed;
    when a worker has started it, this process plans a later one meanwhile (:meth:`take_back`).
    No operation is planned twice, and while there are units to send this process sends.

    ``operations`` are those ``store`` lacks (:func:`~._build.uncached`); :attr:`store` is
    the cache the plan reads (a temporary one when ``store`` is None).
    :meth:`close` shuts the pool; when the run was stopped, it terminates the workers.
    ``steal=False`` leaves every operation to the workers (for tests: only they plan).
    """

    def __init__(
        self,
        pack: ContractPack,
        settings: Settings,
        operations: Sequence[str],
        store: CorpusCache | None,
        workers: int,
        *,
        steal: bool = True,
    ) -> None:
        self._steal = steal
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        if store is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="smcontract-plan-")
            store = open_cache(pack, settings, Path(self._temporary.name))
        self.store = store
        before = set(multiprocessing.active_children())
        self._pool = _pool(pack, settings, store, True, min(workers, len(operations)))
        # the pool hands a task to a worker when one is free (and queues one more): the rest
        # stay pending, so they can be taken back
        theirs = operations[1:] if steal else operations
        self._futures = {op: self._pool.submit(_plan_one, op) for op in theirs}
        #: the pool's processes (started by the submissions), joined by :meth:`close`
        self._workers = [p for p in multiprocessing.active_children() if p not in before]

    def ready(
        self,
        operation: str,
        stop: Callable[[], bool],
        short: Callable[[], bool] = lambda: True,
        meanwhile: Callable[[], bool] = lambda: False,
    ) -> None:
        """Return once ``operation``'s corpus is in :attr:`store`, or it is this process's to
        plan: no worker has it, or none has started it and ``short()`` (few units left to
        send), or a worker failed, or ``stop()`` turned true. While a worker plans it and
        ``short()``, ``meanwhile()`` may plan a later operation here (it says whether it
        did: :meth:`take_back`)."""
        future = self._futures.pop(operation, None)
        while future is not None and not stop():
            if future.done():
                if future.exception() is not None:
                    log.info("a plan worker failed (%s); planning here", future.exception())
                return
            if self._steal and short() and future.cancel():
                return
            if not (self._steal and short() and meanwhile()):
                wait([future], timeout=_WAIT)

    def take_back(self) -> str | None:
        """The first operation no worker has started, now this process's to plan; or None."""
        for operation, future in list(self._futures.items()):
            if future.cancel():
                del self._futures[operation]
                return operation
        return None

    def drained(self) -> None:
        """Every operation is planned: let the workers exit while the run sends."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def close(self, stopped: bool) -> None:
        """Shut the pool (terminating the workers when ``stopped``); remove a temporary
        store."""
        try:
            _end(self._pool, stopped)
            for worker in self._workers:  # let go early (drained): they are exiting
                worker.join(timeout=5)
        finally:
            if self._temporary is not None:
                self._temporary.cleanup()


def _pool(
    pack: ContractPack, settings: Settings, store: CorpusCache, draw: bool, workers: int
) -> ProcessPoolExecutor:
    """``workers`` ``spawn`` processes that plan one operation per task into ``store``."""
    shipped = pack is load_contracts()
    arguments = (None if shipped else pack.origin, pack.sha256, settings, store, draw)
    return ProcessPoolExecutor(
        max(1, workers),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=arguments,
    )


def _compute(
    pack: ContractPack,
    settings: Settings,
    operations: Sequence[str],
    store: CorpusCache,
    stop: Callable[[], bool],
    draw: bool,
    workers: int,
) -> None:
    """Compute the corpora of ``operations`` into ``store`` in ``workers`` processes."""
    pool = _pool(pack, settings, store, draw, min(workers, len(operations)))
    try:
        pending: set[Future[str]] = {pool.submit(_plan_one, op) for op in operations}
        while pending and not stop():
            done, pending = wait(pending, timeout=POLL, return_when=FIRST_COMPLETED)
            for future in done:
                if future.exception() is not None:
                    log.info("a plan worker failed (%s); planning here", future.exception())
    except Exception as exc:  # a broken pool: the plan computes what is missing itself
        log.warning(
            "plan workers failed (%s: %s); planning in this process", type(exc).__name__, exc
        )
    finally:
        _end(pool, stop())


def _end(pool: ProcessPoolExecutor, stopped: bool) -> None:
    """Shut the pool down; when stopped, without waiting for the tasks that are running."""
    if not stopped:
        pool.shutdown(wait=True)
        return
    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout=5)


@dataclass(frozen=True)
class _Job:
    """What a worker plans with (set once by :func:`_start_worker`)."""

    pack: ContractPack
    generators: Generators
    settings: Settings
    store: CorpusCache
    draw: bool


_JOB: list[_Job] = []  # the worker's one job (a list: no ``global`` statement)


def _start_worker(
    origin: str | None, sha256: str, settings: Settings, store: CorpusCache, draw: bool
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pack = load_contracts(origin)
    if pack.sha256 != sha256:
        raise RuntimeError(f"the pack at {pack.origin} changed since the run loaded it")
    _JOB.append(_Job(pack, default_generators(pack), settings, store, draw))


def _plan_one(operation: str) -> str:
    """Plan one operation in a worker; its corpus goes to the worker's cache."""
    job = _JOB[0]
    build_plan(
        job.pack, job.generators, job.settings, [operation], False, draw=job.draw, cache=job.store
    )
    return operation

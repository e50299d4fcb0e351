"""The runner: send generated requests to targets and give every constraint a verdict.

``run(pack, targets, ...)`` is a pipeline of three parts:

* the **plan** (:mod:`._plan`, pure): the units of the run, each owned by one worker with its
  own target instance (the valid requests of one operation, the violating requests of one
  constraint, or the lifecycle scenario of one resource), their costs and shards, and the
  cases of each;
* the **executor** (:mod:`._executor`): per target, a ``ThreadPoolExecutor`` with one target
  instance per thread sends the units' cases (:class:`~._session.Session`) and reports what
  each case showed;
* the **fold** (:mod:`._fold`, :mod:`._finish`): observations -> tallies -> one verdict per
  (target, constraint), sent to the sinks as events.

* ``certify`` sends a fixed corpus: the boundary cases of ``strategies.boundaries(op)``,
  valid requests drawn deterministically from ``strategies.valid(op)`` (seeded, no example
  database), a few draws of ``strategies.violating(op, id)`` for a constraint no boundary case
  breaks, and the lifecycle scenarios in a fixed order. The same target gives the same report.
* ``fuzz`` runs one Hypothesis test per unit (``@given(violating(op, id))``) with an example
  database, so failures found before replay first and Hypothesis shrinks each finding to its
  smallest request (:mod:`._fuzz`).

State is reset (``target.reset()``) before every case, except inside lifecycle scenarios.
A valid DescribeX / StopX / DeleteX request first gets its resource created with a valid
CreateX request of the same name (:mod:`._setup`). Nothing a single case does can stop the
run: an exception of the harness itself becomes a ``HARNESS ERROR`` case, is logged, and the
run goes on.

More on the arguments of :func:`run`: a target given as an instance runs with one worker
unless its name is a spec it can be opened again with; in-process moto always runs with one
(its state is global to the process). A shard's results are those of its own constraints
only. ``database_dir`` specs are ``redis://``, ``readonly:`` and ``multi:``. A waiver that
matches nothing is a note of :class:`RunFinished`, and so is an installed botocore that models
the selected operations differently from the pack (:func:`~smcontract.contracts.model_drift`).
``interrupt`` (:class:`Interrupt`) is set from a signal handler, say; the result's exit code is
the one requested. A target whose requests time out a few times in a row is sent nothing more
(``_watchdog``).

For the length of a run, what already exists (the modules, the pack, the targets once open)
is frozen (:func:`gc.freeze`; :func:`gc.unfreeze` when it ends; not in a process that froze
objects itself): it outlives the run, and Python's cyclic collector need not trace it again
in every full collection. That is about a tenth of a cold quick start, and most of a selftest
mutant's run: Hypothesis runs a full collection the first time a thread draws
(``register_random``), and every run has new threads.
"""

from __future__ import annotations

import gc
import platform
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from smcontract._usage import parse_shard
from smcontract._version import __version__
from smcontract.contracts import ContractPack, installed_botocore_version, model_drift
from smcontract.errors import UsageError
from smcontract.suites._build import build_plan, open_cache, uncached
from smcontract.suites._control import Control
from smcontract.suites._database import open_database
from smcontract.suites._executor import (
    Backlog,
    TargetSource,
    close_all,
    execute,
    identity,
    instances,
    open_source,
)
from smcontract.suites._finish import finish, now
from smcontract.suites._fold import Fold
from smcontract.suites._generators import Generators, default_generators
from smcontract.suites._interrupt import Interrupt
from smcontract.suites._plan import MODES, Plan, Settings, Unit, select_operations
from smcontract.suites._prefill import Prefetch, plan_workers, prefilled
from smcontract.suites._result import RunResult
from smcontract.suites._state import RunState
from smcontract.suites._stream import PlanStream
from smcontract.suites._waivers import Waivers
from smcontract.suites.events import EventSink, RunStarted
from smcontract.suites.targets import Target

__all__ = ["run"]

#: An opened target: where it came from, the instance, its name in the run.
_Opened = tuple[TargetSource, Target, str]


def run(
    pack: ContractPack,
    targets: Sequence[TargetSource],
    *,
    operations: Iterable[str] | None = None,
    mode: str = "certify",
    seed: int | None = 0,
    max_examples: int = 100,
    max_time: float | None = None,
    workers: int = 1,
    sinks: Sequence[EventSink] = (),
    database_dir: str | None = ".smcontract/examples",
    strategies: Generators | None = None,
    valid_examples: int = 5,
    lifecycle: bool = True,
    shard: tuple[int, int] | None = None,
    waivers: Waivers | None = None,
    interrupt: Interrupt | None = None,
    cache: bool = True,
) -> RunResult:
    """Run the suites against every target; return the verdicts (also sent to ``sinks``).

    ``targets``: Target instances, zero-argument factories (one instance per worker) or specs
    (``"moto"``, a URL ...). ``operations``: default all of the pack. ``mode``: ``"certify"``
    (a fixed corpus) or ``"fuzz"`` (Hypothesis, shrinking, the example database
    ``database_dir``: a directory or an :func:`open_database` spec). ``max_examples`` bounds
    each Hypothesis test, ``max_time`` the run in seconds (what is not reached is UNTESTED and
    the run interrupted). ``workers`` threads per target (one for an instance or in-process
    moto). ``shard=(i, n)`` runs part ``i`` of ``n`` (:func:`shard_units`; ``smcontract merge``
    joins them). ``waivers`` turn the findings they match into ``WAIVED``. ``interrupt`` ends
    the run early when requested, as ``KeyboardInterrupt`` does. ``cache``: read and store
    the corpus on disk (:mod:`._corpus_cache`; with the default strategies only). More in the
    module docstring.
    """
    _check_arguments(mode, workers, max_examples, targets, shard)
    selected = select_operations(pack, operations)
    settings = Settings(mode, seed, max_examples, valid_examples)
    state = _state(pack, strategies, settings, sinks, max_time, database_dir, interrupt)
    opened: list[_Opened] = []
    extra: list[Target] = []
    started: RunStarted | None = None
    plan: Plan | None = None
    interrupted = False
    sender = _sender(state, selected, lifecycle, shard, cache, strategies is not None)
    with _frozen() as freeze_again:
        try:
            _open_all(targets, opened)
            freeze_again()
            started = _start(state, opened, selected, shard, lifecycle, waivers)
            plan, interrupted = sender.send(state, opened, workers, extra)
        except KeyboardInterrupt:
            state.control.stop.set()
            interrupted = True
            plan = sender.partial()
        finally:
            close_all([t for _, t, _ in opened] + extra)
            sender.close(state.control.stop.is_set() or state.out_of_time())
    if started is None:  # interrupted before the run started
        raise KeyboardInterrupt
    return _result(state, started, opened, selected, plan, interrupted, waivers)


def _result(
    state: RunState,
    started: RunStarted,
    opened: Sequence[_Opened],
    selected: list[str],
    plan: Plan | None,
    interrupted: bool,
    waivers: Waivers | None,
) -> RunResult:
    """Every verdict, sent to the sinks, and the run's result."""
    result = RunResult(started=started)
    interrupted = interrupted or state.control.interrupt.requested
    names = [name for _, _, name in opened]
    finish(state.fold, state.control, result, names, selected, plan, interrupted, waivers)
    return result


def _state(
    pack: ContractPack,
    strategies: Generators | None,
    settings: Settings,
    sinks: Sequence[EventSink],
    max_time: float | None,
    database_dir: str | None,
    interrupt: Interrupt | None,
) -> RunState:
    """The run's shared state: its fold, its stop control, fuzz mode's example database."""
    return RunState(
        pack,
        strategies if strategies is not None else default_generators(pack),
        settings,
        Fold(pack, sinks),
        Control(time.monotonic() + max_time if max_time is not None else None, interrupt),
        open_database(database_dir) if settings.mode == "fuzz" and database_dir else None,
    )


def _plan(
    state: RunState,
    selected: list[str],
    lifecycle: bool,
    shard: tuple[int, int] | None,
    cache: bool,
    own_strategies: bool,
) -> Plan:
    """The run's plan, its corpus read from and stored in the corpus cache when ``cache``.
    Stopped before it started, the plan still says which constraints the run has (no draws);
    stopped while planning, the operations not reached have no cases. With the default
    strategies, a cold certify plan of many operations is computed in worker processes
    (:mod:`._prefill`)."""
    pack, settings = state.pack, state.settings
    store = open_cache(pack, settings) if cache and not own_strategies else None
    draw = not state.out_of_time()
    stop = state.out_of_time
    pooled = not own_strategies and settings.mode == "certify"
    fill = prefilled(pack, settings, selected, store, stop, draw=shard is None)
    with fill if pooled else nullcontext(store) as filled:
        return build_plan(
            pack,
            state.generators,
            settings,
            selected,
            lifecycle,
            shard,
            draw=draw,
            cache=filled,
            stop=stop,
        )


def _prefetch(
    state: RunState,
    selected: list[str],
    shard: tuple[int, int] | None,
    cache: bool,
    own_strategies: bool,
) -> Prefetch | None:
    """Worker processes that plan an unsharded certify run while it sends (a
    :class:`PlanStream` takes their corpora), or None: custom strategies, fuzz mode, a shard
    (it needs every operation's corpus before it knows its units), one CPU, or fewer than two
    operations to plan."""
    settings = state.settings
    if own_strategies or settings.mode != "certify" or shard is not None:
        return None
    workers = plan_workers() - 1  # this process plans too, and sends
    store = open_cache(state.pack, settings) if cache else None
    missing = uncached(selected, store)
    if workers < 1 or len(missing) < 2 or state.out_of_time():
        return None
    return Prefetch(state.pack, settings, missing, store, workers)


def _stream(
    state: RunState, selected: list[str], lifecycle: bool, prefetch: Prefetch, backlog: Backlog
) -> PlanStream:
    return PlanStream(
        state.pack,
        state.generators,
        state.settings,
        selected,
        lifecycle,
        stop=state.out_of_time,
        prefetch=prefetch,
        short=backlog.short,
    )


def _check_arguments(
    mode: str,
    workers: int,
    max_examples: int,
    targets: Sequence[TargetSource],
    shard: tuple[int, int] | None,
) -> None:
    if mode not in MODES:
        raise UsageError(f"unknown mode {mode!r}; expected one of: {', '.join(MODES)}", value=mode)
    if workers < 1:
        raise UsageError(f"workers must be at least 1, got {workers}")
    if max_examples < 1:
        raise UsageError(f"max_examples must be at least 1, got {max_examples}")
    if not targets:
        raise UsageError("no target given; pass at least one (for example 'moto')")
    if shard is not None:
        parse_shard(f"{shard[0]}/{shard[1]}")


def _open_all(targets: Sequence[TargetSource], opened: list[_Opened]) -> None:
    """Open every target into ``opened`` (so that what opened is closed if one fails); a name
    used twice gets ``#2``, ``#3`` ..."""
    names: set[str] = set()
    for source in targets:
        target = open_source(source)
        name = str(getattr(target, "name", "target"))
        base, n = name, 2
        while name in names:
            name, n = f"{base}#{n}", n + 1
        names.add(name)
        opened.append((source, target, name))


def _start(
    state: RunState,
    opened: Sequence[_Opened],
    selected: list[str],
    shard: tuple[int, int] | None,
    lifecycle: bool,
    waivers: Waivers | None,
) -> RunStarted:
    """Emit the run's ``RunStarted`` (after noting a model drift of the installed botocore)."""
    pack, settings = state.pack, state.settings
    started = RunStarted(
        run_id=uuid.uuid4().hex[:12],
        mode=settings.mode,
        seed=settings.seed,
        targets=[{**identity(t), "name": name} for _, t, name in opened],
        operations=selected,
        contracts_sha256=pack.sha256,
        contracts_origin=pack.origin,
        botocore_version=installed_botocore_version(),
        smcontract_version=__version__,
        python_version=platform.python_version(),
        started_at=now(),
        shard=(shard[0], shard[1]) if shard is not None else None,
        settings={
            "max_examples": settings.max_examples,
            "valid_examples": settings.valid_examples,
            "lifecycle": lifecycle,
        },
        waivers=[w.to_dict() for w in waivers.entries] if waivers else [],
        contracts_botocore_version=pack.botocore_version,
    )
    drift = model_drift(pack, selected)
    if drift is not None:
        state.fold.notes.append(drift.message())
    state.fold.emit(started)
    return started


@contextmanager
def _frozen() -> Iterator[Callable[[], object]]:
    """Freeze what exists now for the block (see the module docstring), unless the process
    froze objects itself; the block may freeze again what it made meanwhile (the targets)."""
    if gc.get_freeze_count():
        yield lambda: None
        return
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


class _PlanFirst:
    """A run planned whole, then sent (custom strategies, fuzz mode, a shard, one CPU)."""

    def __init__(self, plan: Callable[[], Plan]) -> None:
        self._make = plan
        self._plan: Plan | None = None

    def send(
        self, state: RunState, opened: Sequence[_Opened], workers: int, extra: list[Target]
    ) -> tuple[Plan, bool]:
        """The plan, and whether the run was stopped."""
        self._plan = self._make()
        return self._plan, _execute_all(state, self._plan.units, opened, workers, extra)

    def partial(self) -> Plan | None:
        """The plan, when it was made before a stop."""
        return self._plan

    def close(self, stopped: bool) -> None:
        pass


@dataclass(frozen=True)
class _Pipe:
    """A run sent as it is planned: the workers, the stream and the sender's backlog."""

    prefetch: Prefetch
    stream: PlanStream
    backlog: Backlog

    def send(
        self, state: RunState, opened: Sequence[_Opened], workers: int, extra: list[Target]
    ) -> tuple[Plan, bool]:
        """The first target is sent the plan as it is planned, the others the finished
        plan; the plan and whether the run was stopped."""
        stopped = _execute_all(state, self.stream, opened[:1], workers, extra, self.backlog)
        plan = self.stream.finish()
        return plan, _execute_all(state, plan.units, opened[1:], workers, extra) or stopped

    def partial(self) -> Plan:
        """The plan, what was not planned before a stop without cases."""
        return self.stream.finish()

    def close(self, stopped: bool) -> None:
        self.prefetch.close(stopped)


def _sender(
    state: RunState,
    selected: list[str],
    lifecycle: bool,
    shard: tuple[int, int] | None,
    cache: bool,
    own_strategies: bool,
) -> _PlanFirst | _Pipe:
    """How the run is planned and sent: as it is planned when :func:`_prefetch` starts
    workers (before the targets open: they plan while targets given as specs open), else
    planned first."""
    prefetch = _prefetch(state, selected, shard, cache, own_strategies)
    if prefetch is None:
        return _PlanFirst(lambda: _plan(state, selected, lifecycle, shard, cache, own_strategies))
    backlog = Backlog()
    return _Pipe(prefetch, _stream(state, selected, lifecycle, prefetch, backlog), backlog)


def _execute_all(
    state: RunState,
    units: Iterable[Unit],
    opened: Sequence[_Opened],
    workers: int,
    extra: list[Target],
    backlog: Backlog | None = None,
) -> bool:
    """Run ``units`` against each target in turn; whether the run was stopped. Further
    instances opened for the workers go to ``extra`` (closed by the caller)."""
    for source, target, name in opened:
        if state.out_of_time():
            return True
        found = instances(source, target, name, workers, state.fold.notes)
        extra.extend(found[1:])
        execute(state, found, name, units, backlog)
    return state.control.stop.is_set()

"""A certify plan given out operation by operation, so that sending starts before planning ends.

:func:`~._build.build_plan` computes every operation's corpus, then the run sends. A
:class:`PlanStream` is the same plan (an unsharded certify run's: the same units, cases and
coverage, in the same order) handed to the executor one operation at a time: the units of an
operation go out as soon as its corpus is ready, while later operations are still being
planned, by worker processes (:class:`~._prefill.Prefetch`) or by this one. Each operation's
corpus depends only on the pack, the seed and the code (which is why it can be cached), so the
order in which they are computed changes no request.

After the stream is consumed, :meth:`PlanStream.finish` gives the :class:`~._plan.Plan`. A
stream stopped part way (a signal, the deadline) gives the operations left units without cases,
as a stopped :func:`~._build.build_plan` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from smcontract.contracts import ContractPack
from smcontract.suites._build import _Corpora, lifecycle_units, resource_operations
from smcontract.suites._corpus_cache import CorpusCache
from smcontract.suites._generators import Generators
from smcontract.suites._plan import Plan, Settings, Unit
from smcontract.suites._prefill import Prefetch

__all__ = ["PlanStream"]


class PlanStream:
    """The units of an unsharded certify plan, given out as each operation's are ready.

    With a ``prefetch``, corpora are read from its store, and each operation waits for its
    worker (:meth:`~._prefill.Prefetch.ready`; ``short()``: the sender is about to run out
    of units) and meanwhile may plan a later one here; without one, from ``cache``.
    ``stop()`` true turns the rest into skeletons (units without cases).
    """

    def __init__(
        self,
        pack: ContractPack,
        generators: Generators,
        settings: Settings,
        operations: list[str],
        lifecycle: bool,
        *,
        stop: Callable[[], bool],
        cache: CorpusCache | None = None,
        prefetch: Prefetch | None = None,
        short: Callable[[], bool] = lambda: True,
    ) -> None:
        store = prefetch.store if prefetch is not None else cache
        self._corpora = _Corpora(pack, generators, settings, store)
        self._stop, self._prefetch, self._short = stop, prefetch, short
        resources, self._scenarios = lifecycle_units(pack, operations, lifecycle)
        units: list[Unit] = []  # this shard's units are every unit: one list, as build_plan
        self._plan = Plan(
            operations, None, units, units, {}, resources, resource_operations(pack, resources)
        )
        self._given = 0  # operations given out
        self._ahead: dict[str, list[Unit]] = {}  # planned here while a worker had another
        self._done = False

    def __iter__(self) -> Iterator[Unit]:
        plan = self._plan
        while self._given < len(plan.operations):
            op = plan.operations[self._given]
            self._given += 1
            stopped = self._stop()
            if not stopped and self._prefetch is not None and op not in self._ahead:
                self._prefetch.ready(op, self._stop, self._short, self._plan_ahead)
            units = self._ahead.pop(op, None)
            if units is None:
                units = self._units(op, stopped)
            plan.units.extend(units)
            yield from units
        if not self._done:
            self._done = True
            if self._prefetch is not None:
                self._prefetch.drained()
            self._corpora.save()
            plan.units.extend(self._scenarios)
            yield from self._scenarios

    def _units(self, op: str, stopped: bool) -> list[Unit]:
        """``op``'s units with their cases (read from the cache or computed here), or
        without cases when ``stopped``."""
        self._plan.unviolatable[op], units = self._corpora.units(op, stopped)
        for unit in units:
            if not stopped and not self._stop():
                self._corpora.draw(self._plan, unit)
        return units

    def _plan_ahead(self) -> bool:
        """Plan here a later operation no worker has started; whether there was one."""
        assert self._prefetch is not None
        op = self._prefetch.take_back()
        if op is None:
            return False
        self._ahead[op] = self._units(op, False)
        return True

    def finish(self) -> Plan:
        """The whole plan; what was not given out yet gets units without cases."""
        if not self._done:
            self._stop = lambda: True
            for _ in self:
                pass
        return self._plan

"""What every worker of a run shares: the pack, the plan's settings, the fold, the stop control.

The lifecycle scenarios reach it as ``session.state``: :meth:`RunState.tally`,
:meth:`RunState.untested`, :attr:`RunState.lock` (the fold's), :meth:`RunState.valid_create` and
:meth:`RunState.covering_create`.
"""

from __future__ import annotations

from typing import Any

from smcontract.contracts import ContractPack
from smcontract.suites._control import Control
from smcontract.suites._fold import Fold
from smcontract.suites._generators import Generators, pick_valid, safe
from smcontract.suites._plan import Settings
from smcontract.suites._setup import Setup
from smcontract.suites._tallies import Tally

__all__ = ["RunState"]


class RunState:
    """The shared, read-mostly context of a run's workers (the fold does the bookkeeping)."""

    def __init__(
        self,
        pack: ContractPack,
        generators: Generators,
        settings: Settings,
        fold: Fold,
        control: Control,
        database: Any = None,
    ) -> None:
        self.pack = pack
        self.generators = generators
        self.settings = settings
        self.fold = fold
        self.control = control
        #: fuzz mode's Hypothesis example database (None in certify mode)
        self.database = database
        self.setup = Setup(pack)
        self.lock = fold.lock
        self._creates: dict[str, dict[str, Any] | None] = {}

    def tally(self, target: str, constraint_id: str) -> Tally:
        """The tally of (target, constraint); change it while holding :attr:`lock`."""
        return self.fold.tally(target, constraint_id)

    def untested(self, target: str, constraint_id: str, reason: str) -> None:
        """Why a stateful check could not judge a constraint (the first reason is kept)."""
        self.fold.untested(target, constraint_id, reason)

    def valid_create(self, create: str) -> dict[str, Any] | None:
        """A valid request for ``create`` (the same one for the whole run), or None."""
        with self.lock:
            if create in self._creates:
                return self._creates[create]
        request = pick_valid(self.pack, self.generators, create, self.settings.seed)
        with self.lock:
            self._creates.setdefault(create, request)
            return self._creates[create]

    def covering_create(self, create: str) -> dict[str, Any] | None:
        """The first request of ``create``'s covering corpus (valid, with every optional
        member the Create can hold together), or None without one."""
        covering = getattr(self.generators, "covering", None)
        if covering is None or create not in self.pack.operations:
            return None
        seed = self.settings.seed if self.settings.seed is not None else 0
        coverage = safe(None, covering, create, seed)
        requests = getattr(coverage, "requests", None)
        return dict(requests[0]) if requests else None

    def out_of_time(self) -> bool:
        """Whether the run must stop sending (see :class:`Control`)."""
        return self.control.out_of_time()

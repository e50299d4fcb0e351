"""Suites: send generated requests to targets and give every constraint a verdict.

>>> from smcontract.suites import CallableTarget, run          # doctest: +SKIP
>>> result = run(load_contracts(), ["moto"], mode="certify")  # doctest: +SKIP
>>> result.summary()                                         # doctest: +SKIP

:func:`run` emits :mod:`events <smcontract.suites.events>` to every sink (reporters consume
them) and returns a :class:`RunResult`, the run's findings in memory. For ``report.json`` pass
a :class:`smcontract.reports.ReportBuilder` as a sink: its ``report().to_dict()`` is
``report.json``. Constraint verdicts are the strings in :data:`VERDICTS`, each a member of
:class:`Verdict`. :func:`selftest` (mutation testing of the harness against the reference)
is imported on first use.
"""

import typing as _typing

from smcontract._lazy import lazy_names as _lazy_names
from smcontract._usage import parse_shard
from smcontract.suites._build import shard_plan
from smcontract.suites._database import open_database
from smcontract.suites._executor import TargetSource
from smcontract.suites._fake import CallableTarget, ServiceError
from smcontract.suites._generators import Generators
from smcontract.suites._interrupt import SIGNAL_EXIT_CODES, Interrupt
from smcontract.suites._plan import MODES, shard_units
from smcontract.suites._replay import Replayed, rejudge
from smcontract.suites._result import RunResult
from smcontract.suites._runner import run
from smcontract.suites._waivers import PackIds, Waiver, Waivers, load_waivers
from smcontract.suites.events import (
    HARNESS_ERROR,
    RESPONSE_VERDICTS,
    VALID_VERDICTS,
    VERDICTS,
    CaseFinished,
    ConstraintVerdict,
    Event,
    EventSink,
    ListSink,
    OperationSummary,
    RunFinished,
    RunStarted,
    Verdict,
)

if _typing.TYPE_CHECKING:
    from smcontract.suites._selftest import Mutant, SelftestResult, selftest

__all__ = [
    "HARNESS_ERROR",
    "MODES",
    "RESPONSE_VERDICTS",
    "SIGNAL_EXIT_CODES",
    "VALID_VERDICTS",
    "VERDICTS",
    "CallableTarget",
    "CaseFinished",
    "ConstraintVerdict",
    "Event",
    "EventSink",
    "Generators",
    "Interrupt",
    "ListSink",
    "Mutant",
    "OperationSummary",
    "PackIds",
    "Replayed",
    "RunFinished",
    "RunResult",
    "RunStarted",
    "SelftestResult",
    "ServiceError",
    "TargetSource",
    "Verdict",
    "Waiver",
    "Waivers",
    "load_waivers",
    "open_database",
    "parse_shard",
    "rejudge",
    "run",
    "selftest",
    "shard_plan",
    "shard_units",
]

#: Names imported on first use (the selftest loads the lifecycle suites), and their module.
_LAZY = {
    "Mutant": "smcontract.suites._selftest",
    "SelftestResult": "smcontract.suites._selftest",
    "selftest": "smcontract.suites._selftest",
}


__getattr__, __dir__ = _lazy_names("smcontract.suites", _LAZY, globals())

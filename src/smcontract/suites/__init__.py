"""Suites: send generated requests to targets and give every constraint a verdict.

Events (:mod:`smcontract.suites._events`) feed the reporters; verdict strings are in
:data:`VERDICTS`.
"""

from smcontract.suites._events import (
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
)

__all__ = [
    "HARNESS_ERROR",
    "RESPONSE_VERDICTS",
    "VALID_VERDICTS",
    "VERDICTS",
    "CaseFinished",
    "ConstraintVerdict",
    "Event",
    "EventSink",
    "ListSink",
    "OperationSummary",
    "RunFinished",
    "RunStarted",
]

"""An operation that answers every request with a 5xx is NOT IMPLEMENTED, however it is reached.

One answer alone cannot always tell "this operation does not exist" from "this request
crashed the server": moto raises ``NotImplementedError`` for an operation it lacks, and
Werkzeug turns that into the same bare ``500 Internal Server Error`` page as any crash. The
``moto-server`` target names the exception in its 500 page, so there each answer says "has not
been implemented"; a plain ``moto_server`` URL does not. The evidence that decides, the same
for every target, is the run's verdicts of each operation:

**An operation whose every verdict that rests on cases has a server failure for evidence
(valid requests included, when any were sent), over at least**
:data:`MIN_CASES` **cases, while the same target has an operation with some other verdict, is
not implemented.**

A server failure is a 5xx answer, a "not implemented" answer, or, for an in-process
implementation (layer ``server``), an exception: what moto's server turns into a 500. The
operation's ``SERVER ERROR`` verdicts whose evidence is such a failure, and its valid-request
verdict, become ``NOT IMPLEMENTED``; the reason keeps the failure that was seen. A valid-request
verdict left ``UNTESTED`` (a Describe or Delete whose Create failed, so no valid request went
out) becomes ``NOT IMPLEMENTED`` too: the operation is named once as not implemented, as an
operation finding, rather than only through its constraints' verdicts. So in-process
moto, a plain ``moto_server`` URL and ``-t moto-server`` label moto's operations alike. Any
other verdict of the operation (a request accepted, a 400 answer) shows it is implemented, and
its 5xx verdicts stay ``SERVER ERROR``: crashes. A target whose every operation fails is
broken, not missing operations: its verdicts stay ``SERVER ERROR`` (so does a run of one
failing operation alone; its answers cannot tell). Timeouts and refused connections are not
answers and keep an operation from counting.

The rule reads only verdicts, so the runner applies it to a whole run and
:func:`~smcontract.reports.merge_reports` to the merged shards (a shard alone sees only part of
an operation's verdicts and leaves its labels as the answers gave them): a merged report gets
the labels of the same run unsharded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from smcontract.suites.events import NOT_IMPLEMENTED, SERVER_ERROR, UNTESTED

__all__ = ["MIN_CASES", "relabel_unimplemented"]

#: Fewer cases than this are not evidence about an operation (one crash is a crash).
MIN_CASES = 2

_FAILURES = frozenset({SERVER_ERROR, NOT_IMPLEMENTED})
_5XX_FAULTS = frozenset({"http-5xx", "not-implemented"})


def _response(evidence: Any) -> Mapping[str, Any]:
    """The evidence's response, from an event's dict or a report's Evidence."""
    if evidence is None:
        return {}
    if isinstance(evidence, Mapping):
        response = evidence.get("response")
    else:
        response = getattr(evidence, "response", None)
    return response if isinstance(response, Mapping) else {}


def _server_failure(evidence: Any) -> bool:
    response = _response(evidence)
    status = response.get("status")
    fault = response.get("fault")
    crashed = fault == "exception" and response.get("layer", "server") == "server"
    return fault in _5XX_FAULTS or crashed or (isinstance(status, int) and status >= 500)


def _client_only(evidence: Any) -> bool:
    response = _response(evidence)
    return response.get("layer") == "client" and response.get("status") is None


def _failing(results: Iterable[Any], operations: Iterable[Any]) -> dict[tuple[str, str], int]:
    """``(target, operation) -> cases`` of the operations that failed every case."""
    cases: dict[tuple[str, str], int] = {}
    answered: set[tuple[str, str]] = set()
    for result in results:
        key = (result.target, result.operation)
        if result.verdict == UNTESTED or _client_only(result.evidence):
            continue  # nothing reached the server: it says nothing about the operation
        # The evidence decides, whatever the verdict: an SDK's rewrite (NOT ENFORCED on the
        # client layer) that the server answered with a 500 is a failure of the server too.
        if _server_failure(result.evidence):
            cases[key] = cases.get(key, 0) + int(result.cases)
        else:
            answered.add(key)
    for summary in operations:
        key = (summary.target, summary.operation)
        if summary.valid_verdict not in _FAILURES and summary.valid_verdict != UNTESTED:
            answered.add(key)
    working = {target for target, _ in answered}
    return {
        key: n
        for key, n in cases.items()
        if key not in answered and n >= MIN_CASES and key[0] in working
    }


def relabel_unimplemented(
    results: Sequence[Any], operations: Sequence[Any]
) -> tuple[list[Any], list[Any]]:
    """``results`` and ``operations`` (the verdicts and per-operation summaries of one run, as
    events or as report entries: dataclasses with ``target``, ``operation``, ``verdict``,
    ``reason``, ``cases``, ``evidence`` and ``valid_verdict``) with the unimplemented
    operations' failures relabelled."""
    failing = _failing(results, operations)
    if not failing:
        return list(results), list(operations)

    def why(key: tuple[str, str]) -> str:
        return (
            f"every one of the {failing[key]} cases of {key[1]} failed on the server (5xx) "
            "while other operations answered: taken as not implemented"
        )

    relabelled = []
    for result in results:
        key = (result.target, result.operation)
        if key in failing and result.verdict == SERVER_ERROR:
            reason = f"{why(key)} ({result.reason})"
            result = dataclasses.replace(result, verdict=NOT_IMPLEMENTED, reason=reason)
        relabelled.append(result)
    summaries = []
    for summary in operations:
        key = (summary.target, summary.operation)
        if key in failing and summary.valid_verdict in (SERVER_ERROR, UNTESTED):
            summary = dataclasses.replace(summary, valid_verdict=NOT_IMPLEMENTED)
        summaries.append(summary)
    return relabelled, summaries

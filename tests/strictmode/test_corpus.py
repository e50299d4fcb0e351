"""The held-out corpus: strict mode flags every call that breaks a request rule of the pack,
naming the rule and the member, and flags no call that breaks none."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ParamValidationError
from tests.strictmode.corpus import CORPUS, INVALID, VALID, Call

from smcontract.contracts import SINGLE_REQUEST_KINDS
from smcontract.strictmode import ContractViolation, strict


@pytest.mark.parametrize("call", CORPUS, ids=[call.name for call in CORPUS])
def test_strict_mode_flags_exactly_the_annotated_rules(client: Any, call: Call) -> None:
    strict(client, mode="raise")
    method = getattr(client, call.method)
    if not call.breaks:
        assert method(**call.params) == {}  # reached the (offline) transport
        return
    with pytest.raises(ContractViolation) as caught:
        method(**call.params)
    error = caught.value
    assert error.operation == call.operation
    assert {f.constraint_id: f.path for f in error.findings} == call.breaks
    for finding in error.findings:
        assert finding.kind in SINGLE_REQUEST_KINDS | {"unique"}
        assert finding.source
        assert finding.reason


def test_the_corpus_in_record_mode_counts_every_call(client: Any) -> None:
    handle = strict(client, mode="record")
    refused = []  # record mode sends the call on: botocore's own validation may refuse it
    for call in CORPUS:
        try:
            getattr(client, call.method)(**call.params)
        except ParamValidationError:
            refused.append(call.name)
    # botocore checks required members, types, minimums and unions: 5 of the invalid calls
    assert refused == [
        "model without a name",
        "pending time below two hours",
        "no subnets",
        "runtime given as text",
        "two optimizations in one config",
    ]
    ledger = handle.ledger
    assert sum(ledger.checked.values()) == len(CORPUS)
    assert sum(ledger.violating.values()) == len(INVALID)
    broken = {(c.operation, rule) for c in INVALID for rule in c.breaks}
    assert set(ledger.rows) == broken
    assert len(VALID) >= 15

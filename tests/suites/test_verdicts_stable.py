"""A certify run gives the same verdicts every time (the performance work must keep it so).

Two certify runs of two operations against in-process moto, in one process: the second
reuses what the strategies cache, so this also checks that caching changes no verdict.
"""

from __future__ import annotations

from typing import Any

from smcontract.contracts import ContractPack
from smcontract.suites import RunResult, run

OPERATIONS = ["CreateCompilationJob", "DescribeModel"]


def _verdicts(result: RunResult) -> dict[str, Any]:
    table: dict[str, Any] = {
        v.constraint_id: (v.verdict, v.reason, v.cases) for v in result.results
    }
    for summary in result.operations:
        table[f"{summary.operation} (operation)"] = (
            summary.valid_verdict,
            summary.response_verdict,
            summary.counts,
        )
    return table


def test_certify_verdicts_are_the_same_twice(pack: ContractPack) -> None:
    first = _verdicts(run(pack, ["moto"], operations=OPERATIONS, mode="certify"))
    second = _verdicts(run(pack, ["moto"], operations=OPERATIONS, mode="certify"))
    assert first == second
    # The run judged something: the selection is not empty and moto answered.
    assert any(verdict[0] not in ("UNTESTED",) for verdict in first.values())
    assert first["CreateCompilationJob (operation)"][0] == "ACCEPTS VALID"

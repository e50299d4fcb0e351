"""Selftest: the harness notices each constraint switched off in the reference."""

from __future__ import annotations

import dataclasses
from typing import Any

from smcontract.contracts import ContractPack
from smcontract.suites._selftest import CAUSES, EQUIVALENT, selftest
from smcontract.suites.lifecycle import PAGE_CAP


def test_every_rule_of_small_operations_is_detected(pack: ContractPack) -> None:
    result = selftest(
        pack,
        operations=["DescribeCompilationJob", "DeleteOptimizationJob", "DeleteCompilationJob"],
        outputs=False,
    )
    assert result.total >= 15
    assert result.undetected == [], [(m.constraint_id, m.reason) for m in result.undetected]
    assert result.summary().startswith(f"detected {result.total} of {result.total} (100.0%)")


def test_rules_only_a_running_job_or_a_full_page_shows_are_detected(pack: ContractPack) -> None:
    # A Delete of a job still INPROGRESS, and a first page of the default 50 items.
    ids = [
        "DeleteCompilationJob.lifecycle.delete-only-in",
        "ListOptimizationJobs.MaxResults.default",
    ]
    result = selftest(
        pack, operations=["DeleteCompilationJob", "ListOptimizationJobs"], outputs=False
    )
    found = {m.constraint_id: m for m in result.mutants}
    for cid in ids:
        assert found[cid].detected, (cid, found[cid].reason)
        assert found[cid].verdict == "NOT ENFORCED"


def _with_params(pack: ContractPack, constraint_id: str, **params: Any) -> ContractPack:
    """``pack`` with some params of one constraint changed."""
    operation = pack.constraint(constraint_id).operation
    contract = pack.operation(operation)
    constraints = tuple(
        dataclasses.replace(c, params={**c.params, **params}) if c.id == constraint_id else c
        for c in contract.constraints
    )
    return dataclasses.replace(
        pack,
        operations={
            **pack.operations,
            operation: dataclasses.replace(contract, constraints=constraints),
        },
    )


def test_a_rule_the_harness_cannot_reach_is_reported_with_its_reason(pack: ContractPack) -> None:
    # A default page size of 500 needs more items than the scenario creates (PAGE_CAP).
    cid = "ListOptimizationJobs.MaxResults.default"
    result = selftest(
        _with_params(pack, cid, value=500), operations=["ListOptimizationJobs"], outputs=False
    )
    missed = {m.constraint_id: m for m in result.undetected}
    assert missed[cid].cause == "unreached"
    assert missed[cid].reason == (
        "not ENFORCED even when implemented: needs more than 500 items; "
        f"the scenario creates at most {PAGE_CAP}"
    )
    assert result.detected == result.total - len(missed)


def test_a_name_looked_up_instead_of_validated_is_detected(pack: ContractPack) -> None:
    # With its rule off, the reference looks the broken ModelName up and answers the
    # operation's not-found error, ValidationException "Could not find model '...'.": the
    # same code as the validation, but the answer to another situation.
    result = selftest(pack, operations=["DescribeModel", "DeleteModel"], outputs=False)
    names = [m for m in result.mutants if ".ModelName." in m.constraint_id]
    assert len(names) == 8
    for mutant in names:
        assert mutant.detected, (mutant.constraint_id, mutant.reason)
        assert mutant.verdict == "WRONG ERROR"
        assert mutant.reason.startswith("answered as not-found (ValidationException: Could not")
        assert mutant.cause == ""


def test_each_miss_carries_its_cause(pack: ContractPack) -> None:
    result = selftest(pack, operations=["ListModels", "ListTrialComponents"], outputs=False)
    missed = {m.constraint_id: m for m in result.undetected}
    assert all(m.cause in CAUSES for m in missed.values())
    for kind in ("type", "length", "pattern"):
        token = missed[f"ListModels.NextToken.{kind}"]
        assert token.cause == "paging-token"
        assert "Invalid pagination token" in token.reason
        assert "no request shows this rule missing alone" in token.reason
    implied = missed["ListTrialComponents.(ExperimentName|TrialName).at-most-one"]
    assert implied.cause == "implied"
    assert "ListTrialComponents.(ExperimentName|TrialName|SourceArn).at-most-one" in implied.reason
    assert all(m.cause == "" for m in result.mutants if m.detected)


def test_an_output_rule_the_reference_breaks_is_detected(pack: ContractPack) -> None:
    """CreateModel's output rules: the reference answers a ModelArn that breaks each one."""
    result = selftest(pack, operations=["CreateModel"])
    outputs = [m for m in result.mutants if "#out." in m.constraint_id]
    assert len(outputs) == 4
    for mutant in outputs:
        assert mutant.detected, (mutant.constraint_id, mutant.reason)
        assert mutant.verdict == "NOT ENFORCED"
    assert result.summary().startswith(f"detected {result.detected} of {result.total}")


def test_the_items_of_a_list_without_lifecycle_rules_are_detected(pack: ContractPack) -> None:
    """ListTrials has no stateful rule: its items and paging token are judged on the answers
    of the scenario's one list after the creates (a trial needs an experiment first)."""
    result = selftest(pack, operations=["ListTrials"])
    outputs = [m for m in result.mutants if "#out." in m.constraint_id]
    assert len(outputs) >= 20
    for mutant in outputs:
        assert mutant.detected, (mutant.constraint_id, mutant.reason)
    assert {m.cause for m in result.undetected} == {"paging-token"}


def test_an_output_mutant_sends_the_covering_case_that_shows_its_rule(
    pack: ContractPack,
) -> None:
    """Each output rule of DescribeModel gets the first covering case whose intact answer
    has a place for it; the mutant sends that case alone (and the Describe request every
    covering Create is described with), and is still detected."""
    from smcontract.suites._places import narrowed
    from smcontract.suites._selftest import _Cached

    cached = _Cached(pack)
    rules = list(pack.operation("DescribeModel").select(direction="output"))
    found = cached.places(pack, rules[0])
    labels = {rule.id: found.label(rule.id) for rule in rules}
    assert sum(1 for label in labels.values() if label is not None) > len(rules) / 2
    made = [label for label in labels.values() if label and label.startswith("covering Create")]
    assert made  # members only a covering CreateModel sets
    whole = cached.covering("CreateModel", 0)
    cut = narrowed(whole, "DescribeModel", "CreateModel", made[0])
    assert len(cut.requests) == 1 < len(whole.requests)
    assert cut.requests[0] == whole.requests[int(made[0].rsplit(" ", 1)[1])]
    own = cached.covering("DescribeModel", 0)
    assert narrowed(own, "DescribeModel", "DescribeModel", made[0]).requests == own.requests[:1]
    result = selftest(pack, operations=["DescribeModel"])
    outputs = [m for m in result.mutants if "#out." in m.constraint_id]
    assert len(outputs) > 100
    missed = [(m.constraint_id, m.cause) for m in outputs if not m.detected]
    assert all(cause in EQUIVALENT for _, cause in missed), missed


def test_an_output_rule_no_covering_answer_shows_is_tried_on_the_valid_requests(
    pack: ContractPack,
) -> None:
    """DescribeHub's covering request names the hub by an ARN the reference finds nothing
    under, so no covering answer shows its output rules; the baseline saw them on the valid
    draws, and so does each mutant."""
    result = selftest(pack, operations=["DescribeHub"])
    outputs = [m for m in result.mutants if "#out." in m.constraint_id]
    assert len([m for m in outputs if m.detected]) > 30
    assert {m.cause for m in outputs if not m.detected} <= {"unreached", *EQUIVALENT}

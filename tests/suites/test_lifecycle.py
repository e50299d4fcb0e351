"""The certify lifecycle scenario against the toy service, with one behaviour broken at a time."""

from __future__ import annotations

from typing import Any

import pytest

from smcontract.contracts import ContractPack
from smcontract.reference import ReferenceService
from smcontract.suites import RunResult, run
from smcontract.suites.targets import ReferenceTarget

from . import toy

STATEFUL = [
    "CreateThing.ThingName.unique",
    "CreateThing.error.duplicate-name",
    "CreateThing.Size.default",
    "DescribeThing.error.not-found",
    "DescribeThing.lifecycle.round-trip",
    "ListThings.MaxResults.default",
    "ListThings.SortBy.default",
    "ListThings.SortOrder.default",
    "ListThings.lifecycle.paging",
    "ListThings.lifecycle.sort-order",
    "ListThings.lifecycle.filters",
    "DeleteThing.error.not-found",
    "DeleteThing.lifecycle.not-found-after-delete",
]


def run_toy(**switches: Any) -> RunResult:
    service = toy.ToyService(**switches)
    return run(toy.PACK, [toy.target(service)], strategies=toy.ToyStrategies(), seed=0)


def test_a_conforming_service_passes_every_stateful_rule() -> None:
    result = run_toy()
    assert toy.verdicts(result, STATEFUL) == dict.fromkeys(STATEFUL, "ENFORCED")
    assert result.verdict("ListThings.lifecycle.paging").reason == (
        "MaxResults 1..5 each listed the 5 items once"
    )


@pytest.mark.parametrize(
    ("switches", "broken"),
    [
        (
            {"duplicates_ok": True},
            {"CreateThing.error.duplicate-name", "CreateThing.ThingName.unique"},
        ),
        ({"default_order": "Ascending"}, {"ListThings.SortOrder.default"}),
        ({"page_size": 4}, {"ListThings.MaxResults.default"}),
        ({"repeat_page": True}, {"ListThings.lifecycle.paging"}),
    ],
)
def test_one_broken_behaviour_is_one_finding(switches: dict[str, Any], broken: set[str]) -> None:
    verdicts = toy.verdicts(run_toy(**switches), STATEFUL)
    assert {cid for cid, v in verdicts.items() if v != "ENFORCED"} == broken
    assert {verdicts[cid] for cid in broken} == {"NOT ENFORCED"}


def test_a_wrong_not_found_code_is_a_wrong_error() -> None:
    class Service(toy.ToyService):
        def _get(self, params: dict[str, Any]) -> dict[str, Any]:
            try:
                return super()._get(params)
            except toy.ServiceError as err:
                raise toy.ServiceError("ValidationException", err.message) from None

    result = run(toy.PACK, [toy.target(Service())], strategies=toy.ToyStrategies())
    assert result.verdict("DescribeThing.error.not-found").verdict == "WRONG ERROR"
    assert result.verdict("DeleteThing.lifecycle.not-found-after-delete").verdict == "WRONG ERROR"
    assert result.verdict("DescribeThing.error.not-found").reason == (
        "expected ResourceNotFound (400), got ValidationException (400)"
    )


def test_a_create_that_fails_leaves_the_resource_untested_with_the_reason() -> None:
    class Service(toy.ToyService):
        def CreateThing(self, params: dict[str, Any]) -> dict[str, Any]:
            raise toy.ServiceError("AccessDenied", "no")

    result = run(toy.PACK, [toy.target(Service())], strategies=toy.ToyStrategies())
    paging = result.verdict("ListThings.lifecycle.paging")
    assert paging.verdict == "UNTESTED"
    assert paging.reason.startswith("precondition CreateThing failed: AccessDenied (400)")
    # The not-found checks need no resource and still ran.
    assert result.verdict("DescribeThing.error.not-found").verdict == "ENFORCED"
    assert result.operation("DescribeThing").valid_verdict == "UNTESTED"
    assert result.operation("DescribeThing").counts["setup-failed"] > 0


def test_round_trip_names_the_members_that_differ() -> None:
    class Service(toy.ToyService):
        def DescribeThing(self, params: dict[str, Any]) -> dict[str, Any]:
            return {**super().DescribeThing(params), "Kind": "B"}

    result = run(toy.PACK, [toy.target(Service())], strategies=toy.ToyStrategies())
    verdict = result.verdict("DescribeThing.lifecycle.round-trip")
    assert verdict.verdict == "NOT ENFORCED"
    assert verdict.reason == "Describe differs: Kind: sent 'A', got 'B'"


# -- rules the scenario reaches only with a running job, a page of 50, a list item ---------------


def run_reference(pack: ContractPack, operation: str, service: ReferenceService) -> RunResult:
    return run(pack, [lambda: ReferenceTarget(service)], operations=[operation], mode="certify")


@pytest.mark.parametrize(
    ("constraint_id", "enforced", "broken"),
    [
        (
            "DeleteCompilationJob.lifecycle.delete-only-in",
            "a delete of a INPROGRESS job: refused with ValidationException",
            "a delete of a INPROGRESS job: succeeded (HTTP 200), expected ValidationException",
        ),
        (
            "ListOptimizationJobs.MaxResults.default",
            "first page held 50 of 51 items",
            "with 51 items and no MaxResults the first page held 51, expected 50",
        ),
        (
            "CreateModel.Containers[].MultiModelConfig.ModelCacheSetting.default",
            "Describe shows 'Enabled'",
            "created without Containers[].MultiModelConfig.ModelCacheSetting; "
            "Describe does not show it, expected 'Enabled'",
        ),
    ],
)
def test_a_rule_beyond_the_first_items_is_judged_both_ways(
    pack: ContractPack, constraint_id: str, enforced: str, broken: str
) -> None:
    operation = constraint_id.split(".")[0]
    intact = run_reference(pack, operation, ReferenceService(pack)).verdict(constraint_id)
    assert (intact.verdict, intact.reason) == ("ENFORCED", enforced)
    off = ReferenceService(pack, disabled=frozenset({constraint_id}))
    missing = run_reference(pack, operation, off).verdict(constraint_id)
    assert (missing.verdict, missing.reason) == ("NOT ENFORCED", broken)


def test_jobs_that_complete_at_once_leave_delete_only_in_untested(pack: ContractPack) -> None:
    class AtOnce(ReferenceService):
        def _status_member(self, resource: str) -> tuple[str, tuple[str, ...]] | None:
            found = super()._status_member(resource)
            return (found[0], ("COMPLETED",)) if found is not None else None

    verdict = run_reference(pack, "DeleteCompilationJob", AtOnce(pack)).verdict(
        "DeleteCompilationJob.lifecycle.delete-only-in"
    )
    assert verdict.verdict == "UNTESTED"
    assert verdict.reason == (
        "a new job is COMPLETED as soon as it is created (jobs complete at once here), "
        "so a delete outside COMPLETED, FAILED, STOPPED cannot be tried"
    )

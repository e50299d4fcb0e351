"""The strict reference implementation: validation messages, state, lists, transitions."""

from __future__ import annotations

from typing import Any

import pytest

from smcontract.contracts import ContractPack
from smcontract.reference import ReferenceService, aws_path
from smcontract.suites._messages import cites, parse_validation_message
from smcontract.suites.targets import ReferenceTarget, open_target

ROLE = "arn:aws:iam::123456789012:role/r"
CONTAINER = {"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1"}


@pytest.fixture
def service(pack: ContractPack) -> ReferenceService:
    return ReferenceService(pack)


def model(name: str) -> dict[str, Any]:
    return {"ModelName": name, "ExecutionRoleArn": ROLE, "PrimaryContainer": dict(CONTAINER)}


def test_aws_paths() -> None:
    assert aws_path("OutputConfig.TargetDevice") == "outputConfig.targetDevice"
    assert aws_path("Tags[3].Key") == "tags.4.member.key"
    assert aws_path('Environment{key="A"}') == "environment"


@pytest.mark.parametrize(
    ("body", "path", "kind"),
    [
        ({"ModelName": "bad name"}, "ModelName", "pattern"),
        ({}, "ModelName", "required"),
        ({"ModelName": "m" * 64}, "ModelName", "length"),
    ],
)
def test_a_broken_rule_gets_the_aws_message_the_harness_parses(
    service: ReferenceService, body: dict[str, Any], path: str, kind: str
) -> None:
    status, headers, answer = service.handle("DescribeModel", body)
    assert status == 400
    assert headers["Content-Type"] == "application/x-amz-json-1.1"
    assert answer["__type"] == "ValidationException"
    cited = parse_validation_message(answer["message"])
    assert cites(cited, [(path, kind)]), answer["message"]


def test_a_cross_field_rule_is_cited_at_one_of_its_members(service: ReferenceService) -> None:
    body = {"ModelName": "m", "ExecutionRoleArn": ROLE}  # neither PrimaryContainer nor Containers
    status, _, answer = service.handle("CreateModel", body)
    assert status == 400
    assert "(PrimaryContainer|Containers).exactly-one" in answer["message"]
    assert cites(parse_validation_message(answer["message"]), [("PrimaryContainer", "*")])


def test_a_disabled_rule_is_not_checked(pack: ContractPack) -> None:
    loose = ReferenceService(pack, disabled=frozenset({"DescribeModel.ModelName.pattern"}))
    status, _, answer = loose.handle("DescribeModel", {"ModelName": "bad name"})
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert "Could not find" in answer["message"]  # past validation: not found


def test_unknown_operation(service: ReferenceService) -> None:
    status, _, answer = service.handle("CreateWidget", {})
    assert (status, answer["__type"]) == (400, "UnknownOperationException")


def test_create_describe_duplicate_delete(service: ReferenceService) -> None:
    status, _, created = service.handle("CreateModel", model("m1"))
    assert status == 200
    assert created["ModelArn"].endswith(":model/m1")
    status, _, described = service.handle("DescribeModel", {"ModelName": "m1"})
    assert status == 200
    assert described["PrimaryContainer"] == CONTAINER
    assert described["ExecutionRoleArn"] == ROLE
    assert isinstance(described["CreationTime"], float)
    # the pack says a duplicate model name is a ValidationException
    status, _, answer = service.handle("CreateModel", model("m1"))
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert service.handle("DeleteModel", {"ModelName": "m1"})[0] == 200
    status, _, answer = service.handle("DescribeModel", {"ModelName": "m1"})
    assert (status, answer["__type"]) == (400, "ValidationException")


def test_list_pages_and_sorts_by_the_documented_defaults(service: ReferenceService) -> None:
    for name in ("c", "a", "b"):
        service.handle("CreateModel", model(name))
    _, _, page = service.handle("ListModels", {"MaxResults": 2})
    assert [m["ModelName"] for m in page["Models"]] == ["b", "a"]  # newest first (Descending)
    _, _, rest = service.handle("ListModels", {"MaxResults": 2, "NextToken": page["NextToken"]})
    assert [m["ModelName"] for m in rest["Models"]] == ["c"]
    assert "NextToken" not in rest
    _, _, named = service.handle("ListModels", {"SortBy": "Name", "SortOrder": "Ascending"})
    assert [m["ModelName"] for m in named["Models"]] == ["a", "b", "c"]
    _, _, some = service.handle("ListModels", {"NameContains": "b"})
    assert [m["ModelName"] for m in some["Models"]] == ["b"]
    status, _, answer = service.handle("ListModels", {"NextToken": "forged"})
    assert (status, answer["__type"]) == (400, "ValidationException")


def test_jobs_stop_through_stopping_and_delete_only_when_over(
    service: ReferenceService, pack: ContractPack
) -> None:
    import smcontract.strategies as strategies
    from smcontract.suites._generators import PackBound, pick_valid

    request = pick_valid(pack, PackBound(strategies, pack), "CreateCompilationJob", 0)
    assert request is not None
    request["CompilationJobName"] = "job"
    assert service.handle("CreateCompilationJob", request)[0] == 200
    status, _, answer = service.handle("DeleteCompilationJob", {"CompilationJobName": "job"})
    assert (status, answer["__type"]) == (400, "ValidationException")
    assert "INPROGRESS" in answer["message"]
    assert service.handle("StopCompilationJob", {"CompilationJobName": "job"})[0] == 200
    _, _, described = service.handle("DescribeCompilationJob", {"CompilationJobName": "job"})
    assert described["CompilationJobStatus"] == "STOPPED"
    status, _, answer = service.handle("StopCompilationJob", {"CompilationJobName": "job"})
    assert status == 400
    assert service.handle("DeleteCompilationJob", {"CompilationJobName": "job"})[0] == 200
    status, _, answer = service.handle("DescribeCompilationJob", {"CompilationJobName": "job"})
    assert (status, answer["__type"]) == (400, "ResourceNotFound")


def test_list_trial_components_with_a_missing_parent(service: ReferenceService) -> None:
    assert service.handle("CreateTrialComponent", {"TrialComponentName": "t"})[0] == 200
    _, _, listed = service.handle("ListTrialComponents", {})
    assert [t["TrialComponentName"] for t in listed["TrialComponentSummaries"]] == ["t"]
    status, _, answer = service.handle("ListTrialComponents", {"TrialName": "nope"})
    assert (status, answer["__type"]) == (400, "ResourceNotFound")


def test_open_target_reference() -> None:
    target = open_target("reference")
    assert isinstance(target, ReferenceTarget)
    assert target.identity()["kind"] == "reference"
    assert target.invoke("CreateModel", model("m")).ok
    assert not target.invoke("CreateModel", model("m")).ok
    target.reset()
    outcome = target.invoke("CreateModel", model("m"))
    assert outcome.ok
    assert outcome.body["ModelArn"].endswith("/m")
    bad = target.invoke("DescribeModel", {"ModelName": "a b"})
    assert (bad.status, bad.error_code) == (400, "ValidationException")
    assert bad.message is not None
    assert "regular expression" in bad.message

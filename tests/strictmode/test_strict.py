"""smcontract.strict() on clients and sessions: raise, warn and record, what passes through."""

from __future__ import annotations

import datetime
import pickle
import warnings
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ParamValidationError
from tests.strictmode.conftest import offline, session

import smcontract
from smcontract.contracts import ContractPack, OperationContract, load_contracts, validate
from smcontract.errors import UsageError
from smcontract.strictmode import ContractViolation, Mode, strict

ROLE = "arn:aws:iam::123456789012:role/FakeRole"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/inference:latest"


def test_raise_names_the_operation_rules_paths_values_and_sources(client: Any) -> None:
    strict(client)
    with pytest.raises(ContractViolation) as caught:
        client.create_model(
            ModelName="bad_name",
            ExecutionRoleArn="arn:aws:sagemaker:eu-west-1:000000000000:x-x/foobar",
        )
    error = caught.value
    assert error.operation == "CreateModel"
    assert error.constraint_ids == (
        "CreateModel.ModelName.pattern",
        "CreateModel.ExecutionRoleArn.pattern",
        "CreateModel.(PrimaryContainer|Containers).exactly-one",
    )
    name, role, containers = error.findings
    assert (name.path, name.value) == ("ModelName", '"bad_name"')
    version = load_contracts().botocore_version  # the pack's, not the installed one
    assert name.source == f"botocore {version} service model, shape ModelName"
    assert role.path == "ExecutionRoleArn"
    assert containers.path == ""
    assert containers.source.startswith('"Specifies the containers in the inference pipeline."')
    assert containers.confidence == "inferred"
    text = str(error)
    assert "CreateModel.ModelName.pattern at ModelName" in text
    assert "smcontract contracts list --operation CreateModel" in text


def test_a_violation_is_a_param_validation_error_and_survives_pickling(client: Any) -> None:
    strict(client, mode="raise")
    with pytest.raises(ParamValidationError) as caught:  # what botocore users already catch
        client.describe_model(ModelName="bad_name")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(copy, ContractViolation)
    assert copy.findings == caught.value.findings
    assert str(copy) == str(caught.value)


def test_a_missing_required_member_is_ours_first_and_still_a_param_validation_error(
    client: Any,
) -> None:
    strict(client)
    with pytest.raises(ParamValidationError) as caught:
        client.describe_model()
    assert isinstance(caught.value, ContractViolation)
    assert caught.value.constraint_ids == ("DescribeModel.ModelName.required",)
    assert caught.value.findings[0].value is None


def test_warn_warns_once_per_rule_and_path_at_the_callers_line(client: Any) -> None:
    handle = strict(client, mode="warn")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            assert client.describe_model(ModelName="bad_name") == {}  # the call went on
        client.list_models(NameContains="a_b")
    assert [type(w.message) for w in caught] == [smcontract.ContractViolationWarning] * 2
    assert all(issubclass(w.category, smcontract.StrictWarning) for w in caught)
    assert caught[0].filename == __file__
    assert "DescribeModel.ModelName.pattern" in str(caught[0].message)
    assert handle.ledger.rows[("DescribeModel", "DescribeModel.ModelName.pattern")].count == 3


def test_record_only_records(client: Any) -> None:
    handle = strict(client, mode=Mode.RECORD)
    handle.current_test = "test_a"
    client.describe_model(ModelName="bad_name")
    handle.current_test = "test_b"
    client.describe_model(ModelName="other_bad")
    client.describe_model(ModelName="fine")
    ledger = handle.ledger
    assert ledger.checked == {"DescribeModel": 3}
    assert ledger.violating == {"DescribeModel": 2}
    (row,) = ledger.rows.values()
    assert (row.count, row.first_test, row.first.value) == (2, "test_a", '"bad_name"')
    summary = handle.summary()
    assert summary["calls"] == {
        "checked": 3,
        "violating": 2,
        "outside_pack": 0,
        "not_serializable": 0,
    }
    assert summary["violations"][0]["first_test"] == "test_a"


def _seeds_only(pack: ContractPack) -> ContractPack:
    """The pack without the operations outside its default profile (the shipped pack has
    every operation of the model, so an older pack against a newer botocore)."""
    kept = {op: pack.operation(op) for op in pack.default_operations()}
    return ContractPack(pack.name, pack.service, kept, pack.defaults, {}, pack.origin, pack.sha256)


def test_operations_outside_the_pack_pass_through_and_are_counted(client: Any) -> None:
    handle = strict(client, pack=_seeds_only(load_contracts()))
    client.list_training_jobs(MaxResults=500)  # above botocore's maximum, but not ours to judge
    client.list_training_jobs()
    client.describe_endpoint(EndpointName="e_1")
    assert handle.ledger.outside == {"ListTrainingJobs": 2, "DescribeEndpoint": 1}
    assert handle.ledger.checked == {}


def test_parameters_botocore_cannot_serialize_are_left_to_botocore(client: Any) -> None:
    handle = strict(client)
    with pytest.raises(ParamValidationError, match="Unknown parameter") as caught:
        client.describe_model(ModelName="fine", Bogus=1)
    assert not isinstance(caught.value, ContractViolation)
    assert handle.ledger.unjudged == {"DescribeModel": 1}


def test_timestamps_are_judged_as_botocore_serializes_them(client: Any) -> None:
    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    # The raw datetime is no JSON number: judged as given it would break the type rule.
    assert [v.kind for v in validate("ListModels", {"CreationTimeAfter": when})] == ["type"]
    handle = strict(client)
    client.list_models(CreationTimeAfter=when, CreationTimeBefore="2025-01-01T00:00:00Z")
    client.create_model(
        ModelName="m",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={"Image": IMAGE},
        Tags=({"Key": "k", "Value": "v"},),  # a tuple is a list on the wire
    )
    assert handle.ledger.checked == {"ListModels": 1, "CreateModel": 1}
    assert handle.ledger.rows == {}


def _without_member(pack: ContractPack, operation: str, member: str) -> ContractPack:
    contract = pack.operation(operation)
    kept = tuple(
        c for c in contract.constraints if not (c.path == member or c.path.startswith(member))
    )
    smaller = OperationContract(contract.name, kept, contract.examples)
    operations = {**pack.operations, operation: smaller}
    return ContractPack(
        pack.name,
        pack.service,
        operations,
        pack.defaults,
        pack.resources,
        pack.origin,
        pack.sha256,
        pack.botocore_version,
    )


def test_a_member_the_pack_does_not_know_is_one_warning_not_a_violation(
    client: Any, pack: ContractPack
) -> None:
    older = _without_member(pack, "CreateModel", "VpcConfig")
    handle = strict(client, pack=older)
    vpc = {"SecurityGroupIds": ["no-prefix"], "Subnets": ["subnet-1"]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in ("m1", "m2"):
            client.create_model(
                ModelName=name,
                ExecutionRoleArn=ROLE,
                PrimaryContainer={"Image": IMAGE},
                VpcConfig=vpc,
            )
    (warning,) = caught
    assert isinstance(warning.message, smcontract.UnknownMemberWarning)
    assert warning.message.member == "VpcConfig"
    assert "smcontract contracts diff" in str(warning.message)
    assert warning.filename == __file__
    assert handle.ledger.rows == {}  # the prefix rule on the group ID is not in this pack
    assert list(handle.ledger.unknown) == [("CreateModel", "VpcConfig")]


def test_a_session_checks_the_clients_it_creates_from_then_on() -> None:
    boto = session()
    before = offline(boto.client("sagemaker"))
    handle = strict(boto, mode="record")
    after = offline(boto.client("sagemaker"))
    before.describe_model(ModelName="a_b")
    after.describe_model(ModelName="c_d")
    assert handle.ledger.checked == {"DescribeModel": 1}
    assert handle.ledger.rows[("DescribeModel", "DescribeModel.ModelName.pattern")].first.value == (
        '"c_d"'
    )


def test_a_botocore_session_works_too() -> None:
    core = botocore.session.get_session()
    handle = strict(core, mode="record")
    made = offline(
        core.create_client(
            "sagemaker",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
    )
    made.describe_model(ModelName="a_b")
    assert handle.ledger.violating == {"DescribeModel": 1}


def test_strict_again_replaces_the_mode_and_close_stops(client: Any) -> None:
    first = strict(client, mode="raise")
    second = strict(client, mode="record")
    client.describe_model(ModelName="a_b")  # no raise: the record handler replaced it
    assert first.ledger.checked == {}
    assert second.ledger.violating == {"DescribeModel": 1}
    with strict(client) as third:
        pass
    client.describe_model(ModelName="a_b")
    assert third.ledger.checked == {}
    assert not third.active


@pytest.mark.parametrize(
    ("target", "mode", "message"),
    [
        ("client", "loud", "unknown strict mode 'loud'; expected one of raise, warn, record"),
        ("object", "raise", "takes a boto3/botocore client or session, got builtins.object"),
        ("s3", "raise", "checks SageMaker calls; this is a 's3' client"),
    ],
)
def test_bad_input_is_one_clear_usage_error(
    client: Any, target: str, mode: str, message: str
) -> None:
    given = {"client": client, "object": object(), "s3": session().client("s3")}[target]
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        strict(given, mode=mode)


def test_the_top_level_names_are_strict_modes() -> None:
    assert smcontract.strict is strict
    assert smcontract.ContractViolation is ContractViolation
    assert issubclass(smcontract.UnknownMemberWarning, smcontract.StrictWarning)
    assert boto3.__name__ == "boto3"

"""The oracle: hand-made invalid requests break exactly the expected constraint."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from smcontract.contracts import ContractPack, validate, validate_response

ROLE = "arn:aws:iam::123456789012:role/service-role/SageMakerRole"
DELETE = object()

BASE: dict[str, dict[str, Any]] = {
    "CreateCompilationJob": {
        "CompilationJobName": "resnet-neo-1",
        "RoleArn": ROLE,
        "InputConfig": {
            "S3Uri": "s3://bucket-name/keynameprefix/model.tar.gz",
            "DataInputConfig": '{"input":[1,1024,1024,3]}',
            "Framework": "TENSORFLOW",
        },
        "OutputConfig": {
            "S3OutputLocation": "s3://bucket-name/key-name-prefix",
            "TargetDevice": "ml_c5",
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": 900},
        "Tags": [{"Key": "team", "Value": "vision"}],
    },
    "CreateOptimizationJob": {
        "OptimizationJobName": "opt-1",
        "RoleArn": ROLE,
        "ModelSource": {"S3": {"S3Uri": "s3://bucket/model/"}},
        "DeploymentInstanceType": "ml.g5.xlarge",
        "OptimizationConfigs": [{"ModelQuantizationConfig": {"Image": "img"}}],
        "OutputConfig": {"S3OutputLocation": "s3://bucket/out/"},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "OptimizationEnvironment": {"OPTION_DTYPE": "fp16"},
    },
    "CreateModel": {
        "ModelName": "model-1",
        "ExecutionRoleArn": ROLE,
        "PrimaryContainer": {
            "Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/img:latest",
            "ModelDataUrl": "s3://bucket/model.tar.gz",
            "Environment": {"SAGEMAKER_PROGRAM": "inference.py"},
        },
    },
    "DescribeCompilationJob": {"CompilationJobName": "job-1"},
    "StopCompilationJob": {"CompilationJobName": "job-1"},
    "DeleteCompilationJob": {"CompilationJobName": "job-1"},
    "DescribeOptimizationJob": {"OptimizationJobName": "opt-1"},
    "StopOptimizationJob": {"OptimizationJobName": "opt-1"},
    "DeleteOptimizationJob": {"OptimizationJobName": "opt-1"},
    "DescribeModel": {"ModelName": "model-1"},
    "DeleteModel": {"ModelName": "model-1"},
    "ListCompilationJobs": {"MaxResults": 10, "SortBy": "Name", "SortOrder": "Ascending"},
    "ListOptimizationJobs": {"MaxResults": 10},
    "ListModels": {"MaxResults": 10, "SortOrder": "Descending"},
    "ListTrialComponents": {"MaxResults": 10, "SortBy": "Name"},
}


def mutate(request: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Copy ``request`` and set (or DELETE) the member at dotted ``path`` ([n] for list items)."""
    result = copy.deepcopy(request)
    parts = path.replace("[", ".[").split(".")
    node: Any = result
    for part in parts[:-1]:
        if part.startswith("["):
            node = node[int(part[1:-1])]
        else:
            node = node.setdefault(part, {})
    last = parts[-1]
    key: Any = int(last[1:-1]) if last.startswith("[") else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value
    return result


C, O, M = "CreateCompilationJob", "CreateOptimizationJob", "CreateModel"

# (operation, path, new value, the one expected constraint ID)
CASES = [
    # required
    (C, "CompilationJobName", DELETE, f"{C}.CompilationJobName.required"),
    (C, "OutputConfig.S3OutputLocation", DELETE, f"{C}.OutputConfig.S3OutputLocation.required"),
    (C, "InputConfig.Framework", DELETE, f"{C}.InputConfig.Framework.required"),
    (C, "Tags[0].Value", DELETE, f"{C}.Tags[].Value.required"),
    (O, "DeploymentInstanceType", DELETE, f"{O}.DeploymentInstanceType.required"),
    (M, "ModelName", DELETE, f"{M}.ModelName.required"),
    (
        "DescribeCompilationJob",
        "CompilationJobName",
        DELETE,
        "DescribeCompilationJob.CompilationJobName.required",
    ),
    (
        "StopCompilationJob",
        "CompilationJobName",
        DELETE,
        "StopCompilationJob.CompilationJobName.required",
    ),
    (
        "DeleteCompilationJob",
        "CompilationJobName",
        DELETE,
        "DeleteCompilationJob.CompilationJobName.required",
    ),
    (
        "DescribeOptimizationJob",
        "OptimizationJobName",
        DELETE,
        "DescribeOptimizationJob.OptimizationJobName.required",
    ),
    (
        "StopOptimizationJob",
        "OptimizationJobName",
        DELETE,
        "StopOptimizationJob.OptimizationJobName.required",
    ),
    (
        "DeleteOptimizationJob",
        "OptimizationJobName",
        DELETE,
        "DeleteOptimizationJob.OptimizationJobName.required",
    ),
    ("DescribeModel", "ModelName", DELETE, "DescribeModel.ModelName.required"),
    ("DeleteModel", "ModelName", DELETE, "DeleteModel.ModelName.required"),
    # type
    (
        C,
        "StoppingCondition.MaxRuntimeInSeconds",
        "900",
        f"{C}.StoppingCondition.MaxRuntimeInSeconds.type",
    ),
    (
        C,
        "StoppingCondition.MaxRuntimeInSeconds",
        True,
        f"{C}.StoppingCondition.MaxRuntimeInSeconds.type",
    ),
    (C, "OutputConfig", "s3://bucket", f"{C}.OutputConfig.type"),
    (C, "Tags", {"Key": "a", "Value": "b"}, f"{C}.Tags.type"),
    (O, "OptimizationConfigs", {}, f"{O}.OptimizationConfigs.type"),
    (O, "OptimizationEnvironment.OPTION_DTYPE", 16, f"{O}.OptimizationEnvironment{{value}}.type"),
    (M, "PrimaryContainer.Environment", ["A=1"], f"{M}.PrimaryContainer.Environment.type"),
    (M, "ModelName", 123, f"{M}.ModelName.type"),
    ("ListTrialComponents", "CreatedAfter", "yesterday", "ListTrialComponents.CreatedAfter.type"),
    ("ListModels", "MaxResults", 1.5, "ListModels.MaxResults.type"),
    # length
    (C, "CompilationJobName", "", f"{C}.CompilationJobName.length"),
    (C, "OutputConfig.KmsKeyId", "k" * 2049, f"{C}.OutputConfig.KmsKeyId.length"),
    (C, "Tags[0].Value", "v" * 257, f"{C}.Tags[].Value.length"),
    (O, "OptimizationEnvironment", {"K" * 257: "v"}, f"{O}.OptimizationEnvironment{{key}}.length"),
    (
        M,
        "PrimaryContainer.Environment.SAGEMAKER_PROGRAM",
        "x" * 1025,
        f"{M}.PrimaryContainer.Environment{{value}}.length",
    ),
    ("ListCompilationJobs", "NameContains", "a" * 64, "ListCompilationJobs.NameContains.length"),
    ("ListTrialComponents", "SourceArn", "a" * 257, "ListTrialComponents.SourceArn.length"),
    # pattern
    (C, "CompilationJobName", "bad_name", f"{C}.CompilationJobName.pattern"),
    (C, "CompilationJobName", "ends-", f"{C}.CompilationJobName.pattern"),
    (
        C,
        "OutputConfig.S3OutputLocation",
        "ftp://bucket/out",
        f"{C}.OutputConfig.S3OutputLocation.pattern",
    ),
    (C, "Tags[0].Key", "team!", f"{C}.Tags[].Key.pattern"),
    (O, "RoleArn", "arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/SageMakerRole", f"{O}.RoleArn.pattern"),
    (O, "OptimizationEnvironment", {"   ": "v"}, f"{O}.OptimizationEnvironment{{key}}.pattern"),
    (
        M,
        "PrimaryContainer.Environment",
        {"1BAD": "v"},
        f"{M}.PrimaryContainer.Environment{{key}}.pattern",
    ),
    (M, "PrimaryContainer.Image", "has space", f"{M}.PrimaryContainer.Image.pattern"),
    ("DescribeModel", "ModelName", "model_1", "DescribeModel.ModelName.pattern"),
    (
        "DeleteCompilationJob",
        "CompilationJobName",
        "job.1",
        "DeleteCompilationJob.CompilationJobName.pattern",
    ),
    ("ListTrialComponents", "ExperimentName", "-exp", "ListTrialComponents.ExperimentName.pattern"),
    # enum
    (C, "OutputConfig.TargetDevice", "ML_C5", f"{C}.OutputConfig.TargetDevice.enum"),
    (C, "InputConfig.Framework", "TENSORFLOW ", f"{C}.InputConfig.Framework.enum"),
    (O, "DeploymentInstanceType", "ml.g5.mega", f"{O}.DeploymentInstanceType.enum"),
    (M, "PrimaryContainer.Mode", "singlemodel", f"{M}.PrimaryContainer.Mode.enum"),
    ("ListCompilationJobs", "SortBy", "Size", "ListCompilationJobs.SortBy.enum"),
    ("ListTrialComponents", "SortOrder", "descending", "ListTrialComponents.SortOrder.enum"),
    ("ListOptimizationJobs", "StatusEquals", "DONE", "ListOptimizationJobs.StatusEquals.enum"),
    # range
    (
        C,
        "StoppingCondition.MaxRuntimeInSeconds",
        0,
        f"{C}.StoppingCondition.MaxRuntimeInSeconds.range",
    ),
    (
        C,
        "StoppingCondition.MaxPendingTimeInSeconds",
        1799,
        f"{C}.StoppingCondition.MaxPendingTimeInSeconds.range",
    ),
    (O, "MaxInstanceCount", 0, f"{O}.MaxInstanceCount.range"),
    ("ListTrialComponents", "MaxResults", 101, "ListTrialComponents.MaxResults.range"),
    ("ListCompilationJobs", "MaxResults", 0, "ListCompilationJobs.MaxResults.range"),
    ("ListModels", "MaxResults", 101, "ListModels.MaxResults.range"),
    # items
    (C, "Tags", [{"Key": f"k{i}", "Value": "v"} for i in range(51)], f"{C}.Tags.items"),
    (
        C,
        "VpcConfig",
        {"SecurityGroupIds": [], "Subnets": ["subnet-1"]},
        f"{C}.VpcConfig.SecurityGroupIds.items",
    ),
    (
        O,
        "OptimizationConfigs",
        [{"ModelQuantizationConfig": {}}] * 11,
        f"{O}.OptimizationConfigs.items",
    ),
    (
        O,
        "VpcConfig",
        {"SecurityGroupIds": ["sg-1"], "Subnets": [f"subnet-{i}" for i in range(17)]},
        f"{O}.VpcConfig.Subnets.items",
    ),
    # entries
    (
        O,
        "OptimizationEnvironment",
        {f"K{i}": "v" for i in range(26)},
        f"{O}.OptimizationEnvironment.entries",
    ),
    (
        M,
        "PrimaryContainer.Environment",
        {f"K{i}": "v" for i in range(101)},
        f"{M}.PrimaryContainer.Environment.entries",
    ),
    # union
    (O, "OptimizationConfigs", [{}], f"{O}.OptimizationConfigs[].union"),
    (
        O,
        "OptimizationConfigs",
        [{"ModelQuantizationConfig": {}, "ModelShardingConfig": {}}],
        f"{O}.OptimizationConfigs[].union",
    ),
]

# Rules only prose states (contracts/prose/), same form.
CONTAINER = {"Image": "img", "ContainerHostname": "first"}
CASES += [
    (
        C,
        "ModelPackageVersionArn",
        "arn:aws:sagemaker:us-east-1:123456789012:model-package/pkg/1",
        f"{C}.(InputConfig|ModelPackageVersionArn).exactly-one",
    ),
    (C, "InputConfig", DELETE, f"{C}.(InputConfig|ModelPackageVersionArn).exactly-one"),
    (
        C,
        "OutputConfig.TargetPlatform",
        {"Os": "LINUX", "Arch": "X86_64"},
        f"{C}.OutputConfig.(TargetDevice|TargetPlatform).exactly-one",
    ),
    (
        C,
        "OutputConfig.TargetDevice",
        DELETE,
        f"{C}.OutputConfig.(TargetDevice|TargetPlatform).exactly-one",
    ),
    (
        C,
        "StoppingCondition.MaxWaitTimeInSeconds",
        899,
        f"{C}.StoppingCondition.MaxWaitTimeInSeconds.compare",
    ),
    (
        C,
        "StoppingCondition",
        {"MaxRuntimeInSeconds": 2419201, "MaxWaitTimeInSeconds": 2419201},
        f"{C}.StoppingCondition.MaxRuntimeInSeconds.range.28-days",
    ),
    (
        C,
        "InputConfig.S3Uri",
        "s3://bucket-name/keynameprefix/model.zip",
        f"{C}.InputConfig.S3Uri.suffix",
    ),
    (C, "InputConfig.DataInputConfig", "{input:[1,3]}", f"{C}.InputConfig.DataInputConfig.format"),
    (C, "InputConfig.FrameworkVersion", "1.15", None),  # TENSORFLOW supports FrameworkVersion
    (C, "Tags", [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}], f"{C}.Tags.unique"),
    (
        C,
        "VpcConfig",
        {"SecurityGroupIds": ["group1"], "Subnets": ["subnet-1"]},
        f"{C}.VpcConfig.SecurityGroupIds[].prefix",
    ),
    (
        O,
        "StoppingCondition.MaxWaitTimeInSeconds",
        3599,
        f"{O}.StoppingCondition.MaxWaitTimeInSeconds.compare",
    ),
    (O, "ModelSource", {}, f"{O}.ModelSource.(S3|SageMakerModel).exactly-one"),
    (
        O,
        "ModelSource.SageMakerModel",
        {"ModelName": "m"},
        f"{O}.ModelSource.(S3|SageMakerModel).exactly-one",
    ),
    (M, "Containers", [CONTAINER], f"{M}.(PrimaryContainer|Containers).exactly-one"),
    (M, "PrimaryContainer", DELETE, f"{M}.(PrimaryContainer|Containers).exactly-one"),
    (
        M,
        "PrimaryContainer.ModelDataUrl",
        "s3://bucket/model.zip",
        f"{M}.PrimaryContainer.ModelDataUrl.suffix",
    ),
    (
        M,
        "PrimaryContainer.ImageConfig",
        {
            "RepositoryAccessMode": "Platform",
            "RepositoryAuthConfig": {"RepositoryCredentialsProviderArn": "a"},
        },
        f"{M}.PrimaryContainer.ImageConfig.RepositoryAuthConfig.present-only-if",
    ),
    ("ListTrialComponents", "TrialName", "trial-1", None),
]
LTC = "ListTrialComponents"
TWO_FILTERS = {"MaxResults": 10, "ExperimentName": "exp-1", "TrialName": "trial-1"}


@pytest.mark.parametrize(
    ("operation", "path", "value", "expected"),
    CASES,
    ids=[f"{c[0]}:{c[1]}:{c[3]}" for c in CASES],
)
def test_model_rules(pack: ContractPack, operation, path, value, expected) -> None:
    request = mutate(BASE[operation], path, value)
    found = {v.constraint_id for v in validate(operation, request, pack=pack)}
    if expected is None:
        assert found == set()
        return
    # Exactly the expected rule, plus what the contract declares it necessarily implies.
    assert expected in found
    assert found - set(pack.constraint(expected).implies) == {expected}


@pytest.mark.parametrize("operation", sorted(BASE))
def test_base_requests_are_valid(pack: ContractPack, operation: str) -> None:
    assert validate(operation, BASE[operation], pack=pack) == []


def test_table_covers_every_operation_and_kind(pack: ContractPack) -> None:
    kinds = {pack.constraint(c[3]).kind for c in CASES if c[3]}
    operations = {c[0] for c in CASES}
    assert len(CASES) >= 60
    assert {
        "required",
        "type",
        "length",
        "pattern",
        "enum",
        "range",
        "items",
        "entries",
        "union",
    } <= kinds
    assert operations == set(pack.default_operations())


def test_cases_that_change_two_members(pack: ContractPack) -> None:
    found = {v.constraint_id for v in validate(LTC, TWO_FILTERS, pack=pack)}
    assert found == {
        f"{LTC}.(ExperimentName|TrialName|SourceArn).at-most-one",
        f"{LTC}.(ExperimentName|TrialName).at-most-one",
    }
    nvidia = mutate(
        BASE[C],
        "OutputConfig",
        {
            "S3OutputLocation": "s3://bucket/out",
            "TargetPlatform": {"Os": "LINUX", "Arch": "X86_64", "Accelerator": "NVIDIA"},
        },
    )
    found = {v.constraint_id for v in validate(C, nvidia, pack=pack)}
    assert found == {f"{C}.OutputConfig.CompilerOptions.required-if"}
    xgboost = mutate(
        BASE[C],
        "InputConfig",
        {
            "S3Uri": "s3://bucket/model.tar.gz",
            "Framework": "XGBOOST",
            "FrameworkVersion": "1.5",
        },
    )
    found = {v.constraint_id for v in validate(C, xgboost, pack=pack)}
    assert found == {f"{C}.InputConfig.FrameworkVersion.present-only-if"}
    pipeline = mutate(BASE[M], "PrimaryContainer", DELETE)
    pipeline["Containers"] = [CONTAINER, {"Image": "img2"}]
    found = {v.constraint_id for v in validate(M, pipeline, pack=pack)}
    assert found == {f"{M}.Containers.ContainerHostname.all-or-none"}


@pytest.mark.parametrize("example", ["all"])
def test_documented_examples_of_the_seeds_are_accepted(pack: ContractPack, example: str) -> None:
    examples = [e for op in pack.default_operations() for e in pack.operation(op).examples]
    assert len(examples) >= 10
    for item in examples:
        assert validate(item.operation, item.request, pack=pack) == [], item.id


def test_violation_names_the_concrete_path(pack: ContractPack) -> None:
    request = mutate(BASE[C], "Tags", [{"Key": "a", "Value": "b"}, {"Key": "bad!", "Value": "c"}])
    (violation,) = validate(C, request, pack=pack)
    assert violation.path == "Tags[1].Key"
    assert violation.kind == "pattern"
    assert "bad!" in violation.reason


def test_a_wrong_type_breaks_only_its_type_rule(pack: ContractPack) -> None:
    # A list where a structure belongs: no 'required' noise from the members below it.
    request = mutate(BASE[C], "InputConfig", ["s3://bucket/model.tar.gz"])
    assert [v.constraint_id for v in validate(C, request, pack=pack)] == [f"{C}.InputConfig.type"]


def test_body_that_is_not_an_object(pack: ContractPack) -> None:
    (violation,) = validate(C, ["not", "an", "object"], pack=pack)
    assert violation.kind == "type"


def test_response_checks(pack: ContractPack) -> None:
    good = {"ModelArn": "arn:aws:sagemaker:us-east-1:123456789012:model/model-1"}
    assert validate_response(M, good, pack=pack) == []
    found = {v.constraint_id for v in validate_response(M, {"ModelArn": "arn:test"}, pack=pack)}
    assert found == {f"{M}#out.ModelArn.pattern", f"{M}#out.ModelArn.length"}
    (missing,) = validate_response(M, {}, pack=pack)
    assert missing.constraint_id == f"{M}#out.ModelArn.required"

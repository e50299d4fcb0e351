"""A held-out corpus of test calls, as application tests make them (boto3 keyword arguments).

Modelled on what moto's own SageMaker tests send (role ARNs made of a SageMaker ARN, models
with a VpcConfig and no container, a DataInputConfig in Python dict syntax, an NVIDIA target
without CompilerOptions, names with ``_``), written here by hand. Each call carries the rules
it breaks, annotated by reading the contract documents, not by running the oracle: constraint
ID -> the concrete member path strict mode must name. An empty ``breaks`` is a valid call.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/FakeRole"
MOTO_ROLE = "arn:aws:sagemaker:eu-west-1:000000000000:x-x/foobar"  # moto's TEST_ARN
IMAGE = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/inference:latest"
CCJ = "CreateCompilationJob"
COJ = "CreateOptimizationJob"
CM = "CreateModel"
ENV = "PrimaryContainer.Environment"
PENDING = "StoppingCondition.MaxPendingTimeInSeconds"
RUNTIME = "StoppingCondition.MaxRuntimeInSeconds"


@dataclass(frozen=True)
class Call:
    name: str
    method: str  # the boto3 client method
    params: dict[str, Any]
    breaks: dict[str, str] = field(default_factory=dict)  # constraint ID -> member path

    @property
    def operation(self) -> str:
        return "".join(part.title() for part in self.method.split("_"))


def _compilation(**overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "CompilationJobName": "testcompilationjob",
        "RoleArn": ROLE,
        "InputConfig": {
            "S3Uri": "s3://MyBucket/model.tar.gz",
            "DataInputConfig": '{"input0": [1, 3, 224, 224]}',
            "Framework": "PYTORCH",
            "FrameworkVersion": "2.0",
        },
        "OutputConfig": {"S3OutputLocation": "s3://MyBucket/output", "TargetDevice": "ml_c5"},
        "StoppingCondition": {"MaxRuntimeInSeconds": 900, "MaxWaitTimeInSeconds": 900},
    }
    params.update(overrides)
    return params


def _input(**overrides: Any) -> dict[str, Any]:
    return {**_compilation()["InputConfig"], **overrides}


def _model(**overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "ModelName": "MyModelName",
        "ExecutionRoleArn": ROLE,
        "PrimaryContainer": {"Image": IMAGE, "ModelDataUrl": "s3://MyBucket/model.tar.gz"},
    }
    params.update(overrides)
    return params


def _optimization(**overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "OptimizationJobName": "opt-job-1",
        "RoleArn": ROLE,
        "ModelSource": {"S3": {"S3Uri": "s3://MyBucket/llama/"}},
        "DeploymentInstanceType": "ml.g5.xlarge",
        "OptimizationConfigs": [
            {"ModelQuantizationConfig": {"OverrideEnvironment": {"OPTION_QUANTIZE": "awq"}}}
        ],
        "OutputConfig": {"S3OutputLocation": "s3://MyBucket/optimized/"},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }
    params.update(overrides)
    return params


VPC = {"SecurityGroupIds": ["sg-12345678901234567"], "Subnets": ["subnet-12345678901234567"]}
NVIDIA = {"Os": "LINUX", "Arch": "X86_64", "Accelerator": "NVIDIA"}
WHEN = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)

VALID = [
    Call(
        "compilation job, every optional part",
        "create_compilation_job",
        _compilation(
            VpcConfig=VPC,
            StoppingCondition={
                "MaxRuntimeInSeconds": 123,
                "MaxWaitTimeInSeconds": 123,
                "MaxPendingTimeInSeconds": 7200,
            },
            Tags=[{"Key": "testkey", "Value": "testvalue"}],
        ),
    ),
    Call(
        "compilation job from a model package",
        "create_compilation_job",
        _compilation(
            InputConfig=None,
            ModelPackageVersionArn=f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package/pkg/1",
        ),
    ),
    Call(
        "NVIDIA target with compiler options",
        "create_compilation_job",
        _compilation(
            OutputConfig={
                "S3OutputLocation": "s3://MyBucket/output",
                "TargetPlatform": NVIDIA,
                "CompilerOptions": '{"gpu-code": "sm_72", "trt-ver": "8.4.1", "cuda-ver": "11.4"}',
            },
        ),
    ),
    Call(
        "describe a compilation job",
        "describe_compilation_job",
        {"CompilationJobName": "testcompilationjob"},
    ),
    Call(
        "list compilation jobs, sorted and filtered",
        "list_compilation_jobs",
        {
            "MaxResults": 10,
            "SortBy": "CreationTime",
            "SortOrder": "Descending",
            "StatusEquals": "COMPLETED",
            "NameContains": "test",
        },
    ),
    Call(
        "list compilation jobs by time (datetime and ISO text)",
        "list_compilation_jobs",
        {
            "CreationTimeAfter": WHEN,
            "CreationTimeBefore": "2025-06-30T12:00:00Z",
        },
    ),
    Call("stop a compilation job", "stop_compilation_job", {"CompilationJobName": "job-1"}),
    Call("delete a compilation job", "delete_compilation_job", {"CompilationJobName": "job-1"}),
    Call(
        "model with environment and VPC",
        "create_model",
        _model(
            PrimaryContainer={
                "Image": IMAGE,
                "ModelDataUrl": "s3://MyBucket/model.tar.gz",
                "Environment": {"SAGEMAKER_PROGRAM": "inference.py"},
            },
            VpcConfig={"SecurityGroupIds": ["sg-foobar"], "Subnets": ["subnet-xxx"]},
        ),
    ),
    Call(
        "inference pipeline",
        "create_model",
        _model(
            PrimaryContainer=None,
            Containers=[
                {"ContainerHostname": "pre", "Image": IMAGE},
                {"ContainerHostname": "main", "Image": IMAGE},
            ],
            InferenceExecutionConfig={"Mode": "Serial"},
        ),
    ),
    Call(
        "tags given as a tuple",
        "create_model",
        _model(
            Tags=({"Key": "team", "Value": "ml"}, {"Key": "env", "Value": "test"}),
        ),
    ),
    Call("describe a model", "describe_model", {"ModelName": "MyModelName"}),
    Call("delete a model", "delete_model", {"ModelName": "blah2"}),
    Call(
        "list models",
        "list_models",
        {
            "SortBy": "Name",
            "SortOrder": "Ascending",
            "NameContains": "blah",
            "MaxResults": 10,
            "CreationTimeAfter": WHEN,
        },
    ),
    Call("list models, no filter", "list_models", {}),
    Call(
        "trial components of an experiment",
        "list_trial_components",
        {"ExperimentName": "my-experiment", "SortBy": "CreationTime", "MaxResults": 50},
    ),
    Call("trial components of a trial", "list_trial_components", {"TrialName": "my-trial"}),
    Call("optimization job", "create_optimization_job", _optimization()),
    Call(
        "describe an optimization job",
        "describe_optimization_job",
        {"OptimizationJobName": "opt-job-1"},
    ),
]

INVALID = [
    Call(
        "moto's model: a SageMaker ARN as role, no container",
        "create_model",
        {
            "ModelName": "MyModelName",
            "ExecutionRoleArn": MOTO_ROLE,
            "VpcConfig": {"SecurityGroupIds": ["sg-123"], "Subnets": ["123"]},
        },
        {
            "CreateModel.ExecutionRoleArn.pattern": "ExecutionRoleArn",
            "CreateModel.(PrimaryContainer|Containers).exactly-one": "",
        },
    ),
    Call(
        "model name with _",
        "create_model",
        _model(ModelName="my_model"),
        {"CreateModel.ModelName.pattern": "ModelName"},
    ),
    Call(
        "model with both container forms",
        "create_model",
        _model(Containers=[{"Image": IMAGE}]),
        {"CreateModel.(PrimaryContainer|Containers).exactly-one": ""},
    ),
    Call(
        "pipeline, one hostname",
        "create_model",
        _model(
            PrimaryContainer=None,
            Containers=[{"ContainerHostname": "pre", "Image": IMAGE}, {"Image": IMAGE}],
        ),
        {"CreateModel.Containers.ContainerHostname.all-or-none": "Containers"},
    ),
    Call(
        "pipeline, one hostname twice",
        "create_model",
        _model(
            PrimaryContainer=None,
            Containers=[{"ContainerHostname": "c", "Image": IMAGE}] * 2,
        ),
        {"CreateModel.Containers.unique": "Containers"},
    ),
    Call(
        "security group without sg-",
        "create_model",
        _model(VpcConfig={"SecurityGroupIds": ["abc-123"], "Subnets": ["subnet-1"]}),
        {"CreateModel.VpcConfig.SecurityGroupIds[].prefix": "VpcConfig.SecurityGroupIds[0]"},
    ),
    Call(
        "model data that is not a tarball",
        "create_model",
        _model(PrimaryContainer={"Image": IMAGE, "ModelDataUrl": "s3://b/model.bin"}),
        {"CreateModel.PrimaryContainer.ModelDataUrl.suffix": "PrimaryContainer.ModelDataUrl"},
    ),
    Call(
        "environment name starting with a digit",
        "create_model",
        _model(PrimaryContainer={"Image": IMAGE, "Environment": {"1BAD": "x"}}),
        {f"{CM}.PrimaryContainer.Environment{{key}}.pattern": f'{ENV}{{key="1BAD"}}'},
    ),
    Call(
        "the same tag key twice",
        "create_model",
        _model(Tags=[{"Key": "k", "Value": "a"}, {"Key": "k", "Value": "b"}]),
        {"CreateModel.Tags.unique": "Tags"},
    ),
    Call(
        "tag value with !",
        "create_model",
        _model(Tags=[{"Key": "k", "Value": "hi!"}]),
        {"CreateModel.Tags[].Value.pattern": "Tags[0].Value"},
    ),
    Call(
        "execution mode not in the enum",
        "create_model",
        _model(InferenceExecutionConfig={"Mode": "Parallel"}),
        {"CreateModel.InferenceExecutionConfig.Mode.enum": "InferenceExecutionConfig.Mode"},
    ),
    Call(
        "model without a name",
        "create_model",
        {"ExecutionRoleArn": ROLE, "PrimaryContainer": {"Image": IMAGE}},
        {"CreateModel.ModelName.required": "ModelName"},
    ),
    Call(
        "moto's compilation job: dict syntax for DataInputConfig",
        "create_compilation_job",
        _compilation(InputConfig=_input(DataInputConfig="{'input0':[1,3,224,224]}")),
        {f"{CCJ}.InputConfig.DataInputConfig.format": "InputConfig.DataInputConfig"},
    ),
    Call(
        "NVIDIA target without CompilerOptions",
        "create_compilation_job",
        _compilation(
            OutputConfig={"S3OutputLocation": "s3://MyBucket/output", "TargetPlatform": NVIDIA},
        ),
        {f"{CCJ}.OutputConfig.CompilerOptions.required-if": "OutputConfig.CompilerOptions"},
    ),
    Call(
        "input config and model package",
        "create_compilation_job",
        _compilation(
            ModelPackageVersionArn=f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package/pkg/1",
        ),
        {f"{CCJ}.(InputConfig|ModelPackageVersionArn).exactly-one": ""},
    ),
    Call(
        "target device and platform",
        "create_compilation_job",
        _compilation(
            OutputConfig={
                "S3OutputLocation": "s3://b/o",
                "TargetDevice": "ml_c5",
                "TargetPlatform": NVIDIA,
                "CompilerOptions": '{"gpu-code": "sm_72"}',
            },
        ),
        {f"{CCJ}.OutputConfig.(TargetDevice|TargetPlatform).exactly-one": "OutputConfig"},
    ),
    Call(
        "wait shorter than runtime",
        "create_compilation_job",
        _compilation(
            StoppingCondition={"MaxRuntimeInSeconds": 900, "MaxWaitTimeInSeconds": 60},
        ),
        {f"{CCJ}.StoppingCondition.MaxWaitTimeInSeconds.compare": "StoppingCondition"},
    ),
    Call(
        "pending time below two hours",
        "create_compilation_job",
        _compilation(
            StoppingCondition={"MaxRuntimeInSeconds": 900, "MaxPendingTimeInSeconds": 100},
        ),
        {f"{CCJ}.{PENDING}.range": PENDING},
    ),
    Call(
        "framework not in the enum",
        "create_compilation_job",
        _compilation(
            InputConfig={"S3Uri": "s3://b/m.tar.gz", "DataInputConfig": "{}", "Framework": "TORCH"},
        ),
        {f"{CCJ}.InputConfig.Framework.enum": "InputConfig.Framework"},
    ),
    Call(
        "framework version for ONNX",
        "create_compilation_job",
        _compilation(InputConfig=_input(Framework="ONNX")),
        {f"{CCJ}.InputConfig.FrameworkVersion.present-only-if": "InputConfig.FrameworkVersion"},
    ),
    Call(
        "job name with _",
        "create_compilation_job",
        _compilation(CompilationJobName="test_compilation_job"),
        {f"{CCJ}.CompilationJobName.pattern": "CompilationJobName"},
    ),
    Call(
        "model artifact that is not a tarball",
        "create_compilation_job",
        _compilation(InputConfig=_input(S3Uri="s3://MyBucket/model.pth")),
        {f"{CCJ}.InputConfig.S3Uri.suffix": "InputConfig.S3Uri"},
    ),
    Call(
        "no subnets",
        "create_compilation_job",
        _compilation(VpcConfig={"SecurityGroupIds": ["sg-1"], "Subnets": []}),
        {f"{CCJ}.VpcConfig.Subnets.items": "VpcConfig.Subnets"},
    ),
    Call(
        "runtime given as text",
        "create_compilation_job",
        _compilation(StoppingCondition={"MaxRuntimeInSeconds": "900"}),
        {f"{CCJ}.{RUNTIME}.type": RUNTIME},
    ),
    Call(
        "describe a job by a 64-character name",
        "describe_compilation_job",
        {"CompilationJobName": "j" * 64},
        {
            "DescribeCompilationJob.CompilationJobName.length": "CompilationJobName",
            "DescribeCompilationJob.CompilationJobName.pattern": "CompilationJobName",
        },
    ),
    Call(
        "page size above 100",
        "list_models",
        {"MaxResults": 500},
        {"ListModels.MaxResults.range": "MaxResults"},
    ),
    Call(
        "sort key not in the enum",
        "list_models",
        {"SortBy": "CreationDate"},
        {"ListModels.SortBy.enum": "SortBy"},
    ),
    Call(
        "name filter with _",
        "list_models",
        {"NameContains": "my_model"},
        {"ListModels.NameContains.pattern": "NameContains"},
    ),
    Call(
        "status in the wrong case",
        "list_compilation_jobs",
        {"StatusEquals": "Completed"},
        {"ListCompilationJobs.StatusEquals.enum": "StatusEquals"},
    ),
    Call(
        "experiment and trial together",
        "list_trial_components",
        {"ExperimentName": "exp", "TrialName": "trial"},
        {
            "ListTrialComponents.(ExperimentName|TrialName).at-most-one": "",
            "ListTrialComponents.(ExperimentName|TrialName|SourceArn).at-most-one": "",
        },
    ),
    Call(
        "experiment name with _",
        "list_trial_components",
        {"ExperimentName": "my_experiment"},
        {"ListTrialComponents.ExperimentName.pattern": "ExperimentName"},
    ),
    Call(
        "describe a model by a name with _",
        "describe_model",
        {"ModelName": "bad_name"},
        {"DescribeModel.ModelName.pattern": "ModelName"},
    ),
    Call(
        "delete a model by a name with a space",
        "delete_model",
        {"ModelName": "my model"},
        {"DeleteModel.ModelName.pattern": "ModelName"},
    ),
    Call(
        "optimization on a CPU instance",
        "create_optimization_job",
        _optimization(DeploymentInstanceType="ml.m5.large"),
        {f"{COJ}.DeploymentInstanceType.enum": "DeploymentInstanceType"},
    ),
    Call(
        "two optimizations in one config",
        "create_optimization_job",
        _optimization(
            OptimizationConfigs=[{"ModelQuantizationConfig": {}, "ModelCompilationConfig": {}}],
        ),
        {f"{COJ}.OptimizationConfigs[].union": "OptimizationConfigs[0]"},
    ),
    Call(
        "model from S3 and from SageMaker",
        "create_optimization_job",
        _optimization(
            ModelSource={"S3": {"S3Uri": "s3://b/m/"}, "SageMakerModel": {"ModelName": "m"}},
        ),
        {f"{COJ}.ModelSource.(S3|SageMakerModel).exactly-one": "ModelSource"},
    ),
]


def _drop_none(params: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in params.items() if value is not None}


CORPUS = [
    Call(call.name, call.method, _drop_none(call.params), call.breaks) for call in VALID + INVALID
]

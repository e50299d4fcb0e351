from __future__ import annotations

from typing import Any

import pytest

from conftest import ROLE, VARIANTS

TARGETS = ["lambda", "ml_c5", "ml_m5", "jetson_nano"]


def _create(sm: Any, name: str, **output: Any) -> None:
    sm.create_compilation_job(
        CompilationJobName=name,
        RoleArn=ROLE,
        InputConfig={
            "S3Uri": "s3://MyBucket/model.tar.gz",
            "DataInputConfig": "{'input0':[1,3,224,224]}",
            "Framework": "PYTORCH",
            "FrameworkVersion": "2.0",
        },
        OutputConfig={"S3OutputLocation": "s3://MyBucket/output", **output},
        StoppingCondition={
            "MaxRuntimeInSeconds": 123,
            "MaxWaitTimeInSeconds": 123,
            "MaxPendingTimeInSeconds": 7200,
        },
        Tags=[{"Key": "testkey", "Value": "testvalue"}],
    )


@pytest.mark.parametrize("n", VARIANTS)
def test_create_and_describe(sm: Any, n: int) -> None:
    _create(sm, f"job-{n}", TargetDevice=TARGETS[n % len(TARGETS)])
    job = sm.describe_compilation_job(CompilationJobName=f"job-{n}")
    assert job["CompilationJobStatus"] == "COMPLETED"


@pytest.mark.parametrize("n", VARIANTS)
def test_target_platform(sm: Any, n: int) -> None:
    platform = {"Os": "LINUX", "Arch": "X86_64", "Accelerator": "NVIDIA"}
    _create(sm, f"gpu-job-{n}", TargetPlatform=platform)
    assert sm.describe_compilation_job(CompilationJobName=f"gpu-job-{n}")["OutputConfig"]


@pytest.mark.parametrize("n", VARIANTS)
def test_list_paged(sm: Any, n: int) -> None:
    for i in range(n + 3):
        _create(sm, f"paged-{i}", TargetDevice="ml_c5")
    query = {"MaxResults": 2, "SortBy": "Name", "SortOrder": "Descending"}
    first = sm.list_compilation_jobs(**query)
    assert len(first["CompilationJobSummaries"]) == 2
    rest = sm.list_compilation_jobs(**query, NextToken=first["NextToken"])
    assert rest["CompilationJobSummaries"]


@pytest.mark.parametrize("n", VARIANTS)
def test_delete(sm: Any, n: int) -> None:
    _create(sm, f"del-{n}", TargetDevice="lambda")
    sm.delete_compilation_job(CompilationJobName=f"del-{n}")
    assert sm.list_compilation_jobs(StatusEquals="COMPLETED")["CompilationJobSummaries"] == []

from __future__ import annotations

from typing import Any

import pytest

from conftest import IMAGE, ROLE, VARIANTS


@pytest.mark.parametrize("n", VARIANTS)
def test_trial_components(sm: Any, n: int) -> None:
    sm.create_experiment(ExperimentName=f"exp-{n}")
    sm.create_trial(TrialName=f"trial-{n}", ExperimentName=f"exp-{n}")
    for i in range(n + 1):
        sm.create_trial_component(TrialComponentName=f"tc-{n}-{i}")
        sm.associate_trial_component(TrialComponentName=f"tc-{n}-{i}", TrialName=f"trial-{n}")
    listed = sm.list_trial_components(TrialName=f"trial-{n}")["TrialComponentSummaries"]
    assert len(listed) == n + 1
    assert sm.list_trial_components(MaxResults=1)["TrialComponentSummaries"]


@pytest.mark.parametrize("n", VARIANTS)
def test_endpoint_config(sm: Any, n: int) -> None:
    sm.create_model(ModelName=f"m-{n}", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE})
    variant = {
        "VariantName": "primary",
        "ModelName": f"m-{n}",
        "InitialInstanceCount": 1,
        "InstanceType": "ml.t2.medium",
    }
    sm.create_endpoint_config(EndpointConfigName=f"ec-{n}", ProductionVariants=[variant])
    assert sm.describe_endpoint_config(EndpointConfigName=f"ec-{n}")["ProductionVariants"]
    assert sm.list_endpoint_configs()["EndpointConfigs"]


@pytest.mark.parametrize("n", VARIANTS)
def test_training_jobs(sm: Any, n: int) -> None:
    sm.create_training_job(
        TrainingJobName=f"train-{n}",
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        RoleArn=ROLE,
        OutputDataConfig={"S3OutputPath": "s3://MyBucket/out"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )
    assert sm.describe_training_job(TrainingJobName=f"train-{n}")["TrainingJobName"]
    assert sm.list_training_jobs()["TrainingJobSummaries"]

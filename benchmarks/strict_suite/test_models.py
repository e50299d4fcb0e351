from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from conftest import IMAGE, MOTO_ARN, ROLE, VARIANTS


def _create(sm: Any, name: str, role: str = ROLE, **extra: Any) -> dict[str, Any]:
    return sm.create_model(  # type: ignore[no-any-return]
        ModelName=name, ExecutionRoleArn=role, PrimaryContainer={"Image": IMAGE}, **extra
    )


@pytest.mark.parametrize("n", VARIANTS)
def test_create_and_describe(sm: Any, n: int) -> None:
    _create(sm, f"model-{n}", VpcConfig={"SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1"]})
    assert sm.describe_model(ModelName=f"model-{n}")["ModelName"] == f"model-{n}"


@pytest.mark.parametrize("n", VARIANTS)
def test_moto_style_model(sm: Any, n: int) -> None:
    sm.create_model(ModelName=f"Model{n}", ExecutionRoleArn=MOTO_ARN)
    assert len(sm.list_models()["Models"]) == 1


@pytest.mark.parametrize("n", VARIANTS)
def test_list_sorted_and_filtered(sm: Any, n: int) -> None:
    for i in range(n + 2):
        _create(sm, f"blah-{i}")
    models = sm.list_models(SortBy="Name", SortOrder="Ascending", NameContains="blah")["Models"]
    assert len(models) == n + 2
    assert sm.list_models(MaxResults=1)["Models"]


@pytest.mark.parametrize("n", VARIANTS)
def test_delete_and_not_found(sm: Any, n: int) -> None:
    _create(sm, f"gone-{n}")
    sm.delete_model(ModelName=f"gone-{n}")
    with pytest.raises(ClientError):
        sm.describe_model(ModelName=f"gone-{n}")


@pytest.mark.parametrize("n", VARIANTS)
def test_tags(sm: Any, n: int) -> None:
    arn = _create(sm, f"tagged-{n}")["ModelArn"]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": f"k{n}", "Value": "v"}])
    assert sm.list_tags(ResourceArn=arn)["Tags"]
    sm.delete_tags(ResourceArn=arn, TagKeys=[f"k{n}"])

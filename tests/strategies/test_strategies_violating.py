"""violating(): each draw breaks its one constraint (or what it declares it implies)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from strategy_checks import OPERATIONS, PACK, assert_breaks_only

from smcontract.errors import UsageError
from smcontract.strategies import CannotViolate, unviolatable, valid, violating


def _violatable() -> list[tuple[str, str]]:
    out = []
    for operation in OPERATIONS:
        skip = unviolatable(operation)
        out += [
            (operation, c.id) for c in PACK.operation(operation).constraints if c.id not in skip
        ]
    return out


VIOLATABLE = _violatable()


@pytest.mark.parametrize(("operation", "constraint_id"), VIOLATABLE, ids=[c for _, c in VIOLATABLE])
def test_violating_breaks_exactly_its_constraint(operation: str, constraint_id: str) -> None:
    @settings(max_examples=4, deadline=None)
    @given(violating(operation, constraint_id))
    def check(request: dict[str, Any]) -> None:
        assert_breaks_only(operation, constraint_id, request)

    check()


@pytest.mark.slow
@pytest.mark.parametrize(("operation", "constraint_id"), VIOLATABLE, ids=[c for _, c in VIOLATABLE])
def test_violating_many(operation: str, constraint_id: str) -> None:
    @settings(max_examples=60, deadline=None, database=None)
    @given(violating(operation, constraint_id))
    def check(request: dict[str, Any]) -> None:
        assert_breaks_only(operation, constraint_id, request)

    check()


def test_there_are_many_violatable_constraints() -> None:
    assert len(VIOLATABLE) > 500


def _labels(operation: str, constraint_id: str, n: int = 60) -> set[str]:
    from smcontract.strategies._strategies import labelled_violations

    seen: set[str] = set()

    @settings(max_examples=n, deadline=None, database=None)
    @given(labelled_violations(operation, constraint_id))
    def collect(labelled: tuple[str, Any]) -> None:
        seen.add(labelled[0].split(" at ")[0])

    collect()
    return seen


@pytest.mark.parametrize(
    ("constraint_id", "expected"),
    [
        ("CreateCompilationJob.CompilationJobName.length", {"length=max+1"}),
        ("CreateCompilationJob.OutputConfig.TargetPlatform.Os.enum", {"enum: lower case"}),
        (
            "CreateCompilationJob.StoppingCondition.MaxPendingTimeInSeconds.range",
            {"range=min-1", "range=max+1"},
        ),
        ("CreateCompilationJob.VpcConfig.Subnets.items", {"items=max+1", "items=min-1"}),
        (
            "CreateCompilationJob.(InputConfig|ModelPackageVersionArn).exactly-one",
            {
                "exactly-one: both InputConfig and ModelPackageVersionArn",
                "exactly-one: none of InputConfig, ModelPackageVersionArn",
            },
        ),
        (
            "CreateCompilationJob.StoppingCondition.MaxWaitTimeInSeconds.compare",
            {"compare: MaxWaitTimeInSeconds one below MaxRuntimeInSeconds"},
        ),
        (
            "CreateCompilationJob.CompilationJobName.required",
            {"required: CompilationJobName missing", "required: CompilationJobName null"},
        ),
    ],
)
def test_near_misses_are_the_documented_ones(constraint_id: str, expected: set[str]) -> None:
    operation = constraint_id.split(".")[0]
    labels = _labels(operation, constraint_id)
    assert expected <= labels, labels


def test_a_unique_near_miss_duplicates_a_tag_key() -> None:
    labels = _labels("CreateCompilationJob", "CreateCompilationJob.Tags.unique", 10)
    assert all(label.startswith("unique: Key ") and label.endswith(" twice") for label in labels)


def test_a_length_near_miss_is_one_past_the_bound() -> None:
    @settings(max_examples=30, deadline=None)
    @given(violating("DescribeCompilationJob", "DescribeCompilationJob.CompilationJobName.length"))
    def check(request: dict[str, Any]) -> None:
        assert len(request["CompilationJobName"]) == 64

    check()


def test_a_suffix_near_miss_keeps_the_pattern() -> None:
    cid = "CreateCompilationJob.InputConfig.S3Uri.suffix"

    @settings(max_examples=30, deadline=None)
    @given(violating("CreateCompilationJob", cid))
    def check(request: dict[str, Any]) -> None:
        uri = request["InputConfig"]["S3Uri"]
        assert not uri.endswith(".tar.gz")
        assert uri.startswith(("s3://", "https://"))

    check()


def test_unknown_constraint_raises_usage_error_at_once() -> None:
    with pytest.raises(UsageError, match=r"CreateModel\.ModelName\.pattern"):
        violating("CreateModel", "CreateModel.ModelName.patern")


def test_unknown_operation_raises_usage_error_at_once() -> None:
    with pytest.raises(UsageError, match="Did you mean"):
        violating("CreateModle", "CreateModel.ModelName.pattern")


def test_unviolatable_constraint_raises_when_drawn_not_when_built() -> None:
    strategy = violating("CreateModel", "CreateModel.error.duplicate-name")

    @settings(max_examples=1, deadline=None, database=None)
    @given(strategy)
    def draw(request: dict[str, Any]) -> None:
        raise AssertionError("unreachable")

    with pytest.raises(CannotViolate, match="behaviour"):
        draw()


def test_health_checks_do_not_fire_on_default_settings() -> None:
    """Default settings, nothing suppressed: the filters almost never reject."""
    for strategy in (
        valid("CreateModel"),
        violating("CreateModel", "CreateModel.Containers.ContainerHostname.all-or-none"),
        violating("CreateCompilationJob", "CreateCompilationJob.Tags.unique"),
    ):

        @settings(suppress_health_check=[], deadline=None)
        @given(strategy)
        def check(request: dict[str, Any]) -> None:
            pass

        check()


def test_health_check_setting_is_respected() -> None:
    assert HealthCheck.filter_too_much not in settings.default.suppress_health_check

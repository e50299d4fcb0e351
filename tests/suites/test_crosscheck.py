"""The oracle against botocore's ParamValidator: they agree, or a recorded reason says why."""

from __future__ import annotations

import pytest

from smcontract.contracts import ContractPack, validate
from smcontract.suites._crosscheck import (
    SEED_OPERATIONS,
    Explanation,
    botocore_errors,
    botocore_findings,
    botocore_path,
    crosscheck,
    load_explanations,
    oracle_findings,
)

VALID = {
    "CompilationJobName": "job-1",
    "RoleArn": "arn:aws:iam::123456789012:role/r",
    "OutputConfig": {"S3OutputLocation": "s3://b/o", "TargetDevice": "ml_c5"},
    "StoppingCondition": {"MaxRuntimeInSeconds": 900},
    "InputConfig": {"S3Uri": "s3://b/m.tar.gz", "Framework": "TENSORFLOW"},
}


def test_botocore_errors_keep_the_shape_this_module_reads() -> None:
    """The one private botocore attribute read: fails loudly if botocore changes it."""
    errors = botocore_errors("CreateCompilationJob", {**VALID, "RoleArn": 5})
    assert errors
    kind, name, details = errors[0]
    assert (kind, name) == ("invalid type", ".RoleArn")
    assert details["param"] == 5


def test_both_find_a_missing_member_and_a_short_name(pack: ContractPack) -> None:
    request = {k: v for k, v in VALID.items() if k != "RoleArn"}
    request["CompilationJobName"] = ""
    ours = oracle_findings(pack, validate("CreateCompilationJob", request, pack=pack), request)
    theirs = botocore_findings(pack, "CreateCompilationJob", request)
    assert ours.keys() == theirs.keys() == {("required", "RoleArn"), ("min", "CompilationJobName")}


def test_a_length_above_the_maximum_is_left_out(pack: ContractPack) -> None:
    """botocore checks no maxima, so the oracle's finding above a maximum is not compared."""
    request = {**VALID, "CompilationJobName": "a" * 64}
    found = validate("CreateCompilationJob", request, pack=pack)
    assert any(v.kind == "length" for v in found)
    assert oracle_findings(pack, found, request) == {}


def test_map_paths_are_spelled_as_botocore_spells_them() -> None:
    assert botocore_path('Env["a.b\\"c"]') == 'Env.a.b"c'
    assert botocore_path('Env{key="k\\u000b"}') == "Env (key: k\x0b)"


@pytest.mark.parametrize("entry", load_explanations(), ids=lambda e: e.id)
def test_every_recorded_behaviour_shows_on_its_example(
    pack: ContractPack, entry: Explanation
) -> None:
    operation = "ListTrialComponents" if "CreatedAfter" in entry.example else "CreateCompilationJob"
    ours = oracle_findings(pack, validate(operation, entry.example, pack=pack), entry.example)
    theirs = botocore_findings(pack, operation, entry.example)
    side, other = (ours, theirs) if entry.side == "oracle" else (theirs, ours)
    alone = {f: t for f, t in side.items() if f not in other}
    assert any(
        f[0] == entry.kind and t[1] == entry.value_type and entry.model_type in ("*", t[0])
        for f, t in alone.items()
    ), (alone, entry)


def test_an_oracle_bug_is_an_unexplained_disagreement(pack: ContractPack) -> None:
    """With the recorded reasons withheld, the known differences are unexplained: the
    comparison can fail."""
    result = crosscheck(pack, ["ListTrialComponents"], count=200, seed=3, explanations=[])
    assert result.disagreements
    assert result.explained == 0


@pytest.mark.slow
def test_oracle_and_botocore_agree_on_sampled_requests(pack: ContractPack) -> None:
    result = crosscheck(pack, SEED_OPERATIONS, count=400, seed=0)
    assert result.requests == 400 * len(SEED_OPERATIONS)
    unexplained = [d for d in result.disagreements if not d.explained]
    assert not unexplained, unexplained[:3]

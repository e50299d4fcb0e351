"""The AWS validation-message parser, on real-shaped messages."""

from __future__ import annotations

import pytest

from smcontract.suites._messages import (
    NOT_FOUND,
    Cited,
    answered_situation,
    cites,
    normalise_path,
    parse_validation_message,
)

ENUM = (
    "1 validation error detected: Value 'not_a_device' at 'outputConfig.targetDevice' failed to "
    "satisfy constraint: Member must satisfy enum value set: [lambda, ml_m4, ml_m5, jetson_tx1]"
)
TWO = (
    "2 validation errors detected: Value 'bad_name!' at 'compilationJobName' failed to satisfy "
    "constraint: Member must satisfy regular expression pattern: "
    "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}; "
    "Value null at 'roleArn' failed to satisfy constraint: Member must not be null"
)


def test_one_enum_error() -> None:
    (cited,) = parse_validation_message(ENUM)
    assert cited.path == "outputConfig.targetDevice"
    assert cited.kinds == ("enum",)
    assert cited.value == "not_a_device"


def test_two_errors_split_at_the_second_value() -> None:
    first, second = parse_validation_message(TWO)
    assert (first.path, first.kinds, first.value) == (
        "compilationJobName",
        ("pattern",),
        "bad_name!",
    )
    assert first.constraint.endswith("{0,62}")
    assert (second.path, second.kinds, second.value) == ("roleArn", ("required",), None)


def test_a_value_holding_the_separator_does_not_split() -> None:
    message = (
        "2 validation errors detected: Value 'a; Value b' at 'modelName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [a-z]+; "
        "Value '0' at 'maxResults' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"
    )
    first, second = parse_validation_message(message)
    assert first.value == "a; Value b"
    assert first.kinds == ("pattern",)
    assert (second.path, second.kinds, second.value) == ("maxResults", ("range",), "0")


@pytest.mark.parametrize(
    ("constraint", "value", "kind"),
    [
        ("Member must have length less than or equal to 63", "'" + "a" * 64 + "'", "length"),
        ("Member must have length greater than or equal to 1", "''", "length"),
        ("Member must have length less than or equal to 50", "'[k=v, k2=v2]'", "items"),
        ("Member must have length less than or equal to 100", "'{a=b, c=d}'", "entries"),
        ("Member must have value less than or equal to 100", "'101'", "range"),
        ("Member must have value greater than or equal to 1", "'0'", "range"),
        ("Member must not be null", "null", "required"),
        ("Member must satisfy regular expression pattern: .*", "'x'", "pattern"),
        ("Member must satisfy enum value set: [A, B]", "'C'", "enum"),
    ],
)
def test_each_phrase_maps_to_its_kind(constraint: str, value: str, kind: str) -> None:
    message = (
        f"1 validation error detected: Value {value} at 'x' failed to satisfy constraint: "
        f"{constraint}"
    )
    (cited,) = parse_validation_message(message)
    assert cited.kinds == (kind,)


def test_list_index_paths() -> None:
    message = (
        "1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy "
        "constraint: Member must have length greater than or equal to 1"
    )
    (cited,) = parse_validation_message(message)
    assert cited.path == "tags.1.member.key"
    assert normalise_path(cited.path) == normalise_path("Tags[0].Key") == ("tags", "key")
    assert cites([cited], [("Tags[0].Key", "length")])
    assert not cites([cited], [("Tags[0].Value", "length")])
    assert not cites([cited], [("Tags[0].Key", "pattern")])


def test_nested_list_and_map_constraints() -> None:
    message = (
        "2 validation errors detected: Value '[sg 1]' at 'vpcConfig.securityGroupIds' failed to "
        "satisfy constraint: Member must satisfy constraint: [Member must have length less than "
        "or equal to 32, Member must satisfy regular expression pattern: [-0-9a-zA-Z]+]; "
        "Value '{a=b}' at 'environment' failed to satisfy constraint: Map value must satisfy "
        "constraint: [Member must have length less than or equal to 1024]"
    )
    groups, env = parse_validation_message(message)
    assert groups.path == "vpcConfig.securityGroupIds[]"
    assert set(groups.kinds) == {"length", "pattern"}
    assert env.path == "environment{value}"
    assert cites([groups], [("VpcConfig.SecurityGroupIds[1]", "pattern")])
    assert cites([env], [('Environment["a"]', "length")])


def test_free_text_is_not_parsed() -> None:
    assert (
        parse_validation_message("Either InputConfig or ModelPackageVersionArn is required") == ()
    )
    assert parse_validation_message(None) == ()
    assert parse_validation_message("") == ()


def test_paths_compare_without_case_and_sizes_are_one_family() -> None:
    cited = Cited("outputConfig.s3OutputLocation", ("length",), "", "x")
    assert cites([cited], [("OutputConfig.S3OutputLocation", "length")])
    tags = Cited("tags", ("length",), "", "x")
    assert cites([tags], [("Tags", "items")])


def test_star_matches_any_kind_at_or_below_the_path() -> None:
    cited = Cited("inputConfig", ("required",), "", None)
    assert cites([cited], [("InputConfig", "*")])
    assert cites([Cited("inputConfig.s3Uri", (), "", "x")], [("InputConfig", "*")])
    assert not cites([Cited("roleArn", ("required",), "", None)], [("InputConfig", "*")])


@pytest.mark.parametrize(
    "message",
    [
        "Could not find model 'arn:aws:sagemaker:us-east-1:123456789012:model/a b'.",
        'Could not find model "None".',
        "Could not find compilation job 'nope'.",
        "Trial 'x' does not exist.",
        "Resource not found",
        "The model could not be found",
        "No such entity",
    ],
)
def test_a_not_found_answer_is_recognised(message: str) -> None:
    assert answered_situation(message) == NOT_FOUND


@pytest.mark.parametrize(
    "message",
    [
        None,
        "",
        "Invalid pagination token",
        "Kind is not valid",
        # how a validation may word an enum: not a missing resource
        "Kind 'C' not found in [A, B]",
        # an AWS validation message is judged by what it cites, even when a value says "not found"
        "1 validation error detected: Value 'not found' at 'kind' failed to satisfy constraint: "
        "Member must satisfy enum value set: [A, B]",
        ENUM,
    ],
)
def test_other_messages_answer_no_other_situation(message: str | None) -> None:
    assert answered_situation(message) is None

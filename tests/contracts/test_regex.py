"""The Java -> regex translation, on hand-picked dialect cases and on every SageMaker pattern."""

from __future__ import annotations

import botocore.session
import pytest

from smcontract.contracts import PatternError, compile_pattern, full_match, translate_pattern
from smcontract.contracts._regex import pattern_width

ALL_PATTERNS = sorted(
    {
        shape.metadata["pattern"]
        for model in [botocore.session.get_session().get_service_model("sagemaker")]
        for shape in map(model.shape_for, model.shape_names)
        if "pattern" in shape.metadata
    }
)


def test_every_pattern_of_the_whole_sagemaker_model_compiles() -> None:
    assert len(ALL_PATTERNS) > 200  # distinct patterns of 441 pattern shapes (botocore 1.43)
    failures = []
    for pattern in ALL_PATTERNS:
        try:
            compile_pattern(pattern)
            pattern_width(pattern)
        except PatternError as err:
            failures.append(str(err))
    assert failures == []


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        # Java's \d is ASCII: Arabic-Indic digits are not digits.
        (
            r"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+",
            "arn:aws:iam::123456789012:role/r",
            True,
        ),
        (
            r"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+",
            "arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/r",
            False,
        ),
        # \p{L}, \p{Z}, \p{N} are Unicode.
        (r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)", "Größe 日本 ٣", True),
        (r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)", "a!b", False),
        # Implicit full match, no anchors.
        (r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", "job-1", True),
        (r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", "job-", False),
        (r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", "x" * 64, False),
        # Lookahead and lookbehind.
        (r"(?!\s*$).+", "   ", False),
        (r"(?!\s*$).+", " a", True),
        (r"([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)", "abc-", False),
        # Negated escapes inside a class, and Java's ASCII \s (U+00A0 is not a space).
        (r"[\S\s]+", "a b\n", True),
        (r"[\S]+", "a\u00a0b", True),
        (r"[\S]+", "a b", False),
        # The malformed quantified anchor of CustomerMetadataKey.
        (r"([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${1,128}", "key", True),
        # A UTF-16 surrogate pair means the supplementary planes.
        (r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*", "ok \U0001f600", True),
        (r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*", "\x01", False),
        # Java's '.' stops at every line terminator; an escaped dot is a literal.
        (r".*", "a\rb", False),
        (r".*", "a\u2028b", False),
        (r".*", "a\tb", True),
        (r"[0-9]\.[A-Za-z0-9.]+", "1.x.y", True),
        (r"[0-9]\.[A-Za-z0-9.]+", "1x", False),
        # POSIX classes are ASCII.
        (r"\p{Alnum}+", "abc1", True),
        (r"\p{Alnum}+", "é", False),
    ],
)
def test_dialect(pattern: str, value: str, expected: bool) -> None:
    assert full_match(pattern, value) is expected


def test_translation_is_visible() -> None:
    assert translate_pattern(r"\d{12}") == "[0-9]{12}"
    assert translate_pattern(r"a${1,128}") == "a$"


def test_untranslatable_pattern_is_reported_not_dropped() -> None:
    with pytest.raises(PatternError, match="does not compile"):
        compile_pattern("(unclosed")


@pytest.mark.parametrize(
    ("pattern", "width"),
    [
        (r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", (1, None)),
        (r"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+", (31, None)),
        (r"[0-9]{12}", (12, 12)),
        (r"[\S\s]+", (1, None)),
    ],
)
def test_pattern_width(pattern: str, width: tuple[int, int | None]) -> None:
    assert pattern_width(pattern) == width

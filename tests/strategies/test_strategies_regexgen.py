"""The Java-pattern generator: Java semantics, length budgets, agreement with the oracle."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smcontract.contracts import full_match
from smcontract.strategies._choosers import MinimalChooser, RandomChooser
from smcontract.strategies._regexgen import Infeasible, Unsupported, alphabet_of, compile_plan

PATTERNS = [
    r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
    r"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+",
    r"(https|s3)://([^/]+)/?(.*)",
    r"[\S\s]+",
    r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)",
    r"(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:[a-z\-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\/[0-9]{1,9})?",
    r"^(?!\s*$).+",
    r"[\w:]+",
    r"\p{Alnum}{2,4}x?",
    r"a\.c\u00e9\x41\t?",
]


@pytest.mark.parametrize("pattern", PATTERNS)
@given(seed=st.integers(0, 2**32 - 1), lo=st.integers(0, 80))
@settings(max_examples=60, deadline=None)
def test_generated_strings_match_and_fit(pattern: str, seed: int, lo: int) -> None:
    plan = compile_plan(pattern)
    try:
        value = plan.generate(RandomChooser(seed), lo, lo + 10)
    except Infeasible:
        assert lo + 10 < plan.min_len or (plan.max_len is not None and lo > plan.max_len)
        return
    assert lo <= len(value) <= lo + 10
    if full_match(pattern, value):
        return
    # Only assertions (look-arounds) may fail; the caller falls back then.
    assert "(?" in pattern


@pytest.mark.parametrize("size", [1, 2, 30, 63, 64, 200])
def test_exact_lengths(size: int) -> None:
    plan = compile_plan(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
    value = plan.generate(RandomChooser(size), size, size)
    assert len(value) == size
    assert full_match(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", value)


def test_impossible_lengths_are_infeasible() -> None:
    with pytest.raises(Infeasible):
        compile_plan(r"[0-9]{12}").generate(MinimalChooser(), 13, 13)


def test_java_digits_are_ascii() -> None:
    assert alphabet_of(r"\d") == "0123456789"
    assert "٣" in alphabet_of(r"\p{N}")


def test_java_dot_excludes_every_line_terminator() -> None:
    for char in "\n\r\x85\u2028":
        assert char not in alphabet_of(".")


def test_unicode_classes_keep_only_what_the_oracle_accepts() -> None:
    letters = alphabet_of(r"[\p{L}]")
    assert "é" in letters
    assert "Ж" in letters
    assert "0" not in letters
    assert all(full_match(r"[\p{L}]", c) for c in letters)


def test_nested_unbounded_repetitions_stay_short() -> None:
    names = [
        compile_plan(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}").generate(RandomChooser(s), 0, 63)
        for s in range(200)
    ]
    assert max(len(n) for n in names) <= 63
    assert sum("----" in n for n in names) < 20


def test_unsupported_constructs_are_reported() -> None:
    with pytest.raises(Unsupported):
        compile_plan(r"(a)\1")
    with pytest.raises(Unsupported):
        compile_plan(r"(?i)abc")


def test_minimal_generation_is_the_shortest() -> None:
    assert compile_plan(r"[a-z]{3,5}").generate(MinimalChooser()) == "aaa"
    assert compile_plan(r"(https|s3)://([^/]+)/?(.*)").generate(MinimalChooser()) == "https://a"

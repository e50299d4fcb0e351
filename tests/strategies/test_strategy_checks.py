"""The checks the other tests rely on can fail (a checker that cannot fail proves nothing)."""

from __future__ import annotations

import pytest
from strategy_checks import assert_breaks_only, assert_valid


def test_assert_valid_fails_on_a_broken_request() -> None:
    with pytest.raises(AssertionError, match=r"CompilationJobName\.pattern"):
        assert_valid("DescribeCompilationJob", {"CompilationJobName": "bad_name"})


def test_assert_breaks_only_fails_when_the_rule_holds() -> None:
    with pytest.raises(AssertionError, match="is not broken"):
        assert_breaks_only(
            "DescribeCompilationJob",
            "DescribeCompilationJob.CompilationJobName.pattern",
            {"CompilationJobName": "good-name"},
        )


def test_assert_breaks_only_fails_on_a_second_violation() -> None:
    with pytest.raises(AssertionError, match="also broke"):
        assert_breaks_only(
            "DescribeCompilationJob",
            "DescribeCompilationJob.CompilationJobName.pattern",
            {"CompilationJobName": "bad_name" * 10},
        )

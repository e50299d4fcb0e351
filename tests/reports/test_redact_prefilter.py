"""The redaction prefilter (skip the patterns when none of their literals occurs) and the
single redaction of ``write_reports`` change no byte of what is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smcontract.reports import _redact
from smcontract.reports._redact import redact_text

PIECES = [
    "Signature=",
    "X-Amz-Signature=",
    "sıgnature=",  # dotless i: no match either way
    "ſignature=",  # U+017F folds to "s" under IGNORECASE
    "Credential=",
    "CREDENTIAL=",
    "/20260101/us-east-1/sagemaker/aws4_request",
    "X-Amz-Security-Token: ",
    "x-amz-security-token=",
    "Authorization: ",
    '"authorization": "',
    "aws_secret_access_key = ",
    "AWS_SESSION_TOKEN=",
    "SecretAccessKey",
    '"SessionToken": "',
    "https://user:",
    "@host/",
    "://",
    "$SECRET",
    "0123456789abcdef0123456789abcdef",
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "K",  # Kelvin sign
    " ",
    "\n",
    "&",
]


def _slow(text: str) -> str:
    """Every pattern, always: redact_text as it was before the prefilter."""
    for secret in _redact._env_secrets():
        if secret in text:
            text = text.replace(secret, _redact.MASK)
    for pattern, replacement in _redact._TEXT_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=12).map("".join))
def test_prefilter_changes_nothing(text: str) -> None:
    assert redact_text(text) == _slow(text)


def test_every_pattern_needs_a_trigger() -> None:
    # A pattern added without its literal in _TRIGGERS would be skipped: keep them in step.
    assert len(_redact._TEXT_PATTERNS) == 6
    for sample in (
        "Signature=0123456789abcdef0123",
        "Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sagemaker/aws4_request",
        "X-Amz-Security-Token=abc",
        "Authorization: AWS4-HMAC-SHA256 abc",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG",
        "https://user:pass@host/",
    ):
        assert redact_text(sample) != sample
        assert redact_text(sample) == _slow(sample)


def test_write_reports_writes_what_each_writer_writes(tmp_path: Path) -> None:
    from smcontract.contracts import load_contracts
    from smcontract.reports import (
        ReportBuilder,
        write_html,
        write_json,
        write_junit,
        write_md,
        write_reports,
    )
    from smcontract.suites import run

    builder = ReportBuilder()
    run(load_contracts(), ["moto"], operations=["DescribeModel"], sinks=[builder])
    report = builder.report()
    together = tmp_path / "together"
    alone = tmp_path / "alone"
    together.mkdir()
    alone.mkdir()
    written = write_reports(report, together)
    for writer in (write_json, write_junit, write_html, write_md):
        writer(report, alone)
    for path in written:
        assert path.read_bytes() == (alone / path.name).read_bytes(), path.name


_KEYS = st.sampled_from(["token", "NextToken", "Authorization", "secret", "x", "SECRET"])
_TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=6).map("".join)
_JSON = st.recursive(
    st.none() | st.integers() | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS | _TEXT, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None)
@given(_JSON)
def test_what_the_json_check_calls_clean_redact_leaves_alone(data: object) -> None:
    """The writers skip the walk over a report whose JSON text shows nothing to mask: that
    must never skip something redact would mask."""
    if _redact.surely_clean(data):
        assert _redact.redact(data) == data


def test_an_environment_secret_is_seen_by_the_json_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY")
    _redact._env_secrets.cache_clear()
    try:
        assert not _redact.surely_clean({"a": ["x wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY y"]})
        assert _redact.surely_clean({"a": ["x"]})
        assert not _redact.surely_clean({"NextToken": 1, "b": {"Token": None}})
        assert not _redact.surely_clean({"a": object()})  # not JSON: unsure
    finally:
        _redact._env_secrets.cache_clear()


def test_the_folded_search_finds_every_spelling_the_patterns_match() -> None:
    """re.IGNORECASE matches the long s (U+017F) for s, the Kelvin sign for k and both
    Turkish i's for i; the JSON check searches case-folded text, which must find each of
    them (every letter that folds to an ASCII one is in the Basic Multilingual Plane)."""
    import re

    twins: dict[str, list[str]] = {}
    for letter in {c for literal in _redact._FOLDED for c in literal if c.isalpha()}:
        pattern = re.compile(re.escape(letter), re.IGNORECASE)
        twins[letter] = [chr(cp) for cp in range(0x10000) if pattern.fullmatch(chr(cp))]
    assert "\u017f" in twins["s"]  # the point of the test
    assert "\u0131" in twins["i"]
    for literal in _redact._FOLDED:
        for index, letter in enumerate(literal):
            for twin in twins.get(letter, []):
                spelled = f"x {literal[:index]}{twin}{literal[index + 1 :]} y"
                assert _redact._TRIGGERS.search(spelled)
                assert literal in _redact._fold(spelled), spelled

"""Every pattern of botocore's SageMaker model: generation, translation and ``regex`` agree.

For each pattern the generator makes a string of a random length, and a short one that is then
edited: every character of the comparison alphabet put in (and over) one position, plus a
random edit. The generated string must match the translation; and
on every string made only of characters where Java and the ``regex`` module mean the same
thing, the translation's verdict must equal that of ``regex`` compiling the Java text as is.
By default Hypothesis draws three seeds and each covers every pattern through the seeded
chooser (a few seconds); ``-m slow`` runs 50 examples per pattern with Hypothesis driving
the generator itself, one test per pattern.
"""

from __future__ import annotations

import functools
import random

import botocore.loaders
import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smcontract.contracts import compile_pattern
from smcontract.contracts._regex import _POSIX
from smcontract.contracts.regex_ast import Anchor, ClassEscape, Dot, Group, Property, walk
from smcontract.contracts.regex_ast import parse_pattern as parse
from smcontract.strategies._choosers import Chooser, DrawChooser, RandomChooser
from smcontract.strategies._regexgen import Infeasible, Plan, compile_plan

_MODEL = botocore.loaders.Loader().load_service_model("sagemaker", "service-2")
PATTERNS = sorted({shape["pattern"] for shape in _MODEL["shapes"].values() if "pattern" in shape})

#: Printable ASCII: Java's ASCII \d \w \s \b and '.' mean what regex's Unicode ones mean here.
_ASCII = "".join(map(chr, range(0x20, 0x7F)))
#: Where the two dialects part (line terminators, Unicode digits, letters and spaces).
_WIDE = "\t\n\r\x0b\x0c\x1c\x85\u00a0\u2028éЖ日٣"
#: Verdicts are compared on short strings: some AWS patterns backtrack exponentially on a
#: long near miss (``[a-z0-9]([-a-z0-9]*[a-z0-9]){0,39}?``), in Java as in ``regex``.
_SHORT = 16


def test_the_model_has_its_patterns() -> None:
    assert len(PATTERNS) > 200


@functools.cache
def _alphabet(pattern: str) -> str | None:
    """Characters on which ``regex`` reading the Java text as is must agree; None: nowhere."""
    nodes = list(walk(parse(pattern)))
    if any(isinstance(n, Property) and n.name.removeprefix("Is") in _POSIX for n in nodes):
        return None  # Java's POSIX classes are ASCII sets, regex's are Unicode properties
    ascii_only = any(
        isinstance(n, Dot | ClassEscape) or (isinstance(n, Anchor) and n.raw in ("\\b", "\\B"))
        for n in nodes
    )
    return _ASCII if ascii_only else _ASCII + _WIDE


@functools.cache
def _direct(pattern: str) -> regex.Pattern[str] | None:
    try:
        return regex.compile(pattern, flags=regex.V1)
    except regex.error:
        return None  # e.g. ${1,128}: only Java accepts it


def _asserts(pattern: str) -> bool:
    """Whether the pattern has look-arounds or anchors inside it, which generation ignores."""
    return any(
        isinstance(n, Anchor) or (isinstance(n, Group) and n.kind.zero_width)
        for n in walk(parse(pattern))
    )


def _edited(value: str, alphabet: str, rnd: random.Random) -> str:
    """``value`` with up to three one-character insertions, deletions or replacements."""
    chars = list(value)
    for _ in range(rnd.randint(0, 3)):
        at = rnd.randint(0, len(chars))
        edit = rnd.choice(["insert", "delete", "replace"])
        if edit != "insert" and at < len(chars):
            del chars[at]
        if edit != "delete":
            chars.insert(at, rnd.choice(alphabet))
    return "".join(chars)


def _samples(plan: Plan, chooser: Chooser, rnd: random.Random, alphabet: str) -> list[str]:
    """A short generated string, it with every character of the alphabet put in (or over)
    one position, a random edit of it, and a random string."""
    try:
        value = plan.generate(chooser, 0, _SHORT)
    except Infeasible:
        value = ""
    at = rnd.randint(0, len(value))
    samples = [value, _edited(value, alphabet, rnd)]
    samples += [value[:at] + char + value[at + 1 :] for char in alphabet]
    samples += [value[:at] + char + value[at:] for char in alphabet]
    samples.append("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, _SHORT))))
    return samples


def _check(pattern: str, chooser: Chooser, rnd: random.Random) -> None:
    plan = compile_plan(pattern)
    low = rnd.randint(0, 80)
    try:
        value = plan.generate(chooser, low, low + 20)
    except Infeasible:
        return
    translated = compile_pattern(pattern)
    if not _asserts(pattern):
        assert translated.fullmatch(value), f"{pattern!r}: generated {value!r} does not match"
    direct = _direct(pattern)
    alphabet = _alphabet(pattern)
    if direct is None or alphabet is None:
        return
    for sample in _samples(plan, chooser, rnd, alphabet):
        if set(sample) <= set(alphabet):
            ours = translated.fullmatch(sample) is not None
            theirs = direct.fullmatch(sample) is not None
            assert ours == theirs, f"{pattern!r}: verdicts differ on {sample!r}"


_SETTINGS = {"deadline": None, "database": None, "suppress_health_check": list(HealthCheck)}


@settings(max_examples=3, **_SETTINGS)
@given(seed=st.integers(0, 2**32 - 1))
def test_translation_agrees_with_regex_on_generated_strings(seed: int) -> None:
    for index, pattern in enumerate(PATTERNS):  # every pattern in every example
        _check(pattern, RandomChooser(seed + index), random.Random(seed + index))


@pytest.mark.slow
@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=50, **_SETTINGS)
@given(data=st.data(), seed=st.integers(0, 2**32 - 1))
def test_translation_agrees_with_regex_on_many_strings(
    pattern: str, data: st.DataObject, seed: int
) -> None:
    _check(pattern, DrawChooser(data.draw), random.Random(seed))

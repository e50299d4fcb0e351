"""The one parse of the Java dialect, and its three walks: ``regex``, ECMA-262, generation."""

from __future__ import annotations

import pytest

from smcontract.contracts import PatternError, compile_pattern, full_match, translate_pattern
from smcontract.contracts._openapi import ecma_pattern
from smcontract.contracts._regex import pattern_width
from smcontract.contracts.regex_ast import (
    Anchor,
    Char,
    CharClass,
    Mode,
    Repeat,
    Sequence,
    parse_pattern,
    walk,
)
from smcontract.strategies._choosers import RandomChooser
from smcontract.strategies._regexgen import compile_plan

# -- ^ and $: anchors outside a class, literals inside one ---------------------------------


def test_anchor_characters_inside_a_class_are_literals_and_keep_what_follows() -> None:
    assert parse_pattern("[$?]") == CharClass(False, ((Char("$", "$"), Char("?", "?")),))
    assert parse_pattern("[^+]+") == Repeat(
        CharClass(True, ((Char("+", "+"),),)), 1, None, Mode.GREEDY, "+"
    )
    assert parse_pattern("a${1,128}") == Sequence(
        (Char("a", "a"), Repeat(Anchor("$"), 1, 128, Mode.GREEDY, "{1,128}"))
    )


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        # A negated class followed by a quantifier (used to lose its '+' and not compile).
        ("[^+]+", "abc", True),
        ("[^+]+", "a+b", False),
        ("[^+]+", "", False),
        # '$' and '?' inside a class are two literals (used to become "[$]").
        ("[$?]", "$", True),
        ("[$?]", "?", True),
        ("[$?]", "a", False),
        ("[$?]{2}", "?$", True),
        ("[a^]*", "a^a", True),
        ("[\\^$]+", "^$", True),
        # Outside a class they are anchors; a quantified anchor matches nothing extra.
        ("a${1,128}", "a", True),
        ("a${1,128}", "a$", False),
        ("^*a", "a", True),
        ("^[^^]*$", "ab", True),
        ("^[^^]*$", "a^b", False),
        ("(a|$)b", "ab", True),
    ],
)
def test_anchors_inside_and_outside_classes(pattern: str, value: str, expected: bool) -> None:
    assert full_match(pattern, value) is expected


def test_anchors_inside_classes_in_every_walk() -> None:
    assert translate_pattern("[$?]") == "[$?]"
    assert translate_pattern("[^+]+") == "[^+]+"
    assert translate_pattern("a${1,128}") == "a$"
    assert ecma_pattern("[$?]") == ("^(?:[$?])$", None)
    assert ecma_pattern("[^+]+") == ("^(?:[^+]+)$", None)
    assert ecma_pattern("a${1,128}") == (None, "a quantified anchor")
    assert pattern_width("[$?]") == (1, 1)
    assert pattern_width("a${1,128}") == (1, 1)
    drawn = {compile_plan("[$?]").generate(RandomChooser(seed)) for seed in range(40)}
    assert drawn == {"$", "?"}
    for seed in range(40):
        assert "+" not in compile_plan("[^+]+").generate(RandomChooser(seed), 1, 30)


# -- what Java rejects ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        ("*a", "dangling quantifier '*' (nothing to repeat) at position 0"),
        ("a**", "dangling quantifier '*' (nothing to repeat) at position 2"),
        ("a{x}", "illegal repetition"),
        ("a{3,2}", "illegal repetition range"),
        ("[a-z", "unclosed character class at position 0"),
        ("(ab", "unclosed group at position 0"),
        ("ab)", "unmatched ')' at position 2"),
        ("[z-a]", "illegal character range z-a"),
        (r"\q", r"unknown escape \q"),
        ("(?#x)", "unknown group construct"),
        ("a\\", "trailing backslash"),
    ],
)
def test_what_java_rejects_is_a_pattern_error_with_its_position(pattern: str, what: str) -> None:
    with pytest.raises(PatternError, match="does not compile") as caught:
        parse_pattern(pattern)
    assert what in str(caught.value)
    with pytest.raises(PatternError):
        compile_pattern(pattern)
    assert ecma_pattern(pattern)[0] is None


# -- escapes the regex module spells differently ------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        (r"\e", "\x1b", True),
        (r"\x{41}\0101\cA", "AA\x01", True),
        (r"\N{LATIN SMALL LETTER E WITH ACUTE}", "é", True),
        (r"\Q.*\E", ".*", True),
        (r"\Q.*\E", "ab", False),
        (r"\uD83D\uDE00", "\U0001f600", True),
        (r"\h+", "\u00a0\t", True),
        (r"\v", "\u2028", True),
        (r"\v", " ", False),
        (r"a\z", "a", True),
        (r"\bab\B", "ab", False),
        # Doubled '-', '|', '~' are literals in a Java class, operators in regex's V1.
        ("[+--]", ",", True),
        ("[a||b]", "|", True),
        ("[~~]", "~", True),
        ("[[:a]]", ":", True),
        # Intersection and nested classes are Java's.
        ("[a-z&&[^aeiou]]", "b", True),
        ("[a-z&&[^aeiou]]", "a", False),
        (r"(?<x>a)\k<x>", "aa", True),
        ("(a)\\1", "aa", True),
    ],
)
def test_java_meaning_of_escapes_and_class_syntax(pattern: str, value: str, expected: bool) -> None:
    assert full_match(pattern, value) is expected


def test_widths_are_a_walk_over_the_tree() -> None:
    assert pattern_width(r"\pL+") == (1, None)  # the old text scan counted "\pL" as two
    assert pattern_width("(?<name>ab)+c{2}") == (4, None)  # the old one did not parse it
    assert pattern_width("(?=ab)c{0}d?") == (0, 1)
    assert pattern_width(r"\Qabc\E|x") == (1, 3)


def test_walk_visits_every_node_in_reading_order() -> None:
    chars = [n.char for n in walk(parse_pattern("a(b|[c-d])*")) if isinstance(n, Char)]
    assert chars == ["a", "b", "c", "d"]

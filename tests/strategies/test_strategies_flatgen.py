"""Repetitions of character sets drawn as one text and walked through their automaton."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smcontract.contracts import full_match, load_contracts
from smcontract.strategies._choosers import Chooser, MinimalChooser, RandomChooser
from smcontract.strategies._context import context
from smcontract.strategies._flatgen import Atom, Flat, Segment
from smcontract.strategies._regexgen import UNIVERSE, Infeasible, compile_plan
from smcontract.strategies._slots import find_slot, sites
from smcontract.strategies.kinds import GENERATION

NAME = r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
FLAT = [
    NAME,
    r"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+",
    r"(\.[a-z]{2,3}){2,4}",
    r"(a?b?){3}",
    r"([\-a-zA-Z0-9]*[a-zA-Z0-9])?",
    r"(x[0-9]{1,3}-)+",
    r"[0-9]\.[A-Za-z0-9.]+",
    r"[a-zA-Z_][a-zA-Z0-9_]*",
]


class Counting:
    """A chooser that counts the choices it is asked for."""

    def __init__(self, inner: Chooser) -> None:
        self.inner = inner
        self.calls = 0

    def integer(self, lo: int, hi: int) -> int:
        self.calls += 1
        return self.inner.integer(lo, hi)

    def real(self, lo: float, hi: float) -> float:
        self.calls += 1
        return self.inner.real(lo, hi)

    def text(self, alphabet: str, lo: int, hi: int) -> str:
        self.calls += 1
        return self.inner.text(alphabet, lo, hi)

    def bulk(self) -> Chooser:
        self.calls += 1
        return self.inner.bulk()


@pytest.mark.parametrize("pattern", FLAT)
@given(seed=st.integers(0, 2**32 - 1), lo=st.integers(0, 70), width=st.integers(0, 8))
@settings(max_examples=80, deadline=None)
def test_flat_plans_match_at_every_length(pattern: str, seed: int, lo: int, width: int) -> None:
    plan = compile_plan(pattern)
    assert plan.flat is not None
    try:
        value = plan.generate(RandomChooser(seed), lo, lo + width)
    except Infeasible:
        return
    assert lo <= len(value) <= lo + width
    assert full_match(pattern, value), value


def test_a_name_is_one_choice() -> None:
    """The name pattern is one text choice, not one (or two) per repetition."""
    for seed in range(50):
        counting = Counting(RandomChooser(seed))
        value = compile_plan(NAME).generate(counting, 0, 63)
        assert full_match(NAME, value)
        assert counting.calls == 1


def test_every_length_a_name_can_have_is_reached() -> None:
    plan = compile_plan(NAME)
    for size in range(1, 80):
        value = plan.generate(RandomChooser(size), size, size)
        assert len(value) == size
        assert full_match(NAME, value)


def test_simplest_draws_give_simplest_strings() -> None:
    assert compile_plan(NAME).generate(MinimalChooser()) == "a"
    assert compile_plan(r"(\.[a-z]{2,3}){2,4}").generate(MinimalChooser()) == ".aa.aa"
    assert compile_plan(r"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-z]+").generate(MinimalChooser()) == (
        "arn:aws:iam::000000000000:rolea"
    )


def test_a_walk_keeps_what_the_pattern_allows_and_replaces_the_rest() -> None:
    body = (Atom("-", 0, None), Atom("abc"))
    flat = Flat.build((Segment(body, 0, None),), UNIVERSE)
    assert flat is not None
    assert flat.walk("a-b", 3) == "a-b"
    # A trailing '-' cannot end the string: the last character is replaced.
    end = flat.walk("ab-", 3)
    assert end[:2] == "ab"
    assert end[2] in "abc"
    assert flat.length(4, 0, 10) == 4


def test_the_same_draws_give_the_same_strings() -> None:
    plan = compile_plan(NAME)
    first = [plan.generate(RandomChooser(seed), 0, 63) for seed in range(30)]
    assert first == [plan.generate(RandomChooser(seed), 0, 63) for seed in range(30)]


def test_a_wide_counted_repetition_is_left_to_the_general_walk() -> None:
    plan = compile_plan(r"([a-z][0-9]){0,2000}")
    assert plan.flat is None
    assert full_match(r"([a-z][0-9]){0,2000}", plan.generate(RandomChooser(1), 10, 20))


def test_a_length_the_pattern_cannot_take_is_not_a_near_miss() -> None:
    """DescribeCompilationJob's name is at least 1 character by its pattern: length=min-1
    (the empty string) can never keep that pattern, so it is not offered."""
    ctx = context(load_contracts(), "DescribeCompilationJob")
    c = ctx.contract.constraint("DescribeCompilationJob.CompilationJobName.length")
    slot = GENERATION[c.kind]
    request = {"CompilationJobName": "a"}
    place = sites(request, slot.site(c))[0].path
    found = find_slot(request, slot.site(c), place)
    assert found is not None
    labels = [m.label for m in slot.mutations(ctx, c, found)]
    assert labels == ["length=max+1"]


@given(data=st.data(), lo=st.integers(17, 64))
@settings(max_examples=30, deadline=None)
def test_drawn_text_of_a_short_minimum_stops_at_64(data: st.DataObject, lo: int) -> None:
    from smcontract.strategies._choosers import DrawChooser

    value = DrawChooser(data.draw).text("ab", lo, 80)
    assert lo <= len(value) <= 64
    assert set(value) <= {"a", "b"}


@given(content=st.integers(0, 2**24), size=st.integers(0, 200))
@settings(max_examples=60, deadline=None)
def test_spread_fills_the_size_from_the_alphabet(content: int, size: int) -> None:
    from smcontract.strategies._choosers import spread

    value = spread(content, "xyz-", size)
    assert len(value) == size
    assert set(value) <= set("xyz-")
    assert value == spread(content, "xyz-", size)
    if content == 0:
        assert value == "x" * size


def test_spread_uses_the_whole_alphabet() -> None:
    from smcontract.strategies._choosers import spread

    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    assert set("".join(spread(c, alphabet, 8) for c in range(1, 200))) == set(alphabet)


def test_drawn_text_shrinks_to_the_first_character_and_the_shortest_length() -> None:
    from hypothesis import find

    from smcontract.strategies._choosers import DrawChooser

    @st.composite
    def texts(draw: Any) -> str:
        return DrawChooser(draw).text("qrs", 2, 40)

    settings_ = settings(derandomize=True, database=None)
    assert find(texts(), lambda t: len(t) >= 5, settings=settings_) == "qqqqq"
    assert len(find(texts(), lambda t: "s" in t, settings=settings_)) == 2


def test_modes_are_four_bits_each_two_to_a_draw() -> None:
    from smcontract.strategies._choosers import modes

    counting = Counting(RandomChooser(7))
    drawn = modes(counting, 20)
    assert len(drawn) == 20
    assert all(0 <= m <= 15 for m in drawn)
    assert counting.calls == 10
    assert modes(MinimalChooser(), 5) == [0, 0, 0, 0, 0]


def test_every_flag_of_a_wide_structure_is_as_likely_under_hypothesis() -> None:
    # Hypothesis leans towards small integers: flags packed into one wide word kept the
    # later members of a structure almost always absent.
    from smcontract.strategies._choosers import DrawChooser, flags, modes
    from smcontract.strategies._seeded import draw_examples

    @st.composite
    def drawn(draw: Any) -> tuple[list[bool], list[bool], list[int]]:
        chooser = DrawChooser(draw)
        return flags(chooser, 12, 0.5), flags(chooser, 12, 0.25), modes(chooser, 12)

    examples = draw_examples(drawn(), 400, seed=5)
    for index in range(12):
        half = sum(e[0][index] for e in examples) / len(examples)
        quarter = sum(e[1][index] for e in examples) / len(examples)
        high = sum(e[2][index] >= 8 for e in examples) / len(examples)
        assert 0.35 <= half <= 0.65, (index, half)
        assert 0.12 <= quarter <= 0.38, (index, quarter)
        assert 0.35 <= high <= 0.65, (index, high)


def test_a_flag_takes_the_fewest_bits_of_its_probability() -> None:
    from smcontract.strategies._choosers import flags

    for probability, per_draw in ((0.5, 8), (0.25, 4), (0.4, 2), (0.3, 2)):
        counting = Counting(RandomChooser(3))
        drawn = flags(counting, 16, probability)
        assert counting.calls == 16 // per_draw, probability
        assert 0 < sum(drawn) < 16
    assert flags(MinimalChooser(), 9, 0.5) == [False] * 9

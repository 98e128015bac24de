# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers picked out of a line for the logbook."""

from fmdesk.core.numbers import spans


def picked(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], said) for a, b, said in spans(text)]


def test_numbers_in_words_and_digits_are_picked_with_their_digits():
    assert picked("Grid eight, eight, niner, eight. Over.") == [("eight, eight, niner, eight", "8898")]
    assert picked("Code forty seven nineteen, go for it") == [("forty seven nineteen", "4719")]
    assert picked("Tune to 104.1 now") == [("104.1", "104.1")]
    assert picked("Four adults, and double seven two") == [("Four", "4"), ("double seven two", "772")]


def test_a_callsign_a_lone_one_and_plain_words_are_left_alone():
    assert picked("NOVA-7, one of them is here, go for it") == []
    assert picked("Kids too, NOVA-7: three of them.") == [("three", "3")]

# SPDX-License-Identifier: GPL-3.0-or-later
"""Understanding answers: the rules one by one, and the committed answer set."""

import pytest

from fmdesk.director.offline.meaning import meaning
from fmdesk.core.numbers import digits
from fmdesk.director.offline.reading import Ask, Choice, read
from tests.director.understanding_set import cases, score

ROUTE = Ask(kind="choice", options=(Choice("ridge", "the ridge", ("ridge",)),
                                    Choice("couloir", "the couloir", ("couloir", "gully"))), ref="scene:fork")
MOVE = Ask(kind="yesno", options=(Choice("yes", "move him now", ("move him", "carry")),
                                  Choice("no", "wait for the helicopter", ("wait", "helicopter"))))
CODE = Ask(kind="number", expect="4719")


@pytest.mark.parametrize("said, value", [
    ("4719", "4719"), ("four seven one nine", "4719"), ("fower seven wun niner", "4719"),
    ("forty seven nineteen", "4719"), ("double seven two", "772"), ("go for it", ""),
    ("four for one", "441"), ("three hundred and twelve", "312"),
])
def test_numbers_in_digits_words_and_radio_style(said, value):
    assert digits(said) == value


@pytest.mark.parametrize("said, intent, value", [
    ("the couloir", "answer", "couloir"),
    ("anything but the ridge", "answer", "couloir"),
    ("not the couloir", "answer", "ridge"),
    ("the first one", "answer", "ridge"),          # ordinals follow the caller's order
    ("the latter", "answer", "couloir"),
    ("ridge, no wait, the couloir", "answer", "couloir"),   # a correction: only what follows
    ("the ridge, correction, the couloir", "answer", "couloir"),
    ("say again?", "say_again", ""),
    ("your call", "defer", ""),
    ("what's your name?", "question", "name"),
    ("", "silent", ""),
    ("(player said nothing)", "silent", ""),
])
def test_choice_rules(said, intent, value):
    reading = read(said, ROUTE)
    assert (reading.intent, reading.value) == (intent, value), reading
    assert reading.ref == "scene:fork"


@pytest.mark.parametrize("said, value", [
    ("yes", "yes"), ("negative", "no"), ("no, don't wait, move him", "yes"),
    ("yes, but wait for the helicopter", "no"), ("don't move him", "no"), ("carry him down", "yes"),
])
def test_yes_no_last_deciding_clause_wins(said, value):
    assert read(said, MOVE).value == value


def test_a_number_after_a_correction():
    assert read("1 2 3 4, correction, 4 7 1 9", CODE).value == "4719"
    assert read("five, two, eight, three", CODE).value == "5283"


def test_the_answer_set_is_large_and_read_well():
    results = score(meaning())
    assert len(results) >= 150
    right = sum(r.right for r in results) / len(results)
    misses = [f"{r.case.said} -> {r.got} (expected {r.case.means})" for r in results if not r.right]
    assert right >= 0.85, f"{right:.1%} right; misses: {misses}"


def test_every_case_names_a_real_scene():
    from tests.director.understanding_set import ask
    for case in cases():
        ask(case)

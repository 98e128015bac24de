# SPDX-License-Identifier: GPL-3.0-or-later
import pytest

from fmdesk.core.turns import SILENCE_TEXT
from fmdesk.director.offline.understand import Expect, digits, understand, yes_or_no

GATES = Expect("choice", right="north", options={"north": ("north", "couloir"), "east": ("east", "ridge")})


@pytest.mark.parametrize("said, got", [
    ("the code is 4 7 1 9", "4719"), ("four seven one nine", "4719"), ("4719", "4719"),
    ("go for it", ""), ("four for one oh", "4410"), ("niner two", "92"),
])
def test_digits(said, got):
    assert digits(said) == got


@pytest.mark.parametrize("said, got", [
    ("yes", "yes"), ("Affirmative, do it.", "yes"), ("no", "no"), ("negative", "no"),
    ("yes, but don't", "no"), ("hmm, maybe", ""),
])
def test_yes_or_no(said, got):
    assert yes_or_no(said) == got


def test_choices():
    assert understand("take the north couloir", GATES).verdict == "right"
    assert understand("East ridge please", GATES).verdict == "wrong"
    assert understand("north or east, I don't know", GATES).verdict == "unclear"
    assert understand("banana", GATES).verdict == "unclear"


def test_silence_and_free_answers():
    assert understand(SILENCE_TEXT, GATES).verdict == "silent"
    assert understand("   ", GATES).verdict == "silent"
    assert understand("children first", Expect("free")).verdict == "right"


def test_numbers_must_match():
    code = Expect("number", right="4719")
    assert understand("four seven one nine", code).verdict == "right"
    assert understand("4 7 1 8", code).verdict == "wrong"
    assert understand("I forgot", code).verdict == "unclear"

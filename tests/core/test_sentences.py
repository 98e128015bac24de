# SPDX-License-Identifier: GPL-3.0-or-later
from fmdesk.core.sentences import MAX_CHARS, split_sentences


def test_a_line_is_cut_at_sentence_ends_not_at_titles():
    assert split_sentences("Copy that, Nova. Dr. Reyes is at the gate! Move now?  Go.") == [
        "Copy that, Nova.", "Dr. Reyes is at the gate!", "Move now?", "Go."]


def test_quotes_stay_with_their_sentence_and_blank_is_nothing():
    assert split_sentences('He said "stop." Then he ran.') == ['He said "stop."', "Then he ran."]
    assert split_sentences("   ") == []
    assert split_sentences("no full stop at the end") == ["no full stop at the end"]


def test_a_very_long_sentence_is_cut_at_commas_or_spaces():
    text = ", ".join(["the convoy turns north"] * 30) + "."
    pieces = split_sentences(text)
    assert len(pieces) > 1 and all(len(p) <= MAX_CHARS for p in pieces)
    assert " ".join(pieces).replace(" ,", ",") == text

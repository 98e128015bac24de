# SPDX-License-Identifier: GPL-3.0-or-later
from fmdesk.core.sentences import MAX_CHARS, quick_start, split_sentences


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


def test_a_long_first_sentence_starts_with_its_first_clause():
    line = split_sentences("Nova, the north gate is clear, move the convoy through now. Over.")
    assert quick_start(line) == ["Nova, the north gate is clear,", "move the convoy through now.", "Over."]
    assert quick_start(["Copy that, base."]) == ["Copy that, base."], "short: left whole"
    assert quick_start(["No comma in this rather long first sentence at all."]) == [
        "No comma in this rather long first sentence at all."]
    assert quick_start([]) == []

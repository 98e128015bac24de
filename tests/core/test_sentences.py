# SPDX-License-Identifier: GPL-3.0-or-later
from fmdesk.core.sentences import (MAX_CHARS, first_piece, is_call_up, pieces_on_air, quick_start,
                                   settled_first_piece, split_sentences)


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
    line = split_sentences("The north gate is clear, move the convoy through now. Over.")
    assert quick_start(line) == ["The north gate is clear,", "move the convoy through now.", "Over."]
    assert quick_start(["No comma in this rather long first sentence at all."]) == [
        "No comma in this rather long first sentence at all."]
    assert quick_start([]) == []


def test_a_call_up_is_a_piece_of_its_own():
    line = split_sentences("Nova, the north gate is clear, move the convoy through now. Over.")
    assert quick_start(line) == ["Nova,", "the north gate is clear,", "move the convoy through now.", "Over."]
    assert quick_start(["Base, this is Vera at the north gate, we have a problem here."]) == [
        "Base,", "this is Vera at the north gate,", "we have a problem here."], "a long rest is cut too"
    assert quick_start(["Copy that, base."]) == ["Copy that, base."], "one word after it: left whole"
    assert quick_start(["Sea Lark, Sea Lark, this is base."]) == ["Sea Lark,", "Sea Lark, this is base."]
    assert quick_start(["Copy that, heading out."]) == ["Copy that,", "heading out."]
    assert quick_start(["The gate at the north, clear?"]) == ["The gate at the north, clear?"], "not a call-up"
    assert is_call_up("Copy that,") and not is_call_up("Copy that, base.") and not is_call_up(
        "The north gate is clear,")


def test_a_first_piece_said_alone_is_the_same_piece():
    """A first piece rendered ahead on its own (begun while written) sounds
    as it does in the whole line: it is one piece by itself."""
    for line in _lines_of_the_stories():
        piece = first_piece(line)
        assert pieces_on_air(piece) == [piece], line


def _lines_of_the_stories() -> list[str]:
    """Every line of the offline stories' openings, for a few missions each."""
    import asyncio

    from fmdesk.core.context import DialogueContext
    from fmdesk.core.segments import Line
    from fmdesk.director.base import BriefRequest
    from fmdesk.director.offline.director import OfflineDirector

    director, lines = OfflineDirector(), []
    for seed in range(24):
        brief = asyncio.run(director.write_brief(BriefRequest(callsign="NOVA-7", seed=seed)))
        context = DialogueContext(brief=brief, callsign="NOVA-7", seed=seed, turns=(), elapsed_s=0.0)
        lines += [s.text for s in director.batch(context) if isinstance(s, Line)]
    return lines


def test_the_first_piece_of_a_line_being_written_is_known_once_settled():
    """Whatever follows the words written so far, a settled first piece is the
    first piece of the whole line (what the voice renders first)."""
    tricky = ["Copy that, Dr. Reyes is at the gate. Move.", 'He said "stop." Then he ran.',
              "Tune to 104.1 and stand by. Over.", ", ".join(["the convoy turns north"] * 30) + ". Go.",
              "Nova, the north gate is clear, move the convoy through now. Over."]
    lines = _lines_of_the_stories() + tricky
    assert len(lines) > 50
    settled_before_the_end = 0
    for line in lines:
        for end in range(1, len(line) + 1):
            piece = settled_first_piece(line[:end])
            if piece is not None:
                assert piece == first_piece(line), (line[:end], line)
                settled_before_the_end += end < len(line)
    assert settled_before_the_end > 0
    assert first_piece("Copy that, base. Over.") == "Copy that, base."
    assert settled_first_piece("Copy that, base.") is None, "nothing after it yet"

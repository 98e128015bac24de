# SPDX-License-Identifier: GPL-3.0-or-later
from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from fmdesk.core.context import DialogueContext
from fmdesk.core.mission import Brief, Caller
from fmdesk.core.player import CallsignError, normalize_callsign
from fmdesk.core.segments import Cue, Gap, Line, parse_segment
from fmdesk.core.timing import speaking_seconds
from fmdesk.core.turns import SILENCE_TEXT, Turn


def brief(**kw) -> Brief:
    base = dict(title="T", brief="B", story="S", task="Do it", frequency_mhz=93.5,
                callers=(Caller(name="Ann", role="lead"), Caller(name="Bo", role="medic")))
    base.update(kw)
    return Brief(**base)


def turn(seq, kind, text="", speaker=None, t=0.0, seconds=0.0):
    return Turn(seq=seq, kind=kind, text=text, speaker=speaker, t=t, seconds=seconds,
                at=datetime.now(timezone.utc))


def test_brief_validates_frequency_and_callers():
    assert brief(frequency_mhz=93.46).frequency_mhz == 93.5
    with pytest.raises(ValidationError):
        brief(frequency_mhz=120.0)
    with pytest.raises(ValidationError, match="share a name"):
        brief(callers=(Caller(name="Ann", role="a"), Caller(name="ann", role="b")))
    assert brief(time_limit_s=5).time_limit_s == 30
    assert brief().caller("ANN").role == "lead"


def test_segments_parse_and_malformed_ones_are_dropped(caplog):
    assert parse_segment({"kind": "line", "speaker": "Ann", "text": "Hi"}) == Line(speaker="Ann", text="Hi")
    assert parse_segment({"kind": "gap", "seconds": 2}) == Gap(seconds=2)
    assert parse_segment({"kind": "cue", "speaker": "Ann"}) == Cue(speaker="Ann")
    assert parse_segment({"kind": "line", "speaker": "Ann"}) is None
    assert parse_segment({"kind": "gap", "seconds": 999}) is None
    assert parse_segment({"kind": "song"}) is None
    assert parse_segment("nonsense") is None
    assert "dropped a malformed segment" in caplog.text


def test_context_window_and_last_answer():
    turns = (turn(0, "line", "Hello", "Ann"), turn(1, "gap", seconds=2), turn(2, "cue", "", "Ann"),
             turn(3, "silence", SILENCE_TEXT, "PLAYER", t=5, seconds=10))
    ctx = DialogueContext(brief=brief(), callsign="NOVA-7", seed=1, turns=turns, elapsed_s=15)
    assert ctx.last_answer().seq == 3
    assert ctx.next_seq == 4 and ctx.remaining_s == 285
    assert [t.seq for t in ctx.window(2)] == [2, 3]
    assert "PLAYER: (player said nothing)" in ctx.transcript()
    later = DialogueContext(brief=brief(), callsign="N", seed=1,
                            turns=turns + (turn(4, "gap", seconds=1), turn(5, "line", "Ok", "Bo")),
                            elapsed_s=20)
    assert later.last_answer() is None


def test_speaking_time_grows_with_words():
    assert speaking_seconds("Copy.") < speaking_seconds("Copy that, heading to the north gate now.")


@pytest.mark.parametrize("raw, ok", [("nova-7", "NOVA-7"), (" red fox ", "RED-FOX")])
def test_callsigns_normalised(raw, ok):
    assert normalize_callsign(raw) == ok


@pytest.mark.parametrize("raw", ["", "x", "a" * 17, "no/slash"])
def test_bad_callsigns(raw):
    with pytest.raises(CallsignError):
        normalize_callsign(raw)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The Gemini director with the real google-genai SDK against a local fake API."""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime, timezone

import pytest

from fmdesk.core.context import DialogueContext
from fmdesk.core.mission import Brief
from fmdesk.core.segments import Begun, Cue, Gap, Line
from fmdesk.core.sentences import first_piece
from fmdesk.core.turns import INTERRUPTED_MARK, SILENCE_TEXT, Turn
from fmdesk.director.base import BriefRequest, DirectorError
from fmdesk.director.gemini import GeminiDirector
from fmdesk.director.stream_json import line_begun
from tests.fake_gemini import (AUTO_BRIEF, FakeGemini, blocked_reply, error_reply, hang_reply,
                               json_reply, stream_reply, text_reply)

BRIEF = Brief.model_validate(AUTO_BRIEF)
BATCH = [
    {"kind": "line", "speaker": "Vera Holt", "text": "Base, we're at the ice fall."},
    {"kind": "gap", "seconds": 2},
    {"kind": "line", "speaker": "Jonah Pike", "text": "Rope's fixed. Relay code again?"},
    {"kind": "cue", "speaker": "Jonah Pike", "hint": "The relay code?"},
]


@pytest.fixture
def fake():
    server = FakeGemini().start()
    yield server
    server.stop()


def director(fake: FakeGemini, **kw) -> GeminiDirector:
    return GeminiDirector(fake.key, base_url=fake.url, timeout_s=kw.pop("timeout_s", 5.0), **kw)


def turn(seq, kind, text="", speaker=None):
    return Turn(seq=seq, kind=kind, text=text, speaker=speaker, t=seq * 3.0, seconds=2.0,
                at=datetime.now(timezone.utc))


def context(turns=(), elapsed=0.0) -> DialogueContext:
    return DialogueContext(brief=BRIEF, callsign="NOVA-7", seed=1, turns=tuple(turns), elapsed_s=elapsed)


async def collect(gen) -> list:
    return [segment async for segment in gen]


async def test_the_brief_is_structured_output_validated(fake):
    fake.add(json_reply(AUTO_BRIEF))
    brief = await director(fake).write_brief(BriefRequest(callsign="NOVA-7", seed=9, time_limit_s=240))
    assert brief.title == "The Glacier Relay" and brief.time_limit_s == 240
    assert [c.name for c in brief.callers] == ["Vera Holt", "Jonah Pike"]
    seen = fake.seen[0]
    assert seen.method == "generateContent" and seen.model == "gemini-flash-latest"
    assert seen.key == fake.key
    config = seen.body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert set(config["responseJsonSchema"]["required"]) >= {"title", "task", "frequency_mhz", "callers"}
    assert "NOVA-7" in json.dumps(seen.body["systemInstruction"])


async def test_an_invalid_brief_is_refused_before_it_is_stored(fake):
    fake.add(json_reply({**AUTO_BRIEF, "frequency_mhz": 150.0}), text_reply("{not json"))
    with pytest.raises(DirectorError, match="did not hold together.*frequency") as caught:
        await director(fake).write_brief(BriefRequest(callsign="N", seed=1))
    assert caught.value.retryable
    with pytest.raises(DirectorError, match="did not hold together"):
        await director(fake).write_brief(BriefRequest(callsign="N", seed=1))


async def test_segments_are_handed_on_while_the_batch_still_streams(fake):
    gate = threading.Event()
    text = json.dumps(BATCH)
    first_element_ends = text.index("}") + 1
    reply = stream_reply(text, chars=first_element_ends + 5, gate=gate)
    fake.add(reply)
    got = []
    async for segment in director(fake).write_segments(context()):
        got.append(segment)
        if len(got) == 1:
            # The server holds the rest of the batch until the first line is out.
            assert not gate.is_set()
            gate.set()
    assert reply.gate_released, "the first segment came out while the server held the rest back"
    assert got == [Line(speaker="Vera Holt", text="Base, we're at the ice fall."), Gap(seconds=2),
                   Line(speaker="Jonah Pike", text="Rope's fixed. Relay code again?"),
                   Cue(speaker="Jonah Pike", hint="The relay code?")]
    seen = fake.seen[0]
    assert seen.method == "streamGenerateContent" and seen.path.endswith("?alt=sse")
    assert seen.body["generationConfig"]["responseJsonSchema"]["type"] == "array"


async def test_a_line_begins_on_air_before_its_object_is_complete(fake):
    """The first piece of a line is handed on as soon as the streamed text
    settles it: the server holds the rest of the line back until it is out."""
    line = {"kind": "line", "speaker": "Vera Holt",
            "text": "Base, we're at the ice fall, \u00e9 the ropes are iced over. Jonah is fixing a new anchor."}
    text = json.dumps([line, BATCH[-1]])
    gate = threading.Event()
    reply = stream_reply(text, chars=text.index("ropes"), gate=gate)
    fake.add(reply)
    got = []
    async for segment in director(fake).write_segments(context()):
        got.append(segment)
        if isinstance(segment, Begun):
            gate.set()  # the rest of the line comes only now
    assert reply.gate_released, "the first piece came out while the server held the rest back"
    assert got == [Begun(speaker="Vera Holt", text="Base,"),
                   Line(**line), Cue(**BATCH[-1])]
    assert first_piece(got[1].text) == got[0].text, "the piece the voice renders first"


def test_a_begun_line_needs_its_speaker_and_a_settled_piece():
    assert line_begun(None) is None
    assert line_begun('{"kind": "line", "speaker": "Vera Holt", "text": "Copy that') is None, "not settled yet"
    assert line_begun('{"kind": "line", "text": "Copy that. Mov') is None, "no speaker yet"
    assert line_begun('{"kind": "cue", "speaker": "Vera Holt", "hint": "Copy that. Mov') is None
    assert line_begun('{"kind": "line", "speaker": "Vera \\"V\\" Holt", "text": "Copy \\"that\\". Mo') == \
        Begun(speaker='Vera "V" Holt', text='Copy "that".')
    assert line_begun('{"kind": "line", "speaker": "Vera Holt", "text": "Caf\\u00e9. Mo\\u00') == \
        Begun(speaker="Vera Holt", text="Café.")
    assert line_begun('{"kind": "line", "speaker": "Vera Holt", "text": "See you, \\u00') is None


async def test_malformed_and_truncated_json_keeps_the_valid_segments(fake, caplog):
    text = ('[{"kind":"line","speaker":"Vera Holt","text":"One."},'
            '{"kind":"line","speaker":"Vera Holt"},'             # no text: invalid segment
            '{"kind":"gap","seconds":1.0,,},'                    # malformed JSON
            '{"kind":"line","speaker":"Jonah Pike","text":"Two."},'
            '{"kind":"line","speaker":"Jonah Pike","text":"Thr')  # cut off
    fake.add(stream_reply(text, pieces=6))
    got = await collect(director(fake).write_segments(context()))
    assert [s.text for s in got] == ["One.", "Two."]
    assert "dropped a malformed segment" in caplog.text
    assert "malformed element" in caplog.text and "truncated element" in caplog.text


async def test_a_cue_ends_the_batch(fake):
    fake.add(stream_reply(json.dumps(BATCH + [{"kind": "line", "speaker": "Vera Holt", "text": "After."}])))
    got = await collect(director(fake).write_segments(context()))
    assert isinstance(got[-1], Cue) and len(got) == 4


@pytest.mark.parametrize("code, retryable, lasting, words", [
    (429, True, False, "busy"), (500, True, False, "server error"), (503, True, False, "server error"),
    (400, False, False, "refused the request"), (401, False, True, "API key was refused"),
    (403, False, True, "API key was refused"), (404, False, True, "no model"),
])
async def test_http_faults_become_director_errors(fake, code, retryable, lasting, words):
    fake.add(error_reply(code))
    with pytest.raises(DirectorError, match=words) as caught:
        await collect(director(fake).write_segments(context()))
    assert (caught.value.retryable, caught.value.lasting) == (retryable, lasting)


async def test_a_wrong_key_is_refused_and_never_echoed(fake):
    bad = GeminiDirector("wrong-key-999", base_url=fake.url, timeout_s=5)
    with pytest.raises(DirectorError, match="API key was refused") as caught:
        await bad.write_brief(BriefRequest(callsign="N", seed=1))
    assert "wrong-key-999" not in caught.value.message and "wrong-key-999" not in repr(bad)


async def test_a_timeout_is_retryable_like_a_server_error(fake):
    fake.add(hang_reply(2.0))
    with pytest.raises(DirectorError, match="timed out") as caught:
        await collect(director(fake, timeout_s=0.5).write_segments(context()))
    assert caught.value.retryable


async def test_a_stream_that_stalls_midway_times_out_and_keeps_what_came(fake):
    fake.add(stream_reply(json.dumps(BATCH), pieces=4, chunk_delay_s=3.0))
    got = []
    with pytest.raises(DirectorError, match="timed out") as caught:
        async for segment in director(fake, timeout_s=1.0).write_segments(context()):
            got.append(segment)
    assert caught.value.retryable and len(got) < len(BATCH)


async def test_an_unreachable_endpoint_is_retryable():
    gone = GeminiDirector("k", base_url="http://127.0.0.1:9", timeout_s=1)
    with pytest.raises(DirectorError, match="could not be reached") as caught:
        await gone.write_brief(BriefRequest(callsign="N", seed=1))
    assert caught.value.retryable


async def test_a_blocked_prompt_is_retried_once_with_a_nudge(fake):
    fake.add(blocked_reply(stream=True), stream_reply(json.dumps(BATCH)))
    got = [s for s in await collect(director(fake).write_segments(context())) if not isinstance(s, Begun)]
    assert len(got) == 4
    assert "safety filter" in fake.seen[1].text and "safety filter" not in fake.seen[0].text


async def test_blocked_twice_gives_up_for_the_fallback(fake):
    stopped = stream_reply(json.dumps(BATCH[:1])[:-1] + ',{"kind":"line"', finish="SAFETY")
    fake.add(stopped, blocked_reply(stream=True))
    got = []
    with pytest.raises(DirectorError, match="would not write") as caught:
        async for segment in director(fake).write_segments(context()):
            got.append(segment)
    assert not caught.value.retryable and not caught.value.lasting
    assert [s.text for s in got if not isinstance(s, Begun)] == ["Base, we're at the ice fall."]
    # The nudged retry carried what had already been aired.
    assert "ice fall" in fake.seen[1].body["contents"][-2]["parts"][0]["text"]


async def test_the_debrief_is_judged_by_the_model(fake):
    fake.add(json_reply({"success": True, "summary": "You kept both climbers on the rope."}))
    turns = [turn(0, "line", "Code?", "Jonah Pike"), turn(1, "cue", "The code?", "Jonah Pike"),
             turn(2, "player", "three one four", "PLAYER")]
    outcome = await director(fake).judge(context(turns, 60))
    assert outcome.success and "climbers" in outcome.summary
    assert "PLAYER: three one four" in fake.seen[0].text


def test_the_conversation_keeps_the_players_words_exactly_and_stays_bounded(fake):
    turns, seq = [], 0
    for round_ in range(60):
        turns += [turn(seq, "line", f"Round {round_}: grid {round_}1{round_}.", "Vera Holt"),
                  turn(seq + 1, "cue", f"Question {round_}?", "Vera Holt"),
                  turn(seq + 2, "silence" if round_ % 3 == 0 else "player",
                       SILENCE_TEXT if round_ % 3 == 0 else f"answer {round_}", "PLAYER")]
        seq += 3
    turns.append(turn(seq, "interrupt", "Hold on, I need— " + INTERRUPTED_MARK, "Jonah Pike"))
    contents = director(fake, context_turns=12).conversation(context(turns, 1700))
    texts = [p.text for c in contents for p in c.parts]
    roles = [c.role for c in contents]
    assert all(a != b for a, b in zip(roles, roles[1:])), "roles alternate"
    assert roles[0] == roles[-1] == "user"
    assert texts[1].startswith("Earlier on air (condensed):")
    summary = texts[1]
    # Questions, answers and numbers said on air, the latest first to stay.
    assert "Question 55?); PLAYER: answer 55" in summary and "grid 55155" in summary
    assert len(summary) <= 2100 and "Round 0:" not in summary
    window = " ".join(texts[2:])
    assert "Round 0:" not in window and "Round 59:" in window
    assert SILENCE_TEXT in texts and "answer 58" in texts
    assert INTERRUPTED_MARK in window
    assert "left" in texts[-1]
    assert sum(len(t) for t in texts) < 8000, "a long mission stays small"


async def test_the_call_ups_a_reply_opens_with_are_named_ahead_the_caller_who_asked_first(fake):
    """The prompt has a reply to the player open with "Base," or the
    callsign: at a cue (or a cut-in) those are named for the voice to
    render ahead, in every caller's voice, the caller who asked first; and
    a reply that opens so starts from them (its first piece is the call-up)."""
    gemini = director(fake)
    cue = [turn(0, "line", "Rope's fixed.", "Jonah Pike"), turn(1, "cue", "Relay code?", "Jonah Pike")]
    ahead = await gemini.lines_ahead(context(cue, 6.0))
    assert all(isinstance(b, Begun) for b in ahead)
    assert [(b.speaker, b.text) for b in ahead[:2]] == [("Jonah Pike", "Base,"), ("Jonah Pike", "NOVA-7,")]
    assert {b.speaker for b in ahead} == {c.name for c in BRIEF.callers}
    cut = [turn(0, "interrupt", "Hold on, I need— " + INTERRUPTED_MARK, "Vera Holt")]
    assert (await gemini.lines_ahead(context(cut, 3.0)))[0].speaker == "Vera Holt"
    assert await gemini.lines_ahead(context([], 0.0)) == []
    assert await gemini.lines_ahead(context(cue[:1], 3.0)) == [], "no cue open: nothing to answer"
    assert first_piece("Base, Vera here, relay code copied.") == "Base,"
    assert first_piece("NOVA-7, copy, taking the ridge.") == "NOVA-7,"
    assert '"Base," or "NOVA-7,"' in " ".join(gemini._dialogue_prompt(context(cue, 6.0)).split())


def test_no_key_is_a_clear_lasting_error():
    with pytest.raises(DirectorError, match="No Gemini API key") as caught:
        GeminiDirector(None)
    assert caught.value.lasting


@pytest.mark.skipif(not os.environ.get("GEMINI_API_KEY"), reason="needs a real GEMINI_API_KEY")
async def test_the_real_api_writes_a_brief_and_a_batch():
    real = GeminiDirector(os.environ["GEMINI_API_KEY"])
    brief = await real.write_brief(BriefRequest(callsign="NOVA-7", seed=1, time_limit_s=120))
    segments = await collect(real.write_segments(DialogueContext(
        brief=brief, callsign="NOVA-7", seed=1, turns=(), elapsed_s=0)))
    assert segments and all(not isinstance(s, Line) or brief.caller(s.speaker) for s in segments)

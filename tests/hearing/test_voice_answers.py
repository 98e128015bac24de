# SPDX-License-Identifier: GPL-3.0-or-later
"""Voice answers in a session: TALK down, a recording, TALK up; the real
hearing path makes the turn, stored with the recording's length."""

from __future__ import annotations

import asyncio

import numpy as np

from fmdesk.core.turns import SILENCE_TEXT
from fmdesk.hearing.audio import read_wav
from fmdesk.session import events as ev
from tests.hearing import hearing_set
from tests.hearing.scoring import wer
from tests.session.harness import briefed_mission, make_session


def recordings():
    speech = [c for c in hearing_set.speech("clean") if c.voice == "piper"]
    yes = next(c for c in speech if c.text == "yes")
    gate = next(c for c in speech if c.text.startswith("copy that"))
    hum = next(c for c in hearing_set.noise() if c.path.stem == "hum-50Hz")
    return [gate, hum, yes]


async def test_spoken_answers_become_turns(store, hearing):
    clips = iter(recordings())

    def speak(event, session):
        clip = next(clips, None)
        if clip is None:
            asyncio.get_running_loop().call_soon(session.answer, "yes")
            return
        samples, rate = read_wav(clip.path)
        session.talk_down()
        asyncio.get_running_loop().create_task(session.answer_audio(samples, rate))

    session, rec = make_session(store, answer=speak, hearing=hearing)
    mission_id = await briefed_mission(session, time_limit_s=150)
    await session.play(mission_id)
    turns = await store.turns(mission_id)
    answers = [t for t in turns if t.kind in ("player", "silence")]
    gate, hum, yes = recordings()

    assert answers[0].source == "voice" and wer([gate.text], [answers[0].text]) <= 0.2
    assert abs(answers[0].audio_seconds - read_wav(gate.path)[0].shape[0] / 16000) < 0.01
    assert answers[1].kind == "silence" and answers[1].text == SILENCE_TEXT and answers[1].source == "voice"
    assert answers[1].audio_seconds > 1.5
    assert answers[2].text.lower().strip(".!") == "yes"
    heard = rec.of(ev.VoiceHeard)
    assert [h.speech for h in heard] == [True, False, True]
    assert heard[1].text == "" and heard[0].ms > 0


class BrokenHearing:
    async def start(self):
        return None

    async def hear(self, samples, rate, prompt=""):
        raise RuntimeError("the speech model crashed")

    async def listen(self, samples, rate, prompt=""):
        raise RuntimeError("the speech model crashed")


async def test_when_hearing_fails_the_player_is_told_and_can_still_answer(store):
    said = []

    def speak(event, session):
        async def go():
            session.talk_down()
            said.append(await session.answer_audio(np.zeros(16000, np.float32), 16000))
            assert session.cue_open  # the turn is not lost: still waiting for an answer
            session.answer("yes")
        asyncio.get_running_loop().create_task(go())

    session, rec = make_session(store, answer=speak, hearing=BrokenHearing())
    mission_id = await briefed_mission(session, time_limit_s=90)
    await session.play(mission_id)
    troubles = [t for t in rec.of(ev.Trouble) if t.source == "hearing"]
    assert troubles and "crashed" in troubles[0].message and "Type it" in troubles[0].message
    assert said and not any(said)
    turns = await store.turns(mission_id)
    assert [t.text for t in turns if t.kind == "player"] == ["yes"] * len(said)


async def test_without_hearing_voice_answers_are_refused_with_a_reason(store):
    def speak(event, session):
        async def go():
            assert not await session.answer_audio(np.zeros(1600, np.float32), 16000)
            session.answer("no")
        asyncio.get_running_loop().create_task(go())

    session, rec = make_session(store, answer=speak)
    await session.play(await briefed_mission(session, time_limit_s=60))
    assert any("Type your answer" in t.message for t in rec.of(ev.Trouble))

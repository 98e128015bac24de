# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole offline mission on real devices: the callers through the
speakers, the answers said into the microphone while TALK is held (through
the session API, as the window does), heard, and stored."""

from __future__ import annotations

import asyncio
import time

from fmdesk.audio.mic import Microphone
from fmdesk.audio.player import DevicePlayer
from fmdesk.director.offline.director import OfflineDirector
from fmdesk.session import events as ev
from fmdesk.session.clock import RealClock, VirtualClock
from fmdesk.session.engine import Session
from fmdesk.session.voiced_air import VoicedAir
from fmdesk.voice.radio import RadioEffect
from tests.hearing import hearing_set
from tests.hearing.scoring import wer
from tests.session.harness import briefed_mission
from tests.waiting import until


def devices_session(store, voicebox, hearing, *, output="", window_s=8.0, clock=None, mic=None):
    clock = clock or RealClock()
    player = DevicePlayer(output, bed=lambda seconds, rate: RadioEffect(rate, 0.7).static(seconds))
    air = VoicedAir(clock, voicebox, player)
    return Session(store, OfflineDirector(), clock=clock, air=air, answer_window_s=window_s,
                   poll_interval_s=0.05, hearing=hearing, mic=mic or Microphone()), player


async def test_a_mission_answered_by_voice_on_real_devices(store, voicebox, hearing, sound_server):
    session, player = devices_session(store, voicebox, hearing)
    answers = [c for c in hearing_set.speech("clean") if c.voice == "piper"][:3]
    said = []
    events = []
    started_lines: dict[int, float] = {}
    finished_lines: dict[int, float] = {}

    async def answer_by_voice(clip):
        await asyncio.sleep(0.2)
        assert session.talk_down()
        speaking = sound_server.say_into_mic(clip.path)
        await asyncio.to_thread(speaking.wait)
        await asyncio.sleep(0.2)
        said.append(clip.text)
        await session.talk_up()

    tasks = []

    def on_event(event):
        events.append(event)
        if isinstance(event, ev.LineStarted):
            started_lines[event.seq] = time.monotonic()
        if isinstance(event, ev.LineFinished):
            finished_lines[event.seq] = time.monotonic()
        if isinstance(event, ev.CueOpened) and len(tasks) < len(answers):
            tasks.append(asyncio.ensure_future(answer_by_voice(answers[len(tasks)])))

    session.events.subscribe(on_event)
    mission_id = await briefed_mission(session, seed=4, time_limit_s=60)
    await session.play(mission_id)
    await asyncio.gather(*tasks)
    await session.close()

    turns = await store.turns(mission_id)
    voiced = [t for t in turns if t.kind == "player" and t.source == "voice"]
    assert len(voiced) == len(said) >= 1
    assert wer(said, [t.text for t in voiced]) <= 0.4, [(s, t.text) for s, t in zip(said, voiced)]
    assert all(1.0 < t.audio_seconds < 10 for t in voiced)
    # Lines were heard for as long as they lasted: started → finished follows the sound.
    for seq, began in started_lines.items():
        if seq in finished_lines:
            assert finished_lines[seq] - began > 0.5
    assert player.underruns == 0
    assert not [e for e in events if isinstance(e, ev.Trouble)]


async def test_no_speakers_and_no_microphone_the_show_goes_on(store, voicebox, hearing, sound_server):
    session, _ = devices_session(store, voicebox, hearing, output="no such speakers", window_s=1.0,
                                 clock=VirtualClock(), mic=Microphone("no such mic"))
    events = []
    session.events.subscribe(events.append)
    mission_id = await briefed_mission(session, seed=4, time_limit_s=60)
    task = asyncio.create_task(session.play(mission_id))
    await until(lambda: any(isinstance(e, (ev.CueOpened, ev.MissionEnded)) for e in events), "a cue")
    assert session.answer("typed instead")
    await asyncio.wait_for(task, 120)
    await session.close()
    trouble = [e.message for e in events if isinstance(e, ev.Trouble) and e.source == "audio"]
    assert any("No speaker or headphones named 'no such speakers'" in m for m in trouble)
    assert any("No microphone named 'no such mic'" in m for m in trouble)
    assert len(trouble) == 2, "each told once"
    turns = await store.turns(mission_id)
    assert any(t.kind == "player" and t.text == "typed instead" for t in turns)
    assert any(isinstance(e, ev.MissionEnded) for e in events)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Barge-in on real devices: the speakers stop at once (a short fade, no
click), and in a mission the caller is cut off at the words heard while the
player's answer is taken from the microphone."""

from __future__ import annotations

import asyncio

import numpy as np

from fmdesk.audio.chunk import AudioChunk
from fmdesk.audio.mic import HEARING_RATE, Microphone
from fmdesk.core.turns import INTERRUPTED_MARK
from fmdesk.session import events as ev
from tests.audio.test_devices import loopback, tone
from tests.audio.test_on_air import devices_session
from tests.hearing import hearing_set
from tests.hearing.scoring import wer
from tests.session.harness import briefed_mission, cut_in_on_the_first_long_line
from tests.waiting import until


def loud_seconds(samples: np.ndarray, rate: int) -> float:
    """How long the signal is above -26 dBFS, in 10 ms frames."""
    frame = rate // 100
    frames = samples[: len(samples) // frame * frame].reshape(-1, frame)
    return float((np.sqrt((frames ** 2).mean(axis=1)) > 0.05).sum()) / 100


async def test_stop_now_silences_the_speakers_at_once(sound_server):
    async with loopback(sound_server) as (player, mic):
        mic.start_talk()
        playing = asyncio.create_task(player.play(AudioChunk(tone(440, 3.0), 24000, 0)))
        await asyncio.sleep(0.8)
        cut_at = player.played_seconds()
        dropped = player.stop_now()
        await asyncio.wait_for(playing, 0.3)  # play() returns at once
        await asyncio.sleep(0.5)
        heard = mic.stop_talk()
    assert dropped > 0 and player.played_seconds() - cut_at < 0.1
    assert 0.5 < loud_seconds(heard, HEARING_RATE) < 1.1, "about 0.8 s of the 3 s tone was heard"
    assert player.underruns == 0


async def test_a_caller_cut_off_by_the_player_on_real_devices(store, voicebox, hearing, sound_server):
    session, player = devices_session(store, voicebox, hearing, window_s=3.0)
    clip = next(c for c in hearing_set.speech("clean") if c.voice == "piper")
    after_cut: list[float] = []
    events = []

    async def cut_in() -> None:
        await asyncio.sleep(1.5)
        assert session.talk_down()
        at = player.played_seconds()
        speaking = sound_server.say_into_mic(clip.path)
        await asyncio.to_thread(speaking.wait)
        after_cut.append(player.played_seconds() - at)
        await asyncio.sleep(0.2)
        assert await session.talk_up()

    session.events.subscribe(events.append)
    cut = cut_in_on_the_first_long_line(session, cut_in)
    # A minute: long enough for the story to reach a scene (whose lines are long).
    mission_id = await briefed_mission(session, seed=5, time_limit_s=60)
    task = asyncio.create_task(session.play(mission_id))
    await until(lambda: any(isinstance(e, ev.LineStarted) and cut and e.seq > cut[0].seq + 1 for e in events),
                "a line after the cut", timeout_s=120)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await session.close()

    turns = await store.turns(mission_id)
    interrupt = next(t for t in turns if t.kind == "interrupt")
    assert interrupt.seq == cut[0].seq and interrupt.text.endswith(INTERRUPTED_MARK)
    said = interrupt.text[: -len(INTERRUPTED_MARK)].rstrip("— ").split()
    assert 1 <= len(said) < len(cut[0].text.split())
    answer = turns[turns.index(interrupt) + 1]
    assert answer.kind == "player" and answer.source == "voice"
    assert wer([clip.text], [answer.text]) <= 0.5, answer.text
    # The speakers went quiet at the press, while the player talked.
    assert after_cut and after_cut[0] < 0.1
    assert player.underruns == 0
    assert not [e for e in events if isinstance(e, ev.Trouble)]


async def test_held_talk_shows_the_level_warns_and_is_taken_at_the_cap(store, voicebox, hearing, sound_server):
    # 30 s in play; the same rule, quicker
    session, _ = devices_session(store, voicebox, hearing, window_s=5.0, mic=Microphone(cap_s=3.0))
    clip = next(c for c in hearing_set.speech("clean") if c.voice == "piper")
    events = []

    async def hold_without_letting_go() -> None:
        assert session.talk_down()
        sound_server.say_into_mic(clip.path)

    def watch(event) -> None:
        events.append(event)
        if isinstance(event, ev.CueOpened) and not any(isinstance(e, ev.TalkPressed) for e in events):
            asyncio.ensure_future(hold_without_letting_go())

    session.events.subscribe(watch)
    mission_id = await briefed_mission(session, seed=4, time_limit_s=60)
    task = asyncio.create_task(session.play(mission_id))
    await until(lambda: any(isinstance(e, ev.PlayerHeard) for e in events), "the answer", timeout_s=120)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await session.close()

    levels = [e for e in events if isinstance(e, ev.MicLevel)]
    assert len(levels) >= 20 and max(e.level for e in levels) > 0.3, "the meter moved while the clip played"
    warning = next(e for e in events if isinstance(e, ev.TalkWarning))
    assert 2.4 <= warning.held_s < 3.0 and "taken at 3 s" in warning.message
    heard = next(e for e in events if isinstance(e, ev.PlayerHeard))
    assert heard.source == "voice" and not heard.silent
    turn = next(t for t in await store.turns(mission_id) if t.kind == "player")
    assert 2.9 <= turn.audio_seconds <= 3.05, "taken at the cap, TALK never released"

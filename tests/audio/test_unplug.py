# SPDX-License-Identifier: GPL-3.0-or-later
"""The sound card pulled out mid-mission (every sink and source unloaded
from the sound server), then put back: the player is told once for the
speakers and once for the microphone, the show goes on as text with typed
answers, and both come back by themselves."""

from __future__ import annotations

import asyncio

from fmdesk.session import events as ev
from tests.audio.test_on_air import devices_session
from tests.session.harness import briefed_mission
from tests.waiting import until


async def test_unplugged_mid_mission_the_show_goes_on_and_sound_comes_back(store, voicebox, hearing,
                                                                           sound_server):
    session, player = devices_session(store, voicebox, hearing, window_s=2.0)
    events: list = []
    session.events.subscribe(events.append)

    def seen(kind, source_text: str = "") -> list:
        return [e for e in events if isinstance(e, kind) and source_text in getattr(e, "message", "")]

    mission_id = await briefed_mission(session, seed=4, time_limit_s=120)
    show = asyncio.create_task(session.play(mission_id))
    try:
        await until(lambda: seen(ev.LineStarted), "the first line")
        sound_server.unplug()
        await until(lambda: seen(ev.Trouble, "speakers stopped"), "the speakers' trouble")
        # A cue with the microphone gone: TALK tells it, the answer is typed.
        cues = len(seen(ev.CueOpened))
        await until(lambda: len(seen(ev.CueOpened)) > cues and session.cue_open, "a cue")
        assert session.talk_down()
        await until(lambda: seen(ev.Trouble, "microphone stopped"), "the microphone's trouble")
        assert session.answer("typed while unplugged")
        lines = len(seen(ev.LineFinished))
        await until(lambda: len(seen(ev.LineFinished)) > lines, "a line after the answer (as text)")

        sound_server.replug()
        await until(lambda: seen(ev.TroubleCleared, "Sound is back"), "the speakers back")
        await until(lambda: seen(ev.TroubleCleared, "microphone is back"), "the microphone back")
    finally:
        show.cancel()
        await asyncio.gather(show, return_exceptions=True)
        await session.close()
        if not sound_server.pactl("list", "short", "sinks").strip():
            sound_server.replug()

    audio = [e.message for e in seen(ev.Trouble) if e.source == "audio"]
    assert len(audio) == 2, audio
    turns = await store.turns(mission_id)
    assert any(t.kind == "player" and t.text == "typed while unplugged" for t in turns)
    assert [t.seq for t in turns] == list(range(len(turns)))

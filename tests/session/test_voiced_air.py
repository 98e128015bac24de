# SPDX-License-Identifier: GPL-3.0-or-later
"""The show voiced through the real voices into a WAV file: cast stored and
kept on resume, lines rendered ahead, a broken voice told and survived."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from fmdesk.audio.wav_out import WavSink
from fmdesk.core.casting import cast
from fmdesk.core.mission import Caller
from fmdesk.core.segments import Begun, Line
from fmdesk.core.sentences import first_piece, pieces_on_air
from fmdesk.hearing.audio import read_wav
from fmdesk.session import events as ev
from fmdesk.session.air import TimedAir
from fmdesk.session.clock import VirtualClock
from fmdesk.session.voiced_air import VoicedAir
from fmdesk.voice import piper_engine
from fmdesk.voice.voicebox import OUTPUT_RATE, VoiceBox, VoiceOptions
from tests.session.harness import answer_soon, briefed_mission, make_session


def voiced(voicebox, path):
    clock = VirtualClock()
    return VoicedAir(clock, voicebox, WavSink(path, OUTPUT_RATE)), clock


async def test_a_silent_brief_is_cast_and_a_voiced_resume_keeps_the_cast(store, voicebox, tmp_path):
    # Briefed (and half played) on a silent radio that knows the voices...
    silent, _ = make_session(store, air=TimedAir(VirtualClock(), voicebox.cards), answer=answer_soon("yes"))
    mission_id = await briefed_mission(silent, time_limit_s=60)
    briefed = (await store.mission(mission_id)).brief.callers
    assert all(c.voice for c in briefed) and len({c.voice for c in briefed}) == len(briefed)
    task = asyncio.create_task(silent.play(mission_id))
    deadline = asyncio.get_running_loop().time() + 60
    while len(await store.turns(mission_id)) < 4:
        assert asyncio.get_running_loop().time() < deadline, "timed out waiting for 4 stored turns"
        await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    # ...then resumed with voices: same cast, and the rest of the show is in the file.
    air, clock = voiced(voicebox, tmp_path / "rest.wav")
    session, recorder = make_session(store, air=air, clock=clock, answer=answer_soon("yes"))
    outcome = await session.play(mission_id)
    await session.close()
    assert outcome is not None
    assert (await store.mission(mission_id)).brief.callers == briefed
    turns = await store.turns(mission_id)
    resumed_at = next(e for e in recorder.events if isinstance(e, ev.WentOnAir)).elapsed_s
    samples, rate = read_wav(tmp_path / "rest.wav")
    assert abs(len(samples) / rate - (turns[-1].ends_at - resumed_at)) < 1.5


async def test_a_broken_voice_is_told_once_and_its_lines_go_out_as_text(store, tmp_path, kokoro_cache):
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "broken.onnx").write_bytes(b"not a model")
    shutil.copy(piper_engine.shipped_joe().with_suffix(".onnx.json"), voices / "broken.onnx.json")
    box = VoiceBox.build(VoiceOptions(voices_dir=voices, cache_dir=kokoro_cache, kokoro=False))
    broken = [a for a in box.actors.values() if a.name == "broken"]
    box.actors = {a.name: a for a in broken}  # the only actor on offer
    air, clock = voiced(box, tmp_path / "show.wav")
    session, recorder = make_session(store, air=air, clock=clock, answer=answer_soon("yes"))
    mission_id = await briefed_mission(session, time_limit_s=60)
    assert all(c.voice == "broken" for c in (await store.mission(mission_id)).brief.callers)
    outcome = await session.play(mission_id)
    await session.close()
    box.close()
    assert outcome is not None, "the show went on"
    trouble = [e for e in recorder.of(ev.Trouble) if e.source == "voice"]
    assert len(trouble) == 1 and "broken.onnx" in trouble[0].message and "go out as text" in trouble[0].message
    lines = [t for t in await store.turns(mission_id) if t.kind == "line"]
    assert len(lines) >= 3 and all(t.seconds > 0.5 for t in lines), "timed as if said"


async def test_the_next_line_is_rendered_while_this_one_is_spoken(store, voicebox, tmp_path):
    air, clock = voiced(voicebox, tmp_path / "ahead.wav")
    prepared_before_spoken = []
    speak = air.speak

    async def spy(seq, line, started):
        prepared_before_spoken.append(len(air._renders))
        return await speak(seq, line, started)

    air.speak = spy
    session, _ = make_session(store, air=air, clock=clock, answer=answer_soon("copy"))
    mission_id = await briefed_mission(session, time_limit_s=60)
    await session.play(mission_id)
    await session.close()
    assert max(prepared_before_spoken) >= 2, "lines behind the one on air were already rendering"
    assert cast((await store.mission(mission_id)).brief.callers, voicebox.cards)


async def test_a_rehearsed_line_sounds_as_it_would_have_and_the_others_are_dropped(voicebox, tmp_path):
    """Rehearsed: the first piece rendered ahead; said: that piece, then the
    rest rendered after it, as a line rendered whole would be."""
    line = Line(speaker="Mara Quinn", text="Copy that, control, we are moving to the north gate now. Stand by.")
    other = Line(speaker="Mara Quinn", text="Say again, control?")
    air = VoicedAir(VirtualClock(), voicebox, WavSink(tmp_path / "out.wav", OUTPUT_RATE))
    air.cast((Caller(name="Mara Quinn", role="diver", voice=voicebox.cards[0].name),))

    air.rehearse([other, line])
    rehearsals = dict(air._rehearsed)
    air.rehearse([line, other])  # asked again (a resumed cue): nothing is rendered twice
    assert all(air._rehearsed[key] is render for key, render in rehearsals.items())
    air.prepare(line)
    assert not air._rehearsed, "the director wrote: the rehearsals were used or dropped"
    assert rehearsals[("mara quinn", other.text)]._cancelled.is_set()
    _, render = air._renders[id(line)]
    assert render.lead is rehearsals[("mara quinn", line.text)]
    said = [piece async for piece in render]
    again = Line(speaker=line.speaker, text=line.text)  # the same line, not rehearsed
    air.prepare(again)
    whole = [piece async for piece in air._renders[id(again)][1]]
    assert len(whole) >= 2, "a line of more than one piece"
    # The neural voice varies a little from one rendering to the next (its
    # noise is not seeded): the same pieces, each about as long.
    assert len(said) == len(whole)
    assert all(abs(len(a) - len(b)) < 0.15 * len(b) for a, b in zip(said, whole))


async def test_a_line_begun_while_written_starts_from_its_rehearsed_first_piece(voicebox, tmp_path):
    """A streaming director hands on a line's first piece before the line is
    complete: the whole line, when it comes, leads with that rendering."""
    line = Line(speaker="Mara Quinn", text="Copy that, control, we are moving to the north gate now. Stand by.")
    air = VoicedAir(VirtualClock(), voicebox, WavSink(tmp_path / "out.wav", OUTPUT_RATE))
    air.cast((Caller(name="Mara Quinn", role="diver", voice=voicebox.cards[0].name),))
    piece = first_piece(line.text)
    assert piece == "Copy that,", "a call-up: a piece of its own"
    air.rehearse([Begun(speaker="Mara Quinn", text=piece)])
    (begun,) = air._rehearsed.values()
    air.prepare(line)
    _, render = air._renders[id(line)]
    assert render.lead is begun and not begun._cancelled.is_set()
    said = [piece async for piece in render]
    assert len(said) == len(pieces_on_air(line.text))
    alone = Line(speaker="Mara Quinn", text=piece)
    air.prepare(alone)
    (closed,) = [p async for p in air._renders[id(alone)][1]]
    # The transmission goes on after that piece: it does not close with the
    # squelch's click (its last 4 ms), as the same words said as a whole line do.
    click = int(0.004 * OUTPUT_RATE)
    assert peak(said[0][-click:]) < 0.5 * peak(closed[-click:])


async def test_a_reply_that_opens_as_a_rehearsal_did_starts_from_that_rendering(voicebox, tmp_path):
    """The director's reply may go on differently from the reaction it
    rehearsed (the same opening, other words after): the pieces rendered
    ahead lead it all the same. A rehearsal whose piece closed the
    transmission (a line of one piece), or another caller's, does not."""
    opening = "Copy that, control, we are moving to the north gate now."
    rehearsed = Line(speaker="Mara Quinn", text=f"{opening} Stand by.")
    closed = Line(speaker="Mara Quinn", text="Say again, control?")
    air = VoicedAir(VirtualClock(), voicebox, WavSink(tmp_path / "out.wav", OUTPUT_RATE))
    air.cast((Caller(name="Mara Quinn", role="diver", voice=voicebox.cards[0].name),
              Caller(name="Ivo Brandt", role="pilot", voice=voicebox.cards[1].name)))
    air.rehearse([rehearsed, closed, Line(speaker="Ivo Brandt", text="Roger, control, holding.")])
    rendering = air._rehearsed[("mara quinn", rehearsed.text)]
    reply = Line(speaker="Mara Quinn", text=f"{opening} The east gate is shut.")
    assert rendering.opens(reply.text) and rendering.count == 2, "a call-up and the piece after it"
    assert not air._rehearsed[("mara quinn", closed.text)].opens("Say again, control? The line broke up.")
    assert not air._rehearsed[("ivo brandt", "Roger, control, holding.")].opens("Roger, control, holding on.")
    air.prepare(reply)
    _, render = air._renders[id(reply)]
    assert render.lead is rendering and not rendering.cancelled
    said = [piece async for piece in render]
    assert len(said) == len(pieces_on_air(reply.text))
    await air.close()


async def test_a_line_said_again_is_rehearsed_from_how_it_was_heard(voicebox, tmp_path):
    """"Say again": the caller's last transmission word for word. Its
    rehearsal is the sound aired, ready at once (nothing for the voice to
    render), so the voice spends the player's answer on the other reactions."""
    import numpy as np

    line = Line(speaker="Mara Quinn", text="Copy that, control, we are moving to the north gate now. Stand by.")
    air = VoicedAir(VirtualClock(), voicebox, WavSink(tmp_path / "out.wav", OUTPUT_RATE))
    air.cast((Caller(name="Mara Quinn", role="diver", voice=voicebox.cards[0].name),))
    await air.speak(1, line, lambda: None)
    heard = air._aired[1][1]
    other = Line(speaker="Mara Quinn", text="Say again, control?")
    air.rehearse([other, Line(speaker="Mara Quinn", text=line.text)])
    kept = air._rehearsed[("mara quinn", line.text)]
    assert kept.count == len(heard) and kept._queue.qsize() == len(heard) + 1, "ready before any await"
    again = Line(speaker="Mara Quinn", text=line.text)
    air.prepare(again)
    said = [piece async for piece in air._renders[id(again)][1]]
    assert len(said) == len(heard) and all(np.array_equal(a, b) for a, b in zip(said, heard))
    await air.close()


def peak(samples) -> float:
    import numpy as np
    return float(np.max(np.abs(samples)))


async def test_the_voices_load_while_the_brief_is_written(store, kokoro_cache, tmp_path):
    """Requesting a mission starts loading every voice engine: by the time
    the player tunes, only the opening line is left to render."""
    box = VoiceBox.build(VoiceOptions(cache_dir=kokoro_cache))
    try:
        air, clock = voiced(box, tmp_path / "out.wav")
        session, _ = make_session(store, air=air, clock=clock)
        assert not box.loaded
        player = await session.sign_in("NOVA-7")
        await session.request_mission(player, seed=3)
        wanted = {actor.engine for actor in box.actors.values()}
        deadline = asyncio.get_running_loop().time() + 120
        while box.loaded != wanted:
            assert asyncio.get_running_loop().time() < deadline, f"loaded {box.loaded} of {wanted}"
            await asyncio.sleep(0.05)
        await session.close()
    finally:
        box.close()

# SPDX-License-Identifier: GPL-3.0-or-later
"""The shipped voices, for real: Piper's joe and Kokoro's packs, loaded from
their PyPI packages, streamed sentence by sentence through the radio."""

import asyncio
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from fmdesk.core.sentences import pieces_on_air
from fmdesk.voice import piper_engine
from fmdesk.voice.engine import VoiceError
from fmdesk.voice.measure import median_f0
from fmdesk.voice.voicebox import OUTPUT_RATE, VoiceBox, VoiceOptions
from tests.waiting import until

LINE = "Nova, this is Kestrel. The north gate is clear. Move in now, and keep your head down."


async def collect(render):
    pieces, times, started = [], [], time.monotonic()
    async for piece in render:
        pieces.append(piece)
        times.append(time.monotonic() - started)
    return pieces, times


def test_at_least_four_actors_ship_with_both_genders(voicebox):
    actors = list(voicebox.actors.values())
    assert len(actors) >= 4
    assert {a.engine for a in actors} >= {"piper:en_US-joe-medium", "kokoro"}
    assert {a.gender for a in actors} >= {"male", "female"}
    # Shipped in installed packages (PyPI) or in fmdesk itself (packs from npm's kokoro-js): nothing downloaded.
    assert all(a.origin.startswith(("PyPI", "npm")) for a in actors), "nothing downloaded"


async def test_a_line_streams_sentence_by_sentence(voicebox):
    pieces, times = await collect(voicebox.stream("joe", LINE))
    assert len(pieces) == len(pieces_on_air(LINE)) >= 3, "one piece per sentence (and a call-up)"
    assert times[0] < times[-1], "the first sentence is handed on before the line is done"
    audio = np.concatenate(pieces)
    assert 3.0 < len(audio) / OUTPUT_RATE < 12.0 and np.max(np.abs(audio)) > 0.1


@pytest.mark.parametrize("actor", ["lewis", "bella", "kumo", "mira"])
async def test_kokoro_packs_and_blends_speak_english(voicebox, actor):
    """The shipped English packs (US and UK) and the Japanese-trained ones (and a blend)."""
    pieces, _ = await collect(voicebox.stream(actor, "Copy that. Moving to the bridge."))
    audio = np.concatenate(pieces)
    assert len(audio) / OUTPUT_RATE > 1.0 and np.sqrt(np.mean(audio ** 2)) > 0.01


def test_pitch_moves_the_voice_down(voicebox):
    joe = voicebox.actor("joe")
    # Four semitones down (×0.79). Piper renders with noise (its noise_scale), so one short line's
    # median F0 wanders by ±5 % (CI once saw ×0.93 for three semitones): two sentences, a wide step.
    gravel = replace(joe, name="joe-gravel", pitch=-4.0)
    line = "The radio is quiet tonight, over. Keep the channel open and wait for the morning boat."
    f0, f0_low = (median_f0(voicebox.speak_clean(a, line), OUTPUT_RATE) for a in (joe, gravel))
    assert 70 < f0_low < f0 * 0.92, (f0, f0_low)


def test_the_english_cast_is_twelve_distinct_native_voices(voicebox):
    english = [a for a in voicebox.actors.values() if a.accent in ("us", "uk")]
    assert len(english) >= 12
    assert {(a.accent, a.gender) for a in english} == {("us", "male"), ("us", "female"), ("uk", "male"),
                                                       ("uk", "female")}
    assert len({a.voice or a.engine for a in english}) == len(english), "no voice twice"
    assert all(a.note for a in english)


def test_an_unknown_actor_falls_back_to_the_first_and_a_bad_voice_is_said(voicebox):
    assert voicebox.actor("gone-since").name == next(iter(voicebox.actors))
    engine = voicebox.engines["kokoro"]
    engine.load()
    with pytest.raises(VoiceError, match="no voice 'jf_nobody'"):
        engine.style("jf_nobody")


async def test_a_dropped_in_piper_voice_is_an_actor(tmp_path, kokoro_cache):
    joe = piper_engine.shipped_joe()
    voices = tmp_path / "voices"
    voices.mkdir()
    shutil.copy(joe, voices / "en_US-mine-medium.onnx")
    shutil.copy(joe.with_suffix(".onnx.json"), voices / "en_US-mine-medium.onnx.json")
    (voices / "half.onnx").write_bytes(b"no config beside it")
    box = VoiceBox.build(VoiceOptions(voices_dir=voices, cache_dir=kokoro_cache, kokoro=False))
    try:
        assert "en_US-mine-medium" in box.actors and "half" not in box.actors
        pieces, _ = await collect(box.stream("en_US-mine-medium", "Testing, one two."))
        assert len(np.concatenate(pieces)) > OUTPUT_RATE // 2
    finally:
        box.close()


async def test_a_broken_voice_file_is_a_clear_error(tmp_path, kokoro_cache):
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "broken.onnx").write_bytes(b"not a model")
    shutil.copy(piper_engine.shipped_joe().with_suffix(".onnx.json"), voices / "broken.onnx.json")
    box = VoiceBox.build(VoiceOptions(voices_dir=voices, cache_dir=kokoro_cache, kokoro=False))
    try:
        with pytest.raises(VoiceError, match="Could not load the Piper voice .*broken.onnx"):
            await collect(box.stream("broken", "Hello."))
    finally:
        box.close()


async def test_a_loaded_voice_is_not_loaded_again_behind_a_render(voicebox):
    """Going on air loads the cast's voices; loaded while the player tuned,
    that does not wait for the opening line the worker is rendering."""
    await voicebox.load(["lewis"])
    rendering = voicebox.stream("lewis", LINE)
    await voicebox.load(["lewis"])
    assert not rendering._future.done(), "load waited for the line being rendered"
    await collect(rendering)


class _Noting:
    """A real engine, noting how each sentence it was asked to say ended."""

    def __init__(self, engine):
        self.engine, self.ended, self.began = engine, [], threading.Event()
        self.name = engine.name

    @property
    def sample_rate(self) -> int:
        return self.engine.sample_rate

    def load(self) -> None:
        self.engine.load()

    def synthesize(self, text: str, voice: str, speed: float) -> np.ndarray:
        self.began.set()
        try:
            audio = self.engine.synthesize(text, voice, speed)
        except Exception:
            self.ended.append("stopped")
            raise
        self.ended.append("said")
        return audio

    def stop(self) -> None:
        self.engine.stop()

    def go(self) -> None:
        self.engine.go()


async def test_a_line_cancelled_mid_sentence_stops_the_engine(kokoro_cache):
    """A rehearsal not chosen, or the line a cut-in ended, is stopped in the
    middle of its sentence (not finished unheard), and the next line is said
    in full."""
    box = VoiceBox.build(VoiceOptions(cache_dir=kokoro_cache))
    noting = box.engines["kokoro"] = _Noting(box.engines["kokoro"])
    try:
        await box.load(["lewis"])
        long = "The freight rolls on past the box and over the points toward the loop and the sidings " * 3
        rendering = box.stream("lewis", long.strip() + ".")  # one piece of about 250 characters (2 s here)
        assert await asyncio.to_thread(noting.began.wait, 60)
        rendering.cancel()
        pieces, _ = await collect(box.stream("lewis", "Copy that."))
        assert noting.ended == ["stopped", "said"]
        assert sum(len(p) for p in pieces) > 0.3 * OUTPUT_RATE
    finally:
        box.close()


async def test_the_voice_gives_whisper_the_cores_and_says_the_stopped_sentence_again(kokoro_cache):
    """While whisper hears an answer (`hold` … `go_on`) the voice renders
    nothing: the sentence it was saying stops at once and is said again,
    whole, once whisper is done, and no new sentence starts in between."""
    box = VoiceBox.build(VoiceOptions(cache_dir=kokoro_cache))
    noting = box.engines["kokoro"] = _Noting(box.engines["kokoro"])
    try:
        await box.load(["lewis"])
        long = "The freight rolls on past the box and over the points toward the loop and the sidings " * 3
        text = long.strip() + ". Copy that."
        rendering = box.stream("lewis", text)
        assert await asyncio.to_thread(noting.began.wait, 60)
        box.hold()
        await until(lambda: noting.ended == ["stopped"], "the sentence being said stopped")
        noting.began.clear()
        waiting = asyncio.ensure_future(collect(rendering))
        assert not await asyncio.to_thread(noting.began.wait, 1.0)  # nothing starts until go_on
        box.go_on()
        pieces, _ = await asyncio.wait_for(waiting, 120)
        count = len(pieces_on_air(text))
        assert noting.ended == ["stopped"] + ["said"] * count  # the stopped sentence said again, whole
        assert len(pieces) == count and len(pieces[0]) > 1.5 * OUTPUT_RATE
    finally:
        box.close()


async def test_a_rendering_cancelled_while_whisper_runs_is_dropped_at_once(kokoro_cache):
    box = VoiceBox.build(VoiceOptions(cache_dir=kokoro_cache))
    noting = box.engines["kokoro"] = _Noting(box.engines["kokoro"])
    try:
        await box.load(["lewis"])
        box.hold()
        rendering = box.stream("lewis", "Copy that.")
        rendering.cancel()
        box.go_on()
        pieces, _ = await collect(box.stream("lewis", "Roger."))
        assert noting.ended == ["said"] and pieces  # only the line still wanted was said
    finally:
        box.close()


async def test_rendering_never_blocks_the_event_loop(voicebox):
    lags, done = [], asyncio.Event()

    async def ticker():
        while not done.is_set():
            started = time.monotonic()
            await asyncio.sleep(0.01)
            lags.append(time.monotonic() - started - 0.01)

    tick = asyncio.create_task(ticker())
    await collect(voicebox.stream("kumo", LINE))
    done.set()
    await tick
    assert max(lags) < 0.1, f"the loop stalled {max(lags) * 1000:.0f} ms"


def test_the_voice_models_share_one_memory_arena(tmp_path):
    """Every voice model's session allocates from one arena registered once per
    process (peak memory with the whole cast and hearing: 790 → 704 MB)."""
    from fmdesk.voice.engine import _shared_arena, onnx_session

    assert _shared_arena() and _shared_arena(), "registered once, then reused"
    session = onnx_session(piper_engine.shipped_joe(), 1)
    assert session.get_session_options().get_session_config_entry("session.use_env_allocators") == "1"


def test_the_voice_models_threads_wait_without_spinning():
    """The voice's onnxruntime threads sleep between operators rather than
    busy-wait, so a rehearsal beside whisper leaves it the cores (whisper
    539 → 473 ms on a 2.8 s answer, measured beside Kokoro)."""
    from fmdesk.voice.engine import onnx_session

    session = onnx_session(piper_engine.shipped_joe(), 2)
    assert session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == "0"


def _nice_values() -> dict[int, int]:
    """Each thread of this process: its nice value (/proc/self/task/TID/stat, field 19)."""
    values = {}
    for stat in Path("/proc/self/task").glob("*/stat"):
        fields = stat.read_text().rsplit(")", 1)[1].split()
        values[int(stat.parent.name)] = int(fields[16])
    return values


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="Linux: a thread's nice value is its own")
async def test_the_voice_renders_behind_the_hearing_path(kokoro_cache):
    """The voice worker and the threads its engines start run at nice +10, so
    whisper keeps the cores while a rehearsal renders."""
    import os

    from fmdesk.voice.voicebox import VOICE_NICENESS

    mine = os.getpriority(os.PRIO_PROCESS, 0)
    before = _nice_values()
    box = VoiceBox.build(VoiceOptions(cache_dir=kokoro_cache))
    try:
        await box.load(list(box.actors))
        started = {tid: nice for tid, nice in _nice_values().items() if tid not in before}
    finally:
        box.close()
    behind = [tid for tid, nice in started.items() if nice == mine + VOICE_NICENESS]
    assert len(behind) >= 2, f"the worker and its engines' threads: {started}"
    assert os.getpriority(os.PRIO_PROCESS, 0) == mine, "the caller's own priority is left as it was"

# SPDX-License-Identifier: GPL-3.0-or-later
"""Hearing while TALK is held: the gate goes on from its last look, and
whisper starts once the voice has stopped, with the real Silero and whisper.

The recording is fed the way the microphone gives it (`Microphone.so_far`):
48 kHz audio, the whole of it resampled to 16 kHz at every look, 0.15 s apart.
"""

from __future__ import annotations

import numpy as np
import soxr

from fmdesk.hearing.audio import RATE, load_16k
from fmdesk.hearing.gate import Gate, GrowingGate
from tests.hearing import hearing_set

MIC_RATE = 48000
LOOK_EVERY_S = 0.15


def mic_audio(*parts: np.ndarray) -> np.ndarray:
    """16 kHz pieces joined and raised to a microphone's 48 kHz."""
    return soxr.resample(np.concatenate(parts), RATE, MIC_RATE).astype(np.float32)


def quiet(seconds: float, seed: int = 0) -> np.ndarray:
    """A microphone's floor: faint noise, not digital silence."""
    return np.random.default_rng(seed).normal(0, 1e-3, int(seconds * RATE)).astype(np.float32)


def so_far(native: np.ndarray, seconds: float) -> np.ndarray:
    """What `Microphone.so_far` gives after `seconds` of TALK."""
    held = native[: int(seconds * MIC_RATE)]
    return np.asarray(soxr.resample(held, MIC_RATE, RATE, quality="HQ"), dtype=np.float32)


def looks(native: np.ndarray):
    """The recording at every look while TALK is held, then the whole of it."""
    seconds = LOOK_EVERY_S
    while seconds < len(native) / MIC_RATE:
        yield so_far(native, seconds)
        seconds += LOOK_EVERY_S


def clip(text: str):
    return next(c for c in hearing_set.speech("clean") if c.voice == "piper" and c.text == text)


def test_the_growing_gate_says_what_the_gate_says_on_every_look():
    gate = Gate.default()
    assert gate.vad is not None
    for item in [c for c in hearing_set.speech("clean")][:6] + hearing_set.noise()[:3]:
        native = mic_audio(quiet(0.3), load_16k(item.path), quiet(0.8))
        growing = GrowingGate(gate)
        for audio in [*looks(native), so_far(native, len(native) / MIC_RATE)]:
            assert growing.check(audio) == gate.check(audio), item.path.name


def test_a_recording_that_is_not_the_one_before_is_looked_at_from_its_start():
    gate = Gate.default()
    growing = GrowingGate(gate)
    first = so_far(mic_audio(load_16k(clip("use the fixed line").path), quiet(0.5)), 2.0)
    growing.check(first)
    other = so_far(mic_audio(quiet(0.6, seed=3), load_16k(hearing_set.noise()[0].path)), 2.0)
    assert growing.check(other) == gate.check(other)


async def test_whisper_starts_while_talk_is_held_and_gives_the_release_the_same_words(hearing):
    said = clip("use the fixed line")
    native = mic_audio(quiet(0.3), load_16k(said.path), quiet(0.8))
    whole = so_far(native, len(native) / MIC_RATE)
    plain = await hearing.hear(whole, RATE, hearing_set.prompt())
    assert not plain.ahead, "nothing was looked at before this release"

    for audio in looks(native):
        await hearing.listen(audio, RATE, hearing_set.prompt())
    early = await hearing.hear(whole, RATE, hearing_set.prompt())
    assert early.ahead, "whisper started before the release"
    assert (early.text, early.heard_as) == (plain.text, plain.heard_as)
    assert 1 <= early.whisper_threads <= hearing.threads


async def test_speech_after_the_early_start_is_heard_with_the_rest(hearing):
    first, second = clip("use the fixed line"), clip("copy that, heading to the north gate")
    # Released as the second part ends (its clip's own trailing quiet cut off):
    # too soon for whisper to start again.
    native = mic_audio(quiet(0.3), load_16k(first.path), quiet(1.2), load_16k(second.path)[: -int(0.45 * RATE)])
    for audio in looks(native):
        await hearing.listen(audio, RATE, hearing_set.prompt())
    heard = await hearing.hear(so_far(native, len(native) / MIC_RATE), RATE, hearing_set.prompt())
    assert not heard.ahead, "the early start heard only the first part: it was stopped"
    words = heard.text.lower()
    assert "fixed" in words and "gate" in words, heard.text


async def test_a_recording_handed_in_whole_is_not_mistaken_for_the_one_looked_at(hearing):
    said, other = clip("use the fixed line"), clip("copy that, heading to the north gate")
    native = mic_audio(quiet(0.3), load_16k(said.path), quiet(0.8))
    for audio in looks(native):
        await hearing.listen(audio, RATE, hearing_set.prompt())
    heard = await hearing.hear(load_16k(other.path), RATE, hearing_set.prompt())
    assert not heard.ahead and "gate" in heard.text.lower(), heard.text


class _Noting:
    """Work that gives way to whisper (the voice, in the app), noting when it is told to."""

    def __init__(self):
        self.told: list[str] = []

    def hold(self) -> None:
        self.told.append("hold")

    def go_on(self) -> None:
        self.told.append("go_on")


async def test_the_voice_is_held_while_whisper_runs_and_let_go_each_time(hearing):
    """Each whisper run, an early start stopped by more speech included,
    holds what gives way and lets it go again; a recording with no voice
    holds nothing (whisper does not run)."""
    first, second = clip("use the fixed line"), clip("copy that, heading to the north gate")
    native = mic_audio(quiet(0.3), load_16k(first.path), quiet(1.2), load_16k(second.path)[: -int(0.45 * RATE)])
    noting = hearing.gives_way = _Noting()
    try:
        await hearing.hear(quiet(1.0), RATE, hearing_set.prompt())
        assert noting.told == []
        for audio in looks(native):
            await hearing.listen(audio, RATE, hearing_set.prompt())
        heard = await hearing.hear(so_far(native, len(native) / MIC_RATE), RATE, hearing_set.prompt())
        await hearing.ready()  # the early start, stopped, has ended too
    finally:
        hearing.gives_way = None
    assert "gate" in heard.text.lower(), heard.text
    assert len(noting.told) >= 4 and noting.told == ["hold", "go_on"] * (len(noting.told) // 2)

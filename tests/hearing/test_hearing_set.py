# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole hearing path on the committed test set, as the session runs it.

Not speech must never become words. Word error rate is held to regression
floors here; the issue's goals (clean ≤ 0.15, noisy ≤ 0.25) and the latency
are measured by bench/hearing.py, which reports where tiny.en stands."""

from __future__ import annotations

import numpy as np
import pytest

from fmdesk.hearing.audio import RATE, read_wav
from tests.hearing import hearing_set
from tests.hearing.scoring import wer

# Measured on 2 cores (bench/hearing.py, several runs): clean 0.14-0.16, noisy 0.24-0.29.
CLEAN_FLOOR, NOISY_FLOOR = 0.20, 0.35


async def test_not_speech_never_becomes_words(hearing):
    for clip in hearing_set.noise():
        samples, rate = read_wav(clip.path)
        heard = await hearing.hear(samples, rate, hearing_set.prompt())
        assert heard.text == "" and not heard.speech, f"{clip.path.stem} heard as {heard.text!r}"
        assert heard.whisper_ms == 0.0, "nothing reached whisper"


async def test_any_rate_and_stereo_are_heard(hearing):
    clip = next(c for c in hearing_set.speech("clean") if c.voice == "piper" and c.text == "use the fixed line")
    samples, rate = read_wav(clip.path)
    mono = samples.reshape(-1).astype(np.float32) / 32768
    up = np.interp(np.arange(0, len(mono), rate / 44100), np.arange(len(mono)), mono).astype(np.float32)
    stereo = np.stack([up, up], axis=1)
    heard = await hearing.hear(stereo, 44100, "")
    assert wer([clip.text], [heard.text]) <= 0.25 and abs(heard.audio_s - len(mono) / RATE) < 0.01


@pytest.mark.parametrize("condition,floor", [("clean", CLEAN_FLOOR), ("noisy", NOISY_FLOOR)])
async def test_word_error_rate(hearing, condition, floor):
    refs, hyps = [], []
    for clip in hearing_set.speech(condition):
        samples, rate = read_wav(clip.path)
        heard = await hearing.hear(samples, rate, hearing_set.prompt())
        assert heard.speech, f"{clip.path.name}: the gate missed a voice"
        refs.append(clip.text)
        hyps.append(heard.text)
    assert len(refs) >= 40
    assert wer(refs, hyps) <= floor

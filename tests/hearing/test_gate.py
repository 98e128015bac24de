# SPDX-License-Identifier: GPL-3.0-or-later
"""The blank gate alone: Silero VAD (ONNX, no torch) plus an energy floor."""

from __future__ import annotations

import numpy as np
import pytest

from fmdesk.hearing.audio import RATE, load_16k
from fmdesk.hearing.gate import Gate, silero_model_path
from tests.hearing import hearing_set


@pytest.fixture(scope="module")
def gate():
    assert silero_model_path() is not None, "Silero VAD ships in fmdesk/hearing/data"
    gate = Gate.default()
    assert gate.vad is not None
    return gate


def test_silero_runs_without_torch(gate):
    import sys

    assert "torch" not in sys.modules


@pytest.mark.parametrize("clip", hearing_set.noise(), ids=lambda c: c.path.stem)
def test_no_voice_in_noise(gate, clip):
    verdict = gate.check(load_16k(clip.path))
    assert not verdict.speech, f"{clip.path.stem}: vad max {verdict.max_prob:.2f}"


def test_a_voice_is_found_and_its_span_padded(gate):
    clip = next(c for c in hearing_set.speech("clean") if c.voice == "piper")
    speech = load_16k(clip.path)
    silence = np.zeros(2 * RATE, np.float32)
    audio = np.concatenate([silence, speech, silence])
    verdict = gate.check(audio)
    assert verdict.speech and verdict.method == "silero" and verdict.max_prob > 0.8
    # The voiced span sits inside the padding around the speech, not the 2 s silences.
    assert 1.6 <= verdict.start_s <= 2.4
    assert 2.0 + len(speech) / RATE - 0.6 <= verdict.end_s <= 2.0 + len(speech) / RATE + 0.4
    assert len(verdict.span(audio)) < len(audio) - 3 * RATE


def test_too_short_and_too_quiet():
    gate = Gate(vad=None)
    assert gate.check(np.zeros(100, np.float32)).method == "too short"
    assert not gate.check(np.full(RATE, 1e-4, np.float32)).speech  # -80 dBFS


def test_energy_fallback_still_hears_a_loud_voice():
    gate = Gate(vad=None)
    clip = next(c for c in hearing_set.speech("clean"))
    verdict = gate.check(load_16k(clip.path))
    assert verdict.speech and verdict.method == "energy"

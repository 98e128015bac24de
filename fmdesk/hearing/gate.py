# SPDX-License-Identifier: GPL-3.0-or-later
"""The blank gate: is there speech in this clip, and where?

whisper invents words on silence and noise ("Thank you.", "(dramatic
music)"), so nothing reaches it unless Silero VAD hears a voice in enough
frames that are also above an energy floor. Silero's ONNX model ships in
fmdesk's own package data (`hearing/data/`) and runs on onnxruntime (no
torch). Without it, the gate falls back to energy alone, and says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fmdesk.hearing.audio import RATE

log = logging.getLogger(__name__)

FRAME = 512            # 32 ms at 16 kHz, what Silero takes
CONTEXT = 64           # samples of the previous frame Silero sees first
SPEECH_PROB = 0.5
FLOOR_DBFS = -50.0     # frames quieter than this are never speech
MIN_SPEECH_S = 0.15    # shorter voiced bursts (clicks, coughs) do not count
MERGE_GAP_S = 0.35
PAD_BEFORE_S, PAD_AFTER_S = 0.2, 0.3


SILERO_SHA256 = "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3"


def silero_model_path() -> Path | None:
    """Silero VAD's ONNX file, shipped in fmdesk's own package data (MIT,
    taken from PyPI's silero-vad 6.2.3 by scripts/vendor_silero_vad.py; its
    licence is beside it). None only when the install lost it."""
    path = Path(__file__).resolve().parent / "data" / "silero_vad.onnx"
    return path if path.exists() else None


class SileroVad:
    def __init__(self, path: Path):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = options.intra_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(path), sess_options=options,
                                                     providers=["CPUExecutionProvider"])

    def probabilities(self, audio: np.ndarray) -> np.ndarray:
        """Speech probability of each 32 ms frame of 16 kHz audio."""
        return self.run(audio, SileroState.fresh())[0]

    def run(self, audio: np.ndarray, start: "SileroState") -> tuple[np.ndarray, "SileroState"]:
        """Probabilities of the whole frames of `audio`, going on from `start`
        (the state after the frames before it), and the state after them."""
        state, context = start.state, start.context
        rate = np.array(RATE, dtype=np.int64)
        frames = len(audio) // FRAME
        out = np.zeros(frames, dtype=np.float32)
        for i in range(frames):
            chunk = audio[i * FRAME:(i + 1) * FRAME].reshape(1, FRAME).astype(np.float32)
            prob, state = self._session.run(None, {"input": np.concatenate([context, chunk], axis=1),
                                                   "state": state, "sr": rate})
            context = chunk[:, -CONTEXT:]
            out[i] = float(prob.reshape(-1)[0])
        return out, SileroState(state, context)


@dataclass(frozen=True)
class SileroState:
    """Silero's recurrent state and the last samples it saw, between frames."""

    state: np.ndarray
    context: np.ndarray

    @classmethod
    def fresh(cls) -> "SileroState":
        return cls(np.zeros((2, 1, 128), dtype=np.float32), np.zeros((1, CONTEXT), dtype=np.float32))


@dataclass(frozen=True)
class Verdict:
    speech: bool
    start_s: float = 0.0     # the voiced span, padded
    end_s: float = 0.0
    max_prob: float = 0.0
    voiced_s: float = 0.0
    method: str = "silero"

    def span(self, audio: np.ndarray) -> np.ndarray:
        return audio[int(self.start_s * RATE):int(self.end_s * RATE)]


def frame_dbfs(audio: np.ndarray) -> np.ndarray:
    frames = len(audio) // FRAME
    blocks = audio[: frames * FRAME].reshape(frames, FRAME).astype(np.float64)
    rms = np.sqrt(np.mean(blocks ** 2, axis=1)) + 1e-12
    return 20 * np.log10(rms)


class Gate:
    def __init__(self, vad: SileroVad | None):
        self.vad = vad
        if vad is None:
            log.warning("Silero VAD's model is missing from this install (reinstall fmdesk): "
                        "the blank gate uses loudness alone")

    @classmethod
    def default(cls) -> "Gate":
        path = silero_model_path()
        try:
            return cls(SileroVad(path) if path else None)
        except Exception as exc:  # a broken onnxruntime must not stop the game
            log.warning("Silero VAD could not load (%s)", exc)
            return cls(None)

    def check(self, audio: np.ndarray) -> Verdict:
        return self.decide(audio, self.vad.probabilities(audio) if self.vad is not None else None)

    def decide(self, audio: np.ndarray, probs: np.ndarray | None) -> Verdict:
        """The verdict on `audio` from Silero's probability of each of its
        frames (None: Silero is missing, loudness alone decides)."""
        if len(audio) < FRAME:
            return Verdict(False, method="too short")
        loud = frame_dbfs(audio) > FLOOR_DBFS
        if probs is not None:
            voiced = (probs > SPEECH_PROB) & loud
            method = "silero"
        else:
            probs = loud.astype(np.float32)
            voiced = frame_dbfs(audio) > FLOOR_DBFS + 20  # louder than hiss: crude, hence the warning
            method = "energy"
        spans = _spans(voiced, FRAME / RATE)
        spans = [(a, b) for a, b in spans if b - a >= MIN_SPEECH_S]
        if not spans:
            return Verdict(False, max_prob=float(probs.max(initial=0.0)), method=method)
        start = max(0.0, spans[0][0] - PAD_BEFORE_S)
        end = min(len(audio) / RATE, spans[-1][1] + PAD_AFTER_S)
        return Verdict(True, round(start, 3), round(end, 3), float(probs.max()),
                       round(sum(b - a for a, b in spans), 3), method)


# The end of a recording still growing is looked at again on the next look:
# resampled as a whole each time, its last samples change as more arrive
# (soxr's HQ filter: up to 35 ms before the end, measured here).
SETTLED_BEFORE_END_S = 0.05


class GrowingGate:
    """The gate over a recording that grows while TALK is held (each look
    gets the whole recording so far): Silero goes on from where the last look
    left it, so a look, and the last one at the release, pays only for the
    new frames. Its verdicts are the same as `Gate.check` on the same audio."""

    def __init__(self, gate: Gate):
        self.gate = gate
        self._start_over()

    def _start_over(self) -> None:
        self._settled = np.zeros(0, np.float32)   # the audio of the frames below
        self._probs = np.zeros(0, np.float32)
        self._state = SileroState.fresh()

    def check(self, audio: np.ndarray) -> Verdict:
        vad = self.gate.vad
        if vad is None or len(audio) < FRAME:
            return self.gate.check(audio)
        done = len(self._settled)
        if done and (len(audio) < done or not np.array_equal(audio[:done], self._settled)):
            self._start_over()  # not the same recording
            done = 0
        settle_to = max(done, (len(audio) - int(SETTLED_BEFORE_END_S * RATE)) // FRAME * FRAME)
        probs, self._state = vad.run(audio[done:settle_to], self._state)
        self._probs = np.concatenate([self._probs, probs])
        self._settled = np.array(audio[:settle_to], dtype=np.float32)
        tail, _ = vad.run(audio[settle_to:], self._state)
        return self.gate.decide(audio, np.concatenate([self._probs, tail]))


def _spans(voiced: np.ndarray, frame_s: float) -> list[tuple[float, float]]:
    """Runs of voiced frames as (start, end) seconds, short gaps merged."""
    spans: list[tuple[float, float]] = []
    start = None
    for i, on in enumerate(list(voiced) + [False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            spans.append((start * frame_s, i * frame_s))
            start = None
    merged: list[tuple[float, float]] = []
    for a, b in spans:
        if merged and a - merged[-1][1] <= MERGE_GAP_S:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged

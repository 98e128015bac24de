# SPDX-License-Identifier: GPL-3.0-or-later
"""Audio in the shape hearing wants: 16 kHz mono float32 in [-1, 1]."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 16000


class AudioFileError(ValueError):
    pass


def to_mono_16k(samples: np.ndarray, rate: int) -> np.ndarray:
    """Any rate, mono or (frames, channels), ints or floats -> 16 kHz mono float32."""
    audio = np.asarray(samples)
    if audio.dtype.kind in "iu":
        audio = audio.astype(np.float32) / float(np.iinfo(audio.dtype).max)
    audio = audio.astype(np.float32, copy=False)
    if audio.ndim == 2:
        audio = audio.mean(axis=1)
    if rate != RATE and len(audio):
        import soxr

        audio = soxr.resample(audio, rate, RATE, quality="HQ").astype(np.float32)
    return np.clip(audio, -1.0, 1.0)


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A PCM WAV file's samples (frames, channels) and rate."""
    try:
        with wave.open(str(path), "rb") as handle:
            rate, channels, width = handle.getframerate(), handle.getnchannels(), handle.getsampwidth()
            raw = handle.readframes(handle.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise AudioFileError(f"Cannot read {path}: {exc} (a PCM WAV file is needed)") from exc
    if width == 3:
        bytes_ = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3)
        ints = (bytes_[:, 0].astype(np.int32) | (bytes_[:, 1].astype(np.int32) << 8)
                | (bytes_[:, 2].astype(np.int32) << 16))
        data = (np.where(ints >= 1 << 23, ints - (1 << 24), ints) << 8).astype(np.int32)
    else:
        dtypes = {1: np.uint8, 2: np.int16, 4: np.int32}
        if width not in dtypes:
            raise AudioFileError(f"{path}: {width * 8}-bit samples are not supported")
        data = np.frombuffer(raw, dtype=dtypes[width])
        if width == 1:
            data = (data.astype(np.int16) - 128) * 256
    return data.reshape(-1, channels), rate


def load_16k(path: Path) -> np.ndarray:
    samples, rate = read_wav(path)
    return to_mono_16k(samples, rate)


def write_wav(path: Path, audio: np.ndarray, rate: int = RATE) -> None:
    """Mono float audio as 16-bit PCM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.tobytes())

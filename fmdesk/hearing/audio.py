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


# An answer is at most 30 s; a file to transcribe at most this (whisper hears
# 30 s windows: five minutes is ten of them, about a minute on two cores).
MAX_FILE_S = 300.0


def read_wav(path: Path, max_seconds: float = MAX_FILE_S) -> tuple[np.ndarray, int]:
    """A WAV file's samples (frames, channels) and rate: PCM of 8 to 32 bits,
    32- or 64-bit float, plain or WAVE_FORMAT_EXTENSIBLE (what sox, DAWs and
    recorders write), read by scipy's WAV reader. Anything else, a rate of 0,
    or a file longer than `max_seconds` is one AudioFileError sentence."""
    from scipy.io import wavfile

    try:
        rate, data = wavfile.read(str(path), mmap=True)
    except FileNotFoundError:
        raise AudioFileError(f"Cannot read {path}: there is no such file.") from None
    except (OSError, EOFError, ValueError, TypeError) as exc:
        raise AudioFileError(f"Cannot read {path} as a WAV file ({str(exc) or type(exc).__name__}).") from None
    if rate <= 0:
        raise AudioFileError(f"{path} says its sample rate is {rate} Hz: the file is damaged.")
    if data.ndim == 1:
        data = data.reshape(-1, 1)
    if len(data) / rate > max_seconds:
        raise AudioFileError(f"{path} is {len(data) / rate / 60:.1f} minutes long; fmdesk hears at most "
                             f"{max_seconds / 60:.0f} minutes (cut it with sox: sox IN OUT trim 0 {max_seconds:g}).")
    if data.dtype.kind == "f":
        return np.array(data, dtype=np.float32), rate
    if data.dtype == np.uint8:
        return ((data.astype(np.int16) - 128) * 256).astype(np.int16), rate
    if data.dtype.kind == "i" and data.dtype.itemsize in (2, 4):
        return np.array(data), rate
    raise AudioFileError(f"{path}: {data.dtype} samples are not supported.")


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

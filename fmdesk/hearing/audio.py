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
    recorders write). Anything else, a rate of 0, or a file longer than
    `max_seconds` is one AudioFileError sentence."""
    try:
        with open(path, "rb") as handle:
            rate, channels, dtype, offset, frames = _wav_layout(handle)
            if rate <= 0:
                raise AudioFileError(f"{path} says its sample rate is {rate} Hz: the file is damaged.")
            if frames / rate > max_seconds:
                raise AudioFileError(
                    f"{path} is {frames / rate / 60:.1f} minutes long; fmdesk hears at most "
                    f"{max_seconds / 60:.0f} minutes (cut it with sox: sox IN OUT trim 0 {max_seconds:g}).")
            handle.seek(offset)
            raw = handle.read(frames * channels * dtype.itemsize)
    except FileNotFoundError:
        raise AudioFileError(f"Cannot read {path}: there is no such file.") from None
    except _NotWav as exc:
        raise AudioFileError(f"Cannot read {path} as a WAV file ({exc}).") from None
    except OSError as exc:
        raise AudioFileError(f"Cannot read {path} ({exc.strerror or exc}).") from None
    if dtype.kind == "V":  # 24-bit PCM: three bytes a sample, widened to int32 (the top three bytes)
        triples = np.frombuffer(raw, dtype=np.uint8)[: len(raw) // 3 * 3].reshape(-1, 3)
        wide = np.zeros((len(triples), 4), dtype=np.uint8)
        wide[:, 1:] = triples
        data = wide.view("<i4").reshape(-1)
        dtype = np.dtype("<i4")
    else:
        data = np.frombuffer(raw, dtype=dtype)
    data = data[: len(data) // channels * channels].reshape(-1, channels)
    if dtype.kind == "f":
        return data.astype(np.float32), rate
    if dtype.kind == "u":
        return ((data.astype(np.int16) - 128) * 256).astype(np.int16), rate
    return data.astype(dtype.newbyteorder("="), copy=True), rate


class _NotWav(ValueError):
    pass


# The RIFF WAVE layout: Microsoft's "Multimedia Programming Interface and Data
# Specifications 1.0" (1991) for the chunks and WAVE_FORMAT_PCM (1) /
# WAVE_FORMAT_IEEE_FLOAT (3); WAVE_FORMAT_EXTENSIBLE (0xFFFE) keeps the real
# format tag in the first two bytes of its SubFormat GUID.
_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE


def _wav_layout(handle) -> tuple[int, int, np.dtype, int, int]:
    """(rate, channels, sample dtype, offset of the samples, frames) from the
    file's chunks. A data chunk whose size runs past the end of the file (a
    recorder stopped before it wrote the sizes) is read as far as it goes."""
    head = handle.read(12)
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RIFX") or head[8:12] != b"WAVE":
        raise _NotWav("it does not start with a RIFF WAVE header")
    if head[:4] == b"RIFX":
        raise _NotWav("big-endian RIFX files are not supported")
    fmt = None
    while True:
        chunk = handle.read(8)
        if len(chunk) < 8:
            raise _NotWav("it has no fmt and data chunks" if fmt is None else "it has no data chunk")
        kind, size = chunk[:4], int.from_bytes(chunk[4:], "little")
        if kind == b"fmt ":
            body = handle.read(size)
            if len(body) < 16:
                raise _NotWav("its fmt chunk is too short")
            fmt = body
            if size % 2:
                handle.read(1)
        elif kind == b"data":
            if fmt is None:
                raise _NotWav("its data comes before its fmt chunk")
            offset = handle.tell()
            available = handle.seek(0, 2) - offset
            rate, channels, dtype = _sample_format(fmt)
            frames = min(size, available) // (channels * dtype.itemsize)
            return rate, channels, dtype, offset, frames
        else:
            handle.seek(size + size % 2, 1)


def _sample_format(fmt: bytes) -> tuple[int, int, np.dtype]:
    tag = int.from_bytes(fmt[0:2], "little")
    channels = int.from_bytes(fmt[2:4], "little")
    rate = int.from_bytes(fmt[4:8], "little")
    bits = int.from_bytes(fmt[14:16], "little")
    if tag == _EXTENSIBLE:
        if len(fmt) < 26:
            raise _NotWav("its extensible fmt chunk is too short")
        tag = int.from_bytes(fmt[24:26], "little")
    if channels < 1:
        raise _NotWav("it says it has no channels")
    if tag == _PCM and bits in (8, 16, 24, 32):
        dtype = {8: np.dtype("u1"), 16: np.dtype("<i2"), 24: np.dtype("V3"), 32: np.dtype("<i4")}[bits]
    elif tag == _FLOAT and bits in (32, 64):
        dtype = np.dtype("<f4") if bits == 32 else np.dtype("<f8")
    else:
        raise _NotWav(f"format {tag} with {bits}-bit samples is not supported")
    return rate, channels, dtype


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

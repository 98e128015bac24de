# SPDX-License-Identifier: GPL-3.0-or-later
"""WAV files as recorders and tools write them are read; a bad one is one sentence."""

from __future__ import annotations

import struct
import subprocess
import sys

import numpy as np
import pytest
from scipy.io import wavfile

from fmdesk.hearing.audio import AudioFileError, read_wav, to_mono_16k
from tests.conftest import fmdesk_env

TONE = (0.5 * np.sin(2 * np.pi * 440 * np.arange(48000) / 48000)).astype(np.float32)


def extensible(path, samples: np.ndarray, rate: int) -> None:
    """WAVE_FORMAT_EXTENSIBLE with 32-bit float samples (sox, DAWs)."""
    data = samples.astype("<f4").tobytes()
    guid = struct.pack("<IHH", 3, 0x0000, 0x0010) + bytes([0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])
    fmt = struct.pack("<HHIIHHHHI", 0xFFFE, 1, rate, rate * 4, 4, 32, 22, 32, 4) + guid
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


def pcm24(path, samples: np.ndarray, rate: int, *, cut: int = 0) -> None:
    """24-bit PCM (field recorders); `cut` bytes lost at the end, the sizes
    left as written (a recorder that stopped before it fixed them)."""
    ints = (samples * (2 ** 23 - 1)).astype("<i4").view(np.uint8).reshape(-1, 4)[:, :3]
    data = ints.tobytes()
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 3, 3, 24)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    raw = b"RIFF" + struct.pack("<I", len(body)) + body
    path.write_bytes(raw[: len(raw) - cut])


@pytest.mark.parametrize("kind", ["float32", "int16", "int32", "uint8", "extensible", "int24", "int24-cut"])
def test_common_wav_kinds_are_read(tmp_path, kind):
    path = tmp_path / f"{kind}.wav"
    if kind == "extensible":
        extensible(path, TONE, 48000)
    elif kind.startswith("int24"):
        pcm24(path, np.concatenate([TONE, TONE[:3000]]) if kind.endswith("cut") else TONE, 48000,
              cut=3000 * 3 if kind.endswith("cut") else 0)
    elif kind == "float32":
        wavfile.write(path, 48000, TONE)
    else:
        info = np.iinfo(kind)
        scaled = TONE * (info.max // 2) + (128 if kind == "uint8" else 0)
        wavfile.write(path, 48000, scaled.astype(kind))
    samples, rate = read_wav(path)
    audio = to_mono_16k(samples, rate)
    assert rate == 48000 and len(audio) == 16000
    assert 0.15 < float(np.sqrt(np.mean(audio ** 2))) < 0.45, "the tone's level survives"


def test_a_zero_rate_or_a_long_file_is_refused_with_a_sentence(tmp_path):
    good = tmp_path / "tone.wav"
    wavfile.write(good, 16000, (TONE[:16000] * 30000).astype(np.int16))
    broken = tmp_path / "zero.wav"
    raw = bytearray(good.read_bytes())
    raw[24:28] = struct.pack("<I", 0)
    broken.write_bytes(bytes(raw))
    with pytest.raises(AudioFileError, match="zero.wav"):
        read_wav(broken)
    with pytest.raises(AudioFileError, match="at most"):
        read_wav(good, max_seconds=0.5)


def test_transcribe_says_one_sentence_for_a_bad_file(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav at all")
    done = subprocess.run([sys.executable, "-m", "fmdesk", "transcribe", str(bad)], capture_output=True, text=True,
                          timeout=120, env=fmdesk_env(tmp_path))
    assert done.returncode != 0 and "Traceback" not in done.stderr and "bad.wav" in done.stderr

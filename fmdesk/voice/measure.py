# SPDX-License-Identifier: GPL-3.0-or-later
"""How a voice sounds, in two numbers: median pitch (F0) and spectral
centroid. Used to check that actors are told apart (tests, bench/voices.py)."""

from __future__ import annotations

import numpy as np


def median_f0(audio: np.ndarray, rate: int, *, low: float = 60.0, high: float = 400.0) -> float:
    """Median F0 in Hz over the voiced frames (autocorrelation, 40 ms frames);
    0.0 when nothing is voiced."""
    audio = np.asarray(audio, dtype=np.float64)
    frame, hop = int(0.04 * rate), int(0.01 * rate)
    lo, hi = int(rate / high), int(rate / low)
    loudness = np.sqrt(np.mean(audio ** 2)) if audio.size else 0.0
    found = []
    for start in range(0, len(audio) - frame, hop):
        x = audio[start:start + frame]
        x = x - x.mean()
        energy = np.sqrt(np.mean(x ** 2))
        if energy < 0.5 * loudness or energy == 0:
            continue
        corr = np.correlate(x, x, "full")[frame - 1:]
        corr /= corr[0]
        lag = lo + int(np.argmax(corr[lo:hi]))
        if corr[lag] > 0.5:
            found.append(rate / lag)
    return float(np.median(found)) if found else 0.0


def spectral_centroid(audio: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(np.asarray(audio, dtype=np.float64)))
    freqs = np.fft.rfftfreq(len(audio), 1 / rate)
    total = spectrum.sum()
    return float((freqs * spectrum).sum() / total) if total else 0.0

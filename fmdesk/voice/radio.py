# SPDX-License-Identifier: GPL-3.0-or-later
"""The two-way radio sound: what a clean voice goes through on the way out.

`strength` is the effect setting (0 = the clean voice, 1 = a rough handset);
`signal` is the reception (1 = locked on: a faint hiss; 0 = off frequency:
nothing but static). Everything is float32 mono at the caller's rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BAND_HZ = (300.0, 3400.0)


# The static bed: a hiss a player hears under the whole show when locked on
# (about -34 dBFS RMS at the default strength, 0.7), up to a roar off frequency
# (about 11 times louder: a player hears the station come out of it).
HISS, ROAR = 0.045, 0.45


def band_gain(freqs: np.ndarray, low: float | None, high: float | None, order: int = 4) -> np.ndarray:
    """A Butterworth filter's magnitude at `freqs` (Hz): a high-pass at `low`
    and a low-pass at `high`, each of `order` (6·order dB an octave beyond
    the edge, half power at the edge). Either edge may be None."""
    f = np.maximum(np.abs(freqs), 1e-6)
    gain = np.ones_like(f)
    if low:
        gain /= np.sqrt(1.0 + (low / f) ** (2 * order))
    if high:
        gain /= np.sqrt(1.0 + (f / high) ** (2 * order))
    return gain


def filtered(audio: np.ndarray, rate: int, low: float | None, high: float | None, order: int = 4) -> np.ndarray:
    """`audio` through `band_gain`, with no phase shift, in one FFT (each
    piece of a transmission is filtered whole). Padded so that the ends do
    not wrap into each other: the slowest edge here (25 Hz) dies out in
    well under 0.1 s."""
    n = len(audio)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    size = 1 << int(np.ceil(np.log2(n + rate // 10 + 1)))
    spectrum = np.fft.rfft(audio.astype(np.float32), size)
    spectrum *= band_gain(np.fft.rfftfreq(size, 1.0 / rate), low, high, order).astype(np.float32)
    return np.fft.irfft(spectrum, size)[:n].astype(np.float32)


def static_gain(signal: float) -> float:
    """How much louder than the locked-on hiss the static is at this signal (0..1)."""
    return 1.0 + ROAR / HISS * (1.0 - float(np.clip(signal, 0.0, 1.0))) ** 1.5


@dataclass(frozen=True)
class RadioEffect:
    rate: int
    strength: float = 0.7

    def __post_init__(self):
        if not 0.0 <= self.strength <= 1.0:
            raise ValueError("radio strength goes from 0 (clean) to 1")

    # -- a transmission -------------------------------------------------------

    def transmission(self, voice: np.ndarray, *, signal: float = 1.0, first: bool = True,
                     last: bool = True, seed: int = 0) -> np.ndarray:
        """A piece of a caller's transmission: filtered, squashed, over the
        static bed; the squelch opens before the first piece and closes with
        a burst and click after the last."""
        voice = np.asarray(voice, dtype=np.float32)
        if self.strength == 0.0:
            return voice.copy()
        rng = np.random.default_rng(seed)
        shaped = self._voice_path(voice)
        shaped = shaped + self.static(len(shaped) / self.rate, signal=signal, rng=rng)
        parts = [self._squelch_open(rng)] if first else []
        parts.append(shaped)
        if last:
            parts.append(self._squelch_close(rng))
        return _limit(np.concatenate(parts))

    def static(self, seconds: float, *, signal: float = 1.0, rng: np.random.Generator | None = None) -> np.ndarray:
        """The static bed: a faint hiss when locked on, a roar off frequency.
        With the effect off it is true silence."""
        n = max(0, int(round(seconds * self.rate)))
        if self.strength == 0.0 or n == 0:
            return np.zeros(n, dtype=np.float32)
        rng = rng or np.random.default_rng()
        level = self.strength * HISS * static_gain(signal)
        noise = rng.standard_normal(n).astype(np.float32)
        hiss = filtered(noise, self.rate, 1200.0, min(6000.0, self.rate * 0.45))
        # A slow flutter so the bed is not a flat tone.
        t = np.arange(n, dtype=np.float32) / self.rate
        flutter = 1.0 + 0.25 * np.sin(2 * np.pi * 0.7 * t + rng.uniform(0, 6.28))
        return (level * hiss * flutter).astype(np.float32)

    # -- pieces ---------------------------------------------------------------------

    def _voice_path(self, voice: np.ndarray) -> np.ndarray:
        if voice.size == 0:
            return voice
        s = self.strength
        # A handheld set's voice band at any strength; the strength is how
        # hard the set squashes and drives it.
        banded = filtered(voice, self.rate, BAND_HZ[0], min(BAND_HZ[1], self.rate * 0.49))
        peak = float(np.max(np.abs(banded))) or 1.0
        normal = banded / peak
        # Compression: even out loud and soft syllables (a fast follower on the level).
        envelope = np.sqrt(filtered(normal ** 2, self.rate, None, 25.0, order=1).clip(1e-8))
        gain = (envelope.clip(0.05) ** (-0.5 * s)).astype(np.float32)
        squashed = normal * gain
        squashed /= float(np.max(np.abs(squashed))) or 1.0
        # Saturation: a soft clip that grows with the strength.
        drive = 1.0 + 4.0 * s
        saturated = np.tanh(drive * squashed) / np.tanh(drive)
        return (0.7 * saturated).astype(np.float32)

    def _squelch_open(self, rng: np.random.Generator) -> np.ndarray:
        return np.concatenate([self._click(rng, 0.5), self.static(0.06, signal=0.2, rng=rng)])

    def _squelch_close(self, rng: np.random.Generator) -> np.ndarray:
        burst = self.static(0.18, signal=0.0, rng=rng)
        burst *= np.linspace(1.0, 0.2, burst.size, dtype=np.float32)
        return np.concatenate([burst, self._click(rng, 0.6)])

    def _click(self, rng: np.random.Generator, level: float) -> np.ndarray:
        n = int(0.004 * self.rate)
        decay = np.exp(-np.arange(n) / (n / 5)).astype(np.float32)
        return (level * self.strength * decay * rng.choice([-1.0, 1.0], n)).astype(np.float32)


def _limit(audio: np.ndarray) -> np.ndarray:
    return np.clip(audio, -0.98, 0.98).astype(np.float32)

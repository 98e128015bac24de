# SPDX-License-Identifier: GPL-3.0-or-later
"""The microphone for push-to-talk: an input stream at the mic's native
rate, always open while on air, keeping the last seconds in a ring so the
first syllable said as TALK goes down is kept (300 ms pre-roll). On release
the held stretch is resampled to 16 kHz mono for hearing."""

from __future__ import annotations

import asyncio
import logging

import numpy as np
import soxr

from fmdesk.audio.devices import PORTAUDIO, close_stream, pick, pyaudio_instance
from fmdesk.audio.errors import AudioError
from fmdesk.audio.ring import Ring

log = logging.getLogger(__name__)

HEARING_RATE = 16000
PREROLL_S = 0.3
MAX_ANSWER_S = 30.0
BLOCK = 512
STOPPED = "The microphone stopped (unplugged?) — type your answers, or pick a device in Settings."


def candidate_rates(device) -> list[int]:
    """The rates a microphone is tried at, in order: its own, then the common
    ones (many mics refuse 16 kHz)."""
    return list(dict.fromkeys((device.rate, 48000, 44100, HEARING_RATE)))


def opening_rates(device) -> list[int]:
    """The candidate rates the microphone opens at (fmdesk doctor): each tried
    on PortAudio's thread with an input stream that is never started."""
    return PORTAUDIO.call(_opening_rates, device)


def _opening_rates(device) -> list[int]:
    import pyaudio

    opened = []
    for rate in candidate_rates(device):
        try:
            stream = pyaudio_instance().open(format=pyaudio.paFloat32, channels=1, rate=rate, input=True,
                                             input_device_index=device.index, frames_per_buffer=BLOCK,
                                             start=False)
        except (OSError, ValueError):
            continue
        close_stream(stream)
        opened.append(rate)
    return opened


class Microphone:
    def __init__(self, device: str = "", *, cap_s: float = MAX_ANSWER_S):
        self.device_name = device
        self.cap_s = cap_s        # at most this much of an answer is kept
        self.rate = 0
        self.level = 0.0          # RMS of the last block, 0..1
        self._stream = None
        self._ring: Ring | None = None
        self._mark: int | None = None

    def open(self) -> None:
        """Open the input stream (blocking: call from a worker). Raises AudioError."""
        if self._stream is not None:
            return
        import pyaudio

        device = pick("input", self.device_name)
        pa = pyaudio_instance()
        for rate in candidate_rates(device):
            try:
                self._ring = Ring(int((self.cap_s + 2) * rate))
                self.rate = rate
                self._stream = PORTAUDIO.call(lambda: pa.open(
                    format=pyaudio.paFloat32, channels=1, rate=rate, input=True,
                    input_device_index=device.index, frames_per_buffer=BLOCK, stream_callback=self._callback))
                log.info("listening on %s at %d Hz", device.label, rate)
                return
            except (OSError, ValueError) as exc:
                log.info("%s refused %d Hz: %s", device.label, rate, exc)
        raise AudioError(f"The microphone {device.name} refused every rate — type your answers, "
                         "or pick another device in Settings.")

    def _callback(self, in_data, frames, info, status):
        import pyaudio

        block = np.frombuffer(in_data, dtype=np.float32)
        self._ring.overwrite(block)
        self.level = float(np.sqrt(np.mean(block * block))) if len(block) else 0.0
        return None, pyaudio.paContinue

    def meter(self) -> float:
        """The level for a meter: 0 at -60 dBFS or below, 1 at full scale."""
        if self.level <= 1e-6:
            return 0.0
        return max(0.0, min(1.0, 1.0 + 20.0 * np.log10(self.level) / 60.0))

    @property
    def talking(self) -> bool:
        return self._mark is not None

    def held_seconds(self) -> float:
        if self._mark is None or self._ring is None:
            return 0.0
        return (self._ring.written - self._mark) / self.rate

    async def alive(self) -> bool:
        """Is the input stream still running? (Asked on PortAudio's thread.)
        A dead one is closed: `start_talk` then says so, and `open` tries again."""
        stream = self._stream
        try:
            active = stream is not None and await PORTAUDIO.run(stream.is_active)
        except OSError:
            active = False
        if not active and stream is not None:
            await asyncio.to_thread(self._close_stream)
        return active

    def start_talk(self) -> None:
        """TALK went down: keep from 300 ms ago on. No PortAudio call: safe on the loop."""
        if self._stream is None or self._ring is None:
            raise AudioError(STOPPED)
        self._mark = max(0, self._ring.written - int(PREROLL_S * self.rate))

    def drop_talk(self) -> None:
        """TALK is over and what was said is not wanted (answered another way)."""
        self._mark = None

    def stop_talk(self) -> np.ndarray:
        """TALK came up: what was said, 16 kHz mono float32 (at most `cap_s`)."""
        mark, self._mark = self._mark, None
        return self._held(mark)

    def so_far(self) -> np.ndarray:
        """While TALK is held: what was said until now, as `stop_talk` would
        give it (blocking: call from a worker). Empty when TALK is up."""
        return self._held(self._mark)

    def _held(self, mark: int | None) -> np.ndarray:
        if mark is None or self._ring is None:
            return np.zeros(0, np.float32)
        held = self._ring.since(mark)[: int(self.cap_s * self.rate)]
        if self.rate != HEARING_RATE and len(held):
            held = soxr.resample(held, self.rate, HEARING_RATE, quality="HQ")
        return np.asarray(held, dtype=np.float32)

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        close_stream(stream)

    async def close(self) -> None:
        await asyncio.to_thread(self._close_stream)

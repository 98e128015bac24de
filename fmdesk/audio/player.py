# SPDX-License-Identifier: GPL-3.0-or-later
"""The speakers: one PyAudio output stream in callback mode at the device's
native rate. Lines are resampled and queued in a ring; the callback only
copies from it and lays the static bed under everything while on air.

`play()` returns when the chunk's last sample has left the stream (it is
paced by the sound itself), and calls `on_start` when its first one does:
"left" is the stream's output time (the DAC time PortAudio gives each
callback), not the moment the callback copied the samples.

Every PortAudio call goes through `PORTAUDIO`, the thread that owns it.
The callback copies and scales into buffers made when the stream opens;
the one object it makes is the `bytes` PyAudio's callback must return.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Callable

import numpy as np
import soxr

from fmdesk.audio.chunk import AudioChunk
from fmdesk.audio.devices import PORTAUDIO, close_stream, pick, pyaudio_instance
from fmdesk.audio.errors import AudioError
from fmdesk.audio.ring import Ring

log = logging.getLogger(__name__)

BLOCK = 1024          # frames per callback
MAX_FRAMES = 8 * BLOCK  # the most a callback is prepared to fill (hosts may ask more than BLOCK)
CHECK_EVERY_S = 0.25  # a waiting play() notices a dead stream this fast
FADE_S = 0.015        # a cut-off line fades this fast (no click)
BED_SECONDS = 3.0     # the static loop under the show
RING_SECONDS = 20.0


class DevicePlayer:
    paced = True

    def __init__(self, device: str = "", *, volume: float = 1.0, muted: bool = False,
                 bed: Callable[[float, int], np.ndarray] | None = None):
        self.device_name = device
        self.volume = volume
        self.muted = muted
        self.bed_level = 0.0          # 0 = no static bed (off air); 1 = the bed as made (set_bed)
        self._bed_source = bed         # makes `seconds` of static at a rate
        self.underruns = 0
        self._stream = None
        self.rate = 0
        self._ring: Ring | None = None
        self._played = 0               # frames of queued sound that have left (not counting bed)
        self._queued_end = 0           # frame index where the queued sound ends
        self._bed = np.zeros(1, np.float32)
        self._bed_len = 0              # the loop's length; _bed holds MAX_FRAMES more, wrapped
        self._bed_pos = 0
        self._out = np.zeros(MAX_FRAMES, np.float32)
        self._mix = np.zeros(MAX_FRAMES, np.float32)
        self._failed: str | None = None
        self._cuts = 0                 # stop_now() calls: a waiting play() returns
        self._mark = (0, 0.0)          # (frames played before a callback, its DAC time)

    # -- the stream --------------------------------------------------------------

    def open(self) -> None:
        """Open the output stream (blocking: call from a worker). Raises AudioError."""
        if self._stream is not None:
            return
        import pyaudio

        device = pick("output", self.device_name)
        pa = pyaudio_instance()
        self.rate = device.rate
        self._ring = Ring(int(RING_SECONDS * self.rate))
        if self._bed_source is not None:
            bed = self._bed_source(BED_SECONDS, self.rate).astype(np.float32)
            self._bed_len = len(bed)
            self._bed = np.concatenate([bed, np.resize(bed, MAX_FRAMES)])  # a slice never wraps
        self._failed = None
        try:
            self._stream = PORTAUDIO.call(lambda: pa.open(
                format=pyaudio.paFloat32, channels=1, rate=self.rate, output=True,
                output_device_index=device.index, frames_per_buffer=BLOCK, stream_callback=self._callback))
        except (OSError, ValueError) as exc:
            raise AudioError(f"Could not open the {device.name} output ({exc}). "
                             "Lines are shown as text; pick another device in Settings.") from exc
        self._played = self._queued_end = 0
        log.info("playing on %s at %d Hz", device.label, self.rate)

    def _callback(self, in_data, frames, info, status):
        import pyaudio

        if frames > MAX_FRAMES:  # never seen; silence rather than a resize here
            return bytes(4 * frames), pyaudio.paContinue
        out = self._out[:frames]
        self._mark = (self._played, info.get("output_buffer_dac_time", 0.0) if info else 0.0)
        got = self._ring.read_into(out)
        if got < frames:
            if self._played + got < self._queued_end:
                self.underruns += 1
            out[got:] = 0.0
        self._played += got
        level = self.bed_level
        if level > 0.0 and self._bed_len:
            start = self._bed_pos
            mix = self._mix[:frames]
            np.multiply(self._bed[start:start + frames], level, out=mix)
            out += mix
            self._bed_pos = (start + frames) % self._bed_len
        gain = 0.0 if self.muted else self.volume
        if gain != 1.0:
            out *= gain
        return out.tobytes(), pyaudio.paContinue

    async def _check(self) -> None:
        stream = self._stream
        if stream is None:
            raise AudioError(self._failed or "The speakers are closed.")
        try:
            active = await PORTAUDIO.run(stream.is_active)
        except OSError:
            active = False
        if not active:
            self._failed = "The speakers stopped (unplugged?). Lines are shown as text until they are back."
            self._close_stream()
            raise AudioError(self._failed)

    # -- the sink ---------------------------------------------------------------

    async def play(self, chunk: AudioChunk, on_start: Callable[[], None] | None = None) -> None:
        if self._stream is None:
            await asyncio.to_thread(self.open)
        samples = chunk.samples
        if chunk.rate != self.rate:
            samples = await asyncio.to_thread(soxr.resample, samples, chunk.rate, self.rate, "HQ")
        samples = np.asarray(samples, dtype=np.float32)
        cuts = self._cuts
        await self._check()
        start = self._queued_end
        offset = 0
        # What is queued counts as due only once it is in the ring: the
        # callback would otherwise count the wait for the check as an underrun.
        while offset < len(samples) and cuts == self._cuts:
            written = self._ring.write(samples[offset:])
            self._queued_end += written
            offset += written
            if offset < len(samples):
                await asyncio.sleep(0.05)
                await self._check()
        if on_start is not None and await self._until(start, cuts):
            on_start()
        await self._until(start + len(samples), cuts)

    async def _until(self, frame: int, cuts: int) -> bool:
        """Wait until `frame` has left the stream; False when cut off first.
        It sleeps until the frame is due (the stream plays at its rate), a
        callback's worth more at a time near it, checking the stream on the way."""
        while self._played < frame:
            if cuts != self._cuts:
                return False
            await self._check()
            due = (frame - self._played) / self.rate
            await asyncio.sleep(min(CHECK_EVERY_S, max(BLOCK / self.rate / 4, due)))
        # The callback has taken it; it is heard at its DAC time.
        marked, dac = self._mark
        stream = self._stream
        if dac > 0 and stream is not None:
            try:
                delay = dac + (frame - marked) / self.rate - await PORTAUDIO.run(stream.get_time)
            except OSError:
                delay = 0.0
            if 0 < delay < 0.5:
                await asyncio.sleep(delay)
        return cuts == self._cuts

    def stop_now(self) -> int:
        """Barge-in: fade out what is queued within 15 ms and drop the rest;
        a waiting `play()` returns. Returns the frames dropped."""
        if self._ring is None:
            return 0
        self._cuts += 1
        queued, kept = self._ring.fade_out(int(FADE_S * self.rate))
        self._queued_end = self._played + kept
        return queued - kept

    def set_bed(self, level: float) -> None:
        self.bed_level = level

    def set_volume(self, volume: float, muted: bool) -> None:
        self.volume, self.muted = volume, muted

    def played_seconds(self) -> float:
        return self._played / self.rate if self.rate else 0.0

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        close_stream(stream)

    async def close(self) -> None:
        await asyncio.to_thread(self._close_stream)

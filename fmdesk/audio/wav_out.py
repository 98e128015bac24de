# SPDX-License-Identifier: GPL-3.0-or-later
"""The whole show written to one WAV file (headless `--wav-out`): no sound
device needed. 16-bit PCM mono; written as it goes, so a killed run leaves
a playable file up to the last chunk."""

from __future__ import annotations

import asyncio
import wave
from pathlib import Path
from typing import Callable

import numpy as np

from fmdesk.audio.chunk import AudioChunk


class WavOutError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WavSink:
    paced = False

    def __init__(self, path: Path, rate: int):
        self.path = Path(path)
        self.rate = rate
        self.seconds = 0.0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = wave.open(str(self.path), "wb")
        except OSError as exc:
            raise WavOutError(f"Cannot write {self.path}: {exc.strerror or exc}") from exc
        self._file.setnchannels(1)
        self._file.setsampwidth(2)
        self._file.setframerate(rate)

    def open(self) -> None:
        return None  # opened when made: a bad path is told before the show

    def set_bed(self, level: float) -> None:
        return None  # not paced: the air writes the static into the file itself

    def set_volume(self, volume: float, muted: bool) -> None:
        return None  # a recording keeps the show's level

    def stop_now(self) -> int:
        return 0  # written at once: nothing queued to drop

    def played_seconds(self) -> float | None:
        return None

    async def play(self, chunk: AudioChunk, on_start: Callable[[], None] | None = None) -> None:
        if on_start is not None:
            on_start()
        if chunk.rate != self.rate:
            raise ValueError(f"a {chunk.rate} Hz chunk for a {self.rate} Hz file")
        pcm = (np.clip(chunk.samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
        await asyncio.to_thread(self._write, pcm)
        self.seconds += chunk.seconds

    def _write(self, pcm: bytes) -> None:
        self._file.writeframes(pcm)  # updates the header too: the file is valid at every step

    async def close(self) -> None:
        if self._file is not None:
            await asyncio.to_thread(self._file.close)
            self._file = None

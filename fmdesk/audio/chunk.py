# SPDX-License-Identifier: GPL-3.0-or-later
"""A piece of the show's sound, and what takes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol

import numpy as np


@dataclass(frozen=True)
class AudioChunk:
    """PCM float32 mono at `rate`. A line's pieces carry its seq, speaker and
    text; radio silence has speaker "" and kind "static"."""

    samples: np.ndarray
    rate: int
    seq: int
    kind: str = "line"       # line, static
    speaker: str = ""
    text: str = ""
    first: bool = True
    last: bool = True

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0


class AudioSink(Protocol):
    """Where the show's sound goes: the speakers (`audio.player.DevicePlayer`)
    or a file (`audio.wav_out.WavSink`). Every method the air calls is here."""

    # True when play() returns only as the sound is heard (a device): the
    # show then needs no clock of its own for the line, and the sink lays
    # the static bed itself.
    paced: bool

    def open(self) -> None:
        """Get ready to play (blocking: call from a worker). Raises AudioError."""

    async def play(self, chunk: AudioChunk, on_start: Callable[[], None] | None = None) -> None:
        """Queue the chunk; `on_start()` when its first sample is out."""

    def set_bed(self, level: float) -> None:
        """The static bed under everything: 0 none, 1 as made (a paced sink)."""

    def set_volume(self, volume: float, muted: bool) -> None:
        """The output volume, from now on."""

    def stop_now(self) -> int:
        """Barge-in: drop what is queued (after a short fade); a waiting
        `play()` returns. Returns the frames dropped."""

    def played_seconds(self) -> float | None:
        """Seconds of queued sound heard so far, or None where nothing is
        heard in real time (a file): the clock measures instead."""

    async def close(self) -> None: ...

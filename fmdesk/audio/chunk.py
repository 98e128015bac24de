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
    # True when play() returns only as the sound is heard (a device): the
    # show then needs no clock of its own for the line.
    paced: bool

    async def play(self, chunk: AudioChunk, on_start: Callable[[], None] | None = None) -> None:
        """Queue the chunk; `on_start()` when its first sample is out."""

    async def close(self) -> None: ...

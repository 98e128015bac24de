# SPDX-License-Identifier: GPL-3.0-or-later
"""How the show goes out: the part of the engine that 'speaks' a line.

`TimedAir` is the silent radio (subtitles only): a line takes as long as it
would take to say. Voices and audio devices plug in behind the same protocol.
"""

from __future__ import annotations

from typing import Protocol

from fmdesk.core.segments import Line
from fmdesk.core.timing import speaking_seconds
from fmdesk.session.clock import Clock


class Air(Protocol):
    def prepare(self, seq: int, line: Line) -> None:
        """A line is coming: start rendering it now (called as soon as it is written)."""

    async def speak(self, seq: int, line: Line) -> float:
        """Air the line; return how many seconds it took."""

    async def silence(self, seconds: float) -> None:
        """Radio silence (the static bed only)."""


class TimedAir:
    def __init__(self, clock: Clock):
        self.clock = clock

    def prepare(self, seq: int, line: Line) -> None:
        return None

    async def speak(self, seq: int, line: Line) -> float:
        seconds = speaking_seconds(line.text)
        await self.clock.sleep(seconds)
        return seconds

    async def silence(self, seconds: float) -> None:
        await self.clock.sleep(seconds)

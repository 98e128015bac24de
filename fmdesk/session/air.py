# SPDX-License-Identifier: GPL-3.0-or-later
"""How the show goes out: the part of the engine that 'speaks' a line.

`TimedAir` is the silent radio (subtitles only): a line takes as long as it
would take to say. Voices and audio devices plug in behind the same protocol.
"""

from __future__ import annotations

from typing import Callable, Protocol

from fmdesk.core.casting import ActorCard
from fmdesk.core.mission import Caller
from fmdesk.core.segments import Begun, Line
from fmdesk.core.sentences import words_heard
from fmdesk.core.timing import speaking_seconds
from fmdesk.session.clock import Clock
from fmdesk.session.events import EventBus


class Air(Protocol):
    def attach(self, events: EventBus) -> None:
        """Where the air tells its troubles (a voice or the speakers failing)."""
    def actors(self) -> list[ActorCard]:
        """The voice actors callers can be cast to ([] for a silent radio)."""

    def cast(self, callers: tuple[Caller, ...]) -> None:
        """Who speaks with which voice, for the mission going on air."""

    def tuning(self, strength: float) -> None:
        """The dial moved, before going on air: the static follows the signal
        (0 = off frequency, all static; 1 = locked on, a faint hiss)."""

    async def load_voices(self) -> None:
        """A mission is coming: load every voice engine a cast may use, in
        the background (failures are told by `warm`, for the voices cast)."""

    async def warm(self) -> None:
        """Get the sound ready and start loading the cast's voices: while
        the player tunes, and again as the show starts (at once when done
        already). Returns once the sound device is open; the voices load
        behind the first lines."""

    def on_air(self) -> None:
        """The show goes on air: the static bed under it at its on-air level."""

    def prepare(self, line: Line) -> None:
        """A line is coming: start rendering it now (called as soon as it is written)."""

    def forget(self, line: Line) -> None:
        """A prepared line will not be aired after all."""

    def rehearse(self, lines: list[Line | Begun]) -> None:
        """What may be said next, to get ready to start at once: whole lines
        (a caller's possible reactions, the opening line while the player
        tunes) and the first pieces of lines not written yet (Begun: a line
        the director is writing, a call-up its reply may open with). What
        is not asked for again is dropped, and all of it when other lines
        are prepared."""

    async def speak(self, seq: int, line: Line, started: Callable[[], None]) -> float:
        """Air the line, calling `started()` once as it begins to be heard;
        return how many seconds it took."""

    def interrupt(self) -> str:
        """The player cut in (barge-in): stop the line being spoken at once
        (its `speak` is cancelled next) and return the words heard of it.
        It stops a transmission heard again (`again`) the same way."""

    async def again(self, seq: int) -> float:
        """Play aired line `seq` again as it was heard (kept for the mission,
        not rendered again); return its seconds (0 when it is not kept)."""

    async def silence(self, seconds: float) -> None:
        """Radio silence (the static bed only)."""

    async def waited(self, seconds: float) -> None:
        """The show waited this long for the player (already on the clock):
        a recording gets the static bed for it."""

    def set_volume(self, volume: float, muted: bool) -> None:
        """The speakers' volume and mute, from now on (nothing for a silent radio)."""

    async def close(self) -> None:
        """The show is over (or paused)."""


class TimedAir:
    """`actors`: the voices on this machine, so a silent show is still cast
    (a later, voiced resume keeps the cast)."""

    def __init__(self, clock: Clock, actors: list[ActorCard] | None = None):
        self.clock = clock
        self._actors = list(actors or [])
        self._speaking: tuple[str, float, float] | None = None  # text, started at, seconds
        self._aired: dict[int, str] = {}  # seq -> the line's text, for `again`

    def attach(self, events: EventBus) -> None:
        return None

    def actors(self) -> list[ActorCard]:
        return self._actors

    def cast(self, callers: tuple[Caller, ...]) -> None:
        return None

    def tuning(self, strength: float) -> None:
        return None

    async def load_voices(self) -> None:
        return None

    async def warm(self) -> None:
        return None

    def on_air(self) -> None:
        return None

    def prepare(self, line: Line) -> None:
        return None

    def forget(self, line: Line) -> None:
        return None

    def rehearse(self, lines: list[Line | Begun]) -> None:
        return None  # nothing to render

    async def speak(self, seq: int, line: Line, started: Callable[[], None]) -> float:
        started()
        self._aired[seq] = line.text
        return await self._say(line.text)

    async def _say(self, text: str) -> float:
        seconds = speaking_seconds(text)
        self._speaking = (text, self.clock.now(), seconds)
        try:
            await self.clock.sleep(seconds)
        finally:
            self._speaking = None
        return seconds

    async def again(self, seq: int) -> float:
        text = self._aired.get(seq)
        return 0.0 if text is None else await self._say(text)

    def interrupt(self) -> str:
        if self._speaking is None:
            return ""
        text, since, seconds = self._speaking
        return words_heard([text], [seconds], self.clock.now() - since)

    async def silence(self, seconds: float) -> None:
        await self.clock.sleep(seconds)

    async def waited(self, seconds: float) -> None:
        return None

    def set_volume(self, volume: float, muted: bool) -> None:
        return None

    async def close(self) -> None:
        return None

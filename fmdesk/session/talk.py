# SPDX-License-Identifier: GPL-3.0-or-later
"""Push-to-talk: the microphone's life on air and the recording while TALK is held.

It opens the microphone in a worker, tells a failure once and tries again
every few seconds until the microphone is back; while TALK is held it
reports the level, shows the recording so far to hearing every 0.1 s (so
it can start before the release), warns at 25 s and asks for the release at
the cap. It
decides nothing: what it notices goes to the show's owner as inputs
(`MicLost`, `MicBack`, `TalkUp`), and the owner tells it to start and stop.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, Protocol

import numpy as np

from fmdesk.audio.errors import AudioError
from fmdesk.audio.mic import STOPPED
from fmdesk.session.events import EventBus, MicLevel, TalkWarning, Trouble, TroubleCleared
from fmdesk.session.state import Input, MicBack, MicLost, TalkUp
from fmdesk.session.stopping import stop_task

log = logging.getLogger(__name__)

# While TALK is held: the level meter's pace, and when the player is warned
# that the answer is taken soon (at 25 s of a 30 s cap).
LEVEL_EVERY_S = 0.05
TALK_WARNING_AT = 25 / 30
ALIVE_EVERY = 5  # level ticks between checks that the microphone still runs
LISTEN_EVERY = 2  # level ticks between showing the recording so far to hearing
# A microphone that failed is tried again this often.
MIC_RETRY_S = 2.0


class Mic(Protocol):
    """What push-to-talk uses of a microphone (`fmdesk.audio.mic.Microphone`)."""

    cap_s: float

    def open(self) -> None: ...

    def start_talk(self) -> None: ...

    def stop_talk(self) -> np.ndarray: ...

    def so_far(self) -> np.ndarray: ...

    def drop_talk(self) -> None: ...

    def held_seconds(self) -> float: ...

    def meter(self) -> float: ...

    async def alive(self) -> bool: ...

    async def close(self) -> None: ...


class PushToTalk:
    def __init__(self, mic: Mic, events: EventBus, send: Callable[[Input], bool],
                 listen: Callable[[np.ndarray], Awaitable[None]] | None = None):
        self.mic = mic
        self.events = events
        self.send = send
        self.listen = listen      # shown the recording so far while TALK is held
        self._watch: asyncio.Task | None = None
        self._look: asyncio.Task | None = None
        self._reopen: asyncio.Task | None = None
        # Made on the show's loop; TALK may come from Qt's handlers outside a running loop.
        self._loop = asyncio.get_running_loop()

    async def open(self) -> bool:
        """Open the microphone (in a worker); False, told once, when it fails."""
        try:
            await asyncio.to_thread(self.mic.open)
        except AudioError as exc:
            self.lost(exc.message)
            return False
        return True

    def start(self) -> None:
        """TALK went down: keep from 300 ms ago on, and watch the level."""
        try:
            self.mic.start_talk()
        except AudioError as exc:
            self.lost(exc.message)
            return
        self._watch = self._loop.create_task(self._watch_talk())

    def stop(self) -> asyncio.Future:
        """TALK came up: the meter stops now; what was said comes resampled
        from a worker (never on the loop), as a future already under way."""
        self._stop_watching()
        return self._loop.run_in_executor(None, self.mic.stop_talk)

    def drop(self) -> None:
        """Answered another way: the recording is thrown away."""
        self._stop_watching()
        self.mic.drop_talk()

    def _stop_watching(self) -> None:
        _cancel(self._watch)
        _cancel(self._look)
        self._watch = self._look = None

    def lost(self, message: str) -> None:
        """Told once; then tried again every few seconds until it opens."""
        if self._reopen is not None and not self._reopen.done():
            return
        log.warning("%s", message)
        self.events.emit(Trouble(source="audio", message=message, retrying=True))
        self.send(MicLost())
        self._reopen = self._loop.create_task(self._try_again())

    async def _try_again(self) -> None:
        while True:
            await asyncio.sleep(MIC_RETRY_S)
            try:
                await asyncio.to_thread(self.mic.open)
            except AudioError:
                continue
            self.send(MicBack())
            self.events.emit(TroubleCleared(source="audio", message="The microphone is back: hold TALK to answer."))
            return

    async def _watch_talk(self) -> None:
        """While TALK is held: the level meter, a warning at 25 s, the release asked for at the cap."""
        warned, ticks = False, 0
        cap = self.mic.cap_s
        while True:
            ticks += 1
            if ticks % ALIVE_EVERY == 1 and not await self.mic.alive():
                self._watch = None
                self.lost(STOPPED)
                return
            held = self.mic.held_seconds()
            self.events.emit(MicLevel(level=round(self.mic.meter(), 3), held_s=round(held, 2)))
            if held >= TALK_WARNING_AT * cap and not warned:
                warned = True
                self.events.emit(TalkWarning(held_s=round(held, 1), cap_s=cap, message=(
                    f"{max(0.0, cap - held):.0f} seconds left to talk: your answer is taken at {cap:.0f} s.")))
            if held >= cap:
                self._watch = None  # this task ends here; the release must not cancel it
                self.send(TalkUp())
                return
            if self.listen is not None and ticks % LISTEN_EVERY == 0 and (self._look is None or self._look.done()):
                self._look = self._loop.create_task(self._show_so_far())
            await asyncio.sleep(LEVEL_EVERY_S)

    async def _show_so_far(self) -> None:
        """The recording so far (resampled in a worker) to the hearing path."""
        samples = await asyncio.to_thread(self.mic.so_far)
        if len(samples):
            await self.listen(samples)

    async def close(self) -> None:
        for task in (self._watch, self._look, self._reopen):
            await stop_task(task)
        await self.mic.close()


def _cancel(task: asyncio.Task | None) -> None:
    if task is not None and not task.done():
        task.cancel()

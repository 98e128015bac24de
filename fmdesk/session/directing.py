# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeping the story coming when the director fails: never dead air.

A transient failure (rate limit, server error, timeout) is retried with
exponential backoff and jitter, a bounded number of times, while the player
hears static and "signal lost, stand by". When the tries run out, or the
director fails for another reason, the fallback director bridges that batch;
when the director can never work this mission (key refused), the fallback
takes over for good. Each step is told to the player as an event.
"""

from __future__ import annotations

import logging
import random
from typing import AsyncIterator, Awaitable, Callable, TypeVar

from fmdesk.core.context import DialogueContext
from fmdesk.core.mission import Brief, Outcome
from fmdesk.core.reading import Reading
from fmdesk.core.segments import Begun, Line
from fmdesk.director.base import BriefRequest, Director, DirectorError, Written
from fmdesk.session.events import EventBus, Trouble, TroubleCleared

log = logging.getLogger(__name__)
T = TypeVar("T")

# A service's own "retry after" is honoured up to this; the player hears
# static and "stand by" meanwhile.
MAX_RETRY_AFTER_S = 60.0


class Directing:
    def __init__(self, director: Director, fallback: Director | None, events: EventBus, *,
                 tries: int = 4, backoff_s: float = 1.0, max_backoff_s: float = 8.0,
                 rng: random.Random | None = None):
        self.director = director
        self.fallback = fallback
        self.events = events
        self.tries = max(1, tries)
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._rng = rng or random.Random()
        self._down = False  # the director can never work this mission

    @property
    def current(self) -> Director:
        return self.fallback if self._down and self.fallback else self.director

    def delay(self, attempt: int, exc: DirectorError | None = None) -> float:
        """How long to wait before the next try: what the service asked for
        (up to a cap), else exponential backoff with jitter."""
        if exc is not None and exc.retry_after_s is not None:
            return min(MAX_RETRY_AFTER_S, max(0.0, exc.retry_after_s))
        base = min(self.max_backoff_s, self.backoff_s * 2 ** attempt)
        return base + self._rng.uniform(0, base / 2)

    def _stand_by(self, exc: DirectorError, attempt: int) -> None:
        self.events.emit(Trouble(source="director", retrying=True, message=(
            f"Signal lost — stand by. {exc.message} Retry {attempt + 1} of {self.tries - 1}.")))

    def _hand_over(self, exc: DirectorError) -> bool:
        """Tell the player; True when a fallback takes over."""
        if exc.lasting:
            self._down = True
        bridge = self.fallback is not None
        what = " for the rest of this mission" if exc.lasting else " for now"
        self.events.emit(Trouble(source="director", retrying=bridge, message=(
            exc.message + (f" The {self.fallback.name} director takes over{what}." if bridge else ""))))
        return bridge

    async def brief(self, request: BriefRequest, wait: Callable[[float], Awaitable[None]]) -> tuple[Brief, str]:
        """The brief and the name of the director that wrote it."""
        try:
            brief = await self._retrying(lambda: self.current.write_brief(request), wait)
            return brief, self.current.name
        except DirectorError as exc:
            if self.fallback is None or self.current is self.fallback:
                raise
            self._hand_over(exc)
            return await self.fallback.write_brief(request), self.fallback.name

    async def judge(self, context: DialogueContext, wait) -> Outcome:
        try:
            return await self._retrying(lambda: self.current.judge(context), wait)
        except DirectorError as exc:
            if self.fallback is None or self.current is self.fallback:
                raise
            self._hand_over(exc)
            return await self.fallback.judge(context)

    async def lines_ahead(self, context: DialogueContext) -> list[Line | Begun]:
        """The lines the current director may start its next batch with; []
        when it fails (they only save time: nothing waits for them)."""
        try:
            return await self.current.lines_ahead(context)
        except DirectorError as exc:
            log.info("director %s could not say what comes next: %s", self.current.name, exc.message)
            return []

    async def read(self, context: DialogueContext, text: str) -> Reading | None:
        """The current director's reading of an answer; None when it has none
        or fails (the answer is stored either way: no lost turn)."""
        try:
            return await self.current.read_answer(context, text)
        except DirectorError as exc:
            log.warning("director %s could not read an answer: %s", self.current.name, exc.message)
            return None

    async def _retrying(self, call: Callable[[], Awaitable[T]], wait) -> T:
        for attempt in range(self.tries):
            try:
                result = await call()
            except DirectorError as exc:
                if not exc.retryable or attempt + 1 >= self.tries:
                    raise
                self._stand_by(exc, attempt)
                await wait(self.delay(attempt, exc))
                continue
            if attempt:
                self.events.emit(TroubleCleared(source="director", message="Signal is back."))
            return result
        raise AssertionError("unreachable")

    async def segments(self, context: Callable[[], DialogueContext],
                       wait: Callable[[float], Awaitable[None]]) -> AsyncIterator[Written]:
        """One batch. `context()` is asked again on each try, so a retry
        continues from what was already aired; `wait(s)` airs static."""
        attempt = 0
        director = self.current
        while True:
            try:
                async for segment in director.write_segments(context()):
                    if attempt and director is self.director:
                        self.events.emit(TroubleCleared(source="director", message="Signal is back."))
                        attempt = 0
                    yield segment
                return
            except DirectorError as exc:
                log.warning("director %s failed: %s", director.name, exc.message)
                if exc.retryable and not exc.lasting and attempt + 1 < self.tries and director is self.director:
                    self._stand_by(exc, attempt)
                    await wait(self.delay(attempt, exc))
                    attempt += 1
                    continue
                if director is not self.fallback and self._hand_over(exc):
                    director = self.fallback
                    continue
                if director is self.fallback:
                    self.events.emit(Trouble(source="director", message=exc.message, retrying=False))
                await wait(2.0)  # nobody can write: static, then the next batch tries again
                return

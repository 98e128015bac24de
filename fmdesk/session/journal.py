# SPDX-License-Identifier: GPL-3.0-or-later
"""Writing the show down: every turn reaches the store, in order, or the show waits.

When the database goes away, the pending turns stay queued in order, the
player is told, and the write is retried until it is back. Writes are
idempotent (unique mission/seq), so a retry after a lost acknowledgement
cannot duplicate a turn.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, TypeVar

from fmdesk.core.turns import Turn
from fmdesk.session.events import EventBus, Trouble, TroubleCleared
from fmdesk.store.errors import StoreUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRY_DELAYS_S = (0.5, 1.0, 2.0, 4.0, 5.0)


async def with_store_retry(
    events: EventBus, what: str, call: Callable[[], Awaitable[T]],
    delays: tuple[float, ...] = RETRY_DELAYS_S,
) -> T:
    """Run a store call until it succeeds, telling the player while it does not."""
    attempt, troubled = 0, False
    while True:
        try:
            result = await call()
        except StoreUnavailable as exc:
            if not troubled:
                events.emit(Trouble(source="store", retrying=True,
                                    message=f"{exc.message} Show paused while {what}; retrying."))
                troubled = True
            log.warning("store unavailable while %s (attempt %d): %s", what, attempt + 1, exc.message)
            await asyncio.sleep(delays[min(attempt, len(delays) - 1)])
            attempt += 1
            continue
        if troubled:
            events.emit(TroubleCleared(source="store", message="Database is back. Resuming the show."))
        return result


class Journal:
    def __init__(self, store, mission_id: str, events: EventBus,
                 delays: tuple[float, ...] = RETRY_DELAYS_S):
        self._store = store
        self._mission_id = mission_id
        self._events = events
        self._delays = delays
        self._pending: list[Turn] = []

    @property
    def pending(self) -> tuple[Turn, ...]:
        return tuple(self._pending)

    def add(self, turn: Turn) -> None:
        self._pending.append(turn)

    async def flush(self) -> None:
        """Write every pending turn, waiting out a database outage."""
        while self._pending:
            batch = list(self._pending)
            await with_store_retry(self._events, "saving the transcript",
                                   lambda: self._store.append_turns(self._mission_id, batch),
                                   self._delays)
            del self._pending[: len(batch)]

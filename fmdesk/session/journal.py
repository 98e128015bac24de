# SPDX-License-Identifier: GPL-3.0-or-later
"""Writing the show down: every turn reaches the store, in order, or the show waits.

When the database goes away, the pending turns stay queued in order, the
player is told, and the write is retried until it is back. Writes are
idempotent (unique mission/seq), so a retry after a lost acknowledgement
cannot duplicate a turn.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from pathlib import Path
from typing import Awaitable, Callable, TypeVar

from fmdesk.core.turns import Turn
from fmdesk.session.events import EventBus, Trouble, TroubleCleared
from fmdesk.store.errors import StoreError, StoreUnavailable

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
    """The mission's turns on their way to the store.

    A line or a gap is added as it starts on air (`airing`) and completed as
    it ends, so a kill loses at most the one on air. Writes go in order, in
    the background (`flush_soon`) or awaited (`flush`). When the database
    refuses writes for a reason other than being unreachable (a full disk),
    or the show must stop while it is unreachable, the turns go to a spill
    file (one JSON line each, flushed and synced) that the next start writes
    into MongoDB (`restore_spills`): a turn is never dropped.
    """

    def __init__(self, store, mission_id: str, events: EventBus,
                 delays: tuple[float, ...] = RETRY_DELAYS_S, spill_dir: Path | None = None):
        self._store = store
        self._mission_id = mission_id
        self._events = events
        self._delays = delays
        self._spill_dir = spill_dir
        self._pending: list[Turn] = []        # not yet written
        self._completions: list[Turn] = []    # written as airing; their final form
        self._lock = asyncio.Lock()
        self._spilled = False
        self._background: asyncio.Task | None = None

    def add(self, turn: Turn) -> None:
        self._pending.append(turn)

    def complete(self, turn: Turn) -> None:
        """The final form of a turn added as airing (the line ended, or was cut)."""
        for i, waiting in enumerate(self._pending):
            if waiting.seq == turn.seq:
                self._pending[i] = turn  # not written yet: written once, final
                return
        self._completions.append(turn)

    def flush_soon(self) -> None:
        """Write what is pending in the background (a line that started)."""
        if self._background is None or self._background.done():
            self._background = asyncio.get_running_loop().create_task(self.flush())

    async def flush(self) -> None:
        """Write every pending turn and completion, waiting out a database outage."""
        async with self._lock:
            while self._pending or self._completions:
                batch, done = list(self._pending), list(self._completions)
                try:  # an unreachable database is waited out in there; a refusal comes here
                    await with_store_retry(self._events, "saving the transcript",
                                           lambda: self._write(batch, done), self._delays)
                except StoreError as exc:  # refused, not unreachable: the disk, the engine
                    self._spill(exc.message)
                    return
                del self._completions[: len(done)]  # only ever appended to
                written = {id(t) for t in batch}
                seqs = {t.seq for t in batch}
                rest = [t for t in self._pending if id(t) not in written]
                # Completed while its airing form was being written: now an update.
                self._completions += [t for t in rest if t.seq in seqs]
                self._pending = [t for t in rest if t.seq not in seqs]

    async def _write(self, batch: list[Turn], done: list[Turn]) -> None:
        await self._store.append_turns(self._mission_id, batch)
        await self._store.complete_turns(self._mission_id, done)

    async def settle(self, timeout_s: float = 1.0) -> None:
        """The show stops (Ctrl-C, the window closed): write what is pending
        within `timeout_s`; what the database does not take by then is spilled."""
        try:
            await asyncio.wait_for(asyncio.shield(self.flush()), timeout_s)
        except (asyncio.TimeoutError, TimeoutError, StoreError):
            self._spill("the database did not answer in time")

    def _spill(self, reason: str) -> None:
        turns = [(t, False) for t in self._pending] + [(t, True) for t in self._completions]
        if not turns:
            return
        if self._spill_dir is None:
            raise StoreError(f"The mission could not be saved ({reason}).")
        path = spill_path(self._spill_dir, self._mission_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as file:
            for turn, completes in turns:
                file.write(json.dumps({"mission_id": self._mission_id, "complete": completes,
                                       "turn": turn.model_dump(mode="json")}) + "\n")
            file.flush()
            os.fsync(file.fileno())
        self._pending.clear()
        self._completions.clear()
        log.warning("%d turn(s) kept in %s: %s", len(turns), path, reason)
        if not self._spilled:
            self._spilled = True
            full = "space" in reason.casefold() or "full" in reason.casefold()
            self._events.emit(Trouble(source="store", retrying=True, message=(
                f"{'The disk is full' if full else 'The database could not save the mission'}: "
                f"the mission is kept in {path} and saved to the database at the next start.")))


def spill_path(spill_dir: Path, mission_id: str) -> Path:
    return Path(spill_dir) / f"{mission_id}.jsonl"


async def restore_spills(store, spill_dir: Path) -> int:
    """Write every spill file into the store (at start); how many turns.
    A file is removed once all of it is stored; a damaged line is skipped."""
    restored = 0
    folder = Path(spill_dir)
    if not folder.is_dir():
        return 0
    for path in sorted(folder.glob("*.jsonl")):
        appends: dict[str, list[Turn]] = {}
        completions: dict[str, list[Turn]] = {}
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            try:
                entry = json.loads(line)
                turn = Turn.model_validate(entry["turn"])
                target = completions if entry.get("complete") else appends
                target.setdefault(str(entry["mission_id"]), []).append(turn)
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("skipped line %d of %s: %s", number, path, exc)
        for mission_id, turns in appends.items():
            await store.append_turns(mission_id, turns)
            restored += len(turns)
        for mission_id, turns in completions.items():
            await store.complete_turns(mission_id, turns)
            restored += len(turns)
        path.unlink()
    return restored

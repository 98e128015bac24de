# SPDX-License-Identifier: GPL-3.0-or-later
"""Players, missions and turns in MongoDB (database `fmdesk`).

pymongo blocks, so every call runs on this store's own single worker thread:
calls never block the event loop and run one at a time, in the order made.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable, TypeVar

from bson import ObjectId
from bson.errors import InvalidId
from pymongo import ASCENDING, DESCENDING, MongoClient, ReturnDocument, UpdateOne, WriteConcern
from pymongo.errors import ConfigurationError, OperationFailure, PyMongoError

from fmdesk.core.mission import Brief, Caller, Mission, Outcome, Play
from fmdesk.core.turns import Turn
from fmdesk.store.errors import NotFound, StoreError, StoreUnavailable
from fmdesk.store.uri import mask_uri

log = logging.getLogger(__name__)
T = TypeVar("T")

_BRIEF_FIELDS = ("title", "brief", "story", "task", "frequency_mhz", "time_limit_s")
# A brief being written holds a lease, renewed while it is written; a
# mission whose lease ran out was left by a fmdesk that stopped.
LEASE_S = 30.0
BRIEF_ABANDONED = ("The brief was never finished (fmdesk stopped while writing it). "
                   "Request a new mission.")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _object_id(mission_id: str) -> ObjectId:
    try:
        return ObjectId(mission_id)
    except (InvalidId, TypeError):
        raise NotFound(f"No mission with id '{mission_id}'.") from None


class Store:
    def __init__(self, uri: str, *, database: str = "fmdesk", timeout_s: float = 5.0,
                 lease_s: float = LEASE_S):
        self.uri = uri
        self.lease_s = lease_s
        self.masked_uri = mask_uri(uri)
        self._database_name = database
        self._timeout_ms = int(timeout_s * 1000)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fmdesk-store")
        self._client: MongoClient | None = None

    # -- plumbing -----------------------------------------------------------

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(self._guarded, fn, *args))

    def _guarded(self, fn: Callable[..., T], *args: Any) -> T:
        try:
            return fn(*args)
        except StoreError:
            raise
        except (ConfigurationError, OperationFailure) as exc:
            raise StoreError(mask_uri(f"The database at {self.masked_uri} refused: {exc}")) from exc
        except PyMongoError as exc:
            raise StoreUnavailable(
                f"The database at {self.masked_uri} is unreachable "
                f"({type(exc).__name__}). Check that it is running and the URI is right."
            ) from exc

    @property
    def _db(self):
        if self._client is None:
            self._client = MongoClient(
                self.uri, serverSelectionTimeoutMS=self._timeout_ms,
                connectTimeoutMS=self._timeout_ms, socketTimeoutMS=self._timeout_ms * 4,
                tz_aware=True, appname="fmdesk",
            )
        return self._client[self._database_name]

    def _turns(self):
        # Journaled: an acknowledged turn survives a crash of either process.
        return self._db.get_collection("turns", write_concern=WriteConcern(w=1, j=True))

    async def connect(self) -> None:
        """Reach the server and make sure the indexes exist."""
        await self._run(self._connect)

    def _connect(self) -> None:
        db = self._db
        db.command("ping")
        db.players.create_index([("callsign", ASCENDING)], unique=True)
        db.missions.create_index([("player_id", ASCENDING), ("requested_at", DESCENDING)])
        db.missions.create_index([("requested_at", DESCENDING)])
        db.turns.create_index([("mission_id", ASCENDING), ("seq", ASCENDING)], unique=True)
        db.missions.create_index([("status", ASCENDING), ("lease_until", ASCENDING)])

    async def retarget(self, uri: str) -> None:
        """The server moved (the embedded one started again on another port)."""
        def move() -> None:
            self._close()
            self.uri, self.masked_uri = uri, mask_uri(uri)
        await self._run(move)

    async def close(self) -> None:
        await self._run(self._close)
        self._pool.shutdown(wait=True)

    def _close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- players ------------------------------------------------------------

    async def sign_in(self, callsign: str) -> str:
        """The player's id; the player is created on first sign-in."""
        return await self._run(self._sign_in, callsign)

    def _sign_in(self, callsign: str) -> str:
        doc = self._db.players.find_one_and_update(
            {"callsign": callsign},
            {"$setOnInsert": {"callsign": callsign, "created_at": utcnow()}},
            upsert=True, return_document=ReturnDocument.AFTER,
        )
        return str(doc["_id"])

    async def callsigns(self) -> list[str]:
        return await self._run(
            lambda: [d["callsign"] for d in self._db.players.find({}, {"callsign": 1}).sort("callsign")]
        )

    # -- missions -----------------------------------------------------------

    async def create_mission(self, player_id: str, callsign: str, director: str, seed: int) -> str:
        doc = {
            "player_id": ObjectId(player_id), "callsign": callsign, "status": "processing",
            "error": None, "requested_at": utcnow(), "completed_at": None,
            "director": director, "seed": seed, "play": {"state": "not_started"},
            "lease_until": utcnow() + timedelta(seconds=self.lease_s),
        }
        return await self._run(lambda: str(self._db.missions.insert_one(doc).inserted_id))

    async def renew_lease(self, mission_id: str) -> None:
        """The brief is still being written (a heartbeat)."""
        lease = utcnow() + timedelta(seconds=self.lease_s)
        await self._run(lambda: self._db.missions.update_one(
            {"_id": _object_id(mission_id), "status": "processing"}, {"$set": {"lease_until": lease}}))

    async def expire_briefs(self) -> int:
        """Mark failed every brief whose writer stopped (its lease ran out); how many."""
        now = utcnow()
        stale = {"status": "processing", "$or": [
            {"lease_until": {"$lt": now}},
            {"lease_until": {"$exists": False}, "requested_at": {"$lt": now - timedelta(seconds=self.lease_s)}}]}
        return await self._run(lambda: self._db.missions.update_many(stale, {"$set": {
            "status": "failed", "error": BRIEF_ABANDONED, "completed_at": now}}).modified_count)

    async def complete_mission(self, mission_id: str, brief: Brief, director: str | None = None) -> None:
        """Store the brief; `director` records who wrote it when a fallback did."""
        fields = brief.model_dump(mode="json")
        update = {k: fields[k] for k in _BRIEF_FIELDS}
        update["callers"] = fields["callers"]
        update.update(status="completed", completed_at=utcnow(), error=None)
        if director:
            update["director"] = director
        await self._update(mission_id, {"$set": update})

    async def fail_mission(self, mission_id: str, error: str) -> None:
        await self._update(mission_id, {"$set": {"status": "failed", "error": error,
                                                 "completed_at": utcnow()}})

    async def set_callers(self, mission_id: str, callers: Iterable[Caller]) -> None:
        await self._update(mission_id, {"$set": {"callers": [c.model_dump() for c in callers]}})

    async def go_on_air(self, mission_id: str) -> None:
        await self._update(mission_id, {"$set": {"play.state": "on_air"},
                                        "$min": {"play.started_at": utcnow()}})

    async def end_mission(self, mission_id: str, outcome: Outcome) -> None:
        await self._update(mission_id, {"$set": {
            "play.state": "ended", "play.ended_at": utcnow(),
            "play.outcome": outcome.model_dump()}})

    async def _update(self, mission_id: str, update: dict) -> None:
        oid = _object_id(mission_id)

        def run() -> None:
            if self._db.missions.update_one({"_id": oid}, update).matched_count == 0:
                raise NotFound(f"No mission with id '{mission_id}'.")

        await self._run(run)

    async def mission(self, mission_id: str) -> Mission:
        oid = _object_id(mission_id)

        def run() -> Mission:
            doc = self._db.missions.find_one({"_id": oid})
            if doc is None:
                raise NotFound(f"No mission with id '{mission_id}'.")
            return _to_mission(doc)

        return await self._run(run)

    async def missions(self, player_id: str | None = None, limit: int = 20) -> list[Mission]:
        query = {"player_id": ObjectId(player_id)} if player_id else {}
        return await self._run(lambda: [
            _to_mission(d) for d in
            self._db.missions.find(query).sort("requested_at", DESCENDING).limit(limit)])

    async def resumable(self, player_id: str) -> Mission | None:
        """The player's latest mission that was briefed but never debriefed."""
        query = {"player_id": ObjectId(player_id), "status": "completed",
                 "play.state": {"$in": ["not_started", "on_air"]}}
        return await self._run(lambda: next(
            (_to_mission(d) for d in
             self._db.missions.find(query).sort("requested_at", DESCENDING).limit(1)), None))

    # -- turns --------------------------------------------------------------

    async def append_turns(self, mission_id: str, turns: list[Turn]) -> None:
        """Write turns in order; writing the same (mission, seq) twice is a no-op."""
        if not turns:
            return
        oid = _object_id(mission_id)
        ops = [UpdateOne({"mission_id": oid, "seq": t.seq},
                         {"$setOnInsert": {"mission_id": oid, **t.model_dump(exclude_none=True)}},
                         upsert=True) for t in turns]
        await self._run(lambda: self._turns().bulk_write(ops, ordered=True))

    async def complete_turns(self, mission_id: str, turns: list[Turn]) -> None:
        """The final form of turns stored as they started (`airing`); a turn
        already completed is left as it is, so a retry is a no-op."""
        if not turns:
            return
        oid = _object_id(mission_id)
        ops = [UpdateOne({"mission_id": oid, "seq": t.seq, "airing": True},
                         {"$set": t.model_dump(exclude_none=True)}) for t in turns]
        await self._run(lambda: self._turns().bulk_write(ops, ordered=True))

    async def turns(self, mission_id: str) -> list[Turn]:
        oid = _object_id(mission_id)
        return await self._run(lambda: [
            Turn.model_validate(d) for d in
            self._db.turns.find({"mission_id": oid}, {"_id": 0, "mission_id": 0}).sort("seq", ASCENDING)])


def _to_mission(doc: dict) -> Mission:
    brief = None
    if doc.get("status") == "completed":
        brief = Brief(**{k: doc[k] for k in _BRIEF_FIELDS},
                      callers=tuple(Caller(**c) for c in doc.get("callers", [])))
    play = doc.get("play") or {}
    return Mission(
        id=str(doc["_id"]), player_id=str(doc["player_id"]), callsign=doc.get("callsign", ""),
        status=doc["status"], error=doc.get("error"), requested_at=doc["requested_at"],
        completed_at=doc.get("completed_at"), director=doc.get("director", "offline"),
        seed=int(doc.get("seed", 0)), brief=brief,
        play=Play(state=play.get("state", "not_started"), started_at=play.get("started_at"),
                  ended_at=play.get("ended_at"),
                  outcome=Outcome(**play["outcome"]) if play.get("outcome") else None),
    )


async def probe(uri: str, timeout_s: float = 5.0) -> None:
    """Reach the server at `uri` once (the doctor's and the settings' test).
    Raises StoreError / StoreUnavailable with a sentence for the player."""
    store = Store(uri, timeout_s=timeout_s)
    try:
        await store.connect()
    finally:
        await store.close()

# SPDX-License-Identifier: GPL-3.0-or-later
"""Nothing the player heard is lost: a line is stored as it starts; turns the
database refuses are kept in a spill file and stored at the next start; a
stop while the database is away keeps the turns within a second."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone

from fmdesk.core.turns import Turn
from fmdesk.session import events as ev
from fmdesk.session.air import TimedAir
from fmdesk.session.clock import RealClock
from fmdesk.session.journal import Journal, restore_spills, spill_path
from fmdesk.store.errors import StoreError, StoreUnavailable
from tests.session.harness import briefed_mission, make_session
from tests.waiting import until


def turn(seq: int, **kw) -> Turn:
    return Turn(seq=seq, kind=kw.pop("kind", "line"), speaker="Vera", text=kw.pop("text", f"line {seq}"),
                t=seq * 3.0, seconds=2.0, at=datetime.now(timezone.utc), **kw)


async def test_a_line_is_stored_as_it_starts_and_completed_as_it_ends(store):
    clock = RealClock()
    session, rec = make_session(store, air=TimedAir(clock), clock=clock, window_s=0.5)
    mission_id = await briefed_mission(session, time_limit_s=20)
    play = asyncio.create_task(session.play(mission_id))
    try:
        await until(lambda: rec.of(ev.LineStarted), "the first line on air")
        first = rec.of(ev.LineStarted)[0]
        stored: list[Turn] = []

        async def stored_while_on_air() -> bool:
            stored[:] = await store.turns(mission_id)
            return any(t.seq == first.seq for t in stored)

        deadline = asyncio.get_running_loop().time() + 30
        while not await stored_while_on_air():
            assert asyncio.get_running_loop().time() < deadline, "the line on air was never stored"
            await asyncio.sleep(0.05)
        finished = [e.seq for e in rec.of(ev.LineFinished)]
        on_air = next(t for t in stored if t.seq == first.seq)
        if first.seq not in finished:  # caught on air (a line is seconds long): stored as airing
            assert on_air.airing and on_air.text == first.text
        await until(lambda: first.seq in [e.seq for e in rec.of(ev.LineFinished)], "the line's end", 60)
    finally:
        play.cancel()
        await asyncio.gather(play, return_exceptions=True)
    after = {t.seq: t for t in await store.turns(mission_id)}
    done = next(e for e in rec.of(ev.LineFinished) if e.seq == first.seq)
    assert not after[first.seq].airing and after[first.seq].seconds == done.seconds


class RefusingStore:
    """The store's protocol, refusing writes as a full disk makes MongoDB refuse
    them (a write error, not an unreachable server)."""

    def __init__(self, store):
        self.store = store

    async def append_turns(self, mission_id, turns):
        if turns:
            raise StoreError("The database at mongodb://127.0.0.1 refused: No space left on device")

    async def complete_turns(self, mission_id, turns):
        if turns:
            raise StoreError("The database at mongodb://127.0.0.1 refused: No space left on device")


async def test_refused_writes_are_spilled_then_stored_at_the_next_start(store, tmp_path):
    player = await store.sign_in("NOVA-7")
    mission_id = await store.create_mission(player, "NOVA-7", "offline", 1)
    bus, told = ev.EventBus(), []
    bus.subscribe(told.append)
    journal = Journal(RefusingStore(store), mission_id, bus, spill_dir=tmp_path)
    journal.add(turn(0))
    journal.add(turn(1, airing=True))
    await journal.flush()
    journal.complete(turn(1, kind="interrupt", text="line 1— (player interrupted)"))
    journal.add(turn(2))
    await journal.flush()
    path = spill_path(tmp_path, mission_id)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(e["turn"]["seq"], e["complete"]) for e in lines] == [(0, False), (1, False), (2, False), (1, True)]
    trouble = [e for e in told if isinstance(e, ev.Trouble)]
    assert len(trouble) == 1 and trouble[0].message.startswith("The disk is full: the mission is kept in")
    assert str(path) in trouble[0].message
    assert await restore_spills(store, tmp_path) == 4 and not path.exists()
    stored = await store.turns(mission_id)
    assert [t.seq for t in stored] == [0, 1, 2]
    assert stored[1].kind == "interrupt" and not stored[1].airing


class AwayStore(RefusingStore):
    async def append_turns(self, mission_id, turns):
        raise StoreUnavailable("The database is unreachable.")


async def test_a_stop_while_the_database_is_away_keeps_the_turns_within_a_second(store, tmp_path):
    bus = ev.EventBus()
    journal = Journal(AwayStore(store), "6566f0b0c0ffee0000000001", bus, delays=(0.05,), spill_dir=tmp_path)
    journal.add(turn(0))
    started = asyncio.get_running_loop().time()
    await journal.settle(timeout_s=1.0)
    assert asyncio.get_running_loop().time() - started < 1.5
    assert spill_path(tmp_path, "6566f0b0c0ffee0000000001").read_text().count("\n") == 1

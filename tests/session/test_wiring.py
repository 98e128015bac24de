# SPDX-License-Identifier: GPL-3.0-or-later
"""How the session is wired to its parts: hearing warmed when a mission goes
on air with a microphone, and a brief cut short by closing never left
`processing`."""

from __future__ import annotations

import asyncio

import numpy as np

from fmdesk.director.offline.director import OfflineDirector
from fmdesk.session import events as ev
from fmdesk.session.engine import BRIEF_CUT_SHORT
from tests.session.harness import answer_soon, briefed_mission, make_session
from tests.waiting import until


class CountingHearing:
    """The hearing protocol, counting loads (the real one is in tests/hearing)."""

    def __init__(self) -> None:
        self.started = 0

    async def start(self) -> None:
        self.started += 1

    async def hear(self, samples, rate, prompt=""):
        raise AssertionError("nobody speaks in this test")

    async def listen(self, samples, rate, prompt=""):
        raise AssertionError("nobody speaks in this test")


class IdleMic:
    """A microphone that opens and records nothing (the protocol of session/talk.py)."""

    cap_s = 30.0

    def open(self) -> None:
        return None

    def start_talk(self) -> None:
        return None

    def stop_talk(self) -> np.ndarray:
        return np.zeros(0, np.float32)

    def so_far(self) -> np.ndarray:
        return np.zeros(0, np.float32)

    def drop_talk(self) -> None:
        return None

    def held_seconds(self) -> float:
        return 0.0

    def meter(self) -> float:
        return 0.0

    async def alive(self) -> bool:
        return True

    async def close(self) -> None:
        return None


async def test_hearing_is_warmed_when_a_mission_goes_on_air_with_a_microphone(store):
    hearing = CountingHearing()
    session, rec = make_session(store, hearing=hearing, answer=answer_soon("north"), mic=IdleMic())
    mission_id = await briefed_mission(session, time_limit_s=30)
    await session.play(mission_id)
    assert hearing.started == 1, "loaded once, before the first spoken answer"
    quiet, _ = make_session(store, hearing=CountingHearing(), answer=answer_soon("north"))
    await quiet.play(await briefed_mission(quiet, time_limit_s=30))
    assert quiet.hearing.started == 0, "no microphone: typed answers need no speech model"


class SlowDirector(OfflineDirector):
    def __init__(self) -> None:
        self.writing = asyncio.Event()

    async def write_brief(self, request):
        self.writing.set()
        await asyncio.sleep(3600)


async def test_closing_while_the_brief_is_written_marks_the_mission_failed(store):
    director = SlowDirector()
    session, rec = make_session(store, director=director)
    player = await session.sign_in("NOVA-7")
    mission_id = await session.request_mission(player, seed=1)
    await until(director.writing.is_set, "the brief being written")
    await session.close()
    mission = await store.mission(mission_id)
    assert mission.status == "failed" and mission.error == BRIEF_CUT_SHORT
    assert await session.resumable(player) is None
    assert not rec.of(ev.MissionFailed) or rec.of(ev.MissionFailed)[0].error == BRIEF_CUT_SHORT


async def test_a_brief_whose_writer_stopped_is_marked_failed_and_one_being_written_is_not(store, mongo_server):
    from fmdesk.store.database import BRIEF_ABANDONED, Store

    short = Store(mongo_server.uri, database=store._database_name, lease_s=0.6)
    await short.connect()
    try:
        player = await short.sign_in("NOVA-7")
        # A writer that died: its lease runs out and nobody renews it.
        dead = await short.create_mission(player, "NOVA-7", "offline", 1)
        # A writer still at work, slower than the lease: the heartbeat keeps it.
        slow = SlowDirector()
        session, _ = make_session(short, director=slow)
        alive = await session.request_mission(await session.sign_in("NOVA-7"), seed=2)
        await until(slow.writing.is_set, "the brief being written")
        # Not a wait for an event: the lease's own time must pass, twice over.
        await asyncio.sleep(2 * short.lease_s + 0.3)
        assert await short.expire_briefs() == 1
        assert (await short.mission(dead)).status == "failed"
        assert (await short.mission(dead)).error == BRIEF_ABANDONED
        assert (await short.mission(alive)).status == "processing", "the heartbeat kept it"
        await session.close()
    finally:
        await short.close()

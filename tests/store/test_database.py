# SPDX-License-Identifier: GPL-3.0-or-later
"""Players, missions and turns on the real embedded server."""

from datetime import datetime, timezone

import pytest

from fmdesk.core.mission import Brief, Caller, Outcome
from fmdesk.core.turns import Turn
from fmdesk.store.database import Store
from fmdesk.store.errors import NotFound, StoreUnavailable
from fmdesk.store.uri import mask_uri

BRIEF = Brief(title="Whiteout", brief="b", story="s", task="t", frequency_mhz=93.5,
              callers=(Caller(name="Ann", role="lead"), Caller(name="Bo", role="medic")),
              time_limit_s=120)


def turn(seq: int, text: str = "hi") -> Turn:
    return Turn(seq=seq, kind="line", speaker="Ann", text=text, t=seq, seconds=1.0,
                at=datetime.now(timezone.utc))


async def test_a_callsign_is_created_once(store):
    first = await store.sign_in("NOVA-7")
    assert await store.sign_in("NOVA-7") == first
    assert await store.sign_in("RED-1") != first
    assert await store.callsigns() == ["NOVA-7", "RED-1"]


async def test_a_mission_goes_processing_completed_on_air_ended(store):
    player = await store.sign_in("NOVA-7")
    mission_id = await store.create_mission(player, "NOVA-7", "offline", 5)
    mission = await store.mission(mission_id)
    assert mission.status == "processing" and mission.brief is None
    await store.complete_mission(mission_id, BRIEF)
    mission = await store.mission(mission_id)
    assert mission.status == "completed" and mission.brief == BRIEF and mission.resumable
    assert (await store.resumable(player)).id == mission_id
    await store.go_on_air(mission_id)
    assert (await store.mission(mission_id)).play.state == "on_air"
    await store.end_mission(mission_id, Outcome(success=True, summary="Well done."))
    mission = await store.mission(mission_id)
    assert mission.play.state == "ended" and mission.play.outcome.success
    assert await store.resumable(player) is None
    # The document has the fields DESIGN.md names, at the top level.
    raw = store._db.missions.find_one()
    assert {"title", "task", "frequency_mhz", "callers", "time_limit_s", "play"} <= raw.keys()


async def test_a_failed_mission_keeps_a_readable_error(store):
    player = await store.sign_in("NOVA-7")
    mission_id = await store.create_mission(player, "NOVA-7", "offline", 5)
    await store.fail_mission(mission_id, "The director could not write the brief.")
    mission = await store.mission(mission_id)
    assert mission.status == "failed" and "could not" in mission.error


async def test_turn_writes_are_ordered_and_idempotent(store):
    player = await store.sign_in("NOVA-7")
    mission_id = await store.create_mission(player, "NOVA-7", "offline", 5)
    await store.append_turns(mission_id, [turn(0), turn(1), turn(2)])
    await store.append_turns(mission_id, [turn(1, "again"), turn(2, "again"), turn(3)])
    turns = await store.turns(mission_id)
    assert [t.seq for t in turns] == [0, 1, 2, 3]
    assert turns[1].text == "hi", "a retried write never overwrites what was stored"


async def test_missions_are_listed_newest_first(store):
    player = await store.sign_in("NOVA-7")
    ids = [await store.create_mission(player, "NOVA-7", "offline", s) for s in range(3)]
    assert [m.id for m in await store.missions(player)] == ids[::-1]
    assert [m.id for m in await store.missions(None, limit=2)] == ids[:0:-1]


async def test_unknown_mission_is_not_found(store):
    with pytest.raises(NotFound):
        await store.mission("nope")
    with pytest.raises(NotFound):
        await store.mission("0123456789abcdef01234567")


async def test_an_unreachable_server_is_named_without_its_password():
    store = Store("mongodb://ann:s3cret@127.0.0.1:9/?directConnection=true", timeout_s=0.5)
    with pytest.raises(StoreUnavailable) as caught:
        await store.connect()
    assert "ann:****@127.0.0.1:9" in caught.value.message
    assert "s3cret" not in caught.value.message
    await store.close()


@pytest.mark.parametrize("uri, shown", [
    ("mongodb://ann:pw@h:1/db", "mongodb://ann:****@h:1/db"),
    ("mongodb+srv://u:p%40ss@cluster.example.net/x", "mongodb+srv://u:****@cluster.example.net/x"),
    ("mongodb://h:1", "mongodb://h:1"),
])
def test_uris_are_masked(uri, shown):
    assert mask_uri(uri) == shown

# SPDX-License-Identifier: GPL-3.0-or-later
"""Missions with the Gemini director (real SDK, local fake API, real database):
the show goes on through every fault, and the key is never kept anywhere."""

from __future__ import annotations

import json

import pytest

from fmdesk.director.gemini import GeminiDirector
from fmdesk.director.offline.director import OfflineDirector
from fmdesk.session import events as ev
from fmdesk.session.clock import VirtualClock
from fmdesk.session.engine import Session
from tests.fake_gemini import (FakeGemini, blocked_reply, error_reply, hang_reply, json_reply, location_reply,
                               rate_limited_reply, stream_reply)
from tests.session.harness import Recorder, answer_soon


@pytest.fixture
def fake():
    server = FakeGemini(autopilot=True).start()
    yield server
    server.stop()


def gemini_session(store, fake, *, timeout_s=5.0):
    session = Session(store, GeminiDirector(fake.key, base_url=fake.url, timeout_s=timeout_s),
                      fallback=OfflineDirector(), clock=VirtualClock(), poll_interval_s=0.05,
                      director_tries=3, backoff_s=0.01)
    return session, Recorder(session, answer_soon("keep going"))


async def play(session, time_limit_s=90):
    player = await session.sign_in("NOVA-7")
    mission_id = await session.request_mission(player, seed=1, time_limit_s=time_limit_s)
    mission = await session.wait_until_ready(mission_id)
    outcome = await session.play(mission_id)
    return mission, outcome


async def test_a_whole_mission_written_by_gemini(store, fake):
    session, rec = gemini_session(store, fake)
    mission, outcome = await play(session)
    assert mission.director == "gemini" and mission.brief.title == "The Glacier Relay"
    assert rec.kinds()[-1] == "mission_ended" and outcome.success
    assert {e.speaker for e in rec.of(ev.LineStarted)} == {"Vera Holt", "Jonah Pike"}
    assert not rec.of(ev.Trouble)
    # The player's words reach the model exactly as stored.
    batches = fake.of("batch")
    assert len(batches) >= 3 and '"keep going"' in batches[-1].text


async def test_rate_limits_are_ridden_out_with_static_and_stand_by(store, fake):
    session, rec = gemini_session(store, fake)
    player = await session.sign_in("NOVA-7")
    mission = await session.wait_until_ready(await session.request_mission(player, seed=1, time_limit_s=60))
    fake.add(error_reply(429), error_reply(503))
    before = session.clock.now()
    await session.play(mission.id)
    trouble = rec.of(ev.Trouble)
    assert [t.retrying for t in trouble[:2]] == [True, True]
    assert all("Signal lost — stand by" in t.message for t in trouble[:2])
    assert "busy" in trouble[0].message and "server error" in trouble[1].message
    assert rec.of(ev.TroubleCleared)[0].message == "Signal is back."
    assert session.clock.now() > before
    lines = rec.of(ev.LineStarted)
    assert lines and lines[0].speaker == "Vera Holt", "Gemini's batch aired after the retries"


async def test_when_tries_run_out_the_offline_director_bridges_the_batch(store, fake):
    session, rec = gemini_session(store, fake, timeout_s=0.5)
    player = await session.sign_in("NOVA-7")
    mission = await session.wait_until_ready(await session.request_mission(player, seed=1, time_limit_s=90))
    fake.add(error_reply(500), hang_reply(1.5), error_reply(502))
    await session.play(mission.id)
    trouble = rec.of(ev.Trouble)
    assert "timed out" in trouble[1].message
    handover = trouble[2]
    assert "offline director takes over for now" in handover.message
    # The bridge speaks with Gemini's callers, then Gemini is asked again.
    assert {e.speaker for e in rec.of(ev.LineStarted)} <= {"Vera Holt", "Jonah Pike"}
    assert len(fake.of("batch")) > 3
    assert rec.kinds()[-1] == "mission_ended"


async def test_a_refused_key_hands_the_mission_to_the_offline_director(store, fake):
    session, rec = gemini_session(store, fake)
    player = await session.sign_in("NOVA-7")
    mission = await session.wait_until_ready(await session.request_mission(player, seed=1, time_limit_s=90))
    fake.add(error_reply(403, "Permission denied"))
    asked = len(fake.seen)
    outcome = await session.play(mission.id)
    trouble = rec.of(ev.Trouble)
    assert "The Gemini API key was refused" in trouble[0].message
    assert "for the rest of this mission" in trouble[0].message
    assert len(fake.seen) == asked + 1, "no more calls to a refused key"
    assert rec.kinds()[-1] == "mission_ended" and outcome.summary


async def test_a_brief_gemini_cannot_write_is_written_offline(store, fake):
    session, rec = gemini_session(store, fake)
    fake.add(error_reply(401))
    player = await session.sign_in("NOVA-7")
    mission = await session.wait_until_ready(await session.request_mission(player, seed=4))
    assert mission.status == "completed" and mission.director == "offline"
    assert "API key was refused" in rec.of(ev.Trouble)[0].message


async def test_the_key_is_never_stored_logged_or_shown(store, fake, caplog):
    caplog.set_level("DEBUG")
    fake.add(json_reply({"bad": "brief"}))  # one failure on the way, for the logs
    session, rec = gemini_session(store, fake)
    mission, _ = await play(session)
    dump = json.dumps([list(store._db[name].find({}, {"_id": 0})) for name in
                       ("players", "missions", "turns")], default=str)
    assert mission.id and "Glacier" in dump
    for where in (dump, caplog.text, " ".join(e.model_dump_json() for e in rec.events)):
        assert fake.key not in where


async def test_a_mission_rides_out_every_fault_with_gemini_still_writing(store, fake, caplog):
    """A 400 FAILED_PRECONDITION, a 429 with RetryInfo, a blocked prompt and a
    truncated stream, each on a batch of its own: after each, Gemini writes
    the next lines again; the API's rules hold for every request; the key is
    nowhere."""
    caplog.set_level("DEBUG")
    session, rec = gemini_session(store, fake)
    player = await session.sign_in("NOVA-7")
    mission = await session.wait_until_ready(await session.request_mission(player, seed=1, time_limit_s=180))
    faults = [location_reply(), rate_limited_reply(7), blocked_reply(stream=True), blocked_reply(stream=True),
              stream_reply(json.dumps(FAULT_BATCH), pieces=6, truncate_after=3)]
    plan = iter(faults)
    served = []

    def next_fault(event) -> None:  # one fault at each cue, until they are all served
        if isinstance(event, ev.CueOpened):
            fault = next(plan, None)
            if fault is not None:
                served.append(fault)
                fake.add(fault)
                if fault.chunks and fault.chunks[0].get("promptFeedback"):
                    fake.add(next(plan))  # the nudged retry is blocked too: bridged this once

    session.events.subscribe(next_fault)
    outcome = await session.play(mission.id)

    assert rec.kinds()[-1] == "mission_ended" and outcome.summary
    assert len(served) == 4, "every fault was served"
    assert not fake.refused, fake.refused
    trouble = [t.message for t in rec.of(ev.Trouble)]
    assert any("location is not supported" in m for m in trouble)
    assert any("busy" in m and "stand by" in m for m in trouble)
    assert not any("for the rest of this mission" in m for m in trouble)
    assert not any("key" in m.casefold() for m in trouble)
    # Gemini wrote the lines after the last fault: its callers, its words.
    last_batch_at = max(i for i, e in enumerate(rec.events) if isinstance(e, ev.Trouble))
    after = [e for e in rec.events[last_batch_at:] if isinstance(e, ev.LineStarted)]
    assert any(e.text.startswith("Base, Vera here, checkpoint") for e in after)
    dump = json.dumps([list(store._db[name].find({}, {"_id": 0})) for name in ("missions", "turns")], default=str)
    for where in (dump, caplog.text, " ".join(e.model_dump_json() for e in rec.events)):
        assert fake.key not in where


FAULT_BATCH = [
    {"kind": "line", "speaker": "Vera Holt", "text": "Base, the line is breaking up, say again."},
    {"kind": "line", "speaker": "Jonah Pike", "text": "We lost you for a moment there, base."},
    {"kind": "cue", "speaker": "Jonah Pike", "hint": "Still with us?"},
]

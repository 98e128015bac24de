# SPDX-License-Identifier: GPL-3.0-or-later
"""The on-air loop on the real database, in virtual time."""

from __future__ import annotations

import asyncio
import time

import pytest

from fmdesk.core.segments import Line
from fmdesk.director.base import DirectorError
from fmdesk.director.offline.director import OfflineDirector, plan_mission
from fmdesk.session import events as ev
from tests.waiting import until
from tests.director.simulate import right_for_hint
from tests.session.harness import answer_soon, briefed_mission, make_session


class CheckedDirector(OfflineDirector):
    """The real offline director, checking that every turn it is shown is stored."""

    def __init__(self, store):
        self.store = store
        self.mission_id = ""
        self.checked = 0

    async def write_segments(self, context):
        if context.turns:
            stored = await self.store.turns(self.mission_id)
            assert [t.seq for t in stored] == [t.seq for t in context.turns]
            self.checked += 1
        async for segment in super().write_segments(context):
            yield segment


async def test_a_five_minute_mission_runs_in_virtual_time(store):
    director = CheckedDirector(store)
    plan = plan_mission(3, "NOVA-7")
    said = []

    def answer(event, session):
        said.append(right_for_hint(plan, event.hint))
        asyncio.get_running_loop().call_soon(session.answer, said[-1])

    session, rec = make_session(store, director=director, answer=answer)
    mission_id = director.mission_id = await briefed_mission(session, seed=3, time_limit_s=300)

    started = time.monotonic()
    outcome = await session.play(mission_id)
    wall = time.monotonic() - started

    assert outcome.success, outcome.summary
    kinds = rec.kinds()
    assert kinds[:5] == ["mission_requested", "brief_ready", "on_air", "callers_announced", "clock"]
    assert kinds[-1] == "mission_ended"
    assert kinds.count("line_started") == kinds.count("line_finished") > 10
    assert kinds.count("cue_opened") == kinds.count("player_heard") >= 3
    turns = await store.turns(mission_id)
    assert [t.seq for t in turns] == list(range(len(turns)))
    assert [t.text for t in turns if t.kind == "player"] == said
    limit = (await store.mission(mission_id)).brief.time_limit_s
    # The story signs off near its time limit (instant answers leave it a little early).
    assert turns[-1].ends_at >= limit - 30 and turns[-1].ref == "signoff"
    assert wall < 60, "air time is counted, not waited"
    assert director.checked >= 3, "every batch saw only stored turns"
    stored = await store.mission(mission_id)
    assert stored.play.state == "ended" and stored.play.outcome == outcome


async def test_no_answer_in_the_window_is_silence(store):
    session, rec = make_session(store, window_s=0.1)
    mission_id = await briefed_mission(session, time_limit_s=60)
    outcome = await session.play(mission_id)
    heard = rec.of(ev.PlayerHeard)
    assert heard and all(h.silent and h.text == "(player said nothing)" and h.source == "timeout" for h in heard)
    assert not outcome.success
    turns = await store.turns(mission_id)
    assert {t.kind for t in turns if t.speaker == "PLAYER"} == {"silence"}


async def test_a_blank_answer_is_silence_and_skip_lapses_the_window(store):
    answers = iter(["   ", None])

    def answer(event, session):
        text = next(answers, "")
        loop = asyncio.get_running_loop()
        loop.call_soon(session.skip if text is None else session.answer, *(() if text is None else (text,)))

    session, rec = make_session(store, answer=answer)
    await session.play(await briefed_mission(session, time_limit_s=150))
    sources = [h.source for h in rec.of(ev.PlayerHeard)]
    assert sources[:2] == ["typed", "skip"]
    assert all(h.silent for h in rec.of(ev.PlayerHeard)[:2])


async def test_holding_talk_stops_the_countdown(store):
    def answer(event, session):
        loop = asyncio.get_running_loop()
        loop.call_soon(session.talk_down)
        loop.call_later(0.4, session.answer, "north couloir", )  # longer than the window

    session, rec = make_session(store, answer=answer, window_s=0.15)
    await session.play(await briefed_mission(session, time_limit_s=90))
    assert "talk_pressed" in rec.kinds()
    assert rec.of(ev.PlayerHeard)[0].text == "north couloir"


async def test_tuning_locks_only_on_the_mission_frequency(store):
    session, rec = make_session(store)
    mission_id = await briefed_mission(session)
    mission = await store.mission(mission_id)
    target = mission.brief.frequency_mhz
    assert not session.tune(mission, target + 1.0).locked
    assert not session.tune(mission, target + 0.2).locked
    assert session.tune(mission, target).locked
    tuned = rec.of(ev.Tuned)
    assert [t.locked for t in tuned] == [False, False, True]
    assert tuned[0].strength < tuned[1].strength < tuned[2].strength


class BrokenDirector(OfflineDirector):
    name = "broken"

    async def write_brief(self, request):
        raise DirectorError("The story writer is out of ink.")

    async def write_segments(self, context):
        raise DirectorError("The story writer is out of ink.")
        yield  # pragma: no cover


async def test_a_brief_that_cannot_be_written_fails_readably(store):
    session, rec = make_session(store, director=BrokenDirector())
    player = await session.sign_in("NOVA-7")
    mission_id = await session.request_mission(player, seed=1)
    mission = await session.wait_until_ready(mission_id)
    assert mission.status == "failed" and mission.error == "The story writer is out of ink."
    assert rec.of(ev.MissionFailed)[0].error == mission.error


async def test_a_failing_director_hands_over_to_the_fallback(store):
    offline, _ = make_session(store)
    mission_id = await briefed_mission(offline, time_limit_s=90)
    session, rec = make_session(store, director=BrokenDirector(), fallback=OfflineDirector(),
                                answer=answer_soon("yes"))
    await session.play(mission_id)
    trouble = rec.of(ev.Trouble)
    assert trouble and "takes over" in trouble[0].message and trouble[0].source == "director"
    assert rec.kinds()[-1] == "mission_ended"
    assert rec.of(ev.LineStarted)


class StrangerDirector(OfflineDirector):
    async def write_segments(self, context):
        yield Line(speaker="Nobody Known", text="I should not be on this channel.")
        async for segment in super().write_segments(context):
            yield segment


async def test_segments_from_strangers_are_dropped(store, caplog):
    session, rec = make_session(store, director=StrangerDirector(), answer=answer_soon("yes"))
    await session.play(await briefed_mission(session, time_limit_s=90))
    assert all(e.speaker != "Nobody Known" for e in rec.of(ev.LineStarted))
    assert "not a caller of this mission" in caplog.text


async def test_cancelled_mid_cue_resumes_at_the_same_cue(store):
    session, rec = make_session(store)  # nobody answers: the cue stays open
    mission_id = await briefed_mission(session, time_limit_s=120)
    task = asyncio.create_task(session.play(mission_id))
    await until(lambda: "cue_opened" in rec.kinds(), "a cue")
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert rec.kinds()[-1] == "paused"
    before = await store.turns(mission_id)
    assert before[-1].kind == "cue"
    assert (await store.mission(mission_id)).play.state == "on_air"

    again, rec2 = make_session(store, answer=answer_soon("north"))
    await again.play(mission_id)
    on_air = rec2.of(ev.WentOnAir)[0]
    assert on_air.resumed and on_air.elapsed_s == pytest.approx(before[-1].ends_at, abs=0.01)
    assert rec2.of(ev.CueOpened)[0].seq == before[-1].seq
    after = await store.turns(mission_id)
    assert after[: len(before)] == before
    assert [t.seq for t in after] == list(range(len(after)))
    assert after[len(before)].text == "north"


async def test_say_again_replays_without_a_turn_and_the_window_waits(store):
    """Say again at a cue: the line is heard again, the answer window stops
    meanwhile and opens afresh; nothing is stored for it."""
    plan = plan_mission(3, "NOVA-7")
    cues = []

    def answer(event, session):
        cues.append(event)
        loop = asyncio.get_running_loop()
        if len(cues) == 1:
            loop.call_soon(lambda: session.again() or pytest.fail("say again refused at a cue"))
        else:
            loop.call_soon(session.answer, right_for_hint(plan, event.hint))

    session, rec = make_session(store, answer=answer, window_s=0.5)
    mission_id = await briefed_mission(session, seed=3, time_limit_s=60)
    await session.play(mission_id)
    again = rec.of(ev.AgainStarted)
    assert len(again) == 1 and again[0].text
    kinds = rec.kinds()
    first = kinds.index("again_started")
    assert kinds.index("again_ended") > first and cues[1].seq == cues[0].seq  # the same caller waits again
    held = [e for e in rec.events[first:] if isinstance(e, ev.ClockTicked)]
    assert held and held[0].running is False, "the mission clock did not stop for the replay"
    heard = rec.of(ev.PlayerHeard)
    assert heard[0].source == "typed", "the window did not lapse during the replay"
    turns = await store.turns(mission_id)
    assert sum(t.text == again[0].text for t in turns) == 1, "say again is not a turn"


async def test_an_answer_typed_while_a_caller_talks_is_kept_for_the_question(store):
    plan = plan_mission(3, "NOVA-7")
    session, rec = make_session(store)
    typed = []

    def on_line(event):
        if isinstance(event, ev.LineStarted) and not typed:
            typed.append(True)
            asyncio.get_running_loop().call_soon(session.answer, "say again please")

    session.events.subscribe(on_line)
    mission_id = await briefed_mission(session, seed=3, time_limit_s=60)
    await session.play(mission_id)
    kept = rec.of(ev.AnswerKept)
    assert [k.text for k in kept] == ["say again please"]
    heard = rec.of(ev.PlayerHeard)
    assert heard[0].text == "say again please" and heard[0].source == "typed"
    assert rec.kinds().index("answer_kept") < rec.kinds().index("player_heard")
    del plan


async def test_the_mission_clock_counts_air_time_from_the_first_line(store):
    """A voice that takes 3 s to start each line does not eat the mission's time."""
    from fmdesk.session.air import TimedAir
    from fmdesk.session.clock import VirtualClock

    clock = VirtualClock()

    class SlowVoice(TimedAir):
        async def speak(self, seq, line, started):
            await self.clock.sleep(3.0)  # rendering: nothing heard yet
            return await super().speak(seq, line, started)

    session, rec = make_session(store, air=SlowVoice(clock), clock=clock, answer=answer_soon("north"))
    mission_id = await briefed_mission(session, seed=3, time_limit_s=60)
    await session.play(mission_id)
    ticks = rec.of(ev.ClockTicked)
    assert ticks[0].running is False and ticks[0].elapsed_s == 0.0
    started = rec.of(ev.LineStarted)
    assert len(started) >= 4
    turns = await store.turns(mission_id)
    first = next(t for t in turns if t.kind == "line")
    assert first.t == 0.0, "the clock started before the first line was heard"
    lines = [t for t in turns if t.kind == "line"]
    # Each line starts where the air left off, not 3 s later.
    for before, after in zip(lines, lines[1:]):
        between = [t for t in turns if before.seq < t.seq < after.seq]
        if not between:
            assert after.t == pytest.approx(before.ends_at, abs=0.01)
    # The renders took time (the clock's), and none of it is the mission's.
    assert clock.now() >= turns[-1].ends_at + 3 * len(started) - 0.01

# SPDX-License-Identifier: GPL-3.0-or-later
"""Barge-in on the silent radio (real time): TALK while a caller speaks cuts
the caller off, the stored line ends at the words heard with the mark, and
what the player says is the answer the next batch is written from."""

from __future__ import annotations

import asyncio

from fmdesk.core.turns import INTERRUPTED_MARK
from fmdesk.session import events as ev
from fmdesk.session.air import TimedAir
from fmdesk.session.clock import RealClock
from tests.waiting import until
from tests.session.harness import briefed_mission, cut_in_on_the_first_long_line, make_session


async def test_talk_while_a_caller_speaks_cuts_in_and_is_the_answer(store):
    clock = RealClock()
    session, recorder = make_session(store, air=TimedAir(clock), clock=clock, window_s=3.0)
    async def cut_in() -> None:
        await asyncio.sleep(1.2)
        assert session.can_cut_in
        assert session.talk_down()
        assert not session.can_cut_in
        await asyncio.sleep(0.2)
        assert session.answer("Copy, I'm on the roof already")

    cut = cut_in_on_the_first_long_line(session, cut_in)
    # A minute: long enough for the story to reach a scene (whose lines are long).
    mission_id = await briefed_mission(session, seed=5, time_limit_s=60)
    task = asyncio.create_task(session.play(mission_id))
    await until(lambda: cut and any(isinstance(e, ev.LineFinished) and e.seq > cut[0].seq + 1 for e in recorder.events),
                "a line finished after the cut")
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)

    line = cut[0]
    turns = await store.turns(mission_id)
    interrupt = next(t for t in turns if t.kind == "interrupt")
    assert interrupt.seq == line.seq and interrupt.speaker == line.speaker
    assert interrupt.text.endswith(INTERRUPTED_MARK)
    said = interrupt.text[: -len(INTERRUPTED_MARK)].rstrip("— ").split()
    whole = line.text.split()
    assert 1 <= len(said) < len(whole) and whole[: len(said) - 1] == said[:-1]
    answer = turns[turns.index(interrupt) + 1]
    assert answer.kind == "player" and answer.text == "Copy, I'm on the roof already"
    # The cut line never finished; the show went on from the answer.
    assert line.seq not in [e.seq for e in recorder.of(ev.LineFinished)]
    cut_event = recorder.of(ev.LineCut)[0]
    assert cut_event.stored == interrupt.text and cut_event.seq == line.seq
    # The caller takes the cut-in and goes on (the offline director's reply).
    reply = turns[turns.index(answer) + 1]
    assert reply.kind == "line" and reply.speaker == line.speaker and "NOVA-7" in reply.text


async def test_talk_between_lines_or_with_barge_in_off_does_nothing(store):
    clock = RealClock()
    session, recorder = make_session(store, air=TimedAir(clock), clock=clock, window_s=3.0)
    session.barge_in = False
    tried: list[bool] = []

    def watch(event) -> None:
        if isinstance(event, ev.LineStarted) and not tried:
            tried.append(session.talk_down())
        if isinstance(event, ev.GapStarted) and len(tried) == 1:
            session.barge_in = True
            tried.append(session.talk_down())  # radio silence: nobody to cut off

    session.events.subscribe(watch)
    mission_id = await briefed_mission(session, seed=5, time_limit_s=40)
    task = asyncio.create_task(session.play(mission_id))
    await until(lambda: len(tried) >= 2, "two tries at TALK")
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert tried == [False, False]
    assert not recorder.of(ev.LineCut)
    assert "interrupt" not in [t.kind for t in await store.turns(mission_id)]


class _Noting(TimedAir):
    """The silent radio, noting the lines it was asked to render and to drop."""

    def __init__(self, clock):
        super().__init__(clock)
        self.log: list[tuple[str, str]] = []

    def prepare(self, line):
        self.log.append(("prepare", line.text))

    def forget(self, line):
        self.log.append(("forget", line.text))

    def rehearse(self, lines):
        self.log.append(("rehearse", ""))

    async def speak(self, seq, line, started):
        self.log.append(("speak", line.text))
        return await super().speak(seq, line, started)


async def test_a_cut_in_drops_the_rest_of_the_batch_before_the_reactions_render(store):
    """Cut off, the caller will not say the rest of the batch (the next is
    written from what the player says): those lines stop rendering at once,
    before the caller's reactions to the cut-in are rehearsed, so the voice
    is free for them while the player talks."""
    clock = RealClock()
    air = _Noting(clock)
    session, recorder = make_session(store, air=air, clock=clock, window_s=3.0)
    seen: list[int] = []  # where the log stood at the cut

    async def cut_in() -> None:
        await asyncio.sleep(0.3)
        seen.append(len(air.log))
        assert session.talk_down()
        await until(lambda: ("rehearse", "") in air.log[seen[0]:], "the reactions to the cut-in rehearsed")
        assert session.answer("Copy that")

    cut_in_on_the_first_long_line(session, cut_in)
    mission_id = await briefed_mission(session, seed=5, time_limit_s=60)
    task = asyncio.create_task(session.play(mission_id))
    await until(lambda: recorder.of(ev.LineCut) and seen and ("rehearse", "") in air.log[seen[0]:],
                "a cut-in and its reactions")
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    before, after = air.log[:seen[0]], air.log[seen[0]:]
    cut = recorder.of(ev.LineCut)[0].text
    spoken = {text for kind, text in before if kind == "speak"}
    waiting = {text for kind, text in before if kind == "prepare"} - spoken - {cut}
    assert waiting, "lines of the batch were rendering behind the one cut off"
    dropped = {text for kind, text in after[:after.index(("rehearse", ""))] if kind == "forget"}
    assert waiting <= dropped

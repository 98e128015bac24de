# SPDX-License-Identifier: GPL-3.0-or-later
"""While the player decides, the caller's possible reactions are rehearsed:
the offline director names the first line of each, and the one said next
is among them, so its voice was rendered before the answer came."""

from __future__ import annotations

import asyncio

from fmdesk.session import events as ev
from fmdesk.session.air import TimedAir
from fmdesk.session.clock import VirtualClock
from tests.session.harness import briefed_mission, make_session


class RehearsingAir(TimedAir):
    """The silent air, noting what it was asked to rehearse and to prepare."""

    def __init__(self, clock):
        super().__init__(clock)
        self.log: list[tuple[str, object]] = []

    def rehearse(self, lines):
        self.log.append(("rehearse", [(line.speaker, line.text) for line in lines]))

    def prepare(self, line):
        self.log.append(("prepare", (line.speaker, line.text)))


def answering(replies):
    """Answer the cues with `replies` in turn, from the loop; then let them time out."""
    said = iter(replies)

    def answer(event, session):
        text = next(said, "")
        if text:
            asyncio.get_running_loop().call_soon(session.answer, text)
    return answer


def first_lines_after_rehearsals(log):
    """(what was rehearsed, the first line prepared after it) for each cue."""
    pairs, rehearsed = [], None
    for kind, what in log:
        if kind == "rehearse":
            rehearsed = what
        elif rehearsed is not None:
            pairs.append((rehearsed, what))
            rehearsed = None
    return pairs


async def test_the_reaction_said_was_rehearsed(store):
    clock = VirtualClock()
    air = RehearsingAir(clock)
    session, rec = make_session(store, air=air, clock=clock,
                                answer=answering(["say again", "tell her to wait for the diver", "what?",
                                                  "the big one", "five knots"]))
    mission_id = await briefed_mission(session, time_limit_s=180)
    await session.play(mission_id)
    pairs = first_lines_after_rehearsals(air.log)
    # Say again, an option taken, an answer off the point, silence (the
    # cues after the replies run out time out): each reaction was rehearsed.
    assert len(pairs) >= 5 and all(rehearsed for rehearsed, _ in pairs), air.log
    missed = [(said, rehearsed) for rehearsed, said in pairs if said not in rehearsed]
    assert not missed, missed
    assert rec.of(ev.MissionEnded)



async def test_the_opening_line_is_rehearsed_while_the_player_tunes(store):
    clock = VirtualClock()
    air = RehearsingAir(clock)
    session, rec = make_session(store, air=air, clock=clock)
    mission_id = await briefed_mission(session, time_limit_s=60)
    mission = await session.store.mission(mission_id)
    session.tune(mission, mission.brief.frequency_mhz - 1.5)  # still off the station
    session.tune(mission, mission.brief.frequency_mhz)
    await asyncio.wait_for(_rehearsed(air), timeout=30)
    assert [kind for kind, _ in air.log] == ["rehearse"], "once per mission, however the dial moves"
    (opening,) = air.log[0][1]
    await session.play(mission_id)
    assert air.log[1] == ("prepare", opening), "the show opens with the line rehearsed"
    assert rec.of(ev.MissionEnded)


async def _rehearsed(air) -> None:
    while not air.log:
        await asyncio.sleep(0.01)


async def test_the_reactions_to_a_cue_are_rehearsed_as_soon_as_its_batch_is_written(store):
    """As soon as a batch is written, its cue's reactions go to the voice
    behind its lines (with a real clock, while the caller still asks: a
    bench trace), written from the context as it will be at the cue: the
    same reactions the open cue rehearses, so the cue keeps those renders."""
    clock = VirtualClock()
    air = RehearsingAir(clock)
    session, rec = make_session(store, air=air, clock=clock,
                                answer=answering(["tell her to wait for the diver", "what?", "the big one"]))

    def note(event) -> None:
        if isinstance(event, ev.CueOpened) and event.hint:
            air.log.append(("cue", event.seq))

    session.events.subscribe(note)
    mission_id = await briefed_mission(session, time_limit_s=180)
    await session.play(mission_id)
    cues = [i for i, (kind, _) in enumerate(air.log) if kind == "cue"]
    assert len(cues) >= 3, air.log
    for i in cues:
        at_cue = next(what for kind, what in air.log[i + 1:] if kind == "rehearse")
        batch = max(j for j in range(i) if air.log[j][0] in ("prepare", "cue"))
        early = [what for kind, what in air.log[batch:i] if kind == "rehearse"]
        assert early == [at_cue], air.log[batch:i + 2]
    assert rec.of(ev.MissionEnded)

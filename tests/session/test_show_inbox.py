# SPDX-License-Identifier: GPL-3.0-or-later
"""The show's one inbox: an input sent while a transition is applied (a
listener answering at once) waits until that transition is done."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from fmdesk.core.mission import Brief, Caller, Mission
from fmdesk.session import events as ev
from fmdesk.session import state as st
from fmdesk.session.air import TimedAir
from fmdesk.session.clock import VirtualClock
from fmdesk.session.show import Show, ShowParts


def _show() -> tuple[Show, list]:
    brief = Brief(title="T", brief="b", story="s", task="t", frequency_mhz=101.1, time_limit_s=60,
                  callers=(Caller(name="Mara", role="pilot"),))
    mission = Mission(id="m1", player_id="p", callsign="NOVA-7", status="completed", seed=1,
                      director="offline", brief=brief, requested_at=datetime.now(timezone.utc))
    bus = ev.EventBus()
    seen: list = []
    bus.subscribe(seen.append)
    clock = VirtualClock()
    parts = ShowParts(store=None, air=TimedAir(clock), clock=clock, events=bus, directing=None,
                      answers=None, talk=None, answer_window_s=10.0, barge_in=True)
    return Show(parts, mission, []), seen


async def test_a_command_sent_by_a_listener_waits_for_the_transition():
    show, seen = _show()
    show.send(st.WentOn())
    show.send(st.CueReached(0))
    order = []

    def answer_at_once(event) -> None:
        if isinstance(event, ev.TalkPressed):
            order.append(("pressed", show.state.phase))
            assert show.send(st.Typed("copy"))  # accepted, applied after this transition
            order.append(("sent", show.state.phase))

    show.parts.events.subscribe(answer_at_once)
    assert show.send(st.TalkDown())
    assert order == [("pressed", st.Phase.HELD), ("sent", st.Phase.HELD)]
    assert show.state.phase is st.Phase.AIRING
    answer = await show._answered
    assert answer == st.Answer(0, "copy", "typed")


async def test_the_window_lapses_by_itself():
    show, _ = _show()
    show.parts = replace(show.parts, answer_window_s=0.05)
    show.send(st.WentOn())
    show.send(st.CueReached(0))
    answer = await show._answered
    assert answer.source == "timeout" and show.state.phase is st.Phase.AIRING

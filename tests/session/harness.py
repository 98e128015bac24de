# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a session and collect what comes out, as Pipecat's run_test does."""

from __future__ import annotations

import asyncio
from typing import Callable

from fmdesk.director.offline.director import OfflineDirector
from fmdesk.session import events as ev
from fmdesk.session.clock import VirtualClock
from fmdesk.session.engine import Session


class Recorder:
    def __init__(self, session: Session, answer: Callable[[ev.CueOpened, Session], None] | None = None):
        self.events: list = []
        self.answer = answer
        self.session = session
        session.events.subscribe(self.on_event)

    def on_event(self, event) -> None:
        self.events.append(event)
        if isinstance(event, ev.CueOpened) and self.answer is not None:
            self.answer(event, self.session)

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def of(self, cls) -> list:
        return [e for e in self.events if isinstance(e, cls)]


def make_session(store, *, director=None, answer=None, window_s: float = 10.0, fallback=None, hearing=None,
                 air=None, clock=None, mic=None):
    session = Session(store, director or OfflineDirector(), clock=clock or VirtualClock(), air=air,
                      answer_window_s=window_s, poll_interval_s=0.05, fallback=fallback, hearing=hearing,
                      mic=mic)
    return session, Recorder(session, answer)


async def briefed_mission(session: Session, callsign: str = "NOVA-7", seed: int = 3,
                          time_limit_s: int | None = 120) -> str:
    player = await session.sign_in(callsign)
    mission_id = await session.request_mission(player, seed=seed, time_limit_s=time_limit_s)
    mission = await session.wait_until_ready(mission_id)
    assert mission.status == "completed"
    return mission_id


def answer_soon(text: str):
    """Answer every cue with `text`, from the loop, as a front end would."""
    def answer(event, session):
        asyncio.get_running_loop().call_soon(session.answer, text)
    return answer


def cut_in_on_the_first_long_line(session: Session, cut_in: Callable[[], object]) -> list[ev.LineStarted]:
    """Run `cut_in()` (a coroutine) as the first line of ten words or more
    starts, and skip every cue (the rest of the show goes quickly). The
    list gets that line's LineStarted."""
    cut: list[ev.LineStarted] = []

    def watch(event) -> None:
        if isinstance(event, ev.LineStarted) and len(event.text.split()) >= 10 and not cut:
            cut.append(event)
            asyncio.ensure_future(cut_in())
        elif isinstance(event, ev.CueOpened) and event.hint:
            session.skip()

    session.events.subscribe(watch)
    return cut

# SPDX-License-Identifier: GPL-3.0-or-later
"""The player's missions after the show: the history and the transcripts,
read for the terminal (`fmdesk missions`, `fmdesk replay`) and the window
alike, and the one way a transcript reads as text."""

from __future__ import annotations

from fmdesk.core.mission import Mission
from fmdesk.core.timing import clock_text
from fmdesk.core.turns import Turn
from fmdesk.session.events import EventBus
from fmdesk.session.journal import with_store_retry


class Library:
    def __init__(self, store, events: EventBus):
        self.store = store
        self.events = events

    async def callsigns(self) -> list[str]:
        return await self.store.callsigns()

    async def history(self, player_id: str, limit: int = 30) -> list[Mission]:
        """The player's missions, newest first."""
        return await self.store.missions(player_id, limit=limit)

    async def transcript(self, mission_id: str) -> tuple[Mission, list[Turn]]:
        return await self.store.mission(mission_id), await self.store.turns(mission_id)

    async def resumable(self, player_id: str) -> Mission | None:
        """The player's latest mission that went unfinished, if any."""
        return await with_store_retry(self.events, "looking for your last mission",
                                      lambda: self.store.resumable(player_id))


def transcript_text(mission: Mission, turns: list[Turn]) -> str:
    """A mission's transcript as a player reads it: title, task, each turn at
    its time on air (gaps left out), and the debrief or how to resume."""
    if mission.brief is None:
        return f"Mission {mission.id} is {mission.status}: {mission.error or 'no brief yet'}"
    lines = [f"=== {mission.brief.title} ({mission.callsign}, {mission.brief.frequency_mhz:.1f} MHz) ===",
             f"Task: {mission.brief.task}", ""]
    lines += [f"[{clock_text(t.t)}] {t.transcript_line()}" for t in turns if t.kind != "gap"]
    if mission.play.outcome:
        verdict = "ACCOMPLISHED" if mission.play.outcome.success else "FAILED"
        lines += ["", f"Debrief: {verdict}. {mission.play.outcome.summary}"]
    else:
        lines += ["", "(mission not finished: resume it with fmdesk play --headless --resume)"]
    return "\n".join(lines)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The dialogue context a director writes from: the brief, the turns, the clock."""

from __future__ import annotations

from dataclasses import dataclass

from fmdesk.core.mission import Brief
from fmdesk.core.turns import Turn


@dataclass(frozen=True)
class DialogueContext:
    brief: Brief
    callsign: str
    seed: int
    turns: tuple[Turn, ...]
    elapsed_s: float

    @property
    def time_limit_s(self) -> float:
        return float(self.brief.time_limit_s)

    @property
    def remaining_s(self) -> float:
        return max(0.0, self.time_limit_s - self.elapsed_s)

    @property
    def next_seq(self) -> int:
        return self.turns[-1].seq + 1 if self.turns else 0

    def answers(self) -> list[Turn]:
        """The player's answers (and silences), in order."""
        return [t for t in self.turns if t.is_answer]

    def last_answer(self) -> Turn | None:
        """The player's answer, if it is the latest thing said (nobody reacted yet)."""
        for turn in reversed(self.turns):
            if turn.kind != "gap":
                return turn if turn.is_answer else None
        return None

    def window(self, last_n: int) -> tuple[Turn, ...]:
        """The last `last_n` turns, without gaps (they carry no words)."""
        spoken = [t for t in self.turns if t.kind != "gap"]
        return tuple(spoken[-last_n:]) if last_n > 0 else ()

    def transcript(self, last_n: int | None = None) -> str:
        turns = self.window(last_n) if last_n else self.turns
        return "\n".join(t.transcript_line() for t in turns)

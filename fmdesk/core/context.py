# SPDX-License-Identifier: GPL-3.0-or-later
"""The dialogue context a director writes from: the brief, the turns, the clock."""

from __future__ import annotations

import re
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

    def earlier(self, last_n: int, max_chars: int = 2000) -> str:
        """A running summary of what falls out of the last-`last_n` window:
        every question and the player's answer to it, and every line that
        carried a number (codes and grids get asked about later)."""
        spoken = [t for t in self.turns if t.kind != "gap"]
        older = spoken[: max(0, len(spoken) - last_n)]
        notes: list[str] = []
        for index, turn in enumerate(older):
            if turn.is_answer:
                cue = next((t for t in reversed(older[:index]) if t.kind == "cue"), None)
                asked = f"{cue.speaker} asked ({cue.text or 'a question'})" if cue else "Asked"
                notes.append(f"{asked}; PLAYER: {turn.text}")
            elif turn.kind in ("line", "interrupt") and re.search(r"\d", turn.text):
                notes.append(turn.transcript_line())
        summary = ""
        for note in reversed(notes):  # the most recent notes matter most
            if len(summary) + len(note) + 1 > max_chars:
                break
            summary = note + "\n" + summary
        return summary.strip()

    def transcript(self, last_n: int | None = None) -> str:
        turns = self.window(last_n) if last_n else self.turns
        return "\n".join(t.transcript_line() for t in turns)

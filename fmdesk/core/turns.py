# SPDX-License-Identifier: GPL-3.0-or-later
"""Turns: what was actually aired or said, in order. The store keeps them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from fmdesk.core.reading import Reading

TurnKind = Literal["line", "gap", "cue", "player", "silence", "interrupt"]

# Exactly these markers go into the context and the store.
SILENCE_TEXT = "(player said nothing)"
INTERRUPTED_MARK = "(player interrupted)"
PLAYER = "PLAYER"


def interrupted_text(said: str) -> str:
    """A line the player cut off, as stored: the words heard, then the mark."""
    said = said.strip().rstrip(",;:—-").rstrip()
    return f"{said}— {INTERRUPTED_MARK}" if said else INTERRUPTED_MARK


class Turn(BaseModel):
    """One stored moment of a mission. `t` is mission time when it began."""

    model_config = ConfigDict(frozen=True)

    seq: int = Field(ge=0)
    kind: TurnKind
    speaker: str | None = None
    text: str = ""
    t: float = Field(ge=0)
    seconds: float = Field(default=0.0, ge=0)
    at: datetime
    # Where an answer came from: "typed", "voice", "timeout", "skip".
    source: str | None = None
    audio_seconds: float | None = None
    # Stored as it started on air, not yet completed (a kill left it so):
    # heard at least in part.
    airing: bool = False
    # A director's own reference for a line or cue (the offline director's
    # scene), so it knows later what was being asked.
    ref: str | None = None
    # How the director understood an answer (player and silence turns).
    reading: Reading | None = None

    @property
    def ends_at(self) -> float:
        return self.t + self.seconds

    @property
    def is_answer(self) -> bool:
        return self.kind in ("player", "silence")

    def transcript_line(self) -> str:
        """How the turn reads in a transcript and in a director's context."""
        if self.kind == "gap":
            return f"[{self.seconds:g} s of radio silence]"
        if self.kind == "cue":
            return f"[{self.speaker} waits for the player]"
        if self.kind in ("player", "silence"):
            return f"{PLAYER}: {self.text}"
        return f"{self.speaker}: {self.text}"

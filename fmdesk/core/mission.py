# SPDX-License-Identifier: GPL-3.0-or-later
"""A mission: its brief, its callers, its play state and its outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fmdesk.core.frequency import BAND_MAX_MHZ, BAND_MIN_MHZ, snap

MIN_TIME_LIMIT_S = 30
MAX_TIME_LIMIT_S = 3600
DEFAULT_TIME_LIMIT_S = 300

MissionStatus = Literal["processing", "completed", "failed"]
PlayStateName = Literal["not_started", "on_air", "ended"]


class Caller(BaseModel):
    """A voice on the radio. `voice` is filled in when the caller is cast."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=40)
    role: str = Field(min_length=1, max_length=80)
    personality: str = Field(default="", max_length=300)
    gender: Literal["female", "male", "any"] = "any"
    voice: str | None = None


class Brief(BaseModel):
    """Everything a director writes before the show: the player reads part of it."""

    model_config = ConfigDict(frozen=True)

    title: str = Field(min_length=1, max_length=120)
    brief: str = Field(min_length=1, max_length=1200)
    story: str = Field(min_length=1, max_length=4000)
    task: str = Field(min_length=1, max_length=400)
    frequency_mhz: float
    callers: tuple[Caller, ...] = Field(min_length=1, max_length=6)
    time_limit_s: int = Field(default=DEFAULT_TIME_LIMIT_S)

    @field_validator("frequency_mhz")
    @classmethod
    def _on_band(cls, value: float) -> float:
        if not BAND_MIN_MHZ <= value <= BAND_MAX_MHZ:
            raise ValueError(f"frequency {value} MHz is off the FM band")
        return snap(value)

    @field_validator("time_limit_s")
    @classmethod
    def _sane_limit(cls, value: int) -> int:
        return int(min(MAX_TIME_LIMIT_S, max(MIN_TIME_LIMIT_S, value)))

    @model_validator(mode="after")
    def _distinct_callers(self) -> "Brief":
        names = [c.name.casefold() for c in self.callers]
        if len(set(names)) != len(names):
            raise ValueError("two callers share a name")
        return self

    def caller(self, name: str) -> Caller | None:
        folded = name.casefold()
        return next((c for c in self.callers if c.name.casefold() == folded), None)


Verdict = Literal["good", "bad", "neutral"]


class Decision(BaseModel):
    """One question of the mission and what became of it, for the debrief card."""

    model_config = ConfigDict(frozen=True)

    question: str = Field(max_length=300)
    answer: str = Field(max_length=300)       # what was decided, in words
    by: Literal["player", "caller"] = "player"  # the caller decided when the player did not
    verdict: Verdict = "neutral"
    note: str = Field(default="", max_length=400)  # what it led to


class Outcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    success: bool
    summary: str = Field(min_length=1, max_length=2000)
    # A director that tracks its story says how it ended and each decision;
    # for one that does not, the show lists the questions and answers.
    ending: str = Field(default="", max_length=120)       # the ending's title
    epilogue: str = Field(default="", max_length=600)     # how it ended, after the decisions
    decisions: tuple[Decision, ...] = ()


class Play(BaseModel):
    state: PlayStateName = "not_started"
    started_at: datetime | None = None
    ended_at: datetime | None = None
    outcome: Outcome | None = None


class Mission(BaseModel):
    """A mission document as the engine sees it (store maps it to MongoDB)."""

    id: str
    player_id: str
    callsign: str
    status: MissionStatus
    error: str | None = None
    requested_at: datetime
    completed_at: datetime | None = None
    director: str
    seed: int
    brief: Brief | None = None
    play: Play = Field(default_factory=Play)

    @property
    def resumable(self) -> bool:
        return self.status == "completed" and self.play.state != "ended"

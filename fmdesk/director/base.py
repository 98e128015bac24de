# SPDX-License-Identifier: GPL-3.0-or-later
"""The Director protocol every story writer implements.

A director writes the brief, then, batch after batch, the segments of the
show as an async iterator (so the first line can be aired while the rest is
still being written), reads each answer as it comes (the reading is stored
with it), and at the end judges the outcome.
"""

from __future__ import annotations

from typing import AsyncIterator, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from fmdesk.core.context import DialogueContext
from fmdesk.core.mission import Brief, Outcome
from fmdesk.core.reading import Reading
from fmdesk.core.segments import Begun, Cue, End, Gap, Line

SegmentOut = Line | Gap | Cue | End
# What write_segments yields: the segments, and (from a streaming director)
# the first piece of a line before the line is complete.
Written = SegmentOut | Begun


class BriefRequest(BaseModel):
    callsign: str
    seed: int
    time_limit_s: int | None = Field(default=None, description="overrides the director's choice")


class DirectorError(Exception):
    """A director could not do its job; `message` is fit for a player.

    `retryable`: the same call may work in a moment (rate limit, server
    error, timeout). `lasting`: it will not work this mission (no key, key
    refused), so stop asking this director.
    """

    def __init__(self, message: str, *, retryable: bool = False, lasting: bool = False,
                 retry_after_s: float | None = None, reason: str = ""):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.lasting = lasting
        # The service said when to try again (Gemini's RetryInfo): wait that, not a backoff.
        self.retry_after_s = retry_after_s
        # What went wrong, for `fmdesk doctor`: key, location, quota, unreachable, busy,
        # server, request, model, blocked ("" where nothing more is known).
        self.reason = reason


@runtime_checkable
class Director(Protocol):
    name: str

    async def write_brief(self, request: BriefRequest) -> Brief: ...

    def write_segments(self, context: DialogueContext) -> AsyncIterator[Written]: ...

    async def judge(self, context: DialogueContext) -> Outcome: ...

    async def lines_ahead(self, context: DialogueContext) -> list[Line | Begun]:
        """What the next batch may start with, for the voice to render ahead,
        likeliest first: while the player decides, the caller's reaction to
        each way of answering the open cue (or, where the reaction is only
        written from the answer, the call-ups it may open with, as Begun);
        while the player tunes, the opening line; [] when nothing is known."""
        ...

    async def read_answer(self, context: DialogueContext, text: str) -> Reading | None:
        """How the answer `text` to the open cue (the last turn of `context`,
        a cue or a line the player cut off) is understood, stored on the
        player's turn; None for a director that reads answers as it writes."""
        ...

# SPDX-License-Identifier: GPL-3.0-or-later
"""What a director writes: lines, gaps of radio silence, and cues for the player."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

log = logging.getLogger(__name__)


class Line(BaseModel):
    """A caller says something."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["line"] = "line"
    speaker: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=1, max_length=600)
    # The director's own reference (stored on the turn; not part of what Gemini writes).
    ref: str = Field(default="", max_length=80)


class Gap(BaseModel):
    """Seconds of radio silence (static only)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["gap"] = "gap"
    seconds: float = Field(ge=0.2, le=20.0)


class Cue(BaseModel):
    """A caller waits for the player's answer; `hint` says what is asked."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["cue"] = "cue"
    speaker: str = Field(min_length=1, max_length=40)
    hint: str = Field(default="", max_length=200)
    ref: str = Field(default="", max_length=80)


class End(BaseModel):
    """The story is over (the sign-off was said): the show goes to the debrief
    now instead of airing static until the time limit. Only the offline
    director writes it; it is not part of Gemini's schema."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["end"] = "end"


class Begun(BaseModel):
    """A line still being written: its speaker and its first piece on air
    (core.sentences.settled_first_piece), so the voice can start on it
    before the rest is written. Not aired itself: the whole Line follows.
    Only a streaming director writes it; it is not part of Gemini's schema."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["begun"] = "begun"
    speaker: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=1, max_length=600)


Segment = Annotated[Union[Line, Gap, Cue], Field(discriminator="kind")]
_SEGMENT = TypeAdapter(Segment)


def parse_segment(raw: Any) -> Line | Gap | Cue | None:
    """Validate one raw segment; a malformed one is dropped with a logged reason."""
    try:
        return _SEGMENT.validate_python(raw)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'segment'}: {e['msg']}" for e in exc.errors()
        )
        log.warning("dropped a malformed segment (%s): %.200r", reasons, raw)
        return None

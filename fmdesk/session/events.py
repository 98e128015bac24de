# SPDX-License-Identifier: GPL-3.0-or-later
"""Session events: past-tense facts a front end renders. Defined once, here.

The engine emits them through an `EventBus`; the headless front end prints
them, the window turns them into Qt signals. `--json` prints them as is.
"""

from __future__ import annotations

import logging
from typing import Annotated, Callable, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from fmdesk.core.mission import Decision

log = logging.getLogger(__name__)

TroubleSource = Literal["store", "director", "voice", "hearing", "audio"]


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True)


class CallerCard(_Event):
    name: str
    role: str
    voice: str | None = None


class MissionRequested(_Event):
    kind: Literal["mission_requested"] = "mission_requested"
    mission_id: str
    director: str


class BriefReady(_Event):
    kind: Literal["brief_ready"] = "brief_ready"
    mission_id: str
    title: str
    brief: str
    task: str
    frequency_mhz: float
    callers: tuple[CallerCard, ...]
    time_limit_s: int


class MissionFailed(_Event):
    kind: Literal["mission_failed"] = "mission_failed"
    mission_id: str
    error: str


class Tuned(_Event):
    kind: Literal["tuned"] = "tuned"
    frequency_mhz: float
    strength: float
    locked: bool
    hint: str


class StandingBy(_Event):
    """Locked on; waiting for the mission to be ready."""

    kind: Literal["standing_by"] = "standing_by"
    mission_id: str


class WentOnAir(_Event):
    kind: Literal["on_air"] = "on_air"
    mission_id: str
    title: str
    time_limit_s: int
    elapsed_s: float
    resumed: bool
    real_time: bool = True  # False in virtual time (--fast): the clock jumps with the air


class CallersAnnounced(_Event):
    kind: Literal["callers_announced"] = "callers_announced"
    callers: tuple[CallerCard, ...]


class ClockTicked(_Event):
    """The mission clock, which counts air time: it is held (`running` False)
    until the first line is heard, while a late line renders (stand by) and
    while a transmission is heard again."""

    kind: Literal["clock"] = "clock"
    elapsed_s: float
    remaining_s: float
    running: bool = True


class LineStarted(_Event):
    kind: Literal["line_started"] = "line_started"
    seq: int
    speaker: str
    text: str
    cut_in: bool = False  # TALK now would cut the caller off (barge-in)


class LineFinished(_Event):
    kind: Literal["line_finished"] = "line_finished"
    seq: int
    speaker: str
    text: str
    seconds: float


class LineCut(_Event):
    """The player cut in (barge-in): the caller stopped after `said`."""

    kind: Literal["line_cut"] = "line_cut"
    seq: int
    speaker: str
    text: str      # the whole line as written
    said: str      # the words heard before the cut
    stored: str    # as stored: the words heard and "(player interrupted)"


class GapStarted(_Event):
    kind: Literal["gap"] = "gap"
    seq: int
    seconds: float


class CueOpened(_Event):
    kind: Literal["cue_opened"] = "cue_opened"
    seq: int
    speaker: str
    hint: str
    window_s: float


class AnswerKept(_Event):
    """An answer typed before the caller asked: it answers the next question."""

    kind: Literal["answer_kept"] = "answer_kept"
    text: str


class AgainStarted(_Event):
    """Say again: transmission `seq` is heard again (not a turn)."""

    kind: Literal["again_started"] = "again_started"
    seq: int
    speaker: str
    text: str


class AgainEnded(_Event):
    kind: Literal["again_ended"] = "again_ended"
    seq: int


class TalkPressed(_Event):
    """TALK went down at a cue: the window stopped counting."""

    kind: Literal["talk_pressed"] = "talk_pressed"
    seq: int
    recording: bool = False  # the microphone records until TALK comes up


class MicLevel(_Event):
    """The microphone's level while TALK is held (about 20 a second)."""

    kind: Literal["mic_level"] = "mic_level"
    level: float   # 0..1 on a dB scale (-60 dBFS .. 0 dBFS)
    held_s: float


class TalkWarning(_Event):
    """TALK has been held long: the answer is taken at the cap."""

    kind: Literal["talk_warning"] = "talk_warning"
    held_s: float
    cap_s: float
    message: str


class VoiceHeard(_Event):
    """What the hearing path made of a recording ('' when the gate heard no voice)."""

    kind: Literal["voice_heard"] = "voice_heard"
    seq: int
    text: str
    speech: bool
    audio_s: float
    ms: float


class PlayerHeard(_Event):
    kind: Literal["player_heard"] = "player_heard"
    seq: int
    text: str
    silent: bool
    source: str


class Trouble(_Event):
    """Something outside failed; `retrying` says whether the engine is on it."""

    kind: Literal["trouble"] = "trouble"
    source: TroubleSource
    message: str
    retrying: bool


class TroubleCleared(_Event):
    kind: Literal["trouble_cleared"] = "trouble_cleared"
    source: TroubleSource
    message: str


class SessionPaused(_Event):
    kind: Literal["paused"] = "paused"
    mission_id: str
    reason: str


class MissionEnded(_Event):
    kind: Literal["mission_ended"] = "mission_ended"
    mission_id: str
    success: bool
    summary: str
    ending: str = ""
    epilogue: str = ""
    decisions: tuple[Decision, ...] = ()
    air_s: float = 0.0  # time on air


Event = Annotated[
    Union[
        MissionRequested, BriefReady, MissionFailed, Tuned, StandingBy, WentOnAir,
        CallersAnnounced, ClockTicked, LineStarted, LineFinished, LineCut, GapStarted, CueOpened,
        AnswerKept, AgainStarted, AgainEnded, TalkPressed, MicLevel, TalkWarning, VoiceHeard, PlayerHeard, Trouble, TroubleCleared, SessionPaused, MissionEnded,
    ],
    Field(discriminator="kind"),
]
EVENT = TypeAdapter(Event)

Listener = Callable[[BaseModel], None]


class EventBus:
    """Delivers each event to every listener, on the loop, in order."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def emit(self, event: BaseModel) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken front end must not stop the show
                log.exception("an event listener failed on %s", type(event).__name__)

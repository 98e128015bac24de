# SPDX-License-Identifier: GPL-3.0-or-later
"""The show's states and every transition between them: one table, no I/O.

Modelled on h11's `_state.py`: everything that decides a transition lives in
this file, and this file knows nothing of loops, devices, databases or
models. `step(state, input)` returns the new state and the effects to run;
the owner (`session/show.py`) runs them. Front-end commands that make no
sense in a state (TALK pressed during radio silence) are *ignored* and said
to be; happenings that cannot occur in a state (an answer heard while a
caller speaks) raise `ShowError`: an impossible input is a loud bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Callable, Union


class Phase(str, Enum):
    OFF_AIR = "off_air"      # not on air yet
    AIRING = "airing"        # on air, nobody speaking (a gap, the director writing)
    SPEAKING = "speaking"    # a caller speaks: TALK cuts in (with barge-in on)
    CUE = "cue"              # a caller waits for the player; the answer window counts
    HELD = "held"            # TALK is down with no recording (typing): the window stopped
    RECORDING = "recording"  # TALK is down and the microphone records
    HEARING = "hearing"      # the recording is being heard
    REPLAYING = "replaying"  # a caller waits, and a transmission is heard again: the window stopped
    ENDED = "ended"


WAITING = frozenset({Phase.CUE, Phase.HELD, Phase.RECORDING, Phase.HEARING, Phase.REPLAYING})


class ShowError(RuntimeError):
    """An input the table does not allow in this state: a bug in the shell."""


@dataclass(frozen=True)
class ShowState:
    phase: Phase = Phase.OFF_AIR
    seq: int | None = None   # the line on air, or the turn the open cue answers
    barge_in: bool = True    # TALK while a caller speaks cuts them off
    mic: bool = False        # a working microphone records while TALK is down
    ahead: str | None = None  # an answer typed before the caller asked: it answers the next cue

    @property
    def cue_open(self) -> bool:
        return self.phase in WAITING

    @property
    def can_cut_in(self) -> bool:
        return self.phase is Phase.SPEAKING and self.barge_in


# -- inputs: commands from the player ---------------------------------------------


@dataclass(frozen=True)
class TalkDown:
    pass


@dataclass(frozen=True)
class TalkUp:
    pass


@dataclass(frozen=True)
class Typed:
    text: str


@dataclass(frozen=True)
class Skip:
    pass


@dataclass(frozen=True)
class Typing:
    """The player started typing an answer: like holding TALK, the window stops."""


@dataclass(frozen=True)
class Again:
    """Hear transmission `seq` again (say again). Not a turn: the story does not move."""

    seq: int


@dataclass(frozen=True)
class Recorded:
    """A recording handed in whole as the answer (a WAV file, a test's samples)."""

    samples: Any = field(compare=False, repr=False)  # float32 mono
    rate: int = 16000


# -- inputs: what happened on air -------------------------------------------------


@dataclass(frozen=True)
class WentOn:
    pass


@dataclass(frozen=True)
class LineOn:
    seq: int


@dataclass(frozen=True)
class LineOff:
    seq: int


@dataclass(frozen=True)
class CueReached:
    seq: int


@dataclass(frozen=True)
class Lapsed:
    """The deadline of the open cue passed (the window, or the held limit)."""


@dataclass(frozen=True)
class Heard:
    text: str          # "" when the gate heard no voice
    seconds: float


@dataclass(frozen=True)
class NotHeard:
    """Hearing failed (no model, the model broke): the cue stays open."""


@dataclass(frozen=True)
class AgainDone:
    """The transmission heard again is over."""


@dataclass(frozen=True)
class MicLost:
    pass


@dataclass(frozen=True)
class MicBack:
    pass


@dataclass(frozen=True)
class WentOff:
    pass


Command = Union[TalkDown, TalkUp, Typed, Skip, Recorded, Typing, Again]
Happening = Union[WentOn, LineOn, LineOff, CueReached, Lapsed, Heard, NotHeard, AgainDone, MicLost,
                  MicBack, WentOff]
Input = Union[Command, Happening]
COMMANDS = (TalkDown, TalkUp, Typed, Skip, Recorded, Typing, Again)


# -- effects: what the owner does ---------------------------------------------------


@dataclass(frozen=True)
class CutLine:
    """Stop the line on air now; the cut becomes the open cue `seq`."""

    seq: int


@dataclass(frozen=True)
class Deadline:
    """From now, the open cue lapses after `kind`'s time ("window" or "held"); None: no deadline."""

    kind: str | None


@dataclass(frozen=True)
class Pressed:
    """TALK went down at the cue: the window stopped (told as TalkPressed)."""

    seq: int
    recording: bool


@dataclass(frozen=True)
class StartRecording:
    pass


@dataclass(frozen=True)
class StopRecording:
    hear: bool  # True: hear what was said; False: throw it away


@dataclass(frozen=True)
class Hear:
    """Hear a recording handed in whole (`Recorded`)."""

    samples: Any = field(compare=False, repr=False)
    rate: int = 16000


@dataclass(frozen=True)
class StopHearing:
    pass


@dataclass(frozen=True)
class Answer:
    """The open cue is answered; "" is silence."""

    seq: int
    text: str
    source: str  # typed, voice, timeout, skip
    audio_seconds: float | None = None


@dataclass(frozen=True)
class PlayAgain:
    """Play transmission `seq` again (the caller's cue stays open, its window stopped)."""

    seq: int


@dataclass(frozen=True)
class StopAgain:
    """Stop the transmission being heard again."""


@dataclass(frozen=True)
class Reopen:
    """The heard-again transmission is over: the caller waits again, with a fresh window."""

    seq: int


@dataclass(frozen=True)
class Kept:
    """An answer typed before the caller asked: kept for the next cue."""

    text: str


Effect = Union[CutLine, Deadline, Pressed, StartRecording, StopRecording, Hear, StopHearing, Answer,
               PlayAgain, StopAgain, Reopen, Kept]


@dataclass(frozen=True)
class Step:
    state: ShowState
    effects: tuple[Effect, ...] = ()
    accepted: bool = True  # False: a command that does nothing in this state


Rule = Callable[[ShowState, Input], Step]


def _to(phase: Phase, *effects: Effect, seq: int | None = -1) -> Rule:
    def rule(state: ShowState, _input: Input) -> Step:
        return Step(replace(state, phase=phase, seq=state.seq if seq == -1 else seq), effects)
    return rule


def _answer(source: str, *before: Effect, text: str | None = None) -> Rule:
    def rule(state: ShowState, got: Input) -> Step:
        said = text if text is not None else got.text.strip()  # type: ignore[union-attr]
        return Step(replace(state, phase=Phase.AIRING, seq=None, ahead=None),
                    (*before, Deadline(None), Answer(state.seq, said, source)))
    return rule


def _talk_at_cue(state: ShowState, _input: Input) -> Step:
    if state.mic:
        return Step(replace(state, phase=Phase.RECORDING),
                    (Deadline("held"), Pressed(state.seq, True), StartRecording()))
    return Step(replace(state, phase=Phase.HELD), (Deadline("held"), Pressed(state.seq, False)))


def _cut_in(state: ShowState, got: Input) -> Step:
    if not state.barge_in:
        return Step(state, accepted=False)
    # What the player says now answers; an answer typed ahead is dropped.
    cut = _talk_at_cue(replace(state, phase=Phase.CUE, ahead=None), got)
    return replace(cut, effects=(CutLine(state.seq), *cut.effects))


def _cue_reached(state: ShowState, got: CueReached) -> Step:
    if state.ahead:
        # Typed while the caller was still talking: it answers now.
        return Step(replace(state, phase=Phase.AIRING, seq=None, ahead=None),
                    (Answer(got.seq, state.ahead, "typed"),))
    return Step(replace(state, phase=Phase.CUE, seq=got.seq), (Deadline("window"),))


def _typed_ahead(state: ShowState, got: Typed) -> Step:
    text = got.text.strip()
    if not text:
        return Step(state, accepted=False)
    return Step(replace(state, ahead=text), (Kept(text),))


def _typing(state: ShowState, _input: Input) -> Step:
    return Step(replace(state, phase=Phase.HELD), (Deadline("held"), Pressed(state.seq, False)))


def _again(state: ShowState, got: Again) -> Step:
    stop: tuple[Effect, ...] = (StopAgain(),) if state.phase is Phase.REPLAYING else ()
    return Step(replace(state, phase=Phase.REPLAYING), (*stop, Deadline(None), PlayAgain(got.seq)))


def _again_done(state: ShowState, _input: Input) -> Step:
    return Step(replace(state, phase=Phase.CUE), (Deadline("window"), Reopen(state.seq)))


def _heard(state: ShowState, got: Heard) -> Step:
    # Blank or noise is heard as "": silence, as the seed says.
    return Step(replace(state, phase=Phase.AIRING, seq=None),
                (Deadline(None), Answer(state.seq, got.text, "voice", got.seconds)))


def _recorded(state: ShowState, got: Recorded) -> Step:
    hear = Hear(got.samples, got.rate)
    effects: tuple[Effect, ...] = {
        Phase.CUE: (Deadline("held"), Pressed(state.seq, False), hear),
        Phase.RECORDING: (StopRecording(hear=False), hear),
    }.get(state.phase, (hear,))
    return Step(replace(state, phase=Phase.HEARING), effects)


def _mic(available: bool) -> Rule:
    def rule(state: ShowState, _input: Input) -> Step:
        if not available and state.phase is Phase.RECORDING:
            return Step(replace(state, phase=Phase.HELD, mic=False), (StopRecording(hear=False),))
        return Step(replace(state, mic=available))
    return rule


def _with(first: Effect, step_: Step) -> Step:
    return replace(step_, effects=(first, *step_.effects))


def _ignored(state: ShowState, _input: Input) -> Step:
    return Step(state, accepted=False)


def _same(state: ShowState, _input: Input) -> Step:
    return Step(state)


P = Phase
TRANSITIONS: dict[tuple[Phase, type], Rule] = {
    (P.OFF_AIR, WentOn): _to(P.AIRING),
    (P.AIRING, LineOn): lambda s, i: Step(replace(s, phase=P.SPEAKING, seq=i.seq)),
    (P.SPEAKING, LineOff): _to(P.AIRING, seq=None),
    (P.AIRING, CueReached): _cue_reached,
    (P.AIRING, Typed): _typed_ahead,
    (P.SPEAKING, Typed): _typed_ahead,
    (P.CUE, Typing): _typing,
    (P.CUE, Again): _again,
    (P.HELD, Again): _again,
    (P.REPLAYING, Again): _again,
    (P.REPLAYING, AgainDone): _again_done,
    (P.REPLAYING, TalkDown): lambda s, i: _with(StopAgain(), _talk_at_cue(s, i)),
    (P.REPLAYING, Typed): _answer("typed", StopAgain()),
    (P.REPLAYING, Skip): _answer("skip", StopAgain(), text=""),
    (P.REPLAYING, Recorded): lambda s, i: _with(StopAgain(), _recorded(replace(s, phase=P.CUE), i)),
    (P.SPEAKING, TalkDown): _cut_in,
    (P.CUE, TalkDown): _talk_at_cue,
    (P.CUE, Typed): _answer("typed"),
    (P.CUE, Skip): _answer("skip", text=""),
    (P.CUE, Lapsed): _answer("timeout", text=""),
    (P.CUE, Recorded): _recorded,
    (P.HELD, Typed): _answer("typed"),
    (P.HELD, Skip): _answer("skip", text=""),
    (P.HELD, Lapsed): _answer("timeout", text=""),
    (P.HELD, Recorded): _recorded,
    (P.HELD, TalkDown): lambda s, i: _talk_at_cue(s, i) if s.mic else _ignored(s, i),
    (P.RECORDING, TalkUp): _to(P.HEARING, StopRecording(hear=True)),
    (P.RECORDING, Typed): _answer("typed", StopRecording(hear=False)),
    (P.RECORDING, Skip): _answer("skip", StopRecording(hear=False), text=""),
    (P.RECORDING, Lapsed): _answer("timeout", StopRecording(hear=False), text=""),
    (P.RECORDING, Recorded): _recorded,
    (P.HEARING, Heard): _heard,
    (P.HEARING, NotHeard): _to(P.HELD),
    (P.HEARING, Typed): _answer("typed", StopHearing()),
    (P.HEARING, Skip): _answer("skip", StopHearing(), text=""),
    (P.HEARING, Lapsed): _answer("timeout", StopHearing(), text=""),
}
# The microphone comes and goes in any state; the show ends between turns.
for _phase in Phase:
    TRANSITIONS[(_phase, MicLost)] = _mic(False)
    TRANSITIONS[(_phase, MicBack)] = _mic(True)
for _phase in (P.AIRING, P.OFF_AIR):
    TRANSITIONS[(_phase, WentOff)] = lambda s, i: Step(replace(s, phase=P.ENDED, seq=None, ahead=None))
TRANSITIONS[(P.ENDED, WentOff)] = _same


def step(state: ShowState, got: Input) -> Step:
    """Apply one input. Commands the state has no use for are ignored
    (`accepted=False`); any other input the table lacks is a ShowError."""
    rule = TRANSITIONS.get((state.phase, type(got)))
    if rule is not None:
        return rule(state, got)
    if isinstance(got, COMMANDS):
        return _ignored(state, got)
    raise ShowError(f"{type(got).__name__} cannot happen while the show is {state.phase.value}")


def accepts(state: ShowState, command: Command) -> bool:
    """Would this command do something now? (No effects are run.)"""
    return step(state, command).accepted

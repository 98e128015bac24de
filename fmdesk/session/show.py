# SPDX-License-Identifier: GPL-3.0-or-later
"""One mission on air, and the only owner of its state.

Every input, a player's command or a happening on air, goes through `send`,
which applies the table of `session/state.py` and runs the effects it
returns. `send` is the one inbox: an input sent while a transition is being
applied (an event listener that answers at once) waits in the inbox until
that transition is done, so nothing re-enters a transition.

`run()` airs the show: batches from the director, each line handed to the
air as soon as it is written, every turn journaled before the next batch is
written, then the debrief.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from fmdesk.audio.mic import HEARING_RATE
from fmdesk.core.context import DialogueContext
from fmdesk.core.debrief import with_decisions
from fmdesk.core.mission import Brief, Mission, Outcome
from fmdesk.core.segments import Begun, Cue, End, Gap, Line
from fmdesk.core.timing import speaking_seconds
from fmdesk.core.turns import PLAYER, SILENCE_TEXT, Turn, interrupted_text
from fmdesk.director.base import DirectorError, SegmentOut
from fmdesk.session import state as st
from fmdesk.session.air import Air
from fmdesk.session.answers import Answers
from fmdesk.session.clock import Clock
from fmdesk.session.stopping import stop_task
from fmdesk.session.directing import Directing
from fmdesk.session.events import (
    AgainEnded, AgainStarted, AnswerKept, CallerCard, CallersAnnounced, ClockTicked, CueOpened, EventBus, GapStarted, LineCut, LineFinished,
    LineStarted, MissionEnded, PlayerHeard, SessionPaused, TalkPressed, Trouble, WentOnAir,
)
from fmdesk.session.journal import Journal, with_store_retry
from fmdesk.session.talk import PushToTalk

log = logging.getLogger(__name__)

# Once TALK is down the window stops; the answer must still come within this.
HELD_ANSWER_LIMIT_S = 60.0


@dataclass(frozen=True)
class ShowParts:
    """What a show runs on, handed over by the session."""

    store: object
    air: Air
    clock: Clock
    events: EventBus
    directing: Directing
    answers: Answers
    talk: PushToTalk | None
    answer_window_s: float
    barge_in: bool
    spill_dir: Path | None = None  # where turns the database will not take are kept


class Show:
    def __init__(self, parts: ShowParts, mission: Mission, turns: list[Turn]):
        self.parts = parts
        self.mission = mission
        self.brief: Brief = mission.brief
        self.turns = list(turns)
        self.journal = Journal(parts.store, mission.id, parts.events, spill_dir=parts.spill_dir)
        self.base_elapsed = self.turns[-1].ends_at if self.turns else 0.0
        self.first_seq = self.next_seq  # lines from here on air in this run (their sound is kept)
        # The director ended the story (End): the show goes to the debrief.
        self.story_over = False
        self.started = parts.clock.now()
        # The mission clock counts air time: held until the first line is
        # heard, while a line is late (rendering) and while one is heard again.
        self._held_at: float | None = self.started
        self._held_total = 0.0
        self._again: asyncio.Task | None = None
        self.state = st.ShowState(barge_in=parts.barge_in, mic=parts.talk is not None)
        # The show's loop: inputs may arrive from Qt's handlers outside a running loop.
        self._loop = asyncio.get_running_loop()
        self._inbox: deque[st.Input] = deque()
        self._applying = False
        self._deadline: asyncio.TimerHandle | None = None
        self._answered: asyncio.Future[st.Answer] | None = None
        self._line: Line | None = None                 # the line on air
        self._line_over: asyncio.Future[None] | None = None
        self._cut: tuple[int, str] | None = None       # (seq, words heard) of a line cut off
        self._hearing: asyncio.Task | None = None
        self._batch: _Batch | None = None              # the batch on air

    # -- the one inbox ------------------------------------------------------------

    def send(self, got: st.Input) -> bool:
        """Apply an input now, or after the transition being applied.
        True when the input did something (a command can be ignored)."""
        if self._applying:
            self._inbox.append(got)
            return not isinstance(got, st.COMMANDS) or st.accepts(self.state, got)
        self._applying = True
        try:
            accepted = self._apply(got)
            while self._inbox:
                self._apply(self._inbox.popleft())
        finally:
            self._applying = False
        return accepted

    def _apply(self, got: st.Input) -> bool:
        before = self.state
        step = st.step(before, got)
        self.state = step.state
        if self.state.cue_open and not before.cue_open:
            self._answered = self._loop.create_future()
        for effect in step.effects:
            self._run(effect)
        return step.accepted

    def _run(self, effect: st.Effect) -> None:
        events = self.parts.events
        if isinstance(effect, st.CutLine):
            line = self._line
            said = self.parts.air.interrupt()  # the caller stops now
            self._cut = (effect.seq, said)
            if self._line_over is not None and not self._line_over.done():
                self._line_over.set_result(None)
            events.emit(LineCut(seq=effect.seq, speaker=line.speaker, text=line.text, said=said,
                                stored=interrupted_text(said)))
            events.emit(CueOpened(seq=effect.seq, speaker=line.speaker, hint="",
                                  window_s=self.parts.answer_window_s))
        elif isinstance(effect, st.Deadline):
            self._set_deadline(effect.kind)
        elif isinstance(effect, st.Pressed):
            events.emit(TalkPressed(seq=effect.seq, recording=effect.recording))
        elif isinstance(effect, st.StartRecording):
            self.parts.talk.start()
        elif isinstance(effect, st.StopRecording):
            if effect.hear:
                self._hear(self.parts.talk.stop(), HEARING_RATE)
            else:
                self.parts.talk.drop()
        elif isinstance(effect, st.Hear):
            handed = self._loop.create_future()  # a recording handed in whole: here already
            handed.set_result(effect.samples)
            self._hear(handed, effect.rate)
        elif isinstance(effect, st.StopHearing):
            if self._hearing is not None:
                self._hearing.cancel()
        elif isinstance(effect, st.Answer):
            if self._answered is None or self._answered.done():
                self._answered = self._loop.create_future()  # answered as it opened (typed ahead)
            self._answered.set_result(effect)
        elif isinstance(effect, st.Kept):
            events.emit(AnswerKept(text=effect.text))
        elif isinstance(effect, st.PlayAgain):
            self._play_again(effect.seq)
        elif isinstance(effect, st.StopAgain):
            self._stop_again()
        elif isinstance(effect, st.Reopen):
            cue = self._open_cue()
            events.emit(CueOpened(seq=effect.seq, speaker=(cue.speaker or "") if cue else "",
                                  hint=cue.text if cue is not None and cue.kind == "cue" else "",
                                  window_s=self.parts.answer_window_s))
        else:  # pragma: no cover - the table returns no other effect
            raise st.ShowError(f"no way to run {effect!r}")

    def transmission(self, seq: int | None = None) -> Turn | None:
        """A line aired in this run by seq (None: the last one), for say again.
        Lines from before a pause are in the transcript, but not their sound."""
        for turn in reversed(self.turns):
            if turn.seq < self.first_seq:
                break
            if turn.kind in ("line", "interrupt") and turn.speaker and (seq is None or turn.seq == seq):
                return turn
        return None

    def _open_cue(self) -> Turn | None:
        return next((t for t in reversed(self.turns) if t.seq == self.state.seq), None)

    def _play_again(self, seq: int) -> None:
        turn = self.transmission(seq)
        self.parts.events.emit(AgainStarted(seq=seq, speaker=turn.speaker if turn else "",
                                            text=turn.text if turn else ""))
        self._hold()

        async def again() -> None:
            await self.parts.air.again(seq)
            self._again = None
            self._release()
            self.parts.events.emit(AgainEnded(seq=seq))
            self.send(st.AgainDone())

        self._again = self._loop.create_task(again())

    def _stop_again(self) -> None:
        task, self._again = self._again, None
        if task is None:
            return
        self.parts.air.interrupt()
        task.cancel()
        self._release()
        self.parts.events.emit(AgainEnded(seq=-1))

    def _set_deadline(self, kind: str | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        if kind is not None:
            seconds = self.parts.answer_window_s if kind == "window" else HELD_ANSWER_LIMIT_S
            self._deadline = self._loop.call_later(seconds, self._lapse)

    def _lapse(self) -> None:
        self._deadline = None
        self.send(st.Lapsed())

    def _hear(self, recording, rate: int) -> None:
        seq = self.state.seq

        async def hear() -> bool:
            samples = await recording
            result = await self.parts.answers.hear(seq, samples, rate)
            self._hearing = None
            self.send(result)
            return isinstance(result, st.Heard)

        self._hearing = self._loop.create_task(hear())

    async def hearing_done(self) -> bool:
        """Wait for the recording being heard; True when it became the answer."""
        task = self._hearing
        if task is None:
            return False
        await asyncio.wait({task})
        return not task.cancelled() and task.exception() is None and task.result()

    # -- the clock ------------------------------------------------------------------

    @property
    def elapsed(self) -> float:
        now = self.parts.clock.now()
        held = self._held_total + (now - self._held_at if self._held_at is not None else 0.0)
        return self.base_elapsed + (now - self.started) - held

    def _hold(self) -> None:
        if self._held_at is None:
            self._held_at = self.parts.clock.now()
            self.tick()

    def _release(self) -> None:
        if self._held_at is not None:
            self._held_total += self.parts.clock.now() - self._held_at
            self._held_at = None
            self.tick()

    @property
    def time_up(self) -> bool:
        return self.elapsed >= self.brief.time_limit_s

    @property
    def next_seq(self) -> int:
        return self.turns[-1].seq + 1 if self.turns else 0

    def context(self) -> DialogueContext:
        return DialogueContext(brief=self.brief, callsign=self.mission.callsign,
                               seed=self.mission.seed, turns=tuple(self.turns),
                               elapsed_s=self.elapsed)

    def context_after(self, ahead: list[Line | Gap | Cue]) -> DialogueContext:
        """The context as it will be once `ahead` (lines and pauses still to
        air, then the cue they lead to) has aired, each taking its usual
        time: what the caller's reactions to that cue are written from."""
        turns, t, at = list(self.turns), self.elapsed, datetime.now(timezone.utc)
        for segment in ahead:
            seq = turns[-1].seq + 1 if turns else 0
            if isinstance(segment, Line):
                turn = Turn(seq=seq, kind="line", speaker=segment.speaker, text=segment.text, t=round(t, 3),
                            seconds=round(speaking_seconds(segment.text), 3), at=at, ref=segment.ref or None)
            elif isinstance(segment, Gap):
                turn = Turn(seq=seq, kind="gap", t=round(t, 3), seconds=round(segment.seconds, 3), at=at)
            else:
                turn = Turn(seq=seq, kind="cue", speaker=segment.speaker, text=segment.hint, t=round(t, 3), at=at,
                            ref=segment.ref or None)
            turns.append(turn)
            t = turn.ends_at
        return DialogueContext(brief=self.brief, callsign=self.mission.callsign, seed=self.mission.seed,
                               turns=tuple(turns), elapsed_s=t)

    def record(self, kind: str, *, speaker: str | None = None, text: str = "",
               t: float, seconds: float = 0.0, **extra) -> Turn:
        turn = Turn(seq=self.next_seq, kind=kind, speaker=speaker, text=text, t=round(t, 3),
                    seconds=round(seconds, 3), at=datetime.now(timezone.utc), **extra)
        self.turns.append(turn)
        self.journal.add(turn)
        return turn

    def complete(self, airing: Turn, **changes) -> Turn:
        """The final form of a turn stored as it started on air."""
        if "seconds" in changes:
            changes["seconds"] = round(changes["seconds"], 3)
        final = airing.model_copy(update={**changes, "airing": False})
        index = next(i for i in range(len(self.turns) - 1, -1, -1) if self.turns[i].seq == airing.seq)
        self.turns[index] = final
        self.journal.complete(final)
        return final

    # -- on air ---------------------------------------------------------------------

    async def run(self) -> Outcome:
        p, events = self.parts, self.parts.events
        await with_store_retry(events, "going on air", lambda: p.store.go_on_air(self.mission.id))
        p.air.on_air()
        events.emit(WentOnAir(mission_id=self.mission.id, title=self.brief.title,
                              time_limit_s=self.brief.time_limit_s, elapsed_s=round(self.elapsed, 2),
                              resumed=bool(self.turns), real_time=p.clock.real_time))
        events.emit(CallersAnnounced(callers=cards(self.brief)))
        self.send(st.WentOn())
        try:
            if self.turns and self.turns[-1].kind == "cue":
                # Stopped while a caller waited: the caller is still waiting.
                last = self.turns[-1]
                await self.cue(Cue(speaker=last.speaker or self.brief.callers[0].name,
                                    hint=last.text, ref=last.ref or ""), reopened=last.seq)
            while not self.time_up and not self.story_over:
                await self.journal.flush()  # everything stored before the next batch
                if not await self._air_batch() and not self.story_over:
                    self._release()  # on air with nothing to say: static, and the clock runs
                    await p.air.silence(2.0)  # nothing written: static, then ask again
            await self.journal.flush()
            outcome = await self._judge()
        except asyncio.CancelledError:
            # Ctrl-C or window closed: keep what was said (within a second;
            # what the database does not take goes to the spill file), stay resumable.
            await asyncio.shield(self.journal.settle())
            events.emit(SessionPaused(mission_id=self.mission.id,
                                      reason="Mission paused; it can be resumed."))
            raise
        finally:
            self._set_deadline(None)
            if self._hearing is not None:
                self._hearing.cancel()
            if self._again is not None:
                self._again.cancel()
        self.send(st.WentOff())
        outcome = with_decisions(outcome, self.turns)
        await with_store_retry(events, "saving the debrief",
                               lambda: p.store.end_mission(self.mission.id, outcome))
        events.emit(MissionEnded(mission_id=self.mission.id, success=outcome.success,
                                 summary=outcome.summary, ending=outcome.ending, epilogue=outcome.epilogue,
                                 decisions=outcome.decisions,
                                 air_s=round(min(self.elapsed, self.brief.time_limit_s), 1)))
        return outcome

    async def _air_batch(self) -> int:
        """Air one batch of segments, up to and including its cue; how many aired."""
        batch = self._batch = _Batch(self)
        try:
            return await batch.run()
        finally:
            self._batch = None
            await batch.close()

    def fits(self, segment: SegmentOut) -> bool:
        if isinstance(segment, (Line, Cue)) and self.brief.caller(segment.speaker) is None:
            log.warning("dropped a segment from '%s', who is not a caller of this mission",
                        segment.speaker)
            return False
        return True

    def tick(self) -> None:
        self.parts.events.emit(ClockTicked(elapsed_s=round(self.elapsed, 2),
                                           remaining_s=round(self.brief.time_limit_s - self.elapsed, 2),
                                           running=self._held_at is None))

    async def line(self, line: Line) -> bool:
        """Air a line; True when the player cut the caller off."""
        p = self.parts
        seq, started = self.next_seq, self.elapsed
        over = self._line_over = asyncio.get_running_loop().create_future()
        self._line = line
        on_air: list[Turn] = []

        def began() -> None:
            # Told when the first sample is heard (a sound device), not when
            # asked; stored at once, so a kill loses at most this line.
            nonlocal started
            self._release()
            started = self.elapsed
            p.events.emit(LineStarted(seq=seq, speaker=line.speaker, text=line.text,
                                      cut_in=self.state.can_cut_in))
            on_air.append(self.record("line", speaker=line.speaker, text=line.text, t=started,
                                      seconds=speaking_seconds(line.text), airing=True,
                                      ref=line.ref or None))
            self.journal.flush_soon()

        self._hold()  # a line late from the voice is not air time (stand by)
        speaking = asyncio.ensure_future(p.air.speak(seq, line, began))
        speaking.add_done_callback(lambda _: over.done() or over.set_result(None))
        self.send(st.LineOn(seq))
        try:
            await over
        except asyncio.CancelledError:
            speaking.cancel()
            raise
        finally:
            self._line_over = None
        cut, self._cut = self._cut, None
        if cut is None:
            self.send(st.LineOff(seq))
            self._line = None
            seconds = speaking.result()
            if on_air:
                self.complete(on_air[0], seconds=seconds)
            else:
                self.record("line", speaker=line.speaker, text=line.text, t=started, seconds=seconds,
                            ref=line.ref or None)
            p.events.emit(LineFinished(seq=seq, speaker=line.speaker, text=line.text, seconds=round(seconds, 2)))
            return False
        await stop_task(speaking)
        if self._batch is not None:
            # The rest of this batch will not air (the next is written from
            # what the player says): its lines stop rendering now, and the
            # voice renders the caller's reactions to being cut off instead.
            await self._batch.close()
        self._release()  # cut before it was heard
        self._line = None
        cut_at = self.elapsed
        cut_off = dict(kind="interrupt", text=interrupted_text(cut[1]), seconds=max(0.0, cut_at - started))
        if on_air:
            self.complete(on_air[0], **cut_off)
        else:
            self.record(speaker=line.speaker, t=started, ref=line.ref or None, **cut_off)
        await self.rehearse_reactions()
        await self._take_answer(cut_at)
        return True

    async def gap(self, gap: Gap) -> None:
        self._release()
        seconds = min(gap.seconds, max(0.0, self.brief.time_limit_s - self.elapsed))
        self.parts.events.emit(GapStarted(seq=self.next_seq, seconds=round(seconds, 2)))
        # Its length is known: stored as it starts.
        self.record("gap", t=self.elapsed, seconds=seconds)
        self.journal.flush_soon()
        await self.parts.air.silence(seconds)

    async def cue(self, cue: Cue, *, reopened: int | None = None) -> None:
        self._release()
        if reopened is None:
            seq = self.record("cue", speaker=cue.speaker, text=cue.hint, t=self.elapsed,
                              ref=cue.ref or None).seq
            await self.journal.flush()  # the cue is stored before the player is asked
        else:
            seq = reopened
        self.send(st.CueReached(seq))
        if self.state.cue_open:  # else an answer typed ahead took it at once
            self.parts.events.emit(CueOpened(seq=seq, speaker=cue.speaker, hint=cue.hint,
                                             window_s=self.parts.answer_window_s))
            await self.rehearse_reactions()
        await self._take_answer(self.elapsed)

    async def rehearse_reactions(self, ahead: list[Line | Gap | Cue] | None = None) -> None:
        """While the player decides (or talks over a caller), the caller's
        possible reactions are rendered. With `ahead` (the batch's lines still
        to air and its cue): from as soon as the batch is written, while the
        caller asks; the cue, once open, keeps what was rendered for it."""
        context = self.context() if ahead is None else self.context_after(ahead)
        self.parts.air.rehearse(await self.parts.directing.lines_ahead(context))

    async def _take_answer(self, opened_at: float) -> None:
        """Wait for the open cue's answer (the table decides when it comes) and store it."""
        answered = self._answered
        # In virtual time the player's real wait is added to the mission clock.
        answer = await self.parts.clock.wait_for(asyncio.shield(answered), None)
        self._answered = None
        silent = not answer.text
        text = SILENCE_TEXT if silent else answer.text
        waited = max(0.0, self.elapsed - opened_at)
        await self.parts.air.waited(waited)
        # The director's reading is stored with the answer: what the caller
        # says next and the debrief are both made from it.
        reading = await self.parts.directing.read(self.context(), text)
        turn = self.record("silence" if silent else "player", speaker=PLAYER, text=text, t=opened_at,
                           seconds=waited, source=answer.source, audio_seconds=answer.audio_seconds,
                           reading=reading)
        self.parts.events.emit(PlayerHeard(seq=turn.seq, text=text, silent=silent, source=answer.source))

    async def _judge(self) -> Outcome:
        context = self.context()
        try:
            return await self.parts.directing.judge(context, asyncio.sleep)
        except DirectorError as exc:
            self.parts.events.emit(Trouble(source="director", message=exc.message, retrying=False))
        answers = context.answers()
        spoke = sum(1 for a in answers if a.kind == "player")
        return Outcome(success=False, summary=(
            f"The director could not judge this mission. You answered {spoke} of "
            f"{len(answers)} calls; the transcript is kept for review."))


class _Batch:
    """One batch: the director's segments read ahead of the air.

    A reader task takes segments from the director and hands each line to
    the air to render as soon as it is written; the show airs them in order
    from a queue. A director retry waits with static once the air has caught
    up, so its context holds every line read before the failure."""

    _END = object()

    def __init__(self, show: Show):
        self.show = show
        self.air = show.parts.air
        self.ahead: asyncio.Queue = asyncio.Queue()
        self.prepared: list[Line] = []
        self.written: list[Line | Gap] = []  # read, in order
        self.first_seq = show.next_seq  # this batch's turns are stored from here on
        self.caught_up = asyncio.Event()
        self.segments = show.parts.directing.segments(show.context, self._static)
        self.reader = asyncio.create_task(self._read())

    async def _static(self, seconds: float) -> None:
        await self.caught_up.wait()
        await self.air.silence(seconds)

    async def _read(self) -> None:
        try:
            async for segment in self.segments:
                if isinstance(segment, Begun):  # a line still being written: its voice starts
                    self.air.rehearse([segment])
                    continue
                if isinstance(segment, Line) and self.show.fits(segment):
                    self.air.prepare(segment)
                    self.prepared.append(segment)
                if isinstance(segment, (Line, Gap)):
                    self.written.append(segment)
                self.ahead.put_nowait(segment)
                if isinstance(segment, Cue):
                    # The caller's reactions to it render behind the lines
                    # leading to it, while the caller asks (traced: from the
                    # open cue there was time for five of seven before an
                    # answer). A line is stored as it is first heard: one
                    # starting now is still ahead.
                    stored = sum(t.seq >= self.first_seq and t.kind in ("line", "gap") for t in self.show.turns)
                    await self.show.rehearse_reactions([*self.written[stored:], segment])
                if isinstance(segment, (Cue, End)):
                    break
            self.ahead.put_nowait(self._END)
        except Exception as exc:  # handed to the air loop, which raises it
            self.ahead.put_nowait(exc)

    async def run(self) -> int:
        show, aired = self.show, 0
        while True:
            if self.ahead.empty():
                self.caught_up.set()
            segment = await self.ahead.get()
            self.caught_up.clear()
            if segment is self._END:
                return aired
            if isinstance(segment, Exception):
                raise segment
            if show.time_up:
                return aired
            if not show.fits(segment):
                continue
            show.tick()
            aired += 1
            if isinstance(segment, Line):
                self.prepared.remove(segment)
                if await show.line(segment):
                    return aired  # cut off: the next batch is written from what the player said
            elif isinstance(segment, Gap):
                await show.gap(segment)
            elif isinstance(segment, End):
                show.story_over = True  # the sign-off was said: on to the debrief
                return aired
            else:
                await show.cue(segment)
                return aired  # the next batch is written from the answer

    async def close(self) -> None:
        """Stop reading the director and rendering the lines not aired (again: nothing)."""
        await stop_task(self.reader)
        await self.segments.aclose()
        for line in self.prepared:
            self.air.forget(line)
        self.prepared.clear()



def cards(brief: Brief) -> tuple[CallerCard, ...]:
    return tuple(CallerCard(name=c.name, role=c.role, voice=c.voice) for c in brief.callers)


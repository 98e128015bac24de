# SPDX-License-Identifier: GPL-3.0-or-later
"""The session engine: sign in, request a mission, tune, go on air, debrief.

This is the seed's main loop. It runs headless: front ends subscribe to
`events` and call the command methods (`tune`, `answer`, `press_talk`,
`skip`). Every turn is stored before the next batch is written.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from fmdesk.audio.errors import AudioError
from fmdesk.audio.mic import HEARING_RATE
from fmdesk.core.casting import cast
from fmdesk.core.context import DialogueContext
from fmdesk.core.frequency import Reception, reception
from fmdesk.core.mission import Brief, Mission, Outcome
from fmdesk.core.segments import Cue, Gap, Line
from fmdesk.core.spelling import spelling_prompt
from fmdesk.core.turns import PLAYER, SILENCE_TEXT, Turn, interrupted_text
from fmdesk.director.base import BriefRequest, Director, DirectorError, SegmentOut
from fmdesk.hearing.audio import AudioFileError, read_wav
from fmdesk.session.air import Air, TimedAir
from fmdesk.session.clock import Clock, RealClock
from fmdesk.session.directing import Directing
from fmdesk.session.events import (
    BriefReady, CallerCard, CallersAnnounced, ClockTicked, CueOpened, EventBus, GapStarted, LineCut,
    LineFinished, LineStarted, MicLevel, MissionEnded, MissionFailed, MissionRequested, PlayerHeard,
    SessionPaused, StandingBy, TalkPressed, TalkWarning, Trouble, TroubleCleared, Tuned, VoiceHeard,
    WentOnAir,
)
from fmdesk.session.journal import Journal, with_store_retry

log = logging.getLogger(__name__)

ANSWER_WINDOW_S = 10.0
# Once TALK is down the window stops; the answer must still come within this.
HELD_ANSWER_LIMIT_S = 60.0
# While TALK is held: the level meter's pace, and when the player is warned
# that the answer is taken soon (at 25 s of a 30 s cap).
LEVEL_EVERY_S = 0.05
TALK_WARNING_AT = 25 / 30
# A microphone that failed is tried again this often.
MIC_RETRY_S = 2.0


@dataclass(frozen=True)
class Player:
    id: str
    callsign: str


@dataclass(frozen=True)
class Answer:
    text: str
    source: str  # typed, voice, timeout, skip
    audio_seconds: float | None = None


_END_OF_BATCH = object()


class _OpenCue:
    def __init__(self, seq: int, loop: asyncio.AbstractEventLoop | None = None):
        self.seq = seq
        loop = loop or asyncio.get_running_loop()
        self.pressed: asyncio.Future[None] = loop.create_future()
        self.answered: asyncio.Future[Answer] = loop.create_future()


class _LineOnAir:
    """The line being spoken; `cut` gets the words heard when the player cuts in."""

    def __init__(self, seq: int, line: Line):
        self.seq = seq
        self.line = line
        self.cut: asyncio.Future[str] = asyncio.get_running_loop().create_future()


class Session:
    def __init__(self, store, director: Director, *, clock: Clock | None = None,
                 air: Air | None = None, fallback: Director | None = None,
                 answer_window_s: float = ANSWER_WINDOW_S, poll_interval_s: float = 1.0,
                 director_tries: int = 4, backoff_s: float = 1.0, hearing=None, mic=None,
                 barge_in: bool = True):
        self.store = store
        self.director = director
        self.clock = clock or RealClock()
        self.air = air or TimedAir(self.clock)
        self.answer_window_s = answer_window_s
        self.poll_interval_s = poll_interval_s
        self.events = EventBus()
        if getattr(self.air, "events", False) is None:
            self.air.events = self.events  # the air tells its troubles on the session's bus
        self.directing = Directing(director, fallback, self.events, tries=director_tries,
                                   backoff_s=backoff_s)
        self.hearing = hearing  # fmdesk.hearing.Hearing, or None: typed answers only
        self.mic = mic          # fmdesk.audio.mic.Microphone, or None: no push-to-talk capture
        self.barge_in = barge_in  # TALK while a caller speaks cuts the caller off
        self._mic_trouble = False
        self._cue: _OpenCue | None = None
        self._on_air: _LineOnAir | None = None
        self._talk_watch: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the show's loop, for key presses
        self._brief: Brief | None = None
        self._background: set[asyncio.Task] = set()

    # -- sign in and brief ---------------------------------------------------

    async def sign_in(self, callsign: str) -> Player:
        player_id = await self.store.sign_in(callsign)
        return Player(player_id, callsign)

    async def request_mission(self, player: Player, *, seed: int | None = None,
                              time_limit_s: int | None = None) -> str:
        """Insert the mission as `processing` and write its brief in the background."""
        seed = secrets.randbelow(2**31) if seed is None else seed
        mission_id = await self.store.create_mission(player.id, player.callsign,
                                                     self.director.name, seed)
        self.events.emit(MissionRequested(mission_id=mission_id, director=self.director.name))
        request = BriefRequest(callsign=player.callsign, seed=seed, time_limit_s=time_limit_s)
        task = asyncio.create_task(self._write_brief(mission_id, request))
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return mission_id

    async def _write_brief(self, mission_id: str, request: BriefRequest) -> None:
        try:
            brief, author = await self.directing.brief(request, asyncio.sleep)
        except DirectorError as exc:
            error = exc.message
        except Exception as exc:  # a director bug must still leave a readable state
            log.exception("the %s director failed to write a brief", self.director.name)
            error = f"The {self.director.name} director failed: {exc}"
        else:
            brief = brief.model_copy(update={"callers": cast(brief.callers, self.air.actors())})
            await with_store_retry(self.events, "saving the brief",
                                   lambda: self.store.complete_mission(mission_id, brief, author))
            return
        await with_store_retry(self.events, "recording the failure",
                               lambda: self.store.fail_mission(mission_id, error))

    async def wait_until_ready(self, mission_id: str, *, announce: bool = True) -> Mission:
        """Poll the mission every `poll_interval_s` until it leaves `processing`."""
        while True:
            mission = await with_store_retry(self.events, "checking the mission",
                                             lambda: self.store.mission(mission_id))
            if mission.status != "processing":
                break
            await asyncio.sleep(self.poll_interval_s)
        if mission.status == "failed":
            self.events.emit(MissionFailed(mission_id=mission_id, error=mission.error or "unknown error"))
        elif announce:
            self.events.emit(_brief_ready(mission))
        return mission

    async def callsigns(self) -> list[str]:
        return await self.store.callsigns()

    async def history(self, player: Player, limit: int = 30) -> list[Mission]:
        """The player's missions, newest first."""
        return await self.store.missions(player.id, limit=limit)

    async def transcript(self, mission_id: str) -> tuple[Mission, list[Turn]]:
        return await self.store.mission(mission_id), await self.store.turns(mission_id)

    async def resumable(self, player: Player) -> Mission | None:
        """The player's latest mission that went unfinished, if any."""
        return await with_store_retry(self.events, "looking for your last mission",
                                      lambda: self.store.resumable(player.id))

    # -- tuning ------------------------------------------------------------

    def tune(self, mission: Mission, mhz: float) -> Reception:
        assert mission.brief is not None
        got = reception(mhz, mission.brief.frequency_mhz)
        self.air.tuning(got.strength)
        self.events.emit(Tuned(frequency_mhz=got.tuned_mhz, strength=got.strength,
                               locked=got.locked, hint=got.hint))
        return got

    async def join(self, mission_id: str) -> Mission:
        """Locked on: poll every second until the mission is completed."""
        self.events.emit(StandingBy(mission_id=mission_id))
        return await self.wait_until_ready(mission_id, announce=False)

    # -- player commands ------------------------------------------------------

    @property
    def cue_open(self) -> bool:
        return self._cue is not None and not self._cue.answered.done()

    def press_talk(self) -> bool:
        """TALK went down at a cue: the answer window stops counting."""
        if not self.cue_open or self._cue.pressed.done():
            return False
        self._cue.pressed.set_result(None)
        self.events.emit(TalkPressed(seq=self._cue.seq))
        return True

    @property
    def can_cut_in(self) -> bool:
        """A caller is speaking and TALK would cut them off (barge-in)."""
        return self.barge_in and self._on_air is not None and not self._on_air.cut.done()

    def talk_down(self) -> bool:
        """TALK pressed: at a cue the window stops counting; while a caller
        speaks, the caller is cut off and what the player says is the answer
        (barge-in). The microphone keeps what is said from 300 ms before."""
        if not self.press_talk() and not self._cut_in():
            return False
        if self.mic is not None:
            try:
                self.mic.start_talk()
            except AudioError as exc:
                self._tell_mic(exc.message)
            else:
                loop = self._loop or asyncio.get_running_loop()
                self._talk_watch = loop.create_task(self._watch_talk(self.mic))
        return True

    def _cut_in(self) -> bool:
        if not self.can_cut_in:
            return False
        on_air, line = self._on_air, self._on_air.line
        said = self.air.interrupt()  # the caller stops now
        cue = self._cue = _OpenCue(on_air.seq, self._loop)
        on_air.cut.set_result(said)
        self.events.emit(LineCut(seq=on_air.seq, speaker=line.speaker, text=line.text, said=said,
                                 stored=interrupted_text(said)))
        self.events.emit(CueOpened(seq=cue.seq, speaker=line.speaker, hint="", window_s=self.answer_window_s))
        return self.press_talk()

    async def _watch_talk(self, mic) -> None:
        """While TALK is held: the level meter, a warning at 25 s, the answer taken at 30 s."""
        warned = False
        cap = mic.cap_s
        while mic.talking:
            held = mic.held_seconds()
            self.events.emit(MicLevel(level=round(mic.meter(), 3), held_s=round(held, 2)))
            if held >= TALK_WARNING_AT * cap and not warned:
                warned = True
                self.events.emit(TalkWarning(held_s=round(held, 1), cap_s=cap, message=(
                    f"{max(0.0, cap - held):.0f} seconds left to talk: your answer is taken at {cap:.0f} s.")))
            if held >= cap:
                await self.talk_up()
                return
            await asyncio.sleep(LEVEL_EVERY_S)

    async def talk_up(self) -> bool:
        """TALK released: what the microphone kept is heard and given as the answer."""
        if self.mic is None or not self.mic.talking:
            return False
        samples = self.mic.stop_talk()
        return await self.answer_audio(samples, HEARING_RATE)

    def set_volume(self, volume: float, muted: bool) -> None:
        """The speakers' volume and mute, from now on (a silent radio has none)."""
        setter = getattr(self.air, "set_volume", None)
        if setter is not None:
            setter(volume, muted)

    async def open_mic(self) -> None:
        if self.mic is None:
            return
        try:
            await asyncio.to_thread(self.mic.open)
        except AudioError as exc:
            self._tell_mic(exc.message)

    def _tell_mic(self, message: str) -> None:
        """Told once; then the microphone is tried again every few seconds
        (in a worker) until it opens, and the player is told it is back."""
        if not self._mic_trouble:
            self._mic_trouble = True
            self.events.emit(Trouble(source="audio", message=message, retrying=True))
            loop = self._loop or asyncio.get_running_loop()
            task = loop.create_task(self._reopen_mic())
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def _reopen_mic(self) -> None:
        while True:
            await asyncio.sleep(MIC_RETRY_S)
            try:
                await asyncio.to_thread(self.mic.open)
            except AudioError:
                continue
            self._mic_trouble = False
            self.events.emit(TroubleCleared(source="audio", message="The microphone is back: hold TALK to answer."))
            return

    def answer(self, text: str, *, source: str = "typed", audio_seconds: float | None = None) -> bool:
        """The player's answer to the open cue; blank text is silence."""
        if not self.cue_open:
            return False
        self._cue.answered.set_result(Answer(text.strip(), source, audio_seconds))
        return True

    async def answer_audio(self, samples, rate: int) -> bool:
        """What the player said while TALK was held, heard and given as the answer.

        Blank or noisy audio is silence. When hearing fails, the player is
        told and the cue stays open, so a typed answer (or another try) still
        counts: the turn is never lost."""
        if not self.cue_open:
            return False
        cue = self._cue
        seconds = round(len(samples) / rate, 3) if rate else 0.0
        if self.hearing is None:
            self.events.emit(Trouble(source="hearing", retrying=True, message=(
                "Voice answers are off (no speech model). Type your answer.")))
            return False
        try:
            heard = await self.hearing.hear(samples, rate, spelling_prompt(self._brief))
        except Exception as exc:  # the model failed: never lose the turn
            log.warning("hearing failed: %s", exc)
            self.events.emit(Trouble(source="hearing", retrying=True, message=(
                f"Could not make out your answer ({getattr(exc, 'message', exc)}). "
                "Type it, or hold TALK and say it again.")))
            return False
        self.events.emit(VoiceHeard(seq=cue.seq, text=heard.text, speech=heard.speech,
                               audio_s=heard.audio_s, ms=round(heard.gate_ms + heard.whisper_ms, 1)))
        if cue is not self._cue or cue.answered.done():
            return False  # the window closed while we listened
        cue.answered.set_result(Answer(heard.text, "voice", seconds))
        return True

    async def answer_wav(self, path) -> bool:
        """A recording on disk said as the answer (headless `--answers-dir`)."""
        try:
            samples, rate = await asyncio.to_thread(read_wav, path)
        except AudioFileError as exc:
            self.events.emit(Trouble(source="hearing", retrying=False, message=str(exc)))
            return False
        return await self.answer_audio(samples, rate)

    def skip(self) -> bool:
        """Let the answer window lapse now."""
        if not self.cue_open:
            return False
        self._cue.answered.set_result(Answer("", "skip"))
        return True

    # -- on air -------------------------------------------------------------

    async def play(self, mission_id: str) -> Outcome:
        """Go on air (or resume from the last stored turn) and run to the debrief."""
        mission = await with_store_retry(self.events, "loading the mission",
                                         lambda: self.store.mission(mission_id))
        if mission.brief is None:
            raise DirectorError(f"Mission {mission_id} has no brief ({mission.status}).")
        if mission.play.state == "ended" and mission.play.outcome is not None:
            return mission.play.outcome
        turns = await with_store_retry(self.events, "loading the transcript",
                                       lambda: self.store.turns(mission_id))
        mission = await self._cast(mission)
        self._loop = asyncio.get_running_loop()
        show = _Show(self, mission, turns)
        self._brief = mission.brief
        return await show.run()

    async def _cast(self, mission: Mission) -> Mission:
        """Keep each caller's stored voice; cast those without one (or whose
        voice is gone from this machine), and store the change."""
        callers = cast(mission.brief.callers, self.air.actors())
        if callers != mission.brief.callers:
            await with_store_retry(self.events, "saving the cast",
                                   lambda: self.store.set_callers(mission.id, callers))
            brief = mission.brief.model_copy(update={"callers": callers})
            mission = mission.model_copy(update={"brief": brief})
        self.air.cast(mission.brief.callers)
        await self.air.warm()
        await self.open_mic()
        return mission

    async def close(self) -> None:
        if self._talk_watch is not None:
            self._talk_watch.cancel()
        await self.air.close()
        if self.mic is not None:
            await self.mic.close()
        for task in list(self._background):
            task.cancel()
        for task in list(self._background):
            with contextlib.suppress(asyncio.CancelledError):
                await task


class _Show:
    """One mission on air: its turns, its journal, its clock offset."""

    def __init__(self, session: Session, mission: Mission, turns: list[Turn]):
        self.s = session
        self.mission = mission
        self.brief: Brief = mission.brief
        self.turns = list(turns)
        self.journal = Journal(session.store, mission.id, session.events)
        self.base_elapsed = self.turns[-1].ends_at if self.turns else 0.0
        self.started = session.clock.now()

    @property
    def elapsed(self) -> float:
        return self.base_elapsed + (self.s.clock.now() - self.started)

    @property
    def time_up(self) -> bool:
        return self.elapsed >= self.brief.time_limit_s

    def context(self) -> DialogueContext:
        return DialogueContext(brief=self.brief, callsign=self.mission.callsign,
                               seed=self.mission.seed, turns=tuple(self.turns),
                               elapsed_s=self.elapsed)

    def record(self, kind: str, *, speaker: str | None = None, text: str = "",
               t: float, seconds: float = 0.0, **extra) -> Turn:
        turn = Turn(seq=self.turns[-1].seq + 1 if self.turns else 0, kind=kind, speaker=speaker,
                    text=text, t=round(t, 3), seconds=round(seconds, 3),
                    at=datetime.now(timezone.utc), **extra)
        self.turns.append(turn)
        self.journal.add(turn)
        return turn

    async def run(self) -> Outcome:
        s, events = self.s, self.s.events
        await with_store_retry(events, "going on air", lambda: s.store.go_on_air(self.mission.id))
        events.emit(WentOnAir(mission_id=self.mission.id, title=self.brief.title,
                              time_limit_s=self.brief.time_limit_s,
                              elapsed_s=round(self.elapsed, 2), resumed=bool(self.turns)))
        events.emit(CallersAnnounced(callers=_cards(self.brief)))
        try:
            if self.turns and self.turns[-1].kind == "cue":
                # Stopped while a caller waited: the caller is still waiting.
                last = self.turns[-1]
                await self._cue(Cue(speaker=last.speaker or self.brief.callers[0].name,
                                    hint=last.text), reopened=last.seq)
            while not self.time_up:
                await self.journal.flush()  # everything stored before the next batch
                aired = await self._air_batch()
                if not aired:
                    await s.air.silence(2.0)
            await self.journal.flush()
            outcome = await self._judge()
        except asyncio.CancelledError:
            # Ctrl-C or window closed: keep what was said, stay resumable.
            await asyncio.shield(self.journal.flush())
            events.emit(SessionPaused(mission_id=self.mission.id,
                                      reason="Mission paused; it can be resumed."))
            raise
        await with_store_retry(events, "saving the debrief",
                               lambda: s.store.end_mission(self.mission.id, outcome))
        events.emit(MissionEnded(mission_id=self.mission.id, success=outcome.success,
                                 summary=outcome.summary))
        return outcome

    async def _air_batch(self) -> int:
        """Air one batch of segments, up to and including its cue.

        The batch is read ahead of the air: each line is handed to the air to
        render as soon as it is written, so the next line renders while this
        one is spoken."""
        aired = 0
        air = self.s.air
        ahead: asyncio.Queue = asyncio.Queue()
        prepared: list[Line] = []
        caught_up = asyncio.Event()  # everything read so far is aired

        async def static(seconds: float) -> None:
            # A director retry waits with static once the air has caught up,
            # so its context holds every line read before the failure.
            await caught_up.wait()
            await air.silence(seconds)

        segments = self.s.directing.segments(self.context, static)

        async def read() -> None:
            try:
                async for segment in segments:
                    if isinstance(segment, Line) and self._fits(segment):
                        air.prepare(segment)
                        prepared.append(segment)
                    ahead.put_nowait(segment)
                    if isinstance(segment, Cue):
                        break
                ahead.put_nowait(_END_OF_BATCH)
            except Exception as exc:  # handed to the air loop, which raises it
                ahead.put_nowait(exc)

        reader = asyncio.create_task(read())
        try:
            while True:
                if ahead.empty():
                    caught_up.set()
                segment = await ahead.get()
                caught_up.clear()
                if segment is _END_OF_BATCH:
                    break
                if isinstance(segment, Exception):
                    raise segment
                if self.time_up:
                    break
                if not self._fits(segment):
                    continue
                self.s.events.emit(ClockTicked(elapsed_s=round(self.elapsed, 2),
                                               remaining_s=round(self.brief.time_limit_s - self.elapsed, 2)))
                aired += 1
                if isinstance(segment, Line):
                    prepared.remove(segment)
                    if await self._line(segment):
                        break  # cut off: the next batch is written from what the player said
                elif isinstance(segment, Gap):
                    await self._gap(segment)
                else:
                    await self._cue(segment)
                    break  # the next batch is written from the answer
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
            await segments.aclose()
            for line in prepared:
                air.forget(line)
        return aired

    def _fits(self, segment: SegmentOut) -> bool:
        if isinstance(segment, (Line, Cue)) and self.brief.caller(segment.speaker) is None:
            log.warning("dropped a segment from '%s', who is not a caller of this mission",
                        segment.speaker)
            return False
        return True

    async def _line(self, line: Line) -> bool:
        """Air a line; True when the player cut the caller off."""
        s = self.s
        seq = self.turns[-1].seq + 1 if self.turns else 0
        started = self.elapsed
        # Told when the first sample is heard (a sound device), not when asked.
        speaking = asyncio.ensure_future(s.air.speak(seq, line, lambda: s.events.emit(
            LineStarted(seq=seq, speaker=line.speaker, text=line.text))))
        on_air = s._on_air = _LineOnAir(seq, line)
        try:
            await asyncio.wait({speaking, on_air.cut}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            speaking.cancel()
            raise
        finally:
            s._on_air = None
        if not on_air.cut.done():
            seconds = speaking.result()
            self.record("line", speaker=line.speaker, text=line.text, t=started, seconds=seconds)
            s.events.emit(LineFinished(seq=seq, speaker=line.speaker, text=line.text,
                                       seconds=round(seconds, 2)))
            return False
        speaking.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await speaking
        self.record("interrupt", speaker=line.speaker, text=interrupted_text(on_air.cut.result()),
                    t=started, seconds=max(0.0, self.elapsed - started))
        await self._take_answer(s._cue, self.elapsed)
        return True

    async def _gap(self, gap: Gap) -> None:
        seconds = min(gap.seconds, max(0.0, self.brief.time_limit_s - self.elapsed))
        seq = self.turns[-1].seq + 1 if self.turns else 0
        self.s.events.emit(GapStarted(seq=seq, seconds=round(seconds, 2)))
        started = self.elapsed
        await self.s.air.silence(seconds)
        self.record("gap", t=started, seconds=seconds)

    async def _cue(self, cue: Cue, *, reopened: int | None = None) -> None:
        s = self.s
        if reopened is None:
            turn = self.record("cue", speaker=cue.speaker, text=cue.hint, t=self.elapsed)
            seq = turn.seq
            await self.journal.flush()  # the cue is stored before the player is asked
        else:
            seq = reopened
        open_cue = s._cue = _OpenCue(seq)
        s.events.emit(CueOpened(seq=seq, speaker=cue.speaker, hint=cue.hint, window_s=s.answer_window_s))
        await self._take_answer(open_cue, self.elapsed)

    async def _take_answer(self, open_cue: _OpenCue, opened_at: float) -> None:
        s = self.s
        try:
            answer = await self._wait_answer(open_cue)
        finally:
            s._cue = None
        silent = not answer.text
        text = SILENCE_TEXT if silent else answer.text
        waited = max(0.0, self.elapsed - opened_at)
        await s.air.waited(waited)
        self.record("silence" if silent else "player", speaker=PLAYER, text=text, t=opened_at,
                    seconds=waited, source=answer.source,
                    audio_seconds=answer.audio_seconds)
        s.events.emit(PlayerHeard(seq=self.turns[-1].seq, text=text, silent=silent,
                                  source=answer.source))

    async def _wait_answer(self, cue: _OpenCue) -> Answer:
        clock = self.s.clock
        first = asyncio.ensure_future(asyncio.wait({cue.pressed, cue.answered},
                                                   return_when=asyncio.FIRST_COMPLETED))
        try:
            await clock.wait_for(first, self.s.answer_window_s)
        except (TimeoutError, asyncio.TimeoutError):
            if not cue.answered.done():
                cue.answered.set_result(Answer("", "timeout"))
        if not cue.answered.done():
            # TALK is held: the window no longer counts; wait for the release.
            try:
                await clock.wait_for(asyncio.shield(cue.answered), HELD_ANSWER_LIMIT_S)
            except (TimeoutError, asyncio.TimeoutError):
                cue.answered.set_result(Answer("", "timeout"))
        return cue.answered.result()

    async def _judge(self) -> Outcome:
        context = self.context()
        try:
            return await self.s.directing.judge(context, asyncio.sleep)
        except DirectorError as exc:
            self.s.events.emit(Trouble(source="director", message=exc.message, retrying=False))
        answers = context.answers()
        spoke = sum(1 for a in answers if a.kind == "player")
        return Outcome(success=False, summary=(
            f"The director could not judge this mission. You answered {spoke} of "
            f"{len(answers)} calls; the transcript is kept for review."))


def _cards(brief: Brief) -> tuple[CallerCard, ...]:
    return tuple(CallerCard(name=c.name, role=c.role, voice=c.voice) for c in brief.callers)


def _brief_ready(mission: Mission) -> BriefReady:
    brief = mission.brief
    return BriefReady(mission_id=mission.id, title=brief.title, brief=brief.brief, task=brief.task,
                      frequency_mhz=brief.frequency_mhz, callers=_cards(brief),
                      time_limit_s=brief.time_limit_s)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The session: sign in, request a mission, tune, go on air, debrief.

This is the front ends' one door. It runs headless: front ends subscribe
to `events` and send commands (`talk_down`, `talk_up`, `answer`, `skip`,
`answer_audio`, `tune`). On air, every command goes into the show's inbox
(`session/show.py`), whose table (`session/state.py`) decides what it does.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from fmdesk.core.casting import cast
from fmdesk.core.context import DialogueContext
from fmdesk.core.frequency import Reception, reception
from fmdesk.core.mission import Brief, Mission, Outcome
from fmdesk.core.turns import Turn
from fmdesk.director.base import BriefRequest, Director, DirectorError
from fmdesk.hearing.audio import AudioFileError, read_wav
from fmdesk.hearing.base import Hearing
from fmdesk.session import state as st
from fmdesk.session.air import Air, TimedAir
from fmdesk.session.answers import Answers
from fmdesk.session.clock import Clock, RealClock
from fmdesk.session.stopping import stop_task
from fmdesk.session.directing import Directing
from fmdesk.session.events import (
    BriefReady, EventBus, MissionFailed, MissionRequested, StandingBy, Trouble, Tuned,
)
from fmdesk.session.journal import with_store_retry
from fmdesk.session.library import Library
from fmdesk.session.show import Show, ShowParts, cards
from fmdesk.session.talk import Mic, PushToTalk
from fmdesk.store.errors import StoreError

log = logging.getLogger(__name__)

ANSWER_WINDOW_S = 10.0
BRIEF_CUT_SHORT = "The brief was not finished (fmdesk was closed while writing it). Request a new mission."


@dataclass(frozen=True)
class Player:
    id: str
    callsign: str


class Session:
    def __init__(self, store, director: Director, *, clock: Clock | None = None,
                 air: Air | None = None, fallback: Director | None = None,
                 answer_window_s: float = ANSWER_WINDOW_S, poll_interval_s: float = 1.0,
                 director_tries: int = 4, backoff_s: float = 1.0, hearing: Hearing | None = None,
                 mic: Mic | None = None, barge_in: bool = True, spill_dir: Path | None = None):
        self.store = store
        self.director = director
        self.clock = clock or RealClock()
        self.air = air or TimedAir(self.clock)
        self.answer_window_s = answer_window_s
        self.poll_interval_s = poll_interval_s
        self.events = EventBus()
        self.air.attach(self.events)  # the air tells its troubles on the session's bus
        self.library = Library(store, self.events)
        self.directing = Directing(director, fallback, self.events, tries=director_tries,
                                   backoff_s=backoff_s)
        self.hearing = hearing  # None: typed answers only
        self.barge_in = barge_in  # TALK while a caller speaks cuts the caller off
        self.spill_dir = spill_dir  # turns the database will not take are kept here
        self._mic = mic           # None: no push-to-talk capture
        self._show: Show | None = None
        self._talk: PushToTalk | None = None
        self._background: set[asyncio.Task] = set()
        # The mission made ready while the player tunes: (mission id, task).
        self._getting_ready: tuple[str, asyncio.Task] | None = None

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
        self._in_background(self._write_brief(mission_id, request))
        # While the brief is written and read, the voices load: tuning then
        # has only the opening line to render.
        self._in_background(self.air.load_voices())
        return mission_id

    async def _heartbeat(self, mission_id: str) -> None:
        """While the brief is written, its lease is renewed (a third of it at a time)."""
        while True:
            await asyncio.sleep(self.store.lease_s / 3)
            try:
                await self.store.renew_lease(mission_id)
            except StoreError as exc:  # told by the write that follows, if it lasts
                log.warning("could not renew the brief's lease: %s", exc.message)

    async def _write_brief(self, mission_id: str, request: BriefRequest) -> None:
        heartbeat = asyncio.create_task(self._heartbeat(mission_id))
        try:
            await self._brief_written(mission_id, request)
        finally:
            heartbeat.cancel()

    async def _brief_written(self, mission_id: str, request: BriefRequest) -> None:
        try:
            brief, author = await self.directing.brief(request, asyncio.sleep)
        except DirectorError as exc:
            error = exc.message
        except asyncio.CancelledError:
            # Closed mid-brief: the mission must not stay `processing` forever.
            await asyncio.shield(self._fail(mission_id, BRIEF_CUT_SHORT, retry=False))
            raise
        except Exception as exc:  # a director bug must still leave a readable state
            log.exception("the %s director failed to write a brief", self.director.name)
            error = f"The {self.director.name} director failed: {exc}"
        else:
            brief = brief.model_copy(update={"callers": cast(brief.callers, self.air.actors())})
            await with_store_retry(self.events, "saving the brief",
                                   lambda: self.store.complete_mission(mission_id, brief, author))
            return
        await self._fail(mission_id, error)

    async def _fail(self, mission_id: str, error: str, *, retry: bool = True) -> None:
        if retry:
            await with_store_retry(self.events, "recording the failure",
                                   lambda: self.store.fail_mission(mission_id, error))
            return
        try:
            await self.store.fail_mission(mission_id, error)
        except Exception as exc:  # closing: said, not retried
            log.warning("could not mark mission %s failed: %s", mission_id, exc)

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
            self.events.emit(brief_ready(mission))
        return mission

    async def callsigns(self) -> list[str]:
        return await self.library.callsigns()

    async def history(self, player: Player, limit: int = 30) -> list[Mission]:
        return await self.library.history(player.id, limit)

    async def transcript(self, mission_id: str) -> tuple[Mission, list[Turn]]:
        return await self.library.transcript(mission_id)

    async def resumable(self, player: Player) -> Mission | None:
        return await self.library.resumable(player.id)

    # -- tuning ------------------------------------------------------------

    def tune(self, mission: Mission, mhz: float) -> Reception:
        assert mission.brief is not None
        got = reception(mhz, mission.brief.frequency_mhz)
        self.air.tuning(got.strength)
        self.events.emit(Tuned(frequency_mhz=got.tuned_mhz, strength=got.strength,
                               locked=got.locked, hint=got.hint))
        self._get_ready(mission)
        return got

    def _get_ready(self, mission: Mission) -> None:
        """While the player tunes (once per mission): cast the callers, load
        their voices and render the first piece of the line the show opens
        with, so that locking on plays at once."""
        if self._getting_ready is not None and self._getting_ready[0] == mission.id:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # tuned outside the loop: play() does it all
        task = asyncio.ensure_future(self._ready(mission))
        self._getting_ready = (mission.id, task)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _ready(self, mission: Mission) -> None:
        try:
            turns = await self.store.turns(mission.id)
            mission = await self._cast(mission, warm=False)
        except StoreError as exc:  # only time is lost: play() loads and casts again, and tells
            log.info("could not get the mission ready while tuning: %s", exc.message)
            return
        context = DialogueContext(brief=mission.brief, callsign=mission.callsign, seed=mission.seed,
                                  turns=tuple(turns), elapsed_s=turns[-1].ends_at if turns else 0.0)
        # The opening line first (its voice loads as it renders), then the rest of the cast.
        self.air.rehearse(await self.directing.lines_ahead(context))
        await self.air.warm()

    async def join(self, mission_id: str) -> Mission:
        """Locked on: poll every second until the mission is completed."""
        self.events.emit(StandingBy(mission_id=mission_id))
        return await self.wait_until_ready(mission_id, announce=False)

    # -- player commands: into the show's inbox ---------------------------------------

    def _send(self, got: st.Input) -> bool:
        return self._show is not None and self._show.send(got)

    @property
    def cue_open(self) -> bool:
        """A caller waits for the player's answer."""
        return self._show is not None and self._show.state.cue_open

    @property
    def can_cut_in(self) -> bool:
        """A caller is speaking and TALK would cut them off (barge-in)."""
        return self._show is not None and self._show.state.can_cut_in

    def talk_down(self) -> bool:
        """TALK pressed: at a cue the window stops counting (and the microphone,
        if any, records from 300 ms before); while a caller speaks, the caller
        is cut off and what the player says is the answer (barge-in)."""
        return self._send(st.TalkDown())

    async def talk_up(self) -> bool:
        """TALK released: what the microphone kept is heard and given as the
        answer. True when it became the answer."""
        if not self._send(st.TalkUp()):
            return False
        return await self._show.hearing_done()

    def answer(self, text: str) -> bool:
        """A typed answer to the open cue; blank text is silence. Typed while
        a caller is still talking, it is kept for the next question (told by
        AnswerKept)."""
        return self._send(st.Typed(text))

    def skip(self) -> bool:
        """Let the answer window lapse now."""
        return self._send(st.Skip())

    def typing(self) -> bool:
        """The player started typing an answer: at a cue the window stops, as
        holding TALK stops it."""
        return self._send(st.Typing())

    def again(self, seq: int | None = None) -> bool:
        """Say again: hear aired line `seq` (None: the last one) again, from
        its kept sound. Only while a caller waits (the answer window stops
        meanwhile, and opens afresh after); not a turn. True when it plays."""
        line = self._show.transmission(seq) if self._show is not None else None
        return line is not None and self._send(st.Again(line.seq))

    @property
    def last_transmission(self) -> int | None:
        """The seq of the last line aired, for say again."""
        line = self._show.transmission() if self._show is not None else None
        return None if line is None else line.seq

    async def answer_audio(self, samples, rate: int) -> bool:
        """A recording said as the answer, heard as a held TALK's would be.
        True when it became the answer (blank audio is silence); when hearing
        fails, the player is told and the cue stays open."""
        if not self._send(st.Recorded(samples, rate)):
            return False
        return await self._show.hearing_done()

    async def answer_wav(self, path) -> bool:
        """A recording on disk said as the answer (headless `--answers-dir`)."""
        try:
            samples, rate = await asyncio.to_thread(read_wav, path)
        except AudioFileError as exc:
            self.events.emit(Trouble(source="hearing", retrying=False, message=str(exc)))
            return False
        return await self.answer_audio(samples, rate)

    def set_volume(self, volume: float, muted: bool) -> None:
        """The speakers' volume and mute, from now on (a silent radio has none)."""
        self.air.set_volume(volume, muted)

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
        if self._getting_ready is not None and self._getting_ready[0] == mission_id:
            # Made ready while tuning (its opening line rendering); what it could
            # not do is done below, and told there.
            await asyncio.wait({self._getting_ready[1]})
        mission = await self._cast(mission)
        answers = Answers(self.hearing, self.events, mission.brief)
        if self._mic is not None:
            self._talk = PushToTalk(self._mic, self.events, self._send, listen=answers.listen)
            # A microphone means spoken answers: the first must not pay the model load.
            self._in_background(answers.warm())
        self._show = Show(ShowParts(
            store=self.store, air=self.air, clock=self.clock, events=self.events,
            directing=self.directing, answers=answers, talk=self._talk,
            answer_window_s=self.answer_window_s, barge_in=self.barge_in, spill_dir=self.spill_dir),
            mission, turns)
        if self._talk is not None:
            await self._talk.open()
        return await self._show.run()

    async def _cast(self, mission: Mission, *, warm: bool = True) -> Mission:
        """Keep each caller's stored voice; cast those without one (or whose
        voice is gone from this machine), and store the change; then (with
        `warm`) open the sound and start loading the cast's voices."""
        callers = cast(mission.brief.callers, self.air.actors())
        if callers != mission.brief.callers:
            await with_store_retry(self.events, "saving the cast",
                                   lambda: self.store.set_callers(mission.id, callers))
            brief = mission.brief.model_copy(update={"callers": callers})
            mission = mission.model_copy(update={"brief": brief})
        self.air.cast(mission.brief.callers)
        if warm:
            await self.air.warm()
        return mission

    def _in_background(self, work) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def close(self) -> None:
        await self.air.close()
        if self._talk is not None:
            await self._talk.close()
        elif self._mic is not None:
            await self._mic.close()
        for task in list(self._background):
            task.cancel()
        for task in list(self._background):
            await stop_task(task)


def brief_ready(mission: Mission) -> BriefReady:
    brief: Brief = mission.brief
    return BriefReady(mission_id=mission.id, title=brief.title, brief=brief.brief, task=brief.task,
                      frequency_mhz=brief.frequency_mhz, callers=cards(brief),
                      time_limit_s=brief.time_limit_s)

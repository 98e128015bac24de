# SPDX-License-Identifier: GPL-3.0-or-later
"""The window's view-model: turns session events into view state, and the
player's gestures into session commands. Widgets only draw what it says.

It talks to the engine through `services` (the composition root's facade:
a fresh session per mission, settings, the callsign to remember) and never
to a store, director, voice or hearing module.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from fmdesk.core.frequency import FrequencyError, parse_frequency
from fmdesk.core.mission import Mission
from fmdesk.core.player import CallsignError, normalize_callsign
from fmdesk.core.timing import clock_text
from fmdesk.session import events as ev
from fmdesk.session.engine import Player, Session
from fmdesk.session.library import transcript_text
from fmdesk.ui.bridge import EventBridge
from fmdesk.ui.ops import Op


class Services(Protocol):
    last_callsign: str

    def session(self) -> Session: ...

    def remember_callsign(self, callsign: str) -> None: ...


class RadioPresenter(QObject):
    screen = Signal(str)               # sign_in, brief, on_air, debrief
    status = Signal(str)               # a message for the status bar
    callsigns = Signal(list, str)      # known callsigns, the one to preselect
    signed_in = Signal(str)
    busy = Signal(bool)                # a mission is being written
    brief = Signal(object)             # ev.BriefReady
    failed = Signal(str)               # the mission could not be written
    resumable = Signal(object)         # a Mission to offer to resume, or None
    reception = Signal(float, float, bool, str)  # MHz, strength, locked, hint
    on_air = Signal(bool)
    clock = Signal(str)
    subtitle = Signal(str, str)        # speaker, text
    transcript = Signal(str, str)      # who, text (who "" for notes)
    cue = Signal(bool, str)            # open, prompt
    countdown = Signal(object)         # fraction of the window left, or None
    talk_lit = Signal(bool)
    talk_ready = Signal(bool)          # a caller is speaking: TALK would cut in
    mic_level = Signal(float)          # 0..1 while TALK is held
    focus_answer = Signal()
    debrief = Signal(bool, str)        # success, summary
    history = Signal(list)             # missions
    replay = Signal(str)               # a transcript as text

    def __init__(self, services: Services, parent: QObject | None = None):
        super().__init__(parent)
        self.services = services
        self.session: Session | None = None
        self.player: Player | None = None
        self.mission: Mission | None = None
        self._bridge = EventBridge(self)
        self._bridge.event.connect(self.on_event)
        self._joining = False
        self._play: asyncio.Task | None = None
        self._cue_opened: float | None = None
        self._cue_window = 10.0
        self._remaining: tuple[float, float] | None = None  # (remaining s, monotonic when told)
        self._real_time = True     # the mission clock runs on its own between events (not --fast)
        self._recording = False    # TALK is down and the microphone records
        self._ticker = QTimer(self)
        self._ticker.setInterval(100)
        self._ticker.timeout.connect(self._tick)

    # -- sign in --------------------------------------------------------------

    def start(self) -> None:
        self._new_session()
        self.screen.emit("sign_in")
        Op(self.session.callsigns()).on_success(
            lambda names: self.callsigns.emit(names, self.services.last_callsign)).start()

    def sign_in(self, text: str) -> None:
        try:
            callsign = normalize_callsign(text)
        except CallsignError as exc:
            self.status.emit(str(exc))
            return
        Op(self.session.sign_in(callsign)).on_success(self._signed_in).start()

    def _signed_in(self, player: Player) -> None:
        self.player = player
        self.services.remember_callsign(player.callsign)
        self.signed_in.emit(player.callsign)
        self.screen.emit("brief")
        self.status.emit(f"Signed in as {player.callsign}.")
        Op(self.session.resumable(player)).on_success(self.resumable.emit).start()

    # -- the brief ------------------------------------------------------------

    def request_mission(self) -> None:
        if self.player is None:
            return
        self._new_session()
        self.mission = None
        self.busy.emit(True)
        self.resumable.emit(None)
        self.status.emit("Requesting a mission…")
        session = self.session

        async def request() -> Mission:
            mission_id = await session.request_mission(self.player)
            return await session.wait_until_ready(mission_id)

        Op(request()).on_success(self._briefed).on_error(self._brief_failed).start()

    def _briefed(self, mission: Mission) -> None:
        self.busy.emit(False)
        if mission.status == "completed":
            self.mission = mission
            self.status.emit(f"Tune to {mission.brief.frequency_mhz:.1f} MHz to join.")

    def _brief_failed(self, message: str) -> None:
        self.busy.emit(False)
        self.failed.emit(message)

    def resume(self, mission: Mission) -> None:
        self.mission = mission
        self.resumable.emit(None)
        self._go_on_air(mission.id)

    # -- tuning ---------------------------------------------------------------

    def tune_text(self, text: str) -> float | None:
        try:
            mhz = parse_frequency(text)
        except FrequencyError as exc:
            self.status.emit(str(exc))
            return None
        self.tune(mhz)
        return mhz

    def tune(self, mhz: float) -> None:
        if self.mission is None or self.mission.brief is None:
            self.reception.emit(mhz, 0.0, False, "Only static. Request a mission first.")
            return
        if self._play is not None:
            return  # on air: the dial stays where it locked
        got = self.session.tune(self.mission, mhz)
        if got.locked and not self._joining:
            self._joining = True
            self._go_on_air(self.mission.id, join=True)

    def _go_on_air(self, mission_id: str, join: bool = False) -> None:
        session = self.session

        async def play():
            try:
                if join:
                    await session.join(mission_id)
                return await session.play(mission_id)
            finally:
                await session.close()  # the speakers, the static and the microphone go off with the show

        self._play = Op(play()).on_success(lambda _: self._off_air()).on_error(self._play_failed).start()

    def _play_failed(self, message: str) -> None:
        self._off_air()
        self.status.emit(message)

    def _off_air(self) -> None:
        self._play = None
        self._joining = False
        self._ticker.stop()
        self.on_air.emit(False)

    # -- talking --------------------------------------------------------------

    def talk_started(self) -> None:
        """TALK down: what it did is told by the session's TalkPressed."""
        if self.session is not None and self.session.talk_down():
            self.talk_lit.emit(True)

    def talk_stopped(self) -> None:
        self.talk_lit.emit(False)
        if self.session is not None and self._recording:
            self._recording = False
            self.status.emit("Listening to what you said…")
            Op(self.session.talk_up()).start()

    def set_volume(self, volume: float, muted: bool) -> None:
        if self.session is not None:
            self.session.set_volume(volume, muted)

    def answer(self, text: str) -> bool:
        return self.session is not None and self.session.answer(text)

    # -- after the show -------------------------------------------------------

    def new_mission(self) -> None:
        self.mission = None
        self.screen.emit("brief")
        self.reception.emit(98.0, 0.0, False, "Request a mission, then tune in.")

    def load_history(self) -> None:
        if self.player is not None:
            Op(self.session.history(self.player)).on_success(self.history.emit).start()

    def open_transcript(self, mission_id: str) -> None:
        Op(self.session.transcript(mission_id)).on_success(
            lambda got: self.replay.emit(transcript_text(*got))).start()

    async def shutdown(self) -> None:
        """Pause a mission on air (its turns are kept) and stop the session."""
        if self._play is not None and not self._play.done():
            self._play.cancel()
            try:
                await self._play
            except (asyncio.CancelledError, Exception):
                pass
        if self.session is not None:
            await self.session.close()

    # -- events -----------------------------------------------------------------

    def _new_session(self) -> None:
        old = self.session
        if old is not None and self._play is None:
            Op(old.close()).start()  # a session that tuned but never went on air: its speakers off
        self._bridge.detach()
        self.session = self.services.session()
        self._bridge.attach(self.session.events)

    def on_event(self, event) -> None:
        handler = getattr(self, f"_on_{event.kind}", None)
        if handler is not None:
            handler(event)

    def _on_brief_ready(self, e: ev.BriefReady) -> None:
        self.brief.emit(e)

    def _on_mission_failed(self, e: ev.MissionFailed) -> None:
        self.failed.emit(e.error)

    def _on_tuned(self, e: ev.Tuned) -> None:
        self.reception.emit(e.frequency_mhz, e.strength, e.locked, e.hint)

    def _on_standing_by(self, e: ev.StandingBy) -> None:
        self.status.emit("Locked on. Standing by…")

    def _on_on_air(self, e: ev.WentOnAir) -> None:
        self.screen.emit("on_air")
        self.on_air.emit(True)
        self._real_time = e.real_time
        self._set_remaining(e.time_limit_s - e.elapsed_s)
        self.transcript.emit("", f"{'Back on air' if e.resumed else 'On air'}: {e.title}")
        self.status.emit("On air.")
        self._ticker.start()

    def _on_callers_announced(self, e: ev.CallersAnnounced) -> None:
        self.transcript.emit("", "On this channel: " + ", ".join(f"{c.name} ({c.role})" for c in e.callers))

    def _on_clock(self, e: ev.ClockTicked) -> None:
        self._set_remaining(e.remaining_s)

    def _on_line_started(self, e: ev.LineStarted) -> None:
        self.subtitle.emit(e.speaker, e.text)
        self.transcript.emit(e.speaker, e.text)
        if e.cut_in:
            self.talk_ready.emit(True)

    def _on_line_finished(self, e: ev.LineFinished) -> None:
        self.talk_ready.emit(False)

    def _on_line_cut(self, e: ev.LineCut) -> None:
        self.subtitle.emit(e.speaker, f"{e.said}—" if e.said else "—")
        self.transcript.emit("", f"You cut in on {e.speaker}.")

    def _on_mic_level(self, e: ev.MicLevel) -> None:
        self.mic_level.emit(e.level)

    def _on_talk_warning(self, e: ev.TalkWarning) -> None:
        self.status.emit(f"⏱ {e.message}")

    def _on_gap(self, e: ev.GapStarted) -> None:
        if e.seconds >= 3:
            self.subtitle.emit("", "~ static ~")

    def _on_cue_opened(self, e: ev.CueOpened) -> None:
        self._cue_opened, self._cue_window = time.monotonic(), e.window_s
        prompt = f"{e.speaker} is waiting for you" + (f": {e.hint}" if e.hint else ".")
        self.cue.emit(True, prompt)
        self.status.emit(f"{prompt} Hold TALK (or Space), or type your answer.")

    def _on_talk_pressed(self, e: ev.TalkPressed) -> None:
        self._cue_opened = None
        self._recording = e.recording
        self.countdown.emit(None)
        if e.recording:
            self.status.emit("Talking — release TALK when you are done (or type your answer).")
        else:
            self.status.emit("Talking — type your answer and press Enter.")
            self.focus_answer.emit()

    def _on_player_heard(self, e: ev.PlayerHeard) -> None:
        self._cue_opened = None
        self._recording = False
        self.countdown.emit(None)
        self.cue.emit(False, "")
        self.talk_lit.emit(False)
        self.transcript.emit("YOU", e.text)
        self.status.emit("On air.")

    def _on_trouble(self, e: ev.Trouble) -> None:
        self.status.emit(f"⚠ {e.message}")

    def _on_trouble_cleared(self, e: ev.TroubleCleared) -> None:
        self.status.emit(e.message)

    def _on_paused(self, e: ev.SessionPaused) -> None:
        self.status.emit(e.reason)

    def _on_mission_ended(self, e: ev.MissionEnded) -> None:
        self._ticker.stop()
        self.on_air.emit(False)
        self.clock.emit("00:00")
        self.debrief.emit(e.success, e.summary)
        self.screen.emit("debrief")
        self.status.emit("Off air. Your debrief is in.")
        self.load_history()

    # -- clocks -----------------------------------------------------------------

    def _set_remaining(self, remaining: float) -> None:
        self._remaining = (remaining, time.monotonic())
        self.clock.emit(clock_text(remaining))

    def _tick(self) -> None:
        now = time.monotonic()
        if self._remaining is not None and self._real_time:
            remaining, told = self._remaining
            self.clock.emit(clock_text(remaining - (now - told)))
        if self._cue_opened is not None:
            self.countdown.emit(1.0 - (now - self._cue_opened) / self._cue_window)


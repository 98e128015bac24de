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
from fmdesk.session.engine import Player, Session, brief_ready
from fmdesk.session.library import transcript_text
from fmdesk.ui.bridge import EventBridge
from fmdesk.ui.ops import Op
from fmdesk.ui.widgets.logbook import Entry


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
    cleared = Signal()                 # a new mission: no brief, the radio reset
    callers = Signal(list)             # the mission's callers' names, in the brief's order
    failed = Signal(str)               # the mission could not be written
    resumable = Signal(object)         # a Mission to offer to resume, or None
    reception = Signal(float, float, bool, str)  # MHz, strength, locked, hint
    on_air = Signal(bool)
    clock = Signal(str)
    subtitle = Signal(str, str)        # speaker, text
    entry = Signal(object)             # a logbook Entry
    cue = Signal(bool, str)            # open, prompt
    countdown = Signal(object)         # fraction of the window left, or None
    talk_look = Signal(str)            # what TALK says: see TalkButton.LOOKS
    mic_level = Signal(float)          # 0..1 while TALK is held
    focus_answer = Signal()
    debrief = Signal(object)           # ev.MissionEnded
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
        self._limit = 0.0
        self._running = False      # the mission clock runs (held until the first line, for a late line...)
        self._real_time = True     # the mission clock runs on its own between events (not --fast)
        self._recording = False    # TALK is down and the microphone records
        self._cue_now = False      # a caller waits for the player
        self._typing = False       # the player started typing this cue's answer
        self._replaying = False    # say again: the clock waits, and that is no "stand by"
        self._heard_first = False
        self._dial_mhz = 98.0
        self._backlog: list[Entry] = []  # the logbook before a pause, shown on resuming
        self._ticker = QTimer(self)
        self._ticker.setInterval(100)
        self._ticker.timeout.connect(self._tick)
        self._stand_by = QTimer(self)  # a line late from the voice: "stand by" after a second
        self._stand_by.setSingleShot(True)
        self._stand_by.setInterval(1000)
        self._stand_by.timeout.connect(self._standing_by)

    # -- sign in --------------------------------------------------------------

    def start(self) -> None:
        self._new_session()
        self.screen.emit("sign_in")
        self.status.emit("Ready. Pick your callsign and sign in.")
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
        self.status.emit(f"Signed in as {player.callsign}. Request a mission when you are ready.")
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
            target = f"{mission.brief.frequency_mhz:.1f} MHz"
            self.status.emit(f"Tune to {target} to join.")
            self.reception.emit(self._dial_mhz, 0.0, False,
                                f"Tune to {target}: drag the needle or the knob, scroll, or use the arrow keys.")

    def _brief_failed(self, message: str) -> None:
        self.busy.emit(False)
        self.failed.emit(message)

    def resume(self, mission: Mission) -> None:
        """Back on air: the mission card, the dial on its frequency, and the
        logbook of what was said before the pause, then the show."""
        self.mission = mission
        self.resumable.emit(None)
        self._on_brief_ready(brief_ready(mission))
        self._dial_mhz = mission.brief.frequency_mhz
        self.reception.emit(self._dial_mhz, 1.0, True, "Locked on.")

        def go(got) -> None:
            self._backlog = [entry for turn in got[1] if (entry := _logged(turn)) is not None]
            self._go_on_air(mission.id)

        def without(message: str) -> None:  # the show goes on without the earlier lines
            self.status.emit(message)
            self._go_on_air(mission.id)

        Op(self.session.transcript(mission.id)).on_success(go).on_error(without).start()

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
        self._dial_mhz = mhz
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
        self._stand_by.stop()
        self._cue_now = False
        self.talk_look.emit("off")
        self.on_air.emit(False)

    # -- talking --------------------------------------------------------------

    def talk_started(self) -> None:
        """TALK down: what it did is told by the session's TalkPressed."""
        if self.session is not None:
            self.session.talk_down()

    def talk_stopped(self) -> None:
        if self.session is not None and self._recording:
            self._recording = False
            self.talk_look.emit("hearing")
            self.status.emit("Listening to what you said…")
            Op(self.session.talk_up()).start()

    def typing(self) -> None:
        """The first keystroke of an answer: at a cue, the countdown stops."""
        if self.session is not None and not self._typing and self._cue_now:
            self._typing = self.session.typing()

    def again(self, seq: int | None = None) -> None:
        """Say again: hear a transmission again (while a caller waits)."""
        if self.session is None or self._play is None:
            return
        if not self.session.again(seq):
            self.status.emit("Say again works while a caller waits for your answer.")

    def set_volume(self, volume: float, muted: bool) -> None:
        if self.session is not None:
            self.session.set_volume(volume, muted)

    def answer(self, text: str) -> bool:
        return self.session is not None and self.session.answer(text)

    # -- after the show -------------------------------------------------------

    def new_mission(self) -> None:
        self.mission = None
        self.cleared.emit()
        self.clock.emit("--:--")
        self.screen.emit("brief")
        self.reception.emit(self._dial_mhz, 0.0, False, "Request a mission, then tune in.")
        self.status.emit("Request a mission when you are ready.")

    def load_history(self) -> None:
        if self.player is not None:
            Op(self.session.history(self.player)).on_success(self.history.emit).start()

    def open_transcript(self, mission_id: str) -> None:
        Op(self.session.transcript(mission_id)).on_success(
            lambda got: self.replay.emit(transcript_text(*got))).start()

    async def shutdown(self) -> None:
        """Pause a mission on air (its turns are kept) and stop the session."""
        self._ticker.stop()
        self._stand_by.stop()
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
        self.callers.emit([c.name for c in e.callers])
        self.brief.emit(e)

    def _on_mission_failed(self, e: ev.MissionFailed) -> None:
        self.failed.emit(e.error)

    def _on_tuned(self, e: ev.Tuned) -> None:
        self.reception.emit(e.frequency_mhz, e.strength, e.locked, e.hint)

    def _on_standing_by(self, e: ev.StandingBy) -> None:
        self.status.emit("Locked on. Standing by…")

    def _log(self, kind: str, text: str, who: str = "", seq: int | None = None) -> None:
        self.entry.emit(Entry(kind=kind, text=text, who=who, at=clock_text(self._now_elapsed()), seq=seq))

    def _on_on_air(self, e: ev.WentOnAir) -> None:
        self.screen.emit("on_air")
        self.on_air.emit(True)
        self._real_time = e.real_time
        self._limit, self._running = e.time_limit_s, False
        self._heard_first = self._replaying = False
        self._set_remaining(e.time_limit_s - e.elapsed_s)
        backlog, self._backlog = self._backlog, []
        for entry in backlog:
            self.entry.emit(entry)
        last = next((b for b in reversed(backlog) if b.kind in ("line", "cut")), None)
        self.subtitle.emit(last.who if last else "", last.text if last else "")
        self._log("note", f"{'Back on air' if e.resumed else 'On air'}: {e.title}")
        self.talk_look.emit("off")
        self.status.emit("On air. The clock starts with the first call.")
        self._ticker.start()

    def _on_callers_announced(self, e: ev.CallersAnnounced) -> None:
        self.callers.emit([c.name for c in e.callers])

    def _on_clock(self, e: ev.ClockTicked) -> None:
        self._running = e.running
        self._set_remaining(e.remaining_s)
        if not e.running and not self._replaying and not self._stand_by.isActive():
            self._stand_by.start()
        elif e.running:
            self._stand_by.stop()

    def _on_line_started(self, e: ev.LineStarted) -> None:
        self._stand_by.stop()
        if not self._heard_first:
            self._heard_first = True
            self.status.emit("On air.")
        self.subtitle.emit(e.speaker, e.text)
        self._log("line", e.text, e.speaker, e.seq)
        if not self._cue_now:
            self.talk_look.emit("cut_in" if e.cut_in else "off")

    def _on_line_finished(self, e: ev.LineFinished) -> None:
        if not self._cue_now:
            self.talk_look.emit("off")

    def _on_line_cut(self, e: ev.LineCut) -> None:
        self.subtitle.emit(e.speaker, f"{e.said}—" if e.said else "—")
        self._log("note", f"✂ You cut in on {e.speaker}.")

    def _on_mic_level(self, e: ev.MicLevel) -> None:
        self.mic_level.emit(e.level)

    def _on_talk_warning(self, e: ev.TalkWarning) -> None:
        self.status.emit(f"⏱ {e.message}")

    def _on_gap(self, e: ev.GapStarted) -> None:
        if e.seconds >= 3:
            self.subtitle.emit("", "~ static ~")

    def _on_cue_opened(self, e: ev.CueOpened) -> None:
        self._cue_opened, self._cue_window = time.monotonic(), e.window_s
        self._cue_now = True
        prompt = f"{e.speaker} is waiting for you" + (f": {e.hint}" if e.hint else ".")
        self.cue.emit(True, prompt)
        self.talk_look.emit("your_turn")
        self.status.emit(f"{prompt} Hold TALK (or Space), or type your answer. R hears it again.")

    def _on_answer_kept(self, e: ev.AnswerKept) -> None:
        self._log("kept", e.text)
        self.status.emit("Kept: your answer goes to the caller's next question.")

    def _on_again_started(self, e: ev.AgainStarted) -> None:
        self._replaying = True
        self._stand_by.stop()
        self._cue_opened = None
        self.countdown.emit(None)
        self.talk_look.emit("replay")
        self.subtitle.emit(e.speaker, f"↻ {e.text}")
        self._log("again", e.text, e.speaker)
        self.status.emit("Say again: the countdown waits until it is over.")

    def _on_again_ended(self, e: ev.AgainEnded) -> None:
        self._replaying = False

    def _on_talk_pressed(self, e: ev.TalkPressed) -> None:
        self._cue_opened = None
        self._recording = e.recording
        self.countdown.emit(None)
        self.talk_look.emit("recording" if e.recording else "typing")
        if e.recording:
            self.status.emit("Talking — release TALK when you are done (or type your answer).")
        else:
            self.status.emit("Type your answer and press Enter: the countdown has stopped.")
            self.focus_answer.emit()

    def _on_player_heard(self, e: ev.PlayerHeard) -> None:
        self._cue_opened = None
        self._recording = self._cue_now = self._typing = False
        self.countdown.emit(None)
        self.cue.emit(False, "")
        self.talk_look.emit("off")
        if e.silent:
            why = {"timeout": "the time ran out", "skip": "you passed"}.get(e.source, "nothing was heard")
            self._log("silence", why)
        else:
            self._log("you", e.text)
        self.status.emit("On air.")

    def _on_trouble(self, e: ev.Trouble) -> None:
        self.status.emit(f"⚠ {e.message}")
        if e.source == "hearing" and self._cue_now:
            self.talk_look.emit("typing")  # not heard: the caller still waits; type, or TALK again

    def _on_trouble_cleared(self, e: ev.TroubleCleared) -> None:
        self.status.emit(e.message)

    def _on_paused(self, e: ev.SessionPaused) -> None:
        self._ticker.stop()
        self._stand_by.stop()
        self.status.emit(e.reason)

    def _on_mission_ended(self, e: ev.MissionEnded) -> None:
        self._ticker.stop()
        self._stand_by.stop()
        self._cue_now = False
        self.on_air.emit(False)
        self.talk_look.emit("off")
        self.clock.emit("00:00")
        self.debrief.emit(e)
        self.screen.emit("debrief")
        self.status.emit("Off air. Your debrief is in.")

    def _standing_by(self) -> None:
        self.subtitle.emit("", "~ stand by ~")

    # -- clocks -----------------------------------------------------------------

    def _now_elapsed(self) -> float:
        if self._remaining is None:
            return 0.0
        remaining, told = self._remaining
        ran = time.monotonic() - told if (self._real_time and self._running) else 0.0
        return max(0.0, self._limit - remaining + ran)

    def _set_remaining(self, remaining: float) -> None:
        self._remaining = (remaining, time.monotonic())
        self.clock.emit(clock_text(remaining))

    def _tick(self) -> None:
        now = time.monotonic()
        if self._remaining is not None and self._real_time and self._running:
            remaining, told = self._remaining
            self.clock.emit(clock_text(remaining - (now - told)))
        if self._cue_opened is not None:
            self.countdown.emit(1.0 - (now - self._cue_opened) / self._cue_window)


def _logged(turn) -> Entry | None:
    """A stored turn as the logbook shows it (from before a pause: its sound
    is not kept, so it has no say-again link)."""
    at = clock_text(turn.t)
    if turn.kind == "line":
        return Entry(kind="line", text=turn.text, who=turn.speaker or "", at=at)
    if turn.kind == "interrupt":
        return Entry(kind="cut", text=turn.text, who=turn.speaker or "", at=at)
    if turn.kind == "player":
        return Entry(kind="you", text=turn.text, at=at)
    if turn.kind == "silence":
        return Entry(kind="silence", text="nothing was said", at=at)
    return None

# SPDX-License-Identifier: GPL-3.0-or-later
"""Take screenshots of the real window (run under Xvfb with QT_QPA_PLATFORM=xcb).

    python -m tests.ui.shoot OUT_DIR [--dark]

Plays an offline mission in virtual time and grabs the window from the X
server in every state: sign-in, brief, tuning, a caller speaking, a cue,
say again, recording, hearing, debrief, history, and a new mission after. Needs FMDESK_MONGO_URI (and
FMDESK_CONFIG / FMDESK_DATA_DIR pointing somewhere disposable).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import qasync
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from fmdesk.app import WindowServices
from fmdesk.config import load_settings
from fmdesk.session import events as ev
from fmdesk.ui.window import MainWindow


async def until(condition, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        await asyncio.sleep(0.05)


async def settle() -> None:
    """Let the loop paint. (Not QApplication.processEvents() from inside a
    task: qasync would step another task within this one and fail.)"""
    await asyncio.sleep(0.3)


class Hold:
    """Holds the silent radio at a moment worth a picture: a line on air (or
    heard again) stays on air until the shot is taken. In virtual time it
    would pass within a frame."""

    def __init__(self, air):
        self.air, self.wanted, self.release = air, None, asyncio.Event()
        self.holding = asyncio.Event()
        speak, again = air.speak, air.again

        async def held_speak(seq, line, started):
            if self.wanted == "line":
                self.wanted = None
                started()  # heard from here: the caller is speaking
                self.holding.set()
                await self.release.wait()
                return await speak(seq, line, lambda: None)
            return await speak(seq, line, started)

        async def held_again(seq):
            if self.wanted == "again":
                self.wanted = None
                self.holding.set()
                await self.release.wait()
            return await again(seq)

        air.speak, air.again = held_speak, held_again

    def hold(self, what: str) -> None:
        self.wanted, self.release, self.holding = what, asyncio.Event(), asyncio.Event()


async def shoot(out: Path, dark: bool) -> None:
    suffix = "-dark" if dark else ""
    services = WindowServices(load_settings(), fast=True)
    await services.start()
    window = MainWindow(services)
    window.resize(1000, 720)
    window.show()
    screen = QApplication.primaryScreen()

    async def grab(name: str, widget=None) -> None:
        await settle()
        target = widget or window
        screen.grabWindow(target.winId()).save(str(out / f"{name}{suffix}.png"))

    p = window.presenter
    p.start()
    await until(lambda: window.pages.currentWidget() is window.sign_in_page)
    window.sign_in_page.callsign.setCurrentText("NOVA-7")
    await grab("01-sign-in")
    p.sign_in("NOVA-7")
    await until(lambda: window.pages.currentWidget() is window.brief_page)
    p.request_mission()
    await until(lambda: p.mission is not None)
    await grab("02-brief")
    target = p.mission.brief.frequency_mhz
    window.face.set_frequency(target - 0.3)
    p.tune(target - 0.3)
    await grab("03-tuning")

    events = []
    p.session.events.subscribe(events.append)
    hold = Hold(p.session.air)
    hold.hold("line")  # the first line: a caller speaking
    p.tune(target)
    window.face.set_frequency(target)
    await until(hold.holding.is_set)
    await grab("04-speaking")
    hold.release.set()

    def cues() -> int:
        return sum(isinstance(e, ev.CueOpened) for e in events)

    def ended() -> bool:
        return any(isinstance(e, ev.MissionEnded) for e in events)

    await until(lambda: cues() >= 1)
    window.talk.set_countdown(0.7)  # as the ticker draws it a few seconds into the window
    await grab("05-cue")
    hold.hold("again")
    p.again(None)
    await until(hold.holding.is_set)
    await grab("06-say-again")
    hold.release.set()
    await until(lambda: cues() >= 2)
    # A microphone's look: the presenter fed the events a held TALK gives.
    seq = next(e.seq for e in reversed(events) if isinstance(e, ev.CueOpened))
    p.on_event(ev.TalkPressed(seq=seq, recording=True))
    p.on_event(ev.MicLevel(level=0.72, held_s=1.4))
    window.talk._held = True
    await grab("07-recording")
    window.talk._held = False
    p.talk_stopped()
    await grab("08-hearing")
    answers = iter(["the north one", "yes, do it", "four seven", "fixed line", "yes", "keep watch"])
    answered = cues() - 1
    p.answer(next(answers))
    while not ended():
        await until(lambda: cues() > answered or ended())
        if cues() > answered and not ended():
            answered = cues()
            p.answer(next(answers, "copy"))
    await until(lambda: window.pages.currentWidget() is window.debrief_page)
    await grab("09-debrief")
    window.show_history()
    panel = window.history_panel
    await until(lambda: panel.list.count() > 0)
    panel.list.setCurrentRow(0)
    await until(lambda: "NOVA-7" in panel.text.toPlainText() or len(panel.text.toPlainText()) > 200)
    await grab("10-history", window._history)
    window._history.close()
    p.new_mission()
    await grab("11-new-mission")
    await p.shutdown()
    await services.stop()
    window.close()


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    dark = "--dark" in sys.argv
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    if dark:
        palette = QPalette()
        for role, colour in ((QPalette.ColorRole.Window, "#232629"), (QPalette.ColorRole.WindowText, "#eeeeee"),
                             (QPalette.ColorRole.Base, "#1b1e20"), (QPalette.ColorRole.Text, "#eeeeee"),
                             (QPalette.ColorRole.Button, "#31363b"), (QPalette.ColorRole.ButtonText, "#eeeeee")):
            palette.setColor(role, QColor(colour))
        app.setPalette(palette)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(shoot(out, dark))


if __name__ == "__main__":
    main()

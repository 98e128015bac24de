# SPDX-License-Identifier: GPL-3.0-or-later
"""Take screenshots of the real window (run under Xvfb with QT_QPA_PLATFORM=xcb).

    python -m tests.ui.shoot OUT_DIR [--dark]

Plays an offline mission in virtual time and grabs the window from the X
server at sign-in, brief, on air and debrief. Needs FMDESK_MONGO_URI (and
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


async def shoot(out: Path, dark: bool) -> None:
    suffix = "-dark" if dark else ""
    services = WindowServices(load_settings(), fast=True)
    await services.start()
    window = MainWindow(services)
    window.resize(1100, 760)
    window.show()
    screen = QApplication.primaryScreen()

    async def grab(name: str) -> None:
        await settle()
        screen.grabWindow(window.winId()).save(str(out / f"{name}{suffix}.png"))

    p = window.presenter
    p.start()
    await until(lambda: window.sign_in_page.callsign.count() >= 0 and window.pages.currentWidget() is window.sign_in_page)
    window.sign_in_page.callsign.setCurrentText("NOVA-7")
    await grab("1-sign-in")
    p.sign_in("NOVA-7")
    await until(lambda: window.pages.currentWidget() is window.brief_page)
    p.request_mission()
    await until(lambda: p.mission is not None)
    window.face.set_frequency(p.mission.brief.frequency_mhz - 0.3)
    p.tune(p.mission.brief.frequency_mhz - 0.3)
    await grab("2-brief")
    events = []
    p.session.events.subscribe(events.append)
    p.tune(p.mission.brief.frequency_mhz)
    window.face.set_frequency(p.mission.brief.frequency_mhz)
    answers = iter(["the north one", "yes, do it", "four seven", "fixed line", "yes", "keep watch"])
    shot = False
    answered = 0

    def cues() -> int:
        return sum(isinstance(e, ev.CueOpened) for e in events)

    def ended() -> bool:
        return any(isinstance(e, ev.MissionEnded) for e in events)

    while not ended():
        # Count cues rather than watch TALK: in virtual time the next cue can
        # open before TALK was ever seen disabled.
        await until(lambda: cues() > answered or ended())
        if cues() > answered:
            await until(lambda: window.talk.isEnabled() or ended())
            if not shot and answered >= 1:
                window.talk.set_countdown(0.7)
                await grab("3-on-air")
                shot = True
            p.answer(next(answers, "copy"))
            answered += 1
    await until(lambda: window.pages.currentWidget() is window.debrief_page)
    await until(lambda: window.debrief_page.history.list.count() > 0)
    window.debrief_page.history.list.setCurrentRow(0)
    await asyncio.sleep(0.3)
    await grab("4-debrief")
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

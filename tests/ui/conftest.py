# SPDX-License-Identifier: GPL-3.0-or-later
"""Window tests: one offscreen QApplication (pytest-qt's qapp), a qasync loop
on it, and window services on the real embedded database."""

from __future__ import annotations

import asyncio
import os
import time
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
import qasync  # noqa: E402

from fmdesk.app import WindowServices  # noqa: E402
from fmdesk.config import load_settings  # noqa: E402


class SteppedLoop(qasync.QEventLoop):
    """The qasync loop, run in steps by a test.

    qasync's own run_until_complete processes Qt events once more after the
    loop has stopped, with no running loop set: a task woken then (a store
    write finishing on its worker) fails with "no running event loop". The
    app runs one run_until_complete for its whole life, so only a test that
    runs the loop in steps meets this; here nothing runs outside the loop."""

    def run_until_complete(self, future):
        future = asyncio.ensure_future(future, loop=self)
        future.add_done_callback(lambda _: self.stop())
        self.run_forever()
        if not future.done():
            raise RuntimeError("the loop stopped before the future completed")
        return future.result()


# Closed loops are kept for the whole run. A closed qasync loop's timer
# object still has Qt timers registered for its pending call_later handles
# (they are killed as they fire); if the garbage collector freed that
# object, from whatever thread it runs in, Qt would later deliver a timer
# event to freed memory (a segfault in QTimerInfoList::activateTimers seen
# here under gdb). The app runs one loop for its whole life.
_CLOSED_LOOPS: list[SteppedLoop] = []


@pytest.fixture
def qloop(qapp):
    loop = SteppedLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    _CLOSED_LOOPS.append(loop)
    asyncio.set_event_loop(None)


@pytest.fixture
def services(mongo_server, qloop):
    overrides = {"mongo.uri": mongo_server.uri, "mongo.database": f"fmdesk_ui_{uuid.uuid4().hex[:10]}"}
    services = WindowServices(load_settings(overrides), overrides, fast=True)
    qloop.run_until_complete(services.start())
    yield services
    qloop.run_until_complete(services.stop())


@pytest.fixture
def real_time_services(mongo_server, qloop):
    """Window services in real time on the silent radio (lines take as long
    as they would to say): for what happens while a caller speaks."""
    overrides = {"mongo.uri": mongo_server.uri, "mongo.database": f"fmdesk_ui_{uuid.uuid4().hex[:10]}",
                 "audio.enabled": False}
    services = WindowServices(load_settings(overrides), overrides)
    qloop.run_until_complete(services.start())
    yield services
    qloop.run_until_complete(services.stop())


def wait_until(loop, condition, timeout_s: float = 20.0, what: str = "condition", window=None) -> None:
    """Run the qasync loop (Qt events included) until `condition()` holds.

    On a timeout the message carries what the window was saying and how the
    mission's play task ended, so a CI failure explains itself."""
    async def waiting():
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}{_window_state(window)}")
            await asyncio.sleep(0.02)
    loop.run_until_complete(waiting())


def _window_state(window) -> str:
    if window is None:
        return ""
    play = window.presenter._play
    if play is None:
        task = "no play task"
    elif not play.done():
        task = "play task running"
    elif play.cancelled():
        task = "play task cancelled"
    else:
        task = f"play task ended: {play.exception()!r}"
    return f" (status bar: {window.statusBar().currentMessage()!r}; {task})"


def on_air(qtbot, qloop, services, callsign: str):
    """A window signed in as `callsign`, its mission requested and tuned in:
    (window, presenter, every session event from the tuning on)."""
    from fmdesk.ui.window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    p = window.presenter
    p.start()
    wait_until(qloop, lambda: p.session is not None, what="a session")
    p.sign_in(callsign)
    wait_until(qloop, lambda: p.player is not None, what="signed in")
    p.request_mission()
    wait_until(qloop, lambda: p.mission is not None, what="the brief")
    events: list = []
    p.session.events.subscribe(events.append)
    p.tune(p.mission.brief.frequency_mhz)
    return window, p, events

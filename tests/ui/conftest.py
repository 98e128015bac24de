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


@pytest.fixture
def qloop(qapp):
    loop = SteppedLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def services(mongo_server, qloop):
    overrides = {"mongo.uri": mongo_server.uri, "mongo.database": f"fmdesk_ui_{uuid.uuid4().hex[:10]}"}
    services = WindowServices(load_settings(overrides), overrides, fast=True)
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

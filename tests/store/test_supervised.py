# SPDX-License-Identifier: GPL-3.0-or-later
"""The embedded server, supervised: killed, it is started again on the same
data folder and port, and what was stored is still there; a server killed
while it starts is recorded, then adopted by the next start."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time

from fmdesk.app import App
from fmdesk.config import Settings
from fmdesk.store.embedded import EmbeddedServer, _pid_alive


async def test_a_killed_server_is_started_again_and_the_show_reconnects(tmp_path):
    app = App(Settings(data_dir=str(tmp_path)))
    store = await app.start()
    try:
        player = await store.sign_in("NOVA-7")
        first_pid, port = app.server.pid, app.server.port
        os.kill(first_pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while not (app.server.pid != first_pid and app.server.alive()):
            assert time.monotonic() < deadline, "the server was never started again"
            await asyncio.sleep(0.1)
        assert app.server.port == port, "the same port: every fmdesk on the folder finds it"
        assert await store.sign_in("NOVA-7") == player, "the data survived"
        state = json.loads((tmp_path / "mongo" / "server.json").read_text())
        assert state == {"pid": app.server.pid, "port": port}
        restarted = app.server.pid
    finally:
        await app.stop()
    assert not _pid_alive(restarted), "the last fmdesk to leave stops it"


def test_a_server_whose_starter_was_killed_is_recorded_and_adopted(tmp_path):
    # The starter dies right after spawning (before the server answers): the
    # record is already written, so the next start adopts that server.
    first = EmbeddedServer(tmp_path)
    first.data_dir.mkdir(parents=True, exist_ok=True)
    first._spawn()
    orphan = first.pid
    assert json.loads((tmp_path / "server.json").read_text())["pid"] == orphan
    second = EmbeddedServer(tmp_path)
    try:
        second.start()
        assert second.pid == orphan, "adopted, not a second server on the same folder"
    finally:
        second.stop()
    assert not _pid_alive(orphan)

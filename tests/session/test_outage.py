# SPDX-License-Identifier: GPL-3.0-or-later
"""The database dies mid-mission (kill -9) and comes back: the show pauses,
says so, and no turn is lost or duplicated."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess

from fmdesk.session import events as ev
from fmdesk.store.database import Store
from fmdesk.store.embedded import EmbeddedServer, _pid_alive
from tests.session.harness import answer_soon, briefed_mission, make_session


async def test_the_show_waits_out_a_database_crash(tmp_path):
    server = EmbeddedServer(tmp_path / "mongo")
    server.start()
    port, data = server.port, tmp_path / "mongo" / "db"
    store = Store(server.uri, timeout_s=1.0)
    await store.connect()
    restarted: list[subprocess.Popen] = []

    def restart() -> None:
        restarted.append(subprocess.Popen(
            [*server.command, "--host", "127.0.0.1", "--port", str(port), "--storage-path", str(data),
             "--sync-on-commit"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

    try:
        session, rec = make_session(store, answer=answer_soon("yes"))
        mission_id = await briefed_mission(session, time_limit_s=150)
        crashed = []

        def crash_after_five_lines(event) -> None:
            if isinstance(event, ev.LineFinished) and event.seq >= 5 and not crashed:
                os.kill(server.pid, signal.SIGKILL)
                crashed.append(event.seq)
                asyncio.get_running_loop().call_later(2.0, restart)

        session.events.subscribe(crash_after_five_lines)
        outcome = await session.play(mission_id)

        trouble = rec.of(ev.Trouble)
        assert trouble and trouble[0].source == "store" and trouble[0].retrying
        assert "unreachable" in trouble[0].message and "paused" in trouble[0].message
        assert rec.of(ev.TroubleCleared)
        turns = await store.turns(mission_id)
        aired = [e.seq for e in rec.events if isinstance(e, (ev.LineFinished, ev.GapStarted))]
        assert [t.seq for t in turns] == list(range(len(turns)))
        assert set(aired) <= {t.seq for t in turns}, "every aired segment is stored"
        assert (await store.mission(mission_id)).play.outcome == outcome
    finally:
        await store.close()
        for process in restarted:
            process.terminate()
            process.wait(timeout=30)
        if _pid_alive(server.pid or 0):
            os.kill(server.pid, signal.SIGKILL)

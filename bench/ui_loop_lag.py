# SPDX-License-Identifier: GPL-3.0-or-later
"""How late the window's event loop runs while a mission plays (goal: p99 <= 30 ms).

Opens the real window (offscreen unless DISPLAY is set and QT_QPA_PLATFORM
says otherwise) on the qasync loop, plays an offline mission in real time
with the embedded database, and measures how late a 10 ms timer fires on
that loop. Prints figures; asserts nothing.

    python bench/ui_loop_lag.py [--seconds 45]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from fmdesk.app import WindowServices  # noqa: E402
from fmdesk.config import load_settings  # noqa: E402
from fmdesk.session import events as ev  # noqa: E402
from fmdesk.ui.window import MainWindow  # noqa: E402


async def measure(seconds: int) -> list[float]:
    services = WindowServices(load_settings())
    await services.start()
    window = MainWindow(services)
    window.show()
    p = window.presenter
    p.start()
    p.sign_in("BENCH-1")
    while p.player is None:
        await asyncio.sleep(0.01)
    # A short mission: the time limit comes from the brief, so ask for one and shorten it.
    session = p.session
    mission_id = await session.request_mission(p.player, seed=7, time_limit_s=seconds)
    p.mission = await session.wait_until_ready(mission_id)
    ended = asyncio.Event()
    session.events.subscribe(lambda e: ended.set() if isinstance(e, ev.MissionEnded) else None)
    session.events.subscribe(lambda e: asyncio.get_running_loop().call_later(
        0.8, session.answer, "yes") if isinstance(e, ev.CueOpened) else None)
    p.tune(p.mission.brief.frequency_mhz)
    lags = []
    while not ended.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append(max(0.0, time.perf_counter() - started - 0.01))
    await p.shutdown()
    await services.stop()
    window.close()
    return lags


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=45)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FMDESK_DATA_DIR"] = folder
        os.environ["FMDESK_CONFIG"] = str(Path(folder) / "config.toml")
        app = QApplication(sys.argv[:1])
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        with loop:
            lags = loop.run_until_complete(measure(args.seconds))
    ms = sorted(lag * 1000 for lag in lags)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    print(f"event-loop lag over a {args.seconds} s mission ({len(ms)} samples of a 10 ms timer):")
    print(f"  p50 {statistics.median(ms):.1f} ms   p99 {p99:.1f} ms   max {ms[-1]:.1f} ms   (goal p99 <= 30 ms)")


if __name__ == "__main__":
    main()

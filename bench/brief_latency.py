# SPDX-License-Identifier: GPL-3.0-or-later
"""How fast a mission's brief is ready with the offline director (goal: < 1 s).

Starts the real embedded database in a temporary folder, then requests
missions and times request -> `completed` as the player waits for it (the
session polls the mission; here every 10 ms so the poll does not dominate).
Prints figures; asserts nothing.

    python bench/brief_latency.py [--missions 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmdesk.director.offline.director import OfflineDirector  # noqa: E402
from fmdesk.session.clock import VirtualClock  # noqa: E402
from fmdesk.session.engine import Session  # noqa: E402
from fmdesk.store.database import Store  # noqa: E402
from fmdesk.store.embedded import EmbeddedServer  # noqa: E402


async def measure(uri: str, missions: int) -> list[float]:
    store = Store(uri)
    await store.connect()
    session = Session(store, OfflineDirector(), clock=VirtualClock(), poll_interval_s=0.01)
    player = await session.sign_in("BENCH-1")
    times = []
    for seed in range(missions):
        started = time.perf_counter()
        mission_id = await session.request_mission(player, seed=seed)
        mission = await session.wait_until_ready(mission_id)
        times.append(time.perf_counter() - started)
        assert mission.status == "completed"
    await store.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--missions", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = EmbeddedServer(Path(folder))
        started = time.perf_counter()
        uri = server.start()
        server_start = time.perf_counter() - started
        try:
            times = asyncio.run(measure(uri, args.missions))
        finally:
            server.stop()
    ms = sorted(t * 1000 for t in times)
    print(f"embedded database start (first ping): {server_start * 1000:.0f} ms")
    print(f"brief ready, offline director, {len(ms)} missions:")
    print(f"  p50 {statistics.median(ms):.1f} ms   p95 {ms[int(len(ms) * 0.95) - 1]:.1f} ms   "
          f"max {ms[-1]:.1f} ms   (goal < 1000 ms)")


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: GPL-3.0-or-later
"""Chaos: real-time missions killed with SIGKILL at a random moment of their
first 20 s on air, some with the database server killed too. After each,
`--resume` reaches the debrief, and every line the `--json` stream showed as
started before the kill, but the one on air, is in MongoDB with contiguous
seqs. Five missions run at a time, each on a data folder of its own (most
of a mission is waiting for its kill)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fmdesk.director.offline.director import plan_mission
from tests.conftest import fmdesk_env

pytestmark = [pytest.mark.e2e, pytest.mark.chaos]
FMDESK = [sys.executable, "-m", "fmdesk"]
MISSIONS = int(os.environ.get("FMDESK_CHAOS_MISSIONS", "30"))
AIR_S = 20.0
WORKERS = 5


def _events(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def one_mission(folder: Path, number: int, rng: random.Random) -> str:
    """Play, kill, resume; returns a line for the report, or raises AssertionError."""
    callsign, seed = f"CHAOS-{number}", 100 + number
    plan = plan_mission(seed, callsign)
    env = fmdesk_env(folder)
    process = subprocess.Popen(
        [*FMDESK, "play", "--headless", "--callsign", callsign, "--seed", str(seed), "--time-limit", "120",
         "--tune", plan.values["frequency"], "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    seen: list[tuple[float, dict]] = []
    on_air = threading.Event()

    def read() -> None:
        for line in process.stdout:
            if line.startswith("{"):
                event = json.loads(line)
                seen.append((time.monotonic(), event))
                if event["kind"] == "on_air":
                    on_air.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert on_air.wait(120), f"mission {number} never went on air"
        time.sleep(rng.uniform(0.0, AIR_S))  # the kill's random moment (the point of this test)
        os.kill(process.pid, signal.SIGKILL)
        killed_db = rng.random() < 0.3
        if killed_db:
            state = json.loads((folder / "data" / "mongo" / "server.json").read_text())
            os.kill(state["pid"], signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        reader.join(timeout=10)
    events = [e for _, e in seen]
    mission_id = next(e["mission_id"] for e in events if e["kind"] == "mission_requested")
    started = [e["seq"] for e in events if e["kind"] == "line_started"]

    resumed = subprocess.run([*FMDESK, "play", "--headless", "--callsign", callsign, "--resume", "--fast", "--json"],
                             input="", capture_output=True, text=True, timeout=300, env=env)
    assert resumed.returncode == 0, f"mission {number}: resume failed: {resumed.stderr[-500:]}"
    after = _events(resumed.stdout)
    assert after[-1]["kind"] == "mission_ended", f"mission {number}: no debrief"
    replay = subprocess.run([*FMDESK, "replay", mission_id, "--json"], capture_output=True, text=True,
                            timeout=120, env=env)
    stored = json.loads(replay.stdout)["turns"]
    seqs = [t["seq"] for t in stored]
    assert seqs == list(range(len(seqs))), f"mission {number}: seqs not contiguous: {seqs}"
    lost = [s for s in started[:-1] if s not in seqs]  # the last one started may have been on air
    assert not lost, f"mission {number}: lines heard before the kill are missing: {lost}"
    return f"mission {number}: {len(started)} lines started, killed{' with the database' if killed_db else ''}"


@pytest.mark.timeout(1500)  # 30 real-time missions, five at a time: about 2.5 minutes
def test_killed_missions_resume_with_nothing_heard_lost(tmp_path):
    rng = random.Random(int(os.environ.get("FMDESK_CHAOS_SEED", "20261202")))
    plans = [(tmp_path / f"worker-{i % WORKERS}", i, random.Random(rng.random())) for i in range(MISSIONS)]
    for folder, _, _ in plans:
        folder.mkdir(exist_ok=True)
    by_worker = {w: [p for p in plans if p[1] % WORKERS == w] for w in range(WORKERS)}

    def worker(jobs) -> list[str]:
        return [one_mission(*job) for job in jobs]

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        reports = [line for lines in pool.map(worker, by_worker.values()) for line in lines]
    assert len(reports) == MISSIONS
    print("\n".join(reports))

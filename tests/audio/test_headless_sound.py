# SPDX-License-Identifier: GPL-3.0-or-later
"""The real `fmdesk play --headless --sound` process on real devices: the
callers through the speakers, an answer spoken with /talk … Enter."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time

import pytest

from fmdesk.director.offline.director import plan_mission
from tests.conftest import fmdesk_env
from tests.hearing import hearing_set
from tests.hearing.scoring import wer

pytestmark = pytest.mark.e2e


def test_a_terminal_player_speaks_an_answer_with_talk_and_enter(tmp_path, model_file, sound_server):
    (tmp_path / "config.toml").write_text("[voice]\nkokoro = false\n")
    clip = next(c for c in hearing_set.speech("clean") if c.voice == "piper" and len(c.text.split()) >= 4)
    frequency = plan_mission(4, "TALKER").values["frequency"]
    process = subprocess.Popen(
        [sys.executable, "-m", "fmdesk", "play", "--headless", "--sound", "--callsign", "talker", "--seed", "4",
         "--time-limit", "150", "--tune", frequency],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        env=fmdesk_env(tmp_path, FMDESK_HEARING_MODEL=str(model_file), PYTHONFAULTHANDLER="1"))
    output: list[str] = []

    def read() -> None:
        for line in process.stdout:
            output.append(line)

    def until(what: str, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while not any(what in line for line in output):
            assert time.monotonic() < deadline and process.poll() is None, f"no '{what}' in:\n" + "".join(output)
            time.sleep(0.05)

    def send(text: str) -> None:
        process.stdin.write(text + "\n")
        process.stdin.flush()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        until("is waiting for you")
        send("/talk")
        until("talking…")
        sound_server.say_into_mic(clip.path).wait()
        time.sleep(0.3)
        send("")
        until("YOU:")
        process.send_signal(signal.SIGINT)  # heard: pause the mission (it stays resumable)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # Still running a minute after Ctrl-C: make it print every thread's
            # stack (PYTHONFAULTHANDLER) and fail with what it said.
            process.send_signal(signal.SIGABRT)
            process.wait(timeout=30)
            raise AssertionError("fmdesk did not stop within 60 s of Ctrl-C:\n" + process.stderr.read()
                                 + "".join(output)) from None
    finally:
        if process.poll() is None:
            process.kill()
    reader.join(timeout=10)
    text = "".join(output)
    assert process.returncode == 130, process.stderr.read() + text
    missions = subprocess.run([sys.executable, "-m", "fmdesk", "missions", "--json"], capture_output=True,
                              text=True, env=fmdesk_env(tmp_path), timeout=60)
    latest = json.loads(missions.stdout.splitlines()[0])
    mission_id = latest.get("id") or latest["_id"]
    replay = subprocess.run([sys.executable, "-m", "fmdesk", "replay", mission_id, "--json"], capture_output=True,
                            text=True, env=fmdesk_env(tmp_path), timeout=60)
    turns = json.loads(replay.stdout)["turns"]
    voiced = [t for t in turns if t["kind"] == "player" and t["source"] == "voice"]
    assert len(voiced) == 1 and wer([clip.text], [voiced[0]["text"]]) <= 0.4, voiced

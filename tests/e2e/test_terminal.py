# SPDX-License-Identifier: GPL-3.0-or-later
"""A player at a real terminal (a pty), in real time on the silent radio:
a line typed while a caller talks is kept and answers the question, /again
hears the last transmission again, /talk confirms, Ctrl-C pauses."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import threading
import time

import pytest

from fmdesk.director.offline.director import plan_mission
from tests.conftest import fmdesk_env

pytestmark = pytest.mark.e2e


def test_a_terminal_player_types_ahead_says_again_and_talks(tmp_path):
    frequency = plan_mission(7, "TYPIST").values["frequency"]
    main, typist = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "fmdesk", "play", "--headless", "--callsign", "typist", "--seed", "7",
         "--time-limit", "60", "--tune", frequency],
        stdin=typist, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
        env=fmdesk_env(tmp_path))
    os.close(typist)
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(process.stdout), daemon=True).start()

    def until(what: str, timeout_s: float = 90) -> int:
        deadline = time.monotonic() + timeout_s
        while True:
            hits = [i for i, line in enumerate(list(output)) if what in line]
            if hits:
                return hits[0]
            assert time.monotonic() < deadline and process.poll() is None, f"no '{what}' in:\n" + "".join(output)
            time.sleep(0.05)

    def send(text: str) -> None:
        os.write(main, (text + "\n").encode())

    try:
        until("On this channel")
        first = until(": ")  # a caller's first line is on air
        assert not any("waiting for you" in line for line in output[:first + 1])
        send("standing by")
        until("✎ kept: “standing by”")
        until("YOU: standing by")
        until("is waiting for you")
        send("/again")
        until("↻ say again")
        send("/talk")
        until("TALK is down (no microphone)")
        send("copy")
        until("YOU: copy")
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    text = "".join(output)
    assert process.returncode == 130, process.stderr.read() + text
    assert text.index("✎ kept") < text.index("YOU: standing by")

# SPDX-License-Identifier: GPL-3.0-or-later
"""The real window under Xvfb (xcb): screenshots of every state, saved in
artifacts/screenshots/ for a reviewer to look at."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import fmdesk_env

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
STATES = ("01-sign-in", "02-brief", "03-tuning", "04-speaking", "05-cue", "06-say-again", "07-recording",
          "08-hearing", "09-debrief", "10-history", "11-new-mission")


@pytest.fixture(scope="module")
def display():
    if shutil.which("Xvfb") is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is not installed: .ci/run installs Debian's xvfb")
        pytest.skip("Xvfb is not installed (Debian package xvfb)")
    number = 90 + os.getpid() % 500
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 15
    while not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots_of_every_state(display, mongo_server, tmp_path, dark):
    env = fmdesk_env(tmp_path, DISPLAY=display, QT_QPA_PLATFORM="xcb", FMDESK_MONGO_URI=mongo_server.uri,
                     FMDESK_MONGO_DATABASE=f"fmdesk_shots_{uuid.uuid4().hex[:8]}")
    done = subprocess.run([sys.executable, "-m", "tests.ui.shoot", str(ARTIFACTS), *(["--dark"] if dark else [])],
                          env=env, capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    for state in STATES:
        image = QImage(str(ARTIFACTS / f"{state}{'-dark' if dark else ''}.png"))
        assert not image.isNull(), state
        if state != "10-history":  # a dialog
            assert image.width() >= 1000 and image.height() >= 700
        sample = {image.pixelColor(x, y).name() for x in range(0, image.width(), 23)
                  for y in range(0, image.height(), 23)}
        assert len(sample) > 20, f"{state} looks blank"

# SPDX-License-Identifier: GPL-3.0-or-later
"""`fmdesk play --director gemini`, the real process against the local fake API."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import fmdesk_env
from tests.fake_gemini import FakeGemini

pytestmark = pytest.mark.e2e


@pytest.fixture
def fake():
    server = FakeGemini(autopilot=True).start()
    yield server
    server.stop()


def play(tmp_path, env_extra, stdin="keep going\n" * 8):
    return subprocess.run(
        [sys.executable, "-m", "fmdesk", "play", "--headless", "--callsign", "NOVA-7", "--director", "gemini",
         "--tune", "101.3", "--time-limit", "60", "--fast", "--json"],
        input=stdin, capture_output=True, text=True, timeout=120, env=fmdesk_env(tmp_path, **env_extra))


def test_a_gemini_mission_from_the_command_line(tmp_path, fake):
    done = play(tmp_path, {"GEMINI_API_KEY": fake.key, "FMDESK_GEMINI_BASE_URL": fake.url})
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert events[1]["kind"] == "brief_ready" and events[1]["title"] == "The Glacier Relay"
    assert events[-1]["kind"] == "mission_ended"
    assert fake.of("brief") and fake.of("batch") and fake.of("judge")
    assert fake.key not in done.stdout + done.stderr


def test_without_a_key_the_offline_director_plays(tmp_path):
    done = play(tmp_path, {"GEMINI_API_KEY": "", "GOOGLE_API_KEY": ""}, stdin="")
    assert "No Gemini API key" in done.stderr and "Playing with the offline director" in done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert events[0]["director"] == "offline"


def test_doctor_online_tries_the_key_once_and_never_shows_it(tmp_path, fake):
    from tests.fake_gemini import text_reply

    def doctor(key):
        return subprocess.run([sys.executable, "-m", "fmdesk", "doctor", "--online"], capture_output=True, text=True,
                              timeout=180, env=fmdesk_env(tmp_path, GEMINI_API_KEY=key,
                                                          FMDESK_GEMINI_BASE_URL=fake.url))

    fake.add(text_reply("OK"))
    good = doctor(fake.key)
    gemini = next(line for line in good.stdout.splitlines() if "Gemini key" in line)
    assert gemini.startswith("✓") and "accepted" in gemini, good.stdout
    assert len(fake.seen) == 1 and fake.seen[0].key == fake.key
    bad = doctor("wrong-key-42")
    gemini = next(line for line in bad.stdout.splitlines() if "Gemini key" in line)
    assert gemini.startswith("✗") and "refused" in gemini and "set-key" in gemini
    assert fake.key not in good.stdout + bad.stdout and "wrong-key-42" not in bad.stdout

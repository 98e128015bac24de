# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole mission voiced into one WAV file by the real `fmdesk` process:
every caller cast to a voice of their own, the lines intelligible through
the radio, the file as long as the show."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from fmdesk.director.offline.director import plan_mission
from fmdesk.hearing.audio import read_wav
from tests.conftest import fmdesk_env
from tests.hearing.scoring import wer

pytestmark = pytest.mark.e2e
FMDESK = [sys.executable, "-m", "fmdesk"]


def run(tmp_path, *args, timeout=600):
    return subprocess.run([*FMDESK, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=fmdesk_env(tmp_path), timeout=timeout)


async def test_a_mission_voiced_into_a_wav_file(tmp_path, hearing):
    (tmp_path / "config.toml").write_text("[session]\nanswer_window_s = 1.0\n")
    wav = tmp_path / "out" / "mission.wav"
    frequency = plan_mission(11, "WAV-1").values["frequency"]
    done = run(tmp_path, "play", "--headless", "--callsign", "wav-1", "--seed", "11", "--time-limit", "60",
               "--tune", frequency, "--fast", "--json", "--wav-out", str(wav))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "mismatch" not in done.stderr, "engine chatter stays off the terminal"
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    replay = json.loads(run(tmp_path, "replay", events[-1]["mission_id"], "--json").stdout)

    callers = replay["mission"]["brief"]["callers"]
    voices = [c["voice"] for c in callers]
    assert None not in voices and len(set(voices)) == len(voices), "a voice each"

    pcm, rate = read_wav(wav)
    samples = pcm.astype(np.float32) / 32768.0
    turns = replay["turns"]
    show_s = max(t["t"] + t["seconds"] for t in turns)
    assert rate == 24000 and abs(len(samples) / rate - show_s) < 1.5, (len(samples) / rate, show_s)

    # The radio bed runs under gaps and waits: never digital zero for long.
    window = rate // 10
    quiet = [np.abs(samples[i:i + window]).max() for i in range(0, len(samples) - window, window)]
    assert min(quiet) > 0.0005, "gaps are radio silence, not digital zero"

    # The lines are heard back by the hearing path.
    lines = [t for t in turns if t["kind"] == "line"][:4]
    heard = []
    for line in lines:
        piece = samples[int(line["t"] * rate): int((line["t"] + line["seconds"]) * rate)]
        heard.append((await hearing.hear(piece, rate)).text)
    assert wer([t["text"] for t in lines], heard) <= 0.35, list(zip([t["text"] for t in lines], heard))

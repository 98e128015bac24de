# SPDX-License-Identifier: GPL-3.0-or-later
"""The real `fmdesk` process with the hearing path: `fmdesk transcribe`, and a
headless mission answered from a folder of WAV files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from fmdesk.director.offline.director import plan_mission
from fmdesk.hearing.audio import read_wav
from tests.conftest import fmdesk_env
from tests.hearing import hearing_set
from tests.hearing.scoring import wer

pytestmark = pytest.mark.e2e
FMDESK = [sys.executable, "-m", "fmdesk"]


def run(tmp_path, *args, timeout=180, **env):
    return subprocess.run([*FMDESK, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=fmdesk_env(tmp_path, **env), timeout=timeout)


def test_transcribe_makes_the_model_then_hears_a_file(tmp_path):
    clip = next(c for c in hearing_set.speech("clean") if c.voice == "piper" and c.text.startswith("copy"))
    done = run(tmp_path, "transcribe", str(clip.path))
    assert done.returncode == 0, done.stderr
    assert wer([clip.text], [done.stdout.strip()]) <= 0.2
    assert "Making the speech model" in done.stderr  # first use: converted, with progress
    assert (tmp_path / "data" / "models" / "ggml-tiny.en.bin").exists()

    noise = next(c for c in hearing_set.noise() if c.path.stem == "breathing")
    done = run(tmp_path, "transcribe", str(noise.path), "--json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["text"] == "(player said nothing)" and got["said_nothing"] and not got["speech"]
    assert got["gate"] == "silero" and got["vad_max"] < 0.5 and got["whisper_ms"] == 0
    assert "Making the speech model" not in done.stderr  # made once

    done = run(tmp_path, "transcribe", str(tmp_path / "nope.wav"))
    assert done.returncode == 1 and "Cannot read" in done.stderr


def test_a_mission_answered_from_wav_files(tmp_path, model_file):
    answers = tmp_path / "answers"
    answers.mkdir()
    speech = [c for c in hearing_set.speech("clean") if c.voice == "espeak"]
    picks = [next(c for c in speech if c.text == "yes"), hearing_set.noise()[0],
             next(c for c in speech if c.text == "negative, hold your position")]
    for index, clip in enumerate(picks):
        shutil.copy(clip.path, answers / f"{index:02d}.wav")
    frequency = plan_mission(5, "EAR-1").values["frequency"]
    done = run(tmp_path, "play", "--headless", "--callsign", "ear-1", "--seed", "5", "--time-limit", "180",
               "--tune", frequency, "--fast", "--json", "--answers-dir", str(answers),
               FMDESK_HEARING_MODEL=str(model_file))
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    mission_id = events[-1]["mission_id"]
    replay = json.loads(run(tmp_path, "replay", mission_id, "--json").stdout)
    answered = [t for t in replay["turns"] if t["kind"] in ("player", "silence")]
    assert [t["source"] for t in answered[:3]] == ["voice"] * 3
    assert answered[0]["text"].lower().strip(".!") == "yes"
    assert answered[1]["kind"] == "silence"
    assert wer([picks[2].text], [answered[2]["text"]]) <= 0.34
    for turn, clip in zip(answered, picks):
        assert abs(turn["audio_seconds"] - len(read_wav(clip.path)[0]) / 16000) < 0.01
    # Files ran out: later cues lapse (stdin is closed), as silence.
    assert all(t["kind"] == "silence" for t in answered[3:])

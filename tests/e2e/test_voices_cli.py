# SPDX-License-Identifier: GPL-3.0-or-later
"""`fmdesk voices` and `fmdesk say`, the real process."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from fmdesk.hearing.audio import read_wav
from tests.conftest import fmdesk_env
from tests.hearing.scoring import wer

pytestmark = pytest.mark.e2e
FMDESK = [sys.executable, "-m", "fmdesk"]


def run(tmp_path, *args):
    return subprocess.run([*FMDESK, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=fmdesk_env(tmp_path), timeout=300)


def test_voices_lists_the_shipped_actors_and_where_they_came_from(tmp_path):
    done = run(tmp_path, "voices", "--json")
    assert done.returncode == 0, done.stderr
    actors = json.loads(done.stdout)
    assert len(actors) >= 12 and {a["gender"] for a in actors} >= {"male", "female"}
    assert {a["accent"] for a in actors} >= {"us", "uk"} and {a["age"] for a in actors} >= {"young", "adult", "older"}
    assert all("PyPI" in a["origin"] or "npm" in a["origin"] for a in actors)
    table = run(tmp_path, "voices").stdout
    assert "joe" in table and "kokoro/bm_lewis" in table and " UK " in table
    assert str(tmp_path / "data" / "voices") in table


async def test_say_renders_a_line_the_hearing_path_understands(tmp_path, hearing):
    text = "Bravo team, hold at the river crossing."
    out = tmp_path / "line.wav"
    done = run(tmp_path, "say", "--actor", "emma", "--radio", "0.7", text, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "first audio after" in done.stdout
    samples, rate = read_wav(out)
    assert len(samples) / rate > 1.5
    assert wer([text], [(await hearing.hear(samples, rate)).text]) <= 0.3

    clean = tmp_path / "clean.wav"
    assert run(tmp_path, "say", "--radio", "0", "Testing.", "-o", str(clean)).returncode == 0
    pcm, _ = read_wav(clean)
    assert np.abs(pcm[:100]).max() < 0.05 * 32768, "no squelch click on the clean voice"


def test_say_refuses_an_unknown_actor_and_a_bad_strength(tmp_path):
    done = run(tmp_path, "say", "--actor", "nobody", "hi", "-o", str(tmp_path / "x.wav"))
    assert done.returncode == 2 and "No actor 'nobody'" in done.stderr and "joe" in done.stderr
    done = run(tmp_path, "say", "--radio", "3", "hi", "-o", str(tmp_path / "x.wav"))
    assert done.returncode == 2 and "--radio" in done.stderr

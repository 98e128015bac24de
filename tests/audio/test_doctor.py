# SPDX-License-Identifier: GPL-3.0-or-later
"""`fmdesk doctor`, the real process, on a machine with a sound server: a
line per check with ✓/✗ and the fix; the exit code says whether something
fmdesk needs is missing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import fmdesk_env

pytestmark = pytest.mark.e2e


def doctor(tmp_path, *args, **env):
    return subprocess.run([sys.executable, "-m", "fmdesk", *args, "doctor"], capture_output=True, text=True,
                          env=fmdesk_env(tmp_path, **env), timeout=180)


def line(out: str, name: str) -> str:
    return next(text for text in out.splitlines() if text[2:].startswith(name + ":"))


def test_doctor_checks_this_machine(tmp_path, sound_server, model_file):
    done = doctor(tmp_path, FMDESK_HEARING_MODEL=str(model_file))
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    for name in ("Python", "package numpy", "voice Piper joe", "MongoDB", "config file"):
        assert line(out, name).startswith("✓"), line(out, name)
    assert line(out, "speakers").startswith("✓")
    assert "Hz" in line(out, "microphone") and "opens at" in line(out, "microphone")
    assert "loads in" in line(out, "speech model")
    assert "embedded server starts" in line(out, "MongoDB")
    gemini = line(out, "Gemini key")
    assert gemini.startswith("✗") and "set-key" in gemini and "(optional)" in gemini
    assert out.rstrip().endswith("All that fmdesk needs is here.")


def test_doctor_fails_when_the_database_is_unreachable_and_masks_the_password(tmp_path, sound_server):
    done = doctor(tmp_path, "--mongo-uri", "mongodb://ann:s3cret@127.0.0.1:9/")
    assert done.returncode == 1
    mongo = line(done.stdout, "MongoDB")
    assert mongo.startswith("✗") and "unreachable" in mongo and "s3cret" not in done.stdout
    assert "Something fmdesk needs is missing" in done.stdout

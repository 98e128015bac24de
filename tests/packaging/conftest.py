# SPDX-License-Identifier: GPL-3.0-or-later
"""One build of the one-folder app for every packaging test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))


def need(tool_found: bool, why: str) -> None:
    """Skip when a tool is missing, but fail in CI, which installs every one."""
    if not tool_found:
        if os.environ.get("CI"):
            pytest.fail(f"CI installs {why}")
        pytest.skip(why)


@pytest.fixture(scope="session")
def build_dirs(tmp_path_factory) -> tuple[Path, Path]:
    return tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("work")


@pytest.fixture(scope="session")
def built_folder(build_dirs) -> Path:
    pytest.importorskip("PyInstaller", reason="pip install -e '.[build]'")
    import build

    dist, work = build_dirs
    folder, seconds, size = build.build(dist, work)
    print(f"\nbuilt in {seconds:.0f} s, {size / 2**20:.0f} MB")
    return folder


def bare_env(tmp_path: Path, path: str = "/usr/bin:/bin") -> dict[str, str]:
    """No Python to lean on: no PYTHONPATH, no virtualenv, a PATH without it."""
    keep = ("HOME", "LANG", "TMPDIR", "XDG_RUNTIME_DIR", "PULSE_SERVER")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(PATH=path, FMDESK_CONFIG=str(tmp_path / "config.toml"),
               FMDESK_DATA_DIR=str(tmp_path / "data"), PYTHONNOUSERSITE="1",
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    return env

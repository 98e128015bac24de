# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad files and settings get one clear sentence and exit code 2, never a
traceback; no password is shown, however the URI is written."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys

import pytest

from fmdesk.store.uri import MaskPasswords, mask_uri
from tests.conftest import fmdesk_env

FMDESK = [sys.executable, "-m", "fmdesk"]


def run(tmp_path, *args, **env):
    return subprocess.run([*FMDESK, *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          env=fmdesk_env(tmp_path, **env))


def config_file(tmp_path):
    return tmp_path / "config.toml"  # FMDESK_CONFIG in fmdesk_env


@pytest.mark.parametrize("uri", [
    " mongodb://ann:s3cret@db.example/fmdesk", "http://ann:s3cret@db.example/", "mongodb://ann:s3@cret@db.example/",
])
def test_a_password_is_masked_however_the_uri_is_written(uri):
    assert "s3cret" not in mask_uri(f"failed to reach {uri} (timeout)") and "cret" not in mask_uri(uri)
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "could not reach %s", (uri,), None)
    MaskPasswords().filter(record)
    assert "cret" not in record.getMessage()


def test_a_wrong_scheme_with_a_password_is_refused_without_showing_it(tmp_path):
    done = run(tmp_path, "missions", FMDESK_MONGO_URI="http://ann:s3cret@db.example/")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "s3cret" not in done.stderr + done.stdout and "not a MongoDB URI" in done.stderr


@pytest.mark.parametrize("content, words", [
    (b"[mongo]\nuri = \"\xff\xfe\"\n", "not UTF-8"),
    (b"this is = = not toml [", "not valid TOML"),
    (b"mongo = \"x\"\n", "mongo"),
    (b"last_callsign = \"" + b"A" * 10000 + b"\"\n", "callsign"),
])
def test_a_bad_config_file_is_one_sentence(tmp_path, content, words):
    path = config_file(tmp_path)
    path.write_bytes(content)
    for args in (("missions",), ("config", "set", "audio.volume", "0.5")):
        done = run(tmp_path, *args, FMDESK_MONGO_URI="mongodb://127.0.0.1:9/")
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr and words in done.stderr, done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only modes")
def test_a_read_only_config_folder_is_one_sentence(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        done = run(tmp_path, "config", "set", "audio.volume", "0.5", FMDESK_CONFIG=str(folder / "config.toml"))
    finally:
        folder.chmod(stat.S_IRWXU)
    assert done.returncode == 2 and "Cannot write the config file" in done.stderr


def test_a_callsign_too_long_is_refused_before_it_is_stored(tmp_path):
    done = run(tmp_path, "config", "set", "last_callsign", "A" * 10000)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "callsign" in done.stderr

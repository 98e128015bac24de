# SPDX-License-Identifier: GPL-3.0-or-later
"""The Kokoro model joined from its four PyPI parts, checked, cached once."""

import hashlib

import pytest

from fmdesk.voice import kokoro_engine
from fmdesk.voice.engine import VoiceError


def parts(tmp_path, blobs):
    paths = []
    for i, blob in enumerate(blobs):
        path = tmp_path / f"part{i}.bin"
        path.write_bytes(blob)
        paths.append(path)
    return paths


def test_parts_are_joined_in_order_checked_and_cached(tmp_path):
    blobs = [b"alpha" * 1000, b"beta" * 10, b"", b"delta"]
    good = hashlib.sha256(b"".join(blobs)).hexdigest()
    cache = tmp_path / "cache"
    model = kokoro_engine.assemble_model(cache, parts=parts(tmp_path, blobs), sha256=good)
    assert model.read_bytes() == b"".join(blobs)
    made = model.stat().st_mtime_ns
    again = kokoro_engine.assemble_model(cache, parts=[], sha256=good)
    assert again == model and again.stat().st_mtime_ns == made, "joined once"


def test_a_wrong_checksum_leaves_nothing_behind(tmp_path):
    cache = tmp_path / "cache"
    with pytest.raises(VoiceError, match="does not match its checksum"):
        kokoro_engine.assemble_model(cache, parts=parts(tmp_path, [b"x", b"y"]), sha256="0" * 64)
    assert not any(cache.iterdir())


def test_a_cached_file_without_its_stamp_is_made_again(tmp_path):
    blobs = [b"one", b"two"]
    good = hashlib.sha256(b"onetwo").hexdigest()
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / kokoro_engine.MODEL_NAME).write_bytes(b"half a download")
    model = kokoro_engine.assemble_model(cache, parts=parts(tmp_path, blobs), sha256=good)
    assert model.read_bytes() == b"onetwo"


def test_the_installed_parts_make_the_shipped_model(kokoro_cache):
    assert kokoro_engine.shipped()
    model = kokoro_cache / kokoro_engine.MODEL_NAME
    assert model.stat().st_size > 80_000_000
    assert model.with_suffix(".onnx.sha256").read_text() == kokoro_engine.expected_sha256()

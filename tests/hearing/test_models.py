# SPDX-License-Identifier: GPL-3.0-or-later
"""Speech model files: the default made from the registry package (and
checked), the player's own files, and downloads from the official list,
tested against a local HTTP server."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import struct
import threading

import numpy as np
import pytest

from fmdesk.hearing import models
from fmdesk.hearing.convert import GGML_MAGIC, convert, mel_filters
from fmdesk.hearing.ct2 import ModelFormatError


def test_the_default_model_is_made_once_and_has_whisper_cpp_layout(model_file, hearing):
    assert model_file.name == models.DEFAULT_MODEL and model_file.stat().st_size > 70e6
    assert not list(model_file.parent.glob("*.part"))
    with open(model_file, "rb") as f:
        magic, *hparams = struct.unpack("<12i", f.read(48))
        n_mel, n_fft = struct.unpack("<ii", f.read(8))
        filters = np.frombuffer(f.read(4 * n_mel * n_fft), "<f4").reshape(n_mel, n_fft)
    assert magic == GGML_MAGIC
    # tiny.en: vocab, audio ctx/state/heads/layers, text ctx/state/heads/layers, mels, f16
    assert hparams == [51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1]
    assert np.allclose(filters, mel_filters(80), atol=1e-7) and filters.shape == (80, 201)
    # Made once: asking again returns the same file without converting.
    stamp = model_file.stat().st_mtime_ns
    assert models.default_model(model_file.parent, verify=lambda p: pytest.fail("converted again")) == model_file
    assert model_file.stat().st_mtime_ns == stamp


def test_a_model_that_fails_its_check_is_not_kept(tmp_path):
    with pytest.raises(models.ModelError, match="failed its check"):
        models.default_model(tmp_path, verify=lambda path: "thank you")
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_source_is_refused(tmp_path):
    source = tmp_path / "ct2"
    shutil.copytree(models.ct2_source(), source)
    with open(source / "model.bin", "r+b") as f:
        f.truncate(10_000)
    with pytest.raises(ModelFormatError):
        convert(source, tmp_path / "out.bin")
    assert not (tmp_path / "out.bin").exists()


def test_the_player_names_a_file_or_an_official_name(tmp_path, model_file):
    assert models.resolve("", tmp_path) is None
    assert models.resolve(str(model_file), tmp_path) == model_file
    (tmp_path / "ggml-base.en.bin").write_bytes(b"x")
    assert models.resolve("base.en", tmp_path) == tmp_path / "ggml-base.en.bin"
    with pytest.raises(models.ModelError, match="fmdesk models download"):
        models.resolve("small.en", tmp_path)


class _Files(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def model_server(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    payload = np.random.default_rng(5).bytes(3_000_000)
    (served / "ggml-tiny.bin").write_bytes(payload)
    (served / "ggml-base.bin").write_bytes(payload[:-1] + b"!")  # damaged on the way
    handler = lambda *a, **k: _Files(*a, directory=str(served), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hashlib.sha1(payload).hexdigest()
    server.shutdown()


def test_download_checks_the_sha_and_reports_progress(tmp_path, model_server, monkeypatch):
    url, sha = model_server
    monkeypatch.setitem(models.OFFICIAL_SHA1, "tiny", sha)
    monkeypatch.setitem(models.OFFICIAL_SHA1, "base", sha)
    seen = []
    path = models.download("tiny", tmp_path / "m", base_url=url, chunk=1 << 18,
                           progress=lambda fraction, what: seen.append(fraction))
    assert path.read_bytes()[:16] == (tmp_path / "served" / "ggml-tiny.bin").read_bytes()[:16]
    assert seen[-1] == 1.0 and len(seen) > 5 and seen == sorted(seen)
    with pytest.raises(models.ModelError, match="SHA-1 mismatch"):
        models.download("base", tmp_path / "m", base_url=url)
    with pytest.raises(models.ModelError, match="Could not download"):
        models.download("small", tmp_path / "m", base_url=url)  # 404
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["ggml-tiny.bin"]
    with pytest.raises(models.ModelError, match="not on the list"):
        models.download("huge", tmp_path / "m", base_url=url)


def test_a_failed_check_leaves_hearing_unloaded_and_saying_why(tmp_path, monkeypatch):
    from fmdesk.hearing.hearing import HearingError, WhisperHearing

    monkeypatch.setattr(models, "CHECK_WORDS", ("zebra",))
    hearing = WhisperHearing(tmp_path)
    for _ in range(2):  # asked again, it tries again rather than using the refused model
        with pytest.raises(HearingError, match="failed its check"):
            hearing.load()
    assert list(tmp_path.iterdir()) == []

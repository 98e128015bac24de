# SPDX-License-Identifier: GPL-3.0-or-later
"""Downloading an official Piper voice, against a local HTTP server laid out
like rhasspy/piper-voices: list, progress, checksum, and the voice is an actor."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading

import pytest

from fmdesk.voice import piper_downloads, piper_engine
from fmdesk.voice.engine import VoiceError
from fmdesk.voice.voicebox import VoiceBox, VoiceOptions


class _Files(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _entry(folder, rel, digest):
    data = (folder / rel).read_bytes()
    info = {"size_bytes": len(data)}
    if digest == "sha256":
        info["sha256_digest"] = hashlib.sha256(data).hexdigest()
    elif digest == "md5":
        info["md5_digest"] = hashlib.md5(data).hexdigest()
    else:
        info["sha256_digest"] = "0" * 64  # the list says one thing, the server serves another
    return info


@pytest.fixture
def voice_server(tmp_path):
    served = tmp_path / "served"
    joe = piper_engine.shipped_joe()
    listing = {}
    for key, digest in (("en_US-copy-medium", "sha256"), ("en_GB-other-low", "md5"),
                        ("en_US-damaged-low", "bad")):
        lang = key.split("-")[0]
        folder = served / "en" / lang / key.split("-")[1] / key.split("-")[2]
        folder.mkdir(parents=True)
        shutil.copy(joe, folder / f"{key}.onnx")
        shutil.copy(joe.with_suffix(".onnx.json"), folder / f"{key}.onnx.json")
        rel = folder.relative_to(served)
        listing[key] = {"key": key, "language": {"code": lang}, "quality": key.split("-")[2], "num_speakers": 1,
                        "files": {f"{rel}/{key}.onnx": _entry(served, f"{rel}/{key}.onnx", digest),
                                  f"{rel}/{key}.onnx.json": _entry(served, f"{rel}/{key}.onnx.json", "sha256"),
                                  f"{rel}/MODEL_CARD": {"size_bytes": 1, "md5_digest": "x"}}}
    (served / "voices.json").write_text(json.dumps(listing))
    handler = lambda *a, **k: _Files(*a, directory=str(served), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_list_is_read(voice_server):
    voices = {v.key: v for v in piper_downloads.catalog(voice_server)}
    assert set(voices) == {"en_US-copy-medium", "en_GB-other-low", "en_US-damaged-low"}
    assert voices["en_US-copy-medium"].size_mb > 50 and voices["en_GB-other-low"].language == "en_GB"


async def test_a_downloaded_voice_is_checked_and_becomes_an_actor(voice_server, tmp_path, kokoro_cache):
    voices_dir = tmp_path / "voices"
    seen = []
    path = piper_downloads.download_voice("en_US-copy-medium", voices_dir, base_url=voice_server,
                                          progress=lambda fraction, what: seen.append(fraction))
    assert path == voices_dir / "en_US-copy-medium.onnx" and path.with_suffix(".onnx.json").exists()
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 3
    piper_downloads.download_voice("en_GB-other-low", voices_dir, base_url=voice_server)  # MD5 on the list
    box = VoiceBox.build(VoiceOptions(voices_dir=voices_dir, cache_dir=kokoro_cache, kokoro=False))
    try:
        assert {"en_US-copy-medium", "en_GB-other-low"} <= set(box.actors)
        pieces = [p async for p in box.stream("en_US-copy-medium", "Downloaded and on air.")]
        assert sum(map(len, pieces)) > 10000
    finally:
        box.close()


def test_a_damaged_download_an_unknown_voice_and_no_network_are_said(voice_server, tmp_path):
    voices_dir = tmp_path / "voices"
    with pytest.raises(VoiceError, match="SHA-256 mismatch"):
        piper_downloads.download_voice("en_US-damaged-low", voices_dir, base_url=voice_server)
    assert not any(voices_dir.iterdir()), "nothing half-downloaded is kept"
    with pytest.raises(VoiceError, match="did you mean en_US-copy-medium"):
        piper_downloads.download_voice("copy", voices_dir, base_url=voice_server)
    with pytest.raises(VoiceError, match="offline"):
        piper_downloads.catalog("http://127.0.0.1:9")

# SPDX-License-Identifier: GPL-3.0-or-later
"""The official Piper voices, for a player who is online: the list
(`voices.json` of rhasspy/piper-voices), and a download into the voices
folder, checked against the list's digests (SHA-256 when the list has it,
else its MD5). Offline, the shipped voices are all there is, and that is fine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fmdesk.net.download import DownloadError, Progress, download_file, fetch_json
from fmdesk.voice.engine import VoiceError

OFFICIAL_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0"


@dataclass(frozen=True)
class CatalogVoice:
    key: str              # en_US-lessac-medium
    language: str         # en_US
    quality: str
    speakers: int
    files: dict           # path in the repo -> {"size_bytes", "md5_digest" / "sha256_digest"}

    @property
    def size_mb(self) -> float:
        return sum(int(f.get("size_bytes", 0)) for f in self.files.values()) / 1e6


def catalog(base_url: str = OFFICIAL_URL) -> list[CatalogVoice]:
    try:
        entries = fetch_json(f"{base_url.rstrip('/')}/voices.json")
    except DownloadError as exc:
        raise VoiceError(f"{exc.message} (offline? the shipped voices still work)") from exc
    voices = []
    for key, entry in sorted(entries.items()):
        language = entry.get("language", {})
        voices.append(CatalogVoice(key, language.get("code", ""), entry.get("quality", ""),
                                   int(entry.get("num_speakers", 1)), dict(entry.get("files", {}))))
    return voices


def _digests(info: dict) -> dict[str, str]:
    if info.get("sha256_digest"):
        return {"sha256": info["sha256_digest"]}
    if info.get("md5_digest"):
        return {"md5": info["md5_digest"]}
    return {}


def download_voice(key: str, voices_dir: Path, *, base_url: str = OFFICIAL_URL,
                   progress: Progress | None = None) -> Path:
    """Fetch a voice's .onnx.json then .onnx into `voices_dir`; returns the .onnx."""
    found = {v.key: v for v in catalog(base_url)}
    if key not in found:
        near = [k for k in found if key.lower() in k.lower()][:5]
        raise VoiceError(f"No Piper voice '{key}' on the list" + (f" (did you mean {', '.join(near)}?)" if near else "")
                         + ". See `fmdesk voices available`.")
    files = found[key].files
    config = next((p for p in files if p.endswith(".onnx.json")), None)
    model = next((p for p in files if p.endswith(".onnx")), None)
    if config is None or model is None:
        raise VoiceError(f"The list has no model files for '{key}'.")
    base = base_url.rstrip("/")
    config_target = voices_dir / Path(config).name
    try:
        download_file(f"{base}/{config}", config_target, digests=_digests(files[config]))
        return download_file(f"{base}/{model}", voices_dir / Path(model).name,
                             digests=_digests(files[model]), progress=progress)
    except DownloadError as exc:
        if not (voices_dir / Path(model).name).exists():
            config_target.unlink(missing_ok=True)
        raise VoiceError(exc.message) from exc

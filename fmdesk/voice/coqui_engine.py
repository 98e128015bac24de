# SPDX-License-Identifier: GPL-3.0-or-later
"""Coqui TTS (the maintained `coqui-tts` fork), an optional extra
(`pip install fmdesk[coqui]`: it pulls torch).

It loads a model the player already has: `model_path` + `config_path`, or a
model name already in Coqui's local model folder (never fetched: a name that
is not there is an error, not a download). Multi-speaker models are cast by
speaker name.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from fmdesk.voice.engine import VoiceError

_MODEL_SUFFIXES = (".pth", ".pt", ".tar")


def available() -> bool:
    import importlib.util

    return importlib.util.find_spec("TTS") is not None


def local_model_dir(name: str, root: Path | None = None) -> Path:
    """Where Coqui keeps a downloaded model: "tts_models/en/vctk/vits" is
    kept as "tts_models--en--vctk--vits" in its user data folder."""
    if root is None:
        env = os.environ.get("TTS_HOME") or os.environ.get("XDG_DATA_HOME")
        root = Path(env) / "tts" if env else Path.home() / ".local" / "share" / "tts"
    return Path(root) / name.replace("/", "--")


def resolve(model_name: str = "", model_path: str = "", config_path: str = "",
            models_root: Path | None = None) -> tuple[Path, Path]:
    """The (model, config) files to load. Raises VoiceError with what to do."""
    if model_path:
        model, config = Path(model_path), Path(config_path) if config_path else None
        if config is None:
            config = (model if model.is_dir() else model.parent) / "config.json"
    elif model_name:
        folder = local_model_dir(model_name, models_root)
        if not folder.is_dir():
            raise VoiceError(f"The Coqui model '{model_name}' is not in {folder.parent} and fmdesk "
                             "never downloads it: give voice.coqui_model_path and config_path instead.")
        model, config = folder, folder / "config.json"
    else:
        raise VoiceError("No Coqui model is set (voice.coqui_model or voice.coqui_model_path).")
    if model.is_dir():
        found = sorted(p for p in model.iterdir() if p.suffix in _MODEL_SUFFIXES)
        if not found:
            raise VoiceError(f"No Coqui checkpoint (.pth) in {model}.")
        model = found[0]
    for path in (model, config):
        if not path.exists():
            raise VoiceError(f"The Coqui model file {path} does not exist.")
    return model, config


class CoquiEngine:
    name = "coqui"

    def __init__(self, model: Path, config: Path, *, threads: int = 1):
        self.model, self.config = Path(model), Path(config)
        self.threads = threads
        self.sample_rate = 22050
        self._tts = None

    def load(self) -> None:
        if self._tts is not None:
            return
        try:
            import torch
            from TTS.api import TTS
        except ImportError as exc:
            raise VoiceError(f"Coqui TTS is not installed ({exc}): pip install 'fmdesk[coqui]'") from exc
        torch.set_num_threads(self.threads)
        try:
            tts = TTS(model_path=str(self.model), config_path=str(self.config), progress_bar=False)
        except Exception as exc:  # torch/Coqui raise many kinds: say which model
            raise VoiceError(f"Could not load the Coqui model {self.model}: {exc}") from exc
        self._tts = tts
        self.sample_rate = int(tts.synthesizer.output_sample_rate)

    def stop(self) -> None:
        """Coqui's torch inference cannot be stopped from outside: the sentence finishes."""

    def go(self) -> None:
        """Nothing to undo (see stop)."""

    @property
    def speakers(self) -> list[str]:
        self.load()
        return list(self._tts.speakers or [])

    def synthesize(self, text: str, voice: str, speed: float) -> np.ndarray:
        self.load()
        speakers = self.speakers
        if speakers and voice not in speakers:
            raise VoiceError(f"The Coqui model has no speaker '{voice}' ({len(speakers)} speakers).")
        kwargs = {"speaker": voice} if speakers else {}
        try:
            audio = self._tts.tts(text=text, speed=speed, **kwargs)
        except Exception as exc:
            raise VoiceError(f"Coqui could not say that: {exc}") from exc
        return np.asarray(audio, dtype=np.float32)

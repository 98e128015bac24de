# SPDX-License-Identifier: GPL-3.0-or-later
"""What every text-to-speech engine offers (engines are plugins behind it).

Engines are blocking and not thread-safe: the voice box calls them from its
one worker thread, never from the event loop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np


class VoiceError(Exception):
    """A voice could not be loaded or could not speak; `message` is for the player."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TtsEngine(Protocol):
    name: str          # "piper", "kokoro", "coqui"
    sample_rate: int   # of what synthesize() returns

    def load(self) -> None:
        """Load the model (slow; once). Raises VoiceError."""

    def synthesize(self, text: str, voice: str, speed: float) -> np.ndarray:
        """One sentence as float32 mono at `sample_rate`. `voice` is the
        engine's own name for a speaker (or a blend); speed 1.0 is normal."""


def onnx_session(model: Path, threads: int):
    """An onnxruntime CPU session on `threads` cores (the ONNX engines' one way to load)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Input lengths change with every sentence: planned buffers only grow the
    # memory (measured: 570 → 521 MB with every shipped voice in use).
    options.enable_mem_pattern = False
    return onnxruntime.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])

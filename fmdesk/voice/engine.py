# SPDX-License-Identifier: GPL-3.0-or-later
"""What every text-to-speech engine offers (engines are plugins behind it).

Engines are blocking and not thread-safe: the voice box calls them from its
one worker thread, never from the event loop.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)


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


@functools.cache
def _shared_arena() -> bool:
    """One CPU memory arena for every voice model's session, registered with
    onnxruntime's environment once per process. The voices never run at the
    same time (the voice box renders one sentence at a time), so one arena
    serves them all: measured with the English cast and hearing, peak RSS
    790 → 704 MB. The arena config's arguments (max_mem 0 = no limit,
    extend strategy 0 = next power of two, -1 = default chunk sizes) are
    OrtArenaCfg's (onnxruntime's C API, CreateArenaCfg). False, and each
    session keeps its own arena, where this onnxruntime cannot share one."""
    import onnxruntime

    try:
        info = onnxruntime.OrtMemoryInfo("Cpu", onnxruntime.OrtAllocatorType.ORT_ARENA_ALLOCATOR, 0,
                                         onnxruntime.OrtMemType.DEFAULT)
        onnxruntime.create_and_register_allocator(info, onnxruntime.OrtArenaCfg(0, 0, -1, -1))
    except (AttributeError, RuntimeError, TypeError) as exc:
        log.info("onnxruntime: no shared arena for the voices (%s); one per model", exc)
        return False
    return True


def onnx_session(model: Path, threads: int):
    """An onnxruntime CPU session on `threads` cores (the ONNX engines' one way to load)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Input lengths change with every sentence: planned buffers only grow the
    # memory (measured: 570 → 521 MB with every shipped voice in use).
    options.enable_mem_pattern = False
    if _shared_arena():
        options.add_session_config_entry("session.use_env_allocators", "1")
    return onnxruntime.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])

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

    def stop(self) -> None:
        """From another thread: end the synthesis under way as soon as the
        engine can (it raises); every synthesis fails so until `go()`. An
        engine that cannot be stopped finishes the sentence."""

    def go(self) -> None:
        """Synthesize normally again after `stop()` (the worker calls it
        before each sentence)."""


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


class OnnxStopping:
    """`stop` and `go` for an engine running on an `onnx_session` (its
    `_session`, None until the engine loads)."""

    _session = None

    def stop(self) -> None:
        if self._session is not None:
            self._session.stop()

    def go(self) -> None:
        if self._session is not None:
            self._session.go()


@functools.cache
def _stoppable_session() -> type:
    """onnxruntime's InferenceSession whose every run can be stopped from
    another thread: runs use the session's own RunOptions, and `stop()` sets
    its terminate flag ("Terminates all currently executing Session::Run
    calls that were made using this RunOptions instance", until cleared:
    onnxruntime.ai/docs/api/c/struct_ort_1_1_run_options.html). The run
    then fails at once (measured here: 7 ms into a 2 s Kokoro sentence).
    The engines' libraries (piper, kokoro-onnx) call `run(None, inputs)`."""
    import onnxruntime

    class StoppableSession(onnxruntime.InferenceSession):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.run_options = onnxruntime.RunOptions()

        def run(self, output_names, input_feed, run_options=None):
            return super().run(output_names, input_feed, run_options or self.run_options)

        def stop(self) -> None:
            self.run_options.terminate = True

        def go(self) -> None:
            self.run_options.terminate = False

    return StoppableSession


def onnx_session(model: Path, threads: int):
    """An onnxruntime CPU session on `threads` cores that `stop()` ends
    mid-run (the ONNX engines' one way to load)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Input lengths change with every sentence: planned buffers only grow the
    # memory (measured: 570 → 521 MB with every shipped voice in use).
    options.enable_mem_pattern = False
    # No spinning: onnxruntime's pool threads otherwise busy-wait for work
    # between operators ("session.intra_op.allow_spinning", default 1:
    # onnxruntime.ai/docs/performance/tune-performance/threading.html), and
    # the voice renders ahead while whisper hears the player. Measured here
    # (2 cores, Kokoro on 2 threads at nice +10 rendering beside whisper
    # tiny.en hearing a 2.8 s answer): whisper 539 → 473 ms, and Kokoro's
    # own renders 0.85 → 0.73 s (at nice +5: 0.98 → 0.75 s); alone, Kokoro
    # is 10-20 % slower (a call-up 197-229 → 215-267 ms).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if _shared_arena():
        options.add_session_config_entry("session.use_env_allocators", "1")
    return _stoppable_session()(str(model), sess_options=options, providers=["CPUExecutionProvider"])

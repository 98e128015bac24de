# SPDX-License-Identifier: GPL-3.0-or-later
"""The hearing path: resample, gate, transcribe — on a worker thread of its own."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from fmdesk.hearing import models
from fmdesk.hearing.audio import RATE, load_16k, to_mono_16k
from fmdesk.hearing.base import Heard
from fmdesk.hearing.gate import Gate
from fmdesk.hearing.hints import Hints
from fmdesk.hearing.respell import Phonemes, Respeller
from fmdesk.hearing.whisper import Whisper

log = logging.getLogger(__name__)


class HearingError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WhisperHearing:
    def __init__(self, models_dir: Path, *, model: str = "", threads: int = 1, language: str = "en",
                 progress: models.Progress | None = None):
        self.models_dir = Path(models_dir)
        self.model_setting = model
        self.threads = threads
        self.language = language
        self.progress = progress
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fmdesk-hearing")
        self._whisper: Whisper | None = None
        self._gate: Gate | None = None
        self._respeller: Respeller | None = None
        self.model_path: Path | None = None
        self.load_s = 0.0

    async def start(self) -> None:
        """Load (making the default model the first time) and warm up, off the loop."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._pool, self.load)

    def load(self) -> None:
        """The same, blocking: for scripts and tests."""
        if self._gate is not None:  # the last thing a finished load sets
            return
        started = time.perf_counter()
        try:
            chosen = models.resolve(self.model_setting, self.models_dir)
            path = chosen or models.default_model(self.models_dir, self._check, self.progress)
            self._whisper = Whisper(path, threads=self.threads, language=self.language)
        except models.ModelError as exc:
            raise HearingError(exc.message) from exc
        except (OSError, RuntimeError, ValueError) as exc:
            self._whisper = None
            raise HearingError(f"The speech model could not load: {exc}") from exc
        self.model_path = path
        self._whisper.transcribe(np.zeros(RATE // 2, dtype=np.float32))  # warm up
        self._whisper.renew()
        self._respeller = Respeller(Phonemes("en-us" if self.language == "en" else self.language))
        self._respeller.respell("warm up", ("Warm Up",))
        self._gate = Gate.default()
        self.load_s = time.perf_counter() - started

    def _check(self, path: Path) -> str:
        return Whisper(path, threads=self.threads, language=self.language).transcribe(load_16k(models.check_clip()))

    async def hear(self, samples: np.ndarray, rate: int, prompt: str = "") -> Heard:
        """What was said. `prompt` is the mission's spelling hints (core.spelling)."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, self._hear, samples, rate, prompt)
        finally:
            with contextlib.suppress(RuntimeError):  # closed meanwhile
                self._pool.submit(self._renew)  # the next answer's whisper state, made after this one

    async def ready(self) -> None:
        """Wait until an answer would be heard at once (the state for it made)."""
        await asyncio.get_running_loop().run_in_executor(self._pool, self._renew)

    def _renew(self) -> None:
        try:
            if self._whisper is not None:
                self._whisper.renew()
        except Exception as exc:  # told at the next answer, which tries again
            log.warning("whisper could not be made ready: %s", exc)

    def _hear(self, samples: np.ndarray, rate: int, prompt: str) -> Heard:
        self.load()
        audio = to_mono_16k(samples, rate)
        started = time.perf_counter()
        verdict = self._gate.check(audio)
        gate_ms = (time.perf_counter() - started) * 1000
        heard = Heard(text="", speech=verdict.speech, audio_s=round(len(audio) / RATE, 3),
                      voiced_s=verdict.voiced_s, vad_max=round(verdict.max_prob, 3), gate=verdict.method,
                      gate_ms=round(gate_ms, 1))
        if not verdict.speech:
            return heard  # nothing reaches whisper: it would invent something
        started = time.perf_counter()
        hints = Hints.parse(prompt)
        heard_as = self._whisper.transcribe(verdict.span(audio), hints.prompt())
        text = self._respeller.respell(heard_as, hints.targets())
        return heard.model_copy(update={"text": text, "heard_as": heard_as,
                                        "whisper_ms": round((time.perf_counter() - started) * 1000, 1)})

    async def close(self) -> None:
        """Stop, letting a whisper state being made finish: whisper.cpp must not
        be mid-call when the process exits."""
        await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)

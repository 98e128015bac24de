# SPDX-License-Identifier: GPL-3.0-or-later
"""The hearing path: resample, gate, transcribe — whisper on a worker thread
of its own, the gate on another.

While TALK is held the gate looks at the recording every few tenths of a
second (`listen`), going on from its last look. Once the voice has stopped
for the gate's padding, the span the release would hear is known and
whisper starts on it then; at the release, the same span (the same samples,
the same hints) takes those words, so the release pays only for what whisper
had left to do. Anything said after that start stops it, and the release
hears the whole answer as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from fmdesk.hearing import models
from fmdesk.hearing.audio import RATE, load_16k, to_mono_16k
from fmdesk.hearing.base import GivesWay, Heard
from fmdesk.hearing.cores import CoreWatch
from fmdesk.hearing.gate import SETTLED_BEFORE_END_S, Gate, GrowingGate, Verdict
from fmdesk.hearing.hints import Hints
from fmdesk.hearing.respell import Phonemes, Respeller
from fmdesk.hearing.whisper import Whisper

log = logging.getLogger(__name__)

# Whisper starts while TALK is held once the recording runs this far past the
# span's end (the gate's padding after the voice is in it already): the end
# of a recording still growing is resampled again as it grows.
AHEAD_AFTER_S = SETTLED_BEFORE_END_S


class HearingError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WhisperHearing:
    def __init__(self, models_dir: Path, *, model: str = "", threads: int = 1, language: str = "en",
                 progress: models.Progress | None = None):
        self.models_dir = Path(models_dir)
        self.model_setting = model
        self.threads = threads  # the most whisper uses: fewer while other programs keep cores busy
        self.language = language
        self.cores = CoreWatch()
        self.progress = progress
        self.gives_way: GivesWay | None = None  # stopped while whisper runs (set by whoever composes the show)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fmdesk-hearing")  # whisper
        # The gate's looks at a recording while TALK is held, and at the release.
        self._looks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fmdesk-hearing-gate")
        self._growing: GrowingGate | None = None
        self._ahead: Ahead | None = None
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
            if self._gate is None:
                await loop.run_in_executor(self._pool, self.load)
            audio, verdict, ahead, gate_ms = await loop.run_in_executor(self._looks, self._last_look, samples,
                                                                         rate)
            heard = Heard(text="", speech=verdict.speech, audio_s=round(len(audio) / RATE, 3),
                          voiced_s=verdict.voiced_s, vad_max=round(verdict.max_prob, 3), gate=verdict.method,
                          gate_ms=round(gate_ms, 1))
            if not verdict.speech:
                if ahead is not None:
                    ahead.stop.set()
                return heard  # nothing reaches whisper: it would invent something
            span = verdict.span(audio)
            started = time.perf_counter()
            taken = ahead is not None and ahead.fits(span, prompt)
            if taken:
                log.debug("the release takes whisper's early start, %.0f ms after it began",
                          (time.monotonic() - ahead.began) * 1000)
                words = await asyncio.wrap_future(ahead.words)
            else:
                if ahead is not None:
                    ahead.stop.set()  # more was said after it started
                words = await loop.run_in_executor(self._pool, self._transcribe, span, prompt, None)
            return heard.model_copy(update={
                "text": words[1], "heard_as": words[0], "ahead": taken, "whisper_threads": words[2],
                "whisper_ms": round((time.perf_counter() - started) * 1000, 1)})
        finally:
            with contextlib.suppress(RuntimeError):  # closed meanwhile
                self._pool.submit(self._renew)  # the next answer's whisper state, made after this one

    async def listen(self, samples: np.ndarray, rate: int, prompt: str = "") -> None:
        """While TALK is held: look at the recording so far. Once the voice
        has been quiet for the gate's padding, the span the release would
        hear is known, and whisper starts on it now (the player usually
        holds TALK a moment longer). Speech after that stops it."""
        if self._gate is None:  # not loaded yet: the release pays, as before
            return
        await asyncio.get_running_loop().run_in_executor(self._looks, self._look, samples, rate, prompt)

    def _look(self, samples: np.ndarray, rate: int, prompt: str) -> None:
        audio = to_mono_16k(samples, rate)
        if self._growing is None:  # a new recording: what other programs use from now on counts
            self._growing = GrowingGate(self._gate)
            self.cores.mark()
        verdict = self._growing.check(audio)
        if not verdict.speech:
            return
        span = verdict.span(audio)
        ahead = self._ahead
        if ahead is not None and ahead.fits(span, prompt):
            return
        if ahead is not None:
            ahead.stop.set()
            self._ahead = None
        if len(audio) / RATE < verdict.end_s + AHEAD_AFTER_S:
            return  # the voice may go on: too soon to tell where the span ends
        span, stop = span.copy(), threading.Event()  # a view of this look's audio no more
        words = self._pool.submit(self._transcribe, span, prompt, stop.is_set)
        self._pool.submit(self._renew)
        self._ahead = Ahead(span, prompt, words, stop, time.monotonic())
        log.debug("whisper started on a %.2f s answer while TALK is held (%.2f s recorded)", len(span) / RATE,
                  len(audio) / RATE)

    def _last_look(self, samples: np.ndarray, rate: int) -> tuple[np.ndarray, Verdict, "Ahead | None", float]:
        """At the release (on the looks' thread, after any look still going):
        the gate's verdict on the whole recording, and what was started ahead."""
        audio = to_mono_16k(samples, rate)
        started = time.perf_counter()
        verdict = (self._growing or GrowingGate(self._gate)).check(audio)
        gate_ms = (time.perf_counter() - started) * 1000
        ahead, self._ahead, self._growing = self._ahead, None, None
        return audio, verdict, ahead, gate_ms

    def _transcribe(self, span: np.ndarray, prompt: str,
                    stop: Callable[[], bool] | None) -> tuple[str, str, int] | None:
        """(whisper's words, the words with the mission's names respelled,
        the threads whisper used); None when stopped."""
        hints = Hints.parse(prompt)
        threads = self.cores.threads(self.threads)
        gives_way = self.gives_way
        if gives_way is not None:
            gives_way.hold()
        try:
            heard_as = self._whisper.transcribe(span, hints.prompt(), stop, threads)
        finally:
            if gives_way is not None:
                gives_way.go_on()
        if stop is not None and stop():
            return None
        return heard_as, self._respeller.respell(heard_as, hints.targets()), threads

    async def ready(self) -> None:
        """Wait until an answer would be heard at once (the state for it made)."""
        await asyncio.get_running_loop().run_in_executor(self._pool, self._renew)

    def _renew(self) -> None:
        try:
            if self._whisper is not None:
                self._whisper.renew()
        except Exception as exc:  # told at the next answer, which tries again
            log.warning("whisper could not be made ready: %s", exc)

    async def close(self) -> None:
        """Stop, letting a whisper state being made finish: whisper.cpp must not
        be mid-call when the process exits."""
        if self._ahead is not None:
            self._ahead.stop.set()
        await asyncio.to_thread(self._looks.shutdown, wait=True, cancel_futures=True)
        await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)


@dataclass(frozen=True)
class Ahead:
    """Whisper started on an answer while TALK was held."""

    span: np.ndarray
    prompt: str
    words: Future
    stop: threading.Event
    began: float                 # time.monotonic()

    def fits(self, span: np.ndarray, prompt: str) -> bool:
        """Is it the span the release hears (the same samples, the same hints)?"""
        return prompt == self.prompt and np.array_equal(span, self.span)

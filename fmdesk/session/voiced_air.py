# SPDX-License-Identifier: GPL-3.0-or-later
"""The show heard: each line in its caller's voice, through the radio, into
an audio sink (a WAV file, a sound device). Gaps carry the static bed.

A voice that fails is told to the player once per actor, and that line goes
out silent (subtitles only, timed as it would be said): the show goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import Callable

from fmdesk.audio.chunk import AudioChunk, AudioSink
from fmdesk.audio.errors import AudioError
from fmdesk.core.casting import ActorCard, caller_signal
from fmdesk.core.mission import Caller
from fmdesk.core.segments import Begun, Line
from fmdesk.core.sentences import is_call_up, pieces_on_air, words_heard
from fmdesk.core.timing import speaking_seconds
from fmdesk.session.clock import Clock
from fmdesk.session.events import EventBus, Trouble, TroubleCleared
from fmdesk.voice.engine import VoiceError
from fmdesk.voice.radio import static_gain
from fmdesk.voice.voicebox import OUTPUT_RATE, LineRender, VoiceBox

log = logging.getLogger(__name__)


class VoicedAir:
    def __init__(self, clock: Clock, voices: VoiceBox, sink: AudioSink):
        self.clock = clock
        self.voices = voices
        self.sink = sink
        self.events: EventBus | None = None
        self.rate = OUTPUT_RATE
        self._cast: dict[str, str] = {}
        self._signal: dict[str, float] = {}
        self._renders: dict[int, tuple[Line, LineRender]] = {}
        # First pieces of lines that may be said next: (speaker, text) -> render.
        self._rehearsed: dict[tuple[str, str], LineRender] = {}
        # Every aired line's sound, kept for the mission so "say again"
        # plays it as heard (about 4 MB a minute of speech at 24 kHz).
        self._aired: dict[int, tuple[Line, list]] = {}
        self._broken: set[str] = set()
        self._sound_lost = False
        self._speaking: _Speaking | None = None
        self._opening: asyncio.Task | None = None
        self._loading: asyncio.Task | None = None  # the cast's voices, loading behind the first lines

    def attach(self, events: EventBus) -> None:
        self.events = events

    def actors(self) -> list[ActorCard]:
        return self.voices.cards

    def cast(self, callers: tuple[Caller, ...]) -> None:
        self._cast = {c.name.casefold(): c.voice for c in callers if c.voice}
        # A far caller (a pilot, a boat at sea) comes in on a weaker signal.
        self._signal = {c.name.casefold(): caller_signal(c) for c in callers}

    def tuning(self, strength: float) -> None:
        """The speakers play the static while the player tunes (opened in a
        worker the first time), loud off frequency, a hiss when locked on."""
        if not self.sink.paced:
            return  # a file: nothing is heard while tuning
        self.sink.set_bed(static_gain(strength))
        if self._opening is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return  # not on the loop yet: the static starts with the show
            self._opening = loop.create_task(self._open_sink())

    async def _open_sink(self) -> None:
        try:
            await asyncio.to_thread(self.sink.open)
        except AudioError as exc:
            self._sound_trouble(exc.message)

    async def load_voices(self) -> None:
        # The engine most actors speak with first: most likely the opening's.
        engines = Counter(actor.engine for actor in self.voices.actors.values())
        for name in sorted(self.voices.actors, key=lambda n: -engines[self.voices.actors[n].engine]):
            try:
                await self.voices.load([name])
            except VoiceError as exc:  # told by warm() if this voice is cast
                log.info("voice %s did not load ahead: %s", name, exc.message)

    async def warm(self) -> None:
        """Open the sound device now (while the player tunes, and again, at
        once, as the show starts), and start loading each cast voice's
        engine behind what the voice is rendering: the show does not wait
        for voices its first line does not use (measured: locked on → first
        audio waited 1.2 s for Piper's joe to load behind Kokoro, with the
        opening line rendered already). What fails is told once, as it
        fails, and the show goes on without it."""
        if self._opening is not None:
            await self._opening  # opened while tuning: done, or being done
        await self._open_sink()  # at once if open already; tried again if it failed
        if self._loading is None or self._loading.done():
            self._loading = asyncio.get_running_loop().create_task(self._load_cast())

    async def _load_cast(self) -> None:
        names = list(dict.fromkeys(self._cast.values())) or [self.voices.actor(None).name]
        for name in names:
            actor = self.voices.actor(name)
            if actor.name in self._broken:
                continue
            try:
                await self.voices.load([actor.name])
            except VoiceError as exc:
                if actor.name in self._broken:
                    continue  # a line in this voice failed first, and told it
                who = [c for c, v in self._cast.items() if v == actor.name]
                self._broken.add(actor.name)
                self._trouble(f"{exc.message} The lines of the '{actor.name}' voice go out as text"
                              f"{' (' + str(len(who)) + ' callers)' if len(who) > 1 else ''}.")

    def prepare(self, line: Line) -> None:
        if id(line) not in self._renders:
            who = line.speaker.casefold()
            rehearsed = self._rehearsed.pop((who, line.text), None)
            if rehearsed is None:  # begun while the director was still writing it, or going on otherwise
                key = next((key for key, render in self._rehearsed.items()
                            if key[0] == who and render.opens(line.text)), None)
                rehearsed = self._rehearsed.pop(key) if key is not None else None
            self._drop_rehearsals()  # the director is writing: the others were not said
            self._renders[id(line)] = (line, self._stream(line, lead=rehearsed))

    def rehearse(self, lines: list[Line | Begun]) -> None:
        """What a caller may say next, in the order to render it: for a
        Line (a way of reacting to the open cue, the opening line while the
        player tunes) its first piece, then, for a line opening with a
        call-up, the piece after it; for a Begun, the first piece of a line
        not written yet, rendered as the start of a longer transmission.
        What is said starts at once. One voice worker renders in order, and
        the rest are dropped (stopped mid-sentence) as soon as the director
        writes, so a line nobody rehearsed waits for one piece at most. What
        is rehearsed already keeps its render."""
        wanted = {(line.speaker.casefold(), line.text): line for line in lines}
        for key in [key for key in self._rehearsed if key not in wanted]:
            self._rehearsed.pop(key).cancel()
        new = [(key, line) for key, line in wanted.items() if key not in self._rehearsed]
        for key, line in new:
            kept = self._kept(line) if isinstance(line, Line) else None
            if kept is not None:  # said before ("say again"): as it was heard, nothing to render
                self._rehearsed[key] = self.voices.kept(self._cast.get(key[0]), line.text, kept)
        new = [(key, line) for key, line in new if key not in self._rehearsed]
        for key, line in new:
            self._rehearsed[key] = self._stream(line, stop=1, more=isinstance(line, Begun))
        # Once every first piece is on its way: the piece after a call-up
        # ("Base,"), too short to cover that piece's rendering.
        for key, line in new:
            pieces = pieces_on_air(line.text)
            if isinstance(line, Line) and len(pieces) > 1 and is_call_up(pieces[0]):
                self._rehearsed[key] = self._stream(line, stop=2, lead=self._rehearsed[key])

    def _kept(self, line: Line) -> list | None:
        """The sound of this caller's line aired whole with these words, if any."""
        whole = len(pieces_on_air(line.text) or [line.text])
        for aired, pieces in reversed(self._aired.values()):
            if (aired.speaker.casefold(), aired.text) == (line.speaker.casefold(), line.text) \
                    and len(pieces) == whole:
                return list(pieces)
        return None

    def _stream(self, line: Line | Begun, **options) -> LineRender:
        """Start rendering `line` in its caller's voice, on its caller's signal."""
        who = line.speaker.casefold()
        return self.voices.stream(self._cast.get(who), line.text, signal=self._signal.get(who, 1.0), **options)

    def _drop_rehearsals(self) -> None:
        for render in self._rehearsed.values():
            render.cancel()
        self._rehearsed.clear()

    def forget(self, line: Line) -> None:
        held = self._renders.pop(id(line), None)
        if held is not None:
            held[1].cancel()

    async def speak(self, seq: int, line: Line, started: Callable[[], None]) -> float:
        self.prepare(line)
        _, render = self._renders.pop(id(line))
        told = []

        def start() -> None:
            if not told:
                told.append(True)
                started()

        seconds, first, failed = 0.0, True, False
        speaking = self._speaking = _Speaking(line.text, self._heard_mark())
        kept = self._aired[seq] = (line, [])
        try:
            async for samples in render:
                kept[1].append(samples)
                chunk = AudioChunk(samples, self.rate, seq, "line", line.speaker, line.text, first=first)
                first = False
                speaking.seconds.append(chunk.seconds)
                await self._play(chunk, start)
                seconds += chunk.seconds
                if not self.sink.paced:
                    await self.clock.sleep(chunk.seconds)
        except asyncio.CancelledError:
            render.cancel()  # cut off (barge-in) or the show stopped
            raise
        except VoiceError as exc:
            failed = True
            if render.actor.name not in self._broken:
                self._broken.add(render.actor.name)
                self._trouble(f"{exc.message} {line.speaker}'s lines go out as text.")
        except AudioError as exc:
            failed = True
            render.cancel()
            self._sound_trouble(exc.message)
        finally:
            if self._speaking is speaking:
                self._speaking = None
        start()
        if failed:
            rest = max(0.0, speaking_seconds(line.text) - seconds)
            # Shown, and timed as if said (a cut-in is measured on the clock).
            self._speaking = _Speaking.as_text(line.text, self.clock.now())
            try:
                await self.clock.sleep(rest)
            finally:
                self._speaking = None
            seconds += rest
        return seconds

    async def again(self, seq: int) -> float:
        kept = self._aired.get(seq)
        if kept is None or not kept[1]:
            return 0.0
        line, pieces = kept
        speaking = self._speaking = _Speaking(line.text, self._heard_mark())
        seconds = 0.0
        try:
            for i, samples in enumerate(pieces):
                chunk = AudioChunk(samples, self.rate, seq, "again", line.speaker, line.text,
                                   first=i == 0, last=i == len(pieces) - 1)
                speaking.seconds.append(chunk.seconds)
                await self._play(chunk)
                seconds += chunk.seconds
                if not self.sink.paced:
                    await self.clock.sleep(chunk.seconds)
        except AudioError as exc:
            self._sound_trouble(exc.message)
        finally:
            if self._speaking is speaking:
                self._speaking = None
        return seconds

    def _heard_mark(self, clocked: bool = False) -> float:
        """Where the line is: the device's played seconds, else the clock."""
        played = None if clocked else self.sink.played_seconds()
        return played if played is not None else self.clock.now()

    def interrupt(self) -> str:
        speaking = self._speaking
        if speaking is None:
            return ""
        heard = self._heard_mark(speaking.clocked) - speaking.since
        self.sink.stop_now()  # a short fade, then nothing: the caller is cut off now
        if not speaking.seconds:
            return ""
        return words_heard(speaking.pieces, speaking.seconds, heard)

    async def _play(self, chunk: AudioChunk, on_start: Callable[[], None] | None = None) -> None:
        await self.sink.play(chunk, on_start)
        if self._sound_lost:
            self._sound_lost = False
            if self.events is not None:
                self.events.emit(TroubleCleared(source="audio", message="Sound is back."))

    def _sound_trouble(self, message: str) -> None:
        if not self._sound_lost:
            self._sound_lost = True
            log.warning("%s", message)
            if self.events is not None:
                self.events.emit(Trouble(source="audio", message=message, retrying=True))

    async def silence(self, seconds: float) -> None:
        if seconds <= 0:
            return
        if self.sink.paced:
            await self.clock.sleep(seconds)  # the device lays the static bed itself
            return
        await self._bed(seconds)
        await self.clock.sleep(seconds)

    async def waited(self, seconds: float) -> None:
        if seconds > 0 and not self.sink.paced:
            await self._bed(seconds)  # a device played the bed live; a file gets it now

    async def _bed(self, seconds: float) -> None:
        bed = await self.voices.static(seconds)
        await self.sink.play(AudioChunk(bed, self.rate, -1, "static"))

    def set_volume(self, volume: float, muted: bool) -> None:
        """The speakers' volume, now."""
        self.sink.set_volume(volume, muted)

    def on_air(self) -> None:
        self.sink.set_bed(1.0)  # the static bed under the show (a paced sink)

    async def close(self) -> None:
        if self._loading is not None:
            self._loading.cancel()
            await asyncio.gather(self._loading, return_exceptions=True)
        self.sink.set_bed(0.0)
        self._drop_rehearsals()
        for _, render in self._renders.values():
            render.cancel()
        self._renders.clear()
        self._aired.clear()
        await self.sink.close()

    def _trouble(self, message: str) -> None:
        log.warning("%s", message)
        if self.events is not None:
            self.events.emit(Trouble(source="voice", message=message, retrying=False))


class _Speaking:
    """The line on air: its pieces as the voice renders them (one per
    sentence, as `VoiceBox.render` cuts it) and how long each one lasts."""

    def __init__(self, text: str, since: float, *, clocked: bool = False):
        self.pieces = pieces_on_air(text) or [text]
        self.seconds: list[float] = []
        self.since = since
        self.clocked = clocked

    @classmethod
    def as_text(cls, text: str, since: float) -> "_Speaking":
        """A line shown as text and timed as if said, measured on the clock."""
        speaking = cls(text, since, clocked=True)
        speaking.pieces, speaking.seconds = [text], [speaking_seconds(text)]
        return speaking

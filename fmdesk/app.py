# SPDX-License-Identifier: GPL-3.0-or-later
"""The composition root: settings in, a wired session out.

Starts the embedded database (or connects to the configured URI), makes the
director and the session, and takes it all down again.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from pathlib import Path

from fmdesk.audio import devices
from fmdesk.audio.errors import AudioError
from fmdesk.audio.mic import Microphone
from fmdesk.audio.player import DevicePlayer
from fmdesk.audio.wav_out import WavSink
from fmdesk.config import Settings, load_settings, save_setting
from fmdesk.director.base import DirectorError
from fmdesk.director.factory import make_director, make_fallback
from fmdesk.hearing.hearing import WhisperHearing
from fmdesk.keys import both_keys_notice, gemini_key, gemini_key_source, store_gemini_key
from fmdesk.session.air import TimedAir
from fmdesk.session.clock import RealClock, VirtualClock
from fmdesk.session.engine import Session
from fmdesk.session.journal import restore_spills
from fmdesk.session.voiced_air import VoicedAir
from fmdesk.store.database import Store, probe
from fmdesk.store.embedded import EmbeddedServer
from fmdesk.store.errors import StoreError
from fmdesk.store.uri import mask_uri
from fmdesk.voice.engine import VoiceError
from fmdesk.voice.radio import RadioEffect
from fmdesk.voice.voicebox import OUTPUT_RATE, VoiceBox, VoiceOptions

log = logging.getLogger(__name__)

SUPERVISE_EVERY_S = 1.0  # how soon a dead embedded database is started again


class App:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.server: EmbeddedServer | None = None
        self.store: Store | None = None
        # Things the player should know before playing (e.g. no API key).
        self.notices: list[str] = []
        # Told how far making the speech model has got (fraction, what).
        self.hearing_progress = None
        self._hearing = None
        self._voices: VoiceBox | None = None
        self._voices_error: str | None = None
        # Read in a worker at start (the keyring may go over D-Bus), never per mission.
        self.gemini_key: str | None = None
        self._supervisor: asyncio.Task | None = None

    def hearing(self):
        """The hearing path the settings ask for (loaded on first use), or None."""
        options = self.settings.hearing
        if not options.enabled:
            return None
        if self._hearing is None:
            self._hearing = WhisperHearing(self.settings.data_path / "models", model=options.model,
                                           threads=options.threads, language=options.language,
                                           progress=self.hearing_progress)
        return self._hearing

    def voices(self) -> VoiceBox | None:
        """The voice box the settings ask for (nothing loaded yet), or None
        when voices are off or none can be set up (said once in notices)."""
        options = self.settings.voice
        if not options.enabled or self._voices_error is not None:
            return None
        if self._voices is not None:
            self._voices.set_radio_strength(options.radio_strength)  # changed in Settings since
        else:
            try:
                self._voices = VoiceBox.build(VoiceOptions(
                    radio_strength=options.radio_strength, voices_dir=self.settings.voices_path,
                    cache_dir=self.settings.data_path / "models", kokoro=options.kokoro,
                    coqui_model=options.coqui_model, coqui_model_path=options.coqui_model_path,
                    coqui_config_path=options.coqui_config_path, threads=options.threads))
            except VoiceError as exc:
                self._voices_error = exc.message
                self.notices.append(f"{exc.message} Callers will be read, not heard.")
                return None
        return self._voices

    async def start(self) -> Store:
        """Reach the database; raises StoreError with a message for the player."""
        self.gemini_key = await asyncio.to_thread(gemini_key)
        uri = self.settings.mongo.uri
        if not uri:
            self.server = EmbeddedServer(self.settings.mongo_path)
            try:
                uri = await asyncio.to_thread(self.server.start)
            except OSError as exc:  # a read-only or missing data folder
                self.server = None
                raise StoreError(f"Cannot use the data folder {self.settings.data_path} "
                                 f"({exc.strerror or exc}). Choose another with --data-dir or "
                                 "FMDESK_DATA_DIR.") from None
        self.store = Store(uri, database=self.settings.mongo.database)
        try:
            await self.store.connect()
            abandoned = await self.store.expire_briefs()
            kept = await restore_spills(self.store, self.settings.spill_path)
        except StoreError:
            await self.stop()
            raise
        if abandoned:
            log.info("%d brief(s) left unfinished by a stopped fmdesk marked failed", abandoned)
        if kept:
            self.notices.append(f"{kept} turn(s) kept on disk while the database could not take them "
                                "are saved now.")
        if self.server is not None:
            self._supervisor = asyncio.create_task(self._supervise())
        return self.store

    async def _supervise(self) -> None:
        """The embedded server, watched: started again if it dies (the show
        meanwhile says the database is away and holds its turns)."""
        while True:
            await asyncio.sleep(SUPERVISE_EVERY_S)
            if self.server is None or self.server.alive():
                continue
            port = self.server.port
            try:
                await asyncio.to_thread(self.server.ensure_running)
            except StoreError as exc:
                log.warning("the embedded database could not start again: %s", exc.message)
                continue
            if self.server.port != port and self.store is not None:
                await self.store.retarget(self.server.uri)

    def session(self, *, fast: bool = False, director: str | None = None,
                wav_out: Path | None = None, sound: bool = False) -> Session:
        """A session; with `wav_out` the show is voiced into that WAV file,
        with `sound` through the speakers, answered through the microphone."""
        assert self.store is not None, "start() first"
        name = director or self.settings.director.name
        gemini = self.settings.gemini
        both = both_keys_notice()
        if name == "gemini" and both and both not in self.notices:
            self.notices.append(both)  # said once
        try:
            primary = make_director(name, gemini_key=self.gemini_key, model=gemini.model,
                                    base_url=gemini.base_url, timeout_s=gemini.timeout_s,
                                    context_turns=gemini.context_turns, thinking=gemini.thinking,
                                    temperature=None if gemini.temperature == "default" else gemini.temperature)
            fallback = make_fallback(name)
        except DirectorError as exc:
            self.notices.append(f"{exc.message} Playing with the offline director.")
            primary, fallback = make_director("offline"), None
        clock = VirtualClock() if fast else RealClock()
        voices = self.voices()
        mic = None
        if wav_out is not None and voices is not None:
            air = VoicedAir(clock, voices, WavSink(wav_out, OUTPUT_RATE))
        elif sound and voices is not None and not fast:
            audio, strength = self.settings.audio, self.settings.voice.radio_strength
            player = DevicePlayer(audio.output_device, volume=audio.volume, muted=audio.muted,
                                  bed=lambda seconds, rate: RadioEffect(rate, strength).static(seconds))
            air = VoicedAir(clock, voices, player)
            mic = Microphone(audio.input_device) if self.settings.hearing.enabled else None
        else:
            air = TimedAir(clock, actors=voices.cards if voices else [])
        hearing = self.hearing()
        if hearing is not None:  # the voice's renders ahead stop while whisper hears an answer
            hearing.gives_way = voices if mic is not None else None
        return Session(
            self.store, primary, fallback=fallback, clock=clock, air=air,
            answer_window_s=self.settings.session.answer_window_s,
            director_tries=gemini.tries, hearing=hearing, mic=mic,
            barge_in=self.settings.audio.barge_in, spill_dir=self.settings.spill_path,
        )

    async def stop(self) -> None:
        if self._supervisor is not None:
            self._supervisor.cancel()
            self._supervisor = None
        if self._voices is not None:
            self._voices.close()
            self._voices = None
        if self._hearing is not None:
            await self._hearing.close()
            self._hearing = None
        if self.store is not None:
            await self.store.close()
            self.store = None
        if self.server is not None:
            await asyncio.to_thread(self.server.stop)
            self.server = None

    async def __aenter__(self) -> "App":
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await asyncio.shield(self.stop())


class WindowServices:
    """What the window may ask of the rest of fmdesk, and nothing more."""

    def __init__(self, settings: Settings, overrides: dict | None = None, *, fast: bool = False):
        self.overrides = overrides or {}
        self.fast = fast  # virtual time, for tests and demos
        self.app = App(settings)

    @property
    def settings(self) -> Settings:
        return self.app.settings

    @property
    def last_callsign(self) -> str:
        return self.settings.last_callsign

    @property
    def talk_key(self) -> str:
        return self.settings.ui.talk_key

    @property
    def talk_mode(self) -> str:
        return self.settings.ui.talk_mode

    @property
    def notices(self) -> list[str]:
        return self.app.notices

    async def start(self) -> None:
        await self.app.start()
        # Finding the voices can mean loading a Coqui model: not on the Qt thread.
        await asyncio.to_thread(self.app.voices)

    async def stop(self) -> None:
        await self.app.stop()

    def session(self) -> Session:
        """A session with the director the settings name now, on the speakers
        and microphone when audio is on (not in fast, virtual-time play)."""
        return self.app.session(fast=self.fast, sound=self.settings.audio.enabled and not self.fast)

    def remember_callsign(self, callsign: str) -> None:
        if callsign != self.settings.last_callsign:
            self.save_settings({"last_callsign": callsign})

    def settings_values(self) -> dict:
        s = self.settings
        return {"director.name": s.director.name, "gemini.model": s.gemini.model,
                "gemini.key_source": f"key {gemini_key_source()}", "mongo.uri": s.mongo.uri,
                "session.answer_window_s": s.session.answer_window_s,
                "ui.talk_key": s.ui.talk_key, "ui.talk_mode": s.ui.talk_mode,
                "audio.enabled": s.audio.enabled, "audio.output_device": s.audio.output_device,
                "audio.input_device": s.audio.input_device, "audio.volume": s.audio.volume,
                "audio.muted": s.audio.muted, "audio.barge_in": s.audio.barge_in,
                "voice.radio_strength": s.voice.radio_strength}

    async def doctor_report(self) -> str:
        """`fmdesk doctor`'s report, from a child process: it loads models and
        opens devices, and whatever that does natively stays out of the window."""
        command = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "fmdesk"]
        settings = self.settings
        if settings.mongo.uri:
            command += ["--mongo-uri", settings.mongo.uri]
        command += ["--data-dir", str(settings.data_path), "doctor"]
        child = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE,
                                                     stderr=asyncio.subprocess.STDOUT)
        out, _ = await child.communicate()
        return out.decode("utf-8", "replace").strip()

    async def audio_devices(self) -> tuple[list[str], list[str]]:
        """The names of the speakers and the microphones PortAudio sees. Not
        refreshed: re-initialising PortAudio would close the streams of a
        mission on air (the settings can be opened mid-mission)."""
        def names() -> tuple[list[str], list[str]]:
            try:
                found = devices.devices()
            except AudioError:
                return [], []
            outputs = list(dict.fromkeys(d.name for d in found if d.outputs))
            inputs = list(dict.fromkeys(d.name for d in found if d.inputs))
            return outputs, inputs
        return await asyncio.to_thread(names)

    def save_settings(self, changes: dict) -> None:
        """Validated and written one by one; raises ConfigError (a ValueError)."""
        for key, value in changes.items():
            save_setting(key, value)
        self.app.settings = load_settings(self.overrides)

    def store_key(self, key: str) -> None:
        store_gemini_key(key)
        self.app.gemini_key = key.strip()

    async def test_database(self, uri: str) -> str:
        if not uri:
            if self.app.server is not None and self.app.server.port:
                return f"The embedded database is running ({self.app.server.uri})."
            uri = self.app.store.uri if self.app.store else ""
        await probe(uri)
        return f"Connected to {mask_uri(uri)}."

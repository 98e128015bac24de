# SPDX-License-Identifier: GPL-3.0-or-later
"""The sound devices PortAudio sees, by readable name; one PyAudio
instance for the whole app (made quietly: ALSA and JACK print pages of
probing noise on stderr when they look for hardware); and the one thread
that calls PortAudio.

PortAudio's API is not thread-safe: only the stream callbacks and a few
calls (Pa_GetStreamTime, Pa_IsStreamActive...) may come from another thread
than the one that opened the stream, and host APIs differ on which
("PortAudio is not thread safe", portaudio.com/docs/v19-doxydocs/
blocking_read_write.html and the Pa_ functions' notes). So every PortAudio
call fmdesk makes goes through `PORTAUDIO`, one thread that owns it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, TypeVar

from fmdesk.audio.errors import AudioError

_lock = threading.Lock()
_pa = None
T = TypeVar("T")


class PortAudioThread:
    """Runs PortAudio calls on one thread, from anywhere: `call` blocks (for
    workers), `run` awaits (for the loop). A call made on that thread itself
    runs at once."""

    def __init__(self) -> None:
        self._ident: int | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fmdesk-portaudio",
                                        initializer=self._mark)

    def _mark(self) -> None:
        self._ident = threading.get_ident()

    def call(self, fn: Callable[..., T], *args) -> T:
        if threading.get_ident() == self._ident:
            return fn(*args)
        return self._pool.submit(fn, *args).result()

    async def run(self, fn: Callable[..., T], *args) -> T:
        return await asyncio.wrap_future(self._pool.submit(fn, *args))


PORTAUDIO = PortAudioThread()


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    api: str
    rate: int
    inputs: int
    outputs: int

    @property
    def label(self) -> str:
        return f"{self.name} ({self.api})"


@contextlib.contextmanager
def _quiet_stderr():
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def pyaudio_instance():
    """The shared PyAudio (PortAudio initialised once, on its thread). Raises AudioError."""
    return PORTAUDIO.call(_instance)


def _instance():
    global _pa
    with _lock:
        if _pa is None:
            try:
                import pyaudio
            except ImportError as exc:
                raise AudioError(f"PyAudio is not installed ({exc}): pip install pyaudio "
                                 "(on Debian first: apt install portaudio19-dev)") from exc
            with _quiet_stderr():
                _pa = pyaudio.PyAudio()
        return _pa


def refresh() -> None:
    """Forget the PortAudio instance, so devices plugged in since are seen."""
    PORTAUDIO.call(_refresh)


def _refresh() -> None:
    global _pa
    with _lock:
        if _pa is not None:
            with _quiet_stderr():
                _pa.terminate()
            _pa = None


def devices() -> list[Device]:
    return PORTAUDIO.call(_devices)


def _devices() -> list[Device]:
    pa = _instance()
    found = []
    for i in range(pa.get_device_count()):
        info = pa.get_device_info_by_index(i)
        api = pa.get_host_api_info_by_index(info["hostApi"])["name"]
        found.append(Device(i, str(info["name"]), str(api), int(info["defaultSampleRate"]),
                            int(info["maxInputChannels"]), int(info["maxOutputChannels"])))
    return found


def pick(kind: str, wanted: str = "") -> Device:
    """The device to use: by (part of) its name, else the system default.
    `kind` is "input" or "output"."""
    return PORTAUDIO.call(_pick, kind, wanted)


def _pick(kind: str, wanted: str) -> Device:
    pa = _instance()
    usable = [d for d in devices() if (d.inputs if kind == "input" else d.outputs) > 0]
    what = "microphone" if kind == "input" else "speaker or headphones"
    if wanted:
        for device in usable:
            if wanted.casefold() in device.name.casefold() or wanted == str(device.index):
                return device
        names = ", ".join(d.name for d in usable) or "none"
        raise AudioError(f"No {what} named '{wanted}' (found: {names}). Pick one in Settings.")
    try:
        info = pa.get_default_input_device_info() if kind == "input" else pa.get_default_output_device_info()
    except (IOError, OSError):
        if not usable:
            advice = "type your answers" if kind == "input" else "lines are shown as text"
            raise AudioError(f"No {what} found — {advice}, or pick a device in Settings.") from None
        return usable[0]
    return next(d for d in devices() if d.index == info["index"])


def close_stream(stream) -> None:
    """Stop and close a PyAudio stream; a device already gone is not an error."""
    if stream is not None:
        PORTAUDIO.call(_close, stream)


def _close(stream) -> None:
    try:
        stream.stop_stream()
        stream.close()
    except OSError:
        pass

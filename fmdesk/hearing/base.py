# SPDX-License-Identifier: GPL-3.0-or-later
"""What hearing hands back, and the protocol the session depends on."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from pydantic import BaseModel


class Heard(BaseModel):
    """What the player said ('' when nothing), and how it was decided."""

    text: str
    heard_as: str = ""           # whisper's words before the mission's names were respelled
    speech: bool                 # the gate heard a voice
    audio_s: float               # length of the recording
    voiced_s: float = 0.0
    vad_max: float = 0.0
    gate: str = "silero"         # silero, energy, too short
    gate_ms: float = 0.0
    whisper_ms: float = 0.0      # whisper's time after the recording was handed in
    ahead: bool = False          # whisper had started on it while TALK was still held
    whisper_threads: int = 0     # the threads whisper used (fewer while other programs keep cores busy)


class Hearing(Protocol):
    async def start(self) -> None:
        """Load (and if needed make) the model, warm it up."""

    async def hear(self, samples: np.ndarray, rate: int, prompt: str = "") -> Heard: ...

    async def listen(self, samples: np.ndarray, rate: int, prompt: str = "") -> None:
        """While TALK is held: the whole recording so far, again every few
        tenths of a second. Hearing may start on the answer once its speech
        has ended; `hear` on the final recording then gives the same words
        sooner."""


class GivesWay(Protocol):
    """Work that stops while whisper hears an answer, so that whisper has
    the cores (the voice's renders ahead: `fmdesk.voice.voicebox.VoiceBox`)."""

    def hold(self) -> None:
        """Whisper starts (called from hearing's worker thread)."""

    def go_on(self) -> None:
        """Whisper is done: one `go_on` for each `hold`."""

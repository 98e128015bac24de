# SPDX-License-Identifier: GPL-3.0-or-later
"""The prompt files under director/prompts/, loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources


def call_ups(callsign: str) -> list[str]:
    """How the dialogue prompt has a caller's reply to the player open: the
    voice renders these ahead (GeminiDirector.lines_ahead)."""
    return ["Base,", f"{callsign},"]


@cache
def prompt(name: str) -> str:
    return resources.files("fmdesk.director").joinpath("prompts", f"{name}.md").read_text("utf-8")

# SPDX-License-Identifier: GPL-3.0-or-later
"""Pick the director the configuration asks for, and the one that stands in."""

from __future__ import annotations

from fmdesk.director.base import Director, DirectorError

DIRECTORS = ("offline", "gemini")


def make_director(name: str, *, gemini_key: str | None = None, model: str = "",
                  base_url: str = "", timeout_s: float = 30.0, context_turns: int = 40,
                  thinking: str = "lowest", temperature: float | None = None) -> Director:
    if name == "offline":
        from fmdesk.director.offline.director import OfflineDirector

        return OfflineDirector()
    if name == "gemini":
        from fmdesk.director.gemini import DEFAULT_MODEL, GeminiDirector

        return GeminiDirector(gemini_key, model=model or DEFAULT_MODEL, base_url=base_url,
                              timeout_s=timeout_s, context_turns=context_turns, thinking=thinking,
                              temperature=temperature)
    raise DirectorError(f"Unknown director '{name}'. Choose one of: {', '.join(DIRECTORS)}.")


def make_fallback(name: str) -> Director | None:
    """Every director but the offline one is bridged by the offline one."""
    return None if name == "offline" else make_director("offline")

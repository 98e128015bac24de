# SPDX-License-Identifier: GPL-3.0-or-later
"""Pick the director the configuration asks for."""

from __future__ import annotations

from fmdesk.director.base import Director, DirectorError

DIRECTORS = ("offline",)


def make_director(name: str) -> Director:
    if name == "offline":
        from fmdesk.director.offline.director import OfflineDirector

        return OfflineDirector()
    raise DirectorError(f"Unknown director '{name}'. Choose one of: {', '.join(DIRECTORS)}.")

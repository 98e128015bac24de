# SPDX-License-Identifier: GPL-3.0-or-later
"""What can go wrong with sound devices, said for the player."""

from __future__ import annotations


class AudioError(Exception):
    """`message` says what happened and what the player can do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

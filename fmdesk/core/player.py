# SPDX-License-Identifier: GPL-3.0-or-later
"""Callsigns: the name a player signs in with."""

from __future__ import annotations

import re

_CALLSIGN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,15}$")


class CallsignError(ValueError):
    """The callsign cannot be used."""


def normalize_callsign(text: str) -> str:
    """Upper-case, spaces to dashes; 2–16 letters, digits or dashes."""
    callsign = re.sub(r"\s+", "-", (text or "").strip()).upper()
    if not _CALLSIGN.match(callsign):
        raise CallsignError(
            "A callsign is 2 to 16 letters, digits or dashes, like NOVA-7"
        )
    return callsign

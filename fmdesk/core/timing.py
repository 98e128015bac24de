# SPDX-License-Identifier: GPL-3.0-or-later
"""How long things take on air when nobody measures the audio."""

from __future__ import annotations

import re

# A radio voice speaks about 160 words a minute.
WORDS_PER_SECOND = 2.7
_PAUSES = re.compile(r"[.!?…]+|[,;:—-]")


def speaking_seconds(text: str) -> float:
    """Estimated time to say a line aloud, with a breath at each pause."""
    words = len(text.split())
    pauses = len(_PAUSES.findall(text))
    return round(0.4 + words / WORDS_PER_SECOND + 0.15 * pauses, 2)


def clock_text(seconds: float) -> str:
    """A mission clock as MM:SS (negative reads as 00:00)."""
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"

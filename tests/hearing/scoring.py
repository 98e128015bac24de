# SPDX-License-Identifier: GPL-3.0-or-later
"""Word error rate on normalised text (jiwer), as the tests and bench/ use it."""

from __future__ import annotations

import re

import jiwer

_NUMBERS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
            "six": "6", "seven": "7", "eight": "8", "nine": "9"}


def normalise(text: str) -> str:
    """Lower case, no punctuation, numbers as single digits ("4719" = "four seven one nine")."""
    text = re.sub(r"[^a-z0-9' ]", " ", text.lower().replace("-", " "))
    words = []
    for word in text.split():
        word = _NUMBERS.get(word, word)
        words.extend(list(word) if word.isdigit() else [word])
    return " ".join(words)


def wer(references: list[str], hypotheses: list[str]) -> float:
    return jiwer.wer([normalise(r) for r in references], [normalise(h) or "<nothing>" for h in hypotheses])

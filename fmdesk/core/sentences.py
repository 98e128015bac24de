# SPDX-License-Identifier: GPL-3.0-or-later
"""A line cut into sentences, so the first one can be voiced while the rest
is still being rendered."""

from __future__ import annotations

import re

# A sentence ends at . ! ? or … followed by space; "Dr. " and "St. " do not end one.
_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+")
_ABBREVIATIONS = ("mr.", "mrs.", "ms.", "dr.", "st.", "sgt.", "lt.", "capt.", "no.", "vs.", "e.g.", "i.e.")
MAX_CHARS = 220  # a sentence longer than this is cut at a comma, then at a space


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, in order, none blank, none over MAX_CHARS."""
    text = " ".join(text.split())
    if not text:
        return []
    pieces, start = [], 0
    for match in _END.finditer(text):
        candidate = text[start:match.end()].strip()
        if candidate.lower().endswith(_ABBREVIATIONS):
            continue
        pieces.append(candidate)
        start = match.end()
    pieces.append(text[start:].strip())
    out: list[str] = []
    for piece in filter(None, pieces):
        out.extend(_cut(piece))
    return out


def _cut(sentence: str) -> list[str]:
    if len(sentence) <= MAX_CHARS:
        return [sentence]
    cut = sentence.rfind(", ", 0, MAX_CHARS)
    if cut < MAX_CHARS // 3:
        cut = sentence.rfind(" ", 0, MAX_CHARS)
    if cut <= 0:
        cut = MAX_CHARS
    head = sentence[:cut + (1 if sentence[cut:cut + 1] == "," else 0)].strip()
    return [head, *_cut(sentence[cut + 1:].strip())]


def quick_start(sentences: list[str], *, min_words: int = 8) -> list[str]:
    """The same sentences, with a long first one cut at its first comma, so
    the first piece on air is short and is rendered soonest."""
    if not sentences:
        return sentences
    first = sentences[0]
    words = first.split()
    if len(words) < min_words:
        return sentences
    for i, word in enumerate(words[:-2]):
        if i >= 1 and word.endswith(","):
            return [" ".join(words[:i + 1]), " ".join(words[i + 1:]), *sentences[1:]]
    return sentences

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


def words_heard(pieces: list[str], seconds: list[float], heard_s: float) -> str:
    """The words of a line heard in its first `heard_s` seconds, when it went
    out as `pieces` of text lasting `seconds` each (a piece not yet voiced has
    no entry in `seconds`). Within a piece, words are taken in proportion to
    the time heard (by letters, which is closer to speech time than words)."""
    said: list[str] = []
    clock = 0.0
    for text, length in zip(pieces, seconds):
        if heard_s >= clock + length:
            said.append(text)
            clock += length
            continue
        fraction = max(0.0, heard_s - clock) / length if length > 0 else 0.0
        budget = fraction * len(text)
        words, used = [], 0
        for word in text.split():
            used += len(word) + 1
            if used > budget + 1:
                break
            words.append(word)
        if words:
            said.append(" ".join(words))
        break
    return " ".join(said)


def pieces_on_air(text: str) -> list[str]:
    """The pieces the voice renders `text` in, in order: its sentences, the
    first cut short (quick_start)."""
    return quick_start(split_sentences(text))


def first_piece(text: str) -> str:
    """The first piece of `text` on air: what the voice renders first."""
    return (pieces_on_air(text) or [""])[0]


def settled_first_piece(text_so_far: str) -> str | None:
    """The first piece of a line still being written, once the words written
    so far fix it (whatever follows, `first_piece` of the whole line is
    this), so the voice can start on it; None until then. It is fixed when
    the first sentence has ended and more text follows it, or when that
    sentence, still growing, is already cut at its first comma (eight
    words or more, and two words after the comma)."""
    pieces = pieces_on_air(text_so_far)
    return pieces[0] if len(pieces) >= 2 else None

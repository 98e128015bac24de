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


# A line that opens by calling someone ("Base," "Sea Lark," "Copy that,")
# says that call-up as a piece of its own: a breath on the radio, and the
# shortest thing a voice can start on (Kokoro: 0.2 s for "Base," against
# 0.5 s for "Base, Vera here, checkpoint 2.", measured here).
CALL_UP_WORDS = 3


def quick_start(sentences: list[str], *, min_words: int = 8) -> list[str]:
    """The same sentences, the first cut short so the first piece on air is
    rendered soonest: a call-up (a comma in its first three words, two
    words or more after it) is a piece of its own, and a long rest (or a
    long first sentence) is cut at its first comma."""
    if not sentences:
        return sentences
    words = sentences[0].split()
    for i, word in enumerate(words[:CALL_UP_WORDS]):
        if word.endswith(","):
            if len(words) - (i + 1) >= 2:
                return [" ".join(words[:i + 1]), *_clause(words[i + 1:], min_words), *sentences[1:]]
            break
    return [*_clause(words, min_words), *sentences[1:]]


def _clause(words: list[str], min_words: int) -> list[str]:
    """A sentence's words as one piece, or two when it is long: cut at its first comma."""
    if len(words) >= min_words:
        for i, word in enumerate(words[:-2]):
            if i >= 1 and word.endswith(","):
                return [" ".join(words[:i + 1]), " ".join(words[i + 1:])]
    return [" ".join(words)]


def is_call_up(piece: str) -> bool:
    """Is this first piece a call-up ("Base,")? Too short to cover the
    rendering of the piece after it, so a line rendered ahead renders both."""
    return piece.endswith(",") and len(piece.split()) <= CALL_UP_WORDS


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

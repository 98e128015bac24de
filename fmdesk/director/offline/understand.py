# SPDX-License-Identifier: GPL-3.0-or-later
"""Make sense of a player's answer: yes or no, a number, one of a few choices."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Mapping

from fmdesk.core.turns import SILENCE_TEXT

Verdict = Literal["right", "wrong", "unclear", "silent"]

_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "to": "2", "too": "2",
    "three": "3", "four": "4", "for": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "niner": "9",
}
_AMBIGUOUS = {"o", "oh", "to", "too", "for"}
_YES = {"yes", "yeah", "yep", "yup", "affirmative", "affirm", "correct", "sure", "ok", "okay",
        "roger", "absolutely", "definitely", "confirm", "confirmed", "go", "do", "positive"}
_NO = {"no", "nope", "negative", "dont", "don't", "not", "never", "abort", "stop", "hold",
       "wait", "cancel", "nah"}


@dataclass(frozen=True)
class Expect:
    """What a cue hopes to hear. `right` is a choice label, 'yes'/'no', or a number."""

    kind: Literal["yesno", "choice", "number", "free"]
    right: str = ""
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Understanding:
    verdict: Verdict
    heard: str  # the label or number understood, "" when none


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def digits(text: str) -> str:
    """All digits said, in order: 'four 7 one, nine' -> '4719'.

    'to', 'for' and 'oh' count as digits only right after another digit, so
    "go for it" is no number but "four for one" is.
    """
    out: list[str] = []
    after_digit = False
    for word in words(text):
        if word.isdigit():
            out.append(word)
            after_digit = True
        elif word in _DIGIT_WORDS and (word not in _AMBIGUOUS or after_digit):
            out.append(_DIGIT_WORDS[word])
            after_digit = True
        else:
            after_digit = False
    return "".join(out)


def yes_or_no(text: str) -> str:
    said = set(words(text))
    no, yes = bool(said & _NO), bool(said & _YES)
    if no:
        return "no"  # "yes, but don't" is a no: a refusal outweighs a yes
    return "yes" if yes else ""


def choice(text: str, options: Mapping[str, tuple[str, ...]]) -> str:
    lowered = " ".join(words(text))
    hits = {label: sum(1 for k in keys if re.search(rf"\b{re.escape(k)}\b", lowered))
            for label, keys in options.items()}
    best = max(hits.values(), default=0)
    winners = [label for label, n in hits.items() if n == best]
    return winners[0] if best > 0 and len(winners) == 1 else ""


def is_silent(text: str) -> bool:
    return not text.strip() or text.strip() == SILENCE_TEXT


def understand(text: str, expect: Expect) -> Understanding:
    if is_silent(text):
        return Understanding("silent", "")
    if expect.kind == "free":
        return Understanding("right", text.strip())
    if expect.kind == "number":
        heard = digits(text)
    elif expect.kind == "yesno":
        heard = yes_or_no(text)
    else:
        heard = choice(text, expect.options)
    if not heard:
        return Understanding("unclear", "")
    return Understanding("right" if heard == expect.right else "wrong", heard)

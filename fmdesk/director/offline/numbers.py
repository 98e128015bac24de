# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers as players say them on the radio: digits, words and radio style.

"4719", "four seven one nine", "fower seven wun niner", "forty seven
nineteen", "double seven", "four hundred" all come out as digit strings.
'to', 'too', 'for' and 'oh' count as digits only right after another digit,
so "go for it" holds no number but "four for one" does.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "oh": 0, "o": 0, "nought": 0, "one": 1, "wun": 1, "won": 1, "two": 2, "to": 2, "too": 2,
    "three": 3, "tree": 3, "four": 4, "for": 4, "fower": 4, "five": 5, "fife": 5, "six": 6,
    "seven": 7, "eight": 8, "ait": 8, "nine": 9, "niner": 9,
}
AMBIGUOUS = {"o", "oh", "to", "too", "for", "won"}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90}
REPEAT = {"double": 2, "triple": 3}


def tokens(text: str) -> list[str]:
    # "47-19" and "4,7,1,9" are digits with separators.
    return re.findall(r"[a-z]+|\d+", text.lower())


def digits(text: str) -> str:
    """Every digit said, in order, as one string ("" when none)."""
    out: list[str] = []
    pending: int | None = None  # a tens word or a hundred waiting for its units
    repeat = 1
    prev_number = False

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            out.append(str(pending))
            pending = None

    for word in tokens(text):
        if word.isdigit():
            flush()
            out.append(word * repeat if len(word) == 1 else word)
            repeat, prev_number = 1, True
        elif word in UNITS and (word not in AMBIGUOUS or prev_number or repeat > 1):
            unit = UNITS[word]
            if pending is not None and pending % 10 == 0 and unit:
                pending += unit  # "forty" "seven"
                flush()
            else:
                flush()
                out.append(str(unit) * repeat)
            repeat, prev_number = 1, True
        elif word in TEENS:
            if pending is not None and pending % 100 == 0:
                pending += TEENS[word]  # "three hundred" "twelve"
                flush()
            else:
                flush()
                out.append(str(TEENS[word]))
            prev_number = True
        elif word in TENS:
            if pending is not None and pending % 100 == 0:
                pending += TENS[word]
            else:
                flush()
                pending = TENS[word]
            prev_number = True
        elif word == "hundred" and (pending is not None or (out and prev_number)):
            base = pending if pending is not None else int(out.pop())
            pending = base * 100
            prev_number = True
        elif word in REPEAT:
            repeat = REPEAT[word]
        elif word == "and" and pending is not None:
            continue
        else:
            flush()
            repeat, prev_number = 1, False
    flush()
    return "".join(out)

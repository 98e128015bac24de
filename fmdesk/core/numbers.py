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


_WORD = re.compile(r"[A-Za-z]+|\d+(?:[.:]\d+)*")
_JOIN = re.compile(r"[\s,\-–]*")  # what may stand between the words of one number
_NUMBER_WORDS = set(UNITS) - AMBIGUOUS | set(TEENS) | set(TENS) | {"hundred"} | set(REPEAT)


def spans(text: str) -> list[tuple[int, int, str]]:
    """The numbers said in a line, as (start, end, digits): runs of digits or
    of number words ("eight, eight, niner, eight" → "8898", "four" → "4"),
    so a logbook can pick them out. A lone "one" is left alone (mostly not a
    number), and so is a digit glued to a word by a dash (a callsign, NOVA-7)."""
    found: list[tuple[int, int, str]] = []
    run: list[re.Match] = []

    def close() -> None:
        if run and (len(run) >= 2 or run[0].group().lower() != "one"):
            start, end = run[0].start(), run[-1].end()
            said = digits(text[start:end]) if not run[0].group()[0].isdigit() or len(run) > 1 else run[0].group()
            found.append((start, end, said))
        run.clear()

    for match in _WORD.finditer(text):
        word = match.group().lower()
        glued = match.start() > 1 and text[match.start() - 1] == "-" and text[match.start() - 2].isalpha()
        number = (word[0].isdigit() and not glued) or word in _NUMBER_WORDS or (word in AMBIGUOUS and run)
        if number and run and not _JOIN.fullmatch(text[run[-1].end():match.start()]):
            close()
        if number:
            run.append(match)
        else:
            close()
    close()
    return found

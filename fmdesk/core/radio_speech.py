# SPDX-License-Identifier: GPL-3.0-or-later
"""Lines as a radio operator says them, for the voice (the subtitles keep
the written line): codes, grids, headings and frequencies digit by digit
with "niner" ("4719" → "four seven one niner", "9, 2, 2, 5" → "niner, two,
two, five", "104.1" → "one zero four decimal one", "270" → "two seven
zero"), letter codes letter by letter ("B-7" → "B, seven"). Quantities keep
their words ("20 minutes", "3 people").
"""

from __future__ import annotations

import re

DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "niner")
# A number followed by one of these is a quantity, said as a number.
UNITS = {"minute", "minutes", "min", "mins", "second", "seconds", "hour", "hours", "metre", "metres",
         "meter", "meters", "m", "km", "kilometres", "kilometers", "mile", "miles", "feet", "foot", "ft",
         "people", "person", "persons", "percent", "%", "years", "year", "degrees", "knots", "kg",
         "litres", "liters", "days", "day", "o'clock", "am", "pm", "kids", "adults", "of"}

_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.]*\d)")
_CODE = re.compile(r"\b([A-Z]{1,3})-(\d+)\b")


def _digits(number: str) -> str:
    return " ".join("decimal" if c == "." else DIGITS[int(c)] for c in number)


def for_radio(text: str) -> str:
    def code(m: re.Match) -> str:
        letters = " ".join(m.group(1)) if len(m.group(1)) <= 3 else m.group(1)
        return f"{letters}, {_digits(m.group(2))}"

    text = _CODE.sub(code, text)

    def number(m: re.Match) -> str:
        after = text[m.end():].lstrip()
        word = re.match(r"[\w'%]+", after)
        if word and word.group().lower() in UNITS:
            return m.group()
        if len(m.group(1)) == 1 and m.group(1) != "9" and not _in_a_row(text, m):
            return m.group()  # "3" alone: espeak says it well
        return _digits(m.group(1))

    return _NUMBER.sub(number, text)


def _in_a_row(text: str, m: re.Match) -> bool:
    """A single digit in a row of them ("9, 2, 2, 5")."""
    before, after = text[:m.start()].rstrip(" ,-"), text[m.end():].lstrip(" ,-")
    return bool(before[-1:].isdigit() or after[:1].isdigit())

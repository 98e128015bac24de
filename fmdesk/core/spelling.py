# SPDX-License-Identifier: GPL-3.0-or-later
"""The words a mission may put in the player's mouth, spelled as the story
spells them: the callers' names, then its places and other proper names,
then its uncommon words ("couloir", "helipad").

The text has one shape, "Name One, Name Two. Place, word, word." — the
hearing path reads it back (names before the first full stop) and decides
which of the words its speech model needs help with. Ordinary words do
harm there: a prompt full of "crew, takes, tonight" made whisper twice as
wrong on the development set (bench/hearing_dev_set.py).
"""

from __future__ import annotations

import re

from fmdesk.core.mission import Brief

MAX_CHARS = 400
_COMMON = set("""a an and are as at be but by for from go has have he her his if in into is it its
of on or our out over she so that the their them then there they this to up was we were what when
where which who will with you your get got can not no yes all any one two before after must keep
make made every down off than your team mission task""".split())
_SENTENCE = re.compile(r"[^.!?]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def proper_names(text: str) -> list[str]:
    """Runs of capitalised words that do not open a sentence: "Gull Island",
    "Sea Lark". A run that opens a sentence counts from its second word."""
    found: list[str] = []
    for sentence in _SENTENCE.findall(text):
        words = _WORD.findall(sentence)
        run: list[str] = []
        for i, word in enumerate(words + [""]):
            if word[:1].isupper() and i > 0 and not (word.isupper() and len(word) > 1):
                run.append(word.removesuffix("'s"))
                continue
            if run:
                found.append(" ".join(run))
            run = []
    return found


def spelling_prompt(brief: Brief | None) -> str:
    """"Mara Quinn, Kofi Mensah. Gull Island, Osprey, lifeboat, couloir…" """
    if brief is None:
        return ""
    names = [c.name for c in brief.callers]
    seen = {n.lower() for n in names} | {part.lower() for n in names for part in n.split()}
    hints: list[str] = []
    sources = (brief.brief, brief.story, brief.task)
    candidates = [p for text in sources for p in proper_names(text)]
    candidates += [w.removesuffix("'s") for text in sources + (brief.title,) for w in _WORD.findall(text)
                   if w.islower() and len(w) >= 4 and w not in _COMMON and "'" not in w.removesuffix("'s")]
    for phrase in candidates:
        if phrase.lower() not in seen:
            seen.add(phrase.lower())
            hints.append(phrase)
    return hint_text(names, hints, MAX_CHARS)


def hint_text(names: list[str] | tuple[str, ...], words: list[str] | tuple[str, ...], max_chars: int) -> str:
    """The one shape of spelling hints: "Name One, Name Two. Place, word." —
    names whole, then as many words as fit in `max_chars`."""
    text = ", ".join(names) + "." if names else ""
    for word in words:
        if len(text) + len(word) + 2 > max_chars:
            break
        text += f" {word},"
    return text.rstrip(",").strip() + ("." if words and not text.endswith(".") else "")

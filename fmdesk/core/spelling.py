# SPDX-License-Identifier: GPL-3.0-or-later
"""whisper's initial prompt for a mission: the callers' names and the
mission's own words, so the transcript spells them as the story does."""

from __future__ import annotations

import re

from fmdesk.core.mission import Brief

MAX_CHARS = 220
_COMMON = set("""a an and are as at be but by for from go has have he her his if in into is it its
of on or our out over she so that the their them then there they this to up was we were what when
where which who will with you your get got can not no yes all any one two before after must keep
make made every down off than your team mission task""".split())


def spelling_prompt(brief: Brief | None) -> str:
    """"Mara Quinn, Kofi Mensah. Gull Island, lifeboat, harbour…" — names first."""
    if brief is None:
        return ""
    names = [c.name for c in brief.callers]
    words: list[str] = []
    seen = {n.lower() for n in names}
    for text in (brief.title, brief.task, brief.brief):
        for word in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", text):
            key = word.lower()
            if key not in seen and key not in _COMMON:
                seen.add(key)
                words.append(word)
    prompt = ", ".join(names) + "."
    for word in words:
        if len(prompt) + len(word) + 2 > MAX_CHARS:
            break
        prompt += f" {word},"
    return prompt.rstrip(",")

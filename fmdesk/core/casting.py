# SPDX-License-Identifier: GPL-3.0-or-later
"""Casting: every caller of a mission gets a voice actor of their own.

The choice is a pure function of the callers (name, role, gender, age and
origin hints) and
the actors on offer, so the same mission is cast the same way on every
machine with the same voices, and a resumed mission keeps its cast.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Iterable, Literal

from fmdesk.core.mission import Caller

Gender = Literal["female", "male", "any"]

# Words in a role that say who the caller is, when the director gave no gender.
_FEMALE_WORDS = {"she", "her", "woman", "lady", "mother", "mom", "sister", "girl", "queen", "madam",
                 "actress", "waitress", "grandmother", "aunt", "wife", "nun", "duchess"}
_MALE_WORDS = {"he", "his", "man", "gentleman", "father", "dad", "brother", "boy", "king", "sir",
               "actor", "waiter", "grandfather", "uncle", "husband", "monk", "duke"}


# Words in a caller's role, personality or name that hint at an accent.
_ACCENT_WORDS = {
    "uk": {"british", "english", "england", "london", "londoner", "scottish", "scots", "scotland", "welsh",
           "wales", "irish", "uk", "yorkshire", "cornish", "manchester", "liverpool", "oxford", "cockney"},
    "ja": {"japanese", "japan", "tokyo", "osaka", "kyoto", "hokkaido"},
}
# Words in a caller's role or personality that hint at their age.
_AGE_WORDS = {
    "young": {"kid", "child", "boy", "girl", "teen", "teenager", "teenage", "student", "young", "youngster",
              "cadet", "rookie", "intern", "apprentice", "trainee", "junior", "schoolboy", "schoolgirl",
              "daughter", "son", "nephew", "niece", "novice", "recruit"},
    "older": {"old", "older", "elderly", "aged", "grandfather", "grandmother", "grandpa", "grandma",
              "granny", "retired", "veteran", "senior", "chief", "commander", "captain", "professor",
              "widow", "widower", "keeper", "colonel", "admiral", "abbot", "mayor"},
}
# Accents cast only on a hint (a Japanese-trained voice is not an English default).
_ON_HINT = {"ja"}


@dataclass(frozen=True)
class ActorCard:
    """What casting needs to know of a voice actor."""

    name: str
    gender: Gender = "any"
    accent: str = ""     # "us", "uk", "ja"; "" unknown
    pitch_hz: int = 0    # median pitch; 0 unknown
    age: str = ""        # "young", "adult", "older"; "" unknown


def caller_gender(caller: Caller) -> Gender:
    if caller.gender != "any":
        return caller.gender
    words = set((caller.role + " " + caller.personality).casefold().replace(",", " ").split())
    female, male = bool(words & _FEMALE_WORDS), bool(words & _MALE_WORDS)
    if female != male:
        return "female" if female else "male"
    return "any"


def caller_accent(caller: Caller) -> str:
    """The accent a caller's brief hints at ("" for none)."""
    words = set((caller.role + " " + caller.personality + " " + caller.name).casefold()
                .replace(",", " ").replace(".", " ").split())
    return next((accent for accent, hints in _ACCENT_WORDS.items() if words & hints), "")


def caller_age(caller: Caller) -> str:
    """The age a caller's role or personality hints at ("young", "older"; "" for none)."""
    words = set((caller.role + " " + caller.personality).casefold().replace(",", " ").replace(".", " ")
                .replace("-", " ").split())
    young, older = bool(words & _AGE_WORDS["young"]), bool(words & _AGE_WORDS["older"])
    if young != older:
        return "young" if young else "older"
    return ""


# Roles that talk from far off: their signal is weaker, their voice rougher.
_FAR_WORDS = {"pilot", "helicopter", "aircraft", "plane", "boat", "ship", "lifeboat", "trawler", "freighter",
              "sea", "offshore", "coxswain", "skipper", "captain", "station", "summit", "ridge", "convoy",
              "driver", "diver", "far", "remote", "climber"}


def caller_signal(caller: Caller) -> float:
    """How strong a caller's signal is (1 near, 0.75 far), from their role."""
    words = set(caller.role.casefold().replace(",", " ").split())
    return 0.75 if words & _FAR_WORDS else 1.0


def _apart(actor: ActorCard, others: list[ActorCard]) -> float:
    """How far (in semitones) the actor's pitch is from the nearest caller
    already cast in this mission; callers far apart are told apart."""
    if not actor.pitch_hz or not others:
        return 0.0
    known = [o.pitch_hz for o in others if o.pitch_hz]
    if not known:
        return 0.0
    return min(abs(12 * math.log2(actor.pitch_hz / hz)) for hz in known)


def _rank(caller: Caller, actor: ActorCard) -> str:
    key = f"{caller.name.casefold()}|{caller.role.casefold()}|{actor.name}"
    return hashlib.sha256(key.encode()).hexdigest()


def cast(callers: Iterable[Caller], actors: Iterable[ActorCard]) -> tuple[Caller, ...]:
    """The callers with `voice` set to an actor's name.

    A caller already cast to an actor on offer keeps it. The others, in order,
    take a free actor whose gender fits (an actor of any gender fits
    everyone): one with the accent the caller's brief hints at if there is
    one (a Japanese-trained voice only on such a hint), of the age it hints
    at where there is one, then the one whose pitch is furthest from the callers cast so far (to the nearest 2
    semitones), then by a hash of caller and actor. When every fitting actor
    is taken, the least used one is shared. With no actors at all the
    callers come back unchanged."""
    callers = tuple(callers)
    offer = {a.name: a for a in actors}
    if not offer:
        return callers
    used: dict[str, int] = {name: 0 for name in offer}
    for caller in callers:
        if caller.voice in offer:
            used[caller.voice] += 1
    out = []
    cast_so_far = [offer[c.voice] for c in callers if c.voice in offer]
    for caller in callers:
        if caller.voice in offer:
            out.append(caller)
            continue
        gender, accent, age = caller_gender(caller), caller_accent(caller), caller_age(caller)
        fitting = [a for a in offer.values() if gender == "any" or a.gender in (gender, "any")]
        pool = fitting or list(offer.values())
        hinted = [a for a in pool if accent and a.accent == accent]
        if hinted:
            pool = hinted
        elif any(a.accent not in _ON_HINT for a in pool):
            pool = [a for a in pool if a.accent not in _ON_HINT]
        aged = [a for a in pool if age and a.age == age]
        if aged and min(used[a.name] for a in aged) == min(used[a.name] for a in pool):
            pool = aged  # a fitting age, unless it would share a voice another caller has
        choice = min(pool, key=lambda a: (used[a.name], -round(_apart(a, cast_so_far) / 2), _rank(caller, a)))
        used[choice.name] += 1
        cast_so_far.append(choice)
        out.append(caller.model_copy(update={"voice": choice.name}))
    return tuple(out)

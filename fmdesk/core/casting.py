# SPDX-License-Identifier: GPL-3.0-or-later
"""Casting: every caller of a mission gets a voice actor of their own.

The choice is a pure function of the callers (name, role, gender hint) and
the actors on offer, so the same mission is cast the same way on every
machine with the same voices, and a resumed mission keeps its cast.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable, Literal

from fmdesk.core.mission import Caller

Gender = Literal["female", "male", "any"]

# Words in a role that say who the caller is, when the director gave no gender.
_FEMALE_WORDS = {"she", "her", "woman", "lady", "mother", "mom", "sister", "girl", "queen", "madam",
                 "actress", "waitress", "grandmother", "aunt", "wife", "nun", "duchess"}
_MALE_WORDS = {"he", "his", "man", "gentleman", "father", "dad", "brother", "boy", "king", "sir",
               "actor", "waiter", "grandfather", "uncle", "husband", "monk", "duke"}


@dataclass(frozen=True)
class ActorCard:
    """What casting needs to know of a voice actor."""

    name: str
    gender: Gender = "any"


def caller_gender(caller: Caller) -> Gender:
    if caller.gender != "any":
        return caller.gender
    words = set((caller.role + " " + caller.personality).casefold().replace(",", " ").split())
    female, male = bool(words & _FEMALE_WORDS), bool(words & _MALE_WORDS)
    if female != male:
        return "female" if female else "male"
    return "any"


def _rank(caller: Caller, actor: ActorCard) -> str:
    key = f"{caller.name.casefold()}|{caller.role.casefold()}|{actor.name}"
    return hashlib.sha256(key.encode()).hexdigest()


def cast(callers: Iterable[Caller], actors: Iterable[ActorCard]) -> tuple[Caller, ...]:
    """The callers with `voice` set to an actor's name.

    A caller already cast to an actor on offer keeps it. The others, in order,
    take the best-ranked free actor whose gender fits (an actor of any gender
    fits everyone); when every fitting actor is taken, the least used one is
    shared. With no actors at all the callers come back unchanged."""
    callers = tuple(callers)
    offer = {a.name: a for a in actors}
    if not offer:
        return callers
    used: dict[str, int] = {name: 0 for name in offer}
    for caller in callers:
        if caller.voice in offer:
            used[caller.voice] += 1
    out = []
    for caller in callers:
        if caller.voice in offer:
            out.append(caller)
            continue
        gender = caller_gender(caller)
        fitting = [a for a in offer.values() if gender == "any" or a.gender in (gender, "any")]
        pool = fitting or list(offer.values())
        choice = min(pool, key=lambda a: (used[a.name], _rank(caller, a)))
        used[choice.name] += 1
        out.append(caller.model_copy(update={"voice": choice.name}))
    return tuple(out)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The mission a seed makes of a story: who plays whom, the places, the
codes, the order of the scenes, and which words each line takes.

Everything here is a pure function of the seed and the callsign, so a seed
reproduces a mission and a resumed mission renders every line as before.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from fmdesk.core.frequency import snap
from fmdesk.director.offline.story import Said, Scene, Story, load_all

NAMES = {
    "female": ("Mara Quinn", "Ines Okafor", "Tove Lind", "Rosa Delgado", "Hana Mori", "Leila Haddad",
               "June Albright", "Nadia Petrov", "Grace Obi", "Freya Holm", "Carmen Ruiz", "Aiko Tan",
               "Beth Calloway", "Priya Nair", "Sofia Marek", "Wren Talbot", "Dana Kowal", "Maeve Dunne",
               "Lucia Ferri", "Abby Stone"),
    "male": ("Tomas Reyes", "Elias Brandt", "Kofi Mensah", "Arlo Fitch", "Dmitri Vale", "Sam Whitlock",
             "Ravi Kapoor", "Otto Lange", "Jonah Pike", "Luis Ortega", "Bram Visser", "Kenji Sato",
             "Marcus Hale", "Idris Bello", "Finn Gallagher", "Pavel Novak", "Cole Harper", "Theo Marsh",
             "Nico Rossi", "Wade Carter"),
}
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen", "twenty")
_GROUP = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")


class Values(dict):
    """Template values; an unknown {name} stays as written rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@lru_cache(maxsize=1)
def repertoire() -> tuple[Story, ...]:
    return load_all()


def stories() -> tuple[Story, ...]:
    """The stories a seed can pick."""
    return tuple(s for s in repertoire() if not s.bridge)


def bridge_story() -> Story:
    return next(s for s in repertoire() if s.bridge)


@dataclass(frozen=True)
class Plan:
    story: Story
    seed: int
    names: dict[str, str]  # role key -> caller name
    values: Values
    scene_order: tuple[str, ...]

    def speaker(self, role: str) -> str:
        return self.names[role]

    def role_of(self, name: str) -> str | None:
        return next((k for k, v in self.names.items() if v == name), None)

    def scenes(self) -> list[Scene]:
        return [self.story.scene(sid) for sid in self.scene_order]

    def render(self, text: str, key: str = "", **extra: str) -> str:
        """A template with its [a|b] groups chosen (stable for this seed and
        `key`) and its {values} filled."""
        rng = random.Random(f"fmdesk-words:{self.seed}:{key}:{text}")
        chosen = _GROUP.sub(lambda m: rng.choice(m.group(1).split("|")), text)
        values = Values(self.values)
        values.update(extra)
        return re.sub(r"\s+", " ", chosen.format_map(values)).strip()

    def variants(self, said: Said, key: str) -> list[str]:
        """A line's rendered variants, in the order this seed prefers them."""
        rng = random.Random(f"fmdesk-line:{self.seed}:{key}")
        order = list(said.variants)
        rng.shuffle(order)
        me = self.names[said.by]
        return [spoken(self.render(v, key, me=me, my_role=self.story.role(said.by).role)) for v in order]


def story_for(seed: int) -> Story:
    """The story a seed plays. Seeds are dealt in rounds: every run of as
    many consecutive seeds as there are stories plays each story once, in
    an order each round shuffles."""
    found = sorted(stories(), key=lambda s: s.key)
    deck = list(found)
    random.Random(f"fmdesk-deck:{seed // len(found)}").shuffle(deck)
    return deck[seed % len(found)]


def spoken(text: str) -> str:
    """A line as said: each sentence starts with a capital ("{roof_words},
    roger." and "Your call. {gully} or the ridge?")."""
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def plan_mission(seed: int, callsign: str) -> Plan:
    return _plan(story_for(seed), seed, callsign, random.Random(f"fmdesk-offline:{seed}"))


def _plan(story: Story, seed: int, callsign: str, rng: random.Random) -> Plan:
    taken: set[str] = set()
    names: dict[str, str] = {}
    for role in story.roles:
        gender = role.gender if role.gender in NAMES else rng.choice(("female", "male"))
        name = rng.choice([n for n in NAMES[gender] if n not in taken])
        taken.add(name)
        names[role.key] = name
    values = Values(callsign=callsign)
    for key, options in story.vars.items():
        values[key] = rng.choice(options)
    for key, spec in story.numbers.items():
        if isinstance(spec, int):  # a code of `spec` digits
            code = "".join(str(rng.randint(1, 9)) for _ in range(spec))
            values[key], values[key + "_spoken"] = code, ", ".join(code)
        elif isinstance(spec, list) and len(spec) == 2:  # a count in a range
            n = rng.randint(int(spec[0]), int(spec[1]))
            values[key], values[key + "_words"] = str(n), _WORDS[n] if n < len(_WORDS) else str(n)
        elif isinstance(spec, str):  # a sum of counts: "a + b"
            n = sum(int(values[part.strip()]) for part in spec.split("+"))
            values[key], values[key + "_words"] = str(n), _WORDS[n] if n < len(_WORDS) else str(n)
    values.update(names)
    for role in story.roles:
        values.update(_name_values(role.key, names[role.key]))
    values["title"] = rng.choice(story.titles).format_map(values)
    values["frequency"] = str(snap(rng.uniform(88.1, 107.9)))
    # Scenes of one `order` come in an order the seed picks.
    groups: dict[int, list[str]] = {}
    for scene in story.scenes:
        groups.setdefault(scene.order, []).append(scene.id)
    order: list[str] = []
    for key in sorted(groups):
        group = groups[key]
        rng.shuffle(group)
        order += group
    return Plan(story, seed, names, values, tuple(order))


def gender_of(name: str) -> str:
    return "female" if name in NAMES["female"] else "male"


def _name_values(role: str, name: str) -> dict[str, str]:
    """{lead_first}, a first name as callers say it, and {lead_he},
    {lead_him}, {lead_his} for a role whose caller may be a woman or a man."""
    female = gender_of(name) == "female"
    return {f"{role}_first": name.split()[0], f"{role}_he": "she" if female else "he",
            f"{role}_him": "her" if female else "him", f"{role}_his": "her" if female else "his"}


def bridge_plan(seed: int, callsign: str, callers: list[str], task: str) -> Plan:
    """The bridge story, played by another director's callers (roles in turn)."""
    story = bridge_story()
    plan = _plan(story, seed, callsign, random.Random(f"fmdesk-bridge:{seed}"))
    names = {role.key: callers[i % len(callers)] for i, role in enumerate(story.roles)}
    values = Values(plan.values)
    values.update(names)
    for role in story.roles:
        values.update(_name_values(role.key, names[role.key]))
    values["task"] = task.rstrip(".")
    return Plan(story, seed, names, values, plan.scene_order)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The shape of an offline mission script: roles, beats, cues and reactions."""

from __future__ import annotations

from dataclasses import dataclass, field

from fmdesk.director.offline.understand import Expect

# A spoken line in a script: (role key, text variants). Text may use
# {callsign}, {code}, {code_spoken}, {answer}, {task}, var names, and role keys
# (which stand for the caller's name).
Said = tuple[str, tuple[str, ...]]


def say(role: str, *variants: str) -> Said:
    return (role, variants)


@dataclass(frozen=True)
class Role:
    key: str
    role: str
    personality: str
    gender: str  # "female", "male" or "any"


@dataclass(frozen=True)
class Beat:
    lines: tuple[Said, ...]
    asker: str
    hint: str
    expect: Expect
    right: tuple[Said, ...]
    wrong: tuple[Said, ...]
    unclear: tuple[Said, ...]
    silent: tuple[Said, ...]
    # For the debrief: what this moment came to.
    went_right: str
    went_wrong: str


@dataclass(frozen=True)
class Archetype:
    key: str
    titles: tuple[str, ...]
    brief: str
    story: str
    task: str
    roles: tuple[Role, ...]
    opening: tuple[Said, ...]
    beats: tuple[Beat, ...]
    chatter: tuple[Said, ...]
    success: tuple[Said, ...]
    failure: tuple[Said, ...]
    sign_off: Said
    variables: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Worried lines when the player has said nothing twice in a row.
    worried: tuple[Said, ...] = ()

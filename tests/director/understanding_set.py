# SPDX-License-Identifier: GPL-3.0-or-later
"""The committed answer set (data/understanding.txt), read against the real
stories' questions, scored. Used by the test and by bench/understanding.py."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path

from fmdesk.core.reading import Reading
from fmdesk.director.offline.meaning import Meaning
from fmdesk.director.offline.plan import _plan, repertoire
from fmdesk.director.offline.progress import ask_for
from fmdesk.director.offline.reading import Ask, Reader

SET = Path(__file__).parent / "data" / "understanding.txt"


@dataclass(frozen=True)
class Case:
    story: str
    scene: str
    said: str
    means: str  # "gully", "yes", "4719", "say_again", "question:name"...


@dataclass(frozen=True)
class Result:
    case: Case
    reading: Reading
    seconds: float

    @property
    def got(self) -> str:
        r = self.reading
        if r.intent == "answer":
            return r.value
        return f"question:{r.value}" if r.intent == "question" else r.intent

    @property
    def right(self) -> bool:
        return self.got == self.case.means


def cases() -> list[Case]:
    out = []
    for line in SET.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        where, said, means = (part.strip() for part in line.split("|"))
        story, scene = where.split("/")
        out.append(Case(story, scene, said, means))
    return out


def ask(case: Case) -> Ask:
    story = next(s for s in repertoire() if s.key == case.story)
    scene = story.scene(case.scene)
    if scene is None:
        raise KeyError(f"{case.story} has no scene {case.scene}")
    plan = _plan(story, 0, "NOVA-7", random.Random(0))
    found = ask_for(plan, scene)
    if scene.kind == "number" and case.means.isdigit():
        found = Ask(kind="number", expect=case.means, ref=found.ref)
    return found


def score(model: Meaning | None) -> list[Result]:
    reader = Reader(model)
    results = []
    for case in cases():
        question = ask(case)
        start = time.perf_counter()
        reading = reader.read(case.said, question)
        results.append(Result(case, reading, time.perf_counter() - start))
    return results

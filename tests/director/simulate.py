# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the offline director through a whole mission without the engine.

Each segment becomes a turn with the time the engine would give it; each cue
is answered by `answer(scene, plan)` (scene None for a cue that is not a
story scene), and the answer's reading is stored on its turn, as the show
does.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timezone

from fmdesk.core.context import DialogueContext
from fmdesk.core.mission import Brief, Outcome
from fmdesk.core.segments import Cue, End, Gap, Line
from fmdesk.core.timing import speaking_seconds
from fmdesk.core.turns import PLAYER, SILENCE_TEXT, Turn
from fmdesk.director.base import BriefRequest
from fmdesk.director.offline.director import OfflineDirector
from fmdesk.director.offline.plan import Plan
from fmdesk.director.offline.progress import expected, scene_of
from fmdesk.director.offline.story import Scene


def right_key(scene: Scene) -> str:
    """The decision a sharp player takes: the option whose `then` scores
    highest, the right number."""
    return {"number": "right", "free": "any"}.get(scene.kind) or best_key(scene)


def wrong_key(scene: Scene) -> str:
    return {"number": "wrong", "free": "any"}.get(scene.kind) or next(k for k in scene.then if k != best_key(scene))


def right_answer(scene: Scene | None, plan: Plan) -> str:
    return "copy" if scene is None else _saying(scene, right_key(scene), plan)


def wrong_answer(scene: Scene | None, plan: Plan) -> str:
    return "copy" if scene is None else _saying(scene, wrong_key(scene), plan)


def _saying(scene: Scene, key: str, plan: Plan) -> str:
    """What a player says to take `key`."""
    if scene.kind == "number":
        return " ".join(expected(plan, scene)) if key == "right" else "one two three"
    if scene.kind == "free":
        return "stay calm and keep me posted"
    if scene.kind == "yesno":
        return key
    return plan.render(next(o for o in scene.options if o.key == key).say)


def best_key(scene: Scene) -> str:
    def worth(key: str) -> int:
        changes = scene.then[key].set
        good = sum(int(v) for k, v in changes.items() if k == "score")
        bad = sum(1 for k, v in changes.items() if k != "score" and str(v) not in ("0", "-1"))
        return good * 2 - bad
    return max(scene.then, key=worth)


@dataclass
class Run:
    turns: list[Turn] = field(default_factory=list)
    outcome: Outcome | None = None
    batches: list[list] = field(default_factory=list)
    ended: bool = False  # the director said End

    @property
    def lines(self) -> list[Turn]:
        return [t for t in self.turns if t.kind == "line"]


def simulate(brief: Brief, seed: int, answer, callsign: str = "NOVA-7", max_batches: int = 300,
             answer_s: float = 3.0, director: OfflineDirector | None = None) -> Run:
    director = director or OfflineDirector()
    run = Run()
    now = 0.0

    def add(kind, **kw) -> Turn:
        nonlocal now
        turn = Turn(seq=len(run.turns), kind=kind, t=round(now, 3), at=datetime.now(timezone.utc), **kw)
        run.turns.append(turn)
        now += kw.get("seconds", 0.0)
        return turn

    def context() -> DialogueContext:
        return DialogueContext(brief=brief, callsign=callsign, seed=seed, turns=tuple(run.turns), elapsed_s=now)

    for _ in range(max_batches):
        if now >= brief.time_limit_s or run.ended:
            break
        batch = director.batch(context())
        run.batches.append(batch)
        plan = director.plan_for(context())
        for seg in batch:
            if now >= brief.time_limit_s:
                break
            if isinstance(seg, Line):
                add("line", speaker=seg.speaker, text=seg.text, seconds=speaking_seconds(seg.text),
                    ref=seg.ref or None)
            elif isinstance(seg, Gap):
                add("gap", seconds=min(seg.seconds, brief.time_limit_s - now))
            elif isinstance(seg, End):
                run.ended = True
                break
            elif isinstance(seg, Cue):
                add("cue", speaker=seg.speaker, text=seg.hint, ref=seg.ref or None)
                sid = scene_of(seg.ref)
                said = answer(plan.story.scene(sid) if sid else None, plan) or ""
                text = said or SILENCE_TEXT
                reading = director.read(context(), text)
                add("player" if said else "silence", speaker=PLAYER, text=text, seconds=answer_s,
                    reading=reading)
                break
    run.outcome = director.outcome(context())
    return run


def scene_for_hint(plan: Plan, hint: str) -> Scene | None:
    return next((s for s in plan.story.scenes if plan.render(s.hint) == hint), None)


def right_for_hint(plan: Plan, hint: str) -> str:
    """The right answer to the cue whose hint the player sees."""
    return right_answer(scene_for_hint(plan, hint), plan)


def right_answers(seed: int, callsign: str, time_limit_s: int = 300) -> list[str]:
    """The right answers in the order a sharp player meets the cues."""
    director = OfflineDirector()
    brief = asyncio.run(director.write_brief(BriefRequest(callsign=callsign, seed=seed, time_limit_s=time_limit_s)))
    run = simulate(brief, seed, right_answer, callsign=callsign, answer_s=0.5, director=director)
    return [t.text for t in run.turns if t.kind == "player"]

# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the offline director's rules through a whole mission without the engine.

Each segment becomes a turn with the time the engine would give it, and each
cue is answered by `answer(beat_index, plan)`.
"""

from __future__ import annotations

from datetime import datetime, timezone

from fmdesk.core.context import DialogueContext
from fmdesk.core.mission import Brief
from fmdesk.core.segments import Cue, Gap, Line
from fmdesk.core.timing import speaking_seconds
from fmdesk.core.turns import PLAYER, SILENCE_TEXT, Turn
from fmdesk.director.offline.director import OfflineDirector, Plan


def right_answer(index: int, plan: Plan) -> str:
    expect = plan.expect(plan.beat(index))
    if expect.kind == "choice":
        return f"go {expect.options[expect.right][0]}"
    if expect.kind == "number":
        return " ".join(expect.right)
    if expect.kind == "yesno":
        return expect.right
    return "children first"


def wrong_answer(index: int, plan: Plan) -> str:
    expect = plan.expect(plan.beat(index))
    if expect.kind == "choice":
        other = next(label for label in expect.options if label != expect.right)
        return expect.options[other][0]
    if expect.kind == "number":
        return "1 2 3"
    if expect.kind == "yesno":
        return "no" if expect.right == "yes" else "yes"
    return ""


def simulate(brief: Brief, seed: int, answer, callsign: str = "NOVA-7", max_batches: int = 200):
    director = OfflineDirector()
    turns: list[Turn] = []
    now = 0.0
    batches = []

    def add(kind, **kw):
        nonlocal now
        turns.append(Turn(seq=len(turns), kind=kind, t=now, at=datetime.now(timezone.utc), **kw))
        now += kw.get("seconds", 0.0)

    for _ in range(max_batches):
        if now >= brief.time_limit_s:
            break
        ctx = DialogueContext(brief=brief, callsign=callsign, seed=seed, turns=tuple(turns), elapsed_s=now)
        batch = director.batch(ctx)
        batches.append(batch)
        plan = director.plan_for(ctx)
        for seg in batch:
            if isinstance(seg, Line):
                add("line", speaker=seg.speaker, text=seg.text, seconds=speaking_seconds(seg.text))
            elif isinstance(seg, Gap):
                add("gap", seconds=seg.seconds)
            elif isinstance(seg, Cue):
                add("cue", speaker=seg.speaker, text=seg.hint)
                said = answer(len([t for t in turns if t.is_answer]), plan) or ""
                kind = "player" if said else "silence"
                add(kind, speaker=PLAYER, text=said or SILENCE_TEXT, seconds=3.0)
                break
    ctx = DialogueContext(brief=brief, callsign=callsign, seed=seed, turns=tuple(turns), elapsed_s=now)
    return turns, director.outcome(ctx), batches

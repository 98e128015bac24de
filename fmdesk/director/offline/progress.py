# SPDX-License-Identifier: GPL-3.0-or-later
"""Where a mission's story stands, folded from its stored turns.

The offline director keeps no state of its own: each time it writes, it
folds the turns (lines with their scene references, answers with their
stored readings) into the story's flags, the decisions taken, the scene
whose question is open and what the last answer asks of the caller next.
`resolve` is the one place that turns a reading into a move, so what a
caller says and what the debrief tells come from the same decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from fmdesk.core.reading import Reading
from fmdesk.core.turns import Turn
from fmdesk.core.numbers import digits
from fmdesk.director.offline.plan import Plan
from fmdesk.director.offline.reading import Ask, Choice, Reader
from fmdesk.director.offline.story import Scene, apply

# Detours (say again, a question, off-topic words) a caller takes before
# deciding alone.
MAX_DETOURS = 2

MoveKind = Literal["decide", "repeat", "reply", "aside", "askback", "resume", "cut_in"]


@dataclass(frozen=True)
class Move:
    kind: MoveKind
    scene: Scene | None = None
    key: str = ""  # decide: the option taken
    why: str = ""  # decide: "player", or why the caller decided alone
    topic: str = ""  # reply: what was asked


@dataclass(frozen=True)
class Decision:
    scene: Scene
    key: str
    why: str  # "player", "silent", "defer", "unclear", "detours"
    reading: Reading | None


@dataclass
class Progress:
    flags: dict[str, int] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    played: set[str] = field(default_factory=set)  # scenes whose lines aired
    current: str | None = None  # the scene asked or being asked, undecided
    detours: int = 0
    asked_back: bool = False
    aired: set[str] = field(default_factory=set)  # every line's text said so far
    last_move: Move | None = None  # what the latest answer asks of the caller
    signed_off: bool = False
    ending: str | None = None

    @property
    def decided(self) -> set[str]:
        return {d.scene.id for d in self.decisions}


def scene_ref(scene: Scene) -> str:
    return f"scene:{scene.id}"


def scene_of(ref: str | None) -> str | None:
    return ref.split(":", 1)[1] if ref and ref.startswith("scene:") else None


def ask_for(plan: Plan, scene: Scene | None) -> Ask:
    if scene is None:
        return Ask(kind="free")
    options = tuple(Choice(o.key, plan.render(o.say), tuple(plan.render(a) for a in o.also))
                    for o in scene.options)
    return Ask(kind=scene.kind, options=options, expect=expected(plan, scene),
               both=scene.both, ref=scene_ref(scene))


def expected(plan: Plan, scene: Scene) -> str:
    """A number scene's right answer, as digits ("one two one decimal five" is 1215)."""
    return digits(plan.render(scene.expect)) if scene.expect else ""


def key_for(plan: Plan, scene: Scene, reading: Reading) -> str:
    if scene.kind == "number":
        return "right" if reading.value == expected(plan, scene) else "wrong"
    if scene.kind == "free":
        return "any"
    return reading.value


def answered_scene(plan: Plan, current: str | None, before: Turn | None) -> Scene | None:
    """The scene an answer answers: the one asked or being asked, unless the
    player cut a caller off before that scene's lines began."""
    if current is None:
        return None
    if before is not None and before.kind == "interrupt" and scene_of(before.ref) != current:
        return None
    return plan.story.scene(current)


def resolve(plan: Plan, scene: Scene | None, reading: Reading, *, cut_in: bool, detours: int,
            asked_back: bool) -> Move:
    """What the caller does with a reading."""
    if scene is None:
        if reading.intent == "question":
            return Move("reply", topic=reading.value)
        return Move("cut_in")
    if reading.intent == "answer" and key_for(plan, scene, reading) in scene.then:
        return Move("decide", scene, key_for(plan, scene, reading), "player")
    if cut_in:
        return Move("resume", scene)
    if reading.intent in ("silent", "defer"):
        return Move("decide", scene, scene.alone, reading.intent)
    if reading.intent in ("unsure", "answer"):
        return Move("decide", scene, scene.alone, "unclear") if asked_back else Move("askback", scene)
    if detours >= MAX_DETOURS:
        return Move("decide", scene, scene.alone, "detours")
    if reading.intent == "say_again":
        return Move("repeat", scene)
    if reading.intent == "question":
        return Move("reply", scene, topic=reading.value)
    return Move("aside", scene)


def fold(plan: Plan, turns: tuple[Turn, ...] | list[Turn], reader: Reader | None = None) -> Progress:
    p = Progress()
    story = plan.story
    before: Turn | None = None
    for turn in turns:
        if turn.kind == "gap":
            continue
        if turn.kind in ("line", "interrupt"):
            p.aired.add(turn.text)
            p.last_move = None
            sid = scene_of(turn.ref)
            if sid and sid not in p.decided and story.scene(sid) is not None:
                if p.current != sid:
                    p.current, p.detours, p.asked_back = sid, 0, False
                p.played.add(sid)
            if turn.ref == "signoff":
                p.signed_off = True
            elif turn.ref and turn.ref.startswith("ending:"):
                p.ending = turn.ref.split(":", 1)[1]
        elif turn.kind == "cue":
            sid = scene_of(turn.ref)
            if sid and sid not in p.decided and story.scene(sid) is not None and p.current != sid:
                p.current, p.detours, p.asked_back = sid, 0, False
        elif turn.is_answer:
            scene = answered_scene(plan, p.current, before)
            cut_in = before is not None and before.kind == "interrupt"
            reading = turn.reading
            if reading is None or (scene is not None and reading.ref != scene_ref(scene)):
                reading = (reader or Reader()).read(turn.text, ask_for(plan, scene))
            move = resolve(plan, scene, reading, cut_in=cut_in, detours=p.detours, asked_back=p.asked_back)
            if move.kind == "decide":
                then = move.scene.then[move.key]
                p.flags = apply(then.set, p.flags)
                p.decisions.append(Decision(move.scene, move.key, move.why, reading))
                p.current, p.detours, p.asked_back = None, 0, False
            elif move.kind == "askback":
                p.asked_back = True
            elif move.kind in ("repeat", "reply", "aside"):
                p.detours += 1
            p.last_move = move
        before = turn
    return p

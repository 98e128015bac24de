# SPDX-License-Identifier: GPL-3.0-or-later
"""The offline director: a written radio drama that needs no network.

Its stories are data (stories/*.toml). Everything it writes is a pure
function of the seed, the callsign and the stored turns (whose readings say
how each answer was understood), so a seed reproduces a mission and a
resumed mission goes on as if it had never stopped.

Pacing: scenes are spread over the time limit, colour fills the time a
short story leaves and optional scenes play when there is room; when time
is short, scenes are said in brief and optional ones dropped. The ending
and sign-off land within the last twenty seconds, then the show ends. No
line is said twice, but for "say again", which repeats the caller's words.
"""

from __future__ import annotations

import asyncio
import random
import threading
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import AsyncIterator

from fmdesk.core.context import DialogueContext
from fmdesk.core.mission import DEFAULT_TIME_LIMIT_S, MIN_TIME_LIMIT_S, Brief, Caller, Decision, Outcome
from fmdesk.core.reading import Reading
from fmdesk.core.segments import Cue, End, Gap, Line
from fmdesk.core.timing import speaking_seconds
from fmdesk.director.base import BriefRequest, SegmentOut
from fmdesk.director.offline.meaning import meaning
from fmdesk.director.offline.plan import Plan, bridge_plan, gender_of, plan_mission, spoken
from fmdesk.director.offline.progress import Move, Progress, answered_scene, ask_for, expected, fold, scene_ref
from fmdesk.director.offline.reading import Reader, options_text
from fmdesk.director.offline.story import Ending, Said, Scene, holds

# Estimates for pacing: a player's answer, and a caller's reaction to it.
ANSWER_S = 6.0
REACTION_S = 8.0
# Questions about the caller asked, not about the situation.
ABOUT_THE_ASKED = frozenset({"name", "where", "status"})
# A quick player's answer, for the longest a story can run.
QUICK_ANSWER_S = 3.0
# The sign-off is aimed this long before the time limit (within the last 20 s).
END_AIM_S = 8.0
# No silence longer than this (the 5 s of dead air, with a margin).
MAX_GAP_S = 4.0
# At most this much colour between two scenes.
MAX_FILL_S = 30.0


@lru_cache(maxsize=1)
def common() -> dict[str, tuple[str, ...]]:
    raw = tomllib.loads((Path(__file__).parent / "common.toml").read_text(encoding="utf-8"))
    return {k: tuple(v) for k, v in raw.items()}


def story_seconds(plan: Plan) -> float:
    """How long the whole story runs with every scene, optional ones and
    colour, answered quickly: the longest mission it fills without dead air.
    Lines and scenes said only on some paths (a `when`) are not counted."""
    story = plan.story

    def sure(lines: tuple[Said, ...]) -> float:
        return sum(_said_s(plan, s) for s in lines if not s.when)

    total = sure(story.opening) + 1.5
    for scene in story.scenes:
        if scene.when:
            continue
        reaction = min(sure(t.lines) for t in scene.then.values())
        total += sure(scene.lines) + QUICK_ANSWER_S + reaction + 1.5
    total += sum(_said_s(plan, s) + 2.0 for s in story.colour if not s.when)
    total += min(sure(e.lines) for e in story.endings) + _said_s(plan, story.sign_off) + 1.0
    return total


def _said_s(plan: Plan, said: Said) -> float:
    return speaking_seconds(plan.render(said.variants[0]))


def _scene_s(plan: Plan, scene: Scene, brief: bool = False) -> float:
    lines = _brief_lines(scene) if brief else scene.lines
    return sum(_said_s(plan, s) for s in lines) + ANSWER_S


def _brief_lines(scene: Scene) -> tuple[Said, ...]:
    """A scene said in brief: its first line and its question."""
    return scene.lines if len(scene.lines) <= 2 else (scene.lines[0], scene.lines[-1])


def _ending_s(plan: Plan, ending: Ending) -> float:
    return sum(_said_s(plan, s) for s in ending.lines) + _said_s(plan, plan.story.sign_off) + 1.0


class OfflineDirector:
    name = "offline"

    def __init__(self) -> None:
        # The sentence model loads in the background (about a second), so the
        # first answer does not wait for it.
        threading.Thread(target=meaning, name="fmdesk-meaning", daemon=True).start()

    async def write_brief(self, request: BriefRequest) -> Brief:
        plan = plan_mission(request.seed, request.callsign)
        story = plan.story
        callers = tuple(
            Caller(name=plan.names[r.key], role=r.role, personality=r.personality,
                   gender=r.gender if r.gender != "any" else gender_of(plan.names[r.key]))
            for r in story.roles)
        # A story fills so much time; a longer limit would be dead air.
        longest = max(MIN_TIME_LIMIT_S, int(story_seconds(plan) // 10 * 10))
        return Brief(
            title=plan.values["title"], brief=plan.render(story.brief), story=plan.render(story.story),
            task=plan.render(story.task), frequency_mhz=float(plan.values["frequency"]), callers=callers,
            time_limit_s=min(request.time_limit_s or DEFAULT_TIME_LIMIT_S, longest))

    # The rules run off the event loop (the window's thread): the first may
    # wait for the sentence model still loading.
    async def write_segments(self, context: DialogueContext) -> AsyncIterator[SegmentOut]:
        for segment in await asyncio.to_thread(self.batch, context):
            yield segment
            await asyncio.sleep(0)

    async def read_answer(self, context: DialogueContext, text: str) -> Reading | None:
        return await asyncio.to_thread(self.read, context, text)

    async def judge(self, context: DialogueContext) -> Outcome:
        return self.outcome(context)

    async def lines_ahead(self, context: DialogueContext) -> list[Line]:
        return await asyncio.to_thread(self.reactions, context)

    # -- the rules, pure and synchronous ------------------------------------------------

    def plan_for(self, context: DialogueContext) -> Plan:
        plan = plan_mission(context.seed, context.callsign)
        cast = {c.name for c in context.brief.callers}
        if plan.values["title"] == context.brief.title and set(plan.names.values()) == cast:
            return plan
        return bridge_plan(context.seed, context.callsign, [c.name for c in context.brief.callers],
                           context.brief.task)

    def progress(self, context: DialogueContext) -> tuple[Plan, Progress]:
        plan = self.plan_for(context)
        return plan, fold(plan, context.turns, Reader(meaning()))

    def read(self, context: DialogueContext, text: str) -> Reading:
        """How `text`, the answer to the open cue (or said cutting a caller
        off), is understood."""
        plan, progress = self.progress(context)
        last = next((t for t in reversed(context.turns) if t.kind != "gap"), None)
        return Reader(meaning()).read(text, ask_for(plan, answered_scene(plan, progress.current, last)))

    def reactions(self, context: DialogueContext) -> list[Line]:
        """The first line of each way the caller can react to the open cue's
        answer: each option taken, silence, say again, asked back, an aside
        (an answer off the point), and "let me finish" when the player cut
        the caller off. They are written as the batch after the answer
        writes them (the same variants, the same lines already said), so the
        voice can render them ahead. With nothing to answer (the opening,
        while the player tunes; a resume after an answer) the next batch is
        known already: its first line."""
        plan, progress = self.progress(context)
        last = next((t for t in reversed(context.turns) if t.kind != "gap"), None)
        if last is None or last.kind not in ("cue", "interrupt"):
            first = next((s for s in self.batch(context) if isinstance(s, Line)), None)
            return [] if first is None else [first]
        scene = answered_scene(plan, progress.current, last)
        moves = [Move(kind="cut_in")] if last.kind == "interrupt" else []
        if scene is not None:
            # In the order the voice renders them: what a spoken answer leads
            # to first (the caller rehearses while TALK is held), silence
            # last (a silent player leaves the whole answer window for it).
            moves += [Move(kind="decide", scene=scene, key=key, why="player") for key in scene.then]
            # A question the story has no answer for gets "no time for that"
            # (the story's facts, one per topic, are too many to render in a
            # held TALK: measured, they kept the likelier reactions waiting).
            # Say again costs nothing: it is the sound aired (VoicedAir).
            moves += [Move(kind="askback", scene=scene), Move(kind="aside", scene=scene),
                      Move(kind="reply", scene=scene, topic=""), Move(kind="repeat", scene=scene),
                      Move(kind="decide", scene=scene, key=scene.alone, why="silent")]
        lines: list[Line] = []
        for move in moves:
            writer = _Writer(plan, progress, context, answer_to_come=True)
            writer.react(move)
            first = next((s for s in writer.out if isinstance(s, Line)), None)
            if first is not None and first not in lines:
                lines.append(first)
        return lines

    def batch(self, context: DialogueContext) -> list[SegmentOut]:
        plan, progress = self.progress(context)
        w = _Writer(plan, progress, context)
        if not context.turns:
            w.opening()
        move = progress.last_move
        if move is not None and move.kind not in ("decide", "cut_in") and move.scene is not None and w.short_of_time():
            move = None  # no time to ask again: on to the ending
        if move is not None and w.react(move):
            return w.out  # the caller asks again: the batch ends on its cue
        if progress.signed_off:
            return w.out + [End()]
        w.go_on()
        return w.out

    def outcome(self, context: DialogueContext) -> Outcome:
        plan, progress = self.progress(context)
        ending = _ending(plan, progress)
        chain, decisions = [], []
        for d in progress.decisions:
            hint = plan.render(d.scene.hint).rstrip(".?!")
            asker = plan.speaker(d.scene.ask)
            took = _phrase(plan, d)
            note = plan.render(d.scene.then[d.key].note)
            if d.why == "player":
                said = f"you said {took}" if d.scene.kind != "number" else took
                chain.append(f"{hint}? {_capital(said)}. {note}")
                answer = _capital(took)
            else:
                why = {"silent": "you stayed silent", "defer": f"you left it to {asker}"}.get(
                    d.why, f"{asker} could not make out your answer")
                chain.append(f"{hint}? {_capital(why)}, and {asker} went with {took}. {note}")
                answer = (f"{_capital(why)} and went with {took}" if why.startswith(asker)
                          else f"{_capital(why)}; {asker} went with {took}")
            decisions.append(Decision(question=f"{hint}?"[:300], answer=answer[:300], note=note[:400],
                                      by="player" if d.why == "player" else "caller",
                                      verdict=_verdict(d.scene, d.key)))
        missed = [s for s in plan.scenes() if s.id not in progress.decided and not s.optional
                  and holds(s.when, progress.flags)]
        if missed and progress.ending is None:
            chain.append(f"Time ran out with {len(missed)} of the team's questions still to come.")
        summary = f"{plan.render(ending.title)}. " + " ".join(chain) + " " + plan.render(ending.summary)
        if len(summary) > 2000:
            summary = summary[:1997].rsplit(" ", 1)[0] + "…"
        return Outcome(success=ending.success, summary=summary.strip(),
                       ending=plan.render(ending.title)[:120], epilogue=plan.render(ending.summary)[:600],
                       decisions=tuple(decisions))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _verdict(scene: Scene, key: str) -> str:
    """A decision went well when it scored where another could have: the
    stories mark the better way of each question with `score`."""
    scoring = {k for k, then in scene.then.items() if str(then.set.get("score", "")).startswith("+")}
    if not scoring or scoring == set(scene.then):
        return "neutral"
    return "good" if key in scoring else "bad"


def _phrase(plan: Plan, d) -> str:
    """What a decision took, in words: an option, yes or no, the number read."""
    if d.scene.kind in ("choice", "yesno"):
        option = next(o for o in d.scene.options if o.key == d.key)
        return plan.render(option.say).split(",")[0]
    if d.scene.kind == "number":
        if d.why != "player":
            return "a guess"
        heard = " ".join(d.reading.value) if d.reading is not None else "a number"
        return f"you read {heard}" + (", right" if d.key == "right" else f", not {' '.join(expected(plan, d.scene))}")
    return "your words"


def _ending(plan: Plan, progress: Progress) -> Ending:
    if progress.ending is not None:
        found = next((e for e in plan.story.endings if e.key == progress.ending), None)
        if found is not None:
            return found
    return next(e for e in plan.story.endings if holds(e.when, progress.flags))


@dataclass
class _Writer:
    plan: Plan
    progress: Progress
    context: DialogueContext
    answer_to_come: bool = False  # written ahead of the answer, whose turn is not in the context yet

    def __post_init__(self) -> None:
        self.out: list[SegmentOut] = []
        self.cursor = self.context.elapsed_s
        self.aired = set(self.progress.aired)
        self.next_seq = self.context.next_seq + self.answer_to_come  # the seq the batch's turns start at
        self.rng = random.Random(f"fmdesk-pace:{self.context.seed}:{self.next_seq}")

    @property
    def limit(self) -> float:
        return self.context.time_limit_s

    def short_of_time(self) -> bool:
        ending_s = _ending_s(self.plan, _ending(self.plan, self.progress))
        return self.limit - self.cursor < ending_s + END_AIM_S + 2 * REACTION_S + ANSWER_S

    # -- saying things --------------------------------------------------------------

    def line(self, speaker: str, text: str, ref: str = "") -> None:
        self.out.append(Line(speaker=speaker, text=text, ref=ref))
        self.aired.add(text)
        self.cursor += speaking_seconds(text)

    def say(self, said: Said, key: str, ref: str = "") -> bool:
        """Say a line of the story unless its condition fails or every
        variant was already said."""
        if not holds(said.when, self.progress.flags):
            return False
        text = next((t for t in self.plan.variants(said, key) if t not in self.aired), None)
        if text is None:
            return False
        self.line(self.plan.speaker(said.by), text, ref)
        return True

    def common(self, kind: str, speaker: str, key: str, ref: str = "", **extra: str) -> bool:
        role = self.plan.role_of(speaker)
        values = dict(me=speaker, my_role=self.plan.story.role(role).role if role else "", **extra)
        options = list(common()[kind])
        random.Random(f"fmdesk-common:{self.context.seed}:{key}").shuffle(options)
        texts = [spoken(self.plan.render(template, key, **values)) for template in options]
        if not texts:
            return False
        # Each is said once before any is said again; then the one said
        # longest ago (a caller cut off a sixth time still says something).
        said_at = {turn.text: i for i, turn in enumerate(self.context.turns) if turn.kind in ("line", "interrupt")}
        text = min(texts, key=lambda t: -1 if t not in self.aired
                   else said_at.get(t, len(self.context.turns)))  # said in this batch: the latest
        self.line(speaker, text, ref)
        return True

    def pause(self, seconds: float) -> None:
        seconds = round(min(MAX_GAP_S, max(0.3, seconds)), 1)
        if self.out and isinstance(self.out[-1], Gap):
            return  # one silence at a time
        self.out.append(Gap(seconds=seconds))
        self.cursor += seconds

    def cue(self, scene: Scene) -> None:
        self.out.append(Cue(speaker=self.plan.speaker(scene.ask), hint=self.plan.render(scene.hint),
                            ref=scene_ref(scene)))

    # -- the parts of a batch ---------------------------------------------------------

    def opening(self) -> None:
        lines = self.plan.story.opening
        if self.limit < 90:
            lines = lines[:1]
        for i, said in enumerate(lines):
            self.say(said, f"opening:{i}", "opening")
        self.pause(1.5)

    def react(self, move: Move) -> bool:
        """The caller's reaction to the last answer; True when it ends on a cue."""
        plan, scene = self.plan, move.scene
        asker = plan.speaker(scene.ask) if scene else self._last_speaker()
        ref = scene_ref(scene) if scene else ""
        if move.kind == "decide":
            if move.why != "player":
                for i, said in enumerate(scene.alone_lines):
                    self.say(said, f"alone:{scene.id}:{i}", f"then:{scene.id}")
            for i, said in enumerate(scene.then[move.key].lines):
                self.say(said, f"then:{scene.id}:{move.key}:{i}", f"then:{scene.id}")
            self.pause(self.rng.uniform(1.0, 2.2))
            return False
        if move.kind == "cut_in":
            self.common("cut_in", asker, f"cut:{self.next_seq}")
            self.pause(1.0)
            return False
        if move.kind == "reply" and scene is None:
            self._reply(asker, move.topic, ref)
            self.pause(1.0)
            return False
        if move.kind == "repeat":
            # "Say again": the caller's last transmission, word for word.
            self.line(asker, self._last_said(asker, scene), ref)
        elif move.kind == "reply":
            self._reply(asker, move.topic, ref)
            self._reask(scene, asker)
        elif move.kind == "aside":
            said = [s for s in plan.story.asides if plan.speaker(s.by) == asker]
            if not any(self.say(s, f"aside:{i}", ref) for i, s in enumerate(said)):
                self.common("aside", asker, f"aside:{self.next_seq}", ref)
            self._reask(scene, asker)
        elif move.kind == "askback":
            if scene.askback is None or not self.say(scene.askback, f"askback:{scene.id}", ref):
                kind = {"yesno": "askback_yesno", "number": "askback_number"}.get(scene.kind, "askback_choice")
                options = options_text(ask_for(plan, scene).options) if scene.kind == "choice" else ""
                self.common(kind, asker, f"askback:{scene.id}", ref, options=options[:1].upper() + options[1:])
        elif move.kind == "resume":
            self.common("cut_in", asker, f"cut:{self.next_seq}", ref)
            self.pause(0.8)
            self.scene(scene)
            return True
        self.cue(scene)
        return True

    def _last_speaker(self) -> str:
        last = next((t for t in reversed(self.context.turns) if t.kind in ("line", "interrupt")), None)
        return last.speaker if last and last.speaker else self.plan.speaker(self.plan.story.roles[0].key)

    def _last_said(self, speaker: str, scene: Scene) -> str:
        for turn in reversed(self.context.turns):
            if turn.kind == "line" and turn.speaker == speaker:
                return turn.text
        return self.plan.render(scene.lines[-1].variants[0], me=speaker)

    def _reply(self, speaker: str, topic: str, ref: str) -> None:
        story, key = self.plan.story, f"fact:{topic}:{self.next_seq}"
        if topic == "advice":
            scene = story.scene(self.progress.current) if self.progress.current else None
            if scene is not None and scene.advice is not None and self.say(scene.advice, f"advice:{scene.id}", ref):
                return
            self.common("advice", speaker, key, ref)
            return
        fact, role = story.facts.get(topic), self.plan.role_of(speaker)
        if fact is not None and not fact.by and role is not None:
            fact = Said(role, fact.variants, fact.when)  # anyone may say it: the one asked does
        # A fact only one caller knows is said by that caller; a question
        # about the caller asked (name, where, how they are) they answer themselves.
        if fact is not None and fact.by and (topic not in ABOUT_THE_ASKED or fact.by == role):
            if self.say(fact, f"fact:{topic}", ref):
                return
        if topic in common() and self.common(topic, speaker, key, ref):
            return
        self.common("no_time", speaker, key, ref)

    def _reask(self, scene: Scene, speaker: str) -> None:
        if not self.common("reask", speaker, f"reask:{self.next_seq}", scene_ref(scene),
                           hint=self.plan.render(scene.hint)):
            self.line(speaker, self.plan.render(scene.hint), scene_ref(scene))

    def scene(self, scene: Scene, *, brief: bool = False) -> None:
        """The scene's lines not yet said (all of them, or in brief), then its cue.
        The question, its last line, is always asked."""
        lines = _brief_lines(scene) if brief else scene.lines
        for i, said in enumerate(scene.lines):
            key = f"scene:{scene.id}:{i}"
            if said in lines and not self.say(said, key, scene_ref(scene)) and i == len(scene.lines) - 1 \
                    and holds(said.when, self.progress.flags):
                self.line(self.plan.speaker(said.by), self.plan.variants(said, key)[0], scene_ref(scene))
        self.cue(scene)

    # -- pacing -----------------------------------------------------------------------------

    def go_on(self) -> None:
        plan, progress = self.plan, self.progress
        pending = [s for s in plan.scenes() if s.id not in progress.decided and holds(s.when, progress.flags)]
        current = plan.story.scene(progress.current) if progress.current else None
        if current in pending:  # a scene cut off and not taken up again comes first, and is owed
            pending.remove(current)
            pending.insert(0, current)
        required = [s for s in pending if not s.optional or s is current]
        ending = _ending(plan, progress)
        ending_s = _ending_s(plan, ending)
        left = self.limit - self.cursor
        nxt = next(iter(pending), None)
        if nxt is None or left < _scene_s(plan, nxt, brief=True) + REACTION_S + ending_s + END_AIM_S:
            self.finale(ending, ending_s)
            return
        need = sum(_scene_s(plan, s) + REACTION_S for s in required) + ending_s + END_AIM_S
        brief = need > left
        # An optional scene plays only when the time left holds it and all that is owed.
        scene = next((s for s in pending if s in required
                      or (not brief and left - need >= _scene_s(plan, s) + REACTION_S)), None)
        if scene is None:
            self.finale(ending, ending_s)
            return
        slack = left - need - (0.0 if scene in required else _scene_s(plan, scene) + REACTION_S)
        spread = slack / (len(required) + 1) if slack > 0 else 0.0
        self.fill(self.cursor + min(spread, MAX_FILL_S))
        self.scene(scene, brief=brief)

    def fill(self, until: float) -> None:
        """Colour (each line once) and short silences until `until`."""
        colour = list(enumerate(self.plan.story.colour))
        self.rng.shuffle(colour)
        while self.cursor + 2.5 < until:
            said = next(((i, s) for i, s in colour if holds(s.when, self.progress.flags)
                         and not set(self.plan.variants(s, f"colour:{i}")) & self.aired), None)
            if said is None:
                self.pause(min(MAX_GAP_S, until - self.cursor))
                return
            colour.remove(said)
            self.say(said[1], f"colour:{said[0]}", "colour")
            self.pause(min(until - self.cursor, self.rng.uniform(1.2, 2.8)))

    def finale(self, ending: Ending, ending_s: float) -> None:
        self.fill(self.limit - ending_s - END_AIM_S)
        signoff_s = _said_s(self.plan, self.plan.story.sign_off)
        for i, said in enumerate(ending.lines):
            # Late (a long detour), the ending is said in brief: the sign-off comes in time.
            if i and self.cursor + _said_s(self.plan, said) + signoff_s > self.limit:
                break
            self.say(said, f"ending:{ending.key}:{i}", f"ending:{ending.key}")
        self.say(self.plan.story.sign_off, "signoff", "signoff")
        self.out.append(End())


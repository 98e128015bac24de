# SPDX-License-Identifier: GPL-3.0-or-later
"""The offline director: a seeded radio drama that needs no network or model.

Everything it writes is a pure function of the seed, the callsign and the
turns stored so far, so a seed reproduces a mission exactly and a resumed
mission goes on as if it had never stopped.
"""

from __future__ import annotations

import asyncio
import math
import random
from dataclasses import dataclass
from typing import AsyncIterator

from fmdesk.core.context import DialogueContext
from fmdesk.core.frequency import snap
from fmdesk.core.mission import DEFAULT_TIME_LIMIT_S, Brief, Caller, Outcome
from fmdesk.core.segments import Cue, Gap, Line
from fmdesk.core.timing import speaking_seconds
from fmdesk.core.turns import Turn
from fmdesk.director.base import BriefRequest, SegmentOut
from fmdesk.director.offline.archetypes import ARCHETYPES, GENERIC
from fmdesk.director.offline.script import Archetype, Beat, Said, say
from fmdesk.director.offline.understand import Expect, understand

# The last stretch of a mission is kept for the finale and sign-off.
FINALE_S = 30.0
# At most this much filler (chatter and silence) between two beats.
MAX_FILLER_S = 40.0
# After the story's beats, a long mission keeps the player in the loop with
# check-ins this far apart until the finale.
CHECKIN_EVERY_S = 60.0

_NAMES = {
    "female": ("Mara Quinn", "Ines Okafor", "Tove Lind", "Rosa Delgado", "Hana Mori",
               "Leila Haddad", "June Albright", "Nadia Petrov"),
    "male": ("Tomas Reyes", "Elias Brandt", "Kofi Mensah", "Arlo Fitch", "Dmitri Vale",
             "Sam Whitlock", "Ravi Kapoor", "Otto Lange"),
}


# What a caller says when the player cut in with something else.
_CUT_IN_REPLIES = (
    "Copy, {callsign}, noted. Let me finish.",
    "Heard you, {callsign}. Now listen.",
    "Roger. Stand by, {callsign}, I wasn't done.",
)


class _Vars(dict):
    """Template values; an unknown {name} stays as written rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Plan:
    """The mission a seed makes: which drama, who plays whom, the secret code."""

    archetype: Archetype
    names: dict[str, str]  # role key -> caller name
    values: _Vars

    def render(self, text: str, **extra: str) -> str:
        values = _Vars(self.values)
        values.update(extra)
        return text.format_map(values)

    def speaker(self, role: str) -> str:
        return self.names[role]

    def beat(self, index: int) -> Beat:
        return _beat(self.archetype, index)

    def expect(self, beat: Beat) -> Expect:
        return Expect(beat.expect.kind, self.render(beat.expect.right), beat.expect.options)


def plan_mission(seed: int, callsign: str) -> Plan:
    rng = random.Random(f"fmdesk-offline:{seed}")
    archetype = rng.choice(ARCHETYPES)
    taken: set[str] = set()
    names: dict[str, str] = {}
    for role in archetype.roles:
        gender = role.gender if role.gender in _NAMES else rng.choice(("female", "male"))
        name = rng.choice([n for n in _NAMES[gender] if n not in taken])
        taken.add(name)
        names[role.key] = name
    code = "".join(str(rng.randint(1, 9)) for _ in range(4))
    values = _Vars(callsign=callsign, code=code, code_spoken=", ".join(code))
    for key, options in archetype.variables.items():
        values[key] = rng.choice(options)
    values.update(names)
    values["title"] = rng.choice(archetype.titles).format_map(values)
    values["frequency"] = str(snap(rng.uniform(88.1, 107.9)))
    return Plan(archetype, names, values)


def _bridge_plan(context: DialogueContext) -> Plan:
    """A plan for a brief another director wrote: its callers play roles a, b, c."""
    callers = context.brief.callers
    names = {role.key: callers[i % len(callers)].name for i, role in enumerate(GENERIC.roles)}
    values = _Vars(callsign=context.callsign, task=context.brief.task.rstrip("."), **names)
    return Plan(GENERIC, names, values)


class OfflineDirector:
    name = "offline"

    async def write_brief(self, request: BriefRequest) -> Brief:
        plan = plan_mission(request.seed, request.callsign)
        arch = plan.archetype
        callers = tuple(
            Caller(name=plan.names[r.key], role=r.role, personality=r.personality,
                   gender=r.gender if r.gender != "any" else _gender_of(plan.names[r.key]))
            for r in arch.roles
        )
        return Brief(
            title=plan.values["title"],
            brief=plan.render(arch.brief),
            story=plan.render(arch.story),
            task=plan.render(arch.task),
            frequency_mhz=float(plan.values["frequency"]),
            callers=callers,
            time_limit_s=request.time_limit_s or DEFAULT_TIME_LIMIT_S,
        )

    async def write_segments(self, context: DialogueContext) -> AsyncIterator[SegmentOut]:
        for segment in self.batch(context):
            yield segment
            await asyncio.sleep(0)

    async def judge(self, context: DialogueContext) -> Outcome:
        return self.outcome(context)

    # -- the rules, pure and synchronous ------------------------------------

    def plan_for(self, context: DialogueContext) -> Plan:
        plan = plan_mission(context.seed, context.callsign)
        cast = {c.name for c in context.brief.callers}
        if plan.values["title"] == context.brief.title and set(plan.names.values()) == cast:
            return plan
        return _bridge_plan(context)

    def batch(self, context: DialogueContext) -> list[SegmentOut]:
        """The next batch: reaction to the last answer, filler, the next beat, a cue."""
        plan = self.plan_for(context)
        arch = plan.archetype
        rng = random.Random(f"{context.seed}:{context.next_seq}")
        out: list[SegmentOut] = []
        cursor = context.elapsed_s

        def add(said: Said, **extra: str) -> None:
            nonlocal cursor
            role, variants = said
            text = plan.render(rng.choice(variants), **extra)
            out.append(Line(speaker=plan.speaker(role), text=text))
            cursor += speaking_seconds(text)

        def pause(seconds: float) -> None:
            nonlocal cursor
            out.append(Gap(seconds=round(seconds, 1)))
            cursor += seconds

        if not context.turns:
            for said in arch.opening:
                add(said)
            pause(1.5)

        answers = self.beat_answers(context, plan)
        last = context.last_answer()
        if last is not None and (not answers or answers[-1] is not last):
            # The player cut a caller off with something that does not answer
            # the question coming: the caller takes it and goes on.
            cut = next(t for t in reversed(context.turns) if t.kind == "interrupt")
            text = rng.choice(_CUT_IN_REPLIES).format(callsign=context.callsign)
            out.append(Line(speaker=cut.speaker or plan.speaker(arch.roles[0].key), text=text))
            cursor += speaking_seconds(text)
            pause(1.0)
        elif last is not None:
            beat = plan.beat(len(answers) - 1)
            verdict = understand(last.text, plan.expect(beat)).verdict
            for said in getattr(beat, verdict):
                add(said, answer=last.text.strip().rstrip("."))
            if verdict == "silent" and len(answers) >= 2 and answers[-2].kind == "silence":
                add(rng.choice(arch.worried) if arch.worried else arch.chatter[0])
            pause(rng.uniform(1.0, 2.5))

        if self._signed_off(context, plan):
            # After the sign-off the channel stays open until the time limit.
            if rng.random() < 0.3:
                add(rng.choice(arch.chatter))
            pause(min(8.0, max(1.0, context.remaining_s)))
            return out

        reached = len(answers)
        left_after_lines = context.time_limit_s - cursor
        story_told = reached >= len(arch.beats)
        if left_after_lines <= FINALE_S or (story_told and left_after_lines <= FINALE_S + CHECKIN_EVERY_S):
            for said in arch.success if self.outcome(context).success else arch.failure:
                add(said)
            add(arch.sign_off)
            pause(3.0)
            return out

        # Beats are spread over the mission: beat k is due at k slots in; after
        # the story, check-ins come every CHECKIN_EVERY_S.
        slot = (context.time_limit_s - FINALE_S) / len(arch.beats)
        due = reached * slot if not story_told else cursor + CHECKIN_EVERY_S / 2
        filler = 0.0
        chatter = list(arch.chatter)
        rng.shuffle(chatter)
        while cursor + 4.0 < due and filler < MAX_FILLER_S:
            before = cursor
            if chatter and rng.random() < 0.6:
                add(chatter.pop())
            pause(min(due - cursor, rng.uniform(3.0, 7.0)) if cursor < due else 1.0)
            filler += cursor - before

        beat = plan.beat(reached)
        for said in beat.lines:
            add(said)
        out.append(Cue(speaker=plan.speaker(beat.asker), hint=plan.render(beat.hint)))
        return out

    def outcome(self, context: DialogueContext) -> Outcome:
        """Judge from what was said: enough right calls over enough of the beats."""
        plan = self.plan_for(context)
        arch = plan.archetype
        answers = self.beat_answers(context, plan)[: len(arch.beats)]
        rights, notes = 0, []
        for beat, answer in zip(arch.beats, answers):
            verdict = understand(answer.text, plan.expect(beat)).verdict
            rights += verdict == "right"
            asker, hint = plan.speaker(beat.asker), plan.render(beat.hint)
            notes.append({
                "right": plan.render(beat.went_right),
                "wrong": plan.render(beat.went_wrong),
                # The callers made that call themselves: don't blame the player for it.
                "unclear": f"Your answer to “{hint}” was unclear, so {asker} decided alone.",
                "silent": f"You stayed silent at “{hint}”, and {asker} decided alone.",
            }[verdict])
        reached = len(answers)
        needed = math.ceil(len(arch.beats) / 2)
        success = reached >= needed and rights >= math.ceil(0.6 * reached)
        if reached < len(arch.beats):
            notes.append(
                f"Time ran out with {len(arch.beats) - reached} of the team's questions still to come."
            )
        verdict = "Task complete" if success else "Task not complete"
        notes.append(f"{verdict}: {rights} of {reached} calls right. ({plan.render(arch.task)})")
        return Outcome(success=success, summary=" ".join(notes))

    @staticmethod
    def beat_answers(context: DialogueContext, plan: Plan) -> list[Turn]:
        """The answers that count for the story's beats, in order. An answer
        given by cutting a caller off counts only when it already answers
        the question coming; otherwise the question is still to be asked."""
        counted: list[Turn] = []
        before: Turn | None = None
        for turn in context.turns:
            if turn.kind == "gap":
                continue
            if turn.is_answer:
                cut_in = before is not None and before.kind == "interrupt"
                expect = plan.expect(plan.beat(len(counted)))
                if not cut_in or (turn.kind == "player" and understand(turn.text, expect).verdict == "right"):
                    counted.append(turn)
            before = turn
        return counted

    @staticmethod
    def _signed_off(context: DialogueContext, plan: Plan) -> bool:
        role, variants = plan.archetype.sign_off
        speaker = plan.speaker(role)
        texts = {plan.render(v) for v in variants}
        return any(t.kind == "line" and t.speaker == speaker and t.text in texts for t in context.turns)


def _beat(arch: Archetype, index: int) -> Beat:
    """The story's beats in order, then check-ins for as long as time allows."""
    if index < len(arch.beats):
        return arch.beats[index]
    first, second = arch.roles[0].key, arch.roles[1 % len(arch.roles)].key
    checkins = (
        Beat(lines=(say(first, "{callsign}, radio check. Are you still with us?",
                        "{callsign}, this is {%s}. Are you still on this channel?" % first),),
             asker=first, hint="Still with us?", expect=Expect("yesno", right="yes"),
             right=(say(first, "Good. Stay on this channel."),),
             wrong=(say(first, "That's a strange answer from a radio that's working. Carry on."),),
             unclear=(say(first, "Copy. Stay close to the set."),),
             silent=(say(first, "Nothing. We carry on and keep calling."),),
             went_right="", went_wrong=""),
        Beat(lines=(say(second, "Quiet spell here. Anything you want us to watch for, {callsign}?"),),
             asker=second, hint="Anything to watch for?", expect=Expect("free"),
             right=(say(second, "\"{answer}\". Will do."),),
             wrong=(say(second, "Copy."),), unclear=(say(second, "Copy."),),
             silent=(say(second, "No news is good news, I suppose."),),
             went_right="", went_wrong=""),
    )
    return checkins[(index - len(arch.beats)) % len(checkins)]


def _gender_of(name: str) -> str:
    return "female" if name in _NAMES["female"] else "male"

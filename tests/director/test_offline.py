# SPDX-License-Identifier: GPL-3.0-or-later
"""The offline director as a drama: pacing, consequences, endings, say again."""

import asyncio
import itertools

import pytest

from fmdesk.core.mission import Brief
from fmdesk.director.base import BriefRequest
from fmdesk.director.offline.director import OfflineDirector
from fmdesk.director.offline.plan import plan_mission, stories
from tests.director.simulate import right_answer, simulate, wrong_answer, wrong_key

DIRECTOR = OfflineDirector()


def brief_for(seed: int, time_limit_s: int = 300, callsign: str = "NOVA-7") -> Brief:
    return asyncio.run(DIRECTOR.write_brief(BriefRequest(callsign=callsign, seed=seed, time_limit_s=time_limit_s)))


def seed_for(key: str) -> int:
    return next(s for s in range(500) if plan_mission(s, "NOVA-7").story.key == key)


def test_a_seed_reproduces_the_mission_exactly():
    assert brief_for(42) == brief_for(42)
    first = simulate(brief_for(42), 42, right_answer, director=DIRECTOR)
    again = simulate(brief_for(42), 42, right_answer, director=DIRECTOR)
    assert [(t.kind, t.speaker, t.text) for t in first.turns] == [(t.kind, t.speaker, t.text) for t in again.turns]


def test_seeds_cover_every_story_with_distinct_named_callers():
    keys = {plan_mission(s, "X").story.key for s in range(200)}
    assert keys == {s.key for s in stories()}
    for seed in range(20):
        brief = brief_for(seed)
        assert len({c.name for c in brief.callers}) == len(brief.callers) >= 3
        assert 87.5 <= brief.frequency_mhz <= 108.0


ANSWERS = {"right": right_answer, "wrong": wrong_answer, "silent": lambda scene, plan: "",
           "chatty": lambda scene, plan: "what's your name?"}


@pytest.mark.parametrize("style", ANSWERS)
@pytest.mark.parametrize("limit", [40, 60, 180, 300])
def test_pacing_no_repeats_no_dead_air_ending_near_the_limit(style, limit):
    for seed in range(0, 24, 2):
        brief = brief_for(seed, limit)
        run = simulate(brief, seed, ANSWERS[style], director=DIRECTOR)
        where = f"seed {seed} ({brief.title}), {style} answers, {brief.time_limit_s} s"
        assert run.ended, f"{where}: never signed off"
        spoken = [t for t in run.turns if t.kind == "line"]
        texts = [t.text for t in spoken]
        assert len(texts) == len(set(texts)), f"{where}: a line repeated"
        signoff = max(i for i, t in enumerate(run.turns) if t.ref == "signoff")
        assert all(t.kind == "gap" for t in run.turns[signoff + 1:]), f"{where}: said after the sign-off"
        end = run.turns[signoff].ends_at
        assert brief.time_limit_s - 20 <= end <= brief.time_limit_s + 1, f"{where}: ended at {end:.0f} s"
        dead, longest = 0.0, 0.0
        for t in run.turns:
            dead = dead + t.seconds if t.kind == "gap" else 0.0
            longest = max(longest, dead)
        assert longest <= 5.0, f"{where}: {longest:.1f} s of dead air"


def test_the_time_limit_is_what_the_story_can_fill():
    brief = brief_for(3, 3600)
    assert 90 <= brief.time_limit_s <= 600
    assert brief_for(3, 60).time_limit_s == 60
    # Every story fills the default five minutes.
    for seed in range(24):
        assert brief_for(seed).time_limit_s == 300, brief_for(seed).title


@pytest.mark.parametrize("story", [s.key for s in stories()])
def test_choosing_differently_reaches_different_endings(story):
    seed = seed_for(story)
    brief = brief_for(seed)
    endings = {}
    for name in ("right", "wrong", "silent"):
        run = simulate(brief, seed, ANSWERS[name], director=DIRECTOR)
        endings[name] = next(t.ref for t in run.turns if t.ref and t.ref.startswith("ending:"))
        assert run.outcome is not None
    assert endings["right"] != endings["wrong"], endings
    right = simulate(brief, seed, right_answer, director=DIRECTOR)
    wrong = simulate(brief, seed, wrong_answer, director=DIRECTOR)
    assert right.outcome.success and not wrong.outcome.success


def test_the_debrief_tells_the_decisions_the_callers_acted_on():
    seed = seed_for("rescue")
    run = simulate(brief_for(seed), seed, wrong_answer, director=DIRECTOR)
    plan = DIRECTOR.plan_for(_context(run, seed))
    aired = " ".join(t.text for t in run.turns if t.kind == "line")
    for scene in plan.story.scenes:
        reaction = {t.text for t in run.turns if t.ref == f"then:{scene.id}"}
        if not reaction:
            continue
        key = wrong_key(scene)
        assert plan.render(scene.then[key].note) in run.outcome.summary
        # What the callers said is the reaction to that same decision.
        said = {text for i, line in enumerate(scene.then[key].lines)
                for text in plan.variants(line, f"then:{scene.id}:{key}:{i}")}
        assert reaction & said, (scene.id, reaction)
    assert "East ridge, copy" in aired


def _context(run, seed):
    from fmdesk.core.context import DialogueContext
    return DialogueContext(brief=brief_for(seed), callsign="NOVA-7", seed=seed, turns=tuple(run.turns),
                           elapsed_s=run.turns[-1].ends_at)


def test_say_again_repeats_the_question_word_for_word_then_it_is_answered():
    seed = seed_for("heist")
    asked: list[str] = []

    def answer(scene, plan):
        # "Say again" at the first two questions (near the end there may be no
        # time left to ask again: the story goes to its ending).
        asked.append(scene.id if scene else "")
        first = asked.count(asked[-1]) == 1 and len(set(asked)) <= 2
        return "say again?" if first else right_answer(scene, plan)

    run = simulate(brief_for(seed), seed, answer, director=DIRECTOR)
    turns = run.turns
    again = [i for i, t in enumerate(turns) if t.kind == "player" and t.text == "say again?"]
    assert len(again) == 2
    for i in again:
        question = next(t for t in reversed(turns[:i]) if t.kind == "line")
        repeat = next(t for t in turns[i + 1:] if t.kind == "line")
        assert repeat.text == question.text and repeat.speaker == question.speaker
        assert turns[i].reading.intent == "say_again"
    assert run.outcome.success


def test_a_question_to_the_caller_is_answered_in_character_then_asked_again():
    seed = seed_for("rescue")
    answers = iter(["where are you exactly?", "the gully"])

    def answer(scene, plan):
        return next(answers, right_answer(scene, plan))

    run = simulate(brief_for(seed), seed, answer, director=DIRECTOR)
    first = next(i for i, t in enumerate(run.turns) if t.kind == "player")
    reply = [t for t in run.turns[first + 1:] if t.kind in ("line", "cue")][:3]
    assert reply[0].kind == "line" and ("metres" in reply[0].text or "Snow" in reply[0].text)
    assert reply[1].kind == "line" and "?" in reply[1].text  # asked again
    assert reply[2].kind == "cue"
    assert run.turns[first].reading.intent == "question" and run.turns[first].reading.value == "where"


def test_unsure_asks_back_once_then_the_caller_decides():
    seed = seed_for("rescue")
    run = simulate(brief_for(seed), seed, lambda scene, plan: "hmm, maybe the other thing", director=DIRECTOR)
    readings = [t.reading.intent for t in run.turns if t.kind == "player"]
    assert "unsure" in readings or "off_topic" in readings
    assert run.outcome is not None and "went with" in run.outcome.summary


def test_missions_vary_over_thirty_seeds():
    lines = {}
    for seed in range(30):
        run = simulate(brief_for(seed), seed, right_answer, director=DIRECTOR)
        lines[seed] = {t.text for t in run.turns if t.kind == "line"}
    shares = [len(lines[a] & lines[b]) / min(len(lines[a]), len(lines[b]))
              for a, b in itertools.combinations(range(30), 2)]
    # No two missions share more than a third of their lines.
    assert max(shares) <= 1 / 3, max(shares)
    assert sorted(shares)[len(shares) // 2] <= 0.05


def test_questions_are_answered_by_who_knows_and_about_oneself_by_the_one_asked():
    seed = seed_for("tower")
    questions = iter(["what's your name?", "is anyone hurt?"])

    def answer(scene, plan):
        if scene is not None and scene.ask == "crew":
            return next(questions, right_answer(scene, plan))
        return right_answer(scene, plan)

    run = simulate(brief_for(seed), seed, answer, director=DIRECTOR)
    plan = DIRECTOR.plan_for(_context(run, seed))
    crew, caller = plan.speaker("crew"), plan.speaker("caller")
    asked = [i for i, t in enumerate(run.turns) if t.kind == "player" and t.reading.intent == "question"]
    assert [run.turns[i].reading.value for i in asked] == ["name", "hurt"]
    name_reply, hurt_reply = (next(t for t in run.turns[i + 1:] if t.kind == "line") for i in asked)
    # Asked their name, the crew leader gives their own, not the trapped caller's.
    assert name_reply.speaker == crew and crew.split()[0] in name_reply.text
    assert plan.names["caller"].split()[0] not in name_reply.text
    # Asked who is hurt, the one who knows (the caller in the lift) answers.
    assert hurt_reply.speaker == caller and "hurt" in hurt_reply.text

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
        repeated = {t for t in texts if texts.count(t) > 1}
        assert all(_is_common(t) for t in repeated), f"{where}: a story line repeated: {repeated}"
        signoff = max(i for i, t in enumerate(run.turns) if t.ref == "signoff")
        assert all(t.kind == "gap" for t in run.turns[signoff + 1:]), f"{where}: said after the sign-off"
        end = run.turns[signoff].ends_at
        assert brief.time_limit_s - 20 <= end <= brief.time_limit_s + 1, f"{where}: ended at {end:.0f} s"
        dead, longest = 0.0, 0.0
        for t in run.turns:
            dead = dead + t.seconds if t.kind == "gap" else 0.0
            longest = max(longest, dead)
        assert longest <= 5.0, f"{where}: {longest:.1f} s of dead air"


def _is_common(text: str) -> bool:
    """A line any caller may say ("Not now, NOVA-7."): these come round again
    once all of their kind were said."""
    import re

    from fmdesk.director.offline.director import common
    for templates in common().values():
        for template in templates:
            pattern = re.escape(template)
            pattern = re.sub(r"\\\{\w+\\\}", ".+", pattern)
            if re.fullmatch(pattern, text, flags=re.IGNORECASE | re.DOTALL):
                return True
    return False


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


def test_a_caller_cut_off_again_and_again_always_answers_with_words():
    """Cut off more times than the stories have "let me finish" lines, a
    caller still speaks first: no reply opens with dead air, and the lines
    come round again, the one said longest ago first."""
    from datetime import datetime, timezone

    from fmdesk.core.context import DialogueContext
    from fmdesk.core.segments import Line
    from fmdesk.core.timing import speaking_seconds
    from fmdesk.core.turns import PLAYER, Turn, interrupted_text

    seed = 5
    brief = brief_for(seed, 600)
    turns: list[Turn] = []
    now = 0.0

    def add(kind, seconds, **kw):
        nonlocal now
        turns.append(Turn(seq=len(turns), kind=kind, t=round(now, 3), at=datetime.now(timezone.utc),
                          seconds=seconds, **kw))
        now += seconds

    def context():
        return DialogueContext(brief=brief, callsign="NOVA-7", seed=seed, turns=tuple(turns), elapsed_s=now)

    replies = []
    for cut in range(14):
        batch = DIRECTOR.batch(context())
        if cut:
            assert isinstance(batch[0], Line), f"cut-in {cut}: the reply opens with {batch[0]!r}"
            replies.append(batch[0].text)
        # The first line airs whole; the player cuts the next one off with words that answer nothing.
        said, cut_off = [s for s in batch if isinstance(s, Line)][:2]
        add("line", speaking_seconds(said.text), speaker=said.speaker, text=said.text, ref=said.ref or None)
        add("interrupt", 1.0, speaker=cut_off.speaker, text=interrupted_text(" ".join(cut_off.text.split()[:2])),
            ref=cut_off.ref or None)
        text = "hello there everybody"
        add("player", 2.0, speaker=PLAYER, text=text, reading=DIRECTOR.read(context(), text))
    assert len(replies) == 13
    assert len(set(replies[:10])) == 10, "each said once before any again"
    assert replies[10] == replies[0], "then the one said longest ago"


def test_the_reactions_to_rehearse_put_a_spoken_answers_first_and_silence_last():
    """The voice renders the reactions in this order while TALK is held: the
    options a spoken answer takes come first; silence, which leaves the
    whole answer window to render its reaction, comes last."""
    from fmdesk.core.context import DialogueContext
    from fmdesk.core.segments import Line

    seed = seed_for("rescue")
    replies, reactions = {}, {}
    for name, answer in (("right", right_answer), ("wrong", wrong_answer), ("silent", lambda scene, plan: "")):
        run = simulate(brief_for(seed), seed, answer, director=DIRECTOR)
        cue = next(i for i, t in enumerate(run.turns) if t.kind == "cue" and t.ref)
        context = DialogueContext(brief=brief_for(seed), callsign="NOVA-7", seed=seed,
                                  turns=tuple(run.turns[:cue + 1]), elapsed_s=run.turns[cue].ends_at)
        reactions[name] = DIRECTOR.reactions(context)
        replies[name] = next(t for t in run.turns[cue + 2:] if t.kind == "line")
    assert reactions["right"] == reactions["wrong"] == reactions["silent"], "the same cue"
    lines = [(line.speaker, line.text) for line in reactions["right"]]
    said = {name: (turn.speaker, turn.text) for name, turn in replies.items()}
    assert said["silent"] == lines[-1]
    assert {said["right"], said["wrong"]} == set(lines[:2])
    assert all(isinstance(line, Line) for line in reactions["right"]) and len(lines) >= 5

# SPDX-License-Identifier: GPL-3.0-or-later
import asyncio

import pytest

from fmdesk.core.mission import Brief, Caller
from fmdesk.director.base import BriefRequest
from fmdesk.director.offline.archetypes import ARCHETYPES
from fmdesk.director.offline.director import CHECKIN_EVERY_S, FINALE_S, OfflineDirector, plan_mission
from tests.director.simulate import right_answer, simulate, wrong_answer


def brief_for(seed: int, time_limit_s: int = 300) -> Brief:
    return asyncio.run(OfflineDirector().write_brief(
        BriefRequest(callsign="NOVA-7", seed=seed, time_limit_s=time_limit_s)))


def seed_for(key: str) -> int:
    return next(s for s in range(200) if plan_mission(s, "NOVA-7").archetype.key == key)


def test_a_seed_reproduces_the_mission_exactly():
    assert brief_for(42) == brief_for(42)
    first = simulate(brief_for(42), 42, right_answer)
    again = simulate(brief_for(42), 42, right_answer)
    assert [(t.kind, t.speaker, t.text) for t in first[0]] == [(t.kind, t.speaker, t.text) for t in again[0]]


def test_seeds_cover_every_archetype_with_distinct_named_callers():
    keys = {plan_mission(s, "X").archetype.key for s in range(40)}
    assert keys == {a.key for a in ARCHETYPES}
    for seed in range(20):
        brief = brief_for(seed)
        assert len({c.name for c in brief.callers}) == len(brief.callers) >= 3
        assert all(c.personality for c in brief.callers)
        assert 87.5 <= brief.frequency_mhz <= 108.0


@pytest.mark.parametrize("key", [a.key for a in ARCHETYPES])
def test_right_answers_win_and_silence_loses(key):
    seed = seed_for(key)
    brief = brief_for(seed)
    turns, outcome, _ = simulate(brief, seed, right_answer)
    assert outcome.success, outcome.summary
    cues = [t for t in turns if t.kind == "cue"]
    assert len(cues) >= len(ARCHETYPES[[a.key for a in ARCHETYPES].index(key)].beats)
    assert turns[-1].ends_at >= brief.time_limit_s - 10  # the show runs to the time limit

    _, silent_outcome, _ = simulate(brief, seed, lambda i, plan: "")
    assert not silent_outcome.success
    _, wrong_outcome, _ = simulate(brief, seed, wrong_answer)
    assert not wrong_outcome.success
    assert wrong_outcome.summary != outcome.summary


def test_reactions_depend_on_what_was_said():
    seed = seed_for("rescue")
    brief = brief_for(seed)

    def after_first_cue(answer):
        turns, _, _ = simulate(brief, seed, answer)
        first = next(i for i, t in enumerate(turns) if t.is_answer)
        return next(t.text for t in turns[first + 1:] if t.kind == "line")

    right = after_first_cue(right_answer)
    wrong = after_first_cue(wrong_answer)
    silent = after_first_cue(lambda i, p: "")
    assert len({right, wrong, silent}) == 3
    assert "North couloir" in right and "East ridge" in wrong and "NOVA-7" in silent


def test_two_silences_in_a_row_worry_the_callers():
    seed = seed_for("heist")
    turns, _, _ = simulate(brief_for(seed), seed, lambda i, p: "")
    worried = {text for _, variants in ARCHETYPES[1].worried for text in variants}
    assert any(t.text in worried for t in turns)


def test_beats_advance_with_time_and_the_finale_comes_before_the_end():
    seed = seed_for("storm")
    brief = brief_for(seed, time_limit_s=600)
    turns, _, _ = simulate(brief, seed, right_answer)
    cue_times = [t.t for t in turns if t.kind == "cue"]
    # Beats are spaced out (filler between them), then check-ins keep the
    # player in the loop: no stretch of a minute or more without a question.
    assert cue_times[1] - cue_times[0] >= 40
    assert len(cue_times) > 4
    assert all(b - a < 120 for a, b in zip(cue_times, cue_times[1:]))
    sign_off = next(i for i, t in enumerate(turns) if "Harbour closing the channel" in t.text)
    assert 600 - FINALE_S - CHECKIN_EVERY_S - 15 <= turns[sign_off].t < 600
    assert not any(t.kind == "cue" for t in turns[sign_off:])


def test_a_short_mission_still_reaches_its_finale():
    seed = seed_for("outbreak")
    turns, outcome, _ = simulate(brief_for(seed, time_limit_s=60), seed, right_answer)
    assert any("Response net standing down" in t.text for t in turns)
    assert "Time ran out" in outcome.summary


def test_it_bridges_a_brief_another_director_wrote():
    brief = Brief(title="Signal from the Deep", brief="b", story="s", task="Find the submarine.",
                  frequency_mhz=99.9, callers=(Caller(name="Captain Ivo", role="captain"),
                                                Caller(name="Lt. Sade", role="sonar")))
    turns, outcome, _ = simulate(brief, 7, lambda i, p: "yes" if i == 0 else "dive now")
    speakers = {t.speaker for t in turns if t.kind == "line"}
    assert speakers <= {"Captain Ivo", "Lt. Sade"}
    assert any("Find the submarine" in t.text for t in turns)
    assert outcome.success


def test_the_debrief_does_not_blame_the_player_for_the_callers_own_calls():
    seed = seed_for("heist")
    _, silent, _ = simulate(brief_for(seed), seed, lambda i, p: "")
    assert "walked in under the new camera" not in silent.summary
    assert "You stayed silent at “Roof or loading dock?”" in silent.summary
    _, unclear, _ = simulate(brief_for(seed), seed, lambda i, p: "banana")
    assert "was unclear" in unclear.summary and "decided alone" in unclear.summary


def _cut_in_turns(brief, seed: int, said: str):
    """The opening batch aired until its second line, which the player cut off with `said`."""
    from datetime import datetime, timezone

    from fmdesk.core.context import DialogueContext
    from fmdesk.core.segments import Line
    from fmdesk.core.turns import PLAYER, Turn, interrupted_text

    director = OfflineDirector()
    context = DialogueContext(brief=brief, callsign="NOVA-7", seed=seed, turns=(), elapsed_s=0.0)
    lines = [s for s in director.batch(context) if isinstance(s, Line)]
    now = datetime.now(timezone.utc)
    turns = (
        Turn(seq=0, kind="line", speaker=lines[0].speaker, text=lines[0].text, t=0, seconds=3, at=now),
        Turn(seq=1, kind="interrupt", speaker=lines[1].speaker, text=interrupted_text("Listen"), t=3,
             seconds=1, at=now),
        Turn(seq=2, kind="player", speaker=PLAYER, text=said, t=4, seconds=2, at=now),
    )
    return director, DialogueContext(brief=brief, callsign="NOVA-7", seed=seed, turns=turns, elapsed_s=6.0)


def test_a_cut_in_that_answers_nothing_is_taken_and_the_question_still_comes():
    from fmdesk.core.segments import Cue, Line

    seed = seed_for("rescue")
    brief = brief_for(seed)
    director, context = _cut_in_turns(brief, seed, "hello is anyone there")
    plan = director.plan_for(context)
    assert director.beat_answers(context, plan) == []
    batch = director.batch(context)
    first = next(s for s in batch if isinstance(s, Line))
    assert first.speaker == context.turns[1].speaker and "NOVA-7" in first.text
    cue = next(s for s in batch if isinstance(s, Cue))
    assert cue.hint == plan.render(plan.beat(0).hint), "the first beat is still asked"


def test_a_cut_in_that_already_answers_the_question_counts():
    seed = seed_for("rescue")
    brief = brief_for(seed)
    plan = plan_mission(seed, "NOVA-7")
    director, context = _cut_in_turns(brief, seed, right_answer(0, plan))
    assert director.beat_answers(context, plan) == [context.turns[2]]
    from fmdesk.core.segments import Line

    role, variants = plan.beat(0).right[0]
    first = next(s for s in director.batch(context) if isinstance(s, Line))
    assert first.speaker == plan.speaker(role)
    assert first.text in {plan.render(v, answer=context.turns[2].text) for v in variants}

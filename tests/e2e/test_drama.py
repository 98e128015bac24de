# SPDX-License-Identifier: GPL-3.0-or-later
"""The offline drama through the real `fmdesk` process: answers typed at each
cue as a player would, read off the cue's hint. Different choices reach
different endings; "say again" makes the caller repeat the question word for
word; the debrief tells the decisions the callers acted on."""

from __future__ import annotations

import json
import subprocess

import pytest

from fmdesk.director.offline.plan import plan_mission, story_for
from tests.conftest import fmdesk_env
from tests.director.simulate import right_answer, right_key, scene_for_hint, wrong_answer, wrong_key
from tests.e2e.test_headless import FMDESK

pytestmark = pytest.mark.e2e


def play(tmp_path, seed: int, callsign: str, answer) -> list[dict]:
    """One mission, answering each cue with answer(hint, plan); its events."""
    plan = plan_mission(seed, callsign)
    process = subprocess.Popen(
        [*FMDESK, "play", "--headless", "--callsign", callsign, "--seed", str(seed),
         "--tune", plan.values["frequency"], "--fast", "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=fmdesk_env(tmp_path))
    seen: list[dict] = []
    try:
        for line in process.stdout:
            if not line.startswith("{"):
                continue
            event = json.loads(line)
            seen.append(event)
            if event["kind"] == "cue_opened":
                process.stdin.write(answer(event["hint"], plan) + "\n")
                process.stdin.flush()
        assert process.wait(timeout=60) == 0, process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    return seen


def ending(events: list[dict]) -> dict:
    return next(e for e in reversed(events) if e["kind"] == "mission_ended")


@pytest.mark.parametrize("story", ["rescue", "heist"])
def test_choosing_differently_reaches_different_endings(tmp_path, story):
    seed = next(s for s in range(100) if story_for(s).key == story)
    sharp = play(tmp_path, seed, "NOVA-7", lambda hint, plan: right_answer(scene_for_hint(plan, hint), plan))
    poor = play(tmp_path, seed, "NOVA-7", lambda hint, plan: wrong_answer(scene_for_hint(plan, hint), plan))
    good, bad = ending(sharp), ending(poor)
    assert good["success"] and not bad["success"]
    assert good["summary"].split(".")[0] != bad["summary"].split(".")[0], "the endings' titles differ"
    # What the callers said after each answer is what the debrief tells.
    plan = plan_mission(seed, "NOVA-7")
    for events, took in ((sharp, right_key), (poor, wrong_key)):
        summary = ending(events)["summary"]
        for cue in (e for e in events if e["kind"] == "cue_opened"):
            scene = scene_for_hint(plan, cue["hint"])
            assert plan.render(scene.then[took(scene)].note) in summary, (scene.id, took(scene))


def test_say_again_repeats_the_question_then_the_answer_counts(tmp_path):
    asked: list[str] = []

    def answer(hint, plan):
        asked.append(hint)
        return "say again?" if len(asked) == 1 else right_answer(scene_for_hint(plan, hint), plan)

    seed = next(s for s in range(100) if story_for(s).key == "fog")
    events = play(tmp_path, seed, "NOVA-7", answer)
    first_cue = next(i for i, e in enumerate(events) if e["kind"] == "cue_opened")
    question = next(e for e in reversed(events[:first_cue]) if e["kind"] == "line_finished")
    heard = next(e for e in events[first_cue:] if e["kind"] == "player_heard")
    assert heard["text"] == "say again?"
    repeat = next(e for e in events[first_cue + 1:] if e["kind"] == "line_started")
    assert (repeat["speaker"], repeat["text"]) == (question["speaker"], question["text"])
    again = next(e for e in events[first_cue + 1:] if e["kind"] == "cue_opened")
    assert again["hint"] == events[first_cue]["hint"], "the same question, asked again"
    assert ending(events)["success"]

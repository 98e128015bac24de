# SPDX-License-Identifier: GPL-3.0-or-later
"""The real `fmdesk` process, end to end: a scripted mission, a kill -9 in the
middle of one and its resume, missions and replay. Checked from the database."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from pymongo import MongoClient

from fmdesk.director.offline.director import plan_mission
from tests.conftest import fmdesk_env
from tests.director.simulate import right_answers, right_for_hint

pytestmark = pytest.mark.e2e
FMDESK = [sys.executable, "-m", "fmdesk"]


def run(tmp_path, *args, stdin="", timeout=120):
    return subprocess.run([*FMDESK, *args], input=stdin, capture_output=True, text=True,
                          env=fmdesk_env(tmp_path), timeout=timeout)


def events(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def database(tmp_path, port: int):
    return MongoClient("127.0.0.1", port, directConnection=True).fmdesk


def test_a_scripted_mission_runs_to_its_debrief(tmp_path):
    seed = 11
    plan = plan_mission(seed, "NOVA-7")
    frequency = plan.values["frequency"]
    answers = "\n".join(right_answers(seed, "NOVA-7")) + "\n"
    done = run(tmp_path, "play", "--headless", "--callsign", "nova-7", "--seed", str(seed),
               "--time-limit", "300", "--tune", frequency, "--fast", "--json", stdin=answers)
    assert done.returncode == 0, done.stderr
    got = events(done.stdout)
    kinds = [e["kind"] for e in got]
    assert kinds[0] == "mission_requested" and kinds[-1] == "mission_ended"
    assert got[-1]["success"] is True
    assert {"brief_ready", "tuned", "standing_by", "on_air", "callers_announced"} <= set(kinds)
    mission_id = got[-1]["mission_id"]

    # Every turn stored, in order, the outcome written: ask fmdesk itself.
    replay = run(tmp_path, "replay", mission_id, "--json")
    assert replay.returncode == 0, replay.stderr
    stored = json.loads(replay.stdout)
    seqs = [t["seq"] for t in stored["turns"]]
    assert seqs == list(range(len(seqs)))
    lines = [e for e in got if e["kind"] == "line_finished"]
    assert [t["text"] for t in stored["turns"] if t["kind"] == "line"] == [e["text"] for e in lines]
    assert stored["mission"]["play"]["state"] == "ended"
    assert stored["mission"]["play"]["outcome"]["success"] is True
    assert stored["mission"]["callsign"] == "NOVA-7"

    listing = run(tmp_path, "missions")
    assert mission_id in listing.stdout and "accomplished" in listing.stdout
    text = run(tmp_path, "replay", mission_id).stdout
    assert "PLAYER: " in text and "Debrief: ACCOMPLISHED" in text


def test_a_wrong_frequency_gets_static_and_a_hint(tmp_path):
    plan = plan_mission(2, "NOVA-7")
    target = float(plan.values["frequency"])
    wrong = 88.0 if target > 95 else 107.0
    done = run(tmp_path, "play", "--headless", "--callsign", "NOVA-7", "--seed", "2",
               "--time-limit", "60", "--fast", stdin=f"{wrong}\nbanana\n{target}\n")
    assert done.returncode == 0, done.stderr
    assert "kssshhh" in done.stdout and "The station is" in done.stdout
    assert "not a frequency" in done.stdout
    assert "signal locked" in done.stdout and "DEBRIEF" in done.stdout


def test_kill_9_mid_mission_then_resume_loses_nothing(tmp_path):
    seed = 5
    plan = plan_mission(seed, "NOVA-7")
    process = subprocess.Popen(
        [*FMDESK, "play", "--headless", "--callsign", "NOVA-7", "--seed", str(seed), "--time-limit", "300",
         "--tune", plan.values["frequency"], "--fast", "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=fmdesk_env(tmp_path))
    seen = []
    try:
        for line in process.stdout:
            event = json.loads(line)
            seen.append(event)
            if event["kind"] == "cue_opened":
                cues = sum(1 for e in seen if e["kind"] == "cue_opened")
                if cues == 3:
                    break  # a caller waits; nobody answers; the process dies
                process.stdin.write(right_for_hint(plan, event["hint"]) + "\n")
                process.stdin.flush()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    mission_id = seen[0]["mission_id"]
    acknowledged = [e["seq"] for e in seen if e["kind"] in ("line_finished", "player_heard")]

    resumed = run(tmp_path, "play", "--headless", "--callsign", "NOVA-7", "--resume", "--fast", "--json",
                  stdin="".join(a + "\n" for a in right_answers(seed, "NOVA-7")[2:]))
    assert resumed.returncode == 0, resumed.stderr
    after = events(resumed.stdout)
    on_air = next(e for e in after if e["kind"] == "on_air")
    assert on_air["resumed"] and on_air["mission_id"] == mission_id
    reopened = next(e for e in after if e["kind"] == "cue_opened")
    assert reopened["seq"] == max(e["seq"] for e in seen if e["kind"] == "cue_opened")
    assert after[-1]["kind"] == "mission_ended"

    stored = json.loads(run(tmp_path, "replay", mission_id, "--json").stdout)
    seqs = [t["seq"] for t in stored["turns"]]
    assert seqs == list(range(len(seqs))), "no gap and no duplicate"
    assert set(acknowledged) <= set(seqs), "no acknowledged turn is lost"
    before_kill = [e for e in seen if e["kind"] == "line_finished"]
    by_seq = {t["seq"]: t for t in stored["turns"]}
    assert all(by_seq[e["seq"]]["text"] == e["text"] for e in before_kill)
    assert stored["mission"]["play"]["state"] == "ended"


def test_nothing_to_resume_is_said_plainly(tmp_path):
    done = run(tmp_path, "play", "--headless", "--callsign", "NEW-1", "--resume")
    assert done.returncode == 1
    assert "Nothing to resume" in done.stdout


def test_config_shows_settings_with_the_password_masked(tmp_path):
    env = fmdesk_env(tmp_path, FMDESK_MONGO_URI="mongodb://ann:hunter2@db.example:27017/")
    shown = subprocess.run([*FMDESK, "config"], capture_output=True, text=True, env=env, timeout=60)
    assert shown.returncode == 0
    assert "ann:****@db.example" in shown.stdout and "hunter2" not in shown.stdout


def test_an_unreachable_database_is_one_clear_message(tmp_path):
    done = run(tmp_path, "--mongo-uri", "mongodb://ann:hunter2@127.0.0.1:9/?serverSelectionTimeoutMS=500",
               "missions", timeout=60)
    assert done.returncode == 1
    assert "unreachable" in done.stderr and "ann:****@127.0.0.1:9" in done.stderr
    assert "hunter2" not in done.stderr and "Traceback" not in done.stderr


def test_with_no_terminal_and_no_callsign_a_default_one_plays(tmp_path):
    plan = plan_mission(5, "BASE-1")
    done = run(tmp_path, "play", "--headless", "--seed", "5", "--time-limit", "60",
               "--tune", plan.values["frequency"], "--fast", stdin="")
    assert done.returncode == 0, done.stderr
    assert "No callsign given: playing as BASE-1" in done.stderr
    assert "Signed in as BASE-1." in done.stdout


def test_control_characters_typed_are_shown_escaped_and_stored_as_typed(tmp_path):
    plan = plan_mission(7, "NOVA-7")
    done = run(tmp_path, "play", "--headless", "--callsign", "NOVA-7", "--seed", "7", "--time-limit", "60",
               "--tune", plan.values["frequency"], "--fast", stdin="north\x1b[2J\x07 ridge\n")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "north\\x1b[2J\\x07 ridge" in done.stdout

# SPDX-License-Identifier: GPL-3.0-or-later
"""The Gemini director against the rules the real API enforces (the strict
fake in tests/fake_gemini.py says where each rule comes from)."""

from __future__ import annotations

import json
import time

import pytest

from fmdesk.core.segments import Begun, Cue, Line
from fmdesk.core.turns import SILENCE_TEXT
from fmdesk.director.base import BriefRequest, DirectorError
from fmdesk.director.gemini import API_VERSION, GeminiDirector, thinking_config
from fmdesk.director.gemini_errors import SAME_400_LIMIT
from fmdesk.director.schema import batch_schema, brief_schema, outcome_schema
from fmdesk.keys import both_keys_notice
from tests.director.test_gemini import AUTO_BRIEF, BATCH, collect, context, director, fake, turn  # noqa: F401
from tests.fake_gemini import (Seen, blocked_reply, check_request, config_of, error_reply, html_reply, json_reply,
                               key_invalid_reply, location_reply, rate_limited_reply, stream_reply)

ANSWERED = [turn(0, "line", "Code?", "Jonah Pike"), turn(1, "cue", "The code?", "Jonah Pike"),
            turn(2, "player", "three one four", "PLAYER"), turn(3, "line", "Copy.", "Vera Holt"),
            turn(4, "cue", "Go on?", "Vera Holt"), turn(5, "silence", SILENCE_TEXT, "PLAYER")]


def _seen(body: dict, model: str = "gemini-flash-latest") -> Seen:
    return Seen("/v1beta/models/x:generateContent", "v1beta", model, "generateContent", "k", body)


async def test_requests_go_to_the_documented_api_version_without_a_server_timeout(fake):
    fake.add(json_reply(AUTO_BRIEF), stream_reply(json.dumps(BATCH)))
    gemini = director(fake)
    await gemini.write_brief(BriefRequest(callsign="NOVA-7", seed=1))
    await collect(gemini.write_segments(context()))
    assert [s.version for s in fake.seen] == [API_VERSION, API_VERSION] == ["v1beta", "v1beta"]
    assert all("x-server-timeout" not in s.headers for s in fake.seen)


async def test_every_request_keeps_the_role_order_the_api_demands(fake):
    # Later batches (the conversation ends with an answer, or with a silence),
    # a blocked batch retried with a nudge, and a brief retried with one.
    fake.add(stream_reply(json.dumps(BATCH)), blocked_reply(stream=True), stream_reply(json.dumps(BATCH)),
             blocked_reply(), json_reply(AUTO_BRIEF))
    gemini = director(fake)
    await collect(gemini.write_segments(context(ANSWERED[:3], 30)))
    await collect(gemini.write_segments(context(ANSWERED, 60)))
    await gemini.write_brief(BriefRequest(callsign="N", seed=1))
    assert not fake.refused, fake.refused
    for seen in fake.seen:
        roles = [c["role"] for c in seen.body["contents"]]
        assert roles[0] == roles[-1] == "user" and all(a != b for a, b in zip(roles, roles[1:]))


def test_the_fake_refuses_what_the_api_refuses():
    bad_order = {"contents": [{"role": "model", "parts": [{"text": "[]"}]},
                              {"role": "user", "parts": [{"text": "go"}]}]}
    twice = {"contents": [{"role": "user", "parts": [{"text": "a"}]}, {"role": "user", "parts": [{"text": "b"}]}]}
    lengths = {"contents": [{"role": "user", "parts": [{"text": "a"}]}],
               "generationConfig": {"responseJsonSchema": {"type": "string", "minLength": 1}}}
    both = {"contents": [{"role": "user", "parts": [{"text": "a"}]}],
            "generationConfig": {"thinkingConfig": {"thinkingLevel": "low", "thinkingBudget": 0}}}
    assert "alternate" in check_request(_seen(bad_order))
    assert "alternate" in check_request(_seen(twice))
    assert "minLength" in check_request(_seen(lengths))
    assert "only one" in check_request(_seen(both))
    level_on_25 = {"contents": both["contents"], "generationConfig": {"thinkingConfig": {"thinkingLevel": "low"}}}
    assert "not supported" in check_request(_seen(level_on_25, "gemini-2.5-flash"))


@pytest.mark.parametrize("schema", [batch_schema(), brief_schema(), outcome_schema()])
def test_the_schemas_use_only_the_documented_subset(schema):
    body = {"contents": [{"role": "user", "parts": [{"text": "a"}]}],
            "generationConfig": {"responseJsonSchema": schema}}
    assert check_request(_seen(body)) is None


async def test_lengths_left_out_of_the_schema_are_still_enforced(fake):
    fake.add(json_reply({**AUTO_BRIEF, "title": ""}))
    with pytest.raises(DirectorError, match="did not hold together"):
        await director(fake).write_brief(BriefRequest(callsign="N", seed=1))


def test_the_lowest_thinking_each_model_allows():
    assert thinking_config("gemini-flash-latest", "lowest").thinking_level.value == "MINIMAL"
    assert thinking_config("gemini-3-pro-preview", "lowest").thinking_level.value == "LOW"
    assert thinking_config("gemini-2.5-flash", "lowest").thinking_budget == 0
    assert thinking_config("gemini-2.5-pro", "lowest").thinking_budget == 128
    assert thinking_config("gemini-flash-latest", "high").thinking_level.value == "HIGH"
    assert thinking_config("gemini-2.5-flash", "512").thinking_budget == 512
    for model in ("gemini-flash-latest", "gemini-3-pro-preview", "gemini-2.5-flash", "gemini-2.5-pro"):
        config = thinking_config(model, "lowest").model_dump(exclude_none=True, mode="json")
        body = {"contents": [{"role": "user", "parts": [{"text": "a"}]}],
                "generationConfig": {"thinking_config": config}}
        assert check_request(_seen(body, model)) is None, model


async def test_thought_parts_are_never_voiced_and_thinking_is_set_low(fake):
    fake.add(stream_reply(json.dumps(BATCH), thoughts=["The player chose the ridge, so Vera should..."]))
    got = await collect(director(fake).write_segments(context()))
    assert [s.text for s in got if isinstance(s, Line)] == [BATCH[0]["text"], BATCH[2]["text"]]
    assert config_of(fake.seen[0].body, "thinking_config") == {"thinkingLevel": "MINIMAL", "includeThoughts": False}
    assert not config_of(fake.seen[0].body, "temperature")  # the model's own default


async def test_a_temperature_is_sent_only_when_set(fake):
    fake.add(stream_reply(json.dumps(BATCH)))
    await collect(director(fake, temperature=0.7).write_segments(context()))
    assert config_of(fake.seen[0].body, "temperature") == 0.7


async def test_a_bad_key_is_the_only_400_blamed_on_the_key(fake):
    fake.add(key_invalid_reply(), location_reply())
    with pytest.raises(DirectorError, match="key was refused") as key:
        await collect(director(fake).write_segments(context()))
    assert key.value.lasting and key.value.reason == "key"
    with pytest.raises(DirectorError, match="location is not supported") as where:
        await collect(director(fake).write_segments(context()))
    assert not where.value.lasting and not where.value.retryable and where.value.reason == "location"


async def test_the_same_400_again_and_again_ends_gemini_with_the_apis_reason(fake):
    gemini = director(fake)
    fake.add(*[error_reply(400, "Request contains an invalid argument.")] * SAME_400_LIMIT)
    errors = []
    for _ in range(SAME_400_LIMIT):
        with pytest.raises(DirectorError) as caught:
            await collect(gemini.write_segments(context()))
        errors.append(caught.value)
    assert [e.lasting for e in errors] == [False] * (SAME_400_LIMIT - 1) + [True]
    assert "invalid argument" in errors[-1].message


async def test_a_success_between_two_400s_starts_the_count_again(fake):
    gemini = director(fake)
    refusal = error_reply(400, "Request contains an invalid argument.")
    fake.add(refusal, refusal, stream_reply(json.dumps(BATCH)), refusal, refusal)
    outcomes = []
    for _ in range(5):
        try:
            await collect(gemini.write_segments(context()))
            outcomes.append("ok")
        except DirectorError as exc:
            outcomes.append("lasting" if exc.lasting else "once")
    assert outcomes == ["once", "once", "ok", "once", "once"]


async def test_a_429_says_when_to_come_back_and_a_used_up_day_is_plain(fake):
    fake.add(rate_limited_reply(23), rate_limited_reply(40, daily=True))
    with pytest.raises(DirectorError) as busy:
        await collect(director(fake).write_segments(context()))
    assert busy.value.retryable and busy.value.retry_after_s == 23 and busy.value.reason == "busy"
    with pytest.raises(DirectorError, match="daily quota is used up") as day:
        await collect(director(fake).write_segments(context()))
    assert day.value.lasting and not day.value.retryable and day.value.reason == "quota"


async def test_an_html_502_is_one_short_sentence(fake):
    fake.add(html_reply(502))
    with pytest.raises(DirectorError) as caught:
        await collect(director(fake).write_segments(context()))
    assert caught.value.retryable and caught.value.message == "Gemini had a server error (502)."


async def test_a_healthy_slow_stream_is_not_cut_by_the_timeout(fake):
    # 4.5 s in all, a piece every 0.5 s: the timeout is for silence, not for the whole.
    fake.add(stream_reply(json.dumps(BATCH), pieces=10, chunk_delay_s=0.5))
    started = time.monotonic()
    got = await collect(director(fake, timeout_s=2.0).write_segments(context()))
    segments = [s for s in got if not isinstance(s, Begun)]  # a line's first piece may come ahead of it
    assert len(segments) == 4 and isinstance(got[-1], Cue) and time.monotonic() - started > 4.0


async def test_a_truncated_stream_keeps_what_came_whole(fake):
    fake.add(stream_reply(json.dumps(BATCH), pieces=8, truncate_after=5))
    got = []
    try:
        async for segment in director(fake).write_segments(context()):
            got.append(segment)
    except DirectorError as exc:
        assert exc.retryable
    assert got and all(isinstance(s, (Line, Cue, Begun)) or s.seconds for s in got)
    assert not any(isinstance(s, Cue) for s in got)


def test_both_key_variables_are_told_once():
    assert both_keys_notice({"GEMINI_API_KEY": "a", "GOOGLE_API_KEY": "b"}) == (
        "Both GEMINI_API_KEY and GOOGLE_API_KEY are set: fmdesk uses GEMINI_API_KEY.")
    assert both_keys_notice({"GEMINI_API_KEY": "a"}) is None

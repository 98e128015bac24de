# SPDX-License-Identifier: GPL-3.0-or-later
"""`fmdesk doctor --online` tells Gemini's failures apart, each with what to do."""

from __future__ import annotations

import pytest

from fmdesk.config import GeminiSettings, Settings
from fmdesk.doctor import GEMINI_FIXES, check_gemini
from tests.fake_gemini import FakeGemini, key_invalid_reply, location_reply, rate_limited_reply, text_reply


@pytest.fixture
def fake(monkeypatch):
    server = FakeGemini().start()
    monkeypatch.setenv("GEMINI_API_KEY", server.key)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    yield server
    server.stop()


def _settings(url: str) -> Settings:
    return Settings(gemini=GeminiSettings(base_url=url, timeout_s=3.0))


@pytest.mark.parametrize("reply, reason, words", [
    (key_invalid_reply, "key", "key was refused"),
    (location_reply, "location", "location is not supported"),
    (lambda: rate_limited_reply(30, daily=True), "quota", "daily quota is used up"),
])
def test_each_failure_is_told_with_its_own_fix(fake, reply, reason, words):
    fake.add(reply())
    check = check_gemini(_settings(fake.url), online=True)
    assert not check.ok and words in check.detail and check.fix == GEMINI_FIXES[reason]
    assert fake.key not in check.detail + check.fix


def test_an_unreachable_endpoint_is_told_apart(monkeypatch):
    monkeypatch.setenv("GEMINI_API_KEY", "k-123")
    check = check_gemini(_settings("http://127.0.0.1:9"), online=True)
    assert not check.ok and "could not be reached" in check.detail and check.fix == GEMINI_FIXES["unreachable"]


def test_a_working_key_is_accepted(fake):
    fake.add(text_reply("OK"))
    check = check_gemini(_settings(fake.url), online=True)
    assert check.ok and "accepted" in check.detail
    assert not fake.refused

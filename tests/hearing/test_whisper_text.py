# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules around whisper: sound tags dropped, loops cut, the window trimmed,
the spelling prompt built from a mission."""

from __future__ import annotations

import pytest

from fmdesk.core.mission import Brief, Caller
from fmdesk.core.spelling import MAX_CHARS, spelling_prompt
from fmdesk.hearing.audio import RATE
from fmdesk.hearing.whisper import FULL_CTX, MIN_CTX, audio_ctx_for, clean, max_tokens_for


@pytest.mark.parametrize("raw", ["[BLANK_AUDIO]", " (dramatic music)", "*coughs*", "♪♪", " . ", "[ Silence ]"])
def test_sound_tags_are_not_words(raw):
    assert clean(raw) == ""


def test_words_around_tags_are_kept_and_loops_cut():
    assert clean("[BLANK_AUDIO] Copy that. (static)") == "Copy that."
    assert clean("Head for Gull Island. Head for Gull Island. head for gull island.") == "Head for Gull Island."
    assert clean("Yes. No. Yes.") == "Yes. No. Yes."
    # A loop cut off by the token ceiling: the half sentence at the end goes too.
    assert clean("Go in through the roof. Go in through") == "Go in through the roof."
    assert clean("Head north. Then east") == "Head north. Then east"


def test_the_token_ceiling_grows_with_the_clip_and_stops_loops_early():
    assert max_tokens_for(1 * RATE) == 24 and max_tokens_for(30 * RATE) == 256
    assert all(max_tokens_for(s * RATE) >= 6 * s for s in range(1, 31)), "room for fast talkers"


def test_audio_window_is_trimmed_but_not_below_the_floor():
    assert audio_ctx_for(3 * RATE) == MIN_CTX
    assert audio_ctx_for(20 * RATE) == 1120
    assert audio_ctx_for(60 * RATE) == FULL_CTX
    assert all(audio_ctx_for(s * RATE) % 32 == 0 or audio_ctx_for(s * RATE) == FULL_CTX for s in range(1, 40))


def test_spelling_prompt_names_first_then_the_missions_words():
    brief = Brief(title="The Gull Island Lifeboat", brief="A ferry is sinking off Gull Island in a gale.",
                  story="x", task="Get the Osprey's crew onto the lifeboat before the tide turns.",
                  frequency_mhz=93.5, callers=(Caller(name="Mara Quinn", role="coxswain"),
                                               Caller(name="Kofi Mensah", role="harbourmaster")))
    prompt = spelling_prompt(brief)
    assert prompt.startswith("Mara Quinn, Kofi Mensah.")
    assert "Gull" in prompt and "Lifeboat" in prompt and "Osprey's" in prompt
    assert " the," not in prompt and len(prompt) <= MAX_CHARS
    assert spelling_prompt(None) == ""

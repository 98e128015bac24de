# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules around whisper: sound tags dropped, loops cut, the window trimmed,
the spelling prompt built from a mission, and near misses of its names respelled."""

from __future__ import annotations

import pytest

from fmdesk.core.mission import Brief, Caller
from fmdesk.core.spelling import MAX_CHARS, proper_names, spelling_prompt
from fmdesk.hearing.audio import RATE
from fmdesk.hearing.hints import Hints
from fmdesk.hearing.respell import Phonemes, Respeller, distance
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


def test_spelling_prompt_names_first_then_places_then_words():
    brief = Brief(title="The Gull Island Lifeboat", brief="A ferry is sinking off Gull Island in a gale.",
                  story="The Osprey's pumps failed. Kofi Mensah watches from the harbour wall.",
                  task="Get the Osprey's crew onto the lifeboat before the tide turns.",
                  frequency_mhz=93.5, callers=(Caller(name="Mara Quinn", role="coxswain"),
                                               Caller(name="Kofi Mensah", role="harbourmaster")))
    prompt = spelling_prompt(brief)
    assert prompt.startswith("Mara Quinn, Kofi Mensah. Gull Island, Osprey,")
    assert "lifeboat" in prompt and "Osprey's" not in prompt and prompt.count("Kofi") == 1
    assert " the," not in prompt and len(prompt) <= MAX_CHARS
    assert spelling_prompt(None) == ""


def test_proper_names_are_runs_of_capitals_not_sentence_openers():
    assert proper_names("The pumps failed off Cape Morrow. Sea Lark is taking water.") == ["Cape Morrow", "Lark"]
    assert proper_names("Tell NOVA-7 to wait for the Grey Tooth.") == ["Grey Tooth"]


def test_hints_read_back_the_prompt_and_keep_what_whisper_needs():
    hints = Hints.parse("Mara Quinn, Kofi Mensah. Gull Island, couloir, landing, grid, helipad")
    assert hints.names == ("Mara Quinn", "Kofi Mensah")
    assert hints.words == ("Gull Island", "couloir", "landing", "grid", "helipad")
    # Words whisper holds whole are left out; a place of ordinary words stays.
    assert hints.useful().words == ("Gull Island", "couloir", "helipad")
    assert hints.prompt() == "Mara Quinn, Kofi Mensah. Gull Island, couloir, helipad."
    assert hints.targets()[:4] == ("Mara Quinn", "Kofi Mensah", "Mara", "Quinn")
    assert Hints.parse("Gull Island, couloir").names == () and Hints.parse("").prompt() == ""
    assert Hints.parse("Mara Quinn.").prompt() == "Mara Quinn."


@pytest.fixture(scope="module")
def respeller():
    phonemes = Phonemes()
    assert phonemes.available, "espeak-ng comes with piper-tts"
    return Respeller(phonemes)


@pytest.mark.parametrize("heard,meant", [
    ("Take the North Cool War.", "Take the North couloir."),
    ("Head for go island.", "Head for Gull Island."),
    ("Marquin, do you read me?", "Mara Quinn, do you read me?"),
])
def test_near_misses_of_the_missions_words_are_respelled(respeller, heard, meant):
    targets = Hints.parse("Mara Quinn, Tove Lind. Gull Island, couloir, lifeboat").targets()
    assert respeller.respell(heard, targets) == meant


@pytest.mark.parametrize("heard", [
    "Send the lifeboat now.",            # already right: "the lifeboat" is not squeezed into "lifeboat"
    "Copy that, we are moving.",
    "No, wait for my call.",
    "Go in through the roof.",
    "The code is 4719.",
])
def test_ordinary_words_are_left_alone(respeller, heard):
    targets = Hints.parse("Mara Quinn, Tove Lind, Sam Whitlock. Gull Island, couloir, lifeboat, Linden Falls").targets()
    assert respeller.respell(heard, targets) == heard


def test_phoneme_distance():
    assert distance("kuːl", "kuːl") == 0.0
    assert distance("abc", "") == 1.0
    assert distance("kal", "kol") == 0.5 / 3, "a vowel for a vowel costs half"

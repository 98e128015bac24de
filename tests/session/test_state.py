# SPDX-License-Identifier: GPL-3.0-or-later
"""The show's transitions, driven through the table alone: no loop, no
database, no device. Each test feeds inputs and checks states and effects."""

from __future__ import annotations

import numpy as np
import pytest

from fmdesk.session import state as st
from fmdesk.session.state import Phase


def run(state: st.ShowState, *inputs) -> tuple[st.ShowState, list, list[bool]]:
    """Feed inputs in turn; the final state, every effect, and what each command did."""
    effects, accepted = [], []
    for got in inputs:
        step = st.step(state, got)
        state = step.state
        effects += step.effects
        accepted.append(step.accepted)
    return state, effects, accepted


ON_AIR = st.step(st.ShowState(), st.WentOn()).state
WITH_MIC = st.ShowState(phase=Phase.AIRING, mic=True)


def test_a_line_then_a_cue_answered_by_typing():
    state, effects, _ = run(ON_AIR, st.LineOn(0), st.LineOff(0), st.CueReached(1), st.Typed("  north couloir "))
    assert state.phase is Phase.AIRING and state.seq is None
    assert effects == [st.Deadline("window"), st.Deadline(None), st.Answer(1, "north couloir", "typed")]


def test_the_window_lapsing_is_silence():
    state, effects, _ = run(ON_AIR, st.CueReached(4), st.Lapsed())
    assert effects[-1] == st.Answer(4, "", "timeout") and state.phase is Phase.AIRING


def test_skip_and_a_blank_answer_are_silence():
    _, skipped, _ = run(ON_AIR, st.CueReached(2), st.Skip())
    _, blank, _ = run(ON_AIR, st.CueReached(2), st.Typed("   "))
    assert skipped[-1] == st.Answer(2, "", "skip")
    assert blank[-1] == st.Answer(2, "", "typed")


def test_talk_at_a_cue_without_a_microphone_stops_the_window_for_typing():
    state, effects, _ = run(ON_AIR, st.CueReached(3), st.TalkDown())
    assert state.phase is Phase.HELD and state.cue_open
    assert effects[1:] == [st.Deadline("held"), st.Pressed(3, recording=False)]
    state, effects, _ = run(state, st.TalkUp(), st.Typed("copy"))
    assert effects == [st.Deadline(None), st.Answer(3, "copy", "typed")]


def test_talk_with_a_microphone_records_and_the_release_is_heard():
    state, effects, _ = run(WITH_MIC, st.CueReached(5), st.TalkDown())
    assert state.phase is Phase.RECORDING
    assert effects[1:] == [st.Deadline("held"), st.Pressed(5, recording=True), st.StartRecording()]
    state, effects, _ = run(state, st.TalkUp())
    assert state.phase is Phase.HEARING and effects == [st.StopRecording(hear=True)]
    state, effects, _ = run(state, st.Heard("take the ridge", 2.5))
    assert state.phase is Phase.AIRING
    assert effects == [st.Deadline(None), st.Answer(5, "take the ridge", "voice", 2.5)]


def test_blank_audio_heard_is_a_voiced_silence():
    state, effects, _ = run(WITH_MIC, st.CueReached(5), st.TalkDown(), st.TalkUp(), st.Heard("", 1.8))
    assert effects[-1] == st.Answer(5, "", "voice", 1.8)


def test_hearing_that_fails_keeps_the_cue_open():
    state, _, _ = run(WITH_MIC, st.CueReached(5), st.TalkDown(), st.TalkUp(), st.NotHeard())
    assert state.phase is Phase.HELD and state.cue_open and state.seq == 5
    # Another try with TALK records again; typing answers.
    again, effects, _ = run(state, st.TalkDown())
    assert again.phase is Phase.RECORDING and st.StartRecording() in effects
    done, effects, _ = run(state, st.Typed("yes"))
    assert done.phase is Phase.AIRING and effects[-1] == st.Answer(5, "yes", "typed")


def test_typing_while_recording_or_hearing_wins_and_drops_the_recording():
    state, _, _ = run(WITH_MIC, st.CueReached(1), st.TalkDown())
    _, effects, _ = run(state, st.Typed("typed"))
    assert effects[0] == st.StopRecording(hear=False) and effects[-1].source == "typed"
    hearing, _, _ = run(state, st.TalkUp())
    _, effects, _ = run(hearing, st.Typed("typed"))
    assert effects[0] == st.StopHearing() and effects[-1] == st.Answer(1, "typed", "typed")


def test_a_recording_handed_in_whole_is_heard_at_a_cue():
    samples = np.zeros(1600, np.float32)
    state, effects, _ = run(ON_AIR, st.CueReached(2), st.Recorded(samples, 16000))
    assert state.phase is Phase.HEARING
    assert [type(e) for e in effects] == [st.Deadline, st.Deadline, st.Pressed, st.Hear]
    assert effects[-1].samples is samples


def test_talk_while_a_caller_speaks_cuts_in():
    state, effects, accepted = run(ON_AIR, st.LineOn(7), st.TalkDown())
    assert accepted[-1] and state.phase is Phase.HELD and state.seq == 7
    assert effects == [st.CutLine(7), st.Deadline("held"), st.Pressed(7, recording=False)]
    recording, effects, _ = run(WITH_MIC, st.LineOn(7), st.TalkDown())
    assert recording.phase is Phase.RECORDING and effects[0] == st.CutLine(7) and effects[-1] == st.StartRecording()


def test_without_barge_in_talk_over_a_caller_does_nothing():
    quiet = st.ShowState(phase=Phase.AIRING, barge_in=False)
    state, effects, accepted = run(quiet, st.LineOn(7), st.TalkDown())
    assert state.phase is Phase.SPEAKING and not effects and accepted == [True, False]
    assert not state.can_cut_in


@pytest.mark.parametrize("command", [st.TalkDown(), st.TalkUp(), st.Typed("hello"), st.Skip(),
                                     st.Typing(), st.Again(0)])
def test_commands_with_nobody_waiting_are_ignored(command):
    # (Text typed on air with nobody waiting is kept for the next question: see below.)
    states = (st.ShowState(), st.ShowState(phase=Phase.ENDED))
    for state in states if isinstance(command, st.Typed) else (*states, ON_AIR):
        step = st.step(state, command)
        assert step.state == state and not step.effects and not step.accepted
        assert not st.accepts(state, command)


@pytest.mark.parametrize("happening,phase", [
    (st.Heard("yes", 1.0), Phase.AIRING),       # an answer heard with no recording
    (st.LineOff(3), Phase.CUE),                  # a line ended while a caller waits
    (st.CueReached(3), Phase.SPEAKING),          # a cue in the middle of a line
    (st.Lapsed(), Phase.AIRING),                 # a deadline nobody set
    (st.WentOff(), Phase.CUE),                   # the show ended over an open cue
])
def test_impossible_happenings_are_loud(happening, phase):
    with pytest.raises(st.ShowError, match=type(happening).__name__):
        st.step(st.ShowState(phase=phase, seq=3), happening)


def test_the_microphone_lost_while_recording_leaves_typing():
    state, _, _ = run(WITH_MIC, st.CueReached(1), st.TalkDown())
    state, effects, _ = run(state, st.MicLost())
    assert state.phase is Phase.HELD and not state.mic and effects == [st.StopRecording(hear=False)]
    state, _, _ = run(state, st.MicBack())
    assert state.mic and state.phase is Phase.HELD


def test_a_whole_show_reaches_the_end():
    state, _, _ = run(ON_AIR, st.LineOn(0), st.LineOff(0), st.CueReached(1), st.Lapsed(),
                      st.LineOn(3), st.TalkDown(), st.Typed("go"), st.WentOff())
    assert state.phase is Phase.ENDED


# -- say again, typing, answers typed ahead (#18) ------------------------------------


def test_say_again_at_a_cue_stops_the_window_and_opens_a_fresh_one_after():
    state, effects, accepted = run(ON_AIR, st.CueReached(4), st.Again(2))
    assert state.phase is Phase.REPLAYING and state.cue_open and accepted == [True, True]
    assert effects[1:] == [st.Deadline(None), st.PlayAgain(2)]
    state, effects, _ = run(state, st.AgainDone())
    assert state.phase is Phase.CUE and state.seq == 4
    assert effects == [st.Deadline("window"), st.Reopen(4)]


def test_say_again_is_only_for_a_waiting_caller():
    for inputs in ([], [st.LineOn(1)]):
        state, effects, accepted = run(ON_AIR, *inputs, st.Again(0))
        assert accepted[-1] is False and not effects and state.phase is not Phase.REPLAYING


def test_another_say_again_replaces_the_one_playing():
    state, effects, _ = run(ON_AIR, st.CueReached(4), st.Again(2), st.Again(3))
    assert state.phase is Phase.REPLAYING
    assert effects[-3:] == [st.StopAgain(), st.Deadline(None), st.PlayAgain(3)]


def test_talk_or_an_answer_during_say_again_stops_it():
    replaying, _, _ = run(WITH_MIC, st.CueReached(4), st.Again(2))
    state, effects, _ = run(replaying, st.TalkDown())
    assert state.phase is Phase.RECORDING and effects[0] == st.StopAgain()
    state, effects, _ = run(replaying, st.Typed("grid two seven"))
    assert state.phase is Phase.AIRING
    assert effects == [st.StopAgain(), st.Deadline(None), st.Answer(4, "grid two seven", "typed")]


def test_the_first_keystroke_at_a_cue_stops_the_window_like_talk():
    state, effects, _ = run(WITH_MIC, st.CueReached(6), st.Typing())
    assert state.phase is Phase.HELD  # typing, even with a microphone: nothing records
    assert effects[1:] == [st.Deadline("held"), st.Pressed(6, recording=False)]
    _, effects, accepted = run(ON_AIR, st.Typing())
    assert accepted == [False] and not effects


def test_an_answer_typed_while_the_caller_talks_answers_the_next_cue():
    state, effects, accepted = run(ON_AIR, st.LineOn(1), st.Typed(" east stairs "), st.LineOff(1))
    assert accepted[1] and effects == [st.Kept("east stairs")] and state.ahead == "east stairs"
    state, effects, _ = run(state, st.CueReached(2))
    assert state.phase is Phase.AIRING and state.ahead is None
    assert effects == [st.Answer(2, "east stairs", "typed")]


def test_a_cut_in_drops_the_answer_typed_ahead_and_blank_is_not_kept():
    state, _, _ = run(ON_AIR, st.LineOn(1), st.Typed("north"), st.TalkDown())
    assert state.ahead is None and state.phase is Phase.HELD
    _, effects, accepted = run(ON_AIR, st.LineOn(1), st.Typed("   "))
    assert accepted[-1] is False and not effects

# SPDX-License-Identifier: GPL-3.0-or-later
import pytest

from fmdesk.core.frequency import FrequencyError, parse_frequency, reception, snap


@pytest.mark.parametrize("text, mhz", [("93.5", 93.5), ("93,5", 93.5), (" 101.1 MHz", 101.1),
                                       ("88", 88.0), ("107.95", 107.95)])
def test_parses_what_players_type(text, mhz):
    assert parse_frequency(text) == mhz


@pytest.mark.parametrize("text", ["", "abc", "9 3", "-93.5", "1000"])
def test_rejects_what_is_no_frequency(text):
    with pytest.raises(FrequencyError, match="not a frequency|off the FM band"):
        parse_frequency(text)


def test_rejects_off_band():
    with pytest.raises(FrequencyError, match="off the FM band"):
        parse_frequency("80.0")


def test_locked_on_target():
    got = reception(93.5, 93.5)
    assert got.locked and got.strength == 1.0


def test_signal_fades_in_near_the_target():
    far, near, closer = reception(90.0, 93.5), reception(93.2, 93.5), reception(93.4, 93.5)
    assert far.strength == 0 and not far.locked
    assert 0 < near.strength < closer.strength < 1
    assert not closer.locked
    assert "up" in closer.hint and "higher" in far.hint


def test_snap_rounds_to_the_dial_step_and_clamps():
    assert snap(93.46) == 93.5
    assert snap(50) == 87.5 and snap(200) == 108.0

# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers and codes as a radio operator says them, for the voice."""

import pytest

from fmdesk.core.radio_speech import for_radio


@pytest.mark.parametrize("written, said", [
    ("Grid 9, 2, 2, 5. Over.", "Grid niner, two, two, five. Over."),
    ("Code 4719, over.", "Code four seven one niner, over."),
    ("Tune to 104.1 now.", "Tune to one zero four decimal one now."),
    ("Heading 270.", "Heading two seven zero."),
    ("Team B-7 on the ridge.", "Team B, seven on the ridge."),
    ("Gate 9 is open.", "Gate niner is open."),
])
def test_codes_grids_and_frequencies_digit_by_digit(written, said):
    assert for_radio(written) == said


def test_quantities_and_words_are_left_as_written():
    for line in ("We have 20 minutes and 3 people.", "eight, eight, niner, eight", "NOVA-7, do you read?",
                 "Three of them on the roof."):
        assert for_radio(line) == line

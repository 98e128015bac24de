# SPDX-License-Identifier: GPL-3.0-or-later
"""How a director understood one answer: stored on the player's turn.

The line a caller says next and the debrief are both made from this stored
decision, so they can never disagree, and a resumed mission goes on from
what was understood at the time.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# answer: it answers the question (value says how); say_again: the player asks
# the caller to repeat; question: the player asks the caller something (value:
# the topic); defer: "your call", "I don't know"; off_topic: words that answer
# nothing asked; unsure: it may answer, but not clearly enough to act on;
# silent: nothing was said.
Intent = Literal["answer", "say_again", "question", "defer", "off_topic", "unsure", "silent"]


class Reading(BaseModel):
    model_config = ConfigDict(frozen=True)

    # The scene or question the answer was read against (a director's own reference).
    ref: str = Field(default="", max_length=80)
    intent: Intent
    # An option's key, "yes" / "no", the digits heard, a question's topic, or "".
    value: str = Field(default="", max_length=200)
    # How sure, 0 to 1.
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    # Which rule decided: "keyword", "negation", "ordinal", "both", "digits", "meaning"...
    rule: str = Field(default="", max_length=40)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The debrief's list of decisions when the director gave none: each
question asked on air and what the player answered, from the transcript."""

from __future__ import annotations

from fmdesk.core.mission import Decision, Outcome
from fmdesk.core.turns import Turn


def questions_answered(turns: list[Turn] | tuple[Turn, ...]) -> tuple[Decision, ...]:
    out: list[Decision] = []
    asked: Turn | None = None
    for turn in turns:
        if turn.kind in ("cue", "interrupt"):
            asked = turn
        elif turn.is_answer:
            if asked is None:
                continue
            if asked.kind == "cue":
                question = asked.text or f"{asked.speaker} waited for you"
            else:
                question = f"You cut in on {asked.speaker}"
            silent = turn.kind == "silence"
            out.append(Decision(
                question=_fit(question, 300),
                answer="You stayed silent" if silent else _fit(f"“{turn.text}”", 300),
                by="caller" if silent else "player"))
            asked = None
    return tuple(out)


def with_decisions(outcome: Outcome, turns) -> Outcome:
    """The outcome as the debrief card shows it: the director's decisions, or
    the questions and answers of the transcript."""
    if outcome.decisions:
        return outcome
    return outcome.model_copy(update={"decisions": questions_answered(turns)})


def _fit(text: str, most: int) -> str:
    return text if len(text) <= most else text[:most - 1].rsplit(" ", 1)[0] + "…"

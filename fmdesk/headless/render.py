# SPDX-License-Identifier: GPL-3.0-or-later
"""Session events as lines a player reads in a terminal."""

from __future__ import annotations

import re
import textwrap
from functools import singledispatch

from fmdesk.core.frequency import format_frequency
from fmdesk.core.timing import clock_text
from fmdesk.session import events as ev

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """Text for a terminal: control characters (ESC, BEL, NUL...) shown
    escaped, never sent raw; newlines and tabs kept."""
    return _CONTROLS.sub(lambda m: repr(m.group())[1:-1], text)


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=78, initial_indent=indent, subsequent_indent=indent)


@singledispatch
def render(event) -> str | None:
    return None


@render.register
def _(e: ev.MissionRequested) -> str:
    return f"Requesting a mission from the {e.director} director…"


@render.register
def _(e: ev.BriefReady) -> str:
    callers = "\n".join(f"    • {c.name} — {c.role}" + (f" (voice: {c.voice})" if c.voice else "")
                         for c in e.callers)
    return (
        f"\n=== MISSION BRIEF: {e.title} ===\n{_wrap(e.brief)}\n\n"
        f"  Task:      {e.task}\n  Callers:\n{callers}\n"
        f"  Tune to:   {format_frequency(e.frequency_mhz)}\n"
        f"  Time:      {clock_text(e.time_limit_s)}\n"
    )


@render.register
def _(e: ev.MissionFailed) -> str:
    return f"✗ The mission could not be prepared: {e.error}"


@render.register
def _(e: ev.Tuned) -> str:
    if e.locked:
        return f"📻 {format_frequency(e.frequency_mhz)} — signal locked."
    bars = "▮" * round(e.strength * 5) + "▯" * (5 - round(e.strength * 5))
    return f"📻 {format_frequency(e.frequency_mhz)} {bars} ~~ kssshhh ~~ {e.hint}"


@render.register
def _(e: ev.StandingBy) -> str:
    return "Standing by…"


@render.register
def _(e: ev.WentOnAir) -> str:
    what = "BACK ON AIR" if e.resumed else "ON AIR"
    return f"\n🔴 {what}: {e.title} — {clock_text(e.time_limit_s - e.elapsed_s)} left\n"


@render.register
def _(e: ev.CallersAnnounced) -> str:
    return "On this channel: " + ", ".join(f"{c.name} ({c.role})" for c in e.callers)


@render.register
def _(e: ev.LineStarted) -> str:
    return f"{e.speaker}: {e.text}"


@render.register
def _(e: ev.LineCut) -> str:
    return f"  ✂ you cut in: {e.speaker}: {e.stored}"


@render.register
def _(e: ev.TalkWarning) -> str:
    return f"  ⏱ {e.message}"


@render.register
def _(e: ev.GapStarted) -> str | None:
    return "  ~ static ~" if e.seconds >= 3 else None


@render.register
def _(e: ev.CueOpened) -> str:
    hint = f" ({e.hint})" if e.hint else ""
    return f"  ▶ {e.speaker} is waiting for you{hint}. {e.window_s:g} s to answer."


@render.register
def _(e: ev.VoiceHeard) -> str:
    heard = "no voice in it" if not e.speech else ("a voice, but no words" if not e.text else "heard")
    return f"  🎙 {e.audio_s:.1f} s recording: {heard} ({e.ms:.0f} ms)"


@render.register
def _(e: ev.PlayerHeard) -> str:
    return f"YOU: {e.text}"


@render.register
def _(e: ev.Trouble) -> str:
    return f"⚠ {e.message}"


@render.register
def _(e: ev.TroubleCleared) -> str:
    return f"✓ {e.message}"


@render.register
def _(e: ev.SessionPaused) -> str:
    return f"\n⏸ {e.reason} Resume with: fmdesk play --headless --resume"


@render.register
def _(e: ev.AnswerKept) -> str:
    return f"  ✎ kept: “{e.text}” answers the caller's next question."


@render.register
def _(e: ev.AgainStarted) -> str:
    return f"  ↻ say again — {e.speaker}: {e.text}"


MARKS = {"good": "✓", "bad": "✗", "neutral": "•"}


@render.register
def _(e: ev.MissionEnded) -> str:
    verdict = "MISSION ACCOMPLISHED" if e.success else "MISSION FAILED"
    lines = [f"\n=== DEBRIEF: {verdict} ===", _wrap(e.summary)]
    if e.decisions:
        lines.append("  Decisions:")
        for d in e.decisions:
            by = "" if d.by == "player" else " (decided for you)"
            lines.append(_wrap(f"{MARKS[d.verdict]} {d.question} — {d.answer}{by}", "    "))
    lines.append(f"  On air {clock_text(e.air_s)} · mission {e.mission_id}")
    return "\n".join(lines)

# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole mission in a terminal: brief, tune, on air with typed answers, debrief."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from fmdesk.core.frequency import FrequencyError, parse_frequency
from fmdesk.core.mission import Mission
from fmdesk.headless.console import Console
from fmdesk.headless.render import escape_controls, render
from fmdesk.session import events as ev
from fmdesk.session.engine import Player, Session

EXIT_OK, EXIT_FAILED, EXIT_PAUSED = 0, 1, 130


@dataclass
class PlayOptions:
    tune: str | None = None
    seed: int | None = None
    time_limit_s: int | None = None
    resume: bool = False
    json: bool = False
    answers: list[Path] | None = None  # WAV files said in turn at the cues


class Terminal:
    """Prints events (human lines or JSON) and answers cues from the console."""

    def __init__(self, session: Session, console: Console, *, json: bool, out: TextIO,
                 answers: list[Path] | None = None):
        self.session, self.console, self.json, self.out = session, console, json, out
        self.answers = list(answers or [])
        self._answering: asyncio.Task | None = None
        self._counting: asyncio.Task | None = None
        self._recording = False  # TALK is down and the microphone records (told by TalkPressed)
        # A person at a terminal (not piped answers, not recordings, not JSON)
        # types whenever they like; piped lines answer the cues in turn.
        self.live = console.interactive and not json and not self.answers
        session.events.subscribe(self.on_event)

    def say(self, text: str) -> None:
        if not self.json:
            print(text, file=self.out, flush=True)

    def on_event(self, event) -> None:
        if self.json:
            print(event.model_dump_json(), file=self.out, flush=True)
        else:
            line = render(event)
            if line is not None:
                print(escape_controls(line), file=self.out, flush=True)
        if isinstance(event, ev.WentOnAir) and self.live:
            # A player at a terminal types whenever they like: read all along.
            self._answering = asyncio.create_task(self._read_on_air())
        elif isinstance(event, ev.CueOpened) and self.answers:
            self._answering = asyncio.create_task(self._say(self.answers.pop(0)))
        elif isinstance(event, ev.CueOpened):
            if not self.live:
                self._answering = asyncio.create_task(self._answer())
            if self.console.interactive and not self.json:
                self.say("  Type your answer and press Enter (/talk to speak it, /again to hear it "
                         "again, /skip to pass).")
                _cancel(self._counting)
                self._counting = asyncio.create_task(self._countdown(event.window_s))
        elif isinstance(event, (ev.TalkPressed, ev.AgainStarted)):
            self._recording = getattr(event, "recording", self._recording)
            _cancel(self._counting)  # the window stopped counting
        elif isinstance(event, ev.PlayerHeard):
            self._recording = False
            _cancel(self._counting)
            if not self.live:
                _cancel(self._answering)
        elif isinstance(event, (ev.MissionEnded, ev.SessionPaused)):
            _cancel(self._counting)
            _cancel(self._answering)

    async def _countdown(self, window_s: float) -> None:
        """A terminal player sees the answer window run out."""
        loop = asyncio.get_running_loop()
        opened = loop.time()
        for left in (5, 3):
            wait = window_s - left - (loop.time() - opened)
            if wait >= 0:
                await asyncio.sleep(wait)
                self.say(f"  ⏱ {left} s left…")

    async def _say(self, path: Path) -> None:
        """TALK down, the file "spoken", TALK up: the hearing path makes the answer."""
        self.say(f"  🎙 saying {path.name}")
        if not await self.session.answer_wav(path) and self.session.cue_open:
            self.session.skip()  # not heard, and nobody types here: the cue lapses

    async def _read_on_air(self) -> None:
        """Every line typed on air: an answer now, one kept for the next
        question while a caller talks, or a command."""
        while True:
            line = await self.console.read()
            if line is None:
                if self.session.cue_open:
                    self.session.skip()
                return
            await self._command(line)

    async def _answer(self) -> None:
        """Piped input: each line answers the open cue (commands do not)."""
        while self.session.cue_open:
            line = await self.console.read()
            if line is None:
                self.session.skip()  # no more input: let the window lapse now
                return
            if not await self._command(line):
                return

    async def _command(self, line: str) -> bool:
        """Do what a typed line says; True when it was a command (not the answer)."""
        word = line.strip()
        if word == "/skip":
            if not self.session.skip():
                self.say("  Nobody is waiting for an answer.")
            return False
        if word == "/again":
            if not self.session.again():
                self.say("  /again replays a transmission while a caller waits for you.")
            return True
        if word == "/talk":
            await self._talk()
            return True
        if not self.session.answer(line) and not self.session.cue_open:
            self.say("  Nobody is on the air to answer yet.")
        return False

    async def _talk(self) -> None:
        """TALK down; with a microphone (--sound) the next Enter lets it go."""
        if not self.session.talk_down():
            self.say("  TALK does nothing now: wait for a caller to speak or to ask you.")
            return
        if not self._recording:
            self.say("  TALK is down (no microphone): type your answer and press Enter.")
            return
        self.say("  🎙 TALK is down, talking… press Enter when you are done.")
        await self.console.read()
        if not await self.session.talk_up() and self.session.cue_open:
            self.say("  Not heard: type your answer, or /talk again.")

    async def ask(self, prompt: str) -> str | None:
        if self.console.interactive and not self.json:
            print(prompt, end="", file=self.out, flush=True)
        return await self.console.read()


def _cancel(task: asyncio.Task | None) -> None:
    if task is not None and not task.done():
        task.cancel()


async def tune_in(session: Session, terminal: Terminal, mission: Mission, first: str | None) -> bool:
    """Tune until locked on. Returns False when input ran out first."""
    typed = first
    while True:
        if typed is None:
            typed = await terminal.ask("Tune to (MHz): ")
            if typed is None:
                terminal.say("✗ No frequency given: the radio stays on static.")
                return False
        try:
            if session.tune(mission, parse_frequency(typed)).locked:
                return True
        except FrequencyError as exc:
            terminal.say(f"  {exc}")
        typed = None


async def play_headless(session: Session, player: Player, options: PlayOptions,
                        out: TextIO = sys.stdout) -> int:
    console = Console()
    terminal = Terminal(session, console, json=options.json, out=out, answers=options.answers)
    terminal.say(f"Signed in as {player.callsign}.")

    if options.resume:
        mission = await session.resumable(player)
        if mission is None:
            terminal.say("✗ Nothing to resume: every mission of yours has had its debrief.")
            return EXIT_FAILED
        terminal.say(f"Resuming “{mission.brief.title}” (mission {mission.id}).")
    else:
        mission_id = await session.request_mission(player, seed=options.seed,
                                                   time_limit_s=options.time_limit_s)
        mission = await session.wait_until_ready(mission_id)
        if mission.status == "failed":
            return EXIT_FAILED
        if not await tune_in(session, terminal, mission, options.tune):
            return EXIT_FAILED
        mission = await session.join(mission.id)

    try:
        await session.play(mission.id)
    except asyncio.CancelledError:
        return EXIT_PAUSED
    return EXIT_OK

# SPDX-License-Identifier: GPL-3.0-or-later
"""How fast the radio answers, on real devices (a PulseAudio started here
with null sinks, as the tests do), tiny.en, 2 cores, every caller in Piper's
joe voice or (`--voices english`) the cast a player gets, mostly Kokoro:

- talk release → first caller audio out of the stream (the LineStarted
  event, which fires at the stream's output time), p50 and p95 (goal p50
  ≤ 450 ms, p95 ≤ 700 ms): the player answers every cue by voice and also
  cuts callers off (barge-in) until there are enough answers; the same
  again without the replies the director opened with a written pause (a
  Gap: static on purpose before the caller speaks);
- locked on → first audio: the player turns the dial onto the station over
  two seconds (the opening line is rendered meanwhile) and locks on; from
  that moment to the first audio out (goal ≤ 200 ms);
- underruns in a 5-minute mission (goal 0);
- the same release → first audio with the Gemini director against the local
  fake API with 300 ms to first token (goal p50 ≤ 800 ms);
- where the release → audio time goes, p50/p95 per stage: the end of the
  capture (release → the recording handed to the hearing path), the voice
  gate, whisper (what was left of it at the release: it starts while TALK
  is held once the voice stops), the show taking the answer (heard → PlayerHeard), and the
  rest together (the director's understanding and reply, the first voice
  chunk, the output buffer: PlayerHeard → first audio out);
- with `--busy`, all of it again with one core kept busy by another process
  (a player's machine is rarely idle).

Prints figures; asserts nothing.

    python bench/on_air.py [--minutes 5] [--answers 20] [--gemini-answers 8] [--busy] [--voices english]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmdesk.audio import devices  # noqa: E402
from fmdesk.audio.mic import Microphone  # noqa: E402
from fmdesk.audio.player import DevicePlayer  # noqa: E402
from fmdesk.director.gemini import GeminiDirector  # noqa: E402
from fmdesk.director.offline.director import OfflineDirector  # noqa: E402
from fmdesk.hearing.hearing import WhisperHearing  # noqa: E402
from fmdesk.memory import give_big_buffers_back  # noqa: E402
from fmdesk.session import events as ev  # noqa: E402
from fmdesk.session.clock import RealClock  # noqa: E402
from fmdesk.session.engine import Session  # noqa: E402
from fmdesk.session.voiced_air import VoicedAir  # noqa: E402
from fmdesk.store.database import Store  # noqa: E402
from fmdesk.store.embedded import EmbeddedServer  # noqa: E402
from fmdesk.voice.radio import RadioEffect  # noqa: E402
from fmdesk.voice.voicebox import VoiceBox, VoiceOptions  # noqa: E402
from tests.audio.conftest import SoundServer  # noqa: E402
from tests.fake_gemini import FakeGemini, Seen  # noqa: E402
from tests.hearing import hearing_set  # noqa: E402

TTFT_S = 0.3
TUNING_S, TUNING_STEPS = 2.0, 10  # how the bench's player turns the dial onto the station


class SlowFirstToken(FakeGemini):
    """The fake API's autopilot mission, with 300 ms to the first token of a batch."""

    def _auto(self, seen: Seen):
        reply = super()._auto(seen)
        return dataclasses.replace(reply, ttft_s=TTFT_S, chunk_delay_s=0.05) if seen.kind == "batch" else reply


class TimedHearing(WhisperHearing):
    """The hearing path, noting when each recording reached it and what its
    gate and whisper took (the Heard it returns carries both)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.arrivals: list[float] = []
        self.heard: list = []

    async def hear(self, samples, rate, prompt=""):
        self.arrivals.append(time.monotonic())
        heard = await super().hear(samples, rate, prompt)
        self.heard.append(heard)
        return heard


STAGES = ("end of capture", "voice gate", "whisper", "answer taken", "director, voice, output")


class Run:
    """One mission on the devices, answered by voice; collects the timings."""

    def __init__(self, session: Session, sound: SoundServer, clips, hearing: TimedHearing, *, answers: int,
                 cut_in: bool):
        self.session, self.sound, self.clips, self.hearing = session, sound, clips, hearing
        self.wanted, self.cut_in = answers, cut_in
        self.released: float | None = None
        self.release_to_audio: list[float] = []
        # Replies the director opened with a written pause (a Gap: static on
        # purpose) before the caller's line: their time is mostly that pause.
        self.after_pause: list[float] = []
        self._paused = False
        self.stages: dict[str, list[float]] = {name: [] for name in STAGES}
        self._marks: dict[str, float] = {}
        self.ahead = 0            # answers whisper had started on before the release
        self.threads: list[int] = []  # whisper's threads on each answer (fmdesk/hearing/cores.py)
        self.joined: float | None = None
        self.first_audio: float | None = None
        self.lines_seen = 0
        self.busy = False
        self.tasks: list[asyncio.Task] = []
        session.events.subscribe(self.on_event)

    def on_event(self, event) -> None:
        now = time.monotonic()
        if isinstance(event, ev.VoiceHeard) and self.released is not None and self.hearing.heard:
            heard, arrived = self.hearing.heard[-1], self.hearing.arrivals[-1]
            self._marks = {"arrived": arrived, "heard": now, "gate": heard.gate_ms / 1000,
                           "whisper": heard.whisper_ms / 1000, "ahead": heard.ahead,
                           "threads": heard.whisper_threads}
        elif isinstance(event, ev.PlayerHeard) and self._marks:
            self._marks["understood"] = now
        elif isinstance(event, ev.GapStarted) and self.released is not None:
            self._paused = True
        if isinstance(event, ev.LineStarted):
            if self.first_audio is None:
                self.first_audio = now
            if self.released is not None:
                self.release_to_audio.append(now - self.released)
                if self._paused:
                    self.after_pause.append(now - self.released)
                self._paused = False
                marks = self._marks
                if {"arrived", "heard", "understood"} <= marks.keys():
                    self.stages["end of capture"].append(marks["arrived"] - self.released)
                    self.stages["voice gate"].append(marks["gate"])
                    self.stages["whisper"].append(marks["whisper"])
                    self.stages["answer taken"].append(marks["understood"] - marks["heard"])
                    self.stages["director, voice, output"].append(now - marks["understood"])
                    self.ahead += bool(marks["ahead"])
                    self.threads.append(marks["threads"])
                self.released = None
                self._marks = {}
            self.lines_seen += 1
            enough = len(self.release_to_audio) >= self.wanted
            if self.cut_in and not self.busy and not enough and self.lines_seen % 3 == 0:
                self._start(cut=True)
        elif isinstance(event, ev.CueOpened) and event.hint and not self.busy:
            self._start(cut=False)

    def _start(self, cut: bool) -> None:
        self.busy = True
        self.tasks.append(asyncio.ensure_future(self._answer(cut)))

    async def _answer(self, cut: bool) -> None:
        try:
            await asyncio.sleep(1.0 if cut else 0.3)
            if not self.session.talk_down():
                return
            clip = self.clips[len(self.release_to_audio) % len(self.clips)]
            await asyncio.to_thread(self.sound.say_into_mic(clip.path).wait)
            await asyncio.sleep(0.15)
            self.released = time.monotonic()
            self._marks = {}
            await self.session.talk_up()
        finally:
            self.busy = False


def _session(store, director, voices, hearing) -> tuple[Session, DevicePlayer]:
    clock = RealClock()
    player = DevicePlayer(bed=lambda seconds, rate: RadioEffect(rate, 0.7).static(seconds))
    air = VoicedAir(clock, voices, player)
    return Session(store, director, clock=clock, air=air, answer_window_s=10.0, poll_interval_s=0.2,
                   hearing=hearing, mic=Microphone()), player


async def mission(store, director, voices, hearing, sound, *, seconds: int, answers: int, cut_in: bool):
    session, player = _session(store, director, voices, hearing)
    clips = [c for c in hearing_set.speech("clean") if c.voice == "piper"]
    run = Run(session, sound, clips, hearing, answers=answers, cut_in=cut_in)
    signed = await session.sign_in("BENCH-1")
    mission_id = await session.request_mission(signed, seed=4, time_limit_s=seconds)
    mission = await session.wait_until_ready(mission_id)
    # The player turns the dial onto the station over two seconds, and locks on.
    station = mission.brief.frequency_mhz
    for step in range(TUNING_STEPS, 0, -1):
        session.tune(mission, station - 0.1 * step)
        await asyncio.sleep(TUNING_S / TUNING_STEPS)
    session.tune(mission, station)
    run.joined = time.monotonic()
    await session.join(mission_id)
    play = asyncio.ensure_future(session.play(mission_id))
    done, _ = await asyncio.wait({play}, timeout=seconds + 90)
    if not done:  # stuck: say where, and go on with the figures so far
        print(f"! the {director.name} mission did not end in time; its tasks:", file=sys.stderr)
        for task in asyncio.all_tasks():
            task.print_stack(limit=8, file=sys.stderr)
        play.cancel()
        await asyncio.gather(play, return_exceptions=True)
    await asyncio.gather(*run.tasks, return_exceptions=True)
    await session.close()
    return run, player


def _figures(label: str, values: list[float], goal: str) -> None:
    if not values:
        print(f"  {label}: no answers")
        return
    ms = sorted(v * 1000 for v in values)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"  {label}: p50 {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms "
          f"over {len(ms)} answers ({goal})")


def _paused(run: Run) -> None:
    """The same without the replies the director opened with a written pause."""
    if run.after_pause:
        straight = list(run.release_to_audio)
        for value in run.after_pause:
            straight.remove(value)
        _figures(f"  without the {len(run.after_pause)} replies opened by a written pause (static on purpose)",
                 straight, "the same goal")
        _figures("  those replies", run.after_pause, "mostly the pause")


def _stages(run: Run) -> None:
    print("  where it goes (p50 / p95 ms):")
    for name in STAGES:
        ms = sorted(v * 1000 for v in run.stages[name])
        if ms:
            p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
            print(f"    {name:<28} {statistics.median(ms):6.0f} / {p95:6.0f}")
    print(f"    whisper had started before the release on {run.ahead} of {len(run.stages['whisper'])} answers")
    used = ", ".join(f"{n} thread{'s' * (n != 1)} on {run.threads.count(n)}" for n in sorted(set(run.threads)))
    print(f"    whisper's threads, chosen from the cores other programs left: {used or '-'}")


def busy_core() -> subprocess.Popen:
    """Another process that keeps one core busy (a spinning loop)."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


async def main(args) -> None:
    give_big_buffers_back()  # as the fmdesk command does (fmdesk/memory.py)
    label = "one core kept busy by another process" if args.busy else "nothing else running"
    burner = busy_core() if args.busy else None
    try:
        await _main(args, label)
    finally:
        if burner:
            burner.kill()
            burner.wait()


async def _main(args, label: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="fmdesk-bench-"))
    sound = SoundServer(work / "pulse")
    sound.start()
    os.environ.update(XDG_RUNTIME_DIR=sound.env["XDG_RUNTIME_DIR"], PULSE_SERVER=sound.env["PULSE_SERVER"])
    devices.refresh()
    server = EmbeddedServer(work / "db")
    server.start()
    store = Store(server.uri, database="bench")
    await store.connect()
    if args.voices == "piper":
        voices = VoiceBox.build(VoiceOptions(kokoro=False))  # every caller in Piper's joe voice
    else:  # the cast a player gets: Piper's joe and the English Kokoro voices
        voices = VoiceBox.build(VoiceOptions(cache_dir=work / "voices"))
    hearing = TimedHearing(work / "models", threads=2)
    hearing.gives_way = voices  # as the app composes it (fmdesk/app.py)
    await asyncio.to_thread(hearing.load)
    fake = SlowFirstToken(autopilot=True).start()
    try:
        offline, player = await mission(store, OfflineDirector(), voices, hearing, sound,
                                        seconds=int(args.minutes * 60), answers=args.answers, cut_in=True)
        gemini, _ = await mission(store, GeminiDirector(fake.key, base_url=fake.url), voices, hearing, sound,
                                  seconds=120, answers=args.gemini_answers, cut_in=False)
    finally:
        fake.stop()
        await store.close()
        server.stop()
        voices.close()
        await hearing.close()
        sound.stop()
    engines = "Piper's joe voice" if args.voices == "piper" else "the English cast (Kokoro and Piper's joe)"
    print(f"on real devices (PulseAudio null sinks), {engines}, tiny.en, {os.cpu_count()} cores; {label}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"offline director, a {args.minutes:g}-minute mission:")
    _figures("talk release → first caller audio", offline.release_to_audio, "goal p50 ≤ 450 ms, p95 ≤ 700 ms")
    _paused(offline)
    _stages(offline)
    join = (offline.first_audio - offline.joined) * 1000 if offline.first_audio else float("nan")
    print(f"  locked on → first audio: {join:.0f} ms (goal ≤ 200 ms)")
    print(f"  underruns: {player.underruns} (goal 0)")
    print(f"Gemini director, fake API with {TTFT_S * 1000:.0f} ms to first token, a 2-minute mission:")
    _figures("talk release → first caller audio", gemini.release_to_audio, "goal p50 ≤ 800 ms")
    _paused(gemini)
    _stages(gemini)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--gemini-answers", type=int, default=8)
    parser.add_argument("--busy", action="store_true", help="keep one core busy with another process")
    parser.add_argument("--voices", choices=("piper", "english"), default="piper",
                        help="piper: every caller in joe's voice; english: the cast a player gets (mostly Kokoro)")
    asyncio.run(main(parser.parse_args()))

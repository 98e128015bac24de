# SPDX-License-Identifier: GPL-3.0-or-later
"""Time from the end of the player's answer to the first words ready for the
voice (a line's first piece, handed on before its JSON object closes) and to
the first whole line, Gemini director, streamed vs. waiting for the whole batch.

The local fake Gemini API (tests/fake_gemini.py) answers a 10-segment batch
with 300 ms to first token and 50 tokens/s (about 4 characters a token),
after thinking for as long as the requested thinking level costs it (the
fake's scale: minimal 0, low 0.2 s, medium 0.8 s, high 2 s) and with two
thought parts before the text, as a thinking model streams them. It reports
the time to the first voiced line at each thinking setting.
Goal: streaming at least 3x faster to the first line. Prints figures only.

    python bench/gemini_first_segment.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmdesk.core.context import DialogueContext  # noqa: E402
from fmdesk.core.mission import Brief  # noqa: E402
from fmdesk.core.segments import Line  # noqa: E402
from fmdesk.core.turns import Turn  # noqa: E402
from fmdesk.director.gemini import GeminiDirector  # noqa: E402
from tests.fake_gemini import AUTO_BRIEF, FakeGemini, stream_reply  # noqa: E402

TTFT_S, TOKENS_PER_S, CHARS_PER_TOKEN, TOKENS_PER_CHUNK = 0.3, 50, 4, 4

LINES = [
    "Base, Vera. We're through the first crevasse field, rope still tight. Over.",
    "Copy that. Jonah here, the snow bridge ahead looks thin, I don't like it at all.",
    "Relay code is three one four, repeat, three one four. Log it, base.",
    "Wind is backing north-east, gusting thirty. Visibility maybe twenty metres.",
    "I can see the marker wands on the left, but half of them are buried.",
    "Vera, hold. I heard the ice crack under my left crampon. Holding still.",
    "Easy, Jonah. Breathe. We go one step at a time, like we trained.",
    "Base, we need your call on the route: the wands or the ridge line?",
]


def batch_text() -> str:
    segments = [{"kind": "line", "speaker": "Vera Holt" if i % 2 == 0 else "Jonah Pike", "text": t}
                for i, t in enumerate(LINES)]
    segments.insert(3, {"kind": "gap", "seconds": 2.0})
    segments.append({"kind": "cue", "speaker": "Vera Holt", "hint": "Wands or ridge?"})
    return json.dumps(segments)


THOUGHTS = ["The player asked to go on; Vera should report the crevasse field first.",
            "End on the route question: wands or ridge."]


async def first_segment(fake: FakeGemini, stream: bool, thinking: str = "lowest") -> tuple[float, float, float]:
    director = GeminiDirector(fake.key, base_url=fake.url, stream=stream, thinking=thinking)
    fake.add(stream_reply(batch_text(), chars=CHARS_PER_TOKEN * TOKENS_PER_CHUNK, ttft_s=TTFT_S,
                          chunk_delay_s=TOKENS_PER_CHUNK / TOKENS_PER_S, thoughts=THOUGHTS))
    context = DialogueContext(
        brief=Brief.model_validate(AUTO_BRIEF), callsign="NOVA-7", seed=1, elapsed_s=30.0,
        turns=(Turn(seq=0, kind="player", speaker="PLAYER", text="copy, go ahead", t=20.0,
                    at=datetime.now(timezone.utc)),))
    started = time.perf_counter()
    first = whole = None
    async for segment in director.write_segments(context):
        # The voice can start on the first thing written: a line's first piece (Begun) or a line.
        first = first or time.perf_counter() - started
        if whole is None and isinstance(segment, Line):
            whole = time.perf_counter() - started
    return first, whole, time.perf_counter() - started


async def main(runs: int) -> None:
    fake = FakeGemini().start()
    try:
        results = {}
        for stream in (True, False):
            results[stream] = [await first_segment(fake, stream) for _ in range(runs)]
        levels = {level: [await first_segment(fake, True, level) for _ in range(runs)]
                  for level in ("lowest", "low", "medium", "high")}
    finally:
        fake.stop()
    tokens = len(batch_text()) / CHARS_PER_TOKEN
    print(f"batch: {len(LINES) + 2} segments, ~{tokens:.0f} tokens; fake API: "
          f"{TTFT_S * 1000:.0f} ms to first token, {TOKENS_PER_S} tokens/s; {runs} runs each")
    for stream, label in ((True, "streamed"), (False, "whole batch")):
        firsts = [f for f, _, _ in results[stream]]
        wholes = [w for _, w, _ in results[stream]]
        totals = [t for _, _, t in results[stream]]
        print(f"  {label:<12} first words to voice p50 {statistics.median(firsts) * 1000:6.0f} ms   "
              f"first line whole p50 {statistics.median(wholes) * 1000:6.0f} ms   "
              f"batch done p50 {statistics.median(totals) * 1000:6.0f} ms")
    speedup = statistics.median(f for f, _, _ in results[False]) / statistics.median(f for f, _, _ in results[True])
    print(f"  streaming is {speedup:.1f}x faster to the first line (goal >= 3x)")
    print("first voiced line by thinking setting (streamed; thought parts never voiced):")
    for level, got in levels.items():
        print(f"  {level:<7} p50 {statistics.median(f for f, _, _ in got) * 1000:6.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args().runs))

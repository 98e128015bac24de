# SPDX-License-Identifier: GPL-3.0-or-later
"""The shipped voices on this machine: how distinct the actors are, how
intelligible through the radio, how fast, how big.

- distinctness: median F0 and spectral centroid per actor (clean voice) over
  the same sentences;
- intelligibility: each actor through the radio at default strength, heard
  back by the hearing path: WER on 20 radio-drama sentences (goal ≤ 20%);
- speed: real-time factor per engine, and line ready → first audio for a
  12-word line (goal ≤ 300 ms with Piper);
- memory: peak RSS with every shipped voice loaded (goal ≤ 600 MB).

Prints figures; asserts nothing.

    python bench/voices.py [--sentences N] [--strength 0.7] [--threads 2]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmdesk.hearing.hearing import WhisperHearing  # noqa: E402
from fmdesk.voice.measure import median_f0, spectral_centroid  # noqa: E402
from fmdesk.voice.voicebox import OUTPUT_RATE, VoiceBox, VoiceOptions  # noqa: E402
from tests.hearing.scoring import wer  # noqa: E402

SENTENCES = [
    "Copy that, base. We are holding at the north gate.",
    "The convoy left the depot ten minutes ago.",
    "Do not cross the river until I give the signal.",
    "I see smoke rising behind the old water tower.",
    "Say again, you are breaking up.",
    "The generator is down and the lights are out.",
    "We found three survivors in the east wing.",
    "Keep the channel clear for the rescue team.",
    "The storm will reach the harbour within the hour.",
    "Tell the pilot to circle once and then land.",
    "Our scout has not reported back since midnight.",
    "The bridge is closed, take the mountain road instead.",
    "I need the code for the second door, over.",
    "Two trucks are parked outside the warehouse.",
    "Hold your position and wait for my call.",
    "The doctor says the fever is spreading fast.",
    "We are running low on fuel and water.",
    "The signal came from somewhere near the lighthouse.",
    "Move the patients to the school gym now.",
    "This is the last message before we go silent.",
]
TWELVE_WORDS = "Nova, the north gate is clear, move the convoy through before the storm."


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=len(SENTENCES))
    parser.add_argument("--strength", type=float, default=0.7)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    sentences = SENTENCES[: args.sentences]
    cache = Path(tempfile.mkdtemp(prefix="fmdesk-bench-voices-"))
    box_threads = args.threads
    box = VoiceBox.build(VoiceOptions(cache_dir=cache, radio_strength=args.strength, threads=box_threads))
    before = rss_mb()
    started = time.perf_counter()
    await box.load(list(box.actors))
    print(f"{len(box.actors)} actors, engines loaded in {time.perf_counter() - started:.1f} s; "
          f"peak RSS {rss_mb():.0f} MB (before loading {before:.0f} MB)")

    # Line ready -> first audio, 12 words, each engine (warm).
    print("\nline ready → first audio (12-word line, warm engine):")
    for actor in ("joe", "kumo"):
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            async for _piece in box.stream(actor, TWELVE_WORDS):
                times.append(time.perf_counter() - t0)
                break
            await asyncio.sleep(1.5)  # let the rest of the line finish rendering
        print(f"  {actor:<12} p50 {statistics.median(times) * 1000:.0f} ms  max {max(times) * 1000:.0f} ms")

    print(f"\n{'actor':<12} {'engine':<24} {'F0 Hz':>6} {'centroid':>9} {'RTF':>5}")
    rtf_by_engine: dict[str, list[float]] = {}
    on_air: dict[str, list[np.ndarray]] = {}
    for actor in box.actors.values():
        f0s, centroids = [], []
        render_s = audio_s = 0.0
        for sentence in sentences:
            t0 = time.perf_counter()
            clean = await asyncio.to_thread(box.speak_clean, actor, sentence)
            render_s += time.perf_counter() - t0
            audio_s += len(clean) / OUTPUT_RATE
            f0s.append(median_f0(clean, OUTPUT_RATE))
            centroids.append(spectral_centroid(clean, OUTPUT_RATE))
            radio = box.radio.transmission(clean)
            on_air.setdefault(actor.name, []).append((np.clip(radio, -1, 1) * 32767).astype(np.int16))
        rtf = render_s / audio_s
        rtf_by_engine.setdefault(actor.engine.split(":")[0], []).append(rtf)
        print(f"{actor.name:<12} {actor.engine:<24} {statistics.median(f0s):>6.0f} "
              f"{statistics.median(centroids):>9.0f} {rtf:>5.2f}")
    print(f"\nreal-time factor by engine (render time / audio time, {box_threads} threads):")
    for engine, rtfs in rtf_by_engine.items():
        print(f"  {engine:<8} {statistics.median(rtfs):.2f}")
    print(f"peak RSS with every shipped voice loaded and used: {rss_mb():.0f} MB (goal ≤ 600 MB)")
    box.close()

    hearing = WhisperHearing(cache / "models")
    await hearing.start()
    print(f"\nintelligibility through the radio at strength {args.strength} (hearing path, tiny.en):")
    for name, pieces in on_air.items():
        heard = [(await hearing.hear(p.astype(np.float32) / 32767, OUTPUT_RATE)).text for p in pieces]
        print(f"  {name:<12} WER {wer(sentences, heard):6.1%}")
    await hearing.close()


if __name__ == "__main__":
    asyncio.run(main())

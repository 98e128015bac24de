# SPDX-License-Identifier: GPL-3.0-or-later
"""The hearing path on the committed test set: word error rate, blank-gate
verdicts, and release → text latency (goal: p50 ≤ 500 ms for a ~3 s answer).

Runs WhisperHearing exactly as the session does (gate, trimmed window, beam
search, the mission's spelling prompt) on this machine's cores. Prints
figures; asserts nothing.

    python bench/hearing.py [--model PATH] [--threads N] [--show]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmdesk.hearing.audio import read_wav  # noqa: E402
from fmdesk.hearing.hearing import WhisperHearing  # noqa: E402
from tests.hearing import hearing_set  # noqa: E402
from tests.hearing.scoring import normalise, wer  # noqa: E402


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="", help="a ggml file (default: tiny.en made from the package)")
    parser.add_argument("--models-dir", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print every miss")
    parser.add_argument("--no-prompt", action="store_true", help="leave out the mission's spelling prompt")
    args = parser.parse_args()
    folder = args.models_dir or Path(tempfile.mkdtemp(prefix="fmdesk-bench-"))
    hearing = WhisperHearing(folder, model=args.model, threads=args.threads)
    started = time.perf_counter()
    await hearing.start()
    print(f"model {hearing.model_path} ready in {time.perf_counter() - started:.1f} s "
          f"(conversion and check included when it had to be made)")
    prompt = "" if args.no_prompt else hearing_set.prompt()

    latencies: list[tuple[float, float]] = []
    for condition in ("clean", "noisy"):
        for voice in ("espeak", "piper", None):
            refs, hyps = [], []
            for clip in hearing_set.speech(condition):
                if voice and clip.voice != voice:
                    continue
                samples, rate = read_wav(clip.path)
                t0 = time.perf_counter()
                heard = await hearing.hear(samples, rate, prompt)
                latencies.append((heard.audio_s, (time.perf_counter() - t0) * 1000))
                refs.append(clip.text)
                hyps.append(heard.text)
                if args.show and voice and normalise(heard.text) != normalise(clip.text):
                    print(f"    {clip.path.name}: {clip.text!r} -> {heard.text!r}")
            print(f"WER {condition:<5} {voice or 'all':<6} {wer(refs, hyps):.3f}  ({len(refs)} answers)")

    transcripts = 0
    for clip in hearing_set.noise():
        samples, rate = read_wav(clip.path)
        heard = await hearing.hear(samples, rate, prompt)
        transcripts += bool(heard.text)
        print(f"  not speech {clip.path.stem:<22} gate={'VOICE' if heard.speech else 'blank'} "
              f"vad_max={heard.vad_max:.2f} text={heard.text!r}")
    print(f"not-speech clips with a transcript: {transcripts} of {len(hearing_set.noise())}")

    around_3s = [ms for seconds, ms in latencies if 2.0 <= seconds <= 4.0]
    print(f"release → text, {len(around_3s)} answers of 2-4 s: p50 {statistics.median(around_3s):.0f} ms, "
          f"p90 {statistics.quantiles(around_3s, n=10)[-1]:.0f} ms, max {max(around_3s):.0f} ms "
          f"({args.threads} threads)")
    await hearing.close()


if __name__ == "__main__":
    asyncio.run(main())

# SPDX-License-Identifier: GPL-3.0-or-later
"""The hearing path on the committed test set: word error rate, blank-gate
verdicts, and release → text latency (goal: p50 ≤ 500 ms for a ~3 s answer).

Runs WhisperHearing exactly as the session does (gate, trimmed window, beam
search, the mission's spelling prompt) on this machine's cores. Prints
figures; asserts nothing.

    python bench/hearing.py [--model PATH] [--threads N] [--show] [--set DIR]

--set reads another set laid out the same way (bench/hearing_dev_set.py
makes one, with each answer's own mission prompt); settings are tuned
there, and this committed set only reports.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmdesk.hearing.audio import read_wav  # noqa: E402
from fmdesk.hearing.hearing import WhisperHearing  # noqa: E402
from fmdesk.memory import give_big_buffers_back  # noqa: E402
from tests.hearing import hearing_set  # noqa: E402
from tests.hearing.scoring import normalise, wer  # noqa: E402


def speech_clips(root: Path | None) -> list[tuple[Path, str, str, str, str]]:
    """(path, text, voice, condition, prompt) for every speech clip of a set."""
    if root is None:
        prompt = hearing_set.prompt()
        return [(c.path, c.text, c.voice, c.condition, prompt) for c in hearing_set.speech()]
    manifest = json.loads((root / "manifest.json").read_text())
    return [(root / i["file"], i["text"], i["voice"].split(":")[0], i["condition"],
             i.get("prompt", manifest.get("prompt", ""))) for i in manifest["speech"]]


async def main() -> None:
    give_big_buffers_back()  # as the fmdesk command does (fmdesk/memory.py)
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="", help="a ggml file (default: tiny.en made from the package)")
    parser.add_argument("--models-dir", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print every miss")
    parser.add_argument("--no-prompt", action="store_true", help="leave out the mission's spelling prompt")
    parser.add_argument("--set", type=Path, default=None, help="another set (default: tests/data/hearing)")
    args = parser.parse_args()
    folder = args.models_dir or Path(tempfile.mkdtemp(prefix="fmdesk-bench-"))
    hearing = WhisperHearing(folder, model=args.model, threads=args.threads)
    started = time.perf_counter()
    await hearing.start()
    print(f"model {hearing.model_path} ready in {time.perf_counter() - started:.1f} s "
          f"(conversion and check included when it had to be made)")
    clips = speech_clips(args.set)
    latencies: list[tuple[float, float]] = []
    results = []  # (text, voice, condition, heard, raw)
    for path, text, voice, condition, prompt in clips:
        samples, rate = read_wav(path)
        await hearing.ready()  # a player's answers are seconds apart: the next state is made by then
        t0 = time.perf_counter()
        heard = await hearing.hear(samples, rate, "" if args.no_prompt else prompt)
        latencies.append((heard.audio_s, (time.perf_counter() - t0) * 1000))
        results.append((text, voice, condition, heard.text, heard.heard_as))
        if args.show and normalise(heard.text) != normalise(text):
            print(f"    {path.name}: {text!r} -> {heard.text!r}")
    for condition in ("clean", "noisy"):
        mine = [r for r in results if r[2] == condition]
        for voice in sorted({r[1] for r in mine}):
            of = [r for r in mine if r[1] == voice]
            print(f"WER {condition:<5} {voice:<14} {wer([r[0] for r in of], [r[3] for r in of]):.3f}  "
                  f"({len(of)} answers)")
        print(f"WER {condition:<5} {'all':<14} {wer([r[0] for r in mine], [r[3] for r in mine]):.3f}  "
              f"({len(mine)} answers; {wer([r[0] for r in mine], [r[4] for r in mine]):.3f} before names "
              f"were respelled)")
    changed = [(wer([r[0]], [r[4]]), wer([r[0]], [r[3]])) for r in results if r[3] != r[4]]
    print(f"respelled: {len(changed)} transcripts, {sum(a > b for a, b in changed)} better, "
          f"{sum(a < b for a, b in changed)} worse")

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

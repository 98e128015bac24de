# SPDX-License-Identifier: GPL-3.0-or-later
"""A development set for the hearing path, apart from the committed test set.

Tune on this, report on tests/data/hearing: settings chosen by looking at the
test set's misses would only fit those 88 clips. Answers are made from the
offline director's own missions (its names, places and the choices its
callers ask for), each with the spelling prompt that mission really hands
whisper, said by espeak-ng (several voices and speeds) and by every shipped
actor, clean and with the same radio noise as the test set at 10 dB SNR.

    python bench/hearing_dev_set.py OUT_DIR [--missions 16]

Then: python bench/hearing.py --set OUT_DIR
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmdesk.app import App  # noqa: E402
from fmdesk.config import Settings  # noqa: E402
from fmdesk.core.spelling import spelling_prompt  # noqa: E402
from fmdesk.director.base import BriefRequest  # noqa: E402
from fmdesk.director.offline.director import OfflineDirector, plan_mission  # noqa: E402
from fmdesk.hearing.audio import load_16k, to_mono_16k, write_wav  # noqa: E402
from fmdesk.voice.voicebox import OUTPUT_RATE  # noqa: E402
from tests.data.make_hearing_set import pad, with_radio_noise  # noqa: E402

ESPEAK_VOICES = (("en-us", 150), ("en", 140), ("en-us+m3", 165), ("en-us+f3", 150), ("en-gb-x-rp", 155),
                 ("en-us+f2", 140))

TEMPLATES = (
    "{name}, do you read me",
    "copy that {first}, we are moving",
    "{first}, stay where you are",
    "the code is {code}",
    "{option}",
    "go with {option}",
    "yes, do it now",
    "no, wait for my call",
    "negative {first}, hold your position",
    "roger {name}, say again",
    "{first}, get to {place}",
)


def answers_for(seed: int, rng: random.Random) -> tuple[str, list[str]]:
    plan = plan_mission(seed, "NOVA-7")
    brief = asyncio.run(OfflineDirector().write_brief(BriefRequest(callsign="NOVA-7", seed=seed)))
    names = list(plan.names.values())
    places = [v for k, v in plan.values.items()
              if k in plan.story.vars] or [plan.values["title"]]
    options = [o.strip(" ?.").lower() for scene in plan.story.scenes
               for o in plan.render(scene.hint).split(" or ") if 1 < len(o.split()) <= 4]
    out = []
    for template in rng.sample(TEMPLATES, 5):
        name = rng.choice(names)
        out.append(template.format(name=name, first=name.split()[0], place=rng.choice(places),
                                   code=" ".join(rng.choice("123456789") for _ in range(4)),
                                   option=rng.choice(options) if options else "the north gate"))
    return spelling_prompt(brief), out


def espeak(text: str, voice: str, speed: int) -> np.ndarray:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "say.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path), text], check=True)
        return load_16k(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--missions", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(20261125)
    noise_rng = np.random.default_rng(20261125)
    box = App(Settings()).voices()
    actors = list(box.actors.values()) if box else []
    (args.out / "speech").mkdir(parents=True, exist_ok=True)
    manifest = {"speech": [], "noise": []}
    index = 0
    for seed in range(100, 100 + args.missions):
        prompt, answers = answers_for(seed, rng)
        for text in answers:
            if index % 2 == 0 or not actors:
                voice, speed = ESPEAK_VOICES[(index // 2) % len(ESPEAK_VOICES)]
                audio, who = espeak(text, voice, speed), f"espeak:{voice}"
            else:
                actor = actors[(index // 2) % len(actors)]
                audio, who = to_mono_16k(box.speak_clean(actor, text), OUTPUT_RATE), actor.name
            clean = pad(audio)
            for condition, clip in (("clean", clean), ("noisy", with_radio_noise(clean, 10.0, noise_rng))):
                name = f"speech/{index:03d}-{condition}.wav"
                write_wav(args.out / name, clip)
                manifest["speech"].append({"file": name, "text": text, "voice": who, "condition": condition,
                                           "prompt": prompt})
            index += 1
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"{index} answers, {len(manifest['speech'])} clips in {args.out}")
    if box:
        box.close()


if __name__ == "__main__":
    main()

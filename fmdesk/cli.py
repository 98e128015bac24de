# SPDX-License-Identifier: GPL-3.0-or-later
"""The `fmdesk` command: play, missions, replay, config."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path

from fmdesk import __version__, hearing_cli, voice_cli
from fmdesk.app import App
from fmdesk.audio.wav_out import WavOutError
from fmdesk.config import ConfigError, config_path, describe, load_settings, save_setting
from fmdesk.core.player import CallsignError, normalize_callsign
from fmdesk.director.base import DirectorError
from fmdesk.headless.play import EXIT_FAILED, EXIT_PAUSED, PlayOptions, play_headless
from fmdesk.headless.render import escape_controls
from fmdesk.session.library import transcript_text
from fmdesk.hearing.hearing import HearingError
from fmdesk.keys import forget_gemini_key, gemini_key_source, store_gemini_key
from fmdesk.memory import give_big_buffers_back
from fmdesk.store.errors import StoreError
from fmdesk.store.uri import MaskPasswords, mask_uri


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fmdesk", description="A desktop radio drama.")
    parser.add_argument("--version", action="version", version=f"fmdesk {__version__}")
    parser.add_argument("--mongo-uri", help="a mongodb:// or mongodb+srv:// URI (default: embedded server)")
    parser.add_argument("--data-dir", help="where fmdesk keeps its data (default: the user data dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command")

    play = sub.add_parser("play", help="play a mission (the default)")
    play.add_argument("--headless", action="store_true", help="play in the terminal")
    play.add_argument("--callsign", help="your callsign (created on first use)")
    play.add_argument("--director", choices=["offline", "gemini"],
                      help="who writes the story (gemini needs an API key)")
    play.add_argument("--seed", type=int, help="reproduce a mission exactly (offline director)")
    play.add_argument("--time-limit", type=int, metavar="SECONDS", help="mission length")
    play.add_argument("--tune", metavar="MHZ", help="tune to this frequency instead of asking")
    play.add_argument("--fast", action="store_true", help="virtual time: lines and gaps are not waited")
    play.add_argument("--resume", action="store_true", help="continue your last unfinished mission")
    play.add_argument("--json", action="store_true", help="print events as JSON lines")
    play.add_argument("--answers-dir", type=Path, metavar="DIR",
                      help="(headless) at each cue, say the next WAV file of DIR through the hearing path")
    play.add_argument("--sound", action="store_true",
                      help="(headless) callers through the speakers (answers are still typed)")
    play.add_argument("--wav-out", type=Path, metavar="FILE",
                      help="(headless) voice the whole mission into one WAV file, no sound device needed")

    missions = sub.add_parser("missions", help="list past missions")
    missions.add_argument("--callsign", help="only this player's missions")
    missions.add_argument("--limit", type=int, default=20)
    missions.add_argument("--json", action="store_true")

    replay = sub.add_parser("replay", help="print a mission's transcript")
    replay.add_argument("mission_id")
    replay.add_argument("--json", action="store_true")

    config = sub.add_parser("config", help="show or change settings")
    config_sub = config.add_subparsers(dest="action")
    config_sub.add_parser("show", help="the effective settings (the default)")
    config_sub.add_parser("path", help="where the config file is")
    setter = config_sub.add_parser("set", help="set a setting, e.g. mongo.uri")
    setter.add_argument("key")
    setter.add_argument("value")
    config_sub.add_parser("set-key", help="keep a Gemini API key in the system keyring")
    config_sub.add_parser("forget-key", help="remove the Gemini API key from the keyring")
    hearing_cli.add_parsers(sub)
    voice_cli.add_parsers(sub)
    doctor = sub.add_parser("doctor", help="check this machine: what fmdesk needs, and the fix for what is missing")
    doctor.add_argument("--online", action="store_true", help="also try the Gemini key (one cheap call)")
    return parser


def main(argv: list[str] | None = None) -> int:
    give_big_buffers_back()  # before any model is loaded (fmdesk/memory.py)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `fmdesk` alone plays
        args = parser.parse_args([*(sys.argv[1:] if argv is None else argv), "play"])
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        handler.addFilter(MaskPasswords())  # no password reaches a log line
    command = args.command
    try:
        if command == "config":
            return _config(args)
        overrides = {"mongo.uri": args.mongo_uri, "data_dir": args.data_dir,
                     "director.name": getattr(args, "director", None)}
        settings = load_settings(overrides)
        if command in ("transcribe", "models"):
            return hearing_cli.run(args, settings)
        if command in ("voices", "say", "devices"):
            return voice_cli.run(args, settings)
        if command == "doctor":
            from fmdesk import doctor

            report = doctor.run(settings, online=args.online)
            print(report.text())
            return 0 if report.healthy else EXIT_FAILED
        if getattr(args, "answers_dir", None) or getattr(args, "wav_out", None):
            args.headless = True
        if command == "play" and not getattr(args, "headless", False):
            if _display_available():
                return _window(settings, overrides)
            print("(no display found: playing in the terminal; --headless skips this check)",
                  file=sys.stderr)
            args.headless = True
        if command == "play":
            return _run(_play(args, settings))
        if command == "missions":
            return _run(_missions(args, settings))
        return _run(_replay(args, settings))
    except (ConfigError, CallsignError) as exc:
        print(f"✗ {mask_uri(str(exc))}", file=sys.stderr)
        return 2
    except (HearingError, WavOutError) as exc:
        print(f"✗ {mask_uri(exc.message)}", file=sys.stderr)
        return EXIT_FAILED


def _run(coro) -> int:
    try:
        return asyncio.run(coro)
    except KeyboardInterrupt:
        return EXIT_PAUSED
    except (StoreError, DirectorError) as exc:
        print(f"✗ {mask_uri(exc.message)}", file=sys.stderr)
        return EXIT_FAILED


def _display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _window(settings, overrides: dict) -> int:
    try:
        from fmdesk.app import WindowServices
        from fmdesk.ui.run import run_window
    except ImportError as exc:
        print(f"✗ The radio window needs PySide6 and qasync ({exc}). Play with --headless.",
              file=sys.stderr)
        return EXIT_FAILED
    return run_window(WindowServices(settings, overrides))


DEFAULT_CALLSIGN = "BASE-1"


def _callsign(args, settings) -> str:
    if getattr(args, "callsign", None):
        return normalize_callsign(args.callsign)
    if settings.last_callsign:
        return settings.last_callsign
    if sys.stdin.isatty():
        return normalize_callsign(input("Callsign: "))
    # No terminal to ask on (piped input, a launcher): play on, and say so.
    print(f"No callsign given: playing as {DEFAULT_CALLSIGN} (choose one with --callsign).", file=sys.stderr)
    return DEFAULT_CALLSIGN


async def _play(args, settings) -> int:
    callsign = _callsign(args, settings)
    answers = _answer_files(args.answers_dir) if args.answers_dir else None
    async with App(settings) as app:
        app.hearing_progress = hearing_cli.Bar("Making the speech model")
        session = app.session(fast=args.fast, wav_out=args.wav_out, sound=args.sound)
        for notice in app.notices:
            print(f"⚠ {notice}", file=sys.stderr)
        if answers is not None:
            if session.hearing is None:
                raise ConfigError("--answers-dir needs hearing: fmdesk config set hearing.enabled true")
            print("Loading the speech model…", file=sys.stderr)
            await session.hearing.start()
        player = await session.sign_in(callsign)
        if callsign != settings.last_callsign:
            save_setting("last_callsign", callsign)
        options = PlayOptions(tune=args.tune, seed=args.seed, time_limit_s=args.time_limit,
                              resume=args.resume, json=args.json, answers=answers)
        try:
            return await play_headless(session, player, options)
        finally:
            await session.close()


def _answer_files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("*.wav")) if folder.is_dir() else []
    if not files:
        raise ConfigError(f"No .wav files in {folder} to answer with.")
    return files


async def _missions(args, settings) -> int:
    async with App(settings) as app:
        player_id = await app.store.sign_in(normalize_callsign(args.callsign)) if args.callsign else None
        missions = await app.store.missions(player_id, limit=args.limit)
    if args.json:
        for m in missions:
            print(m.model_dump_json())
        return 0
    if not missions:
        print("No missions yet. Play one with: fmdesk play --headless")
        return 0
    for m in missions:
        title = m.brief.title if m.brief else (m.error or m.status)
        if m.play.outcome:
            state = "accomplished" if m.play.outcome.success else "failed"
        else:
            state = {"on_air": "unfinished", "not_started": "not played"}.get(m.play.state, m.play.state)
        when = m.requested_at.strftime("%Y-%m-%d %H:%M")
        print(f"{m.id}  {when}  {m.callsign:<12} {state:<12} {title}")
    return 0


async def _replay(args, settings) -> int:
    async with App(settings) as app:
        mission = await app.store.mission(args.mission_id)
        turns = await app.store.turns(args.mission_id)
    if args.json:
        print(json.dumps({"mission": mission.model_dump(mode="json"),
                          "turns": [t.model_dump(mode="json") for t in turns]}))
        return 0
    print(escape_controls(transcript_text(mission, turns)))
    return 0


def _config(args) -> int:
    action = args.action or "show"
    if action == "path":
        print(config_path())
    elif action == "set":
        path = save_setting(args.key, args.value)
        print(f"Saved {args.key} in {path}")
    elif action == "set-key":
        if sys.stdin.isatty():
            import getpass

            key = getpass.getpass("Gemini API key (not shown): ")
        else:
            key = sys.stdin.readline()
        store_gemini_key(key)
        print("Saved the Gemini API key in the system keyring.")
    elif action == "forget-key":
        forget_gemini_key()
        print("Removed the Gemini API key from the system keyring.")
    else:
        print(describe(load_settings(), gemini_key_source()), end="")
    return 0

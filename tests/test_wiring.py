# SPDX-License-Identifier: GPL-3.0-or-later
"""The composition root's wiring: settings changed between missions reach
the next one, the doctor checks the database folder the game uses, and work
started from the window is kept alive until it is done."""

from __future__ import annotations

import asyncio

from fmdesk.app import App
from fmdesk.config import Settings, VoiceSettings
from fmdesk.doctor import check_database
from fmdesk.ui import ops


def test_a_radio_strength_changed_in_settings_reaches_the_next_mission(tmp_path):
    app = App(Settings(data_dir=str(tmp_path), voice=VoiceSettings(radio_strength=0.7)))
    first = app.voices()
    assert first is not None and first.radio.strength == 0.7
    app.settings = Settings(data_dir=str(tmp_path), voice=VoiceSettings(radio_strength=0.2))
    again = app.voices()
    assert again is first and again.radio.strength == 0.2
    first.close()


def test_the_doctor_checks_the_database_folder_the_game_uses(tmp_path):
    settings = Settings(data_dir=str(tmp_path))
    check = check_database(settings)
    assert check.ok, check.detail
    assert str(settings.mongo_path) in check.detail and settings.mongo_path == tmp_path / "mongo"
    assert (tmp_path / "mongo").is_dir() and not (tmp_path / "db").exists()


async def test_an_operation_is_kept_alive_until_it_is_done():
    done = asyncio.Event()
    got = []

    async def work():
        await done.wait()
        return 42

    task = ops.Op(work()).on_success(got.append).start()
    assert task in ops._running, "the loop keeps only a weak reference"
    done.set()
    await task
    await asyncio.sleep(0)
    assert got == [42] and task not in ops._running

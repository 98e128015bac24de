# SPDX-License-Identifier: GPL-3.0-or-later
"""The Gemini API key: from the environment or the system keyring.

The key is handed to the director and nowhere else: it is never printed,
logged, written to the config file or stored in MongoDB.
"""

from __future__ import annotations

import logging
import os
from typing import Mapping

from fmdesk.config import ConfigError

log = logging.getLogger(__name__)

SERVICE, ACCOUNT = "fmdesk", "gemini-api-key"
ENV_VARS = ("GEMINI_API_KEY", "GOOGLE_API_KEY")


def _keyring():
    try:
        import keyring
        import keyring.errors
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    return keyring


def gemini_key(env: Mapping[str, str] = os.environ) -> str | None:
    for var in ENV_VARS:
        if env.get(var):
            return env[var]
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(SERVICE, ACCOUNT)
    except keyring.errors.KeyringError as exc:
        log.info("no key from the system keyring: %s", exc)
        return None


def both_keys_notice(env: Mapping[str, str] = os.environ) -> str | None:
    """Said once when both variables hold a key (the Gemini SDK alone would
    prefer GOOGLE_API_KEY; fmdesk hands over GEMINI_API_KEY's)."""
    if all(env.get(var) for var in ENV_VARS):
        return f"Both {ENV_VARS[0]} and {ENV_VARS[1]} are set: fmdesk uses {ENV_VARS[0]}."
    return None


def gemini_key_source(env: Mapping[str, str] = os.environ) -> str:
    """Where the key comes from, for `fmdesk config` (never the key itself)."""
    for var in ENV_VARS:
        if env.get(var):
            return f"set (from {var})"
    return "set (in the system keyring)" if gemini_key(env) else "not set"


def store_gemini_key(key: str) -> None:
    keyring = _keyring()
    key = key.strip()
    if not key:
        raise ConfigError("No key given.")
    try:
        keyring.set_password(SERVICE, ACCOUNT, key)
    except keyring.errors.KeyringError as exc:
        raise ConfigError(
            f"No system keyring to keep the key in ({exc}). Set the GEMINI_API_KEY "
            "environment variable instead.") from exc


def forget_gemini_key() -> None:
    keyring = _keyring()
    try:
        keyring.delete_password(SERVICE, ACCOUNT)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise ConfigError(f"The system keyring is not available ({exc}).") from exc

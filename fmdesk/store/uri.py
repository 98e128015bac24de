# SPDX-License-Identifier: GPL-3.0-or-later
"""MongoDB URIs as they may be shown: never with their password."""

from __future__ import annotations

import re

_USERINFO = re.compile(r"^(mongodb(?:\+srv)?://)([^@/]+)@", re.IGNORECASE)


def mask_uri(uri: str) -> str:
    """'mongodb://ann:secret@host/db' -> 'mongodb://ann:****@host/db'."""
    def hide(match: re.Match[str]) -> str:
        user, _, password = match.group(2).partition(":")
        return f"{match.group(1)}{user}:****@" if password else match.group(0)

    return _USERINFO.sub(hide, uri or "")


def is_mongo_uri(uri: str) -> bool:
    return bool(re.match(r"^mongodb(\+srv)?://", uri or "", re.IGNORECASE))

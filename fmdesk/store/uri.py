# SPDX-License-Identifier: GPL-3.0-or-later
"""MongoDB URIs as they may be shown: never with their password.

A URI is masked wherever it stands in a text (a message, a log line, a
driver's error), whatever its scheme, with a leading space, and when its
password holds a raw "@" (the last "@" before the host ends the user part).
"""

from __future__ import annotations

import logging
import re

# scheme://user[:password]@host — the user part runs to the last "@" before a
# "/", whitespace or a quote.
_USERINFO = re.compile(r"([a-z][a-z0-9+.\-]*://)([^/\s\"'<>]*)@", re.IGNORECASE)


def mask_uri(text: str) -> str:
    """'mongodb://ann:secret@host/db' -> 'mongodb://ann:****@host/db', in any text."""
    def hide(match: re.Match[str]) -> str:
        user, colon, _ = match.group(2).partition(":")
        return f"{match.group(1)}{user}:****@" if colon else match.group(0)

    return _USERINFO.sub(hide, text or "")


def is_mongo_uri(uri: str) -> bool:
    return bool(re.match(r"^mongodb(\+srv)?://", uri or "", re.IGNORECASE))


class MaskPasswords(logging.Filter):
    """Masks a URI's password in every log record a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_uri(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True

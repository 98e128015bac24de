# SPDX-License-Identifier: GPL-3.0-or-later
"""Gemini's failures read the way the API means them.

The API answers errors as a `google.rpc.Status` (`{"error": {code, message,
status, details}}`; ai.google.dev/gemini-api/docs/troubleshooting, and the
error model of Google's API design guide, AIP-193), whose `details` carry
typed messages:

- `google.rpc.ErrorInfo` with `reason: "API_KEY_INVALID"` (400
  INVALID_ARGUMENT) when the key is bad: the only 400 that is about the key;
- `google.rpc.RetryInfo` with `retryDelay: "23s"` on a 429: wait that long;
- `google.rpc.QuotaFailure` whose violations name the quota used up; a
  per-day quota will not come back this mission.

Every other 400 (`FAILED_PRECONDITION` "User location is not supported",
a schema the API refuses, contents in the wrong order) is a problem with the
request, not the key: the batch is bridged and the next one tries again;
only the same 400 three times in a row ends Gemini for the mission.
The SDK's `str(APIError)` holds the whole body: never shown, never logged.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from google.genai import errors

from fmdesk.director.base import DirectorError

log = logging.getLogger(__name__)

KEY_REASONS = {"API_KEY_INVALID", "API_KEY_EXPIRED", "API_KEY_SERVICE_BLOCKED"}
SAME_400_LIMIT = 3
_TAGS = re.compile(r"<[^>]+>")


def _details(exc: errors.APIError) -> list[dict[str, Any]]:
    body = exc.details if isinstance(exc.details, dict) else {}
    found = body.get("error", body).get("details") if isinstance(body.get("error", body), dict) else None
    return [d for d in found or [] if isinstance(d, dict)]


def _typed(details: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [d for d in details if str(d.get("@type", "")).endswith(f"google.rpc.{name}")]


def retry_delay_s(details: list[dict[str, Any]]) -> float | None:
    """RetryInfo's `retryDelay` ("23s", "1.5s": a protobuf Duration in JSON)."""
    for info in _typed(details, "RetryInfo"):
        match = re.fullmatch(r"\s*([\d.]+)s\s*", str(info.get("retryDelay", "")))
        if match:
            return float(match.group(1))
    return None


def daily_quota(details: list[dict[str, Any]]) -> str | None:
    """The per-day quota a QuotaFailure says is used up, if any."""
    for failure in _typed(details, "QuotaFailure"):
        for violation in failure.get("violations") or []:
            quota = str(violation.get("quotaId") or violation.get("quotaMetric") or "")
            if "perday" in quota.replace("_", "").casefold():
                return quota
    return None


def short(text: str, limit: int = 160) -> str:
    """One readable line of a message (an HTML error page becomes its text)."""
    text = " ".join(_TAGS.sub(" ", text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ErrorReader:
    """Turns one director's API errors into DirectorErrors, remembering
    repeated identical 400s across calls."""

    def __init__(self, model: str, clean) -> None:
        self.model = model
        self.clean = clean        # hides the key in any text
        self._last_400: tuple | None = None
        self._same_400 = 0

    def succeeded(self) -> None:
        self._last_400, self._same_400 = None, 0

    def read(self, exc: errors.APIError) -> DirectorError:
        code, status = exc.code or 0, str(exc.status or "")
        message = self.clean(short(str(exc.message or "")))
        details = _details(exc)
        reasons = {str(i.get("reason", "")) for i in _typed(details, "ErrorInfo")}
        if reasons & KEY_REASONS or code in (401, 403):
            return DirectorError(f"The Gemini API key was refused ({code} {message}).", lasting=True,
                                 reason="key")
        if code == 429:
            quota = daily_quota(details)
            if quota:
                return DirectorError("Gemini's daily quota is used up (" + quota + "); it comes back "
                                     "tomorrow.", lasting=True, reason="quota")
            return DirectorError(f"Gemini is busy (429: {message}).", retryable=True,
                                 retry_after_s=retry_delay_s(details), reason="busy")
        if code == 404:
            return DirectorError(f"Gemini has no model '{self.model}' (404). Check gemini.model.",
                                 lasting=True, reason="model")
        if code >= 500:
            log.debug("Gemini %s: %s", code, message)
            return DirectorError(f"Gemini had a server error ({code}).", retryable=True, reason="server")
        reason = "location" if "location" in message.casefold() else "request"
        said = f"Gemini refused the request ({code} {status}: {message})."
        key = (code, status, message)
        self._same_400 = self._same_400 + 1 if key == self._last_400 else 1
        self._last_400 = key
        if self._same_400 >= SAME_400_LIMIT:
            return DirectorError(f"{said} It said the same {SAME_400_LIMIT} times in a row.", lasting=True,
                                 reason=reason)
        return DirectorError(said, reason=reason)

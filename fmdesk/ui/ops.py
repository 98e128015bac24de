# SPDX-License-Identifier: GPL-3.0-or-later
"""Work started from the UI: one helper, success and error callbacks.

The coroutine runs on the qasync loop (the Qt thread), and everything
blocking inside it is already off the thread (the store's worker, the
director's network calls). With no error callback, the error goes to the
window's status area, once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

log = logging.getLogger(__name__)

# The operations running: the loop keeps only weak references to tasks.
_running: set[asyncio.Task] = set()

# Set by the window: where unhandled errors are shown.
default_error_sink: Callable[[str], None] = lambda message: log.error("%s", message)


def message_of(exc: BaseException) -> str:
    return getattr(exc, "message", None) or str(exc) or type(exc).__name__


class Op:
    def __init__(self, work: Awaitable[Any]):
        self._work = work
        self._success: Callable[[Any], None] | None = None
        self._error: Callable[[str], None] | None = None

    def on_success(self, callback: Callable[[Any], None]) -> "Op":
        self._success = callback
        return self

    def on_error(self, callback: Callable[[str], None]) -> "Op":
        self._error = callback
        return self

    def start(self) -> asyncio.Task:
        task = asyncio.ensure_future(self._work)
        _running.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        _running.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            if self._success is not None:
                self._success(task.result())
            return
        if not isinstance(exc, Exception):
            raise exc
        log.warning("operation failed: %s", message_of(exc), exc_info=exc)
        (self._error or default_error_sink)(message_of(exc))

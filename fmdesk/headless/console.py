# SPDX-License-Identifier: GPL-3.0-or-later
"""Lines from standard input, delivered to the event loop without blocking it."""

from __future__ import annotations

import asyncio
import sys
import threading
from typing import TextIO


class Console:
    """Reads stdin on a daemon thread; `None` in the queue means end of input."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stdin
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self.lines: asyncio.Queue[str | None] = asyncio.Queue()
        self.closed = False
        loop = asyncio.get_running_loop()
        threading.Thread(target=self._read, args=(loop,), name="fmdesk-stdin", daemon=True).start()

    def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            try:
                line = self.stream.readline()
            except (OSError, ValueError):
                line = ""
            loop.call_soon_threadsafe(self.lines.put_nowait, line.rstrip("\r\n") if line else None)
            if not line:
                return

    async def read(self) -> str | None:
        if self.closed:
            return None
        line = await self.lines.get()
        if line is None:
            self.closed = True
        return line

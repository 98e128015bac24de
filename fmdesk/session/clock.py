# SPDX-License-Identifier: GPL-3.0-or-later
"""Mission time. Injected, so tests and `--fast` run a mission in virtual time."""

from __future__ import annotations

import asyncio
import time
from typing import Awaitable, Protocol, TypeVar

T = TypeVar("T")


class Clock(Protocol):
    real_time: bool  # False: air time is counted, not waited

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...

    async def wait_for(self, awaitable: Awaitable[T], timeout: float | None) -> T: ...


class RealClock:
    real_time = True

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def wait_for(self, awaitable: Awaitable[T], timeout: float | None) -> T:
        return await asyncio.wait_for(awaitable, timeout)


class VirtualClock:
    """Air time is counted, not waited. Waiting for the player is real (the
    player is), and the real time it took is added to the mission clock."""

    real_time = False

    def __init__(self, start: float = 0.0):
        self._now = start

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        self._now += max(0.0, seconds)
        await asyncio.sleep(0)

    async def wait_for(self, awaitable: Awaitable[T], timeout: float | None) -> T:
        started = time.monotonic()
        try:
            return await asyncio.wait_for(awaitable, timeout)
        finally:
            self._now += time.monotonic() - started

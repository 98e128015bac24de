# SPDX-License-Identifier: GPL-3.0-or-later
"""Waiting in tests: on a condition, with a deadline generous enough for a
busy 2-core machine, failing with what was awaited (never a fixed sleep)."""

from __future__ import annotations

import asyncio
from typing import Callable

DEADLINE_S = 60.0
STEP_S = 0.02


async def until(condition: Callable[[], object], what: str, timeout_s: float = DEADLINE_S) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not condition():
        assert loop.time() < deadline, f"timed out after {timeout_s:.0f} s waiting for {what}"
        await asyncio.sleep(STEP_S)

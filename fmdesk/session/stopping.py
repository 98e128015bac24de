# SPDX-License-Identifier: GPL-3.0-or-later
"""Stopping a task without swallowing the caller's own cancellation."""

from __future__ import annotations

import asyncio


async def stop_task(task: asyncio.Future | None) -> None:
    """Cancel `task` and wait until it has ended. Its own CancelledError is
    what we asked for and is dropped; but if the task awaiting here is itself
    being cancelled (Ctrl-C arrived while it waited), that is raised again,
    where `contextlib.suppress(CancelledError)` would have lost it and the
    show would have played on (Task.cancelling(), Python 3.11)."""
    if task is None:
        return
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise

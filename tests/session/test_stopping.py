# SPDX-License-Identifier: GPL-3.0-or-later
"""Stopping a task keeps the caller's own cancellation (Ctrl-C while it waits)."""

import asyncio

import pytest

from fmdesk.session.stopping import stop_task


async def test_the_stopped_tasks_cancellation_is_dropped():
    slow = asyncio.create_task(asyncio.sleep(60))
    await stop_task(slow)
    assert slow.cancelled()


async def test_a_caller_cancelled_while_it_waits_is_still_cancelled():
    stubborn_started = asyncio.Event()

    async def stubborn() -> None:
        stubborn_started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            await asyncio.sleep(0.2)  # takes a moment to stop, as a voice render does
            raise

    async def caller() -> str:
        task = asyncio.create_task(stubborn())
        await stubborn_started.wait()
        await stop_task(task)
        return "went on as if nothing happened"

    task = asyncio.create_task(caller())
    await stubborn_started.wait()
    await asyncio.sleep(0.05)  # the caller is now waiting for the stubborn task to stop
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

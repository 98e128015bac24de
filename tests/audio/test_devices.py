# SPDX-License-Identifier: GPL-3.0-or-later
"""Real devices through a real sound server: a tone out and back in, the
pre-roll, the device list, and what happens with no such device."""

from __future__ import annotations

import asyncio
import contextlib

import numpy as np
import pytest

from fmdesk.audio import devices
from fmdesk.audio.chunk import AudioChunk
from fmdesk.audio.errors import AudioError
from fmdesk.audio.mic import HEARING_RATE, Microphone
from fmdesk.audio.player import DevicePlayer


def tone(hz: float, seconds: float, rate: int = 24000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def peak_hz(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[np.argmax(spectrum)])


def test_the_devices_have_readable_names(sound_server):
    found = devices.devices()
    assert any(d.outputs for d in found) and any(d.inputs for d in found)
    assert all(d.name and d.rate >= 8000 for d in found)
    assert devices.pick("output").outputs > 0 and devices.pick("input").inputs > 0


@contextlib.asynccontextmanager
async def loopback(sound_server):
    """Speakers played straight into the microphone, for one test."""
    sound_server.pactl("set-default-sink", "micsink")
    player, mic = DevicePlayer(), Microphone()
    try:
        await asyncio.to_thread(mic.open)
        await asyncio.to_thread(player.open)
        yield player, mic
    finally:
        await player.close()
        await mic.close()
        sound_server.pactl("set-default-sink", "vsink")


async def test_a_tone_played_comes_back_through_the_microphone(sound_server):
    async with loopback(sound_server) as (player, mic):
        mic.start_talk()
        started = []
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        await player.play(AudioChunk(tone(440, 1.0), 24000, 0), on_start=lambda: started.append(loop.time()))
        took = loop.time() - t0
        await asyncio.sleep(0.3)
        heard = mic.stop_talk()
    assert started and 0.9 < took < 2.0, "play() returns as the sound ends"
    assert abs(peak_hz(heard, HEARING_RATE) - 440) < 5
    assert np.sqrt(np.mean(heard ** 2)) > 0.05
    assert player.underruns == 0


async def test_the_first_syllable_before_the_press_is_kept(sound_server):
    async with loopback(sound_server) as (player, mic):
        task = asyncio.create_task(player.play(AudioChunk(tone(880, 0.6), 24000, 0)))
        await asyncio.sleep(0.35)   # the tone has been sounding for a while...
        mic.start_talk()            # ...when TALK goes down
        await task
        await asyncio.sleep(0.2)
        heard = mic.stop_talk()
    loud = np.abs(heard) > 0.1
    assert loud[: int(0.1 * HEARING_RATE)].any(), "the 300 ms before the press are in the answer"


def test_no_such_device_is_a_clear_message(sound_server):
    with pytest.raises(AudioError, match="No microphone named 'Nope Mic'.*Settings"):
        Microphone("Nope Mic").open()
    with pytest.raises(AudioError, match="No speaker or headphones named 'nope'"):
        DevicePlayer("nope").open()


async def test_tuning_plays_the_static_loud_off_frequency_and_a_hiss_when_locked(sound_server, voicebox):
    from fmdesk.session.clock import RealClock
    from fmdesk.session.voiced_air import VoicedAir
    from fmdesk.voice.radio import RadioEffect, static_gain

    sound_server.pactl("set-default-sink", "micsink")  # the speakers straight into the microphone
    player, mic = DevicePlayer(bed=lambda seconds, rate: RadioEffect(rate, 0.7).static(seconds)), Microphone()
    air = VoicedAir(RealClock(), voicebox, player)
    try:
        await asyncio.to_thread(mic.open)
        air.tuning(0.05)  # far off: the speakers open by themselves, in a worker
        for _ in range(100):
            if player._stream is not None:
                break
            await asyncio.sleep(0.05)
        assert player.bed_level == static_gain(0.05) > 10
        await asyncio.sleep(0.5)
        mic.start_talk()
        await asyncio.sleep(0.6)
        off = mic.stop_talk()
        air.tuning(1.0)
        await asyncio.sleep(0.5)
        mic.start_talk()
        await asyncio.sleep(0.6)
        locked = mic.stop_talk()
    finally:
        await air.close()
        await mic.close()
        sound_server.pactl("set-default-sink", "vsink")
    rms = lambda a: float(np.sqrt(np.mean(a[len(a) // 3:] ** 2)))  # noqa: E731 (past the pre-roll)
    assert rms(off) > 5 * rms(locked) > 0

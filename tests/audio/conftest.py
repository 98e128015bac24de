# SPDX-License-Identifier: GPL-3.0-or-later
"""A real sound server for the audio tests: PulseAudio with two null sinks.

`vsink` is the speakers (its monitor is what was played); `micsink` is fed
WAV files with `paplay` and its monitor, remapped as the source `vmic`, is
the microphone. PortAudio reaches it through ALSA's pulse plugin. Started
here, stopped here by PID."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        message = f"{tool} is not installed (Debian: pulseaudio pulseaudio-utils)"
        if os.environ.get("CI"):
            pytest.fail(message + ": .ci/run installs it")
        pytest.skip(message)


class SoundServer:
    def __init__(self, runtime: Path):
        self.runtime = runtime
        self.env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime),
                    "PULSE_SERVER": f"unix:{runtime}/pulse/native"}
        self.process: subprocess.Popen | None = None
        self.keepalive: list[subprocess.Popen] = []

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True,
                              check=True, timeout=10).stdout

    MODULES = (("module-null-sink", "sink_name=vsink"), ("module-null-sink", "sink_name=micsink"),
               ("module-remap-source", "master=micsink.monitor", "source_name=vmic"))

    def unplug(self) -> None:
        """Every sink and source gone, as if the sound card were pulled out."""
        for line in reversed(self.pactl("list", "short", "modules").splitlines()):
            if "module-null-sink" in line or "module-remap-source" in line:
                self.pactl("unload-module", line.split()[0])

    def replug(self) -> None:
        for module in self.MODULES:
            self.pactl("load-module", *module)
        self._defaults()

    def _defaults(self) -> None:
        self.pactl("set-default-sink", "vsink")
        self.pactl("set-default-source", "vmic")
        # An idle null sink renders in 2 s blocks: keep both paths at low latency.
        for process in self.keepalive:
            if process.poll() is None:
                process.terminate()
        self.keepalive = [subprocess.Popen(["parec", "-d", source, "--latency-msec=10"], env=self.env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                          for source in ("vmic", "vsink.monitor")]
        deadline = time.monotonic() + 10
        while len(self.pactl("list", "short", "source-outputs").splitlines()) < 2:
            if time.monotonic() > deadline:
                raise RuntimeError("the sound server's keep-alive recorders did not connect")
            time.sleep(0.05)

    def start(self) -> None:
        self.runtime.mkdir(parents=True, exist_ok=True)
        self.runtime.chmod(0o700)
        self.process = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
             "--system=false", "--log-target=stderr", "--load=module-native-protocol-unix",
             *(f"--load={' '.join(module)}" for module in self.MODULES)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while True:
            try:
                self.pactl("info")
                break
            except subprocess.CalledProcessError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the sound server did not start") from None
                time.sleep(0.1)
        self._defaults()

    def say_into_mic(self, wav: Path) -> subprocess.Popen:
        """Play a WAV file into the microphone, in real time."""
        return subprocess.Popen(["paplay", "-d", "micsink", str(wav)], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        for process in [*self.keepalive, self.process]:
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture(scope="session")
def sound_server(tmp_path_factory):
    for tool in ("pulseaudio", "pactl", "parec", "paplay"):
        _need(tool)
    server = SoundServer(tmp_path_factory.mktemp("pulse") / "run")
    server.start()
    saved = {k: os.environ.get(k) for k in ("XDG_RUNTIME_DIR", "PULSE_SERVER")}
    os.environ.update(XDG_RUNTIME_DIR=server.env["XDG_RUNTIME_DIR"], PULSE_SERVER=server.env["PULSE_SERVER"])
    from fmdesk.audio import devices

    devices.refresh()  # PortAudio looks for devices again, now that there is a server
    asyncio.run(_warm_up())
    yield server
    devices.refresh()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    server.stop()


async def _warm_up() -> None:
    """The server's first stream takes ~2 s to start moving: pay it here."""
    import numpy as np

    from fmdesk.audio.chunk import AudioChunk
    from fmdesk.audio.player import DevicePlayer

    player = DevicePlayer()
    await asyncio.to_thread(player.open)
    await player.play(AudioChunk(np.zeros(2400, np.float32), 24000, 0))
    await player.close()

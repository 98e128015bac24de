# SPDX-License-Identifier: GPL-3.0-or-later
"""The embedded database: SecantusDB, a MongoDB wire-protocol server, run as its
own process on loopback with its data in the user data dir.

SecantusDB is GPL-2.0-only, so it is started as a separate program
(`secantusd-py`) and never imported here. One server serves every fmdesk
process on the same data dir: `server.json` records its pid and port, and
each fmdesk process registers itself under `clients/` so the last one to leave
stops the server. A server left behind by a killed fmdesk is adopted.

The server is recorded in `server.json` the moment it is spawned, before it
answers, so a kill during its start leaves a record: the next start waits for
that server and adopts it, or stops it when it never answers. Only a process
that is ours is ever stopped: recorded, and its command line a server on
this data folder. `ensure_running` starts a server that died again, on the same port
when it is free, so every fmdesk on this folder finds it where it was.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from fmdesk.store.errors import EmbeddedServerError

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours counts as gone.
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    return True


def _port_free(port: int) -> bool:
    """Can a server listen on `port` (as servers do, past TIME_WAIT connections)?"""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _ping(port: int, timeout_s: float) -> bool:
    client = MongoClient(HOST, port, directConnection=True,
                         serverSelectionTimeoutMS=int(timeout_s * 1000),
                         connectTimeoutMS=int(timeout_s * 1000))
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def server_command() -> list[str]:
    """How to run secantusd-py: in a built app the `secantusd` program beside
    fmdesk; else beside this Python, on PATH, or via the module."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).with_name("secantusd.exe" if os.name == "nt" else "secantusd"))]
    beside = Path(sys.executable).with_name("secantusd-py")
    for candidate in (beside, beside.with_suffix(".exe")):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which("secantusd-py")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from secantus.cli import main; sys.exit(main())"]


@contextlib.contextmanager
def _locked(path: Path):
    """Serialise starts and stops between fmdesk processes on one data dir."""
    with open(path, "a+") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: starts are rare enough to go unlocked
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class EmbeddedServer:
    def __init__(self, data_dir: Path, *, command: list[str] | None = None,
                 start_timeout_s: float = 30.0):
        self.data_dir = Path(data_dir)
        self.command = command or server_command()
        self.start_timeout_s = start_timeout_s
        self.port: int | None = None
        self.pid: int | None = None
        self._process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        if self.port is None:
            raise EmbeddedServerError("the embedded database server is not running")
        return f"mongodb://{HOST}:{self.port}/?directConnection=true"

    @property
    def _state_file(self) -> Path:
        return self.data_dir / "server.json"

    @property
    def _clients(self) -> Path:
        return self.data_dir / "clients"

    def start(self) -> str:
        """Start (or reuse) the server and return its URI. Blocking."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._clients.mkdir(exist_ok=True)
        with _locked(self.data_dir / "server.lock"):
            if not self._adopt():
                self._spawn()
            (self._clients / str(os.getpid())).touch()
        return self.uri

    def _adopt(self) -> bool:
        """Reuse the server recorded (or found) on this folder; stop one of
        ours that never answers. True when one is reused. Under the lock."""
        state = self._read_state()
        if state is None or not _pid_alive(state["pid"]) or not self._is_ours(state["pid"]):
            return False  # a server nobody recorded is not ours to stop: its start reports it
        deadline = time.monotonic() + self.start_timeout_s  # it may still be starting
        while time.monotonic() < deadline and _pid_alive(state["pid"]):
            if _ping(state["port"], 1.0):
                self.port, self.pid = state["port"], state["pid"]
                self._record()
                log.info("reusing the embedded database on port %s (pid %s)", self.port, self.pid)
                return True
            time.sleep(0.2)
        if _pid_alive(state["pid"]):  # ours, and stuck: it holds the data folder
            log.warning("stopping a stuck embedded database (pid %s)", state["pid"])
            self._terminate(state["pid"])
        return False

    def alive(self) -> bool:
        return self.pid is not None and _pid_alive(self.pid)

    def ensure_running(self) -> bool:
        """Start the server again if it died (blocking). True when it was
        started again, by this process or by another fmdesk on the folder."""
        if self.pid is not None and _pid_alive(self.pid):
            return False
        with _locked(self.data_dir / "server.lock"):
            if self._adopt():
                return True
            self._spawn(self.port)
        log.warning("the embedded database had stopped; started again on port %s (pid %s)", self.port, self.pid)
        return True

    def _is_ours(self, pid: int) -> bool:
        """Is `pid` a server on this data folder? Where the process table
        cannot be read (not Linux), the record is trusted."""
        cmdline = Path(f"/proc/{pid}/cmdline")
        if not Path("/proc/self/cmdline").exists():
            return True
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            return False
        return "--storage-path" in args and str(self.data_dir / "db") in args

    def _forget(self) -> None:
        self.pid = self.port = None
        with contextlib.suppress(FileNotFoundError):
            self._state_file.unlink()

    def _record(self) -> None:
        self._state_file.write_text(json.dumps({"pid": self.pid, "port": self.port}))

    def stop(self) -> None:
        """Leave; the last fmdesk process to leave stops the server."""
        if self.pid is None:
            return
        with _locked(self.data_dir / "server.lock"):
            with contextlib.suppress(FileNotFoundError):
                (self._clients / str(os.getpid())).unlink()
            others = [p for p in self._clients.iterdir() if p.name.isdigit() and _pid_alive(int(p.name))]
            for stale in self._clients.iterdir():
                if stale not in others:
                    with contextlib.suppress(FileNotFoundError):
                        stale.unlink()
            if not others:
                self._terminate(self.pid)
                with contextlib.suppress(FileNotFoundError):
                    self._state_file.unlink()
        self.pid = self.port = None

    def _spawn(self, port: int | None = None) -> None:
        if port is None or not _port_free(port):
            port = _free_port()
        log_path = self.data_dir / "server.log"
        args = [*self.command, "--host", HOST, "--port", str(port),
                "--storage-path", str(self.data_dir / "db"), "--sync-on-commit"]
        try:
            with open(log_path, "ab") as log_file:
                # Own session: a Ctrl-C in the player's terminal must not kill
                # the database before fmdesk has written its last turns.
                process = subprocess.Popen(
                    args, cwd=self.data_dir, stdout=log_file, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, start_new_session=True,
                )
            # Recorded before it can outlive us: a kill from here on leaves a record.
            self._process, self.pid, self.port = process, process.pid, port
            self._record()
        except OSError as exc:
            raise EmbeddedServerError(
                f"Could not start the embedded database ({' '.join(args[:1])}): {exc}. "
                "Reinstall fmdesk, or set a MongoDB URI with --mongo-uri."
            ) from exc
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self._forget()
                raise EmbeddedServerError(self._startup_failure(log_path, process.returncode))
            if _ping(port, 0.5):
                log.info("embedded database started on port %s (pid %s)", port, process.pid)
                return
            time.sleep(0.1)
        self._terminate(process.pid)
        self._forget()
        raise EmbeddedServerError(
            f"The embedded database did not answer within {self.start_timeout_s:.0f} s. "
            f"See {log_path}."
        )

    def _startup_failure(self, log_path: Path, code: int) -> str:
        tail = log_path.read_text(errors="replace").strip().splitlines()[-5:]
        detail = " ".join(tail)
        if "busy" in detail.lower() or "lock" in detail.lower():
            return (f"The database folder {self.data_dir / 'db'} is in use by another "
                    "database server. Close the other fmdesk, or stop that server.")
        return f"The embedded database exited at start (code {code}): {detail[-300:]}"

    def _terminate(self, pid: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline and _pid_alive(pid):
            time.sleep(0.05)
        if _pid_alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        if self._process is not None and self._process.pid == pid:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=5)

    def _read_state(self) -> dict | None:
        try:
            state = json.loads(self._state_file.read_text())
            return {"pid": int(state["pid"]), "port": int(state["port"])}
        except (OSError, ValueError, KeyError, TypeError):
            return None

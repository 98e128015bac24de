# SPDX-License-Identifier: GPL-3.0-or-later
"""The embedded server, for real: started, reused across processes, stopped by
the last fmdesk to leave, and every failure to start said clearly."""

import os
import subprocess
import sys
import textwrap
import time

import pytest
from pymongo import MongoClient

from fmdesk.store.embedded import EmbeddedServer, _pid_alive
from fmdesk.store.errors import EmbeddedServerError

HOLD = textwrap.dedent("""
    import sys
    from fmdesk.store.embedded import EmbeddedServer
    server = EmbeddedServer(sys.argv[1])
    server.start()
    print(server.port, server.pid, flush=True)
    if sys.argv[2] == "hold":
        sys.stdin.readline()
        server.stop()
""")


def ping(port: int) -> bool:
    client = MongoClient("127.0.0.1", port, directConnection=True, serverSelectionTimeoutMS=2000)
    try:
        return client.admin.command("ping")["ok"] == 1.0
    finally:
        client.close()


def test_starts_on_loopback_and_stops(tmp_path):
    server = EmbeddedServer(tmp_path)
    uri = server.start()
    assert uri.startswith("mongodb://127.0.0.1:")
    pid, port = server.pid, server.port
    assert ping(port)
    assert (tmp_path / "db").is_dir()
    server.stop()
    assert not _pid_alive(pid)
    assert not (tmp_path / "server.json").exists()


def test_a_server_left_by_a_killed_fmdesk_is_adopted_and_stopped(tmp_path):
    out = subprocess.run([sys.executable, "-c", HOLD, str(tmp_path), "die"],
                         capture_output=True, text=True, check=True, timeout=60)
    port, pid = map(int, out.stdout.split())
    assert _pid_alive(pid), "the server outlives the fmdesk that started it"
    server = EmbeddedServer(tmp_path)
    server.start()
    assert (server.port, server.pid) == (port, pid)
    server.stop()
    deadline = time.monotonic() + 10
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _pid_alive(pid)


def test_the_last_client_to_leave_stops_the_server(tmp_path):
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path), "hold"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port, pid = map(int, other.stdout.readline().split())
        server = EmbeddedServer(tmp_path)
        server.start()
        assert server.port == port
        server.stop()
        assert _pid_alive(pid) and ping(port), "another fmdesk still uses it"
    finally:
        other.communicate("\n", timeout=30)
    assert not _pid_alive(pid)


def test_a_server_that_will_not_start_says_why(tmp_path):
    server = EmbeddedServer(tmp_path, command=[sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"])
    with pytest.raises(EmbeddedServerError, match="exited at start .code 3.*boom"):
        server.start()
    missing = EmbeddedServer(tmp_path, command=[str(tmp_path / "no-such-server")])
    with pytest.raises(EmbeddedServerError, match="Could not start the embedded database"):
        missing.start()


def test_a_data_dir_held_by_a_foreign_server_is_reported(tmp_path):
    # A server we did not start (no server.json) holds the folder.
    port = 27000 + os.getpid() % 2000
    foreign = subprocess.Popen(
        [*EmbeddedServer(tmp_path).command, "--host", "127.0.0.1", "--port", str(port),
         "--storage-path", str(tmp_path / "db")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if ping(port):
                    break
            except Exception:
                time.sleep(0.2)
        with pytest.raises(EmbeddedServerError, match="in use by another database server|exited at start"):
            EmbeddedServer(tmp_path).start()
    finally:
        foreign.terminate()
        foreign.wait(timeout=30)

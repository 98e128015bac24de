# SPDX-License-Identifier: GPL-3.0-or-later
"""Whisper's threads follow what other programs leave of the cores."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from fmdesk.hearing.cores import MIN_WINDOW_S, CoreWatch, Ticks, read_ticks, threads_for


@pytest.mark.parametrize(("others", "most", "cores", "threads"), [
    (None, 2, 2, 2),     # not known: the settings
    (0.0, 2, 2, 2),
    (0.45, 2, 2, 2),     # another program at half a core: two still win (the module's figures)
    (0.7, 2, 2, 1),
    (1.0, 2, 2, 1),      # a core taken: one thread
    (2.0, 2, 2, 1),      # never none
    (0.0, 1, 2, 1),      # never more than the settings
    (0.2, 8, 4, 4),      # nor than the cores
    (1.0, 4, 4, 3),
])
def test_one_thread_fewer_for_each_core_other_programs_use(others, most, cores, threads):
    assert threads_for(others, most, cores) == threads


def test_the_counters_are_read_as_proc_5_lays_them_out(tmp_path):
    (tmp_path / "self").mkdir()
    (tmp_path / "stat").write_text("cpu  100 5 50 800 20 3 2 0 0 0\ncpu0 50 2 25 400 10 1 1 0 0 0\n")
    # A command name with spaces and a parenthesis: the fields are counted after its last ")".
    (tmp_path / "self" / "stat").write_text("4242 (fm desk) x) S 1 4242 4242 0 -1 4194304 10 0 0 0 "
                                            "37 11 0 0 20 0 9 0 100 0 0\n")
    assert read_ticks(tmp_path) == Ticks(busy=100 + 5 + 50 + 3 + 2, total=980, own=48)


def test_no_counters_leave_the_settings(tmp_path):
    assert read_ticks(tmp_path) is None  # no /proc here
    watch = CoreWatch(read=lambda: None, cores=2)
    watch.mark()
    assert watch.measure() is None and watch.threads(2) == 2


def test_what_other_programs_use_is_the_busy_time_less_fmdesks_own():
    now = [0.0]
    ticks = iter([Ticks(busy=1000, total=4000, own=300),
                  # 200 ticks of the two cores pass: 150 busy, 50 of them fmdesk's.
                  Ticks(busy=1150, total=4200, own=350)])
    watch = CoreWatch(read=lambda: next(ticks), cores=2, clock=lambda: now[0])
    watch.mark()
    now[0] = 1.0
    assert watch.measure() == pytest.approx((150 - 50) / 200 * 2)
    assert watch.threads(2) == 1
    # Too short a window says too little: the last measure stands.
    now[0] = 1.0 + MIN_WINDOW_S / 2
    assert watch.measure() == pytest.approx(1.0)


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="reads Linux's /proc")
def test_a_program_spinning_on_a_core_is_seen_with_the_real_counters():
    spinner = subprocess.Popen([sys.executable, "-c", "print('go', flush=True)\nwhile True: pass"],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert spinner.stdout.readline().strip() == "go"
        watch = CoreWatch()
        watch.mark()
        started = _cpu_s(spinner.pid)
        deadline = time.monotonic() + 60
        while _cpu_s(spinner.pid) - started < 1.0:  # a second of the spinner's own time
            assert time.monotonic() < deadline, "the spinner never got a core"
            time.sleep(0.05)  # polled: the event is the spinner's CPU time, read from /proc
        others = watch.measure()
        assert others is not None and others >= 0.6, others
        assert watch.threads(watch.cores) <= watch.cores - 1 or watch.cores == 1
    finally:
        spinner.kill()
        spinner.wait()


def _cpu_s(pid: int) -> float:
    import os
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

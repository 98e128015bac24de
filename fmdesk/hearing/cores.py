# SPDX-License-Identifier: GPL-3.0-or-later
"""How many threads whisper gets: as many as the settings allow, fewer when
other programs keep the cores busy.

whisper.cpp splits each step over its threads and waits for the slowest, so
a thread that shares its core with another program holds all of them back.
Measured here (bench/on_air.py --busy and a spinning process beside a
transcription, 2 cores, tiny.en): with both cores free two threads take
340 ms where one takes 550; with another program using half a core two
still win (450 against 560); with one core fully taken two take 770 and
one 600. So whisper uses one thread fewer for each core that other
programs use, rounding at 0.5 (`threads_for`).

What other programs use is read from Linux's /proc/stat (all the cores'
busy time) less /proc/self/stat (fmdesk's own, whose voice renders behind
the hearing path at a lower priority): proc(5). Elsewhere, and when those
files cannot be read, whisper uses the threads the settings give.
"""

from __future__ import annotations

import logging
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

# A window shorter than this says too little (the kernel counts in ticks of
# 10 ms): the last measure stands.
MIN_WINDOW_S = 0.3


@dataclass(frozen=True)
class Ticks:
    """Busy and total time of all the cores, and this process's own, in clock ticks."""

    busy: int
    total: int
    own: int


def read_ticks(root: Path = Path("/proc")) -> Ticks | None:
    """The counters now; None where there is no /proc (or it says nothing readable)."""
    try:
        cpu = (root / "stat").read_text().split("\n", 1)[0].split()
        own = (root / "self" / "stat").read_text()
    except OSError:
        return None
    if not cpu or cpu[0] != "cpu" or len(cpu) < 5:
        return None
    try:
        # proc(5): user nice system idle iowait irq softirq steal (guest is inside user).
        values = [int(v) for v in cpu[1:9]]
        # The command name, in parentheses, may hold spaces: the fields start after its ")".
        fields = own.rsplit(")", 1)[1].split()
        own_ticks = int(fields[11]) + int(fields[12])  # utime and stime: fields 14 and 15
    except (ValueError, IndexError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return Ticks(busy=sum(values) - idle, total=sum(values), own=own_ticks)


def threads_for(others: float | None, most: int, cores: int) -> int:
    """Whisper's threads when other programs keep `others` cores busy
    (None: not known, the settings' `most`)."""
    if others is None:
        return max(1, most)
    free = cores - max(0.0, others)
    return max(1, min(most, cores, math.floor(free + 0.5)))


class CoreWatch:
    """What other programs have used of the cores since `mark()`."""

    def __init__(self, read: Callable[[], Ticks | None] = read_ticks, cores: int | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.read, self.clock = read, clock
        self.cores = cores or os.cpu_count() or 1
        self._from: tuple[float, Ticks] | None = None
        self.others: float | None = None  # the last measure, in cores

    def mark(self) -> None:
        """Start a window (TALK pressed): what is used from now on counts."""
        ticks = self.read()
        self._from = (self.clock(), ticks) if ticks is not None else None

    def measure(self) -> float | None:
        """Cores other programs kept busy since the mark (the last measure
        when the window is too short to say; None when never known). The
        next window starts now."""
        if self._from is None:
            self.mark()
            return self.others
        began, first = self._from
        if self.clock() - began < MIN_WINDOW_S:
            return self.others
        now = self.read()
        if now is None or now.total <= first.total:
            return self.others
        busy = (now.busy - first.busy) - (now.own - first.own)
        self.others = max(0.0, busy / (now.total - first.total) * self.cores)
        self._from = (self.clock(), now)
        return self.others

    def threads(self, most: int) -> int:
        others = self.measure()
        chosen = threads_for(others, most, self.cores)
        if others is not None:
            log.debug("other programs use %.2f of %d cores: whisper uses %d thread(s)", others, self.cores, chosen)
        return chosen

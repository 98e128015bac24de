# SPDX-License-Identifier: GPL-3.0-or-later
"""Big buffers go back to the system when freed (fmdesk/memory.py), in a
fresh process each: the voices and the hearing path free such buffers after
every sentence and every answer."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
                                reason="the fixed mmap threshold is glibc's")

# 40 buffers of 4 MB, each followed by a small block that stays; after an
# 8 MB buffer was freed, which raises glibc's default threshold above 4 MB.
_FREED = textwrap.dedent("""
    import sys
    import numpy as np
    from fmdesk.memory import give_big_buffers_back

    def rss_mb():
        with open("/proc/self/status") as status:
            return int(next(l for l in status if l.startswith("VmRSS")).split()[1]) // 1024

    if sys.argv[1] == "fixed":
        assert give_big_buffers_back()
    first = np.ones(1 << 20)
    del first
    before = rss_mb()
    big, small = [], []
    for _ in range(40):
        big.append(np.ones(1 << 19))
        small.append(bytearray(4096))
    del big
    print(rss_mb() - before)
""")


def _kept_mb(policy: str) -> int:
    done = subprocess.run([sys.executable, "-c", _FREED, policy], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def test_freed_big_buffers_leave_the_process():
    assert _kept_mb("fixed") < 40, "160 MB were freed; nearly all of it should be back with the system"


def test_without_it_glibc_keeps_them():
    """The measurement can tell: glibc's default keeps most of what was freed."""
    assert _kept_mb("default") > 100

# SPDX-License-Identifier: GPL-3.0-or-later
"""How the process gives memory back: big buffers go back to the system when freed.

The voices render sentence after sentence and the hearing path hears answer
after answer, each allocating buffers of a few hundred kilobytes to tens of
megabytes and freeing them. glibc's malloc serves a block above its mmap
threshold with mmap and returns it on free, but by default it raises that
threshold to the size of each such block freed (up to 32 MiB), so from then on
blocks of that size come from the heap and, freed, stay in the process.
Setting the threshold fixes it and turns the raising off (glibc manual,
"Malloc Tunable Parameters", M_MMAP_THRESHOLD: "If the parameter is set, the
dynamic adjustment is disabled and the value is set statically").

Measured with the English cast used and the hearing model loaded and heard
(2026-12-03): peak RSS 618 → 562 MB, with no slower rendering or hearing
(bench/voices.py, bench/hearing.py).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # <malloc.h>
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's own starting value, kept fixed


@functools.cache
def give_big_buffers_back() -> bool:
    """Fix glibc's mmap threshold for this process (once); False where the C
    library is not glibc (macOS, Windows, musl), which keeps its own policy."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False  # a C library without mallopt
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    if mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) != 1:  # mallopt returns 1 on success
        log.info("the C library did not take a fixed mmap threshold")
        return False
    return True

# SPDX-License-Identifier: GPL-3.0-or-later
"""How well the offline director understands answers: the committed set
(tests/director/data/understanding.txt) by the rules alone and by the rules
with the sentence model, and how long one answer takes.

    python bench/understanding.py [--misses]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmdesk.director.offline.meaning import meaning  # noqa: E402
from tests.director.understanding_set import score  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every answer read wrong")
    args = parser.parse_args()
    started = time.perf_counter()
    model = meaning()
    print(f"sentence model loaded in {time.perf_counter() - started:.2f} s"
          if model else "sentence model missing: rules only")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    for name, m in (("rules only", None), ("rules + all-MiniLM-L6-v2", model)):
        results = score(m)
        right = sum(r.right for r in results)
        times = sorted(r.seconds * 1000 for r in results)
        print(f"{name:26s} {right}/{len(results)} = {right / len(results):.1%}   "
              f"p50 {statistics.median(times):.1f} ms  p95 {times[int(0.95 * len(times)) - 1]:.1f} ms")
        if args.misses:
            for r in results:
                if not r.right:
                    print(f"    {r.case.story}/{r.case.scene}: “{r.case.said}” -> {r.got} "
                          f"(expected {r.case.means}; {r.reading.rule})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

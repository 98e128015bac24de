# SPDX-License-Identifier: GPL-3.0-or-later
"""The offline drama by the numbers: how long each story fills, how much two
missions share, and how the pacing lands, over simulated missions (the
director's own rules, no engine; a player answers 3 s after each cue).

    python bench/drama.py [--seeds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fmdesk.director.base import BriefRequest  # noqa: E402
from fmdesk.director.offline.director import OfflineDirector, story_seconds  # noqa: E402
from fmdesk.director.offline.plan import _plan, stories  # noqa: E402
from tests.director.simulate import right_answer, simulate, wrong_answer  # noqa: E402

PLAYERS = {"right": right_answer, "wrong": wrong_answer, "silent": lambda scene, plan: ""}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30, help="missions per window (default 30)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    fills = {s.key: min(story_seconds(_plan(s, seed, "X", random.Random(seed))) for seed in range(5))
             for s in stories()}
    print("seconds each story fills (least over 5 seeds): " +
          ", ".join(f"{k} {v:.0f}" for k, v in sorted(fills.items())))
    director = OfflineDirector()
    ends, gaps = [], []
    for player, answer in PLAYERS.items():
        for start in (0, args.seeds, 2 * args.seeds):
            lines = {}
            for seed in range(start, start + args.seeds):
                brief = asyncio.run(director.write_brief(BriefRequest(callsign="NOVA-7", seed=seed)))
                run = simulate(brief, seed, answer, director=director)
                lines[seed] = {t.text for t in run.turns if t.kind == "line"}
                signoff = next(t for t in run.turns if t.ref == "signoff")
                ends.append(brief.time_limit_s - signoff.ends_at)
                dead = 0.0
                for t in run.turns:
                    dead = dead + t.seconds if t.kind == "gap" else 0.0
                    gaps.append(dead)
            shares = [len(lines[a] & lines[b]) / min(len(lines[a]), len(lines[b]))
                      for a, b in itertools.combinations(lines, 2)]
            print(f"{player:6s} seeds {start}-{start + args.seeds - 1}: most shared {max(shares):.1%}, "
                  f"median {statistics.median(shares):.1%} of lines (goal: at most a third)")
    print(f"sign-off before the limit: {min(ends):.1f}-{max(ends):.1f} s (goal: within 20 s); "
          f"longest silence {max(gaps):.1f} s (goal: at most 5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

# SPDX-License-Identifier: GPL-3.0-or-later
"""How long the one-folder app takes to build and how big it is, with its
largest parts (to see what to leave out next). Prints figures only.

    python bench/build_app.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import build  # noqa: E402


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="fmdesk-build-"))
    folder, seconds, size = build.build(work / "dist", work / "work")
    print(f"built in {seconds:.0f} s on this machine; dist/fmdesk is {size / 2**20:.0f} MB")
    inside = folder / "_internal"
    # Symlinks (PyInstaller links a library to where it was found) count nothing.
    parts = sorted(((build.folder_size(p) if p.is_dir() else 0 if p.is_symlink() else p.stat().st_size, p.name)
                    for p in inside.iterdir()), reverse=True)
    print("largest parts:")
    for bytes_, name in parts[:10]:
        print(f"  {bytes_ / 2**20:6.0f} MB  {name}")


if __name__ == "__main__":
    main()

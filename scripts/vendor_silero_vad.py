# SPDX-License-Identifier: GPL-3.0-or-later
"""Remake fmdesk/hearing/data/silero_vad.onnx (and its MIT licence) from
PyPI's silero-vad 6.2.3, and check it is the file fmdesk ships.

    python scripts/vendor_silero_vad.py [--check]

The package is only downloaded (pip download --no-deps), never installed:
it depends on torch, which fmdesk never imports.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "6.2.3"
DATA = Path(__file__).resolve().parent.parent / "fmdesk" / "hearing" / "data"
sys.path.insert(0, str(DATA.parents[2]))

from fmdesk.hearing.gate import SILERO_SHA256  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:",
                        "-d", tmp, f"silero-vad=={VERSION}"], check=True)
        wheel = next(Path(tmp).glob("silero_vad-*.whl"))
        with zipfile.ZipFile(wheel) as whl:
            model = whl.read("silero_vad/data/silero_vad.onnx")
            licence = whl.read(next(n for n in whl.namelist() if n.endswith("licenses/LICENSE")))
    digest = hashlib.sha256(model).hexdigest()
    if digest != SILERO_SHA256:
        print(f"✗ silero_vad.onnx from {wheel.name} is {digest}, fmdesk expects {SILERO_SHA256}")
        return 1
    if args.check:
        shipped = hashlib.sha256((DATA / "silero_vad.onnx").read_bytes()).hexdigest()
        print(("✓ the shipped file matches" if shipped == digest else "✗ the shipped file differs") +
              f" silero-vad {VERSION}")
        return 0 if shipped == digest else 1
    (DATA / "silero_vad.onnx").write_bytes(model)
    (DATA / "LICENSE.silero-vad").write_bytes(licence)
    print(f"✓ wrote {DATA / 'silero_vad.onnx'} ({len(model)} bytes) and its licence")
    return 0


if __name__ == "__main__":
    sys.exit(main())

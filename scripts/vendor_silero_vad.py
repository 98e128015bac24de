# SPDX-License-Identifier: GPL-3.0-or-later
"""Remake fmdesk/hearing/data/silero_vad.onnx (and its MIT licence) from
PyPI's silero-vad 6.2.3, and check it is the file fmdesk ships.

    python scripts/vendor_silero_vad.py [--check]

The package is only downloaded (pip download --no-deps), never installed:
it depends on torch, which fmdesk never imports.
"""

from __future__ import annotations

import sys
from pathlib import Path

VERSION = "6.2.3"
DATA = Path(__file__).resolve().parent.parent / "fmdesk" / "hearing" / "data"
sys.path.insert(0, str(DATA.parents[2]))

from fmdesk.hearing.gate import SILERO_SHA256  # noqa: E402
from scripts.vendoring import vendor  # noqa: E402


def write_licence(wheel) -> None:
    licence = next(n for n in wheel.namelist() if n.endswith("licenses/LICENSE"))
    (DATA / "LICENSE.silero-vad").write_bytes(wheel.read(licence))


if __name__ == "__main__":
    sys.exit(vendor(description=__doc__.splitlines()[0], requirement=f"silero-vad=={VERSION}",
                    expected_sha256=SILERO_SHA256, target=DATA / "silero_vad.onnx",
                    extract=lambda wheel: wheel.read("silero_vad/data/silero_vad.onnx"),
                    write_licence=write_licence))

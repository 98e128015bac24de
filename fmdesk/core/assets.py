# SPDX-License-Identifier: GPL-3.0-or-later
"""The one way to find an asset (the top-level assets/ folder, shipped as the
`fmdesk_assets` package): installed, editable, or frozen by PyInstaller."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path


def asset_path(name: str) -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        # The built app carries the folder as data (packaging/fmdesk.spec), not as a module.
        return Path(frozen) / "fmdesk_assets" / name
    return Path(str(resources.files("fmdesk_assets").joinpath(name)))

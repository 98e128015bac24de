# SPDX-License-Identifier: GPL-3.0-or-later
"""The one way to find an asset: installed, editable, or frozen by PyInstaller."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon


def asset_path(name: str) -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "fmdesk_assets" / name
    return Path(str(resources.files("fmdesk_assets").joinpath(name)))


def app_icon() -> QIcon:
    return QIcon(str(asset_path("fmdesk.svg")))

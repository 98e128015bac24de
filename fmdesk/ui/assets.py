# SPDX-License-Identifier: GPL-3.0-or-later
"""The window's icon, from the one asset finder (fmdesk.core.assets)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from fmdesk.core.assets import asset_path


def app_icon() -> QIcon:
    return QIcon(str(asset_path("fmdesk.svg")))

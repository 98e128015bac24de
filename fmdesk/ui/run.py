# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the window: a QApplication, a qasync loop on the Qt thread, the services."""

from __future__ import annotations

import asyncio
import sys

import qasync
from PySide6.QtWidgets import QApplication, QMessageBox

from fmdesk.ui.assets import app_icon
from fmdesk.ui.ops import message_of
from fmdesk.ui.window import MainWindow


async def _main(services) -> int:
    window = MainWindow(services)
    window.show()
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    window.show_message("Starting the database…")
    try:
        await services.start()
    except Exception as exc:  # a clear message, then the player can fix settings
        message = message_of(exc)
        window.show_message(f"✗ {message}")
        box = QMessageBox(QMessageBox.Icon.Critical, "fmdesk", message +
                          "\n\nFix the database in Settings and start fmdesk again.", parent=window)
        box.open()
        window.show_settings()
        await closed.wait()
        return 1
    for notice in services.notices:
        window.show_message(f"⚠ {notice}")
    window.presenter.start()
    await closed.wait()
    await window.presenter.shutdown()
    await services.stop()
    return 0


def run_window(services) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("fmdesk")
    # Wayland's app id and X11's class: the launcher matches the window to fmdesk.desktop.
    app.setDesktopFileName("fmdesk")
    app.setWindowIcon(app_icon())
    # The loop must outlive the window: closing it pauses a mission on air
    # and stops the services, and Qt would otherwise stop the loop first
    # ("Event loop stopped before Future completed").
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        return loop.run_until_complete(_main(services))

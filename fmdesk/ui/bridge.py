# SPDX-License-Identifier: GPL-3.0-or-later
"""The one bridge from session events to Qt signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class EventBridge(QObject):
    """Re-emits every session event as `event(object)`. The session runs on
    the qasync loop, which is the Qt thread, so delivery is direct."""

    event = Signal(object)

    def attach(self, events) -> None:
        self._unsubscribe = events.subscribe(self.event.emit)

    def detach(self) -> None:
        if getattr(self, "_unsubscribe", None):
            self._unsubscribe()
            self._unsubscribe = None

# SPDX-License-Identifier: GPL-3.0-or-later
"""TALK: a big round button held with the mouse (or the window's talk key).

Lit while held, with the microphone's level as a green ring; a yellow ring
counts down the answer window while a cue is open; visibly off when nobody
can be answered (no cue open, and no caller speaking to cut in on). In toggle mode a click starts talking
and the next one stops.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class TalkButton(QWidget):
    talk_started = Signal()
    talk_stopped = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(120, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Talk")
        self.toggle_mode = False
        self._held = False
        self._countdown: float | None = None  # fraction of the window left
        self._level = 0.0                     # the microphone, 0..1, while held
        self.setEnabled(False)

    @property
    def held(self) -> bool:
        return self._held

    def set_countdown(self, fraction: float | None) -> None:
        self._countdown = None if fraction is None else max(0.0, min(1.0, fraction))
        self.update()

    def set_level(self, level: float) -> None:
        self._level = max(0.0, min(1.0, level))
        self.update()

    @property
    def level(self) -> float:
        return self._level

    # -- the one way in, for the mouse and the keyboard ------------------------------

    def press(self) -> None:
        if not self.isEnabled():
            return
        if self.toggle_mode and self._held:
            self._stop()
        elif not self._held:
            self._held = True
            self.update()
            self.talk_started.emit()

    def release(self) -> None:
        if self._held and not self.toggle_mode:
            self._stop()

    def _stop(self) -> None:
        self._held = False
        self._level = 0.0
        self.update()
        self.talk_stopped.emit()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.press()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.release()

    def changeEvent(self, event) -> None:
        if not self.isEnabled() and self._held:
            self._stop()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 4
        ring = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        inner = ring.adjusted(side * 0.09, side * 0.09, -side * 0.09, -side * 0.09)
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        if not self.isEnabled():
            fill, text = QColor("#6b6b6b"), QColor("#b8b8b8")
        elif self._held:
            fill, text = QColor("#ff3b30"), QColor("#ffffff")
        else:
            fill, text = QColor("#8f1f19"), QColor("#ffe6e3")
        p.setPen(QPen(ink, 2))
        p.setBrush(fill)
        p.drawEllipse(inner)
        if self._countdown is not None and self.isEnabled():
            pen = QPen(QColor("#ffcc00"), side * 0.06, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            span = int(self._countdown * 360 * 16)
            p.drawArc(ring.adjusted(side * 0.04, side * 0.04, -side * 0.04, -side * 0.04), 90 * 16, span)
        if self._held and self._level > 0.0:
            pen = QPen(QColor("#34c759"), side * 0.05, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.drawArc(ring.adjusted(side * 0.025, side * 0.025, -side * 0.025, -side * 0.025),
                      225 * 16, -int(self._level * 270 * 16))
        font = QFont(self.font())
        font.setPixelSize(max(10, int(side * 0.17)))
        font.setBold(True)
        p.setFont(font)
        p.setPen(text)
        p.drawText(inner, Qt.AlignmentFlag.AlignCenter, "TALK")
        p.end()

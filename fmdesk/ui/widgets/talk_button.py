# SPDX-License-Identifier: GPL-3.0-or-later
"""TALK: a big round button held with the mouse (or the window's talk key).

It says one thing at a time (`set_look`), each with its own colour, label
and ring:

- off: grey, nobody to answer;
- cut_in: a caller is speaking; an amber rim: holding TALK cuts them off;
- your_turn: a caller waits; red, with a yellow ring counting the window down;
- typing: the answer is being typed: the window stopped;
- replay: a transmission is heard again: the window stopped;
- recording: held, bright red, the microphone's level as a green ring;
- hearing: blue with a turning arc while the answer is being heard.

In toggle mode a click starts talking and the next one stops.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
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
        self._look = "off"
        self._spin = 0
        self._spinner = QTimer(self)
        self._spinner.setInterval(60)
        self._spinner.timeout.connect(self._turn)
        self.setEnabled(False)

    LOOKS = {  # fill, text, label, line under it
        "off": ("#6b6b6b", "#c4c4c4", "TALK", ""),
        "cut_in": ("#8f1f19", "#ffe6e3", "TALK", "hold to cut in"),
        "your_turn": ("#d9342b", "#ffffff", "TALK", "your turn"),
        "typing": ("#d9342b", "#ffffff", "TALK", "typing…"),
        "replay": ("#8f1f19", "#ffe6e3", "TALK", "say again…"),
        "recording": ("#ff3b30", "#ffffff", "ON AIR", "release to send"),
        "hearing": ("#1d5fa8", "#ffffff", "HEARING", "one moment"),
    }
    PRESSABLE = frozenset({"cut_in", "your_turn", "typing", "replay", "recording"})

    @property
    def look(self) -> str:
        return self._look

    def set_look(self, look: str) -> None:
        """What TALK says now (one of LOOKS); it can be pressed in PRESSABLE ones."""
        if self._held and look not in ("recording", "your_turn", "typing", "cut_in"):
            self._stop()
        self._look = look
        self.setEnabled(look in self.PRESSABLE)
        if look == "hearing":
            self._spinner.start()
        else:
            self._spinner.stop()
        fill, text, label, under = self.LOOKS[look]
        self.setAccessibleDescription(f"{label} {under}".strip())
        self.update()

    def _turn(self) -> None:
        self._spin = (self._spin + 12) % 360
        self.update()

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
        inner = ring.adjusted(side * 0.1, side * 0.1, -side * 0.1, -side * 0.1)
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        look = "recording" if self._held and self._look != "typing" and self._level > 0 else self._look
        fill, text, label, under = self.LOOKS[look]
        if self._held and look in ("your_turn", "cut_in"):
            fill, label, under = "#ff3b30", "TALK", "held"
        p.setPen(QPen(ink, 2))
        p.setBrush(QColor(fill))
        p.drawEllipse(inner)

        def arc(colour: str, width: float, inset: float, start: float, span: float, cap=Qt.PenCapStyle.RoundCap):
            p.setPen(QPen(QColor(colour), side * width, Qt.PenStyle.SolidLine, cap))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawArc(ring.adjusted(side * inset, side * inset, -side * inset, -side * inset),
                      int(start * 16), int(span * 16))

        if look == "cut_in" and not self._held:
            arc("#ffb020", 0.035, 0.045, 0, 360)
        if look == "your_turn" and self._countdown is not None:
            arc("#ffcc00", 0.06, 0.045, 90, self._countdown * 360)
        if look in ("typing", "replay"):
            arc("#ffcc00", 0.03, 0.045, 90, 360 if look == "typing" else 180, Qt.PenCapStyle.FlatCap)
        if look == "recording" or (self._held and self._level > 0.0):
            arc("#34c759", 0.05, 0.045, 225, -self._level * 270, Qt.PenCapStyle.FlatCap)
        if look == "hearing":
            arc("#9fd0ff", 0.05, 0.045, 90 - self._spin, 100)
        font = QFont(self.font())
        font.setPixelSize(max(10, int(side * (0.15 if len(label) > 4 else 0.17))))
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(text))
        top = inner.adjusted(0, 0, 0, -inner.height() * 0.18 if under else 0)
        p.drawText(top, Qt.AlignmentFlag.AlignCenter, label)
        if under:
            small = QFont(self.font())
            small.setPixelSize(max(8, int(side * 0.075)))
            p.setFont(small)
            p.drawText(inner.adjusted(0, inner.height() * 0.42, 0, 0), Qt.AlignmentFlag.AlignCenter, under)
        p.end()

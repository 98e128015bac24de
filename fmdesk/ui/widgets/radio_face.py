# SPDX-License-Identifier: GPL-3.0-or-later
"""The radio face, painted: a dial 87.5–108 MHz with a needle, a tuning knob,
a signal meter, an ON AIR lamp and the mission clock.

Tune by dragging the knob or the needle, the mouse wheel, the arrow keys
(0.1 MHz) or Page Up/Down (1 MHz). Everything scales with the widget and
takes its colours from the palette, so light and dark themes both work.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from fmdesk.core.frequency import BAND_MAX_MHZ, BAND_MIN_MHZ, STEP_MHZ, snap
from fmdesk.ui.widgets.style import radio

FINE_MHZ, COARSE_MHZ = STEP_MHZ, 1.0
# One full turn of the knob sweeps this much of the band.
MHZ_PER_TURN = 4.0


class RadioFace(QWidget):
    tuned = Signal(float)  # the player moved the dial (snapped MHz)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 200)
        self.setAccessibleName("Radio dial")
        self._mhz = 98.0
        self._strength = 0.0
        self._on_air = False
        self._clock = "--:--"
        self._drag: str | None = None
        self._drag_angle = 0.0
        self._accum = 0.0

    # -- state the presenter sets ---------------------------------------------

    @property
    def frequency(self) -> float:
        return self._mhz

    def set_frequency(self, mhz: float) -> None:
        self._mhz = snap(mhz)
        self.setAccessibleDescription(f"{self._mhz:.1f} MHz")
        self.update()

    def set_strength(self, strength: float) -> None:
        self._strength = max(0.0, min(1.0, strength))
        self.update()

    def set_on_air(self, on: bool) -> None:
        self._on_air = on
        self.update()

    def set_clock(self, text: str) -> None:
        self._clock = text
        self.update()

    @property
    def _knob_angle(self) -> float:
        """The knob's mark follows the dial (one turn sweeps MHZ_PER_TURN)."""
        return (self._mhz - BAND_MIN_MHZ) / MHZ_PER_TURN * 2 * math.pi

    # -- geometry -------------------------------------------------------------------

    def _scale_rect(self) -> QRectF:
        w, h = self.width(), self.height()
        m = 0.04 * min(w, h)
        return QRectF(m, m, w * 0.70 - m, h * 0.42)

    def _knob(self) -> tuple[QPointF, float]:
        w, h = self.width(), self.height()
        radius = min(w * 0.11, h * 0.2)
        return QPointF(w * 0.855, h * 0.27), radius

    def _x_of(self, mhz: float) -> float:
        r = self._scale_rect()
        inner = r.adjusted(r.width() * 0.04, 0, -r.width() * 0.04, 0)
        return inner.left() + (mhz - BAND_MIN_MHZ) / (BAND_MAX_MHZ - BAND_MIN_MHZ) * inner.width()

    def _mhz_of(self, x: float) -> float:
        r = self._scale_rect()
        inner = r.adjusted(r.width() * 0.04, 0, -r.width() * 0.04, 0)
        return BAND_MIN_MHZ + (x - inner.left()) / inner.width() * (BAND_MAX_MHZ - BAND_MIN_MHZ)

    # -- input ---------------------------------------------------------------------

    def _tune_to(self, mhz: float) -> None:
        new = snap(mhz)
        if new != self._mhz:
            self.set_frequency(new)
            self.tuned.emit(new)

    def mousePressEvent(self, event) -> None:
        pos = event.position()
        centre, radius = self._knob()
        if math.dist((pos.x(), pos.y()), (centre.x(), centre.y())) <= radius * 1.15:
            self._drag = "knob"
            self._drag_angle = math.atan2(pos.y() - centre.y(), pos.x() - centre.x())
            self._accum = 0.0
        elif self._scale_rect().adjusted(0, 0, 0, self.height() * 0.08).contains(pos):
            self._drag = "needle"
            self._tune_to(self._mhz_of(pos.x()))
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._drag == "needle":
            self._tune_to(self._mhz_of(pos.x()))
        elif self._drag == "knob":
            centre, _ = self._knob()
            angle = math.atan2(pos.y() - centre.y(), pos.x() - centre.x())
            delta = (angle - self._drag_angle + math.pi) % (2 * math.pi) - math.pi
            self._drag_angle = angle
            self._accum += delta / (2 * math.pi) * MHZ_PER_TURN
            steps = int(self._accum / FINE_MHZ)
            if steps:
                self._accum -= steps * FINE_MHZ
                self._tune_to(self._mhz + steps * FINE_MHZ)
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        self._drag = None

    def wheelEvent(self, event) -> None:
        notches = event.angleDelta().y() / 120 or event.angleDelta().x() / 120
        if notches:
            self._tune_to(self._mhz + round(notches) * FINE_MHZ)
        event.accept()

    def keyPressEvent(self, event) -> None:
        step = {
            Qt.Key.Key_Right: FINE_MHZ, Qt.Key.Key_Up: FINE_MHZ,
            Qt.Key.Key_Left: -FINE_MHZ, Qt.Key.Key_Down: -FINE_MHZ,
            Qt.Key.Key_PageUp: COARSE_MHZ, Qt.Key.Key_PageDown: -COARSE_MHZ,
        }.get(event.key())
        if step is None:
            super().keyPressEvent(event)
            return
        self._tune_to(self._mhz + step)

    # -- painting ------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = radio(self)
        body, face, ink, accent = colours.body, colours.face, colours.ink, colours.accent
        w, h = self.width(), self.height()
        unit = min(w, h)

        p.setPen(QPen(ink, unit * 0.006))
        p.setBrush(body)
        p.drawRoundedRect(QRectF(1, 1, w - 2, h - 2), unit * 0.05, unit * 0.05)

        # The dial.
        scale = self._scale_rect()
        p.setBrush(face)
        p.drawRoundedRect(scale, unit * 0.02, unit * 0.02)
        font = QFont(self.font())
        font.setPixelSize(max(8, int(scale.height() * 0.16)))
        p.setFont(font)
        for tenth in range(int(BAND_MIN_MHZ * 10), int(BAND_MAX_MHZ * 10) + 1, 5):
            mhz = tenth / 10
            x = self._x_of(mhz)
            major = tenth % 20 == 0
            length = scale.height() * (0.32 if major else 0.16)
            p.setPen(QPen(ink, unit * (0.005 if major else 0.0025)))
            p.drawLine(QPointF(x, scale.bottom() - unit * 0.01), QPointF(x, scale.bottom() - length))
            if major:
                p.drawText(QRectF(x - 30, scale.top() + scale.height() * 0.12, 60, scale.height() * 0.3),
                           Qt.AlignmentFlag.AlignCenter, f"{mhz:g}")
        p.drawText(scale.adjusted(8, 0, -8, -scale.height() * 0.45),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, "MHz")
        needle_x = self._x_of(self._mhz)
        p.setPen(QPen(accent, unit * 0.008))
        p.drawLine(QPointF(needle_x, scale.top() + unit * 0.01), QPointF(needle_x, scale.bottom() - unit * 0.01))

        # The frequency readout under the dial.
        big = QFont(self.font())
        big.setPixelSize(max(10, int(h * 0.1)))
        big.setBold(True)
        p.setFont(big)
        p.setPen(ink)
        p.drawText(QRectF(scale.left(), scale.bottom() + h * 0.03, scale.width(), h * 0.13),
                   Qt.AlignmentFlag.AlignCenter, f"{self._mhz:.1f} MHz")

        # The knob.
        centre, radius = self._knob()
        p.setPen(QPen(ink, unit * 0.006))
        p.setBrush(QColor("#2b2b2b"))
        p.drawEllipse(centre, radius, radius)
        p.setBrush(QColor("#4a4a4a"))
        p.drawEllipse(centre, radius * 0.78, radius * 0.78)
        mark = QPointF(centre.x() + math.cos(self._knob_angle - math.pi / 2) * radius * 0.62,
                       centre.y() + math.sin(self._knob_angle - math.pi / 2) * radius * 0.62)
        p.setPen(QPen(QColor("#eeeeee"), unit * 0.012, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(centre, mark)
        small = QFont(self.font())
        small.setPixelSize(max(8, int(h * 0.055)))
        p.setFont(small)
        p.setPen(ink)
        p.drawText(QRectF(centre.x() - radius * 1.5, centre.y() + radius * 1.05, radius * 3, h * 0.08),
                   Qt.AlignmentFlag.AlignCenter, "TUNING")

        # The signal meter: five bars.
        base = QRectF(w * 0.05, h * 0.62, w * 0.3, h * 0.28)
        lit = round(self._strength * 5)
        for i in range(5):
            bar_h = base.height() * (0.25 + 0.15 * i)
            bar = QRectF(base.left() + i * base.width() / 5, base.bottom() - bar_h,
                         base.width() / 5 * 0.7, bar_h)
            p.setPen(QPen(ink, unit * 0.003))
            p.setBrush(QColor("#5bd16b") if i < lit else face)
            p.drawRect(bar)
        p.setFont(small)
        p.drawText(QRectF(base.left(), base.bottom() + 2, base.width(), h * 0.07),
                   Qt.AlignmentFlag.AlignLeft, "SIGNAL")

        # The ON AIR lamp.
        lamp = QPointF(w * 0.5, h * 0.74)
        lamp_r = unit * 0.06
        p.setBrush(accent if self._on_air else QColor("#5a1c18"))
        p.setPen(QPen(ink, unit * 0.004))
        if self._on_air:
            glow = QPainterPath()
            glow.addEllipse(lamp, lamp_r * 1.6, lamp_r * 1.6)
            p.fillPath(glow, QColor(255, 90, 78, 70))
        p.drawEllipse(lamp, lamp_r, lamp_r)
        p.drawText(QRectF(lamp.x() - w * 0.1, lamp.y() + lamp_r * 1.3, w * 0.2, h * 0.07),
                   Qt.AlignmentFlag.AlignCenter, "ON AIR")

        # The mission clock.
        clock = QRectF(w * 0.66, h * 0.6, w * 0.3, h * 0.22)
        p.setBrush(face)
        p.drawRoundedRect(clock, unit * 0.015, unit * 0.015)
        big.setPixelSize(max(10, int(clock.height() * 0.6)))
        p.setFont(big)
        p.setPen(accent if self._on_air else ink)
        p.drawText(clock, Qt.AlignmentFlag.AlignCenter, self._clock)
        p.setFont(small)
        p.setPen(ink)
        p.drawText(QRectF(clock.left(), clock.bottom() + 2, clock.width(), h * 0.07),
                   Qt.AlignmentFlag.AlignCenter, "TIME LEFT")
        p.end()

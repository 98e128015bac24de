# SPDX-License-Identifier: GPL-3.0-or-later
"""The radio's colours, shared by every painted part of the window: the face
is the model (a wooden body, a cream or dark dial, red-orange for on air),
and the cards and the logbook are made of the same materials."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QFrame, QWidget

# One colour per caller, in the brief's order; apart in hue and readable on
# both dials (checked by eye in the screenshots, light and dark).
CALLER_COLOURS_LIGHT = ("#b3261e", "#1d5fa8", "#2b7a2b", "#8a4fb0", "#b06000", "#007a7a")
CALLER_COLOURS_DARK = ("#ff7a6e", "#7fb6ff", "#7fd67f", "#d39cff", "#ffb35c", "#5fe0e0")


@dataclass(frozen=True)
class Radio:
    dark: bool
    body: QColor      # the wooden case
    face: QColor      # the dial's card
    ink: QColor       # text and lines on the dial
    faint: QColor     # notes on the dial
    accent: QColor    # on air
    mark: QColor      # numbers heard on air, picked out

    def caller(self, index: int) -> str:
        colours = CALLER_COLOURS_DARK if self.dark else CALLER_COLOURS_LIGHT
        return colours[index % len(colours)]


def radio(widget: QWidget) -> Radio:
    dark = widget.palette().color(QPalette.ColorRole.Window).lightness() < 128
    if dark:
        return Radio(True, QColor("#3b2a20"), QColor("#1d1a16"), QColor("#e8dcc0"), QColor("#a89878"),
                     QColor("#ff5a4e"), QColor("#5a4a1a"))
    return Radio(False, QColor("#c98a4b"), QColor("#f4ead2"), QColor("#3a2616"), QColor("#7a6446"),
                 QColor("#ff5a4e"), QColor("#ffe08a"))


def card_style(widget: QWidget, name: str) -> str:
    """A stylesheet that makes a QFrame named `name` a card of the radio: the
    dial's colour in a wooden rim."""
    r = radio(widget)
    return (f"QFrame#{name} {{ background: {r.face.name()}; border: 6px solid {r.body.name()};"
            f" border-radius: 14px; }}"
            f" QFrame#{name} QLabel {{ color: {r.ink.name()}; background: transparent; }}")


def scaled(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class Card(QFrame):
    """A card of the radio (the dial's colour in a wooden rim), styled from
    the palette each time it is shown."""

    def __init__(self, name: str, extra: str = ""):
        super().__init__()
        self.setObjectName(name)
        self._extra = extra

    def showEvent(self, event) -> None:
        sheet = card_style(self, self.objectName()) + self._extra
        if self.styleSheet() != sheet:  # setting it again would repaint for nothing
            self.setStyleSheet(sheet)
        super().showEvent(event)

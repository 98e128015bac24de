# SPDX-License-Identifier: GPL-3.0-or-later
"""The dial and the TALK button, driven like a player drives them."""

from __future__ import annotations

import pytest

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from fmdesk.ui.widgets.radio_face import RadioFace  # noqa: E402
from fmdesk.ui.widgets.talk_button import TalkButton  # noqa: E402


def face(qtbot) -> tuple[RadioFace, list[float]]:
    widget = RadioFace()
    widget.resize(800, 400)
    qtbot.addWidget(widget)
    widget.show()
    tuned: list[float] = []
    widget.tuned.connect(tuned.append)
    widget.set_frequency(98.0)
    return widget, tuned


def test_drag_the_needle(qtbot):
    widget, tuned = face(qtbot)
    y = int(widget._scale_rect().center().y())
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(int(widget._x_of(100.0)), y))
    for mhz in (101.0, 102.5):
        qtbot.mouseMove(widget, QPoint(int(widget._x_of(mhz)), y))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(int(widget._x_of(102.5)), y))
    assert tuned[0] == 100.0 and abs(tuned[-1] - 102.5) <= 0.1
    assert widget.frequency == tuned[-1]


def test_turn_the_knob_clockwise_tunes_up(qtbot):
    widget, tuned = face(qtbot)
    centre, radius = widget._knob()
    r = radius * 0.6
    # A quarter turn clockwise, from 12 o'clock to 3 o'clock, in small steps.
    import math
    points = [QPoint(int(centre.x() + r * math.sin(a)), int(centre.y() - r * math.cos(a)))
              for a in [i * math.pi / 20 for i in range(11)]]
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(widget, point)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=points[-1])
    assert widget.frequency > 98.0 and abs(widget.frequency - 99.0) <= 0.15  # 4 MHz a turn


def test_the_knob_points_where_the_dial_reads(qtbot):
    """However it was tuned (keys, wheel, a typed frequency), the knob's mark
    is where the dial is: no drift (it once pointed near 107 at 98.0)."""
    turned, _ = face(qtbot)
    for _ in range(30):
        qtbot.keyClick(turned, Qt.Key.Key_PageUp)
    wheel(turned, -7)
    turned.set_frequency(98.0)
    fresh, _ = face(qtbot)
    fresh.set_frequency(98.0)
    assert turned._knob_angle == fresh._knob_angle
    fresh.set_frequency(99.0)  # a quarter turn per MHz
    import math
    assert fresh._knob_angle - turned._knob_angle == pytest.approx(math.pi / 2)


def wheel(widget, notches: int) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, widget.mapToGlobal(centre), QPoint(), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_and_keys(qtbot):
    widget, tuned = face(qtbot)
    wheel(widget, 3)
    assert widget.frequency == 98.3
    wheel(widget, -1)
    assert widget.frequency == 98.2
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert widget.frequency == 98.3
    qtbot.keyClick(widget, Qt.Key.Key_Left)
    qtbot.keyClick(widget, Qt.Key.Key_Left)
    assert widget.frequency == 98.1
    qtbot.keyClick(widget, Qt.Key.Key_PageUp)
    assert widget.frequency == 99.1
    qtbot.keyClick(widget, Qt.Key.Key_PageDown)
    qtbot.keyClick(widget, Qt.Key.Key_PageDown)
    assert widget.frequency == 97.1
    assert tuned[-1] == 97.1


def test_the_dial_stops_at_the_band_edges(qtbot):
    widget, _ = face(qtbot)
    widget.setFocus()
    for _ in range(30):
        qtbot.keyClick(widget, Qt.Key.Key_PageUp)
    assert widget.frequency == 108.0


def button(qtbot) -> tuple[TalkButton, list[str]]:
    widget = TalkButton()
    widget.resize(160, 160)
    qtbot.addWidget(widget)
    widget.show()
    said: list[str] = []
    widget.talk_started.connect(lambda: said.append("start"))
    widget.talk_stopped.connect(lambda: said.append("stop"))
    return widget, said


def test_talk_is_held_with_the_mouse(qtbot):
    widget, said = button(qtbot)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    assert said == [], "no cue open: the button is off"
    widget.setEnabled(True)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton)
    assert widget.held and said == ["start"]
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton)
    assert not widget.held and said == ["start", "stop"]


def test_toggle_mode_and_disabling_releases(qtbot):
    widget, said = button(qtbot)
    widget.setEnabled(True)
    widget.toggle_mode = True
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    assert widget.held
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    assert not widget.held and said == ["start", "stop"]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    widget.setEnabled(False)  # the cue closed while talking
    assert not widget.held and said[-1] == "stop"


def test_the_face_paints_at_any_size_in_both_palettes(qtbot):
    widget, _ = face(qtbot)
    widget.set_strength(0.6)
    widget.set_on_air(True)
    widget.set_clock("04:59")
    for size in ((360, 200), (1600, 900)):
        widget.resize(*size)
        image = widget.grab().toImage()
        assert image.width() >= size[0] and not image.isNull()
        # The painting is not blank: the lamp's red is somewhere.
        colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}
        assert len(colours) > 10


def test_the_level_ring_shows_while_held_and_clears_on_release(qtbot):
    widget, _ = button(qtbot)
    widget.resize(200, 200)
    widget.setEnabled(True)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton)
    quiet = widget.grab().toImage()
    widget.set_level(0.9)
    loud = widget.grab().toImage()
    assert widget.level == 0.9 and quiet != loud, "the green ring is drawn"
    green = loud.pixelColor(100 - 90, 100)  # on the ring, left side (the ring starts at 225°)
    assert green.green() > green.red()
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton)
    assert widget.level == 0.0

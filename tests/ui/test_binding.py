# SPDX-License-Identifier: GPL-3.0-or-later
"""The Qt binding must not leak references to None from Python overrides.

PySide6 6.12.0 decrements None's refcount on every call into a Python
virtual override; on Python 3.11 (where None is not immortal) the window
then dies after some thousands of repaints with "deallocating None".
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fmdesk.ui.widgets.radio_face import RadioFace  # noqa: E402


def test_repainting_does_not_eat_references_to_none(qtbot):
    face = RadioFace()
    face.resize(400, 220)
    qtbot.addWidget(face)
    face.show()
    for _ in range(50):
        face.repaint()
    before = sys.getrefcount(None)
    for _ in range(2000):
        face.repaint()
    lost = before - sys.getrefcount(None)
    assert lost < 100, f"{lost} references to None lost in 2000 repaints: a broken Qt binding"

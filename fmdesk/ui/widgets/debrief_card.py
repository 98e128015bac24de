# SPDX-License-Identifier: GPL-3.0-or-later
"""The debrief card: the verdict and the ending, each decision with how it
went (✓ / ✗ and one line), the chain of consequences, the time on air;
a new mission or the history from here."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy,
                               QVBoxLayout, QWidget)

from fmdesk.core.timing import clock_text
from fmdesk.ui.widgets.style import Card, radio, scaled

MARKS = {"good": ("✓", "#2f9e44"), "bad": ("✗", "#d9342b"), "neutral": ("•", "")}


class DebriefCard(Card):
    new_mission = Signal()
    show_history = Signal()

    def __init__(self):
        super().__init__("debriefCard", " QWidget#debriefBody { background: transparent; }"
                                        " QScrollArea { background: transparent; }")
        self.verdict = QLabel()
        self.verdict.setFont(scaled(self, 1.8, bold=True))
        self.ending = QLabel()
        self.ending.setFont(scaled(self, 1.25, bold=True))
        self.ending.setWordWrap(True)
        self.decisions = QLabel()
        self.decisions.setWordWrap(True)
        self.decisions.setTextFormat(Qt.TextFormat.RichText)
        self.decisions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.decisions.setFont(scaled(self, 1.1))
        self.decisions.setAccessibleName("Decisions")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setFont(scaled(self, 1.05))
        self.air = QLabel()
        body = QWidget()
        body.setObjectName("debriefBody")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 8, 0)
        inner.addWidget(self.ending)
        inner.addWidget(self.decisions)
        inner.addWidget(self.summary)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.scroll = scroll
        self.again = QPushButton("New mission")
        self.again.setAutoDefault(True)  # Enter on a focused button presses it (Space is TALK)
        self.again.clicked.connect(self.new_mission.emit)
        self.history = QPushButton("History…")
        self.history.setAutoDefault(True)
        self.history.clicked.connect(self.show_history.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.air, 1)
        buttons.addWidget(self.history)
        buttons.addWidget(self.again)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(self.verdict)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def show_outcome(self, ended) -> None:
        """`ended`: a MissionEnded event."""
        self.verdict.setText("Mission accomplished" if ended.success else "Mission failed")
        self.verdict.setStyleSheet(f"color: {'#2f9e44' if ended.success else '#d9342b'};")
        self.ending.setText(ended.ending)
        self.ending.setVisible(bool(ended.ending))
        faint = radio(self).faint.name()
        rows = []
        for d in ended.decisions:
            mark, colour = MARKS[d.verdict]
            by = f" <span style='color:{faint}'>(decided for you)</span>" if d.by == "caller" else ""
            note = f"<br><span style='color:{faint}'>→ {html.escape(d.note)}</span>" if d.note else ""
            rows.append(
                f"<tr><td style='padding:4px 10px 4px 0; font-size:x-large; color:{colour or faint}'><b>{mark}</b></td>"
                f"<td style='padding:4px 0'><b>{html.escape(d.question)}</b><br>{html.escape(d.answer)}{by}{note}</td></tr>")
        self.decisions.setText(f"<table>{''.join(rows)}</table>" if rows else
                               "<i>No question was answered on air.</i>")
        # A director that tracks its story tells the chain in the decisions'
        # notes, then how it ended; another one's summary is its own paragraph.
        self.summary.setText(ended.epilogue if ended.ending else ended.summary)
        self.summary.setVisible(bool(self.summary.text()))
        self.air.setText(f"On air {clock_text(ended.air_s)}")
        self.again.setFocus()

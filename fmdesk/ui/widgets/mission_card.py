# SPDX-License-Identifier: GPL-3.0-or-later
"""The mission card: the brief at hand. Before the show it carries the
whole brief; on air it stays beside the logbook with the title, the task,
each caller in their colour, and the time left."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout

from fmdesk.ui.widgets.style import Card, radio, scaled


class MissionCard(Card):
    def __init__(self, *, full: bool):
        super().__init__("missionCard")
        self.full = full  # the whole brief (the brief page), or what the show needs (on air)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.title = QLabel()
        self.title.setFont(scaled(self, 1.45, bold=True))
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setFont(scaled(self, 1.1))
        self.clock = QLabel()
        self.clock.setFont(scaled(self, 1.6, bold=True))
        self.clock.setAccessibleName("Time left")
        for label in (self.title, self.body, self.clock):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.clock)
        self._brief = None
        self._colours: dict[str, str] = {}
        self.clear()

    def clear(self, text: str = "Request a mission to get your brief.") -> None:
        self._brief = None
        self.title.setText("No mission yet")
        self.body.setText(html.escape(text))
        self.clock.hide()

    def show_brief(self, brief, colours: dict[str, str]) -> None:
        """`brief`: a BriefReady (or anything with its fields)."""
        self._brief, self._colours = brief, colours
        self._fill()

    def set_clock(self, text: str) -> None:
        self.clock.setText(f"TIME LEFT  {text}")
        self.clock.show()

    def _fill(self) -> None:
        brief = self._brief
        if brief is None:
            return
        ink = radio(self).faint.name()
        callers = "".join(
            f"<tr><td style='padding:2px 8px 2px 0'><span style='color:{self._colours.get(c.name, '')};"
            f" font-size:large'>●</span></td><td style='padding:2px 0'><b>{html.escape(c.name)}</b>"
            f" <span style='color:{ink}'>— {html.escape(c.role)}</span></td></tr>"
            for c in brief.callers)
        minutes = f"{brief.time_limit_s // 60}:{brief.time_limit_s % 60:02d}"
        parts = []
        if self.full:
            parts.append(f"<p>{html.escape(brief.brief)}</p>")
        parts.append(f"<p><b>Your task:</b> {html.escape(brief.task)}</p>")
        parts.append(f"<p style='margin-bottom:2px'><b>On this channel:</b></p><table>{callers}</table>")
        if self.full:
            parts.append(f"<p><b>Tune to {brief.frequency_mhz:.1f} MHz</b> · time limit {minutes}</p>")
        self.title.setText(brief.title)
        self.body.setText("".join(parts))

    def showEvent(self, event) -> None:
        self._fill()  # the callers' colours follow the palette
        super().showEvent(event)

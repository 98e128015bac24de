# SPDX-License-Identifier: GPL-3.0-or-later
"""The window's pages: sign in, brief, on air, debrief; and the history panel."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QProgressBar, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


class SignInPage(QWidget):
    sign_in = Signal(str)

    def __init__(self):
        super().__init__()
        self.callsign = QComboBox()
        self.callsign.setEditable(True)
        self.callsign.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.callsign.lineEdit().setPlaceholderText("NOVA-7")
        self.callsign.setAccessibleName("Callsign")
        self.button = QPushButton("Sign in")
        self.button.setDefault(True)
        self.button.clicked.connect(lambda: self.sign_in.emit(self.callsign.currentText()))
        self.callsign.lineEdit().returnPressed.connect(self.button.click)
        row = QHBoxLayout()
        row.addWidget(self.callsign, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(_title("Who's on the radio tonight?"))
        layout.addWidget(QLabel("Pick your callsign, or type a new one (letters, digits, dashes)."))
        layout.addLayout(row)
        layout.addStretch(1)

    def set_callsigns(self, names: list[str], preferred: str) -> None:
        self.callsign.clear()
        self.callsign.addItems(names)
        self.callsign.setCurrentText(preferred or (names[0] if names else ""))
        self.callsign.setFocus()


class BriefPage(QWidget):
    request = Signal()
    resume = Signal()
    show_history = Signal()

    def __init__(self):
        super().__init__()
        self.request_button = QPushButton("Request mission")
        self.request_button.clicked.connect(self.request.emit)
        self.resume_button = QPushButton()
        self.resume_button.clicked.connect(self.resume.emit)
        self.resume_button.hide()
        self.history_button = QPushButton("History…")
        self.history_button.clicked.connect(self.show_history.emit)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.text = QLabel("Request a mission to get your brief.")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d9342b;")
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.request_button)
        buttons.addWidget(self.resume_button)
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.text, 1)

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.request_button.setEnabled(not busy)
        if busy:
            self.error.hide()
            self.text.setText("The director is writing your mission…")

    def show_brief(self, brief) -> None:
        callers = "".join(f"<li><b>{html.escape(c.name)}</b> — {html.escape(c.role)}</li>"
                          for c in brief.callers)
        minutes = f"{brief.time_limit_s // 60}:{brief.time_limit_s % 60:02d}"
        self.text.setText(
            f"<h2>{html.escape(brief.title)}</h2><p>{html.escape(brief.brief)}</p>"
            f"<p><b>Task:</b> {html.escape(brief.task)}</p><p><b>Callers:</b></p><ul>{callers}</ul>"
            f"<p><b>Tune to {brief.frequency_mhz:.1f} MHz</b> · time limit {minutes}</p>")
        self.request_button.setText("Request another mission")

    def show_failure(self, message: str) -> None:
        self.error.setText(f"The mission could not be prepared: {message}")
        self.error.show()
        self.text.setText("Try again: “Retry” asks the director once more.")
        self.request_button.setText("Retry")
        self.request_button.setEnabled(True)

    def offer_resume(self, mission) -> None:
        if mission is None or mission.brief is None:
            self.resume_button.hide()
            return
        self.resume_button.setText(f"Resume “{mission.brief.title}”")
        self.resume_button.show()


class OnAirPage(QWidget):
    answer = Signal(str)

    def __init__(self):
        super().__init__()
        self.speaker = QLabel()
        self.speaker.setStyleSheet("color: #d9342b; font-weight: bold;")
        self.subtitle = QLabel("…")
        self.subtitle.setWordWrap(True)
        font = QFont(self.subtitle.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.subtitle.setFont(font)
        self.subtitle.setMinimumHeight(60)
        self.subtitle.setAccessibleName("Subtitles")
        self.transcript = QListWidget()
        self.transcript.setWordWrap(True)
        self.transcript.setAccessibleName("Transcript")
        self.prompt = QLabel()
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("Type an answer here when a caller waits for you, then Enter")
        self.entry.setAccessibleName("Your answer")
        self.send = QPushButton("Send")
        self.send.clicked.connect(self._send)
        self.entry.returnPressed.connect(self._send)
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(self.send)
        layout = QVBoxLayout(self)
        layout.addWidget(self.speaker)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.prompt)
        layout.addLayout(row)
        self.set_cue(False, "")

    def _send(self) -> None:
        self.answer.emit(self.entry.text())

    def set_subtitle(self, speaker: str, text: str) -> None:
        self.speaker.setText(speaker)
        self.subtitle.setText(text)

    def add_line(self, who: str, text: str) -> None:
        item = QListWidgetItem(f"{who}: {text}" if who else text)
        if not who:
            item.setForeground(self.palette().placeholderText())
        elif who == "YOU":
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.transcript.addItem(item)
        self.transcript.scrollToBottom()

    def set_cue(self, open_: bool, prompt: str) -> None:
        self.prompt.setText(prompt)
        self.send.setEnabled(open_)
        if not open_:
            self.entry.clear()

    def clear(self) -> None:
        self.transcript.clear()
        self.set_subtitle("", "…")


class HistoryPanel(QWidget):
    open_mission = Signal(str)

    def __init__(self):
        super().__init__()
        self.list = QListWidget()
        self.list.setAccessibleName("Past missions")
        self.list.currentItemChanged.connect(self._chosen)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(self.text)
        split.setSizes([260, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def set_missions(self, missions) -> None:
        self.list.clear()
        for m in missions:
            title = m.brief.title if m.brief else (m.error or m.status)
            state = ("✓" if m.play.outcome.success else "✗") if m.play.outcome else "…"
            item = QListWidgetItem(f"{state} {m.requested_at:%Y-%m-%d %H:%M}  {title}")
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.list.addItem(item)

    def _chosen(self, item) -> None:
        if item is not None:
            self.open_mission.emit(item.data(Qt.ItemDataRole.UserRole))

    def show_transcript(self, text: str) -> None:
        self.text.setPlainText(text)


class DebriefPage(QWidget):
    new_mission = Signal()

    def __init__(self):
        super().__init__()
        self.verdict = _title("")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.again = QPushButton("New mission")
        self.again.clicked.connect(self.new_mission.emit)
        self.history = HistoryPanel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.summary)
        layout.addWidget(self.again, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(QLabel("Your missions:"))
        layout.addWidget(self.history, 1)

    def show_outcome(self, success: bool, summary: str) -> None:
        self.verdict.setText("Mission accomplished" if success else "Mission failed")
        self.verdict.setStyleSheet(f"color: {'#2f9e44' if success else '#d9342b'};")
        self.summary.setText(summary)

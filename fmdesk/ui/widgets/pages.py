# SPDX-License-Identifier: GPL-3.0-or-later
"""The window's pages: sign in, brief, on air, debrief; and the history panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QProgressBar, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from fmdesk.ui.widgets.debrief_card import DebriefCard
from fmdesk.ui.widgets.logbook import Entry, Logbook
from fmdesk.ui.widgets.mission_card import MissionCard
from fmdesk.ui.widgets.style import Card, scaled


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setFont(scaled(label, 1.5, bold=True))
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
        self.how = HowToPlay()
        layout = QVBoxLayout(self)
        layout.addWidget(_title("Who's on the radio tonight?"))
        layout.addWidget(QLabel("Pick your callsign, or type a new one (letters, digits, dashes)."))
        layout.addLayout(row)
        layout.addWidget(self.how, 1)

    def set_callsigns(self, names: list[str], preferred: str) -> None:
        self.callsign.clear()
        self.callsign.addItems(names)
        self.callsign.setCurrentText(preferred or (names[0] if names else ""))
        self.callsign.setFocus()


class HowToPlay(Card):
    """The sign-in page's card: how a mission goes, in five steps."""

    STEPS = (
        ("Get a brief", "Request a mission: you get the story, your task and who is on your channel."),
        ("Tune in", "Drag the needle or the knob, scroll, use the arrow keys, or type the frequency. "
                    "The static clears as you get close; on the frequency you are on air."),
        ("Listen", "Callers talk over the radio. Everything said goes in the logbook; numbers are "
                   "picked out. R (or ↻) hears a transmission again while a caller waits."),
        ("Answer", "When a caller waits for you, hold TALK (or Space), speak, and let go — or just "
                   "type and press Enter. Hold TALK while a caller speaks to cut in."),
        ("Debrief", "When the time is up you hear how it went, decision by decision. Missions are "
                    "kept: close fmdesk any time and resume later."),
    )

    def __init__(self):
        super().__init__("howCard")
        text = QLabel("".join(f"<p style='margin:6px 0'><b>{i}. {title}.</b> {body}</p>"
                              for i, (title, body) in enumerate(self.STEPS, 1)))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text.setFont(scaled(text, 1.1))
        heading = QLabel("How a mission goes")
        heading.setFont(scaled(heading, 1.3, bold=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(heading)
        layout.addWidget(text, 1)


class BriefPage(QWidget):
    request = Signal()
    resume = Signal()
    show_history = Signal()

    def __init__(self):
        super().__init__()
        self.request_button = QPushButton("Request mission")
        self.request_button.setAutoDefault(True)  # Enter on the focused button (Space is TALK)
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
        self.card = MissionCard(full=True)
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
        layout.addWidget(self.card, 1)

    def text(self) -> str:
        """What the card says, as plain text."""
        return f"{self.card.title.text()}\n{QTextDocumentFragment.fromHtml(self.card.body.text()).toPlainText()}"

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.request_button.setEnabled(not busy)
        if busy:
            self.error.hide()
            self.card.clear("The director is writing your mission…")

    def show_brief(self, brief, colours: dict[str, str]) -> None:
        self.card.show_brief(brief, colours)
        self.request_button.setText("Request another mission")

    def clear(self) -> None:
        self.error.hide()
        self.card.clear()
        self.request_button.setText("Request mission")
        self.request_button.setEnabled(True)
        self.request_button.setFocus()

    def show_failure(self, message: str) -> None:
        self.error.setText(f"The mission could not be prepared: {message}")
        self.error.show()
        self.card.clear("Try again: “Retry” asks the director once more.")
        self.request_button.setText("Retry")
        self.request_button.setEnabled(True)

    def offer_resume(self, mission) -> None:
        if mission is None or mission.brief is None:
            self.resume_button.hide()
            return
        self.resume_button.setText(f"Resume “{mission.brief.title}”")
        self.resume_button.show()


class OnAirPage(QWidget):
    """On air: the mission card on the left; on the right what is said now
    (subtitles), the logbook, and the answer box with say again."""

    answer = Signal(str)
    typing = Signal()       # the first keystroke of an answer
    again = Signal(object)  # a transmission's seq, or None for the last one

    def __init__(self):
        super().__init__()
        self.card = MissionCard(full=False)
        self.card.setMaximumWidth(340)
        self.card.setMinimumWidth(260)
        self.speaker = QLabel()
        self.speaker.setFont(scaled(self, 1.15, bold=True))
        self.subtitle = QLabel("…")
        self.subtitle.setWordWrap(True)
        self.subtitle.setFont(scaled(self, 1.35))
        self.subtitle.setMinimumHeight(56)
        self.subtitle.setAccessibleName("Subtitles")
        self.logbook = Logbook()
        self.logbook.set_text_scale(1.35)  # as large as the subtitles' body
        self.logbook.again.connect(self.again.emit)
        self.prompt = QLabel()
        self.prompt.setFont(scaled(self, 1.1, bold=True))
        self.entry = QLineEdit()
        self.entry.setPlaceholderText("Type an answer (Enter sends) — typing stops the countdown")
        self.entry.setAccessibleName("Your answer")
        self.entry.setFont(scaled(self, 1.2))
        self.entry.textEdited.connect(self._edited)
        self.send = QPushButton("Send")
        self.send.clicked.connect(self._send)
        self.entry.returnPressed.connect(self._send)
        self.again_button = QPushButton("↻ Say again (R)")
        self.again_button.setToolTip("Hear the last transmission again (R). Click ↻ in the logbook for another one.")
        self.again_button.clicked.connect(lambda: self.again.emit(None))
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(self.send)
        row.addWidget(self.again_button)
        right = QVBoxLayout()
        right.addWidget(self.speaker)
        right.addWidget(self.subtitle)
        right.addWidget(self.logbook, 1)
        right.addWidget(self.prompt)
        right.addLayout(row)
        layout = QHBoxLayout(self)
        layout.addWidget(self.card)
        layout.addLayout(right, 1)
        self.set_cue(False, "")

    def _edited(self, text: str) -> None:
        if text:
            self.typing.emit()

    def _send(self) -> None:
        self.answer.emit(self.entry.text())

    def set_subtitle(self, speaker: str, text: str, colour: str = "") -> None:
        self.speaker.setText(speaker)
        self.speaker.setStyleSheet(f"color: {colour};" if colour else "")
        self.subtitle.setText(text)

    def add_entry(self, entry: Entry) -> None:
        self.logbook.add(entry)

    def set_cue(self, open_: bool, prompt: str) -> None:
        self.prompt.setText(prompt)
        self.again_button.setEnabled(open_)

    def clear(self) -> None:
        self.logbook.clear_log()
        self.entry.clear()
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
        self.text.setPlainText("Pick a mission to read its transcript.")
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
    show_history = Signal()

    def __init__(self):
        super().__init__()
        self.card = DebriefCard()
        self.card.new_mission.connect(self.new_mission.emit)
        self.card.show_history.connect(self.show_history.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.card)

    def show_outcome(self, ended) -> None:
        self.card.show_outcome(ended)

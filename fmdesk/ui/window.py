# SPDX-License-Identifier: GPL-3.0-or-later
"""The main window: the radio face and TALK on top, the current page below,
messages in the status bar. It wires widgets to the presenter and nothing else."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QDialog, QHBoxLayout, QKeySequenceEdit,
                               QLabel, QLineEdit, QMainWindow, QMessageBox, QPlainTextEdit,
                               QPushButton, QStackedWidget, QTextEdit, QVBoxLayout, QWidget)

from fmdesk import __version__
from fmdesk.ui import ops
from fmdesk.ui.assets import app_icon
from fmdesk.ui.presenter import RadioPresenter
from fmdesk.ui.widgets.pages import BriefPage, DebriefPage, HistoryPanel, OnAirPage, SignInPage
from fmdesk.ui.widgets.radio_face import RadioFace
from fmdesk.ui.widgets.settings import SettingsDialog
from fmdesk.ui.widgets.style import radio
from fmdesk.ui.widgets.talk_button import TalkButton

_TYPING = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QKeySequenceEdit)


class TalkKey(QObject):
    """The talk key held anywhere in the window is TALK, except where the
    player is typing (there it types). Auto-repeat is not a new press. Once
    the key went down as TALK, it stays TALK until it comes up, wherever the
    focus moves meanwhile (pressing TALK moves it to the answer box)."""

    def __init__(self, window: QWidget, button: TalkButton, key: int):
        super().__init__(window)
        self.window, self.button, self.key = window, button, key
        self._down = False

    def eventFilter(self, target, event) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if event.key() != self.key or not isinstance(target, QWidget) or target.window() is not self.window:
            return False
        if kind == QEvent.Type.KeyPress:
            if self._down or event.isAutoRepeat():
                return self._down
            focus = self.window.focusWidget()
            if isinstance(focus, _TYPING) or (isinstance(focus, QComboBox) and focus.isEditable()):
                return False
            self._down = True
            self.button.press()
            return True
        if not self._down:
            return False
        if not event.isAutoRepeat():  # X11 repeats as release+press pairs
            self._down = False
            self.button.release()
        return True


class AgainKey(QObject):
    """R anywhere in the window (except where the player types) hears the
    last transmission again."""

    def __init__(self, window: QWidget, again):
        super().__init__(window)
        self.window, self.again = window, again

    def eventFilter(self, target, event) -> bool:
        if event.type() != QEvent.Type.KeyPress or event.key() != Qt.Key.Key_R or event.isAutoRepeat():
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if not isinstance(target, QWidget) or target.window() is not self.window:
            return False
        focus = self.window.focusWidget()
        if isinstance(focus, _TYPING) or (isinstance(focus, QComboBox) and focus.isEditable()):
            return False
        self.again(None)
        return True


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, services):
        super().__init__()
        self.services = services
        self.setWindowTitle("fmdesk")
        self.setWindowIcon(app_icon())
        self.resize(1000, 720)
        self.presenter = RadioPresenter(services, self)

        self.face = RadioFace()
        self.talk = TalkButton()
        self.talk.toggle_mode = services.talk_mode == "toggle"
        self.tune_entry = QLineEdit()
        self.tune_entry.setPlaceholderText("93.5")
        self.tune_entry.setMaximumWidth(110)
        self.tune_entry.setAccessibleName("Frequency")
        tune_button = QPushButton("Tune")
        tune_button.clicked.connect(self._tune_typed)
        self.tune_entry.returnPressed.connect(self._tune_typed)
        self.hint = QLabel("Request a mission, then tune in.")
        self.hint.setWordWrap(True)
        tune_row = QHBoxLayout()
        tune_row.addWidget(QLabel("Frequency (MHz):"))
        tune_row.addWidget(self.tune_entry)
        tune_row.addWidget(tune_button)
        tune_row.addWidget(self.hint, 1)
        top = QHBoxLayout()
        top.addWidget(self.face, 4)
        top.addWidget(self.talk, 1)

        self.pages = QStackedWidget()
        self.sign_in_page = SignInPage()
        self.brief_page = BriefPage()
        self.on_air_page = OnAirPage()
        self.debrief_page = DebriefPage()
        for page in (self.sign_in_page, self.brief_page, self.on_air_page, self.debrief_page):
            self.pages.addWidget(page)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top, 4)
        layout.addLayout(tune_row)
        layout.addWidget(self.pages, 7)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Starting…")
        ops.default_error_sink = self.show_message

        self._menus()
        self._wire()
        self.talk_key = TalkKey(self, self.talk, _key_code(services.talk_key))
        QApplication.instance().installEventFilter(self.talk_key)
        self._settings: SettingsDialog | None = None
        self._history: QDialog | None = None
        self.history_panel: HistoryPanel | None = None
        self._resumable = None
        self._colours: dict[str, str] = {}
        self.again_key = AgainKey(self, self.presenter.again)
        QApplication.instance().installEventFilter(self.again_key)

    def _menus(self) -> None:
        radio = self.menuBar().addMenu("&Radio")
        new = QAction("&New mission", self)
        new.triggered.connect(self.presenter.new_mission)
        history = QAction("&History…", self)
        history.triggered.connect(self.show_history)
        settings = QAction("&Settings…", self)
        settings.setShortcut(QKeySequence.StandardKey.Preferences)
        settings.triggered.connect(self.show_settings)
        quit_ = QAction("&Quit", self)
        quit_.setShortcut(QKeySequence.StandardKey.Quit)
        quit_.triggered.connect(self.close)
        for action in (new, history, settings, quit_):
            radio.addAction(action)
        help_ = self.menuBar().addMenu("&Help")
        check = QAction("&Check this machine…", self)
        check.triggered.connect(self.show_doctor)
        about = QAction("&About fmdesk", self)
        about.triggered.connect(self._about)
        help_.addAction(check)
        help_.addAction(about)

    def _wire(self) -> None:
        p = self.presenter
        p.screen.connect(self._show_screen)
        p.status.connect(self.show_message)
        p.callsigns.connect(self.sign_in_page.set_callsigns)
        p.signed_in.connect(lambda cs: self.setWindowTitle(f"fmdesk — {cs}"))
        p.busy.connect(self.brief_page.set_busy)
        p.callers.connect(self._set_callers)
        p.brief.connect(self._brief)
        p.cleared.connect(self._cleared)
        p.failed.connect(self.brief_page.show_failure)
        p.resumable.connect(self._offer_resume)
        p.reception.connect(self._reception)
        p.on_air.connect(self.face.set_on_air)
        p.clock.connect(self._clock)
        p.subtitle.connect(self._subtitle)
        p.entry.connect(self._entry)
        p.cue.connect(self._cue)
        p.countdown.connect(self.talk.set_countdown)
        p.talk_look.connect(self.talk.set_look)
        p.mic_level.connect(self.talk.set_level)
        p.focus_answer.connect(self.on_air_page.entry.setFocus)
        p.debrief.connect(self.debrief_page.show_outcome)

        self.sign_in_page.sign_in.connect(p.sign_in)
        self.brief_page.request.connect(self._request)
        self.brief_page.resume.connect(lambda: p.resume(self._resumable))
        self.brief_page.show_history.connect(self.show_history)
        self.face.tuned.connect(p.tune)
        self.talk.talk_started.connect(p.talk_started)
        self.talk.talk_stopped.connect(p.talk_stopped)
        self.on_air_page.answer.connect(self._answer)
        self.on_air_page.typing.connect(p.typing)
        self.on_air_page.again.connect(p.again)
        self.debrief_page.new_mission.connect(p.new_mission)
        self.debrief_page.show_history.connect(self.show_history)

    # -- presenter -> widgets -------------------------------------------------

    def show_message(self, message: str) -> None:
        self.statusBar().showMessage(message)

    def _show_screen(self, name: str) -> None:
        page = {"sign_in": self.sign_in_page, "brief": self.brief_page,
                "on_air": self.on_air_page, "debrief": self.debrief_page}[name]
        if name == "on_air" and self.pages.currentWidget() is not self.on_air_page:
            self.on_air_page.clear()
        self.pages.setCurrentWidget(page)

    def _set_callers(self, names: list[str]) -> None:
        colours = radio(self)
        self._colours = {name: colours.caller(i) for i, name in enumerate(names)}

    def _subtitle(self, who: str, text: str) -> None:
        self.on_air_page.set_subtitle(who, text, self._colours.get(who, ""))

    def _entry(self, entry) -> None:
        self.on_air_page.add_entry(replace(entry, colour=self._colours.get(entry.who, "")))

    def _brief(self, brief) -> None:
        self.brief_page.show_brief(brief, self._colours)
        self.on_air_page.card.show_brief(brief, self._colours)

    def _cleared(self) -> None:
        self.brief_page.clear()
        self.on_air_page.card.clear()

    def _clock(self, text: str) -> None:
        self.face.set_clock(text)
        self.on_air_page.card.set_clock(text)

    def _offer_resume(self, mission) -> None:
        self._resumable = mission
        self.brief_page.offer_resume(mission)

    def _reception(self, mhz: float, strength: float, locked: bool, hint: str) -> None:
        self.face.set_frequency(mhz)
        self.face.set_strength(strength)
        self.hint.setText(hint)

    def _cue(self, open_: bool, prompt: str) -> None:
        self.on_air_page.set_cue(open_, prompt)
        if open_ and self.on_air_page.entry.text():
            self.presenter.typing()  # typed during a say again: the new window stops too

    # -- widgets -> presenter ----------------------------------------------------

    def _request(self) -> None:
        self.presenter.request_mission()
        self.face.setFocus()

    def _tune_typed(self) -> None:
        mhz = self.presenter.tune_text(self.tune_entry.text())
        if mhz is not None:
            self.face.set_frequency(mhz)

    def _answer(self, text: str) -> None:
        if self.presenter.answer(text):
            self.on_air_page.entry.clear()
            self.face.setFocus()

    # -- dialogs (non-modal: open(), never exec()) ------------------------------------

    def show_settings(self) -> None:
        if self._settings is None:
            self._settings = SettingsDialog(self.services, self)
            self._settings.saved.connect(self._settings_saved)
        self._settings.show()
        self._settings.raise_()

    def _settings_saved(self, changes: dict) -> None:
        self.talk.toggle_mode = changes["ui.talk_mode"] == "toggle"
        self.talk_key.key = _key_code(changes["ui.talk_key"])
        self.presenter.set_volume(changes["audio.volume"], changes["audio.muted"])
        self.show_message("Settings saved. Volume applies now; director, voices and devices from the "
                          "next mission; a new database after a restart.")
        self._settings = None

    def show_history(self) -> None:
        if self._history is not None and self._history.isVisible():
            self._history.raise_()
            return
        panel = HistoryPanel()
        self.presenter.history.connect(panel.set_missions)
        self.presenter.replay.connect(panel.show_transcript)
        panel.open_mission.connect(self.presenter.open_transcript)
        dialog = QDialog(self)
        dialog.setWindowTitle("Your missions")
        dialog.resize(820, 480)
        QVBoxLayout(dialog).addWidget(panel)
        dialog.open()
        self._history, self.history_panel = dialog, panel
        self.presenter.load_history()

    def show_doctor(self) -> None:
        """The same report as `fmdesk doctor`, made off the Qt thread."""
        dialog = QDialog(self)
        dialog.setWindowTitle("fmdesk — check this machine")
        report = QPlainTextEdit("Checking… (this loads the models and tries the devices)")
        report.setReadOnly(True)
        report.setMinimumSize(640, 420)
        layout = QVBoxLayout(dialog)
        layout.addWidget(report)
        self.doctor_report = report
        dialog.open()
        ops.Op(self.services.doctor_report()).on_success(report.setPlainText).on_error(
            lambda message: report.setPlainText(f"✗ The check itself failed: {message}")).start()

    def _about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "About fmdesk",
                          f"fmdesk {__version__}\nA desktop radio drama.\n"
                          "Free software under the GNU GPL v3 or later.", parent=self)
        box.open()

    def closeEvent(self, event) -> None:
        QApplication.instance().removeEventFilter(self.talk_key)
        QApplication.instance().removeEventFilter(self.again_key)
        self.closed.emit()
        super().closeEvent(event)


def _key_code(text: str) -> int:
    sequence = QKeySequence(text or "Space")
    return sequence[0].key() if sequence.count() else Qt.Key.Key_Space

# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole offline mission played through the window, keyboard and mouse,
checked from the database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from fmdesk.session import events as ev  # noqa: E402
from fmdesk.ui.window import MainWindow  # noqa: E402
from tests.ui.conftest import on_air, wait_until  # noqa: E402


def space(window, kind, autorepeat=False):
    event = QKeyEvent(kind, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ", autorepeat)
    QApplication.sendEvent(window.focusWidget() or window, event)


def test_a_whole_mission_through_the_window(qtbot, qloop, services):
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    p = window.presenter
    p.start()
    wait_until(qloop, lambda: window.pages.currentWidget() is window.sign_in_page, what="sign in")

    # Sign in by typing a new callsign.
    combo = window.sign_in_page.callsign
    combo.setFocus()
    qtbot.keyClicks(combo.lineEdit(), "ui tester")
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    wait_until(qloop, lambda: window.pages.currentWidget() is window.brief_page, what="the brief page")
    assert window.windowTitle() == "fmdesk — UI-TESTER"
    assert services.settings.last_callsign == "UI-TESTER", "remembered for next time"

    # Request a mission with the mouse.
    qtbot.mouseClick(window.brief_page.request_button, Qt.MouseButton.LeftButton)
    wait_until(qloop, lambda: p.mission is not None, what="the brief")
    brief = p.mission.brief
    assert brief.title in window.brief_page.text()
    assert f"{brief.frequency_mhz:.1f} MHz" in window.brief_page.text()
    assert "Tune to" in window.hint.text(), "the hint moved on from 'request a mission'"

    # Tune: off frequency first (static), then type the right one.
    events = []
    p.session.events.subscribe(events.append)
    off = brief.frequency_mhz + (3.0 if brief.frequency_mhz < 100 else -3.0)
    qtbot.keyClicks(window.tune_entry, f"{off:.1f}")
    qtbot.keyClick(window.tune_entry, Qt.Key.Key_Return)
    assert "static" in window.hint.text().lower() and window.face._strength == 0
    window.tune_entry.clear()
    qtbot.keyClicks(window.tune_entry, f"{brief.frequency_mhz:.1f}")
    qtbot.keyClick(window.tune_entry, Qt.Key.Key_Return)
    wait_until(qloop, lambda: window.pages.currentWidget() is window.on_air_page, what="on air", window=window)
    assert window.face._on_air and window.face._strength == 1.0

    def count(kind) -> int:
        return sum(isinstance(e, kind) for e in events)

    def ended() -> bool:
        return count(ev.MissionEnded) > 0

    # Counted from the session's events, not watched on the button: on a
    # virtual clock the next cue can open within a frame of the last answer.
    answered = missed = 0
    pressed_by_space = False
    typed_space_checked = False
    while not ended():
        seen = answered + missed
        wait_until(qloop, lambda: count(ev.CueOpened) > seen or ended(), what="a cue or the end", window=window)
        if ended():
            break
        if not window.talk.isEnabled():
            missed += 1  # the window closed before the test got to it (a slow machine)
            continue
        assert window.on_air_page.prompt.text()
        if not pressed_by_space:
            # Hold Space on the radio: TALK once, auto-repeat adds nothing.
            window.face.setFocus()
            space(window, QEvent.Type.KeyPress)
            for _ in range(5):
                space(window, QEvent.Type.KeyPress, autorepeat=True)
            assert window.talk.held
            assert count(ev.TalkPressed) == 1
            space(window, QEvent.Type.KeyRelease)
            assert not window.talk.held
            pressed_by_space = True
        entry = window.on_air_page.entry
        entry.setFocus()
        if not typed_space_checked:
            # Space in the answer box types a space; it is not TALK.
            before = count(ev.TalkPressed)
            qtbot.keyClicks(entry, "copy that")
            assert entry.text() == "copy that"
            assert count(ev.TalkPressed) == before
            typed_space_checked = True
        else:
            qtbot.keyClicks(entry, "yes")
        qtbot.keyClick(entry, Qt.Key.Key_Return)
        assert entry.text() == "", "the answer was taken"
        answered += 1
        wait_until(qloop, lambda: count(ev.PlayerHeard) >= answered + missed or ended(),
                   what="the answer heard", window=window)

    wait_until(qloop, lambda: window.pages.currentWidget() is window.debrief_page, what="the debrief", window=window)
    assert answered >= 3 and pressed_by_space
    assert window.debrief_page.card.verdict.text() in ("Mission accomplished", "Mission failed")
    assert "YOU ›  copy that" in window.on_air_page.logbook.text_of()

    # Checked from the database: every answer stored, in order, the outcome written.
    mission, turns = qloop.run_until_complete(p.session.transcript(p.mission.id))
    assert mission.play.state == "ended" and mission.play.outcome is not None
    assert [t.seq for t in turns] == list(range(len(turns)))
    said = [t.text for t in turns if t.kind == "player"]
    assert said[0] == "copy that" and said.count("yes") == answered - 1
    assert missed <= 1, f"{missed} cues closed before the test answered"

    # The debrief card's History button lists it, and opening it shows its transcript.
    qtbot.mouseClick(window.debrief_page.card.history, Qt.MouseButton.LeftButton)
    panel = window.history_panel
    wait_until(qloop, lambda: panel.list.count() >= 1, what="history")
    panel.list.setCurrentRow(0)
    wait_until(qloop, lambda: "copy that" in panel.text.toPlainText(), what="the replayed transcript")
    qloop.run_until_complete(p.shutdown())


def test_a_bad_callsign_and_a_bad_frequency_are_said_in_the_status_bar(qtbot, qloop, services):
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.presenter.start()
    window.presenter.sign_in("!")
    assert "callsign" in window.statusBar().currentMessage().lower()
    window.tune_entry.setText("250")
    window._tune_typed()
    assert "off the FM band" in window.statusBar().currentMessage()
    qloop.run_until_complete(window.presenter.shutdown())


def test_settings_open_without_blocking_and_save(qtbot, qloop, services):
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show_settings()
    dialog = window._settings
    assert dialog.isVisible() and not dialog.isModal()
    dialog.talk_mode.setCurrentIndex(1)
    dialog.window_s.setValue(12)
    assert dialog.output.itemText(0) == "System default"
    dialog.volume.setValue(40)
    dialog.muted.setChecked(True)
    dialog.radio.setValue(30)
    dialog.barge_in.setChecked(False)
    dialog._save()
    assert services.settings.ui.talk_mode == "toggle" and services.settings.session.answer_window_s == 12
    audio = services.settings.audio
    assert (audio.volume, audio.muted, audio.barge_in) == (0.4, True, False)
    assert services.settings.voice.radio_strength == 0.3
    assert not services.session().barge_in
    assert window.talk.toggle_mode
    # Test connection runs off the Qt thread and reports back.
    window.show_settings()
    window._settings._test()
    wait_until(qloop, lambda: window._settings.test_result.text().startswith(("✓", "✗")), what="test result")
    assert window._settings.test_result.text().startswith("✓")


def test_talk_while_a_caller_speaks_cuts_in_through_the_window(qtbot, qloop, real_time_services):
    """Real time, silent radio: TALK lights up while a caller speaks; pressing
    it cuts the caller off and the typed answer is stored after the cut line."""
    from fmdesk.core.turns import INTERRUPTED_MARK

    window, p, events = on_air(qtbot, qloop, real_time_services, "CUTTER")
    wait_until(qloop, lambda: any(isinstance(e, ev.LineStarted) for e in events), what="a line", window=window)
    assert window.talk.isEnabled(), "TALK can cut in on a caller"
    assert window.talk.look == "cut_in", "a caller speaking looks different from your turn"
    window.face.setFocus()
    space(window, QEvent.Type.KeyPress)
    assert window.talk.held and any(isinstance(e, ev.LineCut) for e in events)
    space(window, QEvent.Type.KeyRelease)
    entry = window.on_air_page.entry
    entry.setFocus()
    qtbot.keyClicks(entry, "go ahead")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    wait_until(qloop, lambda: any(isinstance(e, ev.PlayerHeard) for e in events), what="the answer", window=window)
    mission_id = p.mission.id
    qloop.run_until_complete(p.shutdown())
    _, turns = qloop.run_until_complete(p.session.transcript(mission_id))
    kinds = [t.kind for t in turns]
    assert kinds[:2] == ["interrupt", "player"], kinds
    assert turns[0].text.endswith(INTERRUPTED_MARK) and turns[1].text == "go ahead"


def test_help_shows_the_doctor_report_without_blocking(qtbot, qloop, services):
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show_doctor()
    assert window.doctor_report.toPlainText().startswith("Checking")
    wait_until(qloop, lambda: "config file" in window.doctor_report.toPlainText(), timeout_s=120,
               what="the doctor's report")
    text = window.doctor_report.toPlainText()
    assert "✓ MongoDB" in text and "✓ voice Piper joe" in text

# SPDX-License-Identifier: GPL-3.0-or-later
"""The window's new controls driven by mouse and by keyboard: say again (R,
the button, a logbook link), typing at a cue stops the countdown, an answer
typed while a caller talks is kept, TALK's looks, the debrief card's
buttons, and a new mission starting clean."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt  # noqa: E402

from fmdesk.session import events as ev  # noqa: E402
from tests.ui.conftest import on_air, wait_until  # noqa: E402


def _of(events, kind) -> list:
    return [e for e in events if isinstance(e, kind)]


def _link(logbook, seq: int) -> QPoint:
    """Where the logbook shows transmission seq's say-again link."""
    view = logbook.viewport()
    logbook.scrollToAnchor(f"again:{seq}")
    for y in range(2, view.height(), 4):
        for x in range(2, view.width(), 6):
            if logbook.anchorAt(QPoint(x, y)) == f"again:{seq}":
                return QPoint(x, y)
    raise AssertionError(f"no say-again link for {seq} in the logbook")


def test_say_again_by_key_button_and_link_and_typing_stops_the_countdown(qtbot, qloop, services):
    window, p, events = on_air(qtbot, qloop, services, "AGAIN")
    page = window.on_air_page

    def cue_open() -> bool:
        return len(_of(events, ev.CueOpened)) > len(_of(events, ev.PlayerHeard))

    wait_until(qloop, cue_open, what="a cue", window=window)
    assert window.talk.look == "your_turn" and page.again_button.isEnabled()

    # R on the radio: the last transmission again, the countdown waits.
    window.face.setFocus()
    qtbot.keyClick(window.face, Qt.Key.Key_R)
    wait_until(qloop, lambda: _of(events, ev.AgainEnded), what="say again by R", window=window)
    again = _of(events, ev.AgainStarted)
    assert again and again[0].seq == p.session.last_transmission
    assert "say again" in page.logbook.text_of()
    wait_until(qloop, lambda: window.talk.look == "your_turn", what="the caller waiting again")

    # The button, by mouse.
    qtbot.mouseClick(page.again_button, Qt.MouseButton.LeftButton)
    wait_until(qloop, lambda: len(_of(events, ev.AgainEnded)) >= 2, what="say again by the button")

    # A logbook link, by mouse: the first caller's line, not the last.
    first = next(e for e in events if isinstance(e, ev.LineStarted))
    qtbot.mouseClick(page.logbook.viewport(), Qt.MouseButton.LeftButton, pos=_link(page.logbook, first.seq))
    wait_until(qloop, lambda: len(_of(events, ev.AgainEnded)) >= 3, what="say again by a link")
    assert _of(events, ev.AgainStarted)[-1].seq == first.seq
    assert not _of(events, ev.PlayerHeard), "a replay is not an answer"

    # R in the answer box types an R; the first keystroke stops the countdown.
    wait_until(qloop, lambda: window.talk.look == "your_turn", what="the caller waiting again")
    pressed = len(_of(events, ev.TalkPressed))
    page.entry.setFocus()
    qtbot.keyClicks(page.entry, "Roger, four")
    assert page.entry.text() == "Roger, four" and len(_of(events, ev.AgainStarted)) == 3
    assert len(_of(events, ev.TalkPressed)) == pressed + 1 and window.talk.look == "typing"
    qtbot.keyClick(page.entry, Qt.Key.Key_Return)
    wait_until(qloop, lambda: _of(events, ev.PlayerHeard), what="the answer")
    heard = _of(events, ev.PlayerHeard)[0]
    assert heard.text == "Roger, four" and heard.source == "typed"
    mission_id = p.mission.id
    qloop.run_until_complete(p.shutdown())
    _, turns = qloop.run_until_complete(p.session.transcript(mission_id))
    assert sum(t.seq == first.seq for t in turns) == 1, "say again stored nothing"


def test_an_answer_typed_while_a_caller_talks_is_kept(qtbot, qloop, real_time_services):
    """Real time, silent radio: Enter while the first caller is still talking
    keeps the answer; the caller's question takes it."""
    window, p, events = on_air(qtbot, qloop, real_time_services, "AHEAD")
    wait_until(qloop, lambda: _of(events, ev.LineStarted), what="a line", window=window)
    assert not _of(events, ev.CueOpened)
    entry = window.on_air_page.entry
    entry.setFocus()
    qtbot.keyClicks(entry, "standing by")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert _of(events, ev.AnswerKept) and entry.text() == ""
    assert "kept for the next question" in window.on_air_page.logbook.text_of()
    wait_until(qloop, lambda: _of(events, ev.PlayerHeard), timeout_s=90, what="the kept answer taken", window=window)
    assert _of(events, ev.PlayerHeard)[0].text == "standing by"
    qloop.run_until_complete(p.shutdown())


def test_the_debrief_card_by_keyboard_and_mouse_and_a_clean_new_mission(qtbot, qloop, services):
    window, p, events = on_air(qtbot, qloop, services, "DEBRIEF")
    p.session.events.subscribe(lambda e: isinstance(e, ev.CueOpened) and qloop.call_soon(p.session.skip))
    wait_until(qloop, lambda: window.pages.currentWidget() is window.debrief_page, timeout_s=120,
               what="the debrief", window=window)
    card = window.debrief_page.card
    ended = _of(events, ev.MissionEnded)[0]
    assert card.verdict.text() in ("Mission accomplished", "Mission failed")
    assert ended.ending and ended.ending in card.ending.text()
    assert ended.decisions and "decided for you" in card.decisions.text(), "silence: the callers decided"
    assert card.air.text().startswith("On air ")

    # History by mouse; the list is fresh and no transcript is open yet.
    qtbot.mouseClick(card.history, Qt.MouseButton.LeftButton)
    wait_until(qloop, lambda: window.history_panel.list.count() >= 1, what="history")
    assert window.history_panel.text.toPlainText().startswith("Pick a mission")
    window._history.close()

    # New mission by keyboard: the card's button has the focus, Enter presses it.
    card.again.setFocus()
    qtbot.keyClick(card.again, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.brief_page
    assert window.brief_page.card.title.text() == "No mission yet"
    assert window.face._clock == "--:--" and window.hint.text() == "Request a mission, then tune in."
    assert "debrief" not in window.statusBar().currentMessage().lower()
    qloop.run_until_complete(p.shutdown())

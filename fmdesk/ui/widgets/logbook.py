# SPDX-License-Identifier: GPL-3.0-or-later
"""The logbook: every transmission of the mission as the radio operator's
log, on the dial's card. Each caller in their colour with the mission time,
the player's answers, cut-ins and silences marked; numbers heard on air are
picked out (with their digits when said in words), and each caller's line
has a "say again" link (R replays the last one)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser

from fmdesk.core.numbers import spans
from fmdesk.ui.widgets.style import radio, scaled


@dataclass(frozen=True)
class Entry:
    kind: str          # line, you, cut, silence, note, kept, again
    text: str
    who: str = ""
    at: str = ""       # mission time, "01:23"
    seq: int | None = None
    colour: str = ""


class Logbook(QTextBrowser):
    again = Signal(int)  # the player asked to hear transmission seq again

    def __init__(self):
        super().__init__()
        self.setObjectName("logbook")
        self.setAccessibleName("Logbook")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.entries: list[Entry] = []

    def set_text_scale(self, factor: float) -> None:
        self.setFont(scaled(self, factor))

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        self._restyle()
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)
        if len(self.entries) > 1:
            self.insertHtml("<br>")
        self.insertHtml(self._html(entry))
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def clear_log(self) -> None:
        self.entries.clear()
        self.clear()

    def text_of(self) -> str:
        return self.toPlainText()

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "again" and url.path().isdigit():
            self.again.emit(int(url.path()))

    def _restyle(self) -> None:
        r = radio(self)
        sheet = (f"QTextBrowser#logbook {{ background: {r.face.name()}; color: {r.ink.name()};"
                 f" border: 6px solid {r.body.name()}; border-radius: 14px; padding: 8px; }}")
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)

    def _html(self, e: Entry) -> str:
        r = radio(self)
        faint, mark = r.faint.name(), r.mark.name()
        at = f"<span style='color:{faint}'>{html.escape(e.at)}</span>&nbsp;&nbsp;" if e.at else ""
        if e.kind in ("line", "cut"):
            text = _marked(e.text, mark)
            cut = f" <span style='color:{faint}'>✂ you cut in</span>" if e.kind == "cut" else ""
            link = (f"&nbsp; <a href='again:{e.seq}' style='color:{faint}; text-decoration:none'>"
                    f"↻&nbsp;again</a>") if e.seq is not None else ""
            return f"{at}<b style='color:{e.colour}'>{html.escape(e.who)}</b>&nbsp; {text}{cut}{link}"
        if e.kind == "you":
            return f"{at}<b>YOU ›</b>&nbsp; <b>{_marked(e.text, mark)}</b>"
        if e.kind == "silence":
            return f"{at}<b>YOU ›</b>&nbsp; <i style='color:{faint}'>(silence — {html.escape(e.text)})</i>"
        if e.kind == "kept":
            return f"{at}<i style='color:{faint}'>✎ kept for the next question: “{html.escape(e.text)}”</i>"
        if e.kind == "again":
            return (f"{at}<i style='color:{faint}'>↻ say again — </i><span style='color:{e.colour}'>"
                    f"{html.escape(e.who)}</span>")
        return f"{at}<i style='color:{faint}'>{html.escape(e.text)}</i>"


def _marked(text: str, mark: str) -> str:
    """The text with each number picked out; words said as digits get them too."""
    out, at = [], 0
    for start, end, said in spans(text):
        out.append(html.escape(text[at:start]))
        shown = html.escape(text[start:end])
        extra = "" if said == text[start:end] else f" [{said}]"
        out.append(f"<span style='background:{mark}'><b>{shown}{extra}</b></span>")
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)

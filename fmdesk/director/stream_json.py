# SPDX-License-Identifier: GPL-3.0-or-later
"""Pick complete JSON objects out of a streamed JSON array, as they close,
and the first piece of a line whose object is still open.

The model streams a batch as fragments of one JSON array. Each element is
handed on as soon as its closing brace arrives, so the first line can be
voiced while the rest of the batch is still being written. A malformed
element is dropped with a logged reason; a truncated tail is reported at the
end, and everything complete before it is kept.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Iterator

from fmdesk.core.segments import Begun
from fmdesk.core.sentences import settled_first_piece

log = logging.getLogger(__name__)


class ArrayStream:
    def __init__(self) -> None:
        self._depth = 0          # 0: outside the array, 1: in it, >1: inside an element
        self._in_string = False
        self._escaped = False
        self._element: list[str] = []
        self.dropped: list[str] = []
        self.closed = False
        self._finished = 0

    def feed(self, fragment: str) -> Iterator[Any]:
        """Consume a fragment; yield each element it completes."""
        for char in fragment:
            if self.closed:
                break
            if self._depth >= 2:
                self._element.append(char)
            if self._in_string:
                if self._escaped:
                    self._escaped = False
                elif char == "\\":
                    self._escaped = True
                elif char == '"':
                    self._in_string = False
                continue
            if char == '"':
                self._in_string = True
            elif char in "[{":
                self._depth += 1
                if self._depth == 2:
                    self._element = [char]
            elif char in "]}":
                self._depth -= 1
                if self._depth == 1:
                    yield from self._finish("".join(self._element))
                elif self._depth == 0:
                    self.closed = True

    @property
    def partial(self) -> str | None:
        """The element being written, as far as it has come (None between elements)."""
        return "".join(self._element) if self._depth >= 2 else None

    @property
    def finished(self) -> int:
        """How many elements have closed so far (well formed or not)."""
        return self._finished

    def _finish(self, text: str) -> Iterator[Any]:
        self._finished += 1
        try:
            yield json.loads(text)
        except json.JSONDecodeError as exc:
            self._drop(f"malformed element ({exc.msg}): {text[:120]!r}")

    def end(self) -> None:
        """The stream is over: report what was cut off."""
        if self._depth >= 2:
            self._drop(f"truncated element: {''.join(self._element)[:120]!r}")
        elif not self.closed and self._depth == 1:
            log.info("the batch array was not closed; its complete elements were kept")

    def _drop(self, reason: str) -> None:
        self.dropped.append(reason)
        log.warning("dropped part of the model's batch: %s", reason)


# A line's fields in the element written so far. Gemini is reported to write
# an object's required properties first, in the order "required" lists them
# (kind, speaker, text: dev.to/artyomsv, "5 undocumented rules for Gemini
# structured output", rule 1; the API docs promise no order without
# propertyOrdering). Where the text comes before the speaker, the line
# simply starts when its object closes.
_LINE = re.compile(r'"kind"\s*:\s*"line"')
_SPEAKER = re.compile(r'"speaker"\s*:\s*"((?:[^"\\]|\\.)*)"')
_TEXT_SO_FAR = re.compile(r'"text"\s*:\s*"((?:[^"\\]|\\.)*)')
_CUT_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{0,3}$")  # a \uXXXX escape not all here yet


def line_begun(partial: str | None) -> Begun | None:
    """The speaker and settled first piece of the line being written in
    `partial` (ArrayStream.partial), or None while they are not known."""
    if partial is None or not _LINE.search(partial):
        return None
    speaker, text = _SPEAKER.search(partial), _TEXT_SO_FAR.search(partial)
    if speaker is None or text is None:
        return None
    try:
        name = json.loads(f'"{speaker.group(1)}"').strip()
        so_far = json.loads('"' + _CUT_ESCAPE.sub("", text.group(1)) + '"')
    except json.JSONDecodeError:
        return None
    piece = settled_first_piece(so_far)
    if not name or piece is None or len(name) > 40 or len(piece) > 600:
        return None  # the whole line, when it comes, is checked and told
    return Begun(speaker=name, text=piece)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Pick complete JSON objects out of a streamed JSON array, as they close.

The model streams a batch as fragments of one JSON array. Each element is
handed on as soon as its closing brace arrives, so the first line can be
voiced while the rest of the batch is still being written. A malformed
element is dropped with a logged reason; a truncated tail is reported at the
end, and everything complete before it is kept.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Iterator

log = logging.getLogger(__name__)


class ArrayStream:
    def __init__(self) -> None:
        self._depth = 0          # 0: outside the array, 1: in it, >1: inside an element
        self._in_string = False
        self._escaped = False
        self._element: list[str] = []
        self.dropped: list[str] = []
        self.closed = False

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

    def _finish(self, text: str) -> Iterator[Any]:
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

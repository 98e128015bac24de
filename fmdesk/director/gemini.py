# SPDX-License-Identifier: GPL-3.0-or-later
"""The Gemini director: the google-genai SDK, async, streamed, structured.

One call writes the brief; each batch is one streamed call whose JSON array
is handed on element by element as it arrives; one call judges the outcome.
Failures become `DirectorError`s the session knows how to ride out:
retryable (429, 5xx, timeouts, network) or lasting (key refused).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any, AsyncIterator

from google import genai
from google.genai import errors, types
from pydantic import ValidationError

from fmdesk.core.context import DialogueContext
from fmdesk.core.mission import DEFAULT_TIME_LIMIT_S, Brief, Outcome
from fmdesk.core.segments import Cue, Line, parse_segment
from fmdesk.core.timing import clock_text
from fmdesk.director.base import BriefRequest, DirectorError, SegmentOut
from fmdesk.director.prompts import prompt
from fmdesk.director.schema import batch_schema, brief_schema, outcome_schema
from fmdesk.director.stream_json import ArrayStream

log = logging.getLogger(__name__)

# An alias Google keeps pointing at its current flash model.
DEFAULT_MODEL = "gemini-flash-latest"
_BLOCKED_FINISH = {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY"}
_NUDGE = ("That last request was blocked by a safety filter. Continue the story in a way "
          "suitable for all audiences: keep the tension, leave out anything graphic.")


_END = object()


class _Failed:
    def __init__(self, exc: Exception):
        self.exc = exc


def _blocked(response: Any) -> str | None:
    """Why a response was blocked, or None. A blocked prompt is no exception."""
    feedback = getattr(response, "prompt_feedback", None)
    if feedback is not None and getattr(feedback, "block_reason", None):
        return f"prompt blocked: {getattr(feedback.block_reason, 'name', feedback.block_reason)}"
    for candidate in getattr(response, "candidates", None) or []:
        reason = getattr(candidate, "finish_reason", None)
        name = getattr(reason, "name", str(reason or ""))
        if name in _BLOCKED_FINISH:
            return f"answer stopped: {name}"
    return None


def _text(response: Any) -> str:
    """The text parts of a response (without the SDK's warning on empty ones)."""
    parts = []
    for candidate in getattr(response, "candidates", None) or []:
        content = getattr(candidate, "content", None)
        for part in getattr(content, "parts", None) or []:
            if getattr(part, "text", None) and not getattr(part, "thought", False):
                parts.append(part.text)
    return "".join(parts)


def _is_transport_failure(exc: BaseException) -> bool:
    """Timeouts and network errors, whichever HTTP library the SDK uses
    (httpx; or aiohttp, which the SDK prefers for async calls when installed)."""
    if isinstance(exc, (TimeoutError, ConnectionError)):
        return True
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"TransportError", "TimeoutException", "NetworkError",
                         "ClientConnectionError", "ClientPayloadError"})


class GeminiDirector:
    name = "gemini"

    def __init__(self, api_key: str | None, *, model: str = DEFAULT_MODEL, base_url: str = "",
                 timeout_s: float = 30.0, context_turns: int = 40, stream: bool = True):
        if not api_key:
            raise DirectorError(
                "No Gemini API key: set GEMINI_API_KEY or run `fmdesk config set-key`. "
                "The offline director needs no key.", lasting=True)
        self._key = api_key
        self.model = model
        self.context_turns = context_turns
        self.stream = stream
        self.timeout_s = timeout_s
        options = types.HttpOptions(timeout=int(timeout_s * 1000), base_url=base_url or None)
        self._client = genai.Client(api_key=api_key, http_options=options)

    def __repr__(self) -> str:  # never show the key
        return f"GeminiDirector(model={self.model!r})"

    # -- the brief ------------------------------------------------------------

    async def write_brief(self, request: BriefRequest) -> Brief:
        limit = request.time_limit_s or DEFAULT_TIME_LIMIT_S
        config = types.GenerateContentConfig(
            system_instruction=prompt("brief").format(callsign=request.callsign, time_limit_s=limit),
            response_mime_type="application/json", response_json_schema=brief_schema(),
            temperature=1.0,
        )
        ask = f"Write mission number {request.seed} for {request.callsign}."
        text = await self._generate([_content("user", ask)], config)
        try:
            brief = Brief.model_validate(json.loads(text))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise DirectorError(f"Gemini's mission did not hold together ({_first_problem(exc)}).",
                                retryable=True) from exc
        return brief.model_copy(update={"time_limit_s": limit})

    # -- the show ---------------------------------------------------------------

    async def write_segments(self, context: DialogueContext) -> AsyncIterator[SegmentOut]:
        config = types.GenerateContentConfig(
            system_instruction=self._dialogue_prompt(context),
            response_mime_type="application/json", response_json_schema=batch_schema(),
            temperature=0.9,
        )
        contents = self.conversation(context)
        aired: list[SegmentOut] = []
        for attempt in range(2):
            parser = ArrayStream()
            blocked = None
            pieces = self._pieces(contents, config)
            try:
                async for piece in pieces:
                    # What arrived before a stop is kept: complete segments are fine.
                    for raw in parser.feed(_text(piece)):
                        segment = parse_segment(raw)
                        if segment is not None:
                            aired.append(segment)
                            yield segment
                            if isinstance(segment, Cue):
                                return  # the player's answer comes next
                    blocked = _blocked(piece)
                    if blocked:
                        break
            except DirectorError:
                raise
            except Exception as exc:
                raise self._translate(exc) from exc
            finally:
                await pieces.aclose()
            parser.end()
            if blocked is None:
                return
            log.warning("Gemini blocked a batch (%s)%s", blocked, "" if attempt else "; retrying with a nudge")
            # Retry once: what was already aired stays said, then the nudge.
            contents = contents + [_content("model", _segments_json(aired)), _content("user", _NUDGE)]
        raise DirectorError(f"Gemini would not write this part of the story ({blocked}).")

    async def _pieces(self, contents, config) -> AsyncIterator[Any]:
        """The response as it arrives (streamed), or whole (for comparison)."""
        if not self.stream:
            yield await self._client.aio.models.generate_content(
                model=self.model, contents=contents, config=config)
            return
        # The SDK's stream is a chain of async generators that must be unwound
        # inside one task: it is read by a pump task, and when the batch ends
        # early (a cue) the pump is cancelled rather than the chain closed.
        queue: asyncio.Queue = asyncio.Queue()

        async def pump() -> None:
            try:
                stream = await self._client.aio.models.generate_content_stream(
                    model=self.model, contents=contents, config=config)
                async for chunk in stream:
                    queue.put_nowait(chunk)
                queue.put_nowait(_END)
            except Exception as exc:
                queue.put_nowait(_Failed(exc))

        task = asyncio.create_task(pump())
        try:
            # The SDK's own timeout does not always cover a stream that stalls
            # midway: no piece for `timeout_s` is a timeout too (retried).
            while (item := await self._next(queue)) is not _END:
                if isinstance(item, _Failed):
                    raise item.exc
                yield item
        finally:
            if not task.done():
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _next(self, queue: asyncio.Queue):
        try:
            return await asyncio.wait_for(queue.get(), self.timeout_s)
        except asyncio.TimeoutError:
            raise DirectorError(f"Gemini timed out (nothing for {self.timeout_s:g} s mid-answer).",
                                retryable=True) from None

    def _dialogue_prompt(self, context: DialogueContext) -> str:
        brief = context.brief
        callers = "\n".join(f"- {c.name}: {c.role}" + (f" ({c.personality})" if c.personality else "")
                            for c in brief.callers)
        return prompt("dialogue").format(callsign=context.callsign, title=brief.title, task=brief.task,
                                         story=brief.story, callers=callers)

    def conversation(self, context: DialogueContext) -> list[types.Content]:
        """Past turns as a conversation: the callers' segments as the model's
        turns, the player's words as the user's, exactly as stored. A long
        mission keeps a running summary plus the last `context_turns` turns."""
        messages: list[tuple[str, str]] = []
        summary = context.earlier(self.context_turns)
        if summary:
            messages.append(("user", "Earlier on air (condensed):\n" + summary))
        batch: list[SegmentOut] = []
        for turn in context.window(self.context_turns):
            if turn.is_answer:
                if batch:
                    messages.append(("model", _segments_json(batch)))
                    batch = []
                messages.append(("user", turn.text))
            elif turn.kind == "cue":
                batch.append(Cue(speaker=turn.speaker or "?", hint=turn.text))
            else:  # line, or a line the player cut off (its text ends with the marker)
                batch.append(Line(speaker=turn.speaker or "?", text=turn.text))
        if batch:
            messages.append(("model", _segments_json(batch)))
        if not context.turns:
            messages.append(("user", "The show begins now. Write the opening batch."))
        messages.append(("user", (
            f"Clock: {clock_text(context.elapsed_s)} elapsed, {clock_text(context.remaining_s)} left "
            f"of {clock_text(context.time_limit_s)}. Write the next batch.")))
        merged: list[types.Content] = []
        for role, text in messages:
            if merged and merged[-1].role == role:
                merged[-1].parts.append(types.Part(text=text))
            else:
                merged.append(_content(role, text))
        return merged

    # -- the debrief -------------------------------------------------------------

    async def judge(self, context: DialogueContext) -> Outcome:
        brief = context.brief
        config = types.GenerateContentConfig(
            system_instruction=prompt("judge").format(title=brief.title, task=brief.task, story=brief.story),
            response_mime_type="application/json", response_json_schema=outcome_schema(),
            temperature=0.2,
        )
        summary = context.earlier(self.context_turns * 2)
        transcript = ((f"Earlier (condensed):\n{summary}\n\n" if summary else "")
                      + context.transcript(self.context_turns * 2))
        text = await self._generate([_content("user", transcript or "(nothing was said)")], config)
        try:
            return Outcome.model_validate(json.loads(text))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise DirectorError(f"Gemini's debrief was not valid ({_first_problem(exc)}).") from exc

    # -- calls and their failures ---------------------------------------------------

    async def ping(self) -> None:
        """One token, to see that the key, the model and the endpoint answer
        (`fmdesk doctor --online`). Raises DirectorError as the show would."""
        try:
            await self._client.aio.models.generate_content(
                model=self.model, contents="Say OK.", config=types.GenerateContentConfig(max_output_tokens=1))
        except Exception as exc:
            raise self._translate(exc) from exc

    async def _generate(self, contents, config) -> str:
        """One structured call; a blocked answer is retried once with a nudge."""
        for attempt in range(2):
            try:
                response = await self._client.aio.models.generate_content(
                    model=self.model, contents=contents, config=config)
            except Exception as exc:
                raise self._translate(exc) from exc
            blocked, text = _blocked(response), _text(response)
            if blocked is None and text:
                return text
            blocked = blocked or "empty answer"
            log.warning("Gemini gave no usable answer (%s)", blocked)
            contents = contents + [_content("user", _NUDGE)]
        raise DirectorError(f"Gemini would not answer ({blocked}).")

    def _translate(self, exc: Exception) -> DirectorError:
        if isinstance(exc, errors.APIError):
            code, message = exc.code, self._clean(str(exc.message or exc.status or ""))
            if code == 429:
                return DirectorError(f"Gemini is busy (429 {message}).", retryable=True)
            if code in (400, 401, 403):
                return DirectorError(f"The Gemini API key was refused ({code} {message}).", lasting=True)
            if code == 404:
                return DirectorError(f"Gemini has no model '{self.model}' (404). Check gemini.model.",
                                     lasting=True)
            if isinstance(exc, errors.ServerError) or (code or 0) >= 500:
                return DirectorError(f"Gemini had a server error ({code} {message}).", retryable=True)
            return DirectorError(f"Gemini refused the request ({code} {message}).")
        if _is_transport_failure(exc):
            kind = "timed out" if "Timeout" in type(exc).__name__ else "could not be reached"
            return DirectorError(f"Gemini {kind} ({type(exc).__name__}).", retryable=True)
        log.exception("unexpected failure calling Gemini")
        return DirectorError(f"Calling Gemini failed: {self._clean(str(exc))}")

    def _clean(self, text: str) -> str:
        return text.replace(self._key, "****") if self._key else text


def _content(role: str, text: str) -> types.Content:
    return types.Content(role=role, parts=[types.Part(text=text)])


def _segments_json(segments: list[SegmentOut]) -> str:
    return json.dumps([s.model_dump() for s in segments], ensure_ascii=False)


def _first_problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        return f"{'.'.join(map(str, error['loc']))}: {error['msg']}"
    return str(exc)

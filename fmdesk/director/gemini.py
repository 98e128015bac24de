# SPDX-License-Identifier: GPL-3.0-or-later
"""The Gemini director: the google-genai SDK, async, streamed, structured.

One call writes the brief; each batch is one streamed call whose JSON array
is handed on element by element as it arrives; one call judges the outcome.
Failures become `DirectorError`s the session knows how to ride out:
retryable (429, 5xx, timeouts, network) or lasting (key refused); how the
API's errors are read is in `gemini_errors.py`.

Choices made for the real service (each checked by `tests/fake_gemini.py`):
- API version `v1beta`, set explicitly: the version the Gemini API docs use
  for structured output with `responseJsonSchema`, streaming and
  `thinkingConfig` (ai.google.dev/gemini-api/docs/structured-output,
  /thinking); SDK 3.x would otherwise call `v1`.
- The transport is httpx, chosen explicitly (with aiohttp installed the SDK
  would use it, and its `timeout` then is one budget for a whole stream):
  a stream may run as long as pieces keep coming (an idle timeout), a brief
  or a debrief has a total one. No `X-Server-Timeout` is sent.
- `contents` start with a user turn and alternate user/model, ending with a
  user turn: the API refuses other orders with 400 INVALID_ARGUMENT.
- The lowest thinking the model allows (thinking delays the first token),
  never a thought part voiced; the model's own temperature unless set
  (Google advises Gemini 3 models keep their default).
- The stable part of every batch request comes first and is the same for
  the whole mission (system instruction, the opening turn), so the API's
  implicit prefix caching can apply.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any, AsyncIterator

import httpx2
from google import genai
from google.genai import errors, types
from pydantic import ValidationError

from fmdesk.core.context import DialogueContext
from fmdesk.core.mission import DEFAULT_TIME_LIMIT_S, Brief, Outcome
from fmdesk.core.reading import Reading
from fmdesk.core.segments import Begun, Cue, Line, parse_segment
from fmdesk.core.timing import clock_text
from fmdesk.director.base import BriefRequest, DirectorError, SegmentOut, Written
from fmdesk.director.gemini_errors import ErrorReader, short
from fmdesk.director.prompts import call_ups, prompt
from fmdesk.director.schema import batch_schema, brief_schema, outcome_schema
from fmdesk.director.stream_json import ArrayStream, line_begun

log = logging.getLogger(__name__)

# An alias Google keeps pointing at its current flash model.
DEFAULT_MODEL = "gemini-flash-latest"
API_VERSION = "v1beta"
# A brief or a debrief comes whole: it may take this many idle timeouts in all.
TOTAL_TIMEOUTS = 3
OPENING = "The show begins now. Write the opening batch."
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
                 timeout_s: float = 30.0, context_turns: int = 40, stream: bool = True,
                 thinking: str = "lowest", temperature: float | None = None):
        if not api_key:
            raise DirectorError(
                "No Gemini API key: set GEMINI_API_KEY or run `fmdesk config set-key`. "
                "The offline director needs no key.", lasting=True)
        self._key = api_key
        self.model = model
        self.context_turns = context_turns
        self.stream = stream
        self.timeout_s = timeout_s
        self.thinking = thinking_config(model, thinking)
        self.temperature = temperature
        self._errors = ErrorReader(model, self._clean)
        # httpx with an idle (read) timeout, no total: see the module's notes.
        transport = httpx2.AsyncClient(timeout=httpx2.Timeout(timeout_s, connect=min(timeout_s, 10.0)))
        options = types.HttpOptions(base_url=base_url or None, api_version=API_VERSION,
                                    httpx_async_client=transport)
        self._client = genai.Client(api_key=api_key, http_options=options)

    def _config(self, instruction: str, schema: dict) -> types.GenerateContentConfig:
        return types.GenerateContentConfig(
            system_instruction=instruction, response_mime_type="application/json",
            response_json_schema=schema, thinking_config=self.thinking, temperature=self.temperature)

    def __repr__(self) -> str:  # never show the key
        return f"GeminiDirector(model={self.model!r})"

    # -- the brief ------------------------------------------------------------

    async def write_brief(self, request: BriefRequest) -> Brief:
        limit = request.time_limit_s or DEFAULT_TIME_LIMIT_S
        config = self._config(prompt("brief").format(callsign=request.callsign, time_limit_s=limit),
                              brief_schema())
        ask = f"Write mission number {request.seed} for {request.callsign}."
        text = await self._generate([_content("user", ask)], config)
        try:
            brief = Brief.model_validate(json.loads(text))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise DirectorError(f"Gemini's mission did not hold together ({_first_problem(exc)}).",
                                retryable=True) from exc
        return brief.model_copy(update={"time_limit_s": limit})

    # -- the show ---------------------------------------------------------------

    async def lines_ahead(self, context: DialogueContext) -> list[Line | Begun]:
        """Gemini writes the reaction from the answer, but the prompt has a
        reply open with a call-up ("Base," or the player's callsign): those
        are rendered ahead in each caller's voice, the caller who asked
        first, so a reply that opens with one starts as soon as it is read
        (a Kokoro call-up takes 170-320 ms to render here)."""
        last = next((t for t in reversed(context.turns) if t.kind != "gap"), None)
        if last is None or last.kind not in ("cue", "interrupt"):
            return []
        names = [c.name for c in context.brief.callers]
        if last.speaker in names:
            names.remove(last.speaker)
            names.insert(0, last.speaker)
        return [Begun(speaker=name, text=call_up) for name in names for call_up in call_ups(context.callsign)]

    async def write_segments(self, context: DialogueContext) -> AsyncIterator[Written]:
        config = self._config(self._dialogue_prompt(context), batch_schema())
        contents = self.conversation(context)
        aired: list[SegmentOut] = []
        for attempt in range(2):
            parser = ArrayStream()
            blocked = None
            begun = -1  # the element whose first piece was handed on
            pieces = self._pieces(contents, config)
            try:
                async for piece in pieces:
                    self._errors.succeeded()  # the call was taken: a run of refusals is over
                    # What arrived before a stop is kept: complete segments are fine.
                    for raw in parser.feed(_text(piece)):
                        segment = parse_segment(raw)
                        if segment is not None:
                            aired.append(segment)
                            yield segment
                            if isinstance(segment, Cue):
                                return  # the player's answer comes next
                    if begun != parser.finished:
                        start = line_begun(parser.partial)
                        if start is not None:
                            begun = parser.finished
                            yield start  # the voice starts on it while the rest is written
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
            contents = _then(_then(contents, "model", _segments_json(aired)), "user", _NUDGE)
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
        # Always opened by the same user turn: the API wants a user turn first,
        # and a request that starts the same way each time can be cached.
        messages: list[tuple[str, str]] = [("user", OPENING)]
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
        messages.append(("user", (
            f"Clock: {clock_text(context.elapsed_s)} elapsed, {clock_text(context.remaining_s)} left "
            f"of {clock_text(context.time_limit_s)}. Write the next batch.")))
        merged: list[types.Content] = []
        for role, text in messages:
            merged = _then(merged, role, text)
        return merged

    # -- the debrief -------------------------------------------------------------

    async def read_answer(self, context: DialogueContext, text: str) -> Reading | None:
        """Gemini reads each answer as it writes the next batch from the transcript."""
        return None

    async def judge(self, context: DialogueContext) -> Outcome:
        brief = context.brief
        config = self._config(prompt("judge").format(title=brief.title, task=brief.task, story=brief.story),
                              outcome_schema())
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
            await asyncio.wait_for(self._client.aio.models.generate_content(
                model=self.model, contents=[_content("user", "Say OK.")],
                config=types.GenerateContentConfig(max_output_tokens=1, thinking_config=self.thinking)),
                self.timeout_s * TOTAL_TIMEOUTS)
        except Exception as exc:
            raise self._translate(exc) from exc

    async def _generate(self, contents, config) -> str:
        """One structured call; a blocked answer is retried once with a nudge."""
        for attempt in range(2):
            try:
                response = await asyncio.wait_for(self._client.aio.models.generate_content(
                    model=self.model, contents=contents, config=config), self.timeout_s * TOTAL_TIMEOUTS)
            except Exception as exc:
                raise self._translate(exc) from exc
            self._errors.succeeded()
            blocked, text = _blocked(response), _text(response)
            if blocked is None and text:
                return text
            blocked = blocked or "empty answer"
            log.warning("Gemini gave no usable answer (%s)", blocked)
            contents = _then(contents, "user", _NUDGE)
        raise DirectorError(f"Gemini would not answer ({blocked}).")

    def _translate(self, exc: Exception) -> DirectorError:
        if isinstance(exc, errors.APIError):
            return self._errors.read(exc)
        if _is_transport_failure(exc):
            kind = "timed out" if "Timeout" in type(exc).__name__ else "could not be reached"
            return DirectorError(f"Gemini {kind} ({type(exc).__name__}).", retryable=True,
                                 reason="unreachable")
        log.warning("unexpected failure calling Gemini: %s", type(exc).__name__)
        return DirectorError(f"Calling Gemini failed: {self._clean(short(str(exc)))}")

    def _clean(self, text: str) -> str:
        return text.replace(self._key, "****") if self._key else text


def _content(role: str, text: str) -> types.Content:
    return types.Content(role=role, parts=[types.Part(text=text)])


def _then(contents: list[types.Content], role: str, text: str) -> list[types.Content]:
    """`contents` with `text` said next by `role`: joined to the last turn
    when that is the same role, since the API wants user and model turns to
    alternate (a copy; `contents` is left as it was)."""
    if contents and contents[-1].role == role:
        last = contents[-1]
        return [*contents[:-1], types.Content(role=role, parts=[*last.parts, types.Part(text=text)])]
    return [*contents, _content(role, text)]


# Thinking delays the first token. Gemini 3 models take a thinking level
# (Flash down to "minimal", Pro down to "low"); Gemini 2.5 a token budget
# (Flash down to 0, Pro down to 128). ai.google.dev/gemini-api/docs/thinking;
# the API refuses a request that sets both.
THINKING_LEVELS = ("minimal", "low", "medium", "high")


def thinking_config(model: str, setting: str) -> types.ThinkingConfig:
    """The thinking the setting asks for ("lowest", a level, or a budget in
    tokens), in the form the model's generation takes."""
    name = model.casefold()
    budget_model = "2.5" in name or "2.0" in name
    pro = "pro" in name
    setting = (setting or "lowest").strip().casefold()
    if setting.isdigit():
        return types.ThinkingConfig(thinking_budget=int(setting), include_thoughts=False)
    if budget_model:
        budget = {"lowest": 128 if pro else 0, "minimal": 128 if pro else 0, "low": 1024,
                  "medium": 8192, "high": 24576}.get(setting, 0)
        return types.ThinkingConfig(thinking_budget=budget, include_thoughts=False)
    level = setting if setting in THINKING_LEVELS else ("low" if pro else "minimal")
    if pro and level == "minimal":
        level = "low"
    return types.ThinkingConfig(thinking_level=level, include_thoughts=False)


def _segments_json(segments: list[SegmentOut]) -> str:
    return json.dumps([s.model_dump(exclude={"ref"}) for s in segments], ensure_ascii=False)


def _first_problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        return f"{'.'.join(map(str, error['loc']))}: {error['msg']}"
    return str(exc)

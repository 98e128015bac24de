# SPDX-License-Identifier: GPL-3.0-or-later
"""A local fake of the Gemini API, on loopback, for the real google-genai SDK.

It answers where the real API answers (`POST /{version}/models/{model}:
generateContent` and `:streamGenerateContent?alt=sse`), streams server-sent
events (`data: <JSON>` and a blank line), and is as strict as the real API,
taking the stricter reading where the docs and public reports are unclear.
Each rule cites where it comes from:

- The key comes in `x-goog-api-key`; a bad one is 400 INVALID_ARGUMENT with
  a `google.rpc.ErrorInfo` whose reason is API_KEY_INVALID; none is 403
  (ai.google.dev/gemini-api/docs/troubleshooting; the error model of
  AIP-193; google-genai `errors.py` reads `{"error": {code, message, status,
  details}}`).
- `contents` roles are "user" or "model", start with "user", alternate, and
  end with "user"; otherwise 400 INVALID_ARGUMENT "Please ensure that
  multiturn requests alternate between user and model." (public reports on
  the Gemini API forum and google-genai issues; the API reference's
  Content.role is "user" or "model").
- `responseJsonSchema` may use only the JSON Schema subset documented in
  ai.google.dev/gemini-api/docs/structured-output ("JSON Schema support");
  any other keyword is 400 INVALID_ARGUMENT here (reports disagree whether
  the API ignores or refuses them: the stricter reading).
- `thinkingConfig` takes a `thinkingLevel` (Gemini 3: Flash from "minimal",
  Pro from "low") or a `thinkingBudget` (Gemini 2.5), never both: 400
  otherwise (ai.google.dev/gemini-api/docs/thinking). Thinking delays the
  first token: the level's time passes before the first byte, and with no
  thinkingConfig the model thinks at its default (medium here).
- 429 carries `google.rpc.RetryInfo` (`retryDelay`) and, for a used-up
  quota, `google.rpc.QuotaFailure` (ai.google.dev/gemini-api/docs/rate-limits
  and public reports of the body). A 502 from Google's front end is an HTML
  page, not JSON.
- A stream may carry thought parts (`"thought": true`) before the text, and
  ends with a chunk that holds only `usageMetadata`.
- A blocked prompt is `promptFeedback.blockReason` with no candidates; a
  candidate can stop for SAFETY.

Replies are scripted; when the script is empty, `autopilot` writes a
plausible mission so whole sessions run. Every request is kept in `seen`,
with what the fake refused in `refused`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_PATH = re.compile(r"^/(v\d+\w*)/models/([^/:]+):(generateContent|streamGenerateContent)(\?alt=sse)?$")
_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
           404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
# structured-output docs, "JSON Schema support".
SCHEMA_SUBSET = frozenset({
    "type", "title", "description", "enum", "format", "minimum", "maximum", "items", "prefixItems",
    "minItems", "maxItems", "properties", "required", "propertyOrdering", "additionalProperties",
    "anyOf", "$ref", "$defs",
})
ALTERNATE = "Please ensure that multiturn requests alternate between user and model."
RPC = "type.googleapis.com/google.rpc."
# Seconds of thinking before the first token, by level (the fake's own scale).
THINK_S = {"minimal": 0.0, "low": 0.2, "medium": 0.8, "high": 2.0}


@dataclass
class Reply:
    status: int = 200
    body: dict | None = None            # one JSON response
    chunks: list[dict] | None = None    # an event stream
    ttft_s: float = 0.0                 # before the first byte
    chunk_delay_s: float = 0.0          # between stream events
    gate: threading.Event | None = None  # hold the stream after its first event until set
    gate_timeout_s: float = 5.0
    gate_released: bool | None = None    # True: the client opened the gate in time
    thoughts: list[str] | None = None    # thought parts sent before the text
    truncate_after: int | None = None    # the connection drops after this many events
    html: bool = False                   # the body is an HTML page (a front-end 502)


def candidate(text: str, finish: str | None = "STOP") -> dict:
    out: dict[str, Any] = {"content": {"role": "model", "parts": [{"text": text}]}, "index": 0}
    if finish:
        out["finishReason"] = finish
    return out


def text_reply(text: str) -> Reply:
    return Reply(body={"candidates": [candidate(text)], "modelVersion": "fake"})


def json_reply(obj: Any) -> Reply:
    return text_reply(json.dumps(obj))


def stream_reply(text: str, *, pieces: int | None = None, chars: int | None = None,
                 ttft_s: float = 0.0, chunk_delay_s: float = 0.0, finish: str = "STOP",
                 gate: threading.Event | None = None, thoughts: list[str] | None = None,
                 truncate_after: int | None = None) -> Reply:
    """`text` cut into `pieces` equal fragments, or fragments of `chars`
    characters; `thoughts` come first as thought parts; the stream ends with
    a usage-only chunk, or drops after `truncate_after` events."""
    size = chars or max(1, -(-len(text) // (pieces or 4)))
    fragments = [text[i:i + size] for i in range(0, len(text), size)] or [""]
    chunks = [{"candidates": [candidate(f, None)]} for f in fragments]
    chunks[-1]["candidates"][0]["finishReason"] = finish
    chunks.append({"usageMetadata": {"promptTokenCount": 900, "candidatesTokenCount": len(text) // 4,
                                     "totalTokenCount": 900 + len(text) // 4}, "modelVersion": "fake"})
    return Reply(chunks=chunks, ttft_s=ttft_s, chunk_delay_s=chunk_delay_s, gate=gate, thoughts=thoughts,
                 truncate_after=truncate_after)


def error_reply(code: int, message: str = "", *, status: str | None = None,
                details: list[dict] | None = None) -> Reply:
    error: dict[str, Any] = {"code": code, "message": message or _STATUS.get(code, "error"),
                             "status": status or _STATUS.get(code, "UNKNOWN")}
    if details:
        error["details"] = details
    return Reply(status=code, body={"error": error})


def key_invalid_reply() -> Reply:
    """What the API answers a bad key (troubleshooting docs; AIP-193 ErrorInfo)."""
    return error_reply(400, "API key not valid. Please pass a valid API key.", details=[
        {"@type": RPC + "ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com",
         "metadata": {"service": "generativelanguage.googleapis.com"}},
        {"@type": RPC + "LocalizedMessage", "locale": "en-US",
         "message": "API key not valid. Please pass a valid API key."}])


def location_reply() -> Reply:
    return error_reply(400, "User location is not supported for the API use.", status="FAILED_PRECONDITION")


def rate_limited_reply(retry_s: float = 23.0, *, daily: bool = False) -> Reply:
    """A 429 with RetryInfo; `daily`: a per-day quota is used up (QuotaFailure)."""
    quota = ("GenerateRequestsPerDayPerProjectPerModel-FreeTier" if daily
             else "GenerateRequestsPerMinutePerProjectPerModel-FreeTier")
    return error_reply(429, "You exceeded your current quota, please check your plan and billing details.",
                       details=[{"@type": RPC + "QuotaFailure", "violations": [
                                    {"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                                     "quotaId": quota, "quotaValue": "250" if daily else "10"}]},
                                {"@type": RPC + "Help", "links": [{"description": "Learn more about Gemini API quotas",
                                                                  "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]},
                                {"@type": RPC + "RetryInfo", "retryDelay": f"{retry_s:g}s"}])


def html_reply(code: int = 502) -> Reply:
    """Google's front end answering for a backend that is down: HTML, not JSON."""
    return Reply(status=code, html=True, body={"html": (
        "<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error 502 (Server Error)!!1</title>"
        "<p><b>502.</b> <ins>That’s an error.</ins><p>The server encountered a temporary error and could "
        "not complete your request.<p>Please try again in 30 seconds. <ins>That’s all we know.</ins></html>")})


def blocked_reply(reason: str = "SAFETY", stream: bool = False) -> Reply:
    body = {"promptFeedback": {"blockReason": reason}, "modelVersion": "fake"}
    return Reply(chunks=[body]) if stream else Reply(body=body)


def hang_reply(seconds: float) -> Reply:
    """Answers only after `seconds`: longer than the client's timeout."""
    return Reply(ttft_s=seconds, body={"candidates": [candidate("[]")]})


@dataclass
class Seen:
    path: str
    version: str
    model: str
    method: str
    key: str | None
    body: dict
    headers: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Everything the request said, system prompt and conversation."""
        return json.dumps(self.body, ensure_ascii=False)

    @property
    def kind(self) -> str:
        schema = self.body.get("generationConfig", {}).get("responseJsonSchema", {})
        if schema.get("type") == "array":
            return "batch"
        return "judge" if "success" in schema.get("properties", {}) else "brief"


@dataclass
class FakeGemini:
    key: str = "test-key-123"
    script: deque = field(default_factory=deque)
    seen: list[Seen] = field(default_factory=list)
    refused: list[tuple[Seen, str]] = field(default_factory=list)  # requests the API rules refused
    autopilot: bool = False
    think_s: dict = field(default_factory=lambda: dict(THINK_S))

    def start(self) -> "FakeGemini":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                fake._handle(self)

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a client hanging up mid-stream is normal here

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, *replies: Reply) -> None:
        self.script.extend(replies)

    def of(self, kind: str) -> list[Seen]:
        return [s for s in self.seen if s.kind == kind]

    # -- serving ---------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("content-length") or 0)
        raw = handler.rfile.read(length) if length else b"{}"
        match = _PATH.match(handler.path)
        if not match:
            return self._send_json(handler, 404, error_reply(404, f"no route {handler.path}").body)
        version, model, method, sse = match.groups()
        seen = Seen(handler.path, version, model, method, handler.headers.get("x-goog-api-key"),
                    json.loads(raw or b"{}"), {k.lower(): v for k, v in handler.headers.items()})
        self.seen.append(seen)
        if not seen.key:
            return self._send_json(handler, 403, error_reply(403, "Method doesn't allow unregistered callers").body)
        if seen.key != self.key:
            return self._send_json(handler, 400, key_invalid_reply().body)
        problem = check_request(seen)
        if problem is not None:
            self.refused.append((seen, problem))
            return self._send_json(handler, 400, error_reply(400, problem).body)
        reply = self.script.popleft() if self.script else self._auto(seen)
        time.sleep(reply.ttft_s + self._thinking(seen))
        if reply.html:
            return self._send_html(handler, reply.status, reply.body["html"])
        if reply.status != 200:
            return self._send_json(handler, reply.status, reply.body)
        streaming = method == "streamGenerateContent"
        if streaming and sse:
            chunks = reply.chunks or [reply.body]
            self._send_stream(handler, chunks, reply)
        else:
            if reply.chunks:  # a whole answer comes when all of it is written
                time.sleep(reply.chunk_delay_s * (len(reply.chunks) - 1))
            body = reply.body if reply.body is not None else _merge(reply.chunks)
            self._send_json(handler, 200, body)

    def _thinking(self, seen: Seen) -> float:
        config = config_of(seen.body, "thinking_config")
        if "thinkingBudget" in config:
            return 0.0 if config["thinkingBudget"] == 0 else self.think_s["low"]
        return self.think_s[str(config.get("thinkingLevel", "medium")).lower()]

    def _send_html(self, handler, status: int, page: str) -> None:
        data = page.encode()
        handler.send_response(status)
        handler.send_header("content-type", "text/html; charset=UTF-8")
        handler.send_header("content-length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _send_json(self, handler, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("content-type", "application/json; charset=UTF-8")
        handler.send_header("content-length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _send_stream(self, handler, chunks: list[dict], reply: Reply) -> None:
        handler.send_response(200)
        handler.send_header("content-type", "text/event-stream")
        handler.send_header("transfer-encoding", "chunked")
        handler.end_headers()

        def write(data: bytes) -> None:
            handler.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            handler.wfile.flush()

        thoughts = [{"candidates": [{"content": {"role": "model", "parts": [{"text": t, "thought": True}]},
                                     "index": 0}]} for t in reply.thoughts or []]
        try:
            for index, chunk in enumerate(thoughts + chunks):
                if index == reply.truncate_after:
                    handler.close_connection = True
                    return  # the connection drops mid-stream, with no last chunk
                if index and reply.chunk_delay_s:
                    time.sleep(reply.chunk_delay_s)
                if index == 1 and reply.gate is not None:
                    reply.gate_released = reply.gate.wait(reply.gate_timeout_s)
                write(f"data: {json.dumps(chunk)}\r\n\r\n".encode())
            write(b"")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped listening (a cue ended the batch)

    # -- autopilot: a plausible mission --------------------------------------------

    def _auto(self, seen: Seen) -> Reply:
        if not self.autopilot:
            return error_reply(500, "the fake has no scripted reply")
        if seen.kind == "brief":
            return json_reply(AUTO_BRIEF)
        if seen.kind == "judge":
            said = seen.text.count("PLAYER:")
            return json_reply({"success": said > 0, "summary": f"You answered {said} calls on air."})
        batch = len(self.of("batch"))
        return stream_reply(json.dumps([
            {"kind": "line", "speaker": "Vera Holt", "text": f"Base, Vera here, checkpoint {batch}. Over."},
            {"kind": "gap", "seconds": 1.5},
            {"kind": "line", "speaker": "Jonah Pike", "text": "Wind's picking up. Do we keep going?"},
            {"kind": "cue", "speaker": "Jonah Pike", "hint": "Keep going?"},
        ]), pieces=5)


def _roles_problem(contents: list) -> str | None:
    roles = [c.get("role") for c in contents]
    if not roles:
        return "* GenerateContentRequest.contents: contents is not specified"
    if any(r not in ("user", "model") for r in roles):
        return "Please use a valid role: user, model."
    if roles[0] != "user" or roles[-1] != "user" or any(a == b for a, b in zip(roles, roles[1:])):
        return ALTERNATE
    return None


def _schema_problem(node: Any, where: str = "response_json_schema") -> str | None:
    if isinstance(node, list):
        for item in node:
            if (problem := _schema_problem(item, where)) is not None:
                return problem
        return None
    if not isinstance(node, dict):
        return None
    for key, value in node.items():
        if key not in SCHEMA_SUBSET:
            return f"Invalid JSON payload received. Unknown name \"{key}\" at 'generation_config.{where}'."
        subs = value.values() if key in ("properties", "$defs") and isinstance(value, dict) else [value]
        for sub in subs:
            if key != "enum" and (problem := _schema_problem(sub, where)) is not None:
                return problem
    return None


def _thinking_problem(model: str, config: dict) -> str | None:
    if not config:
        return None
    level, budget = config.get("thinkingLevel"), config.get("thinkingBudget")
    if level is not None and budget is not None:
        return "You can only set only one of thinking budget and thinking level."
    older = "2.5" in model or "2.0" in model
    if level is not None and older:
        return f"Thinking level is not supported for this model ({model})."
    if level is not None and str(level).lower() == "minimal" and "pro" in model:
        return "Thinking level MINIMAL is not supported for this model."
    if budget is not None and budget == 0 and "pro" in model:
        return "This model only works in thinking mode."
    return None


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def config_of(body: dict, name: str) -> dict:
    """A field of the generation config. The API's JSON takes a proto field
    by its lowerCamelCase or its original snake_case name (protobuf's JSON
    mapping, protobuf.dev/programming-guides/json): the SDK sends some
    either way, so both are read, as the camelCase name."""
    config = body.get("generationConfig") or body.get("generation_config") or {}
    value = config.get(camel(name), config.get(name))
    if isinstance(value, dict):
        return {camel(k): v for k, v in value.items()}
    return value if value is not None else {}


def check_request(seen: Seen) -> str | None:
    """The API's own rules for a generate request (see the module's notes);
    the first one broken, or None."""
    body = seen.body
    return (_roles_problem(body.get("contents") or [])
            or _schema_problem(body.get("generationConfig", {}).get("responseJsonSchema") or {})
            or _thinking_problem(seen.model, config_of(body, "thinking_config")))


AUTO_BRIEF = {
    "title": "The Glacier Relay", "brief": "Two climbers are relaying supplies across a glacier at night.",
    "story": "A crevasse field has shifted. The relay code is 3 1 4.", "task": "Get both climbers across.",
    "frequency_mhz": 101.3, "time_limit_s": 300,
    "callers": [{"name": "Vera Holt", "role": "lead climber", "personality": "calm", "gender": "female"},
                {"name": "Jonah Pike", "role": "second climber", "personality": "jumpy", "gender": "male"}],
}


def _merge(chunks: list[dict] | None) -> dict:
    if not chunks:
        return {"candidates": [candidate("")]}
    text = "".join(p.get("text", "") for c in chunks for cand in c.get("candidates", [])
                   for p in cand.get("content", {}).get("parts", []))
    with_candidates = [c for c in chunks if c.get("candidates")]
    if not with_candidates:
        return dict(chunks[-1])  # a blocked prompt: no candidates at all
    merged = dict(with_candidates[-1])
    merged["candidates"] = [candidate(text, merged["candidates"][0].get("finishReason", "STOP"))]
    usage = [c["usageMetadata"] for c in chunks if "usageMetadata" in c]
    if usage:
        merged["usageMetadata"] = usage[-1]
    return merged

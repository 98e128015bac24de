# SPDX-License-Identifier: GPL-3.0-or-later
"""A local fake of the Gemini API, on loopback, for the real google-genai SDK.

It answers where the real API answers (`POST /{version}/models/{model}:
generateContent` and `:streamGenerateContent?alt=sse`, any API version),
checks the `x-goog-api-key` header, streams server-sent events (`data: <JSON>`
and a blank line), and fails the way Google fails (`{"error": {code,
message, status}}`, a blocked prompt as `promptFeedback.blockReason` with no
candidates, a candidate stopped for SAFETY). Replies are scripted; when the
script is empty, `autopilot` writes a plausible mission so whole sessions run.
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
                 gate: threading.Event | None = None) -> Reply:
    """`text` cut into `pieces` equal fragments, or fragments of `chars` characters."""
    size = chars or max(1, -(-len(text) // (pieces or 4)))
    fragments = [text[i:i + size] for i in range(0, len(text), size)] or [""]
    chunks = [{"candidates": [candidate(f, None)]} for f in fragments]
    chunks[-1]["candidates"][0]["finishReason"] = finish
    return Reply(chunks=chunks, ttft_s=ttft_s, chunk_delay_s=chunk_delay_s, gate=gate)


def error_reply(code: int, message: str = "") -> Reply:
    return Reply(status=code, body={"error": {"code": code, "message": message or _STATUS.get(code, "error"),
                                              "status": _STATUS.get(code, "UNKNOWN")}})


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
    autopilot: bool = False

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
                    json.loads(raw or b"{}"))
        self.seen.append(seen)
        if not seen.key:
            return self._send_json(handler, 403, error_reply(403, "Method doesn't allow unregistered callers").body)
        if seen.key != self.key:
            return self._send_json(handler, 400, error_reply(400, "API key not valid. Please pass a valid API key.").body)
        reply = self.script.popleft() if self.script else self._auto(seen)
        if reply.ttft_s:
            time.sleep(reply.ttft_s)
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

        try:
            for index, chunk in enumerate(chunks):
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
    merged = dict(chunks[-1])
    if "candidates" in merged:
        merged["candidates"] = [candidate(text, merged["candidates"][0].get("finishReason", "STOP"))]
    return merged

"""A scripted, real OpenAI-compatible HTTP server on loopback — the test double for every LLM call.

No language model is reachable in tests, and mocking litellm would test nothing: instead tests start this server on
``127.0.0.1`` (a free port), point litellm at it with ``api_base`` and script the answers. litellm's real request,
retry, fallback, streaming and cost paths all run. The pattern follows simonw/llm's fake model: ``enqueue()`` answers,
read ``history`` afterwards.

Usage::

    with ScriptedLLMServer() as server:
        server.enqueue('{"answer": 42}')                     # a chat completion
        server.enqueue(status=429, error="slow down")        # an HTTP error
        server.enqueue("late", delay=2.0)                    # a slow answer (for timeouts)
        server.enqueue(raw="{not json", status=200)          # a malformed body
        # model "openai/gpt-4o-mini", api_base=server.base_url, api_key="test"
        assert len(server.history) == ...

Streaming requests (``"stream": true``) get the same scripted content as SSE chunks (``chunks=`` to choose the split).
Ollama's ``/api/chat`` and ``/api/generate`` (point ``OLLAMA_BASE_URL`` at ``server.root_url``) and Anthropic's
``/v1/messages`` (``api_base=server.root_url``; a forced tool call gets the scripted JSON as its input) are served too.
When the queue is empty the server answers 500 with a message that says so, so a test never hangs.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["ScriptedReply", "ScriptedLLMServer"]


@dataclass
class ScriptedReply:
    """One scripted answer. ``status`` != 200 makes it an error; ``raw`` sends that body verbatim."""

    content: str = ""
    status: int = 200
    error: str = ""
    delay: float = 0.0
    raw: str | None = None
    chunks: list[str] | None = None
    prompt_tokens: int = 50
    completion_tokens: int = 20
    cached_tokens: int = 0  # of prompt_tokens, reported as read from the provider's prompt cache
    reasoning_content: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class RecordedRequest:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    @property
    def text(self) -> str:
        """All message contents joined: handy for ``assert "feedback" in req.text``."""
        parts = []
        for m in self.messages:
            c = m.get("content")
            parts.append(c if isinstance(c, str) else json.dumps(c))
        if "prompt" in self.body:
            parts.append(str(self.body["prompt"]))
        return "\n".join(parts)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid a 40 ms delayed-ACK stall per call

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the default stderr log
        return

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        if self.path.rstrip("/").endswith("/models") or self.path.startswith("/api/tags"):
            self._send_json(200, {"data": [], "models": []})
        else:
            self._send_json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw_body or b"{}")
        except json.JSONDecodeError:
            body = {"_raw": raw_body.decode("utf-8", "replace")}
        owner = self.server.owner
        owner._record(RecordedRequest(self.path, body, {k.lower(): v for k, v in self.headers.items()}))
        reply = owner._next()
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self._answer(body, reply)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            return

    # --- answers ----------------------------------------------------------------------------------------------
    def _answer(self, body: dict[str, Any], reply: ScriptedReply) -> None:
        if reply.raw is not None:
            self._send(reply.status, reply.raw.encode(), "application/json", reply.headers)
            return
        if reply.status != 200:
            err = {"error": {"message": reply.error or f"scripted HTTP {reply.status}", "type": "scripted_error",
                             "code": str(reply.status)}}
            self._send_json(reply.status, err, reply.headers)
            return
        model = str(body.get("model") or "test-model")
        if self.path.startswith("/api/"):
            self._answer_ollama(model, body, reply)
        elif self.path.rstrip("/").endswith("/messages"):
            self._answer_anthropic(model, body, reply)
        elif body.get("stream"):
            self._stream_openai(model, reply)
        else:
            message: dict[str, Any] = {"role": "assistant", "content": reply.content}
            if reply.reasoning_content is not None:
                message["reasoning_content"] = reply.reasoning_content
            self._send_json(200, {
                "id": f"chatcmpl-{uuid.uuid4().hex[:12]}", "object": "chat.completion", "created": int(time.time()),
                "model": model, "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                          "total_tokens": reply.prompt_tokens + reply.completion_tokens,
                          "prompt_tokens_details": {"cached_tokens": reply.cached_tokens}},
            }, reply.headers)

    def _stream_openai(self, model: str, reply: ScriptedReply) -> None:
        chunks = reply.chunks if reply.chunks is not None else _split(reply.content)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        cid = f"chatcmpl-{uuid.uuid4().hex[:12]}"
        for i, piece in enumerate(chunks):
            delta: dict[str, Any] = {"content": piece}
            if i == 0:
                delta["role"] = "assistant"
            event = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                     "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            self.wfile.flush()
        final = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                 "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                           "total_tokens": reply.prompt_tokens + reply.completion_tokens}}
        self.wfile.write(f"data: {json.dumps(final)}\n\ndata: [DONE]\n\n".encode())
        self.wfile.flush()
        self.close_connection = True

    def _answer_anthropic(self, model: str, body: dict[str, Any], reply: ScriptedReply) -> None:
        """Anthropic's Messages API; a forced tool (litellm's JSON-schema mode) gets the content as tool input."""
        block: dict[str, Any] = {"type": "text", "text": reply.content}
        forced = (body.get("tool_choice") or {}).get("name")
        if forced:
            with contextlib.suppress(json.JSONDecodeError):  # not JSON: answer as text
                block = {"type": "tool_use", "id": f"toolu_{uuid.uuid4().hex[:12]}", "name": forced,
                         "input": json.loads(reply.content)}
        self._send_json(200, {
            "id": f"msg_{uuid.uuid4().hex[:12]}", "type": "message", "role": "assistant", "model": model,
            "content": [block], "stop_reason": "tool_use" if block["type"] == "tool_use" else "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": reply.prompt_tokens, "output_tokens": reply.completion_tokens,
                      "cache_read_input_tokens": reply.cached_tokens},
        }, reply.headers)

    def _answer_ollama(self, model: str, body: dict[str, Any], reply: ScriptedReply) -> None:
        base: dict[str, Any] = {"model": model, "created_at": "2026-01-01T00:00:00Z", "done": True,
                                "prompt_eval_count": reply.prompt_tokens, "eval_count": reply.completion_tokens}
        if self.path.startswith("/api/chat"):
            base["message"] = {"role": "assistant", "content": reply.content}
        else:
            base["response"] = reply.content
        if body.get("stream"):
            self._send(200, (json.dumps(base) + "\n").encode(), "application/x-ndjson", reply.headers)
        else:
            self._send_json(200, base, reply.headers)

    def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json", headers or {})

    def _send(self, status: int, data: bytes, ctype: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)


def _split(text: str, size: int = 8) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: ScriptedLLMServer


class ScriptedLLMServer:
    """Start with ``with ScriptedLLMServer() as s:`` (or ``start()``/``stop()``); see the module docstring."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._host = host
        self._queue: deque[ScriptedReply] = deque()
        self._lock = threading.Lock()
        self.history: list[RecordedRequest] = []
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle --------------------------------------------------------------------------------------------
    def start(self) -> ScriptedLLMServer:
        httpd = _Server((self._host, 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
                                        name="scripted-llm")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> ScriptedLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def base_url(self) -> str:
        """The OpenAI-style ``api_base`` (ends in ``/v1``)."""
        return f"{self.root_url}/v1"

    # --- scripting --------------------------------------------------------------------------------------------
    def enqueue(self, content: str = "", **kwargs: Any) -> ScriptedLLMServer:
        """Queue one answer; keyword arguments are the fields of :class:`ScriptedReply`."""
        with self._lock:
            self._queue.append(ScriptedReply(content=content, **kwargs))
        return self

    def enqueue_json(self, payload: Any, **kwargs: Any) -> ScriptedLLMServer:
        return self.enqueue(json.dumps(payload), **kwargs)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    @property
    def calls(self) -> int:
        return len(self.history)

    def _record(self, req: RecordedRequest) -> None:
        with self._lock:
            self.history.append(req)

    def _next(self) -> ScriptedReply:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        return ScriptedReply(status=500, error="ScriptedLLMServer: no scripted response left (enqueue one)")

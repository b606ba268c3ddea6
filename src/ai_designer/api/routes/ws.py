"""WebSocket: live progress of designs, and streamed LLM text.

Endpoints:

* ``/api/v1/ws/design/{request_id}`` — subscribes to that design at once.
* ``/api/v1/ws`` — subscribe later with ``{"type": "subscribe", "request_id": ...}``.

Server → client messages: ``{"type": "progress", "request_id", "version", "status", "iteration", "message",
"data"}`` (the first one is the current state; ``succeeded``/``failed``/``rejected``/``cancelled`` carry
``data.result``), then for a succeeded design whose PNG/GLB is still being made ``{"type": "preview_ready"}`` or
``{"type": "preview_failed"}`` with ``data.preview``, ``data.files`` and ``data.result`` (jobs/previews.py),
``{"type": "stream_chunk", "content"}`` / ``{"type": "stream_done"}`` after a client's
``{"type": "stream_design", "prompt": ...}``, ``{"type": "pong"}`` after ``{"type": "ping"}``, and
``{"type": "error", "code", "message"}`` for a bad message or an LLM that is not configured. A bad message never
closes the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from ai_designer.api.deps import caller_from, service_from
from ai_designer.core.errors import AIDesignerError, NotFoundError
from ai_designer.jobs.events import make_event
from ai_designer.jobs.service import DesignService, public_result
from ai_designer.jobs.store import VersionRecord

__all__ = ["router"]

log = logging.getLogger(__name__)
router = APIRouter()

_POLL_SECONDS = 1.0
_STREAM_SYSTEM = (
    "You are a mechanical design assistant for FreeCAD. Describe, in short numbered steps, how to model the part "
    "the user asks for: overall dimensions in millimetres, the base body, each feature (holes, pockets, fillets, "
    "patterns) with its size and position, and any assumption you make. Plain text, no code."
)


def _mark(version: int, status: str, result: Any) -> tuple[int, str, str | None]:
    """What the poll compares: version, status and the preview's status (it changes after ``succeeded``)."""
    preview = result.get("preview") if isinstance(result, dict) else None
    return version, status, preview.get("status") if isinstance(preview, dict) else None


def snapshot(record: VersionRecord) -> dict[str, Any]:
    data = {"result": public_result(record)} if record.finished else {}
    return make_event(record.design_id, record.version, record.status.value, record.iteration, record.message, data)


class _Connection:
    """One client: a send lock, its subscriptions and its running stream, all ended together."""

    def __init__(self, websocket: WebSocket, service: DesignService) -> None:
        self.ws, self.service = websocket, service
        self.caller = caller_from(websocket)
        self._send_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._subscribed: set[str] = set()
        self._last: dict[str, tuple[int, str, str | None]] = {}
        self._heard: dict[str, bool] = {}  # an event was pumped since the design's last poll tick

    async def send(self, message: dict[str, Any]) -> None:
        async with self._send_lock:
            await self.ws.send_json(message)

    async def error(self, code: str, message: str) -> None:
        await self.send({"type": "error", "code": code, "message": message})

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def subscribe(self, design_id: str) -> None:
        if design_id in self._subscribed:
            return
        sub = self.service.subscribe(design_id)  # before the snapshot, so no event falls in between
        try:
            record = self.service.get(design_id, principal=self.caller)
        except NotFoundError as exc:
            sub.close()
            await self.error(exc.code, exc.message)
            return
        self._subscribed.add(design_id)
        if record.status.finished:
            sub.drop_replayed()  # a finished design is best told by its final state alone
        if not sub.replayed:  # finished, or no remembered events (run by another API process): send the state
            await self.send(snapshot(record))
        self._last[design_id] = _mark(record.version, record.status.value, record.result)
        self._spawn(self._pump(sub))
        self._spawn(self._poll(design_id))

    async def _pump(self, sub: Any) -> None:
        try:
            while True:
                event = await sub.get()
                self._heard[sub.design_id] = True
                self._last[sub.design_id] = _mark(int(event.get("version", 0)), str(event.get("status")),
                                                  (event.get("data") or {}).get("result"))
                await self.send(event)
        finally:
            sub.close()

    async def _poll(self, design_id: str) -> None:
        """Safety net: every ``_POLL_SECONDS`` compare the store with what was sent and send a fresh state if the
        events missed a change — jobs run by another API process (``--workers N``) or a lost pub/sub message.

        A tick after which an event arrived reads nothing (the events flow; a change lost after it is caught one
        tick later), and the whole version is read only when its three-column stamp changed: reading and encoding
        every subscribed version each second was a fifth of the API's CPU under load (py-spy, 8 clients)."""
        seen: tuple[int, str, float] | None = None
        while True:
            await asyncio.sleep(_POLL_SECONDS)
            if self._heard.pop(design_id, False):
                continue
            stamp = self.service.store.stamp(design_id)
            if stamp is not None and stamp == seen:
                continue
            seen = stamp
            try:
                record = self.service.get(design_id)
            except NotFoundError as exc:
                await self.error(exc.code, exc.message)
                return
            mark = _mark(record.version, record.status.value, record.result)
            if self._last.get(design_id) != mark:
                self._last[design_id] = mark
                await self.send(snapshot(record))

    async def stream_design(self, prompt: str) -> None:
        from ai_designer.llm.model_config import resolve_agent_config
        from ai_designer.llm.routing import configured_chain, not_configured_message

        cfg = resolve_agent_config("planner")
        if not configured_chain(cfg.chain(), cfg.api_base):
            await self.error("llm_not_configured", not_configured_message("planner"))
            return
        from ai_designer.llm.provider import UnifiedLLMProvider
        from ai_designer.schemas.llm_schemas import LLMMessage, LLMRequest, LLMRole

        request = LLMRequest(model=cfg.primary, fallbacks=[cfg.fallback] if cfg.fallback else [],
                             temperature=cfg.temperature, max_tokens=cfg.max_tokens, api_base=cfg.api_base,
                             agent="planner", use_cache=False,
                             messages=[LLMMessage(role=LLMRole.system, content=_STREAM_SYSTEM),
                                       LLMMessage(role=LLMRole.user, content=prompt)])
        provider = UnifiedLLMProvider(self.service.settings, cache=None)
        try:
            async for chunk in provider.complete_stream(request):
                await self.send({"type": "stream_chunk", "content": chunk})
        except AIDesignerError as exc:
            await self.error(exc.code, exc.message)
            return
        await self.send({"type": "stream_done", "cost_usd": round(provider.get_total_cost(), 6)})

    async def handle(self, raw: str) -> None:
        limit = self.service.settings.max_request_bytes
        if len(raw) > limit:
            await self.error("payload_too_large", f"messages are limited to {limit} bytes (MAX_REQUEST_BYTES)")
            return
        try:
            message = json.loads(raw)
        except ValueError:
            await self.error("invalid_message", "send JSON objects like {\"type\": \"ping\"}")
            return
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "ping":
            await self.send({"type": "pong"})
        elif kind == "subscribe" and isinstance(message.get("request_id"), str) and len(message["request_id"]) <= 64:
            await self.subscribe(message["request_id"])
        elif kind == "stream_design":
            prompt = message.get("prompt")
            max_chars = self.service.settings.max_prompt_chars
            if not isinstance(prompt, str) or not prompt.strip() or len(prompt) > max_chars:
                await self.error("invalid_message", f"stream_design needs a \"prompt\" of 1 to {max_chars} "
                                 "characters")
                return
            self._spawn(self.stream_design(prompt.strip()))
        else:
            await self.error("invalid_message", "unknown message: use {\"type\": \"subscribe\", \"request_id\": "
                             "...}, {\"type\": \"stream_design\", \"prompt\": ...} or {\"type\": \"ping\"}")

    async def serve(self, design_id: str | None) -> None:
        try:
            if design_id is not None:
                await self.subscribe(design_id)
            while True:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                if message.get("text") is None:  # a binary frame: say so with the protocol's own close code
                    await self.ws.close(code=1003, reason="binary frames are not supported; send JSON text frames")
                    break
                await self.handle(message["text"])
        except WebSocketDisconnect:
            pass
        except RuntimeError as exc:  # sending on a socket the client already closed
            log.debug("websocket ended: %s", exc)
        finally:
            for task in list(self._tasks):
                task.cancel()
            for task in list(self._tasks):
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task


async def _authenticated(websocket: WebSocket) -> bool:
    """Ask the ops layer's ``authenticate_websocket`` when it is installed; it refuses the socket itself."""
    try:
        from ai_designer.api.middleware.auth import authenticate_websocket
    except ImportError:
        return True
    return await authenticate_websocket(websocket, websocket.app.state.settings) is not None


@router.websocket("/api/v1/ws/design/{design_id}")
async def design_events(websocket: WebSocket, design_id: str) -> None:
    if not await _authenticated(websocket):
        return
    await websocket.accept()
    await _Connection(websocket, service_from(websocket)).serve(design_id[:64])


@router.websocket("/api/v1/ws")
async def events(websocket: WebSocket) -> None:
    if not await _authenticated(websocket):
        return
    await websocket.accept()
    await _Connection(websocket, service_from(websocket)).serve(None)

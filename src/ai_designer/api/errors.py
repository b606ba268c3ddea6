"""One JSON error shape for the whole API: ``{"error": {"code": ..., "message": ...}}``.

Every :class:`~ai_designer.core.errors.AIDesignerError` maps to its ``http_status`` and ``code``; FastAPI's own
validation errors become 422 ``invalid_request`` with the field path in the message; unknown routes 404; bodies over
``MAX_REQUEST_BYTES`` 413 before they are read. Malformed or oversized input is always a 4xx, never a 5xx; a 5xx
means a bug and says so without leaking a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ai_designer.core.errors import AIDesignerError

__all__ = ["error_body", "install_error_handlers", "BodySizeLimit"]

log = logging.getLogger(__name__)

_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
               422: "invalid_request", 429: "rate_limited"}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return {"error": body}


def _status_for(exc: AIDesignerError) -> int:
    # ConfigError and friends default to 500 in core/errors; in the API they describe the server's set-up.
    return exc.http_status if exc.http_status != 500 else 503 if exc.code.endswith("config_error") else 500


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AIDesignerError)
    status = _status_for(exc)
    return JSONResponse(error_body(exc.code, exc.message, exc.details or None), status_code=status,
                        headers={"Retry-After": str(exc.details.get("retry_after"))}
                        if exc.details.get("retry_after") else None)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors()[:10]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        problems.append(f"{where}: {err.get('msg', 'invalid')}")
    message = "the request is not valid: " + "; ".join(problems) + " (see /docs for the schema)"
    return JSONResponse(error_body("invalid_request", message), status_code=422)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such endpoint: {request.method} {request.url.path} (see /docs)"
    return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=exc.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(error_body("internal_error", "an unexpected server error happened; it was logged — "
                                   "retry, and report it if it persists"), status_code=500)


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    """The design database (PostgreSQL restarting, SQLite locked too long) did not answer: a clear 503, not a 500."""
    log.warning("design database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(error_body("storage_unavailable", "the design database is not answering right now; retry "
                                   "in a few seconds (designs already accepted are kept)"), status_code=503,
                        headers={"Retry-After": "5"})


def install_error_handlers(app: FastAPI) -> None:
    from sqlalchemy.exc import InterfaceError, OperationalError

    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(InterfaceError, _database_down)
    app.add_exception_handler(AIDesignerError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


class BodySizeLimit:
    """Pure ASGI middleware: 413 for bodies over ``max_bytes``, before the app reads them.

    A declared ``Content-Length`` is checked at once (the server enforces it); a chunked body is read here up to the
    limit and replayed to the app, so an oversized one never reaches JSON parsing."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _reply(send, 400, "bad_request", "the Content-Length header must be a number of bytes")
            elif int(declared) > self.max_bytes:
                await self._too_large(send)
            else:
                await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                await self._too_large(send)
                return
            if not message.get("more_body"):
                break
        body = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([body], receive), send)

    async def _too_large(self, send: Send) -> None:
        await _reply(send, 413, "payload_too_large", f"the request body is larger than {self.max_bytes} bytes "
                     "(MAX_REQUEST_BYTES); send a shorter prompt")


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


async def _reply(send: Send, status: int, code: str, message: str) -> None:
    response = JSONResponse(error_body(code, message), status_code=status)
    await response({"type": "http"}, _empty_receive, send)


async def _empty_receive() -> Message:
    return {"type": "http.disconnect"}

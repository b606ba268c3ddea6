"""Authentication middleware (HTTP and WebSocket) — pure ASGI, so it also guards WebSocket handshakes.

When ``AUTH_ENABLED`` is false every request passes as the anonymous principal. When it is true, every path except
the public ones below needs an API key or a JWT access token (see :mod:`ai_designer.core.security`); failures get a
401 JSON error body ``{"error": {"code": "unauthorized", "message": ...}}`` with ``WWW-Authenticate: Bearer``.
The authenticated :class:`~ai_designer.core.security.Principal` is stored in ``request.state.principal``.

WebSockets cannot send custom headers from a browser, so the token may also come as ``?token=<jwt>``. A refused
handshake gets a real HTTP 401 when the server supports the WebSocket denial-response extension (uvicorn and the
Starlette test client do), otherwise the socket is closed with code 1008 (policy violation) before it is accepted.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.datastructures import Headers, QueryParams
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket

from ai_designer.core import metrics
from ai_designer.core.errors import AuthError
from ai_designer.core.security import ANONYMOUS, Principal, authenticate, credentials_from
from ai_designer.core.settings import Settings

__all__ = ["AuthMiddleware", "authenticate_websocket", "is_public_path", "PUBLIC_PATHS", "TOKEN_PATH"]

logger = logging.getLogger(__name__)

TOKEN_PATH = "/api/v1/auth/token"
# SPEC.md's exempt list, the token endpoint, and the static browser UI shell (it holds no data; its API calls
# carry the user's key).
PUBLIC_PATHS = frozenset({"/health", "/ready", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json",
                          "/metrics", TOKEN_PATH, "/", "/index.html", "/favicon.ico"})
PUBLIC_PREFIXES = ("/static/", "/ui/", "/assets/")


def is_public_path(path: str) -> bool:
    if path in PUBLIC_PATHS or path.rstrip("/") in PUBLIC_PATHS:
        return True
    return path.startswith(PUBLIC_PREFIXES)


def error_response(exc: AuthError) -> JSONResponse:
    return JSONResponse({"error": exc.to_dict()}, status_code=401, headers={"WWW-Authenticate": "Bearer"})


def _principal_for(scope: Scope, settings: Settings) -> Principal:
    headers = Headers(scope=scope)
    query = QueryParams(scope.get("query_string", b"")) if scope["type"] == "websocket" else None
    return authenticate(credentials_from(headers, query), settings)


def _remember(scope: Scope, principal: Principal) -> None:
    state: dict[str, Any] = scope.setdefault("state", {})
    state["principal"] = principal


async def authenticate_websocket(websocket: WebSocket, settings: Settings) -> Principal | None:
    """Authenticate a WebSocket before ``accept()``; on failure refuse it and return None (the caller returns).

    Credentials: ``Authorization: Bearer``, ``X-API-Key`` or ``?token=`` / ``?api_key=`` in the URL.
    """
    if not settings.auth_enabled:
        return ANONYMOUS
    try:
        principal = _principal_for(websocket.scope, settings)
    except AuthError as exc:
        metrics.record_auth_failure("websocket")
        logger.info("websocket %s refused: %s", websocket.url.path, exc.message)
        if "websocket.http.response" in websocket.scope.get("extensions", {}):
            await websocket.send_denial_response(error_response(exc))
        else:
            await websocket.close(code=1008, reason="unauthorized")
        return None
    _remember(websocket.scope, principal)
    return principal


class AuthMiddleware:
    """Refuses unauthenticated requests to non-public paths when auth is enabled."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if not self.settings.auth_enabled:
            _remember(scope, ANONYMOUS)
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            if await authenticate_websocket(WebSocket(scope, receive, send), self.settings) is None:
                return
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" or is_public_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        try:
            principal = _principal_for(scope, self.settings)
        except AuthError as exc:
            metrics.record_auth_failure("http")
            await error_response(exc)(scope, receive, send)
            return
        _remember(scope, principal)
        await self.app(scope, receive, send)

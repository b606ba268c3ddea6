"""MCP over Streamable HTTP: mounted in the REST app at ``/mcp``, or served alone by ``ai-designer mcp --http``.

Both ways sit behind the service's own middleware (API key / JWT auth, the Redis rate limit, the body-size limit),
so an MCP client authenticates exactly like a REST client (``X-API-Key`` or ``Authorization: Bearer``) and its
designs are scoped to the same principal. The SDK's DNS-rebinding protection is on when the server binds to a
loopback address (a browser page cannot reach a local server through a hostile DNS name).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ai_designer.core.settings import Settings
from ai_designer.jobs.service import DesignService

__all__ = ["MCP_PATH", "mount_mcp", "build_http_app", "run_http"]

MCP_PATH = "/mcp"


class _MCPEndpoint:
    """The ``/mcp`` ASGI endpoint. The SDK's session manager runs once per instance, so each start of the app (a
    lifespan) gets a fresh one; between lifespans the endpoint answers 503."""

    def __init__(self, server: Any, settings: Settings, host: str) -> None:
        self._server, self._settings, self._host = server, settings, host
        self._manager: Any = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self._server.streamable_http_app(streamable_http_path=MCP_PATH, host=self._host,
                                         max_request_body_size=self._settings.max_request_bytes)
        manager = self._server.session_manager
        async with manager.run():
            self._manager = manager
            try:
                yield
            finally:
                self._manager = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._manager is None:
            await JSONResponse({"error": {"code": "unavailable", "message": "the MCP endpoint is not running; "
                                          "retry once the server has started"}}, status_code=503)(scope, receive, send)
            return
        await self._manager.handle_request(scope, receive, send)


def mount_mcp(app: Starlette, service: DesignService, settings: Settings, *, host: str | None = None
              ) -> Callable[[], AbstractAsyncContextManager[None]]:
    """Add the MCP endpoint to ``app`` at ``/mcp``; run the returned context manager in the app's lifespan (it
    owns the MCP sessions and ends them on shutdown)."""
    from ai_designer.mcp.server import build_server

    endpoint = _MCPEndpoint(build_server(settings, service, local_files=False), settings, host or settings.api_host)
    app.router.routes.append(Route(MCP_PATH, endpoint=endpoint))
    return endpoint.running


def build_http_app(settings: Settings, service: DesignService | None = None, *, host: str | None = None) -> Starlette:
    """A small app with only ``/mcp`` and ``/health``, with the REST API's auth and rate limit."""
    from ai_designer.api.errors import BodySizeLimit
    from ai_designer.api.middleware import cors_options
    from ai_designer.api.middleware.auth import AuthMiddleware
    from ai_designer.api.middleware.rate_limit import RateLimitMiddleware

    service = service or DesignService.from_settings(settings)
    sessions: list[Callable[[], AbstractAsyncContextManager[None]]] = []

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        service.start()
        try:
            async with sessions[0]():
                yield
        finally:
            service.close()

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    app = Starlette(routes=[Route("/health", health)], lifespan=lifespan)
    app.state.settings, app.state.service = settings, service
    sessions.append(mount_mcp(app, service, settings, host=host))
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(AuthMiddleware, settings=settings)
    app.add_middleware(RateLimitMiddleware, settings=settings, cors_options=cors_options(settings))
    return app


def run_http(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    level: Any = settings.log_level.lower()
    uvicorn.run(build_http_app(settings, host=host), host=host, port=port, log_level=level)

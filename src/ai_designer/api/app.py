"""The FastAPI application: ``uvicorn ai_designer.api.app:create_app --factory``.

``create_app`` builds everything from :class:`~ai_designer.core.settings.Settings` (no work at import time): the
design service (SQLite store + the local or Celery back end), the routes, the one JSON error shape, the request-size
limit, the browser UI at ``/``, and — when the ops layer is installed — auth, rate limiting, CORS, HTTP metrics,
the token endpoint and ``GET /metrics``. The service starts in the lifespan (failing jobs a crash interrupted) and
stops with it.

    app = create_app(Settings(JOB_BACKEND="local"))
    with TestClient(app) as client:
        client.post("/api/v1/design", json={"prompt": "a 40 mm cube"})
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from ai_designer import __version__
from ai_designer.api.errors import BodySizeLimit, install_error_handlers
from ai_designer.api.routes import designs, health, ws
from ai_designer.core.settings import Settings, get_settings
from ai_designer.jobs.service import DesignService

__all__ = ["create_app"]

log = logging.getLogger(__name__)
WEB_DIR = Path(__file__).resolve().parent.parent / "web"


def _optional(module: str, attr: str) -> Any:
    """An attribute of another layer's module, or None while that module is not installed."""
    try:
        return getattr(importlib.import_module(module), attr)
    except ImportError as exc:
        if exc.name and module.startswith(exc.name):
            log.info("%s not installed (%s); serving without it", module, exc)
            return None
        raise


def create_app(settings: Settings | None = None, *, service: DesignService | None = None,
               designer: Any = None) -> FastAPI:
    """Build the app. ``service`` / ``designer`` replace the real ones in tests that are not about them."""
    settings = settings or get_settings()
    service = service or DesignService.from_settings(settings, designer=designer)
    on_start: list[Any] = []  # context managers entered after the service starts (the MCP sessions)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.start()
        try:
            async with AsyncExitStack() as stack:
                for make in on_start:
                    await stack.enter_async_context(make())
                yield
        finally:
            service.close()

    app = FastAPI(title="ai-designer", version=__version__, lifespan=lifespan,
                  description="Text to validated, parametric FreeCAD models: REST + WebSocket + browser UI.")
    app.state.settings = settings
    app.state.service = service
    install_error_handlers(app)

    app.include_router(health.router)
    app.include_router(designs.router)
    app.include_router(ws.router)
    for module in ("ai_designer.api.routes.auth", "ai_designer.api.routes.metrics"):
        router = _optional(module, "router")
        if router is not None:
            app.include_router(router)

    from ai_designer.mcp.http import mount_mcp

    on_start.append(mount_mcp(app, service, settings))  # MCP (Streamable HTTP) at /mcp, behind the same middleware

    if (WEB_DIR / "index.html").is_file():
        app.mount("/ui", StaticFiles(directory=WEB_DIR), name="ui")

        @app.get("/", include_in_schema=False)
        @app.get("/d/{design_id}", include_in_schema=False)
        @app.get("/d/{design_id}/v/{version}", include_in_schema=False)
        def index() -> FileResponse:
            """The page; ``/d/<id>`` and ``/d/<id>/v/<n>`` are shareable links the page's script opens."""
            return FileResponse(WEB_DIR / "index.html", media_type="text/html")

    # Innermost first: the size limit sits inside the ops stack, so its 413 is rate-limited and carries CORS headers.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    install_middleware = _optional("ai_designer.api.middleware", "install_middleware")
    if install_middleware is not None:
        install_middleware(app, settings)
    return app

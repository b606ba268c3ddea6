"""``ai-designer serve``: run the API (and the browser UI) under uvicorn.

The CLI calls :func:`run_server` with the resolved settings; ``API_HOST`` / ``API_PORT`` choose the address. With
``workers > 1`` uvicorn needs the import string, so the app is built per worker process by the factory (each reads
the same environment); all workers share the SQLite store (WAL mode).
"""

from __future__ import annotations

from ai_designer.core.settings import Settings

__all__ = ["run_server"]


def run_server(settings: Settings, *, host: str | None = None, port: int | None = None, workers: int = 1,
               reload: bool = False) -> None:
    import uvicorn

    host = host or settings.api_host
    port = port or settings.api_port
    log_level = settings.log_level.lower() if settings.log_level.lower() in ("debug", "info", "warning", "error",
                                                                              "critical") else "info"
    if workers > 1 or reload:
        uvicorn.run("ai_designer.api.app:create_app", factory=True, host=host, port=port, workers=workers,
                    reload=reload, log_level=log_level, proxy_headers=True)
        return
    from ai_designer.api.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, proxy_headers=True)

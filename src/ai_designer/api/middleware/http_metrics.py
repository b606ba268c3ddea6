"""HTTP request metrics with *templated* paths (``/api/v1/design/{design_id}``, never the raw id).

Pure ASGI. The template comes from the route Starlette matched (``scope["route"]``); requests answered before
routing (a 401 from the auth middleware) are matched against the app's routes here, and anything that matches no
route is counted as ``<unmatched>`` so scanners cannot blow up label cardinality.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ai_designer.core import metrics

__all__ = ["HTTPMetricsMiddleware", "route_template"]

UNMATCHED = "<unmatched>"


def _template(route: Any) -> str | None:
    path = getattr(route, "path", None)
    if path is None:
        return None
    if isinstance(route, Mount):
        return path.rstrip("/") + "/{path}"
    return str(path)


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    if route is not None:
        return _template(route) or UNMATCHED
    router = scope.get("router") or getattr(scope.get("app"), "router", None)
    for candidate in getattr(router, "routes", ()):
        match, _ = candidate.matches(scope)
        if match is not Match.NONE:
            return _template(candidate) or UNMATCHED
    return UNMATCHED


class HTTPMetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        start = time.perf_counter()

        async def send_and_record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        with metrics.http_in_progress():
            try:
                await self.app(scope, receive, send_and_record)
            finally:
                metrics.record_http_request(scope["method"], route_template(scope), status,
                                            time.perf_counter() - start)

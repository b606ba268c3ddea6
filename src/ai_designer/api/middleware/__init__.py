"""The service's middleware stack, installed by :func:`install_middleware` (called from ``create_app``).

Order, outermost first::

    RateLimitMiddleware   429 before anything else is spent (its 429 is wrapped in the same CORS policy)
    CORSMiddleware        CORS headers on every response, 401 included
    HTTPMetricsMiddleware http_requests_total / duration with route templates (401s are counted too)
    AuthMiddleware        401 unless public path or valid API key / JWT; WebSocket handshakes too
    (the app)

Starlette's ``add_middleware`` wraps the current stack, so the calls below go innermost first.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI

from ai_designer.api.middleware.auth import AuthMiddleware, authenticate_websocket, is_public_path
from ai_designer.api.middleware.http_metrics import HTTPMetricsMiddleware
from ai_designer.api.middleware.rate_limit import RateLimitMiddleware
from ai_designer.core import metrics
from ai_designer.core.settings import Settings

__all__ = ["install_middleware", "cors_options", "authenticate_websocket", "document_security"]

logger = logging.getLogger(__name__)


def cors_options(settings: Settings) -> dict[str, Any]:
    """CORS policy from ``CORS_ORIGINS`` (comma list or ``*``); credentials only with explicit origins."""
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    wildcard = origins == ["*"] or not origins
    return {
        "allow_origins": ["*"] if wildcard else origins,
        "allow_methods": ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        "allow_headers": ["Authorization", "Content-Type", "X-API-Key", "X-Request-ID"],
        "expose_headers": ["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
                           "Content-Disposition"],
        "allow_credentials": not wildcard,
    }


def document_security(app: FastAPI) -> None:
    """Declare the API key and bearer schemes in the OpenAPI schema, so /docs has an "Authorize" button and every
    protected operation says what it needs."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
        schemes["APIKey"] = {"type": "apiKey", "in": "header", "name": "X-API-Key"}
        schemes["BearerJWT"] = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                                "description": "an access token from POST /api/v1/auth/token"}
        for path, operations in schema.get("paths", {}).items():
            if is_public_path(path):
                continue
            for operation in operations.values():
                if isinstance(operation, dict):
                    operation.setdefault("security", [{"APIKey": []}, {"BearerJWT": []}])
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_middleware(app: FastAPI, settings: Settings) -> None:
    """Add auth, metrics, CORS and rate limiting to ``app`` in the order described in the module docstring."""
    from starlette.middleware.cors import CORSMiddleware

    if settings.auth_enabled and not settings.api_keys:
        logger.warning("AUTH_ENABLED is true but AUTH_API_KEYS is empty: only JWTs signed with JWT_SECRET_KEY "
                       "elsewhere will be accepted, and POST /api/v1/auth/token cannot issue any.")
    if settings.rate_limit_enabled and not settings.effective_redis_url:
        logger.info("rate limiting is off: it needs Redis (set REDIS_URL or REDIS_HOST)")
    if not isinstance(getattr(app.state, "settings", None), Settings):
        app.state.settings = settings
    metrics.register_process_cleanup()
    if settings.auth_enabled:
        document_security(app)
    cors = cors_options(settings)
    app.add_middleware(AuthMiddleware, settings=settings)
    app.add_middleware(HTTPMetricsMiddleware)
    app.add_middleware(CORSMiddleware, **cors)
    app.add_middleware(RateLimitMiddleware, settings=settings, cors_options=cors)

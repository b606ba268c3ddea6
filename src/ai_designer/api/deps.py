"""FastAPI dependencies: the settings and the design service of the running app, as ``Annotated`` aliases.

Both live on ``app.state`` (set by :func:`ai_designer.api.app.create_app`), never in module globals, so two apps in
one process (tests) do not share anything.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.requests import HTTPConnection

from ai_designer.core.settings import Settings
from ai_designer.jobs.service import DesignService

__all__ = ["get_app_settings", "get_service", "get_caller", "caller_from", "SettingsDep", "ServiceDep", "CallerDep",
           "service_from"]


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def service_from(conn: HTTPConnection) -> DesignService:
    """The service for a request or a WebSocket (both are ``HTTPConnection``s)."""
    service: DesignService = conn.app.state.service
    return service


def get_service(request: Request) -> DesignService:
    return service_from(request)


def caller_from(conn: HTTPConnection) -> str | None:
    """Whose designs this request may see: the authenticated subject when auth is on, else None (everyone's).

    The auth middleware (ops layer) leaves the principal in ``conn.state.principal``."""
    settings: Settings = conn.app.state.settings
    if not settings.auth_enabled:
        return None
    principal = getattr(conn.state, "principal", None)
    return str(getattr(principal, "subject", None) or "anonymous")


def get_caller(request: Request) -> str | None:
    return caller_from(request)


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
ServiceDep = Annotated[DesignService, Depends(get_service)]
CallerDep = Annotated[str | None, Depends(get_caller)]

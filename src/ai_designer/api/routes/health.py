"""Liveness and readiness.

``/health`` answers as long as the process serves HTTP (no I/O). ``/ready`` does the real checks — the store takes a
write, the job back end is alive (local: the FreeCAD pool's ``health()``; Celery: Redis answers ``PING`` and at least
one worker answers a control ping) — and returns 503 with the failing check when the service cannot do work.
``/ready`` is public (load balancers call it without credentials), so anonymous callers see only each check's ``ok``;
the detail (worker pids, limits, the sandbox report) is for authenticated callers, or for all with READY_DETAIL=true.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ai_designer.api.deps import ServiceDep
from ai_designer.core.errors import AuthError
from ai_designer.core.security import authenticate, credentials_from
from ai_designer.core.settings import Settings

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.get("/health")
def health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "a check failed; the body says which"}})
def ready(request: Request, service: ServiceDep) -> JSONResponse:
    """Store writable, job back end and FreeCAD workers alive, Redis reachable when configured."""
    checks: dict[str, Any] = service.health()
    ok = bool(checks.pop("ok"))
    if not _may_see_detail(request, service.settings):
        checks = {name: {"ok": bool(value.get("ok"))} if isinstance(value, dict) else value
                  for name, value in checks.items()}
    body = {"status": "ready" if ok else "not_ready", "backend": service.backend.name, "checks": checks}
    return JSONResponse(body, status_code=200 if ok else 503)


def _may_see_detail(request: Request, settings: Settings) -> bool:
    if settings.ready_detail:
        return True
    if not settings.auth_enabled:
        return False
    try:
        authenticate(credentials_from(request.headers, None), settings)
    except AuthError:
        return False
    return True

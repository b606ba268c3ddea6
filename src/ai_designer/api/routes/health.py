"""Liveness and readiness.

``/health`` answers as long as the process serves HTTP (no I/O). ``/ready`` does the real checks — the store takes a
write, the job back end is alive (local: the FreeCAD pool's ``health()``; Celery: Redis answers ``PING`` and at least
one worker answers a control ping) — and returns 503 with the failing check when the service cannot do work.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ai_designer.api.deps import ServiceDep

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.get("/health")
def health() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "a check failed; the body says which"}})
def ready(service: ServiceDep) -> JSONResponse:
    """Store writable, job back end and FreeCAD workers alive, Redis reachable when configured."""
    checks: dict[str, Any] = service.health()
    ok = bool(checks.pop("ok"))
    body = {"status": "ready" if ok else "not_ready", "backend": service.backend.name, "checks": checks}
    return JSONResponse(body, status_code=200 if ok else 503)

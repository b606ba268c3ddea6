"""What ``/ready`` reports: the store, the files, the job back end, Redis when the API uses it, and (informational)
whether a language model is configured."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ai_designer.jobs.service import DesignService

__all__ = ["service_health"]


def service_health(service: DesignService) -> dict[str, Any]:
    store: dict[str, Any] = {"ok": True, "database": service.store.dialect}
    if service.store.dialect == "sqlite":
        store["path_exists"] = Path(service.store.engine.url.database or "").is_file()
    try:
        service.store.check_writable()
    except Exception as exc:
        store = {"ok": False, "database": service.store.dialect, "error": f"{type(exc).__name__}: {exc}"}
    backend = service.backend.health()
    files = service.files.health()
    checks: dict[str, Any] = {"store": store, "files": files, "jobs": backend}
    ok = bool(store["ok"] and files["ok"] and backend.get("ok"))
    checks["language_model"] = _language_model()  # informational: the offline planner serves without one
    if service.backend.name != "celery" and service.settings.effective_redis_url:  # used by rate limiting / caches
        checks["redis"] = _ping_redis(service.settings.effective_redis_url)
        ok = ok and checks["redis"]["ok"]
    return {"ok": ok, **checks}


def _language_model() -> dict[str, Any]:
    """Whether the planner can ask a model, and if not, what an operator would set (the page never shows this)."""
    from ai_designer.llm.routing import is_llm_configured, not_configured_message

    configured = is_llm_configured("planner")
    return {"ok": True, "configured": configured,
            **({} if configured else {"note": "prompts the built-in planner cannot read are rejected; "
                                               + not_configured_message("planner")})}


def _ping_redis(url: str) -> dict[str, Any]:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
        return {"ok": True}
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    finally:
        client.close()

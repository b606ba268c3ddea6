"""``ai-designer worker``: a Celery worker that runs designs for an API on any machine.

Point it at the same Redis as the API (``REDIS_URL`` or ``REDIS_HOST``/``REDIS_PORT``) and start as many as you
like; each runs ``WORKER_CONCURRENCY`` worker processes (prefork), each with its own warm FreeCAD process. Workers
need FreeCAD but no shared disk with the API: results travel through Redis.

    REDIS_URL=redis://queue.example:6379/0 ai-designer worker
    python -m ai_designer.jobs.worker            # the same without the CLI
    celery -A ai_designer.jobs.worker worker     # plain Celery also works (``app`` is built on first access)
"""

from __future__ import annotations

import os
import socket
from typing import Any

from ai_designer.core.settings import Settings, get_settings

__all__ = ["run_worker", "worker_argv"]


def worker_argv(settings: Settings, *, concurrency: int | None = None, loglevel: str | None = None,
                name: str | None = None) -> list[str]:
    level = (loglevel or settings.log_level or "INFO").upper()
    return ["worker", f"--loglevel={level}", f"--queues={settings.celery_queue}", "--pool=prefork",
            f"--concurrency={concurrency or settings.worker_concurrency}",
            f"--hostname={name or f'ai-designer-{os.getpid()}@{socket.gethostname()}'}",
            "--without-gossip", "--without-mingle"]


def run_worker(settings: Settings | None = None, *, concurrency: int | None = None, loglevel: str | None = None,
               name: str | None = None) -> None:
    """Block running a worker until it is stopped (SIGTERM/SIGINT: finish the current jobs, then exit)."""
    from ai_designer.jobs.celery_app import make_celery

    settings = settings or get_settings()
    if settings.worker_metrics_port:  # Prometheus /metrics of this worker (all its processes in multiprocess mode)
        from ai_designer.core.metrics import start_worker_exporter

        start_worker_exporter(settings.worker_metrics_port)
    make_celery(settings).worker_main(worker_argv(settings, concurrency=concurrency, loglevel=loglevel, name=name))


def __getattr__(name: str) -> Any:
    if name in ("app", "celery"):
        from ai_designer.jobs.celery_app import make_celery

        return make_celery(get_settings())
    raise AttributeError(name)


if __name__ == "__main__":
    run_worker()

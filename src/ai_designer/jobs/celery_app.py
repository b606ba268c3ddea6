"""The Celery application and the design task that workers run.

Reliability settings, and why:

* ``task_acks_late`` + ``task_reject_on_worker_lost``: a job is acknowledged only after it finished, so a worker
  killed mid-job (OOM, ``kill -9``, a machine lost) puts it back on the queue instead of losing it.
* ``visibility_timeout`` (``CELERY_VISIBILITY_TIMEOUT_SECONDS``): with the Redis broker an unacknowledged job whose
  whole worker died is redelivered after this long (workers sweep for such jobs ~10 times per timeout). Keep it
  longer than the longest design, or a slow job is delivered twice (the second delivery's result is discarded).
* Each delivery counts an attempt in Redis; after ``JOB_MAX_ATTEMPTS`` the task fails the design instead of crashing
  worker after worker (a poison job).
* Redis outages (see :mod:`ai_designer.jobs.liveness`): workers reconnect for ever and let running designs finish;
  a finished result is handed over with retries and backoff (``JOB_RESULT_RETRY_SECONDS``), never dropped; a heartbeat
  key tells the API within ``JOB_HEARTBEAT_TIMEOUT_SECONDS`` that a worker is gone; a task whose job key the API
  removed (finished, cancelled, failed as lost) is skipped, so a late redelivery costs nothing.
* ``worker_prefetch_multiplier=1``: a busy worker does not hoard jobs other workers could run.
* ``worker_max_tasks_per_child`` / ``worker_max_memory_per_child``: recycle worker processes to keep them lean.

The task runs the same :class:`~ai_designer.designer.Designer` as the CLI and the local back end, in a private
temporary directory, then hands the result *and the files' bytes* back through Redis (``<prefix>:result:<id>:<v>``)
before publishing the final event — so workers on other machines need no shared filesystem with the API.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from celery import Celery

from ai_designer.core.settings import Settings, get_settings
from ai_designer.jobs.events import KEY_PREFIX, channel_for, make_event
from ai_designer.jobs.liveness import JobMonitor, heartbeat_key, heartbeat_ttl, job_key, redis_retrying

__all__ = ["make_celery", "TASK_NAME", "result_key", "preview_key", "cancel_key", "attempts_key", "MAX_RESULT_BYTES"]

log = logging.getLogger(__name__)

TASK_NAME = "ai_designer.design"
MAX_RESULT_BYTES = 64 * 1024 * 1024
_RESULT_TTL = 24 * 3600


def result_key(design_id: str, version: int) -> str:
    return f"{KEY_PREFIX}:result:{design_id}:{version}"


def preview_key(design_id: str, version: int) -> str:
    return f"{KEY_PREFIX}:preview:{design_id}:{version}"


def cancel_key(design_id: str, version: int) -> str:
    return f"{KEY_PREFIX}:cancel:{design_id}:{version}"


def attempts_key(design_id: str, version: int) -> str:
    return f"{KEY_PREFIX}:attempts:{design_id}:{version}"


def make_celery(settings: Settings) -> Celery:
    """A Celery app for ``settings`` (the API uses it to enqueue and inspect; workers to consume)."""
    url = settings.effective_redis_url
    if not url:
        from ai_designer.core.errors import ConfigError

        raise ConfigError("the Celery back end needs Redis: set REDIS_URL or REDIS_HOST/REDIS_PORT")
    app = Celery("ai_designer", broker=url, backend=url, set_as_current=False)
    app.conf.update(
        task_serializer="json", result_serializer="json", accept_content=["json"],
        task_acks_late=True, task_reject_on_worker_lost=True, task_track_started=True,
        task_default_queue=settings.celery_queue, task_time_limit=None,
        broker_transport_options={
            "visibility_timeout": settings.celery_visibility_timeout_seconds,
            # sweep for abandoned (unacked) jobs about ten times per visibility timeout, not every ~100 s
            "unacked_restore_interval": max(1, min(10, settings.celery_visibility_timeout_seconds // 10)),
            "unacked_restore_throttle": 1,
            "socket_connect_timeout": 5, "socket_timeout": 30,
        },
        result_backend_transport_options={"visibility_timeout": settings.celery_visibility_timeout_seconds},
        result_expires=_RESULT_TTL,
        # a worker outlives a Redis outage: it reconnects for ever (Celery's default gives up after 100 attempts)
        # and lets running designs finish (they hand their results over once Redis is back, see liveness.py)
        broker_connection_retry_on_startup=True, broker_connection_retry=True, broker_connection_max_retries=None,
        worker_cancel_long_running_tasks_on_connection_loss=False,
        # enqueueing waits at most ~2 s for Redis; after that the API keeps the design queued and re-sends it
        task_publish_retry=True,
        task_publish_retry_policy={"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5,
                                   "interval_max": 1.0},
        redis_socket_connect_timeout=2, redis_socket_timeout=5, redis_backend_health_check_interval=10,
        worker_prefetch_multiplier=1, worker_max_tasks_per_child=settings.worker_max_tasks_per_child,
        worker_max_memory_per_child=settings.worker_max_memory_per_child_mb * 1024,
        worker_concurrency=settings.worker_concurrency, worker_hijack_root_logger=False,
        worker_send_task_events=False, task_send_sent_event=False,
    )
    app.task(name=TASK_NAME, bind=True)(_design_task)
    return app


# --- worker side ------------------------------------------------------------------------------------------------
_state: dict[str, Any] = {}
_state_lock = threading.Lock()


def _worker_parts() -> tuple[Settings, Any, Any]:
    """Per worker process: settings, one Redis client and one Designer (its warm FreeCAD pool has 1 worker,
    because Celery already runs ``WORKER_CONCURRENCY`` of these processes)."""
    with _state_lock:
        if _state.get("pid") != os.getpid():
            import redis
            from celery.signals import worker_process_shutdown

            from ai_designer.designer import Designer
            from ai_designer.freecad.preview_pool import close_renderer

            # billiard ends a recycled child with os._exit (no atexit): let its previews in flight finish first
            worker_process_shutdown.connect(lambda **_: close_renderer(), weak=False)
            settings = get_settings().model_copy(update={"pool_workers": 1})
            _state.update(pid=os.getpid(), settings=settings,
                          redis=redis.Redis.from_url(settings.effective_redis_url or "", socket_timeout=10,
                                                     socket_connect_timeout=5, health_check_interval=10),
                          designer=Designer(settings))
        return _state["settings"], _state["redis"], _state["designer"]


def _publish(client: Any, design_id: str, event: dict[str, Any]) -> None:
    try:
        client.publish(channel_for(design_id), json.dumps(event))
    except Exception as exc:  # progress is best effort; the result key is what counts
        log.warning("could not publish an event for %s: %s", design_id, exc)


def _begin(client: Any, settings: Settings, payload: dict[str, Any], worker: str) -> tuple[bool, int, bool]:
    """Claim the job: (still wanted, delivery attempt, cancel requested). Idempotent, so safe to retry.

    Tasks sent by an API older than job keys (no ``tracked`` flag) are always run."""
    design_id, version = str(payload["design_id"]), int(payload["version"])
    if payload.get("tracked") and client.get(job_key(design_id, version)) is None:
        return False, 0, False
    pipe = client.pipeline(transaction=True)
    pipe.set(job_key(design_id, version), f"running {worker}", ex=_RESULT_TTL)
    pipe.set(heartbeat_key(design_id, version), worker, px=int(heartbeat_ttl(settings) * 1000))
    pipe.incr(attempts_key(design_id, version))
    pipe.expire(attempts_key(design_id, version), _RESULT_TTL)
    pipe.exists(cancel_key(design_id, version))
    _, _, attempts, _, cancelled = pipe.execute()
    return True, int(attempts), bool(cancelled)


def _hand_over(client: Any, design_id: str, version: int, body: dict[str, Any]) -> None:
    """Store the finished result and drop the heartbeat in one transaction (retried as a whole on a blip)."""
    pipe = client.pipeline(transaction=True)
    pipe.set(result_key(design_id, version), json.dumps(body), ex=_RESULT_TTL)
    pipe.delete(heartbeat_key(design_id, version))
    pipe.execute()


def _design_task(task: Any, payload: dict[str, Any]) -> dict[str, Any]:
    settings, client, designer = _worker_parts()
    design_id, version = str(payload["design_id"]), int(payload["version"])
    worker = f"{task.request.hostname}:{os.getpid()}"
    retrying = redis_retrying(settings.job_result_retry_seconds)
    wanted, attempts, cancelled = retrying(_begin, client, settings, payload, worker)
    if not wanted:
        log.info("skipping %s v%s: the API no longer wants it (finished, cancelled or failed)", design_id, version)
        return {"status": "skipped", "attempts": 0}
    cancel = threading.Event()
    if cancelled:
        cancel.set()
    monitor = JobMonitor(client, settings, design_id, version, worker, cancel_key(design_id, version), cancel)
    workdir = Path(tempfile.mkdtemp(prefix=f"design-{design_id[:12]}-", dir=_tmp_root(settings)))
    pending = None
    try:
        monitor.start()
        result = _run_design(settings, client, designer, payload, workdir, attempts, cancel)
        body = {"result": result.model_dump(mode="json"), "worker": worker, "attempts": attempts,
                **_files_for_api(settings, design_id, version, result.files, workdir)}
        retrying(_hand_over, client, design_id, version, body)
        _publish(client, design_id, {"type": "finished", "request_id": design_id, "version": version,
                                     "status": result.status.value})
        from ai_designer.designer import pending_preview

        pending = pending_preview(result)
        if pending is not None:  # succeeded is handed over; the preview follows while this process takes more work
            formats = pending.formats
            pending.then(lambda outcome: _hand_over_preview(settings, client, design_id, version, workdir,
                                                            formats, outcome))
        return {"status": result.status.value, "attempts": attempts}
    finally:
        monitor.stop()
        if pending is None:  # else the preview's hand-over removes it
            shutil.rmtree(workdir, ignore_errors=True)


def _hand_over_preview(settings: Settings, client: Any, design_id: str, version: int, workdir: Path,
                       formats: list[str], outcome: Any) -> None:
    """The PNG/GLB made after the design succeeded: their bytes (or names, when uploaded to the object store) under
    ``<prefix>:preview:<id>:<v>``, then a ``preview`` event the API collects on (its reconciler sweeps the keys
    whose event was missed)."""
    try:
        body = {"preview": {"formats": formats, "error": outcome.error, "seconds": outcome.seconds},
                **_files_for_api(settings, design_id, version, outcome.files, workdir)}
        redis_retrying(settings.job_result_retry_seconds)(
            lambda: client.set(preview_key(design_id, version), json.dumps(body), ex=_RESULT_TTL))
        _publish(client, design_id, {"type": "preview", "request_id": design_id, "version": version})
    except Exception:  # a render thread must live on; the design itself was handed over already
        log.exception("could not hand over the preview of %s v%s", design_id, version)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run_design(settings: Settings, client: Any, designer: Any, payload: dict[str, Any], workdir: Path,
                attempts: int, cancel: threading.Event) -> Any:
    from ai_designer.schemas.design_state import DesignResult, DesignStatus
    from ai_designer.schemas.task_graph import CADPlan

    design_id, version = str(payload["design_id"]), int(payload["version"])
    if cancel.is_set():
        return DesignResult(status=DesignStatus.cancelled, request_id=design_id, prompt=payload["prompt"],
                            error={"code": "cancelled", "message": "cancelled by the client"})
    if attempts > settings.job_max_attempts:
        return DesignResult(status=DesignStatus.failed, request_id=design_id, prompt=payload["prompt"],
                            error={"code": "worker_crashed", "message": f"the worker running this design "
                                   f"died {attempts - 1} time(s) (JOB_MAX_ATTEMPTS={settings.job_max_attempts})"
                                   "; the part may be too heavy — simplify it and submit again"})
    if attempts > 1:
        _publish(client, design_id, make_event(design_id, version, "queued", message=f"retrying (attempt "
                                               f"{attempts}) after the previous worker was lost"))

    def on_event(event: Any) -> None:
        if not event.status.finished:
            _publish(client, design_id, make_event(design_id, version, event.status.value, event.iteration,
                                                   event.message, event.data))

    from ai_designer.freecad.executor import CANCEL

    token = CANCEL.set(cancel)  # a cancel during the FreeCAD build stops the worker, not just the publish
    try:
        return designer.design(
            payload["prompt"], out_dir=workdir, formats=payload.get("formats"), previews="defer",
            current=CADPlan.model_validate(payload["current"]) if payload.get("current") else None,
            plan=CADPlan.model_validate(payload["plan"]) if payload.get("plan") else None,
            request_id=design_id, on_event=on_event, cancel=cancel, **(payload.get("options") or {}))
    finally:
        CANCEL.reset(token)


def _tmp_root(settings: Settings) -> str:
    root = settings.workers_dir / "celery-jobs"
    root.mkdir(parents=True, exist_ok=True)
    return str(root)


def _files_for_api(settings: Settings, design_id: str, version: int, files: dict[str, str],
                   workdir: Path) -> dict[str, Any]:
    """How the files reach the API: with an object store (``FILES_URL=s3://…``) the worker uploads them itself and
    hands over only their names (``stored``) — no file bytes through Redis; otherwise, or while the object store is
    unreachable, base64 in the result (``files``) as before."""
    if (settings.files_url or "").startswith("s3://") and files:
        from ai_designer.core.errors import StorageUnavailable
        from ai_designer.jobs.files import make_file_store

        base = workdir.resolve()
        upload = base / "upload"  # FileStore.save removes its scratch folder and that folder's parent if empty
        upload.mkdir(exist_ok=True)
        names = {fmt: Path(p).name for fmt, p in files.items() if Path(p).resolve().parent == base}
        files = {**files, **{fmt: str((base / name).rename(upload / name)) for fmt, name in names.items()}}
        try:
            make_file_store(settings).save(design_id, version, upload, names)
            return {"stored": names}
        except StorageUnavailable as exc:
            log.warning("could not upload %s v%s to the object store (%s); handing the bytes over instead",
                        design_id, version, exc.message)
    return {"files": _pack_files(files, workdir)}


def _pack_files(files: dict[str, str], workdir: Path) -> dict[str, dict[str, str]]:
    """Read each output file (only from the job's own directory) as base64, within :data:`MAX_RESULT_BYTES`."""
    packed: dict[str, dict[str, str]] = {}
    total = 0
    base = workdir.resolve()
    for fmt, path in files.items():
        file = Path(path).resolve()
        if not file.is_relative_to(base) or not file.is_file():
            continue
        total += file.stat().st_size
        if total > MAX_RESULT_BYTES:
            log.warning("dropping %s: the result files exceed %d bytes", fmt, MAX_RESULT_BYTES)
            continue
        packed[fmt] = {"name": file.name, "data": base64.b64encode(file.read_bytes()).decode("ascii")}
    return packed

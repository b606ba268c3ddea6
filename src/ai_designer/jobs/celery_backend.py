"""The scale-out back end, API side: enqueue on Celery over Redis, relay events, collect results.

The API stays the owner of the design store. Workers (``ai-designer worker``, any number, any machine) report
through Redis only: progress on pub/sub, the final result and the files' bytes under a result key (see
:mod:`ai_designer.jobs.celery_app`). Here:

* :class:`~ai_designer.jobs.events.RedisEventListener` relays progress into the store and the WebSocket hub, and
  on a ``finished`` event collects the result at once;
* a reconciler thread (every ~2 s) collects results whose event was missed (API restarted, Redis reconnect), fails
  jobs Celery reports as failed, and fails jobs silent for ``JOB_STALE_SECONDS`` — so nothing stays "running".

Cancel = a cancel key the worker polls (it passes a ``threading.Event`` to the engine) + ``revoke`` for jobs that
have not started.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from pathlib import Path
from typing import Any

from ai_designer.core.settings import Settings
from ai_designer.jobs.base import JobSink, JobTicket
from ai_designer.jobs.celery_app import TASK_NAME, cancel_key, make_celery, result_key
from ai_designer.jobs.events import RedisEventListener

__all__ = ["CeleryBackend"]

log = logging.getLogger(__name__)
_FILE_NAMES = {"fcstd": "part.FCStd", "step": "part.step", "stl": "part.stl", "obj": "part.obj", "glb": "part.glb",
               "png": "part.png"}


class CeleryBackend:
    name = "celery"

    def __init__(self, settings: Settings) -> None:
        import redis

        self.settings = settings
        self.url = settings.effective_redis_url or ""
        self.celery = make_celery(settings)
        self.redis = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5)
        self._sink: JobSink | None = None
        self._listener: RedisEventListener | None = None
        self._stop = threading.Event()
        self._collect_lock = threading.Lock()
        self._reconciler = threading.Thread(target=self._reconcile_loop, name="ai-designer-reconcile", daemon=True)

    def start(self, sink: JobSink) -> None:
        self._sink = sink
        self._listener = RedisEventListener(self.url, self._on_event)
        self._listener.start()
        self._reconciler.start()

    def submit(self, ticket: JobTicket) -> None:
        task_id = f"{ticket.design_id}-v{ticket.version}"
        self._store().set_task_id(ticket.design_id, ticket.version, task_id)
        self.celery.send_task(TASK_NAME, args=[ticket.to_payload()], task_id=task_id,
                              queue=self.settings.celery_queue)

    def cancel(self, design_id: str, version: int) -> None:
        self.redis.set(cancel_key(design_id, version), "1", ex=24 * 3600)
        self.celery.control.revoke(f"{design_id}-v{version}")

    def health(self) -> dict[str, Any]:
        info: dict[str, Any] = {"backend": self.name, "redis": {"ok": False}, "workers": []}
        try:
            self.redis.ping()
            info["redis"] = {"ok": True}
        except Exception as exc:
            info["redis"] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            info["ok"] = False
            return info
        try:
            replies = self.celery.control.ping(timeout=1.0) or []
            info["workers"] = sorted(name for reply in replies for name in reply)
        except Exception as exc:
            info["workers_error"] = f"{type(exc).__name__}: {exc}"
        info["ok"] = bool(info["workers"])
        if not info["ok"]:
            info["hint"] = "no Celery worker answered: start one with `ai-designer worker`"
        return info

    def close(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.stop()
        if self._reconciler.is_alive():
            self._reconciler.join(timeout=5)
        self.redis.close()

    # --- events and results --------------------------------------------------------------------------------------
    def _store(self) -> Any:
        store = getattr(self._sink, "store", None)
        assert store is not None, "the Celery back end needs the service's store; call start(service) first"
        return store

    def _on_event(self, design_id: str, event: dict[str, Any]) -> None:
        assert self._sink is not None
        version = int(event.get("version", 0))
        if event.get("type") == "finished":
            self._collect(design_id, version)
        elif event.get("type") == "progress" and event.get("status") not in ("succeeded", "failed", "rejected",
                                                                              "cancelled"):
            self._sink.progress(design_id, version, str(event["status"]), int(event.get("iteration", 0)),
                                str(event.get("message", "")), event.get("data") or {})

    def _collect(self, design_id: str, version: int) -> bool:
        """Store the result a worker left in Redis (files written under the version directory); True if found."""
        assert self._sink is not None
        with self._collect_lock:
            raw = self.redis.get(result_key(design_id, version))
            if raw is None:
                return False
            body = json.loads(raw)
            out_dir = Path(self.settings.designs_dir / design_id / f"v{version}")
            files: dict[str, Path] = {}
            for fmt, item in (body.get("files") or {}).items():
                name = _FILE_NAMES.get(fmt)
                if name is None:
                    continue
                out_dir.mkdir(parents=True, exist_ok=True)
                path = out_dir / name
                path.write_bytes(base64.b64decode(item["data"]))
                files[fmt] = path
            result = body["result"]
            result["timings"] = {**(result.get("timings") or {}), "attempts": float(body.get("attempts", 1))}
            result["worker"] = body.get("worker")  # kept in the store (hostname:pid), not in the public JSON
            self._sink.complete(design_id, version, result, files)
            self.redis.delete(result_key(design_id, version))
            return True

    def _reconcile_loop(self) -> None:
        failures = 0
        while not self._stop.wait(2.0):
            try:
                self.reconcile()
                failures = 0
            except Exception as exc:
                failures += 1
                if failures == 1 or failures % 150 == 0:  # once per outage, then about every 5 minutes
                    log.warning("reconciling Celery jobs failed (%s); retrying every 2 s", exc)

    def reconcile(self) -> None:
        """One pass over unfinished Celery jobs: collect, fail what Celery failed, fail what went silent."""
        assert self._sink is not None
        now = time.time()
        for record in self._store().unfinished("celery"):
            if self._collect(record.design_id, record.version):
                continue
            state = self.celery.AsyncResult(record.task_id).state if record.task_id else "PENDING"
            if state == "FAILURE":
                info = self.celery.AsyncResult(record.task_id).result
                self._sink.fail(record.design_id, record.version, "worker_error",
                                f"the worker failed this design ({type(info).__name__}: {info})")
            elif state == "SUCCESS" and now - record.updated_at > 30:
                self._sink.fail(record.design_id, record.version, "result_lost",
                                "the worker finished but its result expired from Redis; submit the design again")
            elif now - record.updated_at > self.settings.job_stale_seconds:
                self._sink.fail(record.design_id, record.version, "stale",
                                f"no progress for {self.settings.job_stale_seconds:.0f} s (JOB_STALE_SECONDS): "
                                "no worker picked it up or its worker vanished; check `ai-designer worker`")

"""The scale-out back end, API side: enqueue on Celery over Redis, relay events, collect results.

The API stays the owner of the design store. Workers (``ai-designer worker``, any number, any machine) report
through Redis only: progress on pub/sub, the final result and the files' bytes under a result key (see
:mod:`ai_designer.jobs.celery_app`). Here:

* :class:`~ai_designer.jobs.events.RedisEventListener` relays progress into the store and the WebSocket hub, and
  on a ``finished`` event collects the result at once;
* a reconciler thread (every ~2 s) collects results whose event was missed (API restarted, Redis reconnect), and
  judges every other unfinished job by its Redis keys (:mod:`ai_designer.jobs.liveness`): a live heartbeat = running;
  a heartbeat gone for ``JOB_HEARTBEAT_TIMEOUT_SECONDS`` = the worker is lost → failed ``worker_lost``; no job key =
  Redis lost the job (restart without persistence) or never got it (Redis down at submit) → enqueued again; still
  ``queued`` after ``JOB_STALE_SECONDS`` = no worker → failed ``stale``. So nothing stays "running", and a Redis
  outage delays designs without losing them.

Cancel = a cancel key the worker polls (it passes a ``threading.Event`` to the engine) + ``revoke`` for jobs that
have not started.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from ai_designer.core.settings import Settings
from ai_designer.jobs.base import JobSink, JobTicket
from ai_designer.jobs.celery_app import TASK_NAME, cancel_key, make_celery, preview_key, result_key
from ai_designer.jobs.events import KEY_PREFIX, RedisEventListener
from ai_designer.jobs.liveness import REDIS_ERRORS, heartbeat_grace, heartbeat_key, job_key
from ai_designer.jobs.store import VersionRecord

__all__ = ["CeleryBackend"]

log = logging.getLogger(__name__)
_JOB_KEY_TTL = 7 * 24 * 3600
_MAX_SENDS = 4
_FILE_NAMES = {"fcstd": "part.FCStd", "step": "part.step", "stl": "part.stl", "obj": "part.obj", "glb": "part.glb",
               "png": "part.png"}


class CeleryBackend:
    name = "celery"

    def __init__(self, settings: Settings) -> None:
        import redis
        from redis.backoff import ExponentialBackoff
        from redis.retry import Retry

        self.settings = settings
        self.url = settings.effective_redis_url or ""
        self.celery = make_celery(settings)
        # few quick retries: a request thread that enqueues must not hang on a dead Redis (the reconciler re-sends)
        self.redis = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5,
                                          retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 2))
        self._sink: JobSink | None = None
        self._listener: RedisEventListener | None = None
        self._stop = threading.Event()
        self._collect_lock = threading.Lock()
        self._sends: dict[tuple[str, int], int] = {}  # enqueues per version (this process), for re-queue limits
        self._missing: dict[tuple[str, int], float] = {}  # when a heartbeat / job key was first seen missing
        self._unsent: set[tuple[str, int]] = set()  # job key set, task not sent (Redis failed in between)
        self._lost_swept = 0.0  # when previews lost with their worker were last failed
        self._reconciler = threading.Thread(target=self._reconcile_loop, name="ai-designer-reconcile", daemon=True)

    def start(self, sink: JobSink) -> None:
        self._sink = sink
        self._listener = RedisEventListener(self.url, self._on_event)
        self._listener.start()
        self._reconciler.start()

    def submit(self, ticket: JobTicket) -> None:
        """Mark the job wanted, then enqueue it. With Redis down the design stays ``queued`` ("waiting for Redis")
        and the reconciler enqueues it once Redis answers — an outage delays designs, it does not fail them."""
        self._enqueue(ticket.design_id, ticket.version, ticket.to_payload())

    def _enqueue(self, design_id: str, version: int, payload: dict[str, Any]) -> bool:
        """Set the job key (``NX``: of several API processes only one re-queues a lost job), then send the task.
        False when nothing was sent; a job key left without a task is dropped so the job counts as lost."""
        from kombu.exceptions import OperationalError

        key = (design_id, version)
        task_id = f"{design_id}-v{version}-{uuid.uuid4().hex[:8]}"  # a re-send never meets an old task's state
        marked = False
        try:
            if not self.redis.set(job_key(design_id, version), "queued", ex=_JOB_KEY_TTL, nx=True):
                return False  # another API process re-queued it first (or it is already queued)
            marked = True
            self._sends[key] = self._sends.get(key, 0) + 1
            self._store().set_task_id(design_id, version, task_id)
            self.celery.send_task(TASK_NAME, args=[payload], task_id=task_id, queue=self.settings.celery_queue)
            return True
        except (*REDIS_ERRORS, OperationalError) as exc:
            log.warning("could not enqueue %s v%s (%s); it stays queued until Redis answers", design_id, version, exc)
            if marked:
                self._unsent.add(key)
            self._sink_progress(design_id, version, "queued", "waiting for Redis (the job queue is unreachable); "
                                "it will be queued as soon as Redis answers")
            return False

    def _sink_progress(self, design_id: str, version: int, status: str, message: str) -> None:
        if self._sink is not None:
            self._sink.progress(design_id, version, status, 0, message)

    def cancel(self, design_id: str, version: int) -> None:
        pipe = self.redis.pipeline(transaction=True)
        pipe.set(cancel_key(design_id, version), "1", ex=24 * 3600)
        pipe.delete(job_key(design_id, version))
        pipe.execute()
        self._sends.pop((design_id, version), None)
        task_id = self._store().get(design_id, version).task_id or f"{design_id}-v{version}"
        self.celery.control.revoke(task_id)

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
        elif event.get("type") == "preview":
            self._collect_preview(design_id, version)
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
            result = body["result"]
            result["timings"] = {**(result.get("timings") or {}), "attempts": float(body.get("attempts", 1))}
            result["worker"] = body.get("worker")  # kept in the store (hostname:pid), not in the public JSON
            if "stored" in body:  # the worker uploaded the files to the object store itself
                self._sink.complete_stored(design_id, version, result, dict(body["stored"]))
            else:
                self._sink.complete(design_id, version, result, self._unpack(design_id, version, body))
            self.redis.delete(result_key(design_id, version))
            self._forget(design_id, version)
            return True

    def _collect_preview(self, design_id: str, version: int) -> bool:
        """Store the PNG/GLB a worker made after the design succeeded (``GETDEL``: of several API hosts one
        takes it); True if there was one."""
        assert self._sink is not None
        raw = self.redis.getdel(preview_key(design_id, version))
        if raw is None:
            return False
        body = json.loads(raw)
        info = body.get("preview") or {}
        extra = {"names": dict(body["stored"])} if "stored" in body else {
            "files": self._unpack(design_id, version, body)}
        self._sink.preview_done(design_id, version, formats=info.get("formats"), error=info.get("error"),
                                seconds=float(info.get("seconds") or 0.0), **extra)
        return True

    def _sweep_previews(self) -> None:
        """Previews whose event was missed (API restarted, Redis reconnect) wait under their key: collect them.
        About once a minute, previews a worker can no longer deliver (it died while rendering) are failed."""
        for key in self.redis.scan_iter(match=f"{KEY_PREFIX}:preview:*", count=200):
            name = key.decode() if isinstance(key, bytes) else key
            design_id, _, version = name.removeprefix(f"{KEY_PREFIX}:preview:").rpartition(":")
            if design_id and version.isdigit():
                self._collect_preview(design_id, int(version))
        if time.monotonic() - self._lost_swept > 60:
            from ai_designer.jobs.previews import fail_lost_previews

            self._lost_swept = time.monotonic()
            fail_lost_previews(self._sink, celery_after=self.settings.preview_timeout_seconds  # type: ignore[arg-type]
                               + self.settings.job_result_retry_seconds)

    def _unpack(self, design_id: str, version: int, body: dict[str, Any]) -> dict[str, Path]:
        """Write the base64 files of a result into the version's scratch directory."""
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
        return files

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
        """One pass over unfinished Celery jobs (a Redis error aborts the pass; the next one starts over). With several
        API hosts only the holder of the reconciler lease sweeps, so no job is re-queued, failed or finished twice."""
        assert self._sink is not None
        if not self._sink.may_reconcile():
            return
        seen = set()
        for record in self._store().unfinished("celery"):
            seen.add((record.design_id, record.version))
            try:
                self._reconcile_one(record)
            except REDIS_ERRORS:
                raise
            except Exception:  # one bad record must not block the others
                log.exception("reconciling %s v%s failed", record.design_id, record.version)
        for key in set(self._missing) - seen:
            self._missing.pop(key, None)
        self._sweep_previews()

    def _reconcile_one(self, record: VersionRecord) -> None:
        """Collect a result; else judge the job by its heartbeat and job key (see :mod:`liveness`)."""
        key = (record.design_id, record.version)
        if self._collect(*key):
            return
        if key in self._unsent:  # its job key was set but the task never sent: make it count as lost
            self.redis.delete(job_key(*key))
            self._unsent.discard(key)
        pipe = self.redis.pipeline(transaction=False)
        pipe.get(job_key(*key))
        pipe.get(heartbeat_key(*key))
        wanted, beat = pipe.execute()
        if beat is not None:
            self._missing.pop(key, None)
            return
        state = self.celery.AsyncResult(record.task_id).state if record.task_id else "PENDING"
        if state == "FAILURE":
            info = self.celery.AsyncResult(record.task_id).result
            self._fail(record, "worker_error", f"the worker failed this design ({type(info).__name__}: {info}); "
                       "submit it again")
            return
        state_text = wanted.decode() if isinstance(wanted, bytes) else wanted
        if state == "SUCCESS" and state_text is not None:  # handed over, then the result expired before we came
            self._fail(record, "result_lost", "the worker finished but its result is no longer in Redis (the API "
                       "was away longer than a day?); submit the design again")
            return
        if state_text is None or state_text.startswith("running"):
            lost_for = self._missing_for(key)
            if lost_for < heartbeat_grace(self.settings):
                return
            if state_text is None:
                self._requeue(record)
            else:
                self._fail(record, "worker_lost", f"the worker running this design ({state_text[8:]}) stopped "
                           f"sending heartbeats about {self.settings.job_heartbeat_timeout_seconds:.0f} s ago "
                           "(JOB_HEARTBEAT_TIMEOUT_SECONDS): it was killed, ran out of memory or lost its machine; "
                           "submit the design again")
            return
        self._missing.pop(key, None)
        if time.time() - record.updated_at > self.settings.job_stale_seconds:
            self._fail(record, "stale", f"no worker took this design for {self.settings.job_stale_seconds:.0f} s "
                       "(JOB_STALE_SECONDS); start one with `ai-designer worker` and submit it again")

    def _missing_for(self, key: tuple[str, int]) -> float:
        now = time.monotonic()
        return now - self._missing.setdefault(key, now)

    def _requeue(self, record: VersionRecord) -> None:
        """Redis lost the job (restarted without persistence, evicted, or the first enqueue failed): send again."""
        key = (record.design_id, record.version)
        self._missing.pop(key, None)
        if self._sends.get(key, 1) >= _MAX_SENDS:
            self._fail(record, "queue_lost", f"Redis lost this design's job {_MAX_SENDS} times (restarts without "
                       "persistence or evictions); turn on AOF and `maxmemory-policy noeviction`, then submit again")
            return
        current = None
        if record.version > 1:
            base = next((v for v in reversed(self._store().versions(record.design_id))
                         if v.version < record.version and v.status.value == "succeeded" and v.result), None)
            current = base.result.get("plan") if base and base.result else None
        payload = {"design_id": record.design_id, "version": record.version, "prompt": record.prompt,
                   "formats": record.formats, "plan": record.plan, "current": current, "tracked": True}
        if self._enqueue(record.design_id, record.version, payload):
            log.warning("re-queued %s v%s: Redis had lost its job", *key)
            self._sink_progress(record.design_id, record.version, "queued", "re-queued: Redis had lost this job "
                                "(restarted without persistence, or unreachable when it was submitted)")

    def _fail(self, record: VersionRecord, code: str, message: str) -> None:
        assert self._sink is not None
        self._missing.pop((record.design_id, record.version), None)
        self._sink.fail(record.design_id, record.version, code, message)
        self._forget(record.design_id, record.version)

    def _forget(self, design_id: str, version: int) -> None:
        """The version is finished: a late delivery of its task must be skipped (see ``_begin`` in celery_app)."""
        self._sends.pop((design_id, version), None)
        self._unsent.discard((design_id, version))
        try:
            self.redis.delete(job_key(design_id, version), heartbeat_key(design_id, version))
        except REDIS_ERRORS as exc:
            log.debug("could not drop the job key of %s v%s: %s", design_id, version, exc)

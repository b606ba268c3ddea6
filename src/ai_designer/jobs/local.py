"""The embedded back end: designs run on a thread pool inside the API process, over the warm FreeCAD pool.

Zero setup. Threads are fine here because the heavy work (FreeCAD) already runs in the executor's worker processes;
a thread only plans, waits for the executor and validates. ``JOB_CONCURRENCY`` (default ``POOL_WORKERS``) designs run
at once; the rest wait in the queue (status ``queued``).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ai_designer.core.settings import Settings
from ai_designer.designer import Designer, pending_preview
from ai_designer.freecad.executor import CANCEL
from ai_designer.freecad.preview_pool import PreviewOutcome
from ai_designer.jobs.base import JobSink, JobTicket
from ai_designer.schemas.design_state import DesignStatus
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["LocalBackend"]

log = logging.getLogger(__name__)


def _warm_planner() -> None:
    """Read (or, on a fresh cache, build: seconds of CPU) the planner's parser while the service waits for its first
    prompt, instead of in that prompt's time. A grammar that cannot be built is logged by the planner and reported
    on each design that needs it."""
    from ai_designer.planning.grammar import warm

    try:
        warm()
    except Exception:  # noqa: BLE001 - the designs report the failure; the service keeps starting
        log.warning("the offline planner could not be prepared in the background", exc_info=True)


class LocalBackend:
    name = "local"

    def __init__(self, settings: Settings, designer: Designer | None = None) -> None:
        self.settings = settings
        self._designer = designer
        self._designer_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=settings.job_concurrency or settings.pool_workers,
                                        thread_name_prefix="ai-designer-job")
        self._cancels: dict[tuple[str, int], threading.Event] = {}
        self._lock = threading.Lock()
        self._sink: JobSink | None = None

    @property
    def designer(self) -> Designer:
        with self._designer_lock:
            if self._designer is None:
                self._designer = Designer(self.settings)
            return self._designer

    def start(self, sink: JobSink) -> None:
        self._sink = sink
        threading.Thread(target=_warm_planner, name="ai-designer-warm-planner", daemon=True).start()

    def submit(self, ticket: JobTicket) -> None:
        with self._lock:
            self._cancels[(ticket.design_id, ticket.version)] = threading.Event()
        self._pool.submit(self._run, ticket)

    def _run(self, ticket: JobTicket) -> None:
        sink = self._sink
        assert sink is not None, "start(sink) first"
        key = (ticket.design_id, ticket.version)
        try:
            with self._lock:
                cancel = self._cancels.get(key) or threading.Event()
            if cancel.is_set() or sink.should_skip(*key):
                return

            def on_event(event: Any) -> None:
                # the service publishes the final event once the result is stored, and it recorded and announced
                # "queued" when it accepted the job: the engine's own "queued" would be one more store write
                if not event.status.finished and event.status is not DesignStatus.queued:
                    sink.progress(ticket.design_id, ticket.version, event.status.value, event.iteration,
                                  event.message, event.data)

            token = CANCEL.set(cancel)  # a cancel during the FreeCAD build stops the worker, not just the publish
            try:
                result = self.designer.design(
                    ticket.prompt, out_dir=ticket.out_dir, formats=ticket.formats,
                    current=CADPlan.model_validate(ticket.current) if ticket.current else None,
                    plan=CADPlan.model_validate(ticket.plan) if ticket.plan else None,
                    request_id=ticket.design_id, on_event=on_event, cancel=cancel, previews="defer",
                    **(ticket.options or {}))
            finally:
                CANCEL.reset(token)
            sink.complete(ticket.design_id, ticket.version, result.model_dump(mode="json"),
                          {fmt: Path(path) for fmt, path in result.files.items()})
            pending = pending_preview(result)
            if pending is not None:  # succeeded is recorded: the preview follows on the render thread
                pending.then(lambda outcome: self._preview_done(sink, key, pending.formats, outcome))
        except Exception as exc:  # the engine should never raise; if it does the job fails, the service lives
            log.exception("design %s v%s crashed", *key)
            sink.fail(ticket.design_id, ticket.version, "internal_error",
                      f"the design run crashed ({type(exc).__name__}: {exc}); please report this with the request id")
        finally:
            with self._lock:
                self._cancels.pop(key, None)

    @staticmethod
    def _preview_done(sink: JobSink, key: tuple[str, int], formats: list[str], outcome: PreviewOutcome) -> None:
        try:
            sink.preview_done(*key, files={fmt: Path(p) for fmt, p in outcome.files.items()}, formats=formats,
                              error=outcome.error, seconds=outcome.seconds)
        except Exception:  # a render thread must survive a store hiccup; the design itself is already recorded
            log.exception("recording the preview of design %s v%s failed", *key)

    def cancel(self, design_id: str, version: int) -> None:
        with self._lock:
            event = self._cancels.get((design_id, version))
        if event is not None:
            event.set()

    def running(self) -> int:
        with self._lock:
            return len(self._cancels)

    def health(self) -> dict[str, Any]:
        info: dict[str, Any] = {"backend": self.name, "jobs_in_flight": self.running()}
        try:
            executor_health = self.designer.executor.health()
            info["executor"] = executor_health
            info["ok"] = bool(executor_health.get("ok", True)) if isinstance(executor_health, dict) else True
        except Exception as exc:
            info["ok"] = False
            info["executor"] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        return info

    def close(self) -> None:
        with self._lock:
            events = list(self._cancels.values())
        for event in events:
            event.set()
        self._pool.shutdown(wait=True, cancel_futures=True)

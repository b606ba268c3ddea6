"""The design service: store + back end + events, behind the operations the API exposes.

    service = DesignService.from_settings(settings)   # local or Celery back end from JOB_BACKEND / REDIS_*
    service.start()                                   # fails jobs interrupted by a previous crash
    record, created = service.create(prompt="a 40 mm cube", formats=None, plan=None)
    ...
    service.close()

A job writes its files in the scratch directory ``designs_dir/<id>/v<N>/``; when it finishes they are published to
the file store (:mod:`ai_designer.jobs.files`: that directory, another one, or S3) before the outcome is recorded, so a
finished version never points at files that are not there. The store keeps ``format → file name`` and
:meth:`DesignService.download` / :meth:`DesignService.file_path` resolve a format name only, so no client path ever
reaches the filesystem or a bucket key.

Several API hosts can share one ``DATABASE_URL``, one ``FILES_URL`` and one Redis: events this host makes are relayed
to the others (:class:`~ai_designer.jobs.events.EventRelay`) and the one-host-at-a-time chores (failing jobs of a host
that is gone) run under a lease in the database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ai_designer.core.errors import (
    ClientCodeRefused,
    ConfigError,
    ConflictError,
    NotFoundError,
    StorageUnavailable,
)
from ai_designer.core.settings import Settings
from ai_designer.jobs.base import JobBackend, JobTicket, owner_alive, process_owner
from ai_designer.jobs.chores import RECONCILE_LEASE, HostChores
from ai_designer.jobs.events import EventHub, EventRelay, Subscription, make_event
from ai_designer.jobs.files import Download, make_file_store
from ai_designer.jobs.public import file_url, public_result
from ai_designer.jobs.store import DesignStore, VersionRecord
from ai_designer.schemas.design_state import DesignStatus

__all__ = ["DesignService", "make_backend", "public_result", "file_url"]

log = logging.getLogger(__name__)

_INTERRUPTED = ("the API process stopped while this design was running; submit it again "
                "(finished designs are kept)")


def make_backend(settings: Settings, designer: Any = None) -> JobBackend:
    """``JOB_BACKEND``: ``local``, ``celery``, or ``auto`` (Celery when Redis is configured)."""
    choice = settings.job_backend.strip().lower()
    if choice not in ("auto", "local", "celery"):
        raise ConfigError(f"JOB_BACKEND={settings.job_backend!r}: use local, celery or auto")
    if choice == "celery" or (choice == "auto" and settings.effective_redis_url):
        if not settings.effective_redis_url:
            raise ConfigError("JOB_BACKEND=celery needs Redis: set REDIS_URL or REDIS_HOST/REDIS_PORT")
        from ai_designer.jobs.celery_backend import CeleryBackend

        return CeleryBackend(settings)
    from ai_designer.jobs.local import LocalBackend

    return LocalBackend(settings, designer=designer)


class DesignService:
    """Thread-safe; one per API process. Back ends report through ``progress`` / ``complete`` / ``fail``."""

    def __init__(self, settings: Settings, backend: JobBackend, store: DesignStore | None = None) -> None:
        self.settings = settings
        self.backend = backend
        self.store = store or DesignStore(settings.store_target)
        self.files = make_file_store(settings)
        self.events = EventHub()
        url = settings.effective_redis_url
        self.relay = EventRelay(url, self.events, process_owner()) if url else None
        self.chores = HostChores(self)
        self._closing = threading.Event()
        self._refine_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, designer: Any = None) -> DesignService:
        return cls(settings, make_backend(settings, designer=designer))

    def start(self) -> None:
        failed = self.store.recover(is_alive=owner_alive, reason=_INTERRUPTED)
        if self.backend.name != "celery":
            for record in self.store.unfinished("celery"):
                self.store.finish(record.design_id, record.version, "failed", message="Celery is not configured",
                                  error={"code": "interrupted", "message": "this design was queued on Celery "
                                         "workers but the API now runs without Redis; submit it again"})
        if failed:
            log.warning("marked %d interrupted design(s) failed", len(failed))
        from ai_designer.jobs.previews import fail_lost_previews

        fail_lost_previews(self, celery_after=self.settings.preview_timeout_seconds
                           + self.settings.job_result_retry_seconds)
        if self.relay is not None:
            self.relay.start()
        self.chores.start()
        self.backend.start(self)

    def may_reconcile(self) -> bool:
        """Whether this process holds (or just took, or renewed) the reconciler lease: with several API hosts on
        one database only the holder sweeps for missed results and stale jobs (see :mod:`~ai_designer.jobs.chores`).
        For back ends that ask before each sweep."""
        return self.chores.holds(RECONCILE_LEASE)

    def close(self) -> None:
        """Stop: this process's unfinished local jobs end ``failed`` (interrupted) at once, then the back end stops
        (a FreeCAD build in flight finishes within JOB_TIMEOUT_SECONDS and its result is discarded)."""
        self._closing.set()
        if self.backend.name == "local":
            for record in self.store.unfinished("local"):
                if record.owner == process_owner():
                    self.fail(record.design_id, record.version, "interrupted", _INTERRUPTED)
        self.backend.close()
        if self.relay is not None:
            self.relay.stop()
        self.chores.stop()
        self.store.close()

    # --- operations used by the API ----------------------------------------------------------------------------
    def create(self, *, prompt: str, formats: list[str] | None, plan: dict[str, Any] | None,
               idempotency_key: str | None = None, principal: str | None = None,
               options: dict[str, Any] | None = None) -> tuple[VersionRecord, bool]:
        """Accept a design from an API/MCP client. A plan carrying FreeCAD code (a ``custom`` operation) is refused
        unless ALLOW_CLIENT_CODE is on: code from clients is the riskiest input the service takes."""
        if plan and not self.settings.allow_client_code and any(
                isinstance(op, dict) and op.get("op") == "custom" for op in plan.get("operations", [])):
            raise ClientCodeRefused(
                "this plan contains a `custom` operation (FreeCAD code); the server does not accept code from "
                "clients. Express the part with the typed operations (see the plan schema), or ask the operator to "
                "set ALLOW_CLIENT_CODE=true (the code then runs in the worker sandbox).")
        hashed: list[Any] = [prompt, formats, plan, options] if options else [prompt, formats, plan]
        body_hash = hashlib.sha256(json.dumps(hashed, sort_keys=True).encode()).hexdigest()
        record, created = self.store.create_design(
            prompt=prompt, formats=formats, plan=plan, backend=self.backend.name, owner=self._owner(),
            idempotency_key=idempotency_key, request_hash=body_hash, principal=principal, options=options)
        if created:
            self._submit(record, current=None)
            record = self.store.get(record.design_id, record.version)
        return record, created

    def refine(self, design_id: str, *, prompt: str, formats: list[str] | None, principal: str | None = None,
               base_version: int | None = None, options: dict[str, Any] | None = None) -> VersionRecord:
        """Version N+1 planned from ``prompt`` as an edit of ``base_version`` (default: the latest good one)."""
        with self._refine_lock:  # two refines at once must not both start a version
            base = self._base(design_id, base_version, principal)
            record = self.store.add_version(design_id, prompt=prompt, formats=formats or base.formats,
                                            backend=self.backend.name, owner=self._owner(), options=options)
        assert base.result is not None
        self._submit(record, current=base.result["plan"])
        return self.store.get(design_id, record.version)

    def set_parameters(self, design_id: str, values: dict[str, Any], *, base_version: int | None = None,
                       formats: list[str] | None = None, principal: str | None = None) -> VersionRecord:
        """Version N+1 rebuilt from a good version's plan with new ``Params`` values — no language model.

        Raises :class:`~ai_designer.parameters.UnknownParameterError` / ``InvalidParameterError`` (422) before any
        version is made, :class:`ConflictError` while a version is still running."""
        from ai_designer.parameters import describe_change, set_parameters
        from ai_designer.schemas.task_graph import CADPlan

        with self._refine_lock:
            base = self._base(design_id, base_version, principal)
            assert base.result is not None
            old = CADPlan.model_validate(base.result["plan"])
            new = set_parameters(old, values)
            prompt = f"{describe_change(old, values)} (from version {base.version})"
            record = self.store.add_version(design_id, prompt=prompt, formats=formats or base.formats,
                                            backend=self.backend.name, owner=self._owner(),
                                            plan=new.model_dump(mode="json"))
        self._submit(record, current=None)
        return self.store.get(design_id, record.version)

    def latest_good(self, design_id: str) -> VersionRecord | None:
        """The newest succeeded version (what a person wants to see of a design whose last refine failed)."""
        return next((v for v in reversed(self.store.versions(design_id))
                     if v.status is DesignStatus.succeeded and v.result and v.result.get("plan")), None)

    def _base(self, design_id: str, base_version: int | None, principal: str | None) -> VersionRecord:
        latest = self.store.get(design_id, principal=principal)
        if not latest.finished:
            raise ConflictError(f"version {latest.version} of design {design_id} is still "
                                f"{latest.status.value}: wait for it to finish (or cancel it) before changing it")
        if base_version is None:
            base = self.latest_good(design_id)
            if base is None:
                raise ConflictError(f"design {design_id} has no successful version to change: create a new "
                                    "design with POST /api/v1/design")
            return base
        base = self.store.get(design_id, base_version, principal=principal)
        if base.status is not DesignStatus.succeeded or not (base.result and base.result.get("plan")):
            raise ConflictError(f"version {base_version} of design {design_id} is {base.status.value}: only a "
                                "succeeded version can be changed; pick another version")
        return base

    def _submit(self, record: VersionRecord, current: dict[str, Any] | None) -> None:
        ticket = JobTicket(design_id=record.design_id, version=record.version, prompt=record.prompt,
                           formats=record.formats, plan=record.plan, current=current,
                           out_dir=self.version_dir(record.design_id, record.version), options=record.options)
        self._publish(record.design_id, make_event(record.design_id, record.version, "queued", message="accepted"))
        try:
            self.backend.submit(ticket)
        except Exception as exc:
            self.fail(record.design_id, record.version, "queue_unavailable",
                      f"the job could not be queued ({type(exc).__name__}: {exc}); check Redis and retry")

    def get(self, design_id: str, version: int | None = None, *, principal: str | None = None) -> VersionRecord:
        """``principal`` (the caller's subject when auth is on) limits access to the caller's own designs."""
        return self.store.get(design_id, version, principal=principal)

    def history(self, design_id: str) -> list[VersionRecord]:
        return self.store.versions(design_id)

    def list(self, *, limit: int, offset: int, status: str | None = None,
             principal: str | None = None) -> tuple[list[VersionRecord], int]:
        return self.store.list_latest(limit=limit, offset=offset, status=status, principal=principal)

    def cancel(self, design_id: str, *, principal: str | None = None) -> VersionRecord:
        record = self.store.get(design_id, principal=principal)
        if record.finished:
            raise ConflictError(f"version {record.version} of design {design_id} is already "
                                f"{record.status.value}; nothing to cancel")
        self.store.request_cancel(design_id, record.version)
        self.backend.cancel(design_id, record.version)
        self._finish_cancelled(design_id, record.version, started=record.status is not DesignStatus.queued)
        return self.store.get(design_id, record.version)

    def _finish_cancelled(self, design_id: str, version: int, *, started: bool) -> None:
        """Cancelled is final at once: a queued job is skipped when its turn comes; a running one gets its cancel
        event (the engine stops at its next step) and whatever it still returns is discarded."""
        message = "cancelled while running" if started else "cancelled before it started"
        record = self.store.finish_record(design_id, version, "cancelled", message=message, error={
            "code": "cancelled", "message": f"cancelled by the client ({message})"})
        if record is not None:
            self._publish_final(record)

    def delete(self, design_id: str, *, principal: str | None = None) -> None:
        record = self.store.get(design_id, principal=principal)
        if not record.finished:
            self.store.request_cancel(design_id, record.version)
            self.backend.cancel(design_id, record.version)
        self.files.delete_design(design_id)  # first: if the object store is down the design stays, retry later
        self.store.delete(design_id)
        shutil.rmtree(self.settings.designs_dir / design_id, ignore_errors=True)

    def version_dir(self, design_id: str, version: int) -> Path:
        """The scratch directory a job of this version writes into (and, with S3, a read cache)."""
        return self.settings.designs_dir / design_id / f"v{version}"

    def _file_name(self, design_id: str, fmt: str, version: int | None,
                   principal: str | None) -> tuple[VersionRecord, str]:
        record = self.store.get(design_id, version, principal=principal)
        name = record.files.get(fmt)
        if not name:
            have = ", ".join(sorted(record.files)) or "none yet"
            raise NotFoundError(f"version {record.version} of design {design_id} has no {fmt!r} file "
                                f"(available: {have}); request it with \"formats\" when creating the design")
        return record, name

    def file_path(self, design_id: str, fmt: str, version: int | None = None, *,
                  principal: str | None = None) -> tuple[VersionRecord, Path]:
        """A local path of the file (fetched into the scratch directory first when the files are in S3)."""
        record, name = self._file_name(design_id, fmt, version, principal)
        base = self.version_dir(design_id, record.version).resolve()
        target = (base / name).resolve()
        if not target.is_relative_to(base):
            raise NotFoundError(f"the {fmt} file of design {design_id} v{record.version} is missing on disk")
        return record, self.files.fetch(design_id, record.version, name, target)

    def download(self, design_id: str, fmt: str, version: int | None = None, *, principal: str | None = None,
                 filename: str, content_type: str) -> tuple[VersionRecord, Download]:
        """How to send the file: a path, a stream from the object store, or a presigned URL to redirect to."""
        record, name = self._file_name(design_id, fmt, version, principal)
        return record, self.files.download(design_id, record.version, name, filename=filename.format(
            stem=Path(name).stem or "part", version=record.version), content_type=content_type)

    def subscribe(self, design_id: str) -> Subscription:
        return self.events.subscribe(design_id)

    def health(self) -> dict[str, Any]:
        from ai_designer.jobs.health import service_health

        return service_health(self)

    def _owner(self) -> str | None:
        return process_owner() if self.backend.name == "local" else "celery"

    # --- JobSink: called by back ends from their threads -------------------------------------------------------
    def should_skip(self, design_id: str, version: int) -> bool:
        try:
            record = self.store.get(design_id, version)
        except NotFoundError:
            return True
        return record.finished or record.cancel_requested

    def progress(self, design_id: str, version: int, status: str, iteration: int = 0, message: str = "",
                 data: dict[str, Any] | None = None) -> None:
        if self.store.update_progress(design_id, version, status, iteration, message):
            event = make_event(design_id, version, status, iteration, message, data)
            # a Celery worker's progress reaches every host on the workers' channel; only local jobs need the relay
            self._publish(design_id, event, relay=self.backend.name == "local")

    def complete(self, design_id: str, version: int, result: dict[str, Any], files: dict[str, Path]) -> None:
        """Publish the files a job wrote in its scratch directory to the file store, then record the outcome."""
        base = self.version_dir(design_id, version).resolve()
        names: dict[str, str] = {}
        for fmt, path in files.items():
            resolved = Path(path).resolve()
            if resolved.is_relative_to(base) and resolved.is_file():
                names[fmt] = resolved.relative_to(base).as_posix()
            else:
                log.warning("ignoring %s file outside the version directory: %s", fmt, path)
        if names and not self._finished(design_id, version):
            try:
                self.files.save(design_id, version, base, names)
            except StorageUnavailable as exc:
                if self.backend.name != "local":
                    raise  # the result stays in Redis: the reconciler stores it once the object store is back
                self.fail(design_id, version, "storage_unavailable", exc.message)
                return
        self.complete_stored(design_id, version, result, names)

    def complete_stored(self, design_id: str, version: int, result: dict[str, Any], names: dict[str, str]) -> None:
        """Record the outcome of a job whose files are already in the file store (``format → file name`` under
        ``<id>/v<N>/``): what a worker that uploads straight to the object store reports."""
        status = str(result.get("status", "failed"))
        error = result.get("error")
        if status == "cancelled" and self._closing.is_set() and not self._cancel_requested(design_id, version):
            status, error = "failed", {"code": "interrupted", "message": _INTERRUPTED}
        message = (error or {}).get("message", "") if error else "done"
        if error:  # the full message, operator advice included: the page shows people only their part of it
            log.info("design %s v%s %s: %s", design_id, version, status, message)
        record = self.store.finish_record(design_id, version, status, result=result, files=names, error=error,
                                          message=message)
        if record is not None:
            self._publish_final(record)
            return
        try:  # already finished (cancelled, interrupted, another host) or deleted: drop what the late job wrote
            kept = self.store.get(design_id, version).files
        except NotFoundError:
            shutil.rmtree(self.settings.designs_dir / design_id, ignore_errors=True)
            self.files.delete_design(design_id)
            return
        if not kept:
            shutil.rmtree(self.version_dir(design_id, version), ignore_errors=True)
            self.files.delete_version(design_id, version)

    def preview_done(self, design_id: str, version: int, *, files: dict[str, Path] | None = None,
                     names: dict[str, str] | None = None, formats: Sequence[str] | None = None,
                     error: dict[str, Any] | None = None, seconds: float = 0.0) -> None:
        """The PNG/GLB of a succeeded version are made (or failed): store them, send ``preview_ready`` /
        ``preview_failed`` (:mod:`ai_designer.jobs.previews`)."""
        from ai_designer.jobs.previews import record_preview

        record_preview(self, design_id, version, files=files, names=names, formats=list(formats or ()), error=error,
                       seconds=seconds)

    def fail(self, design_id: str, version: int, code: str, message: str) -> None:
        record = self.store.finish_record(design_id, version, "failed",
                                          error={"code": code, "message": message}, message=message)
        if record is not None:
            self._publish_final(record)

    def _finished(self, design_id: str, version: int) -> bool:
        try:
            return self.store.get(design_id, version).finished
        except NotFoundError:
            return True

    def _cancel_requested(self, design_id: str, version: int) -> bool:
        try:
            return self.store.get(design_id, version).cancel_requested
        except NotFoundError:
            return False

    def announce_final(self, design_id: str, version: int) -> None:
        """Send the final event of a version another component finished in the store (e.g. the lost-host sweep)."""
        self._publish_final(self.store.get(design_id, version))

    def _publish_final(self, record: VersionRecord) -> None:
        self._publish(record.design_id, make_event(record.design_id, record.version, record.status.value,
                                                   record.iteration, record.message, {"result": public_result(record)}))

    def publish(self, design_id: str, event: dict[str, Any]) -> None:
        """Send an event to this host's subscribers of the design and, with Redis, to the other API hosts."""
        self._publish(design_id, event)

    def _publish(self, design_id: str, event: dict[str, Any], *, relay: bool = True) -> None:
        self.events.publish(design_id, event)
        if relay and self.relay is not None:
            self.relay.publish(design_id, event)


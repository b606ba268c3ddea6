"""The last step of a design: its PNG/GLB, recorded and announced after the design already ``succeeded``.

A job back end reports a version's model files through ``complete``; the version is ``succeeded`` then, and its
public result says ``"preview": {"status": "pending", "formats": [...]}``. When the render is done the back end calls
:func:`record_preview` (through :meth:`DesignService.preview_done`): the files are published to the file store like
the model files, the store gets them and ``preview.status`` ``ready`` — or ``failed`` with ``preview.error``, the
design staying succeeded — and one event goes to the design's subscribers (and, with Redis, the other API hosts):

    {"type": "preview_ready" | "preview_failed", "request_id", "version", "status": "succeeded", "iteration",
     "message", "data": {"preview": {...}, "files": {format: download URL}, "result": {...public result...}}}

A preview that arrives for a version that is no longer succeeded (deleted meanwhile) is dropped with its files. One
that can no longer arrive — its process was killed — is failed by :func:`fail_lost_previews` (at start-up, and by
the Celery reconciler for workers), so no client waits for ever.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_designer.core.errors import NotFoundError, StorageUnavailable
from ai_designer.jobs.events import make_event
from ai_designer.jobs.public import public_result

if TYPE_CHECKING:
    from ai_designer.jobs.service import DesignService

__all__ = ["record_preview", "preview_event", "fail_lost_previews", "PREVIEW_EVENTS"]

log = logging.getLogger(__name__)

PREVIEW_EVENTS = ("preview_ready", "preview_failed")


def _names(service: DesignService, design_id: str, version: int, files: dict[str, Path]) -> dict[str, str]:
    """``format → file name`` of the files inside the version's scratch directory (anything else is ignored)."""
    base = service.version_dir(design_id, version).resolve()
    names = {}
    for fmt, path in files.items():
        resolved = Path(path).resolve()
        if resolved.is_relative_to(base) and resolved.is_file():
            names[fmt] = resolved.relative_to(base).as_posix()
        else:
            log.warning("ignoring %s preview file outside the version directory: %s", fmt, path)
    return names


def record_preview(service: DesignService, design_id: str, version: int, *, files: dict[str, Path] | None = None,
                   names: dict[str, str] | None = None, formats: list[str] | None = None,
                   error: dict[str, Any] | None = None, seconds: float = 0.0) -> bool:
    """Store and announce a finished preview. ``files``: paths in the version's scratch directory (published to the
    file store here); ``names``: files a worker already put in the file store. False when it was dropped."""
    if files:
        names = {**(names or {}), **_names(service, design_id, version, files)}
        try:
            service.files.save(design_id, version, service.version_dir(design_id, version).resolve(), names)
        except StorageUnavailable as exc:
            names, error = {}, {"code": "preview_failed", "message": exc.message}
    names = names or {}
    preview = {"status": "failed" if error or not names else "ready", "formats": sorted(formats or names),
               "error": error or (None if names else {"code": "preview_failed", "message": "no preview file came "
                                                      "back from the renderer"}),
               "seconds": round(seconds, 4)}
    record = service.store.add_preview(design_id, version, names, preview)
    if record is None:
        _drop(service, design_id, version, names)
        return False
    if error:
        log.info("design %s v%s: preview failed: %s", design_id, version, error.get("message"))
    service.publish(design_id, preview_event(record, preview))
    return True


_LOST = ("the process rendering the preview stopped before it was done (restart or crash); the model files are "
         "complete — build the design again for a preview")


def fail_lost_previews(service: DesignService, *, celery_after: float) -> int:
    """Previews that can no longer come: of local jobs whose API process is gone, and of Celery jobs finished more
    than ``celery_after`` seconds ago. They end ``failed`` (with ``preview_failed``) so that clients stop waiting."""
    from ai_designer.jobs.base import owner_alive

    lost = 0
    for record in service.store.pending_previews():
        if record.backend == "local":
            gone = not owner_alive(record.owner or "")
        else:
            gone = time.time() - (record.finished_at or record.updated_at) > celery_after
        if gone:
            formats = ((record.result or {}).get("preview") or {}).get("formats")
            lost += record_preview(service, record.design_id, record.version, formats=formats,
                                   error={"code": "preview_failed", "message": _LOST})
    return lost


def preview_event(record: Any, preview: dict[str, Any]) -> dict[str, Any]:
    """The ``preview_ready`` / ``preview_failed`` event of a stored version."""
    result = public_result(record)
    event = make_event(record.design_id, record.version, record.status.value, record.iteration,
                       "preview ready" if preview["status"] == "ready" else "preview failed",
                       {"preview": preview, "files": result["files"], "result": result})
    event["type"] = PREVIEW_EVENTS[0] if preview["status"] == "ready" else PREVIEW_EVENTS[1]
    return event


def _drop(service: DesignService, design_id: str, version: int, names: dict[str, str]) -> None:
    """The version went away (or is not succeeded): remove the preview files that were published for it."""
    try:
        kept = service.store.get(design_id, version).files
    except NotFoundError:  # deleted while the preview was made: whatever was uploaded for it goes too
        kept = {}
        try:
            service.files.delete_design(design_id)
        except StorageUnavailable as exc:
            log.warning("could not remove the late preview of deleted design %s: %s", design_id, exc.message)
    base = service.version_dir(design_id, version)
    for name in names.values():
        if name not in kept.values():
            (base / name).unlink(missing_ok=True)
    if not kept:
        shutil.rmtree(base, ignore_errors=True)

"""The public JSON of a stored version: the CLI/API contract with download URLs instead of server paths or keys."""

from __future__ import annotations

from typing import Any

from ai_designer.jobs.store import VersionRecord
from ai_designer.schemas.design_state import DesignResult, DesignStatus

__all__ = ["public_result", "file_url"]


def public_result(record: VersionRecord) -> dict[str, Any]:
    """The CLI/API JSON contract of a finished version, with download URLs instead of server paths."""
    if record.result:
        body = DesignResult.model_validate(record.result).public()
    else:
        body = {"status": record.status.value, "request_id": record.design_id, "files": {}, "geometry": None,
                "validation": {}, "iterations": record.iteration, "llm": {}, "assumptions": [], "plan": [],
                "planner": None, "timings": {}, "error": record.error}
    body["status"] = record.status.value
    body["request_id"] = record.design_id
    body["version"] = record.version
    body["error"] = record.error if record.status is not DesignStatus.succeeded else None
    body["files"] = {fmt: file_url(record.design_id, record.version, fmt) for fmt in record.files}
    return body


def file_url(design_id: str, version: int, fmt: str) -> str:
    return f"/api/v1/design/{design_id}/files/{fmt}?version={version}"

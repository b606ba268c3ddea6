"""What one stored version of a design is, and how a database row becomes one (used by ``store.py``).

Split from the store along the seam between the data and the queries: this module knows the columns of a version,
``statements.py`` the SQL that reads and writes them. ``ai_designer.jobs.store`` re-exports :class:`VersionRecord`
under its old path, which the API, MCP and the Celery back end import it from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ai_designer.schemas.design_state import DesignStatus

if TYPE_CHECKING:
    from sqlalchemy import Row

__all__ = ["VersionRecord", "record_from_row", "loads", "dumps"]


@dataclass
class VersionRecord:
    """One version of a design as stored; ``result`` is the engine's full ``DesignResult`` as JSON data."""

    design_id: str
    version: int
    latest_version: int
    principal: str | None
    prompt: str
    formats: list[str] | None
    plan: dict[str, Any] | None
    status: DesignStatus
    iteration: int
    message: str
    backend: str
    owner: str | None
    task_id: str | None
    cancel_requested: bool
    created_at: float
    started_at: float | None
    finished_at: float | None
    updated_at: float
    result: dict[str, Any] | None = None
    files: dict[str, str] = field(default_factory=dict)
    error: dict[str, Any] | None = None
    options: dict[str, Any] | None = None  # per-run LLM steering: {"model": ..., "routing": ...}

    @property
    def finished(self) -> bool:
        return self.status.finished


def loads(text: str | None) -> Any:
    """A JSON column's value; NULL and '' are None."""
    return json.loads(text) if text else None


def dumps(value: Any) -> str | None:
    """JSON for a column; an empty value is stored as NULL, which :func:`loads` reads back as None."""
    return json.dumps(value) if value else None


def record_from_row(row: Row[Any]) -> VersionRecord:
    """A row of ``statements.SELECT_VERSIONS`` (a version joined with its design) as a :class:`VersionRecord`."""
    m = row._mapping
    return VersionRecord(
        design_id=m["design_id"], version=int(m["version"]), latest_version=int(m["latest_version"]),
        principal=m["principal"], prompt=m["prompt"], formats=loads(m["formats"]), plan=loads(m["plan"]),
        status=DesignStatus(m["status"]), iteration=int(m["iteration"]), message=m["message"] or "",
        backend=m["backend"], owner=m["owner"], task_id=m["task_id"],
        cancel_requested=bool(m["cancel_requested"]), created_at=float(m["created_at"]),
        started_at=m["started_at"], finished_at=m["finished_at"], updated_at=float(m["updated_at"]),
        result=loads(m["result"]), files=loads(m["files"]) or {}, error=loads(m["error"]),
        options=loads(m["options"]))

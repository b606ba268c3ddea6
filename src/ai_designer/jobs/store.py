"""Durable design store on SQLite: designs, their versions, and where each job stands.

Why SQLite: zero setup, one file under ``AI_DESIGNER_HOME``, survives restarts, and WAL mode lets several API
processes on one machine share it. Every write is a short transaction; a status never moves backwards once a version
is finished (``succeeded``, ``failed``, ``rejected``, ``cancelled``), so a late event from a worker cannot resurrect a
cancelled job.

Each unfinished version records its ``owner``: ``host:pid:start-time`` of the API process running it (local back end)
or ``celery`` — :meth:`DesignStore.recover` uses it at start-up to fail jobs whose process is gone.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_designer.core.errors import ConflictError, NotFoundError
from ai_designer.schemas.design_state import DesignStatus

__all__ = ["DesignStore", "VersionRecord", "FINISHED"]

FINISHED = tuple(s.value for s in DesignStatus if s.finished)
_FIN_SQL = "(" + ",".join(f"'{s}'" for s in FINISHED) + ")"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS designs (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    idempotency_key TEXT UNIQUE,
    request_hash TEXT,
    latest_version INTEGER NOT NULL DEFAULT 1,
    principal TEXT
);
CREATE TABLE IF NOT EXISTS versions (
    design_id TEXT NOT NULL REFERENCES designs(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    prompt TEXT NOT NULL,
    formats TEXT,
    plan TEXT,
    options TEXT,
    status TEXT NOT NULL,
    iteration INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    result TEXT,
    files TEXT,
    error TEXT,
    backend TEXT NOT NULL,
    owner TEXT,
    task_id TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (design_id, version)
);
CREATE INDEX IF NOT EXISTS versions_status ON versions(status);
CREATE INDEX IF NOT EXISTS designs_created ON designs(created_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


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


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else None


class DesignStore:
    """Thread-safe access to the SQLite file; open one per process."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(self.path), timeout=10.0, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(designs)")}
        if "principal" not in columns:  # a store written before designs had owners
            self._db.execute("ALTER TABLE designs ADD COLUMN principal TEXT")
        if "options" not in {row[1] for row in self._db.execute("PRAGMA table_info(versions)")}:
            self._db.execute("ALTER TABLE versions ADD COLUMN options TEXT")  # a store from before -m/--offline

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- writes ------------------------------------------------------------------------------------------------
    def create_design(self, *, prompt: str, formats: list[str] | None, plan: dict[str, Any] | None, backend: str,
                      owner: str | None, idempotency_key: str | None = None, request_hash: str | None = None,
                      principal: str | None = None,
                      options: dict[str, Any] | None = None) -> tuple[VersionRecord, bool]:
        """Insert a design with version 1; with an idempotency key already used, return that design instead.

        Returns ``(record, created)``. The same key with a different request body is a :class:`ConflictError`.
        """
        now = time.time()
        with self._tx() as db:
            if idempotency_key:
                row = db.execute("SELECT id, request_hash FROM designs WHERE idempotency_key = ?",
                                 (idempotency_key,)).fetchone()
                if row is not None:
                    if row["request_hash"] != request_hash:
                        raise ConflictError("this Idempotency-Key was already used with a different request body: "
                                            "use a new key for a new design")
                    existing = self._get(db, row["id"], 1)
                    assert existing is not None
                    return existing, False
            design_id = uuid.uuid4().hex
            db.execute("INSERT INTO designs (id, created_at, idempotency_key, request_hash, latest_version, principal) "
                       "VALUES (?, ?, ?, ?, 1, ?)", (design_id, now, idempotency_key, request_hash, principal))
            self._insert_version(db, design_id, 1, prompt, formats, plan, backend, owner, now, options)
            record = self._get(db, design_id, 1)
        assert record is not None
        return record, True

    def add_version(self, design_id: str, *, prompt: str, formats: list[str] | None, backend: str,
                    owner: str | None, plan: dict[str, Any] | None = None,
                    options: dict[str, Any] | None = None) -> VersionRecord:
        """Version N+1: a refine (``plan`` None: planned from ``prompt``) or a parameter edit (``plan`` given)."""
        now = time.time()
        with self._tx() as db:
            row = db.execute("SELECT latest_version FROM designs WHERE id = ?", (design_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"design {design_id} does not exist (deleted?): create it with POST /api/v1/design")
            version = int(row["latest_version"]) + 1
            db.execute("UPDATE designs SET latest_version = ? WHERE id = ?", (version, design_id))
            self._insert_version(db, design_id, version, prompt, formats, plan, backend, owner, now, options)
            record = self._get(db, design_id, version)
        assert record is not None
        return record

    @staticmethod
    def _insert_version(db: sqlite3.Connection, design_id: str, version: int, prompt: str,
                        formats: list[str] | None, plan: dict[str, Any] | None, backend: str, owner: str | None,
                        now: float, options: dict[str, Any] | None = None) -> None:
        db.execute(
            "INSERT INTO versions (design_id, version, prompt, formats, plan, options, status, backend, owner, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)",
            (design_id, version, prompt, json.dumps(formats) if formats else None,
             json.dumps(plan) if plan else None, json.dumps(options) if options else None, backend, owner, now, now))

    def set_task_id(self, design_id: str, version: int, task_id: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE versions SET task_id = ? WHERE design_id = ? AND version = ?",
                       (task_id, design_id, version))

    def update_progress(self, design_id: str, version: int, status: str, iteration: int = 0,
                        message: str = "") -> bool:
        """Record a progress event of an unfinished version; False if it is finished or gone."""
        now = time.time()
        with self._tx() as db:
            cur = db.execute(
                f"UPDATE versions SET status = ?, iteration = ?, message = ?, updated_at = ?, "
                f"started_at = COALESCE(started_at, CASE WHEN ? != 'queued' THEN ? END) "
                f"WHERE design_id = ? AND version = ? AND status NOT IN {_FIN_SQL}",
                (status, iteration, message[:2000], now, status, now, design_id, version))
            return cur.rowcount > 0

    def finish(self, design_id: str, version: int, status: str, *, result: dict[str, Any] | None = None,
               files: dict[str, str] | None = None, error: dict[str, Any] | None = None,
               message: str = "") -> bool:
        """Store the outcome once; False if the version was already finished (or deleted)."""
        now = time.time()
        iteration = int(result.get("iterations", 0)) if result else 0
        with self._tx() as db:
            cur = db.execute(
                f"UPDATE versions SET status = ?, result = ?, files = ?, error = ?, message = ?, iteration = ?, "
                f"finished_at = ?, updated_at = ?, started_at = COALESCE(started_at, ?) "
                f"WHERE design_id = ? AND version = ? AND status NOT IN {_FIN_SQL}",
                (status, json.dumps(result) if result else None, json.dumps(files or {}),
                 json.dumps(error) if error else None, message[:2000], iteration, now, now, now, design_id, version))
            return cur.rowcount > 0

    def request_cancel(self, design_id: str, version: int) -> None:
        with self._tx() as db:
            db.execute("UPDATE versions SET cancel_requested = 1 WHERE design_id = ? AND version = ?",
                       (design_id, version))

    def delete(self, design_id: str) -> bool:
        with self._tx() as db:
            db.execute("DELETE FROM versions WHERE design_id = ?", (design_id,))
            return db.execute("DELETE FROM designs WHERE id = ?", (design_id,)).rowcount > 0

    def recover(self, *, is_alive: Callable[[str], bool], reason: str) -> list[tuple[str, int]]:
        """Fail every unfinished local job whose owning process is gone; returns their ``(id, version)``."""
        failed: list[tuple[str, int]] = []
        with self._tx() as db:
            rows = db.execute(f"SELECT design_id, version, owner FROM versions WHERE status NOT IN {_FIN_SQL} "
                              f"AND backend = 'local'").fetchall()
            now = time.time()
            for row in rows:
                if row["owner"] and is_alive(row["owner"]):
                    continue
                db.execute("UPDATE versions SET status = 'failed', error = ?, message = ?, finished_at = ?, "
                           "updated_at = ? WHERE design_id = ? AND version = ?",
                           (json.dumps({"code": "interrupted", "message": reason}), reason, now, now,
                            row["design_id"], row["version"]))
                failed.append((row["design_id"], int(row["version"])))
        return failed

    def check_writable(self) -> None:
        """Raise if the database cannot be written (disk full, read-only, locked for too long)."""
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('ready_probe', ?)", (str(time.time()),))

    # --- reads -------------------------------------------------------------------------------------------------
    _SELECT = "SELECT v.*, d.latest_version, d.principal FROM versions v JOIN designs d ON d.id = v.design_id "

    def _get(self, db: sqlite3.Connection, design_id: str, version: int | None) -> VersionRecord | None:
        if version is None:
            row = db.execute(self._SELECT + "WHERE v.design_id = ? AND v.version = d.latest_version",
                             (design_id,)).fetchone()
        else:
            row = db.execute(self._SELECT + "WHERE v.design_id = ? AND v.version = ?", (design_id, version)).fetchone()
        return self._record(row) if row is not None else None

    def get(self, design_id: str, version: int | None = None, *, principal: str | None = None) -> VersionRecord:
        """The given version (default: the latest) or :class:`NotFoundError`; with ``principal``, only a design that
        caller created (another caller's design is "not found", so ids leak nothing)."""
        with self._lock:
            record = self._get(self._db, design_id, version)
        if record is None or (principal is not None and record.principal != principal):
            what = f"version {version} of design {design_id}" if version else f"design {design_id}"
            raise NotFoundError(f"{what} does not exist: list designs with GET /api/v1/design")
        return record

    def versions(self, design_id: str) -> list[VersionRecord]:
        with self._lock:
            rows = self._db.execute(self._SELECT + "WHERE v.design_id = ? ORDER BY v.version",
                                    (design_id,)).fetchall()
        return [self._record(r) for r in rows]

    def list_latest(self, *, limit: int, offset: int, status: str | None = None,
                    principal: str | None = None) -> tuple[list[VersionRecord], int]:
        """Latest version of each design (of ``principal`` when given), newest design first."""
        where = "WHERE v.version = d.latest_version"
        args: tuple[Any, ...] = ()
        if status:
            where, args = where + " AND v.status = ?", (*args, status)
        if principal is not None:
            where, args = where + " AND d.principal = ?", (*args, principal)
        with self._lock:
            total = self._db.execute("SELECT COUNT(*) FROM versions v JOIN designs d ON d.id = v.design_id "
                                     + where, args).fetchone()[0]
            rows = self._db.execute(self._SELECT + where + " ORDER BY d.created_at DESC, d.id LIMIT ? OFFSET ?",
                                    (*args, limit, offset)).fetchall()
        return [self._record(r) for r in rows], int(total)

    def unfinished(self, backend: str | None = None) -> list[VersionRecord]:
        sql = self._SELECT + f"WHERE v.status NOT IN {_FIN_SQL}"
        args: tuple[Any, ...] = ()
        if backend:
            sql += " AND v.backend = ?"
            args = (backend,)
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        return [self._record(r) for r in rows]

    @staticmethod
    def _record(row: sqlite3.Row) -> VersionRecord:
        return VersionRecord(
            design_id=row["design_id"], version=int(row["version"]), latest_version=int(row["latest_version"]),
            principal=row["principal"], prompt=row["prompt"], formats=_loads(row["formats"]), plan=_loads(row["plan"]),
            status=DesignStatus(row["status"]), iteration=int(row["iteration"]), message=row["message"] or "",
            backend=row["backend"], owner=row["owner"], task_id=row["task_id"],
            cancel_requested=bool(row["cancel_requested"]), created_at=float(row["created_at"]),
            started_at=row["started_at"], finished_at=row["finished_at"], updated_at=float(row["updated_at"]),
            result=_loads(row["result"]), files=_loads(row["files"]) or {}, error=_loads(row["error"]),
            options=_loads(row["options"]))

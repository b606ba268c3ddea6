"""Durable design store: designs, their versions, and where each job stands — on SQLite or PostgreSQL.

One class over SQLAlchemy 2 Core (see :mod:`ai_designer.jobs.database` for the connection and migrations, ``schema.py``
for the tables, ``statements.py`` for the prebuilt SQL, ``records.py`` for :class:`VersionRecord`): the
embedded SQLite file is the default, ``DATABASE_URL=postgresql://…`` shares one store between API hosts. Same
semantics on both: every write is one short transaction; a status never moves backwards once a version is finished
(``succeeded``, ``failed``, ``rejected``, ``cancelled``) — the conditional ``UPDATE … WHERE status NOT IN
(finished)`` makes that hold even when two hosts race to finish the same version, so a late event from a worker
cannot resurrect a cancelled job and no job is finished twice; idempotency keys are unique.

Each unfinished version records its ``owner``: ``host:pid:start-time`` of the API process running it (local back end)
or ``celery`` — :meth:`DesignStore.recover` uses it at start-up to fail jobs whose process is gone.
"""

from __future__ import annotations

import json
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ai_designer.core.errors import ConflictError, NotFoundError
from ai_designer.jobs.database import database_url, make_engine, upgrade
from ai_designer.jobs.records import VersionRecord, dumps, record_from_row
from ai_designer.jobs.schema import designs, leases, meta, versions
from ai_designer.jobs.statements import (
    BY_KEY,
    FINISH,
    FINISHED,
    GET,
    GET_LATEST,
    INSERT_DESIGN,
    INSERT_VERSION,
    PROGRESS,
    SELECT_VERSIONS,
    SET_PREVIEW,
    SET_TASK,
    STAMP,
    UNFINISHED,
    VERSIONS,
    where_version,
)

__all__ = ["DesignStore", "VersionRecord", "FINISHED"]  # the last two live in records.py / statements.py


def _same_machine(owner: str) -> bool:
    return owner.rsplit(":", 2)[0] == socket.gethostname()


class DesignStore:
    """Thread-safe (a connection pool); open one per process. ``target``: a SQLite path or a database URL."""

    def __init__(self, target: str | Path, *, migrate: bool = True) -> None:
        self.url = database_url(target)
        self.engine = make_engine(self.url)
        self.dialect = self.engine.dialect.name
        if migrate:
            upgrade(self.engine)

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(readonly=True) as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        """The database without its password, for health output and logs."""
        return self.engine.url.render_as_string(hide_password=True)

    # --- writes ------------------------------------------------------------------------------------------------
    def create_design(self, *, prompt: str, formats: list[str] | None, plan: dict[str, Any] | None, backend: str,
                      owner: str | None, idempotency_key: str | None = None, request_hash: str | None = None,
                      principal: str | None = None,
                      options: dict[str, Any] | None = None) -> tuple[VersionRecord, bool]:
        """Insert a design with version 1; with an idempotency key already used, return that design instead.

        Returns ``(record, created)``. The same key with a different request body is a :class:`ConflictError`.
        Two hosts inserting the same new key at once: the unique index refuses the second, which then finds the
        first one's design on its retry.
        """
        for attempt in range(2):
            try:
                return self._create(prompt, formats, plan, backend, owner, idempotency_key, request_hash, principal,
                                    options)
            except IntegrityError:
                if not idempotency_key or attempt:
                    raise
        raise AssertionError("unreachable")

    def _create(self, prompt: str, formats: list[str] | None, plan: dict[str, Any] | None, backend: str,
                owner: str | None, idempotency_key: str | None, request_hash: str | None,
                principal: str | None, options: dict[str, Any] | None) -> tuple[VersionRecord, bool]:
        now = time.time()
        with self._tx() as db:
            if idempotency_key:
                row = db.execute(BY_KEY, {"w_key": idempotency_key}).first()
                if row is not None:
                    if row.request_hash != request_hash:
                        raise ConflictError("this Idempotency-Key was already used with a different request body: "
                                            "use a new key for a new design")
                    existing = self._get(db, row.id, 1)
                    assert existing is not None
                    return existing, False
            design_id = uuid.uuid4().hex
            db.execute(INSERT_DESIGN, {"id": design_id, "created_at": now, "idempotency_key": idempotency_key,
                                       "request_hash": request_hash, "latest_version": 1, "principal": principal})
            self._insert_version(db, design_id, 1, prompt, formats, plan, backend, owner, now, options)
            record = self._get(db, design_id, 1)
        assert record is not None
        return record, True

    def add_version(self, design_id: str, *, prompt: str, formats: list[str] | None, backend: str,
                    owner: str | None, plan: dict[str, Any] | None = None,
                    options: dict[str, Any] | None = None) -> VersionRecord:
        """Version N+1: a refine (``plan`` None: planned from ``prompt``) or a parameter edit (``plan`` given).

        The design's row is locked (``FOR UPDATE`` on PostgreSQL, the write lock on SQLite) so two hosts adding a
        version at once get N+1 and N+2, never the same number."""
        now = time.time()
        with self._tx() as db:
            row = db.execute(select(designs.c.latest_version).where(designs.c.id == design_id)
                             .with_for_update()).first()
            if row is None:
                raise NotFoundError(f"design {design_id} does not exist (deleted?): create it with POST /api/v1/design")
            version = int(row.latest_version) + 1
            db.execute(update(designs).where(designs.c.id == design_id).values(latest_version=version))
            self._insert_version(db, design_id, version, prompt, formats, plan, backend, owner, now, options)
            record = self._get(db, design_id, version)
        assert record is not None
        return record

    @staticmethod
    def _insert_version(db: Connection, design_id: str, version: int, prompt: str, formats: list[str] | None,
                        plan: dict[str, Any] | None, backend: str, owner: str | None, now: float,
                        options: dict[str, Any] | None = None) -> None:
        db.execute(INSERT_VERSION, {
            "design_id": design_id, "version": version, "prompt": prompt, "formats": dumps(formats),
            "plan": dumps(plan), "options": dumps(options), "status": "queued", "iteration": 0, "message": "",
            "backend": backend, "owner": owner,
            "cancel_requested": 0, "created_at": now, "updated_at": now})

    def set_task_id(self, design_id: str, version: int, task_id: str) -> None:
        with self._tx() as db:
            db.execute(SET_TASK, {"w_id": design_id, "w_version": version, "p_task": task_id})

    def update_progress(self, design_id: str, version: int, status: str, iteration: int = 0,
                        message: str = "") -> bool:
        """Record a progress event of an unfinished version; False if it is finished or gone."""
        now = time.time()
        with self._tx() as db:
            cur = db.execute(PROGRESS, {"w_id": design_id, "w_version": version, "p_status": status,
                                        "p_iteration": iteration, "p_message": message[:2000], "p_now": now,
                                        "p_started": now if status != "queued" else None})
            return cur.rowcount > 0

    def finish(self, design_id: str, version: int, status: str, *, result: dict[str, Any] | None = None,
               files: dict[str, str] | None = None, error: dict[str, Any] | None = None,
               message: str = "") -> bool:
        """Store the outcome once; False if the version was already finished (or deleted)."""
        return self._finish(design_id, version, status, result, files, error, message, read_back=False)[0]

    def finish_record(self, design_id: str, version: int, status: str, *, result: dict[str, Any] | None = None,
                      files: dict[str, str] | None = None, error: dict[str, Any] | None = None,
                      message: str = "") -> VersionRecord | None:
        """:meth:`finish`, returning the finished version read in the same transaction (what the caller announces,
        without another round trip), or None if it was already finished (or deleted)."""
        return self._finish(design_id, version, status, result, files, error, message, read_back=True)[1]

    def _finish(self, design_id: str, version: int, status: str, result: dict[str, Any] | None,
                files: dict[str, str] | None, error: dict[str, Any] | None, message: str,
                read_back: bool) -> tuple[bool, VersionRecord | None]:
        now = time.time()
        iteration = int(result.get("iterations", 0)) if result else 0
        with self._tx() as db:
            cur = db.execute(FINISH, {"w_id": design_id, "w_version": version, "p_status": status,
                                      "p_result": dumps(result), "p_files": json.dumps(files or {}),
                                      "p_error": dumps(error), "p_message": message[:2000],
                                      "p_iteration": iteration, "p_now": now})
            if cur.rowcount <= 0:
                return False, None
            return True, self._get(db, design_id, version) if read_back else None

    def add_preview(self, design_id: str, version: int, files: dict[str, str],
                    preview: dict[str, Any]) -> VersionRecord | None:
        """Record the preview made after a version succeeded: ``files`` join its files, ``result.preview`` becomes
        ``preview``. Returns the updated version, or None if it is not succeeded (cancelled meanwhile, deleted)."""
        params = {"w_id": design_id, "w_version": version}
        with self._tx() as db:
            row = db.execute(GET, params).first()
            if row is None or row.status != "succeeded":
                return None
            record = record_from_row(row)
            result = record.result or {}
            result["preview"] = preview
            record.result, record.files = result, {**record.files, **files}
            record.updated_at = time.time()
            db.execute(SET_PREVIEW, {**params, "p_result": dumps(result), "p_files": json.dumps(record.files),
                                      "p_now": record.updated_at})
            return record

    def pending_previews(self) -> list[VersionRecord]:
        """Succeeded versions whose PNG/GLB is still being made (``result.preview.status`` pending)."""
        query = SELECT_VERSIONS.where(versions.c.status == "succeeded",
                                      versions.c.result.like('%"preview": {"status": "pending"%'))
        with self._read() as db:
            return [record_from_row(r) for r in db.execute(query).all()]

    def request_cancel(self, design_id: str, version: int) -> None:
        with self._tx() as db:
            db.execute(update(versions).where(where_version(design_id, version)).values(cancel_requested=1))

    def delete(self, design_id: str) -> bool:
        with self._tx() as db:
            db.execute(delete(versions).where(versions.c.design_id == design_id))
            return db.execute(delete(designs).where(designs.c.id == design_id)).rowcount > 0

    def recover(self, *, is_alive: Callable[[str], bool], reason: str,
                stale_before: float | None = None) -> list[tuple[str, int]]:
        """Fail every unfinished local job whose owning process is gone; returns their ``(id, version)``.

        With ``stale_before`` only jobs silent since then are looked at, and an owner on another machine counts as
        gone (``is_alive`` cannot see other machines): how a peer fails the jobs of a host that never came back.
        On PostgreSQL the rows are taken ``FOR UPDATE SKIP LOCKED``: hosts doing this at once share the work."""
        failed: list[tuple[str, int]] = []
        query = select(versions.c.design_id, versions.c.version, versions.c.owner).where(
            UNFINISHED, versions.c.backend == "local")
        if stale_before is not None:
            query = query.where(versions.c.updated_at < stale_before)
        with self._tx() as db:
            rows = db.execute(query.with_for_update(skip_locked=True)).all()
            now = time.time()
            for row in rows:
                if row.owner and is_alive(row.owner) and (stale_before is None or _same_machine(row.owner)):
                    continue
                cur = db.execute(update(versions).where(where_version(row.design_id, row.version), UNFINISHED).values(
                    status="failed", error=json.dumps({"code": "interrupted", "message": reason}), message=reason,
                    finished_at=now, updated_at=now))
                if cur.rowcount:
                    failed.append((row.design_id, int(row.version)))
        return failed

    def acquire_lease(self, name: str, holder: str, ttl: float) -> bool:
        """Hold the lease ``name`` for ``ttl`` seconds (renewing it if ``holder`` has it); False if another holder
        has an unexpired one. Work that must run on one API host at a time (the reconciler) asks first.

        Expiry uses each host's clock: keep hosts on NTP and ``ttl`` well above their drift."""
        now = time.time()
        try:
            with self._tx() as db:
                row = db.execute(select(leases.c.holder, leases.c.expires_at).where(leases.c.name == name)
                                 .with_for_update()).first()
                if row is None:
                    db.execute(insert(leases).values(name=name, holder=holder, expires_at=now + ttl))
                    return True
                if row.holder != holder and row.expires_at > now:
                    return False
                db.execute(update(leases).where(leases.c.name == name).values(holder=holder, expires_at=now + ttl))
                return True
        except IntegrityError:  # another host inserted the lease first
            return False

    def release_lease(self, name: str, holder: str) -> None:
        with self._tx() as db:
            db.execute(delete(leases).where(leases.c.name == name, leases.c.holder == holder))

    def check_writable(self) -> None:
        """Raise if the database cannot be written (disk full, read-only, server gone, locked for too long)."""
        with self._tx() as db:
            stamp = str(time.time())
            if not db.execute(update(meta).where(meta.c.key == "ready_probe").values(value=stamp)).rowcount:
                try:
                    with db.begin_nested():
                        db.execute(insert(meta).values(key="ready_probe", value=stamp))
                except IntegrityError:  # another host's first probe won the insert; the row is there now
                    pass

    # --- reads -------------------------------------------------------------------------------------------------
    def _get(self, db: Connection, design_id: str, version: int | None) -> VersionRecord | None:
        if version is None:
            row = db.execute(GET_LATEST, {"w_id": design_id}).first()
        else:
            row = db.execute(GET, {"w_id": design_id, "w_version": version}).first()
        return record_from_row(row) if row is not None else None

    def get(self, design_id: str, version: int | None = None, *, principal: str | None = None) -> VersionRecord:
        """The given version (default: the latest) or :class:`NotFoundError`; with ``principal``, only a design that
        caller created (another caller's design is "not found", so ids leak nothing)."""
        with self._read() as db:
            record = self._get(db, design_id, version)
        if record is None or (principal is not None and record.principal != principal):
            what = f"version {version} of design {design_id}" if version else f"design {design_id}"
            raise NotFoundError(f"{what} does not exist: list designs with GET /api/v1/design")
        return record

    def stamp(self, design_id: str) -> tuple[int, str, float] | None:
        """The latest version's number, status and last write time (``None``: no such design) — three columns, for
        a watcher that only needs to know whether anything changed since it last read the whole version."""
        with self._read() as db:
            row = db.execute(STAMP, {"w_id": design_id}).first()
        return (int(row.version), str(row.status), float(row.updated_at)) if row is not None else None

    def versions(self, design_id: str) -> list[VersionRecord]:
        with self._read() as db:
            rows = db.execute(VERSIONS, {"w_id": design_id}).all()
        return [record_from_row(r) for r in rows]

    def list_latest(self, *, limit: int, offset: int, status: str | None = None,
                    principal: str | None = None) -> tuple[list[VersionRecord], int]:
        """Latest version of each design (of ``principal`` when given), newest design first."""
        where = [versions.c.version == designs.c.latest_version]
        if status:
            where.append(versions.c.status == status)
        if principal is not None:
            where.append(designs.c.principal == principal)
        count = select(func.count()).select_from(versions.join(designs, designs.c.id == versions.c.design_id))
        with self._read() as db:
            total = db.execute(count.where(*where)).scalar_one()
            rows = db.execute(SELECT_VERSIONS.where(*where).order_by(designs.c.created_at.desc(), designs.c.id)
                              .limit(limit).offset(offset)).all()
        return [record_from_row(r) for r in rows], int(total)

    def unfinished(self, backend: str | None = None) -> list[VersionRecord]:
        query = SELECT_VERSIONS.where(UNFINISHED)
        if backend:
            query = query.where(versions.c.backend == backend)
        with self._read() as db:
            rows = db.execute(query).all()
        return [record_from_row(r) for r in rows]

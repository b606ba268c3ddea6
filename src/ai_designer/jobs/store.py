"""Durable design store: designs, their versions, and where each job stands — on SQLite or PostgreSQL.

One class over SQLAlchemy 2 Core (see :mod:`ai_designer.jobs.database` for the connection and migrations): the
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    Row,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from ai_designer.core.errors import ConflictError, NotFoundError
from ai_designer.jobs.database import database_url, make_engine, upgrade
from ai_designer.jobs.schema import designs, leases, meta, versions
from ai_designer.schemas.design_state import DesignStatus

__all__ = ["DesignStore", "VersionRecord", "FINISHED"]

FINISHED = tuple(s.value for s in DesignStatus if s.finished)
# The finished statuses are written into the SQL as literals (they are our own constants): a bound ``NOT IN`` list
# is an "expanding" parameter that SQLAlchemy re-renders on every execution, a third of a progress update's CPU.
_UNFINISHED = versions.c.status.not_in([literal_column(f"'{value}'") for value in FINISHED])


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


def _dumps(value: Any) -> str | None:
    return json.dumps(value) if value else None


def _same_machine(owner: str) -> bool:
    return owner.rsplit(":", 2)[0] == socket.gethostname()


def _where(design_id: str, version: int) -> Any:
    return and_(versions.c.design_id == design_id, versions.c.version == version)


_SELECT = select(versions, designs.c.latest_version, designs.c.principal).join(
    designs, designs.c.id == versions.c.design_id)

# The statements of the hot path (each design makes about ten), built once with bind parameters: building Core
# constructs per call costs more CPU than SQLite takes to run them.
_W = and_(versions.c.design_id == bindparam("w_id"), versions.c.version == bindparam("w_version"))
_GET = _SELECT.where(_W)
_GET_LATEST = _SELECT.where(versions.c.design_id == bindparam("w_id"), versions.c.version == designs.c.latest_version)
_BY_KEY = select(designs.c.id, designs.c.request_hash).where(designs.c.idempotency_key == bindparam("w_key"))
_INSERT_DESIGN = insert(designs)
_INSERT_VERSION = insert(versions)
_SET_TASK = update(versions).where(_W).values(task_id=bindparam("p_task"))
_PROGRESS = update(versions).where(_W, _UNFINISHED).values(
    status=bindparam("p_status"), iteration=bindparam("p_iteration"), message=bindparam("p_message"),
    updated_at=bindparam("p_now"), started_at=func.coalesce(versions.c.started_at, bindparam("p_started", type_=Float)))
_FINISH = update(versions).where(_W, _UNFINISHED).values(
    status=bindparam("p_status"), result=bindparam("p_result"), files=bindparam("p_files"),
    error=bindparam("p_error"), message=bindparam("p_message"), iteration=bindparam("p_iteration"),
    finished_at=bindparam("p_now"), updated_at=bindparam("p_now"),
    started_at=func.coalesce(versions.c.started_at, bindparam("p_now")))
_SET_PREVIEW = update(versions).where(_W, versions.c.status == "succeeded").values(
    result=bindparam("p_result"), files=bindparam("p_files"), updated_at=bindparam("p_now"))
_VERSIONS = _SELECT.where(versions.c.design_id == bindparam("w_id")).order_by(versions.c.version)


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
                row = db.execute(_BY_KEY, {"w_key": idempotency_key}).first()
                if row is not None:
                    if row.request_hash != request_hash:
                        raise ConflictError("this Idempotency-Key was already used with a different request body: "
                                            "use a new key for a new design")
                    existing = self._get(db, row.id, 1)
                    assert existing is not None
                    return existing, False
            design_id = uuid.uuid4().hex
            db.execute(_INSERT_DESIGN, {"id": design_id, "created_at": now, "idempotency_key": idempotency_key,
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
        db.execute(_INSERT_VERSION, {
            "design_id": design_id, "version": version, "prompt": prompt, "formats": _dumps(formats),
            "plan": _dumps(plan), "options": _dumps(options), "status": "queued", "iteration": 0, "message": "",
            "backend": backend, "owner": owner,
            "cancel_requested": 0, "created_at": now, "updated_at": now})

    def set_task_id(self, design_id: str, version: int, task_id: str) -> None:
        with self._tx() as db:
            db.execute(_SET_TASK, {"w_id": design_id, "w_version": version, "p_task": task_id})

    def update_progress(self, design_id: str, version: int, status: str, iteration: int = 0,
                        message: str = "") -> bool:
        """Record a progress event of an unfinished version; False if it is finished or gone."""
        now = time.time()
        with self._tx() as db:
            cur = db.execute(_PROGRESS, {"w_id": design_id, "w_version": version, "p_status": status,
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
            cur = db.execute(_FINISH, {"w_id": design_id, "w_version": version, "p_status": status,
                                       "p_result": _dumps(result), "p_files": json.dumps(files or {}),
                                       "p_error": _dumps(error), "p_message": message[:2000],
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
            row = db.execute(_GET, params).first()
            if row is None or row.status != "succeeded":
                return None
            record = self._record(row)
            result = record.result or {}
            result["preview"] = preview
            record.result, record.files = result, {**record.files, **files}
            record.updated_at = time.time()
            db.execute(_SET_PREVIEW, {**params, "p_result": _dumps(result), "p_files": json.dumps(record.files),
                                      "p_now": record.updated_at})
            return record

    def pending_previews(self) -> list[VersionRecord]:
        """Succeeded versions whose PNG/GLB is still being made (``result.preview.status`` pending)."""
        query = _SELECT.where(versions.c.status == "succeeded",
                              versions.c.result.like('%"preview": {"status": "pending"%'))
        with self._read() as db:
            return [self._record(r) for r in db.execute(query).all()]

    def request_cancel(self, design_id: str, version: int) -> None:
        with self._tx() as db:
            db.execute(update(versions).where(_where(design_id, version)).values(cancel_requested=1))

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
            _UNFINISHED, versions.c.backend == "local")
        if stale_before is not None:
            query = query.where(versions.c.updated_at < stale_before)
        with self._tx() as db:
            rows = db.execute(query.with_for_update(skip_locked=True)).all()
            now = time.time()
            for row in rows:
                if row.owner and is_alive(row.owner) and (stale_before is None or _same_machine(row.owner)):
                    continue
                cur = db.execute(update(versions).where(_where(row.design_id, row.version), _UNFINISHED).values(
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
            row = db.execute(_GET_LATEST, {"w_id": design_id}).first()
        else:
            row = db.execute(_GET, {"w_id": design_id, "w_version": version}).first()
        return self._record(row) if row is not None else None

    def get(self, design_id: str, version: int | None = None, *, principal: str | None = None) -> VersionRecord:
        """The given version (default: the latest) or :class:`NotFoundError`; with ``principal``, only a design that
        caller created (another caller's design is "not found", so ids leak nothing)."""
        with self._read() as db:
            record = self._get(db, design_id, version)
        if record is None or (principal is not None and record.principal != principal):
            what = f"version {version} of design {design_id}" if version else f"design {design_id}"
            raise NotFoundError(f"{what} does not exist: list designs with GET /api/v1/design")
        return record

    def versions(self, design_id: str) -> list[VersionRecord]:
        with self._read() as db:
            rows = db.execute(_VERSIONS, {"w_id": design_id}).all()
        return [self._record(r) for r in rows]

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
            rows = db.execute(_SELECT.where(*where).order_by(designs.c.created_at.desc(), designs.c.id)
                              .limit(limit).offset(offset)).all()
        return [self._record(r) for r in rows], int(total)

    def unfinished(self, backend: str | None = None) -> list[VersionRecord]:
        query = _SELECT.where(_UNFINISHED)
        if backend:
            query = query.where(versions.c.backend == backend)
        with self._read() as db:
            rows = db.execute(query).all()
        return [self._record(r) for r in rows]

    @staticmethod
    def _record(row: Row[Any]) -> VersionRecord:
        m = row._mapping
        return VersionRecord(
            design_id=m["design_id"], version=int(m["version"]), latest_version=int(m["latest_version"]),
            principal=m["principal"], prompt=m["prompt"], formats=_loads(m["formats"]), plan=_loads(m["plan"]),
            status=DesignStatus(m["status"]), iteration=int(m["iteration"]), message=m["message"] or "",
            backend=m["backend"], owner=m["owner"], task_id=m["task_id"],
            cancel_requested=bool(m["cancel_requested"]), created_at=float(m["created_at"]),
            started_at=m["started_at"], finished_at=m["finished_at"], updated_at=float(m["updated_at"]),
            result=_loads(m["result"]), files=_loads(m["files"]) or {}, error=_loads(m["error"]),
            options=_loads(m["options"]))

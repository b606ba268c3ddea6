"""The design store on both back ends (SQLite file, real PostgreSQL): durable across re-opening, idempotent creates,
finished is final, crash recovery, and the races between several API hosts sharing one database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import psycopg
import pytest
from pg_helpers import fresh_database
from svc_helpers import child_env

from ai_designer.core.errors import ConflictError, NotFoundError
from ai_designer.jobs.base import owner_alive, process_owner
from ai_designer.jobs.database import HEAD, current_revision
from ai_designer.jobs.store import DesignStore
from ai_designer.schemas.design_state import DesignStatus


def _new(store: DesignStore, prompt: str = "a cube", **kw: object) -> str:
    record, created = store.create_design(prompt=prompt, formats=["step"], plan=None, backend="local",
                                          owner=process_owner(), **kw)  # type: ignore[arg-type]
    assert created
    return record.design_id


def test_designs_and_versions_survive_reopening(store_target: Callable[[], str]) -> None:
    store = DesignStore(store_target())
    rid = _new(store)
    store.update_progress(rid, 1, "executing", 1, "building")
    assert store.finish(rid, 1, "succeeded", result={"iterations": 1, "plan": {"x": 1}}, files={"step": "part.step"})
    v2 = store.add_version(rid, prompt="make it taller", formats=None, backend="local", owner=None)
    assert v2.version == 2 and v2.latest_version == 2
    store.close()

    again = DesignStore(store_target())
    latest = again.get(rid)
    assert latest.version == 2 and latest.status is DesignStatus.queued
    first = again.get(rid, 1)
    assert first.status is DesignStatus.succeeded and first.files == {"step": "part.step"}
    assert first.result == {"iterations": 1, "plan": {"x": 1}} and first.started_at is not None
    assert [v.version for v in again.versions(rid)] == [1, 2]


def test_a_finished_version_never_changes_again(store_target: Callable[[], str]) -> None:
    store = DesignStore(store_target())
    rid = _new(store)
    assert store.finish(rid, 1, "cancelled", error={"code": "cancelled", "message": "by client"})
    assert not store.update_progress(rid, 1, "executing")
    assert not store.finish(rid, 1, "succeeded", result={"iterations": 1})
    assert store.get(rid).status is DesignStatus.cancelled


def test_idempotency_key(store_target: Callable[[], str]) -> None:
    store = DesignStore(store_target())
    first, created = store.create_design(prompt="p", formats=None, plan=None, backend="local", owner=None,
                                         idempotency_key="k1", request_hash="h1")
    again, created_again = store.create_design(prompt="p", formats=None, plan=None, backend="local", owner=None,
                                               idempotency_key="k1", request_hash="h1")
    assert created and not created_again and again.design_id == first.design_id
    with pytest.raises(ConflictError, match="Idempotency-Key"):
        store.create_design(prompt="q", formats=None, plan=None, backend="local", owner=None,
                            idempotency_key="k1", request_hash="h2")


def test_recover_fails_jobs_of_dead_processes_only(store_target: Callable[[], str]) -> None:
    store = DesignStore(store_target())
    mine = _new(store)
    dead, _ = store.create_design(prompt="p", formats=None, plan=None, backend="local",
                                  owner=process_owner().rsplit(":", 2)[0] + ":999999:1.00")
    finished = _new(store)
    store.finish(finished, 1, "succeeded", result={"iterations": 1})
    failed = store.recover(is_alive=owner_alive, reason="the API stopped")
    assert failed == [(dead.design_id, 1)]
    record = store.get(dead.design_id)
    assert record.status is DesignStatus.failed and record.error == {"code": "interrupted",
                                                                     "message": "the API stopped"}
    assert store.get(mine).status is DesignStatus.queued
    assert store.get(finished).status is DesignStatus.succeeded


def test_list_latest_pages_and_filters(store_target: Callable[[], str]) -> None:
    store = DesignStore(store_target())
    ids = [_new(store, f"p{i}") for i in range(7)]
    store.finish(ids[0], 1, "failed", error={"code": "x", "message": "y"})
    page, total = store.list_latest(limit=3, offset=0)
    assert total == 7 and [r.design_id for r in page] == ids[::-1][:3]
    page, total = store.list_latest(limit=3, offset=6)
    assert [r.design_id for r in page] == ids[:1]
    failed, total = store.list_latest(limit=10, offset=0, status="failed")
    assert total == 1 and failed[0].design_id == ids[0]


def test_delete_and_not_found(store_target: Callable[[], str]) -> None:
    store = DesignStore(store_target())
    rid = _new(store)
    assert store.delete(rid)
    with pytest.raises(NotFoundError, match="does not exist"):
        store.get(rid)
    with pytest.raises(NotFoundError):
        store.add_version(rid, prompt="x", formats=None, backend="local", owner=None)


def test_concurrent_writers_from_threads(store_target: Callable[[], str]) -> None:
    store = DesignStore(store_target())
    ids = [_new(store, f"p{i}") for i in range(20)]

    def work(rid: str) -> None:
        for status in ("planning", "generating", "executing", "validating"):
            store.update_progress(rid, 1, status)
        store.finish(rid, 1, "succeeded", result={"iterations": 1})

    threads = [threading.Thread(target=work, args=(rid,)) for rid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.list_latest(limit=50, offset=0, status="succeeded")[1] == 20
    store.check_writable()


# --- several API hosts on one database: two stores (two pools) on the same target, racing from threads ---------
def _race(*calls: Callable[[], object]) -> list[object]:
    """Run the calls at once (released together by a barrier) and return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:  # kept, so the test can assert on it
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_hosts_finish_each_version_exactly_once(store_target: Callable[[], str]) -> None:
    host_a, host_b = DesignStore(store_target()), DesignStore(store_target())
    for _ in range(8):
        rid = _new(host_a)
        won = _race(partial(host_a.finish, rid, 1, "succeeded", result={"iterations": 1}, files={"step": "p.step"}),
                    partial(host_b.finish, rid, 1, "failed", error={"code": "stale", "message": "silent"}),
                    partial(host_b.finish, rid, 1, "cancelled", error={"code": "cancelled", "message": "x"}))
        assert won.count(True) == 1 and won.count(False) == 2, won
        winner = ("succeeded", "failed", "cancelled")[won.index(True)]
        assert host_b.get(rid).status.value == winner == host_a.get(rid).status.value
    host_a.close()
    host_b.close()


def _create_keyed(store: DesignStore) -> tuple[str, bool]:
    record, created = store.create_design(prompt="p", formats=None, plan=None, backend="celery", owner="celery",
                                          idempotency_key="order-42", request_hash="h")
    return record.design_id, created


def test_two_hosts_share_idempotency_keys(store_target: Callable[[], str]) -> None:
    hosts = [DesignStore(store_target()) for _ in range(2)]
    results = _race(*(partial(_create_keyed, hosts[i % 2]) for i in range(6)))
    assert all(isinstance(r, tuple) for r in results), results
    pairs = [r for r in results if isinstance(r, tuple)]
    assert len({design_id for design_id, _ in pairs}) == 1 and [c for _, c in pairs].count(True) == 1
    assert hosts[1].list_latest(limit=10, offset=0)[1] == 1


def _add(store: DesignStore, rid: str, i: int) -> int:
    return store.add_version(rid, prompt=f"edit {i}", formats=None, backend="local", owner=None).version


def test_two_hosts_adding_versions_get_distinct_numbers(store_target: Callable[[], str]) -> None:
    host_a, host_b = DesignStore(store_target()), DesignStore(store_target())
    rid = _new(host_a)
    results = _race(*(partial(_add, (host_a, host_b)[i % 2], rid, i) for i in range(6)))
    assert sorted(r for r in results if isinstance(r, int)) == [2, 3, 4, 5, 6, 7], results
    assert host_b.get(rid).latest_version == 7


def test_lease_has_one_holder_until_it_expires(store_target: Callable[[], str]) -> None:
    host_a, host_b = DesignStore(store_target()), DesignStore(store_target())
    won = _race(lambda: host_a.acquire_lease("reconcile", "a", 0.5),
                lambda: host_b.acquire_lease("reconcile", "b", 0.5))
    assert won.count(True) == 1, won
    holder, other = ("a", "b") if won[0] is True else ("b", "a")
    assert host_a.acquire_lease("reconcile", holder, 0.5)  # the holder renews
    assert not host_b.acquire_lease("reconcile", other, 0.5)
    time.sleep(0.6)
    assert host_b.acquire_lease("reconcile", other, 0.5)  # expired: taken over
    host_b.release_lease("reconcile", other)
    assert host_a.acquire_lease("reconcile", holder, 0.5)


def test_a_store_written_before_migrations_is_upgraded_in_place(tmp_path: Path) -> None:
    """An SQLite file from the pre-Alembic versions (no ``principal`` column, no ``alembic_version``) keeps its
    designs and gains the new columns and tables."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(_OLD_SCHEMA)
        db.execute("INSERT INTO designs (id, created_at, latest_version) VALUES ('d1', 1.0, 1)")
        db.execute("INSERT INTO versions (design_id, version, prompt, status, backend, created_at, updated_at, files) "
                   "VALUES ('d1', 1, 'a cube', 'succeeded', 'local', 1.0, 2.0, '{\"step\": \"part.step\"}')")
    store = DesignStore(path)
    record = store.get("d1")
    assert record.status is DesignStatus.succeeded and record.files == {"step": "part.step"}
    assert record.principal is None
    assert current_revision(store.engine) == HEAD
    assert store.acquire_lease("x", "me", 1.0)
    store.close()


_OLD_SCHEMA = """
CREATE TABLE designs (id TEXT PRIMARY KEY, created_at REAL NOT NULL, idempotency_key TEXT UNIQUE,
    request_hash TEXT, latest_version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE versions (design_id TEXT NOT NULL REFERENCES designs(id) ON DELETE CASCADE, version INTEGER NOT NULL,
    prompt TEXT NOT NULL, formats TEXT, plan TEXT, status TEXT NOT NULL, iteration INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '', result TEXT, files TEXT, error TEXT, backend TEXT NOT NULL, owner TEXT,
    task_id TEXT, cancel_requested INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL, started_at REAL,
    finished_at REAL, updated_at REAL NOT NULL, PRIMARY KEY (design_id, version));
CREATE INDEX versions_status ON versions(status);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def test_db_upgrade_command_migrates_postgresql(pg_server: str, tmp_path: Path) -> None:
    """``ai-designer db upgrade`` / ``db current`` against a new PostgreSQL database (what a deployment runs before
    starting new API hosts)."""
    with fresh_database(pg_server) as url:
        env = child_env(DATABASE_URL=url, AI_DESIGNER_HOME=str(tmp_path))
        done = subprocess.run([sys.executable, "-m", "ai_designer", "db", "upgrade"], env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert f"schema at revision {HEAD} (head)" in done.stdout and "postgresql+psycopg" in done.stdout
        with psycopg.connect(url) as conn:
            tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert {"designs", "versions", "meta", "leases", "alembic_version"} <= tables
        after = subprocess.run([sys.executable, "-m", "ai_designer", "db", "current"], env=env, capture_output=True,
                               text=True, timeout=120)
        assert after.stdout.strip() == f"{HEAD} (head)"
    assert not (tmp_path / "designs.sqlite3").exists()  # DATABASE_URL wins over the SQLite default


def test_a_peer_fails_silent_jobs_of_a_host_that_is_gone(store_target: Callable[[], str]) -> None:
    store = DesignStore(store_target())
    gone, _ = store.create_design(prompt="p", formats=None, plan=None, backend="local",
                                  owner="scaled-in-host:4242:1.00")
    busy, _ = store.create_design(prompt="p", formats=None, plan=None, backend="local",
                                  owner="other-live-host:77:1.00")
    mine = _new(store)
    time.sleep(0.05)
    cutoff = time.time()  # everything above counts as silent …
    time.sleep(0.05)
    store.update_progress(busy.design_id, 1, "executing")  # … except this one, which reported progress since
    assert store.recover(is_alive=owner_alive, reason="gone", stale_before=cutoff) == [(gone.design_id, 1)]
    assert store.get(gone.design_id).status is DesignStatus.failed
    assert store.get(busy.design_id).status is DesignStatus.executing
    assert store.get(mine).status is DesignStatus.queued  # a live process on this machine is never failed
    # without stale_before (start-up recovery) jobs of other machines are left alone: they may be running
    assert store.recover(is_alive=owner_alive, reason="restart") == []

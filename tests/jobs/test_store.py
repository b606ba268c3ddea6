"""The SQLite design store: durable across re-opening, idempotent creates, finished is final, crash recovery."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ai_designer.core.errors import ConflictError, NotFoundError
from ai_designer.jobs.base import owner_alive, process_owner
from ai_designer.jobs.store import DesignStore
from ai_designer.schemas.design_state import DesignStatus


def _new(store: DesignStore, prompt: str = "a cube", **kw: object) -> str:
    record, created = store.create_design(prompt=prompt, formats=["step"], plan=None, backend="local",
                                          owner=process_owner(), **kw)  # type: ignore[arg-type]
    assert created
    return record.design_id


def test_designs_and_versions_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "designs.sqlite3"
    store = DesignStore(path)
    rid = _new(store)
    store.update_progress(rid, 1, "executing", 1, "building")
    assert store.finish(rid, 1, "succeeded", result={"iterations": 1, "plan": {"x": 1}}, files={"step": "part.step"})
    v2 = store.add_version(rid, prompt="make it taller", formats=None, backend="local", owner=None)
    assert v2.version == 2 and v2.latest_version == 2
    store.close()

    again = DesignStore(path)
    latest = again.get(rid)
    assert latest.version == 2 and latest.status is DesignStatus.queued
    first = again.get(rid, 1)
    assert first.status is DesignStatus.succeeded and first.files == {"step": "part.step"}
    assert first.result == {"iterations": 1, "plan": {"x": 1}} and first.started_at is not None
    assert [v.version for v in again.versions(rid)] == [1, 2]


def test_a_finished_version_never_changes_again(tmp_path: Path) -> None:
    store = DesignStore(tmp_path / "s.db")
    rid = _new(store)
    assert store.finish(rid, 1, "cancelled", error={"code": "cancelled", "message": "by client"})
    assert not store.update_progress(rid, 1, "executing")
    assert not store.finish(rid, 1, "succeeded", result={"iterations": 1})
    assert store.get(rid).status is DesignStatus.cancelled


def test_idempotency_key(tmp_path: Path) -> None:
    store = DesignStore(tmp_path / "s.db")
    first, created = store.create_design(prompt="p", formats=None, plan=None, backend="local", owner=None,
                                         idempotency_key="k1", request_hash="h1")
    again, created_again = store.create_design(prompt="p", formats=None, plan=None, backend="local", owner=None,
                                               idempotency_key="k1", request_hash="h1")
    assert created and not created_again and again.design_id == first.design_id
    with pytest.raises(ConflictError, match="Idempotency-Key"):
        store.create_design(prompt="q", formats=None, plan=None, backend="local", owner=None,
                            idempotency_key="k1", request_hash="h2")


def test_recover_fails_jobs_of_dead_processes_only(tmp_path: Path) -> None:
    store = DesignStore(tmp_path / "s.db")
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


def test_list_latest_pages_and_filters(tmp_path: Path) -> None:
    store = DesignStore(tmp_path / "s.db")
    ids = [_new(store, f"p{i}") for i in range(7)]
    store.finish(ids[0], 1, "failed", error={"code": "x", "message": "y"})
    page, total = store.list_latest(limit=3, offset=0)
    assert total == 7 and [r.design_id for r in page] == ids[::-1][:3]
    page, total = store.list_latest(limit=3, offset=6)
    assert [r.design_id for r in page] == ids[:1]
    failed, total = store.list_latest(limit=10, offset=0, status="failed")
    assert total == 1 and failed[0].design_id == ids[0]


def test_delete_and_not_found(tmp_path: Path) -> None:
    store = DesignStore(tmp_path / "s.db")
    rid = _new(store)
    assert store.delete(rid)
    with pytest.raises(NotFoundError, match="does not exist"):
        store.get(rid)
    with pytest.raises(NotFoundError):
        store.add_version(rid, prompt="x", formats=None, backend="local", owner=None)


def test_concurrent_writers_from_threads(tmp_path: Path) -> None:
    store = DesignStore(tmp_path / "s.db")
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

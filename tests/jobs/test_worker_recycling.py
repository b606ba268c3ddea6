"""Celery worker processes are recycled after WORKER_MAX_TASKS_PER_CHILD designs, and a recycled process leaves no
FreeCAD process behind."""

from __future__ import annotations

import time
from pathlib import Path

import psutil
import pytest
from fastapi.testclient import TestClient
from svc_helpers import CeleryWorker, RedisServer, make_settings, wait_status

from ai_designer.api.app import create_app
from ai_designer.jobs.store import DesignStore

pytestmark = [pytest.mark.redis, pytest.mark.timeout(300)]


def _freecad_processes(home: Path) -> list[int]:
    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if "ai_designer.freecad.worker" in cmd and str(home) in cmd:
            found.append(proc.info["pid"])
    return found


def test_children_are_recycled_without_leaking_freecad(tmp_path: Path) -> None:
    redis = RedisServer(tmp_path / "redis").start()
    home = tmp_path / "worker"
    worker = CeleryWorker(redis.url, home, concurrency=1, WORKER_MAX_TASKS_PER_CHILD="1").start()
    try:
        settings = make_settings(tmp_path / "api", "celery", redis.url)
        with TestClient(create_app(settings)) as api:
            ids = []
            for size in (20, 25, 30):
                rid = api.post("/api/v1/design", json={"prompt": f"a {size} mm cube"}).json()["request_id"]
                assert wait_status(api.get, rid, timeout=120)["status"] == "succeeded"
                ids.append(rid)
        store = DesignStore(settings.store_path)
        workers = {store.get(rid).result["worker"] for rid in ids}  # type: ignore[index]
        assert len(workers) == 3, workers  # a fresh process for every design
        # every child exits after its one design; its FreeCAD zygote and worker follow it (the next child starts
        # FreeCAD only with its first job), so nothing is left while the worker idles
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _freecad_processes(home):
            time.sleep(0.5)
        assert _freecad_processes(home) == []
    finally:
        worker.stop()
        redis.stop()

"""Celery: kill -9 of the worker process running a design → the job is redelivered and finishes (or fails with a
reason after JOB_MAX_ATTEMPTS), and the service keeps serving. Real redis-server, real worker, real FreeCAD."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as redis_lib
from fastapi.testclient import TestClient
from svc_helpers import CeleryWorker, RedisServer, heavy_plan, make_settings, wait_status, wait_until

from ai_designer.api.app import create_app

pytestmark = [pytest.mark.redis, pytest.mark.timeout(300)]

_TEETH = 100  # a gear that keeps FreeCAD busy for seconds: long enough to kill its worker mid-job, no longer


@pytest.fixture
def own_worker(tmp_path: Path) -> Iterator[CeleryWorker]:
    redis = RedisServer(tmp_path / "redis").start()
    worker = CeleryWorker(redis.url, tmp_path / "worker", concurrency=1).start()
    yield worker
    worker.stop()
    redis.stop()


def test_kill_9_of_a_worker_mid_job(own_worker: CeleryWorker, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "api", "celery", own_worker.redis_url)
    with TestClient(create_app(settings)) as api:
        rid = api.post("/api/v1/design", json={"prompt": "", "plan": heavy_plan(_TEETH)}).json()["request_id"]
        wait_status(api.get, rid, ("executing",), timeout=90)
        children = own_worker.children()
        assert len(children) == 1, children
        os.kill(children[0], signal.SIGKILL)

        assert api.get("/health").status_code == 200
        final = wait_status(api.get, rid, timeout=180)
        if final["status"] == "failed":
            assert final["error"]["code"] in ("worker_crashed", "worker_error"), final
        else:
            assert final["status"] == "succeeded", final
            assert final["timings"]["attempts"] == 2  # redelivered after the loss
        wait_until(lambda: own_worker.children() and own_worker.children() != children, 30, "a new worker child")
        after = api.post("/api/v1/design", json={"prompt": "a 20 mm cube"}).json()["request_id"]
        assert wait_status(api.get, after, timeout=120)["status"] == "succeeded"
        assert api.get("/ready").status_code == 200


def test_whole_worker_lost_job_is_redelivered_to_another_worker(tmp_path: Path) -> None:
    """kill -9 of the worker's main process and its children (a machine lost): the unacknowledged job goes back
    to the queue after the visibility timeout and a new worker finishes it."""
    redis = RedisServer(tmp_path / "redis").start()
    fast = {"CELERY_VISIBILITY_TIMEOUT_SECONDS": "10"}
    first = CeleryWorker(redis.url, tmp_path / "w1", concurrency=1, **fast).start()
    second: CeleryWorker | None = None
    try:
        settings = make_settings(tmp_path / "api", "celery", redis.url, **fast)
        with TestClient(create_app(settings)) as api:
            rid = api.post("/api/v1/design", json={"prompt": "", "plan": heavy_plan(_TEETH)}).json()["request_id"]
            wait_status(api.get, rid, ("executing",), timeout=90)
            assert first.proc is not None
            os.killpg(first.proc.pid, signal.SIGKILL)
            first.proc.wait(timeout=10)
            first.proc = None
            second = CeleryWorker(redis.url, tmp_path / "w2", concurrency=1, **fast).start()
            final = wait_status(api.get, rid, timeout=180)
            assert final["status"] == "succeeded", final
            assert final["timings"]["attempts"] == 2
    finally:
        if second is not None:
            second.stop()
        first.stop()
        redis.stop()


@pytest.mark.slow
def test_a_lost_worker_fails_its_job_within_the_heartbeat_timeout(tmp_path: Path) -> None:
    """kill -9 of a whole worker with no replacement: its heartbeat stops and the API fails the job as
    ``worker_lost`` about JOB_HEARTBEAT_TIMEOUT_SECONDS later (not after JOB_STALE_SECONDS), and drops the job key,
    so a later redelivery of the task is skipped (that skip is tested in test_liveness.py)."""
    redis = RedisServer(tmp_path / "redis").start()
    fast = {"JOB_HEARTBEAT_TIMEOUT_SECONDS": "6"}
    worker = CeleryWorker(redis.url, tmp_path / "w1", concurrency=1, **fast).start()
    try:
        settings = make_settings(tmp_path / "api", "celery", redis.url, **fast)
        with TestClient(create_app(settings)) as api:
            rid = api.post("/api/v1/design", json={"prompt": "", "plan": heavy_plan(_TEETH)}).json()["request_id"]
            wait_status(api.get, rid, ("executing",), timeout=90)
            assert worker.proc is not None
            os.killpg(worker.proc.pid, signal.SIGKILL)
            worker.proc.wait(timeout=10)
            worker.proc = None
            killed = time.monotonic()
            final = wait_status(api.get, rid, timeout=60)
            detected = time.monotonic() - killed
            print(f"\nworker killed mid-job: failed as {final['error']['code']} after {detected:.1f} s")
            assert final["status"] == "failed" and final["error"]["code"] == "worker_lost", final
            assert "stopped sending heartbeats" in final["error"]["message"]
            assert "submit the design again" in final["error"]["message"]
            assert detected < 6 + 2 * 2 + 1  # the timeout, up to two 2 s reconcile passes, slack
            assert redis_lib.Redis.from_url(redis.url).get(f"ai_designer:job:{rid}:1") is None
            assert api.get("/health").status_code == 200
    finally:
        worker.stop()
        redis.stop()

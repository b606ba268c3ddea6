"""The API's reconciler judges Celery jobs by their Redis keys (real redis-server, real DesignService; no worker,
so each test is a few seconds): a stopped heartbeat fails the job with a reason, a queue lost in a Redis restart
is re-sent exactly once even by several API processes, and a worker skips a task the API no longer wants."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as redis_lib
from svc_helpers import RedisServer, make_settings, wait_until

from ai_designer.core.settings import Settings
from ai_designer.jobs.celery_app import _begin
from ai_designer.jobs.liveness import heartbeat_key, job_key
from ai_designer.jobs.service import DesignService

pytestmark = pytest.mark.redis

QUEUE = "ai_designer"  # CELERY_QUEUE: the Redis list the broker keeps the queue in


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    redis = RedisServer(tmp_path / "redis").start()
    yield redis
    redis.stop()


def _settings(tmp_path: Path, url: str) -> Settings:
    return make_settings(tmp_path / "api", "celery", url, JOB_HEARTBEAT_TIMEOUT_SECONDS=3)


def _started(settings: Settings) -> DesignService:
    service = DesignService.from_settings(settings)
    service.start()
    return service


def _payload(design_id: str) -> dict[str, object]:
    return {"design_id": design_id, "version": 1, "prompt": "a cube", "formats": None, "plan": None,
            "current": None, "tracked": True}


def test_a_stopped_heartbeat_fails_the_job_within_the_timeout(tmp_path: Path, server: RedisServer) -> None:
    settings = _settings(tmp_path, server.url)
    client = redis_lib.Redis.from_url(server.url)
    service = _started(settings)
    try:
        record, _ = service.create(prompt="a cube", formats=None, plan=None)
        rid = record.design_id
        assert client.get(job_key(rid, 1)) == b"queued" and client.llen(QUEUE) == 1
        client.delete(QUEUE)  # a worker took the task ...
        assert _begin(client, settings, _payload(rid), "host-a:4242")[:2] == (True, 1)  # ... claimed it ...
        claimed = time.monotonic()
        assert client.get(job_key(rid, 1)) == b"running host-a:4242" and client.exists(heartbeat_key(rid, 1))
        # ... and died: nothing refreshes the heartbeat (TTL 2 s) and after the 1 s grace the API fails the job
        wait_until(lambda: service.get(rid).finished, 10, "the job to be failed")
        failed_after = time.monotonic() - claimed
        final = service.get(rid)
        assert final.status.value == "failed" and final.error is not None
        assert final.error["code"] == "worker_lost" and "host-a:4242" in final.error["message"]
        assert 3.0 <= failed_after < 3 + 2 * 2 + 1, failed_after  # TTL + grace, + up to two 2 s passes, + slack
        assert client.get(job_key(rid, 1)) is None  # a late redelivery will be skipped:
        assert _begin(client, settings, _payload(rid), "host-b:1")[0] is False
        assert client.llen(QUEUE) == 0  # and nothing was re-sent
    finally:
        service.close()


def test_a_queue_lost_in_a_redis_restart_is_resent_once_by_two_api_processes(
        tmp_path: Path, server: RedisServer) -> None:
    settings = _settings(tmp_path, server.url)
    first, second = _started(settings), _started(settings)  # two API processes sharing one store
    try:
        ids = [first.create(prompt=f"a {n} mm cube", formats=None, plan=None)[0].design_id for n in (10, 20, 30)]
        client = redis_lib.Redis.from_url(server.url)
        assert client.llen(QUEUE) == 3
        server.stop()  # no persistence: the queue and the job keys are gone when it comes back
        server.start()
        wait_until(lambda: client.llen(QUEUE) == 3, 15, "the lost jobs to be re-sent")
        time.sleep(2.5)  # more reconcile passes of both processes: still one task per design
        assert client.llen(QUEUE) == 3
        for rid in ids:
            record = first.get(rid)
            assert record.status.value == "queued" and "re-queued" in record.message
            assert client.get(job_key(rid, 1)) == b"queued"
    finally:
        second.close()
        first.close()


def test_untracked_tasks_from_an_older_api_still_run(tmp_path: Path, server: RedisServer) -> None:
    settings = _settings(tmp_path, server.url)
    client = redis_lib.Redis.from_url(server.url)
    untracked = {**_payload("d-old"), "tracked": False}
    assert _begin(client, settings, untracked, "host:1") == (True, 1, False)
    assert _begin(client, settings, _payload("d-new"), "host:1") == (False, 0, False)

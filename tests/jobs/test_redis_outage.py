"""Celery back end with Redis gone: a new design is accepted and held ``queued`` with the reason (never a 5xx),
/ready says why, /health and reads keep working, and when Redis is back the held design is enqueued and built."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from svc_helpers import CeleryWorker, RedisServer, make_settings, wait_status, wait_until

from ai_designer.api.app import create_app

pytestmark = [pytest.mark.redis, pytest.mark.timeout(300)]


def test_redis_outage_and_recovery(tmp_path: Path) -> None:
    redis = RedisServer(tmp_path / "redis").start()
    worker = CeleryWorker(redis.url, tmp_path / "worker", concurrency=1).start()
    try:
        settings = make_settings(tmp_path / "api", "celery", redis.url)
        with TestClient(create_app(settings)) as api:
            done = api.post("/api/v1/design", json={"prompt": "a 20 mm cube"}).json()["request_id"]
            assert wait_status(api.get, done, timeout=120)["status"] == "succeeded"

            redis.stop()
            held = api.post("/api/v1/design", json={"prompt": "a 30 mm cube"})
            assert held.status_code == 202 and held.json()["status"] == "queued"
            waiting = api.get(f"/api/v1/design/{held.json()['request_id']}").json()
            assert waiting["status"] == "queued" and "waiting for Redis" in waiting["message"]
            ready = api.get("/ready")
            assert ready.status_code == 503 and ready.json()["checks"]["jobs"]["ok"] is False  # detail: READY_DETAIL
            assert api.get("/health").status_code == 200
            assert api.get(f"/api/v1/design/{done}").json()["status"] == "succeeded"
            assert api.get(f"/api/v1/design/{done}/files/step").status_code == 200

            redis.start()
            wait_until(lambda: api.get("/ready").status_code == 200, 60, "/ready after Redis is back", 0.5)
            built = wait_status(api.get, held.json()["request_id"], timeout=120)
            assert built["status"] == "succeeded" and built["geometry"]["volume"] == pytest.approx(27000, rel=1e-6)
            again = api.post("/api/v1/design", json={"prompt": "a 30 mm cube"}).json()["request_id"]
            assert wait_status(api.get, again, timeout=120)["status"] == "succeeded"
    finally:
        worker.stop()
        redis.stop()

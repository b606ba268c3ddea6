"""A real Celery worker (``ai-designer worker``) with ``WORKER_METRICS_PORT``: designs it runs in its prefork
children show up on its /metrics, next to the API's own HTTP metrics."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from svc_helpers import CeleryWorker, RedisServer, free_port, make_settings, wait_status  # noqa: E402

from ai_designer.api.app import create_app  # noqa: E402


def _value(text: str, name: str, **labels: str) -> float:
    return sum(s.value for f in text_string_to_metric_families(text) for s in f.samples
               if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()))


@pytest.mark.redis
@pytest.mark.slow
def test_celery_worker_serves_metrics_of_its_children(tmp_path: Path) -> None:
    redis = RedisServer(tmp_path / "redis").start()
    mp_dir = tmp_path / "prom"
    mp_dir.mkdir()
    port = free_port()
    worker = CeleryWorker(redis.url, tmp_path / "worker", concurrency=2, PROMETHEUS_MULTIPROC_DIR=str(mp_dir),
                          WORKER_METRICS_PORT=str(port))
    try:
        worker.start()
        with TestClient(create_app(make_settings(tmp_path / "api", "celery", redis.url))) as client:
            ids = [client.post("/api/v1/design", json={"prompt": p, "formats": ["step"]}).json()["request_id"]
                   for p in ("a 40 x 30 x 10 mm block", "a cylinder 20 mm diameter and 30 mm tall")]
            for design_id in ids:
                assert wait_status(client.get, design_id)["status"] == "succeeded"
            api_text = client.get("/metrics").text
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
        assert _value(text, "design_requests_total", status="succeeded") == 2
        assert _value(text, "design_duration_seconds_count") == 2
        assert _value(text, "agent_call_duration_seconds_count", agent_name="executor") >= 2
        assert _value(text, "executor_jobs_total", outcome="ok") >= 2
        assert _value(text, "active_designs") == 0
        assert _value(api_text, "http_requests_total", method="POST", path="/api/v1/design", status="202") >= 2
    finally:
        worker.stop()
        redis.stop()

"""A graceful stop of the API (lifespan end) fails its running local jobs at once with a reason."""

from __future__ import annotations

from pathlib import Path

from fake_designer import FakeDesigner
from fastapi.testclient import TestClient
from svc_helpers import make_settings

from ai_designer.api.app import create_app
from ai_designer.jobs.store import DesignStore


def test_stop_fails_running_jobs_with_a_reason(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "home", JOB_CONCURRENCY=1)
    fake = FakeDesigner()
    with TestClient(create_app(settings, designer=fake)) as api:
        running = api.post("/api/v1/design", json={"prompt": "slow cube"}).json()["request_id"]
        queued = api.post("/api/v1/design", json={"prompt": "slow sphere"}).json()["request_id"]
        assert fake.started.wait(5)
    store = DesignStore(settings.store_path)
    for rid in (running, queued):
        record = store.get(rid)
        assert record.status.value == "failed" and record.error is not None
        assert record.error["code"] == "interrupted"
    assert [c["prompt"] for c in fake.calls] == ["slow cube"]

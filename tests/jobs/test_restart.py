"""A crash of the API (SIGKILL of uvicorn and its FreeCAD pool) keeps every finished design and fails the
interrupted ones with a reason at the next start — nothing stays "running"."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from svc_helpers import UvicornServer, heavy_plan, wait_status

pytestmark = pytest.mark.timeout(300)


def test_restart_keeps_finished_and_fails_interrupted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    server = UvicornServer(home, JOB_BACKEND="local", JOB_CONCURRENCY="1").start()
    try:
        api = httpx.Client(base_url=server.url, timeout=30)
        done = api.post("/api/v1/design", json={"prompt": "a 40 x 30 x 10 mm block"}).json()["request_id"]
        assert wait_status(api.get, done)["status"] == "succeeded"
        running = api.post("/api/v1/design", json={"prompt": "", "plan": heavy_plan()}).json()["request_id"]
        waiting = api.post("/api/v1/design", json={"prompt": "a 20 mm cube"}).json()["request_id"]
        wait_status(api.get, running, ("executing",), timeout=60)
        assert api.get(f"/api/v1/design/{waiting}").json()["status"] == "queued"
        server.kill()

        server = UvicornServer(home, JOB_BACKEND="local").start()
        api = httpx.Client(base_url=server.url, timeout=30)
        kept = api.get(f"/api/v1/design/{done}").json()
        assert kept["status"] == "succeeded"
        assert kept["geometry"]["volume"] == pytest.approx(40 * 30 * 10, rel=1e-6)
        step = api.get(kept["files"]["step"])
        assert step.status_code == 200 and step.content.startswith(b"ISO-10303-21")
        for rid in (running, waiting):
            lost = api.get(f"/api/v1/design/{rid}").json()
            assert lost["status"] == "failed", lost
            assert lost["error"]["code"] == "interrupted" and "submit it again" in lost["error"]["message"]
        listing = api.get("/api/v1/design").json()
        assert listing["total"] == 3
        again = api.post("/api/v1/design", json={"prompt": "a 20 mm cube"}).json()["request_id"]
        assert wait_status(api.get, again)["status"] == "succeeded"
    finally:
        server.stop()

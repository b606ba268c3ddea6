"""End to end with the real engine and real FreeCAD, over both job back ends (local pool; Celery worker + Redis).

create → progress over the WebSocket → succeeded → download STEP → FreeCAD reads it back with the right volume;
refine → version 2; cancel of a running job; a prompt that cannot be built; the API and the CLI agree.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from svc_helpers import REPO, child_env, heavy_plan, make_settings, wait_preview, wait_status

from ai_designer.api.app import create_app

pytestmark = pytest.mark.timeout(240)

PLATE = "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes"
HOLE_AREA = math.pi * 2.75**2


def plate_volume(thickness: float) -> float:
    return (90 * 70 - 4 * HOLE_AREA) * thickness


def _follow(client: TestClient, rid: str) -> list[dict[str, Any]]:
    events = []
    with client.websocket_connect(f"/api/v1/ws/design/{rid}") as ws:
        while True:
            message = ws.receive_json()
            events.append(message)
            if message["type"] == "progress" and message["status"] in ("succeeded", "failed", "rejected",
                                                                         "cancelled"):
                return events


def test_create_progress_download_step(client: TestClient, backend: str, tmp_path: Path,
                                       freecad_inprocess: Any) -> None:
    created = client.post("/api/v1/design", json={"prompt": PLATE, "formats": ["step", "stl", "fcstd", "png"]})
    assert created.status_code == 202, created.text
    rid = created.json()["request_id"]
    events = _follow(client, rid)
    statuses = [e["status"] for e in events]
    assert statuses[-1] == "succeeded", events[-1]
    for stage in ("planning", "generating", "executing", "validating"):
        assert stage in statuses, statuses  # a fast job may finish before the socket opens only on slow CI
    final = events[-1]["data"]["result"]
    assert final["geometry"]["volume"] == pytest.approx(plate_volume(8), rel=1e-3)

    status = wait_preview(client.get, rid)  # the PNG follows the succeeded design (test_preview_flow.py)
    assert status["status"] == "succeeded" and status["version"] == 1 and status["preview"]["status"] == "ready"
    assert status["geometry"]["bbox"] == pytest.approx([90, 70, 8], abs=0.01)
    assert status["validation"]["passed"] is True
    assert status["plan"] and status["planner"] == "offline"
    assert status["timings"]["total"] > 0
    assert set(status["files"]) >= {"step", "stl", "fcstd", "png"}

    step = client.get(status["files"]["step"])
    assert step.status_code == 200 and step.headers["content-type"] == "model/step"
    path = tmp_path / "part.step"
    path.write_bytes(step.content)
    import Part

    shape = Part.read(str(path))
    assert shape.isValid() and len(shape.Solids) == 1
    assert shape.Volume == pytest.approx(plate_volume(8), rel=1e-4)
    png = client.get(status["files"]["png"])
    assert png.headers["content-type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    fcstd = client.get(status["files"]["fcstd"])
    assert fcstd.content[:2] == b"PK"  # FCStd is a zip


def test_refine_makes_version_two(client: TestClient, backend: str) -> None:
    rid = client.post("/api/v1/design", json={"prompt": PLATE}).json()["request_id"]
    assert wait_status(client.get, rid)["status"] == "succeeded"
    refined = client.post(f"/api/v1/design/{rid}/refine", json={"prompt": "make it 10 mm thick"})
    assert refined.status_code == 202 and refined.json()["version"] == 2
    v2 = wait_status(client.get, rid)
    assert v2["status"] == "succeeded", v2
    assert v2["version"] == 2 and v2["versions"] == 2
    assert v2["geometry"]["bbox"] == pytest.approx([90, 70, 10], abs=0.01)
    assert v2["geometry"]["volume"] == pytest.approx(plate_volume(10), rel=1e-3)
    v1 = client.get(f"/api/v1/design/{rid}?version=1").json()
    assert v1["geometry"]["bbox"] == pytest.approx([90, 70, 8], abs=0.01)
    assert [h["version"] for h in v2["history"]] == [1, 2]
    assert client.get(v1["files"]["step"]).status_code == 200  # version 1's files are kept


def test_cancel_a_running_design(client: TestClient, backend: str) -> None:
    rid = client.post("/api/v1/design", json={"prompt": "", "plan": heavy_plan()}).json()["request_id"]
    wait_status(client.get, rid, ("generating", "executing", "validating"), timeout=60)
    response = client.post(f"/api/v1/design/{rid}/cancel")
    assert response.status_code == 202
    final = wait_status(client.get, rid, timeout=120)
    assert final["status"] == "cancelled", final
    assert final["error"]["code"] == "cancelled"
    follow_up = client.post("/api/v1/design", json={"prompt": "a 20 mm cube"}).json()["request_id"]
    assert wait_status(client.get, follow_up)["status"] == "succeeded"  # the service carries on


def test_unbuildable_prompt_is_rejected_with_a_reason(client: TestClient, backend: str) -> None:
    rid = client.post("/api/v1/design", json={"prompt": "a plate -5 mm thick"}).json()["request_id"]
    final = wait_status(client.get, rid)
    assert final["status"] in ("rejected", "failed"), final
    assert final["error"]["message"] and final["files"] == {}


def test_api_and_cli_make_the_same_geometry(tmp_path: Path) -> None:
    """One comparison on the local back end (the Celery worker runs the same engine, checked above)."""
    with TestClient(create_app(make_settings(tmp_path / "api"))) as client:
        rid = client.post("/api/v1/design", json={"prompt": PLATE}).json()["request_id"]
        api_geometry = wait_status(client.get, rid)["geometry"]
    run = subprocess.run([sys.executable, "-m", "ai_designer", "design", PLATE, "--out", str(tmp_path / "cli"),
                          "--json"], capture_output=True, text=True, timeout=180, cwd=REPO,
                         env=child_env(AI_DESIGNER_HOME=str(tmp_path / "cli-home")))
    assert run.returncode == 0, run.stderr[-2000:]
    cli = json.loads(run.stdout.strip().splitlines()[-1])
    assert cli["status"] == "succeeded"
    assert cli["geometry"]["volume"] == pytest.approx(api_geometry["volume"], rel=1e-9)
    assert cli["geometry"]["bbox"] == pytest.approx(api_geometry["bbox"], abs=1e-6)
    assert cli["geometry"]["solids"] == api_geometry["solids"]

"""The preview comes after ``succeeded``: real uvicorn on loopback, real FreeCAD, real render processes, both back ends.

Ordering is made certain, not timed: the test freezes the render processes (SIGSTOP, found under the server's or
the Celery worker's process tree) before the design reaches them, so the design is seen ``succeeded`` with its
preview ``pending`` over REST and the WebSocket; then it thaws them (SIGCONT) and ``preview_ready`` must follow with
a PNG that shows the part. Killing a frozen render process instead proves a preview failure is reported
(``preview_failed``) while the design stays succeeded with its model files.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from svc_helpers import CeleryWorker, RenderFreezer, UvicornServer, wait_until
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

pytestmark = pytest.mark.timeout(240)

PLATE = "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes"


@pytest.fixture(params=["local", pytest.param("celery", marks=pytest.mark.redis)])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[UvicornServer, list[int]]]:
    """The API on loopback and the process ids whose trees hold the render processes."""
    if request.param == "celery":
        worker: CeleryWorker = request.getfixturevalue("celery_worker")
        server = UvicornServer(tmp_path / "home", JOB_BACKEND="celery", REDIS_URL=worker.redis_url).start()
        assert worker.proc is not None
        roots = [worker.proc.pid]
    else:
        server = UvicornServer(tmp_path / "home", JOB_BACKEND="local").start()
        assert server.proc is not None
        roots = [server.proc.pid]
    yield server, roots
    server.stop()


def _events(url: str, design_id: str, until: tuple[str, ...], sink: list[dict[str, Any]]) -> None:
    """Collect the design's WebSocket messages into ``sink`` until one of the types ``until``."""
    with connect(url.replace("http", "ws", 1) + f"/api/v1/ws/design/{design_id}", open_timeout=10) as ws:
        while True:
            try:
                message = json.loads(ws.recv(timeout=120))
            except ConnectionClosed:  # the test killed the server
                return
            sink.append(message)
            if message["type"] in until:
                return


def _start(server: UvicornServer, formats: list[str]) -> tuple[str, list[dict[str, Any]], threading.Thread]:
    created = httpx.post(server.url + "/api/v1/design", json={"prompt": PLATE, "formats": formats}, timeout=10)
    assert created.status_code == 202, created.text
    design_id = created.json()["request_id"]
    events: list[dict[str, Any]] = []
    follower = threading.Thread(target=_events, args=(server.url, design_id, ("preview_ready", "preview_failed"),
                                                      events), daemon=True)
    follower.start()
    return design_id, events, follower


def _succeeded(server: UvicornServer, design_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    wait_until(lambda: any(e.get("status") == "succeeded" for e in events), 120, "succeeded over the WebSocket")
    return httpx.get(server.url + f"/api/v1/design/{design_id}", timeout=10).json()


def test_preview_arrives_after_succeeded(served: tuple[UvicornServer, list[int]], tmp_path: Path) -> None:
    server, roots = served
    with RenderFreezer(roots) as freezer:
        design_id, events, follower = _start(server, ["step", "stl", "png", "glb"])
        status = _succeeded(server, design_id, events)
        assert status["status"] == "succeeded" and status["preview"]["status"] == "pending", status
        assert set(status["files"]) == {"step", "stl"}  # the model files, verified; the picture is not there yet
        assert status["geometry"]["bbox"] == pytest.approx([90, 70, 8], abs=0.01)
        missing = httpx.get(server.url + f"/api/v1/design/{design_id}/files/png", timeout=10)
        assert missing.status_code == 404
        first = next(e for e in events if e.get("status") == "succeeded")
        assert first["data"]["result"]["preview"]["status"] == "pending"
        assert not any(e["type"].startswith("preview") for e in events)
        freezer.thaw()
        follower.join(timeout=120)
    ready = events[-1]
    assert ready["type"] == "preview_ready", events[-3:]
    assert ready["status"] == "succeeded" and set(ready["data"]["files"]) == {"step", "stl", "png", "glb"}
    assert events.index(first) < events.index(ready)
    status = httpx.get(server.url + f"/api/v1/design/{design_id}", timeout=10).json()
    assert status["preview"]["status"] == "ready" and status["preview"]["error"] is None
    png = httpx.get(server.url + status["files"]["png"], timeout=10)
    assert png.headers["content-type"] == "image/png"
    (tmp_path / "part.png").write_bytes(png.content)
    from ai_designer.freecad.preview import _read_png

    pixels = _read_png(tmp_path / "part.png")
    assert pixels.shape == (600, 800, 3)
    part = (pixels < 250).any(axis=2)  # not white: the plate, shaded, with its dark edges
    edges = (pixels.max(axis=2) < 90)
    assert 0.1 < part.mean() < 0.9 and edges.sum() > 1000
    glb = httpx.get(server.url + status["files"]["glb"], timeout=10)
    assert glb.content[:4] == b"glTF"


def test_a_failed_preview_is_reported_and_the_design_stays_succeeded(served: tuple[UvicornServer, list[int]]) -> None:
    server, roots = served
    with RenderFreezer(roots) as freezer:
        design_id, events, follower = _start(server, ["step", "png"])
        _succeeded(server, design_id, events)
        wait_until(lambda: freezer.frozen, 30, "a render process to freeze")
        freezer.kill()  # the render process dies under the preview: EOF for the renderer
        follower.join(timeout=120)
    assert events[-1]["type"] == "preview_failed", events[-3:]
    status = httpx.get(server.url + f"/api/v1/design/{design_id}", timeout=10).json()
    assert status["status"] == "succeeded" and status["error"] is None
    error = status["preview"]["error"]
    assert status["preview"]["status"] == "failed" and error["code"] == "preview_failed"
    assert "could not be made" in error["message"] and "model files are complete" in error["message"]
    assert set(status["files"]) == {"step"}
    step = httpx.get(server.url + status["files"]["step"], timeout=10)
    assert step.status_code == 200 and b"ISO-10303-21" in step.content[:100]


def test_a_preview_lost_with_its_api_process_is_failed_at_the_next_start(tmp_path: Path) -> None:
    """The API is killed while the PNG renders: after a restart the design is still succeeded with its model files,
    and its preview says it was lost instead of staying pending for ever."""
    home = tmp_path / "home"
    server = UvicornServer(home, JOB_BACKEND="local").start()
    try:
        assert server.proc is not None
        with RenderFreezer([server.proc.pid]) as freezer:
            design_id, events, _ = _start(server, ["step", "png"])
            assert _succeeded(server, design_id, events)["preview"]["status"] == "pending"
            server.kill()  # the whole process group; the frozen render process is in a session of its own
            freezer.kill()
        server = UvicornServer(home, JOB_BACKEND="local").start()
        status = httpx.get(server.url + f"/api/v1/design/{design_id}", timeout=10).json()
        assert status["status"] == "succeeded" and set(status["files"]) == {"step"}
        assert status["preview"]["status"] == "failed" and "stopped before" in status["preview"]["error"]["message"]
        assert httpx.get(server.url + status["files"]["step"], timeout=10).status_code == 200
    finally:
        server.stop()

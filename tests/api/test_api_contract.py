"""The API's contract with the engine replaced by a scripted double: errors, paging, idempotency, cancel, delete.

These tests are about HTTP behaviour, not geometry (that is ``test_designs_e2e.py`` with the real engine).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_designer import FakeDesigner
from fastapi.testclient import TestClient
from svc_helpers import make_settings, wait_status

from ai_designer.api.app import create_app


@pytest.fixture
def fake() -> FakeDesigner:
    return FakeDesigner()


@pytest.fixture
def api(tmp_path: Path, fake: FakeDesigner) -> Iterator[TestClient]:
    settings = make_settings(tmp_path / "home", "local", JOB_CONCURRENCY=1, MAX_REQUEST_BYTES=4096,
                             MAX_PROMPT_CHARS=2000)
    with TestClient(create_app(settings, designer=fake)) as client:
        yield client


def _error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    if code:
        assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return dict(body["error"])


def test_health_and_ready(api: TestClient) -> None:
    assert api.get("/health").json() == {"status": "ok"}
    ready = api.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"]["store"]["ok"] is True
    assert api.get("/openapi.json").json()["paths"]["/api/v1/design"]


@pytest.mark.parametrize(("kwargs", "status", "code"), [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "invalid_request"),
    ({"json": {"prompt": ""}}, 422, "invalid_plan"),
    ({"json": {"prompt": "   "}}, 422, "invalid_plan"),
    ({"json": {"prompt": 42}}, 422, "invalid_request"),
    ({"json": {"prompt": "a cube", "formats": ["exe"]}}, 422, "invalid_request"),
    ({"json": {"prompt": "a cube", "colour": "red"}}, 422, "invalid_request"),
    ({"json": {"prompt": "a cube", "plan": {"operations": []}}}, 422, "invalid_request"),
    ({"json": ["a cube"]}, 422, "invalid_request"),
    ({"json": {"prompt": "x" * 3000}}, 422, "invalid_plan"),
    ({"json": {"prompt": "x" * 5000}}, 413, "payload_too_large"),
    ({"content": b"x" * 5000, "headers": {"content-type": "text/plain"}}, 413, "payload_too_large"),
])
def test_bad_create_requests_are_4xx_with_one_error_shape(api: TestClient, kwargs: dict[str, Any], status: int,
                                                          code: str, fake: FakeDesigner) -> None:
    _error(api.post("/api/v1/design", **kwargs), status, code)
    assert fake.calls == []


def test_oversized_chunked_body_is_413_and_small_chunked_body_works(api: TestClient) -> None:
    def body(size: int) -> Iterator[bytes]:
        yield b'{"prompt": "a cube '
        for _ in range(size // 100):
            yield b"x" * 100
        yield b'"}'

    _error(api.post("/api/v1/design", content=body(6000), headers={"content-type": "application/json"}), 413,
           "payload_too_large")
    small = api.post("/api/v1/design", content=body(300), headers={"content-type": "application/json"})
    assert small.status_code == 202, small.text
    _error(api.post("/api/v1/design", content=b"{}", headers={"content-type": "application/json",
                                                               "content-length": "lots"}), 400, "bad_request")


def test_unknown_things_are_404_and_bad_params_422(api: TestClient) -> None:
    _error(api.get("/api/v1/design/0123456789abcdef0123456789abcdef"), 404, "not_found")
    _error(api.get("/api/v1/design/../../etc/passwd"), 404)
    _error(api.get("/nothing-here"), 404, "not_found")
    _error(api.get("/api/v1/design?limit=0"), 422, "invalid_request")
    _error(api.get("/api/v1/design?limit=1000"), 422, "invalid_request")
    _error(api.get("/api/v1/design?status=banana"), 422, "invalid_request")
    rid = api.post("/api/v1/design", json={"prompt": "a cube"}).json()["request_id"]
    wait_status(api.get, rid)
    _error(api.get(f"/api/v1/design/{rid}/files/exe"), 422, "invalid_request")
    _error(api.get(f"/api/v1/design/{rid}/files/..%2F..%2Fdesigns.sqlite3"), 404)
    _error(api.get(f"/api/v1/design/{rid}/files/stl"), 404, "not_found")  # not requested
    _error(api.get(f"/api/v1/design/{rid}?version=7"), 404, "not_found")
    _error(api.post(f"/api/v1/design/{rid}/cancel"), 409, "conflict")
    _error(api.post("/api/v1/design/0123456789abcdef0123456789abcdef/refine", json={"prompt": "taller"}), 404)
    _error(api.post(f"/api/v1/design/{rid}/refine", json={}), 422, "invalid_request")
    _error(api.delete("/api/v1/design/0123456789abcdef0123456789abcdef"), 404, "not_found")
    _error(api.put(f"/api/v1/design/{rid}"), 405, "method_not_allowed")


def test_download_serves_the_stored_file_with_its_content_type(api: TestClient) -> None:
    rid = api.post("/api/v1/design", json={"prompt": "a cube", "formats": ["step"]}).json()["request_id"]
    body = wait_status(api.get, rid)
    assert body["status"] == "succeeded"
    assert body["files"] == {"step": f"/api/v1/design/{rid}/files/step?version=1"}
    response = api.get(body["files"]["step"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "model/step"
    assert "attachment" in response.headers["content-disposition"]
    assert response.text == "ISO-10303-21; a cube"


def test_idempotency_key_returns_the_same_design(api: TestClient, fake: FakeDesigner) -> None:
    headers = {"Idempotency-Key": "order-42"}
    first = api.post("/api/v1/design", json={"prompt": "a cube"}, headers=headers)
    again = api.post("/api/v1/design", json={"prompt": "a cube"}, headers=headers)
    assert first.status_code == 202 and again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert first.json()["request_id"] == again.json()["request_id"]
    _error(api.post("/api/v1/design", json={"prompt": "a sphere"}, headers=headers), 409, "conflict")
    other = api.post("/api/v1/design", json={"prompt": "a cube"}, headers={"Idempotency-Key": "order-43"})
    assert other.json()["request_id"] != first.json()["request_id"]
    wait_status(api.get, other.json()["request_id"])
    assert len(fake.calls) == 2


def test_list_is_paginated_newest_first(api: TestClient) -> None:
    ids = []
    for i in range(5):
        ids.append(api.post("/api/v1/design", json={"prompt": f"cube {i}"}).json()["request_id"])
    for rid in ids:
        wait_status(api.get, rid)
    page1 = api.get("/api/v1/design?limit=2").json()
    assert page1["total"] == 5 and page1["next_offset"] == 2
    assert [item["request_id"] for item in page1["items"]] == ids[::-1][:2]
    page3 = api.get("/api/v1/design?limit=2&offset=4").json()
    assert [item["request_id"] for item in page3["items"]] == ids[:1] and page3["next_offset"] is None
    assert api.get("/api/v1/design?status=failed").json()["total"] == 0
    assert api.get("/api/v1/design?status=succeeded").json()["total"] == 5


def test_cancel_queued_and_running_designs(api: TestClient, fake: FakeDesigner) -> None:
    running = api.post("/api/v1/design", json={"prompt": "slow cube"}).json()["request_id"]
    queued = api.post("/api/v1/design", json={"prompt": "slow sphere"}).json()["request_id"]  # concurrency 1
    assert fake.started.wait(5)
    cancelled = api.post(f"/api/v1/design/{queued}/cancel")
    assert cancelled.status_code == 202 and cancelled.json()["status"] == "cancelled"
    assert api.post(f"/api/v1/design/{running}/cancel").status_code == 202
    final = wait_status(api.get, running, timeout=10)
    assert final["status"] == "cancelled" and final["error"]["code"] == "cancelled"
    wait_status(api.get, queued)
    assert [c["prompt"] for c in fake.calls] == ["slow cube"]  # the queued one never ran


def test_delete_removes_versions_and_files(api: TestClient, tmp_path: Path) -> None:
    rid = api.post("/api/v1/design", json={"prompt": "a cube"}).json()["request_id"]
    wait_status(api.get, rid)
    folder = tmp_path / "home" / "designs" / rid
    assert (folder / "v1" / "part.step").is_file()
    assert api.delete(f"/api/v1/design/{rid}").status_code == 204
    _error(api.get(f"/api/v1/design/{rid}"), 404)
    assert not folder.exists()


def test_delete_while_running_cancels_and_leaves_nothing(api: TestClient, fake: FakeDesigner, tmp_path: Path) -> None:
    rid = api.post("/api/v1/design", json={"prompt": "slow cube"}).json()["request_id"]
    assert fake.started.wait(5)
    assert api.delete(f"/api/v1/design/{rid}").status_code == 204
    follow = api.post("/api/v1/design", json={"prompt": "a cube"}).json()["request_id"]
    wait_status(api.get, follow)  # the pool is free again: the deleted job stopped
    assert not (tmp_path / "home" / "designs" / rid).exists()


def test_refine_needs_a_finished_successful_version(api: TestClient, fake: FakeDesigner) -> None:
    rid = api.post("/api/v1/design", json={"prompt": "slow cube"}).json()["request_id"]
    _error(api.post(f"/api/v1/design/{rid}/refine", json={"prompt": "taller"}), 409, "conflict")
    api.post(f"/api/v1/design/{rid}/cancel")
    wait_status(api.get, rid)
    _error(api.post(f"/api/v1/design/{rid}/refine", json={"prompt": "taller"}), 409, "conflict")


def test_ws_reports_progress_in_order(api: TestClient) -> None:
    rid = api.post("/api/v1/design", json={"prompt": "a cube"}).json()["request_id"]
    seen: list[str] = []
    with api.websocket_connect(f"/api/v1/ws/design/{rid}") as ws:
        while True:
            message = ws.receive_json()
            assert message["type"] == "progress" and message["request_id"] == rid
            if not seen or seen[-1] != message["status"]:
                seen.append(message["status"])
            if message["status"] == "succeeded":
                assert message["data"]["result"]["files"]["step"].startswith(f"/api/v1/design/{rid}/files/")
                break
    order = ["queued", "planning", "generating", "executing", "validating", "succeeded"]
    assert [s for s in order if s in seen] == order[order.index(seen[0]):]

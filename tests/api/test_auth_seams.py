"""The service app with auth on (the ops layer's middleware, token route and WebSocket check, plugged in by
``create_app``): designs need a key or a token, the UI shell and health stay public, the WebSocket checks too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_designer import FakeDesigner
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect
from svc_helpers import make_settings, wait_status

from ai_designer.api.app import create_app

KEY = "svc-test-key-0123456789"  # pragma: allowlist secret
OTHER = "svc-test-key-9876543210"  # pragma: allowlist secret
SECRET = "svc-test-only-" + "f00dfeed" * 6  # pragma: allowlist secret


@pytest.fixture
def api(tmp_path: Path) -> Iterator[TestClient]:
    settings = make_settings(tmp_path / "home", AUTH_ENABLED=True, AUTH_API_KEYS=f"{KEY},{OTHER}", JWT_SECRET_KEY=SECRET)
    with TestClient(create_app(settings, designer=FakeDesigner())) as client:
        yield client


def test_designs_need_credentials(api: TestClient) -> None:
    refused = api.post("/api/v1/design", json={"prompt": "a cube"})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
    for public in ("/health", "/ready", "/", "/ui/app.js", "/openapi.json"):
        assert api.get(public).status_code == 200, public
    created = api.post("/api/v1/design", json={"prompt": "a cube"}, headers={"X-API-Key": KEY})
    assert created.status_code == 202
    token = api.post("/api/v1/auth/token", headers={"X-API-Key": KEY}).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    status = wait_status(lambda path: api.get(path, headers=bearer), created.json()["request_id"])
    assert status["status"] == "succeeded"
    assert api.get(status["files"]["step"]).status_code == 401
    assert api.get(status["files"]["step"], headers=bearer).status_code == 200


def test_websocket_needs_credentials(api: TestClient) -> None:
    with pytest.raises(WebSocketDisconnect), api.websocket_connect("/api/v1/ws") as ws:
        ws.receive_json()
    with api.websocket_connect(f"/api/v1/ws?api_key={KEY}") as ws:
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}


def test_idempotency_keys_are_per_caller(api: TestClient) -> None:
    body = {"prompt": "a cube"}
    mine = api.post("/api/v1/design", json=body, headers={"X-API-Key": KEY, "Idempotency-Key": "job-1"})
    theirs = api.post("/api/v1/design", json=body, headers={"X-API-Key": OTHER, "Idempotency-Key": "job-1"})
    assert mine.status_code == theirs.status_code == 202
    assert mine.json()["request_id"] != theirs.json()["request_id"]
    replay = api.post("/api/v1/design", json=body, headers={"X-API-Key": KEY, "Idempotency-Key": "job-1"})
    assert replay.status_code == 200 and replay.json()["request_id"] == mine.json()["request_id"]


def test_callers_only_see_their_own_designs(api: TestClient) -> None:
    mine, theirs = {"X-API-Key": KEY}, {"X-API-Key": OTHER}
    rid = api.post("/api/v1/design", json={"prompt": "a cube"}, headers=mine).json()["request_id"]
    status = wait_status(lambda path: api.get(path, headers=mine), rid)
    assert status["status"] == "succeeded"
    assert api.get(f"/api/v1/design/{rid}", headers=theirs).status_code == 404
    assert api.get(status["files"]["step"], headers=theirs).status_code == 404
    assert api.post(f"/api/v1/design/{rid}/refine", json={"prompt": "taller"}, headers=theirs).status_code == 404
    assert api.post(f"/api/v1/design/{rid}/cancel", headers=theirs).status_code == 404
    assert api.delete(f"/api/v1/design/{rid}", headers=theirs).status_code == 404
    assert api.get("/api/v1/design", headers=theirs).json()["total"] == 0
    assert [i["request_id"] for i in api.get("/api/v1/design", headers=mine).json()["items"]] == [rid]
    with api.websocket_connect(f"/api/v1/ws?api_key={OTHER}") as ws:
        ws.send_json({"type": "subscribe", "request_id": rid})
        assert ws.receive_json()["code"] == "not_found"
    token = api.post("/api/v1/auth/token", headers=mine).json()["access_token"]
    assert api.get(f"/api/v1/design/{rid}", headers={"Authorization": f"Bearer {token}"}).status_code == 200

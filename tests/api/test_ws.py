"""The WebSocket: subscriptions, bad messages, and ``stream_design`` through the real litellm path.

LLM calls go to a real OpenAI-compatible HTTP server on loopback (``ScriptedLLMServer``), never to a model.
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
from ai_designer.llm.testing import ScriptedLLMServer

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(tmp_path / "home"), designer=FakeDesigner())) as client:
        yield client


def _until(ws: Any, kind: str) -> list[dict[str, Any]]:
    seen = []
    while True:
        message = ws.receive_json()
        seen.append(message)
        if message["type"] == kind:
            return seen


def test_stream_design_streams_chunks_then_done(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = "1. Base plate 90 x 70 x 8 mm.\n2. Four 5.5 mm through holes, 5 mm from each corner.\n"
    with ScriptedLLMServer() as server:
        server.enqueue(answer, chunks=[answer[i:i + 10] for i in range(0, len(answer), 10)])
        monkeypatch.setenv("AGENT_PLANNER_PRIMARY", "openai/gpt-4o-mini")
        monkeypatch.setenv("AGENT_PLANNER_FALLBACK", "none")
        monkeypatch.setenv("AGENT_PLANNER_API_BASE", server.base_url)
        with api.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "stream_design", "prompt": "a 90 x 70 x 8 mm plate with four corner holes"})
            messages = _until(ws, "stream_done")
        assert server.calls == 1
        sent = server.history[0].body
        assert sent["stream"] is True
        assert sent["messages"][-1]["content"] == "a 90 x 70 x 8 mm plate with four corner holes"
    chunks = [m["content"] for m in messages if m["type"] == "stream_chunk"]
    assert len(chunks) > 3 and "".join(chunks) == answer
    assert [m["type"] for m in messages] == ["stream_chunk"] * len(chunks) + ["stream_done"]


def test_stream_design_without_an_llm_says_how_to_configure_one(api: TestClient) -> None:
    with api.websocket_connect("/api/v1/ws") as ws:
        ws.send_json({"type": "stream_design", "prompt": "a gear"})
        error = ws.receive_json()
        assert error["type"] == "error" and error["code"] == "llm_not_configured"
        assert "OPENAI_API_KEY" in error["message"]
        ws.send_json({"type": "ping"})  # the socket is still usable
        assert ws.receive_json() == {"type": "pong"}


def test_stream_failure_is_an_error_message(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    with ScriptedLLMServer() as server:
        server.enqueue(status=500, error="model overloaded")
        monkeypatch.setenv("AGENT_PLANNER_PRIMARY", "openai/gpt-4o-mini")
        monkeypatch.setenv("AGENT_PLANNER_API_BASE", server.base_url)
        with api.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "stream_design", "prompt": "a gear"})
            error = _until(ws, "error")[-1]
    assert error["code"] == "llm_error" and "gpt-4o-mini" in error["message"]


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '{"type": "launch"}', '{"type": "stream_design"}',
                                 '{"type": "stream_design", "prompt": ""}', '{"type": "subscribe"}',
                                 '{"type": "subscribe", "request_id": 5}'])
def test_bad_messages_get_an_error_and_the_socket_stays_open(api: TestClient, raw: str) -> None:
    with api.websocket_connect("/api/v1/ws") as ws:
        ws.send_text(raw)
        error = ws.receive_json()
        assert error["type"] == "error" and error["code"] == "invalid_message" and error["message"]
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}


def test_oversized_message_is_refused(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "h", MAX_REQUEST_BYTES=2048)
    with TestClient(create_app(settings, designer=FakeDesigner())) as client, \
            client.websocket_connect("/api/v1/ws") as ws:
        ws.send_text("x" * 5000)
        assert ws.receive_json()["code"] == "payload_too_large"


def test_subscribe_unknown_and_finished_designs(api: TestClient) -> None:
    rid = api.post("/api/v1/design", json={"prompt": "a cube"}).json()["request_id"]
    wait_status(api.get, rid)
    with api.websocket_connect("/api/v1/ws") as ws:
        ws.send_json({"type": "subscribe", "request_id": "0" * 32})
        assert ws.receive_json()["code"] == "not_found"
        ws.send_json({"type": "subscribe", "request_id": rid})
        snapshot = ws.receive_json()
        assert snapshot["status"] == "succeeded" and snapshot["data"]["result"]["request_id"] == rid
        assert api.post(f"/api/v1/design/{rid}/refine", json={"prompt": "make it taller"}).status_code == 202
        statuses = [m["status"] for m in _until_status(ws, "succeeded")]
        assert statuses[0] == "queued" and statuses[-1] == "succeeded"
        assert _last_version(ws, api, rid) == 2


def _until_status(ws: Any, status: str) -> list[dict[str, Any]]:
    seen = []
    while True:
        message = ws.receive_json()
        seen.append(message)
        if message.get("status") == status:
            return seen


def _last_version(ws: Any, api: TestClient, rid: str) -> int:
    return int(api.get(f"/api/v1/design/{rid}").json()["version"])


def test_progress_of_a_job_run_by_another_api_process_still_arrives(tmp_path: Path) -> None:
    """Two apps on one store (as with ``uvicorn --workers 2``): a socket on B follows a design A runs."""
    settings = make_settings(tmp_path / "shared")
    with TestClient(create_app(settings, designer=FakeDesigner())) as a, \
            TestClient(create_app(settings, designer=FakeDesigner())) as b:
        rid = a.post("/api/v1/design", json={"prompt": "slow cube"}).json()["request_id"]
        with b.websocket_connect(f"/api/v1/ws/design/{rid}") as ws:
            final = _until_status(ws, "succeeded")[-1]
        assert final["data"]["result"]["files"]["step"].endswith("?version=1")


def test_a_silent_change_after_events_still_arrives(tmp_path: Path) -> None:
    """The poll skips a tick after which events flowed and reads a whole version only when its stamp changed: a
    change written by another host with no event (here a preview recorded straight into the store) must still reach
    the socket, a tick or two later."""
    from ai_designer.jobs.store import DesignStore

    settings = make_settings(tmp_path / "home")
    with TestClient(create_app(settings, designer=FakeDesigner())) as api:
        rid = api.post("/api/v1/design", json={"prompt": "cube"}).json()["request_id"]
        with api.websocket_connect(f"/api/v1/ws/design/{rid}") as ws:
            _until_status(ws, "succeeded")
            other_host = DesignStore(settings.store_target, migrate=False)
            try:
                assert other_host.add_preview(rid, 1, {}, {"status": "ready", "formats": ["png"], "seconds": 4.5}) is not None
            finally:
                other_host.close()
            message = ws.receive_json()
        assert message["type"] == "progress" and message["data"]["result"]["preview"]["seconds"] == 4.5

"""The /mcp mount in the API app: answers once the app has started, 503 before, and the DNS-rebinding guard holds."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from ai_designer.api.app import create_app
from ai_designer.core.settings import Settings

INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}}
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def test_mcp_endpoint_lifecycle_and_foreign_hosts(tmp_path: Path) -> None:
    app = create_app(Settings(AI_DESIGNER_HOME=str(tmp_path), JOB_BACKEND="local"))
    not_started = TestClient(app, base_url="http://127.0.0.1:8000").post("/mcp", json=INIT, headers=HEADERS)
    assert not_started.status_code == 503 and not_started.json()["error"]["code"] == "unavailable"
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        response = client.post("/mcp", json=INIT, headers=HEADERS)
        assert response.status_code == 200, response.text
        assert '"serverInfo"' in response.text and "ai-designer" in response.text
        rebinding = client.post("/mcp", json=INIT, headers={**HEADERS, "Host": "evil.example:8000"})
        assert rebinding.status_code in (403, 421)

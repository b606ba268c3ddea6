"""The service's own app (``create_app``) with auth and rate limiting on, Redis real: the seams are wired."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sec_helpers import API_KEY, SECRET, RedisServer, make_settings
from starlette.testclient import WebSocketDenialResponse

from ai_designer.api.app import create_app


@pytest.fixture
def client(redis_server: RedisServer) -> Iterator[TestClient]:
    settings = make_settings(AUTH_ENABLED=True, JWT_SECRET_KEY=SECRET, AUTH_API_KEYS=API_KEY, JOB_BACKEND="local",
                             REDIS_URL=redis_server.url, RATE_LIMIT_REQUESTS=8, RATE_LIMIT_WINDOW_SECONDS=60)
    with TestClient(create_app(settings)) as c:
        yield c


def test_api_needs_credentials_public_paths_do_not(client: TestClient) -> None:
    assert client.get("/api/v1/design").status_code == 401
    assert client.post("/api/v1/design", json={"prompt": "a 40 mm cube"}).status_code == 401
    for path in ("/health", "/openapi.json", "/metrics"):
        assert client.get(path).status_code == 200, path
    listed = client.get("/api/v1/design", headers={"X-API-Key": API_KEY})
    assert listed.status_code == 200 and "x-ratelimit-remaining" in listed.headers


def test_token_then_websocket_on_the_real_routes(client: TestClient) -> None:
    token = client.post("/api/v1/auth/token", headers={"X-API-Key": API_KEY}).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    created = client.post("/api/v1/design", json={"prompt": "a 40 mm cube"}, headers=auth)
    assert created.status_code == 202
    design_id = created.json()["request_id"]
    with pytest.raises(WebSocketDenialResponse), client.websocket_connect(f"/api/v1/ws/design/{design_id}"):
        pass
    with client.websocket_connect(f"/api/v1/ws/design/{design_id}?token={token}") as ws:
        first = ws.receive_json()
        assert first["type"] == "progress" and first["request_id"] == design_id


def test_rate_limit_on_the_real_app(client: TestClient) -> None:
    codes = [client.get("/api/v1/design", headers={"X-API-Key": API_KEY}).status_code for _ in range(9)]
    assert codes == [200] * 8 + [429]
    assert client.get("/health").status_code == 200


def test_openapi_declares_the_security_schemes(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["components"]["securitySchemes"]) == {"APIKey", "BearerJWT"}
    assert schema["paths"]["/api/v1/design"]["post"]["security"] == [{"APIKey": []}, {"BearerJWT": []}]
    assert "security" not in schema["paths"]["/health"]["get"]
    assert "security" not in schema["paths"]["/api/v1/auth/token"]["post"]

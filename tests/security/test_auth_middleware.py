"""Auth against the real middleware stack and a real Redis (rate limiting on): API keys, JWTs, WebSockets."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient
from sec_helpers import API_KEY, OTHER_KEY, SECRET, RedisServer, build_app, make_settings
from starlette.testclient import WebSocketDenialResponse

from ai_designer.core.errors import ConfigError
from ai_designer.core.security import create_access_token, decode_access_token, key_id
from ai_designer.core.settings import Settings

ORIGIN = "https://ui.example"


@pytest.fixture
def client(redis_server: RedisServer) -> TestClient:
    settings = make_settings(AUTH_ENABLED=True, JWT_SECRET_KEY=SECRET, AUTH_API_KEYS=f"{API_KEY},{OTHER_KEY}",
                             REDIS_URL=redis_server.url, RATE_LIMIT_REQUESTS=1000)
    return TestClient(build_app(settings))


def _token(client: TestClient, key: str = API_KEY) -> str:
    r = client.post("/api/v1/auth/token", headers={"X-API-Key": key})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 15 * 60
    return str(body["access_token"])


def test_auth_disabled_lets_everything_through() -> None:
    c = TestClient(build_app(make_settings()))
    assert c.get("/api/v1/design/x").status_code == 200
    with c.websocket_connect("/ws/designs/x") as ws:
        assert ws.receive_json()["subject"] == "anonymous"


def test_missing_credentials_get_401_with_cors_and_a_fix_it_message(client: TestClient) -> None:
    r = client.get("/api/v1/design/abc", headers={"Origin": ORIGIN})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.headers["access-control-allow-origin"] == ORIGIN
    err = r.json()["error"]
    assert err["code"] == "unauthorized" and "X-API-Key" in err["message"]


@pytest.mark.parametrize("path", ["/health", "/metrics", "/docs", "/redoc", "/openapi.json"])
def test_spec_exempt_paths_need_no_credentials(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_api_key_in_header_or_bearer(client: TestClient) -> None:
    assert client.get("/api/v1/design/a", headers={"X-API-Key": API_KEY}).status_code == 200
    assert client.get("/api/v1/design/a", headers={"Authorization": f"Bearer {OTHER_KEY}"}).status_code == 200
    wrong = client.get("/api/v1/design/a", headers={"X-API-Key": API_KEY + "x"})
    assert wrong.status_code == 401 and "not valid" in wrong.json()["error"]["message"]


def test_token_exchange_and_use(client: TestClient) -> None:
    token = _token(client)
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["sub"] == key_id(API_KEY) and API_KEY not in token
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert client.get("/api/v1/design/a", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    body_form = client.post("/api/v1/auth/token", json={"api_key": OTHER_KEY})
    assert body_form.status_code == 200


def test_token_endpoint_refuses_bad_or_missing_keys(client: TestClient) -> None:
    assert client.post("/api/v1/auth/token", headers={"X-API-Key": "nope"}).status_code == 401
    r = client.post("/api/v1/auth/token")
    assert r.status_code == 401 and "X-API-Key" in r.json()["error"]["message"]


def _forge(claims: dict[str, object], key: str = SECRET, alg: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=alg)


def test_expired_token_is_rejected(client: TestClient) -> None:
    now = int(time.time())
    expired = _forge({"sub": "key:x", "iat": now - 1000, "exp": now - 10, "type": "access"})
    r = client.get("/api/v1/design/a", headers={"Authorization": f"Bearer {expired}"})
    assert r.status_code == 401 and "expired" in r.json()["error"]["message"]


def test_forged_and_tampered_tokens_are_rejected(client: TestClient) -> None:
    now = int(time.time())
    claims = {"sub": "key:x", "iat": now, "exp": now + 600, "type": "access"}
    other_secret = _forge(claims, key="another-secret-" + "z" * 40)
    unsigned = jwt.encode(claims, None, algorithm="none")
    good = _token(client)
    head, payload, sig = good.split(".")
    tampered = ".".join([head, _forge({**claims, "sub": "admin"}).split(".")[1], sig])
    not_access = _forge({**claims, "type": "refresh"})
    no_exp = _forge({"sub": "key:x", "iat": now, "type": "access"})
    for token in (other_secret, unsigned, tampered, not_access, no_exp, "a.b.c"):
        r = client.get("/api/v1/design/a", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, token


def test_websocket_refused_without_credentials_then_accepted_with_token(client: TestClient) -> None:
    with pytest.raises(WebSocketDenialResponse) as denied, client.websocket_connect("/ws/designs/d1"):
        pass
    assert denied.value.status_code == 401
    token = _token(client)
    with client.websocket_connect(f"/ws/designs/d1?token={token}") as ws:
        assert ws.receive_json() == {"design_id": "d1", "subject": key_id(API_KEY)}
    with client.websocket_connect("/ws/designs/d2", headers={"X-API-Key": OTHER_KEY}) as ws:
        assert ws.receive_json()["subject"] == key_id(OTHER_KEY)
    with pytest.raises(WebSocketDenialResponse), client.websocket_connect("/ws/designs/d1?token=forged.x.y"):
        pass


def test_auth_failures_are_counted(client: TestClient) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    client.get("/api/v1/design/a")
    families = {f.name: f for f in text_string_to_metric_families(client.get("/metrics").text)}
    samples = [s for s in families["auth_failures"].samples if s.name == "auth_failures_total"]
    assert any(s.labels["transport"] == "http" and s.value >= 1 for s in samples)


@pytest.mark.parametrize("secret", ["", "changeme", "secret", "short-secret"])
def test_refuses_to_start_with_missing_placeholder_or_short_secret(secret: str) -> None:
    with pytest.raises(ConfigError, match="JWT_SECRET_KEY"):
        Settings(AUTH_ENABLED=True, JWT_SECRET_KEY=secret)  # type: ignore[call-arg]


def test_security_helpers_round_trip() -> None:
    settings = make_settings(JWT_SECRET_KEY=SECRET)
    token = create_access_token("user:ada", settings, minutes=1)
    assert decode_access_token(token, settings)["sub"] == "user:ada"


def test_401s_are_counted_under_the_route_template(client: TestClient) -> None:
    from prometheus_client.parser import text_string_to_metric_families

    client.get("/api/v1/design/some-secret-id")
    samples = [s for f in text_string_to_metric_families(client.get("/metrics").text) for s in f.samples
               if s.name == "http_requests_total" and s.labels.get("status") == "401"]
    assert any(s.labels["path"] == "/api/v1/design/{design_id}" for s in samples)
    assert not any("some-secret-id" in s.labels["path"] for s in samples)


@pytest.mark.parametrize("secret", ["changeme", ""])
def test_the_server_refuses_to_start_with_a_placeholder_secret(tmp_path: Path, secret: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTH_", "JWT_", "REDIS_"))}
    env.update(AUTH_ENABLED="true", JWT_SECRET_KEY=secret, AI_DESIGNER_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "uvicorn", "ai_designer.api.app:create_app", "--factory",
                             "--host", "127.0.0.1", "--port", "0"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "JWT_SECRET_KEY" in result.stderr

"""Rate limiting against a real redis-server: 429 + headers, sliding window, buckets, Redis outage."""

from __future__ import annotations

import logging
import time

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sec_helpers import API_KEY, OTHER_KEY, SECRET, RedisServer, build_app, make_settings

from ai_designer.api.middleware.rate_limit import RateLimitMiddleware, RedisSlidingWindow

ORIGIN = "https://ui.example"


def _client(redis_server: RedisServer, limit: int, window: int, **extra: object) -> TestClient:
    settings = make_settings(REDIS_URL=redis_server.url, RATE_LIMIT_REQUESTS=limit,
                             RATE_LIMIT_WINDOW_SECONDS=window, **extra)
    return TestClient(build_app(settings))


def _metric(client: TestClient, name: str, **labels: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(client.get("/metrics").text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                total += s.value
    return total


def test_limit_reached_gives_429_with_headers_and_cors(redis_server: RedisServer) -> None:
    c = _client(redis_server, limit=3, window=30)
    remaining = []
    for _ in range(3):
        r = c.get("/api/v1/design/a")
        assert r.status_code == 200
        assert r.headers["x-ratelimit-limit"] == "3"
        remaining.append(int(r.headers["x-ratelimit-remaining"]))
    assert remaining == [2, 1, 0]
    before = time.time()
    r = c.get("/api/v1/design/a", headers={"Origin": ORIGIN})
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "rate_limited"
    retry_after = int(r.headers["retry-after"])
    assert 25 <= retry_after <= 30  # the first request's age subtracted from the 30 s window
    assert r.headers["x-ratelimit-remaining"] == "0"
    assert abs(int(r.headers["x-ratelimit-reset"]) - (before + retry_after)) <= 2
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert "Retry-After" in r.headers["access-control-expose-headers"]
    assert _metric(c, "rate_limit_rejections_total", bucket="ip") >= 1


def test_health_and_metrics_are_not_limited(redis_server: RedisServer) -> None:
    c = _client(redis_server, limit=1, window=30)
    for _ in range(5):
        assert c.get("/health").status_code == 200
        assert c.get("/metrics").status_code == 200
    assert c.get("/api/v1/design/a").status_code == 200
    assert c.get("/api/v1/design/a").status_code == 429


def test_window_slides_one_request_at_a_time(redis_server: RedisServer) -> None:
    """Limit 2 per 2 s: A, B one second later, C refused; once A has left the window there is one slot (D), not two
    (E refused) — a fixed window would have reset both. Times are taken after each response, so a slow machine
    cannot make the test flaky: a request's Redis timestamp is always before its response ends."""
    c = _client(redis_server, limit=2, window=2)

    def until(t: float) -> None:
        time.sleep(max(0.0, t - time.monotonic()))

    assert c.get("/api/v1/design/a").status_code == 200
    t_a = time.monotonic()
    until(t_a + 1.0)
    assert c.get("/api/v1/design/a").status_code == 200
    t_b = time.monotonic()
    refused = c.get("/api/v1/design/a")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    until(t_a + 2.1)
    assert c.get("/api/v1/design/a").status_code == 200
    again = c.get("/api/v1/design/a")
    assert again.status_code == 429, "a fixed window would have reset both slots"
    until(t_b + 2.1)
    assert c.get("/api/v1/design/a").status_code == 200


def test_buckets_per_api_key_and_invalid_credentials_fall_back_to_ip(redis_server: RedisServer) -> None:
    c = _client(redis_server, limit=2, window=30, AUTH_ENABLED=True, JWT_SECRET_KEY=SECRET,
                AUTH_API_KEYS=f"{API_KEY},{OTHER_KEY}")
    for _ in range(2):
        assert c.get("/api/v1/design/a", headers={"X-API-Key": API_KEY}).status_code == 200
    assert c.get("/api/v1/design/a", headers={"X-API-Key": API_KEY}).status_code == 429
    assert c.get("/api/v1/design/a", headers={"X-API-Key": OTHER_KEY}).status_code == 200
    # unauthenticated and bogus credentials share the client's IP bucket, 401s count too
    assert c.get("/api/v1/design/a", headers={"X-API-Key": "bogus-1"}).status_code == 401
    assert c.get("/api/v1/design/a", headers={"X-API-Key": "bogus-2"}).status_code == 401
    assert c.get("/api/v1/design/a", headers={"X-API-Key": "bogus-3"}).status_code == 429
    # a JWT shares the bucket of the key it was exchanged for (GET + token request = 2 = full)
    token = c.post("/api/v1/auth/token", headers={"X-API-Key": OTHER_KEY}).json()["access_token"]
    assert c.get("/api/v1/design/a", headers={"Authorization": f"Bearer {token}"}).status_code == 429


def test_websocket_handshakes_are_limited(redis_server: RedisServer) -> None:
    from starlette.websockets import WebSocketDisconnect

    c = _client(redis_server, limit=1, window=30)
    with c.websocket_connect("/ws/designs/x") as ws:
        assert ws.receive_json()["design_id"] == "x"
    with pytest.raises(WebSocketDisconnect) as closed, c.websocket_connect("/ws/designs/x") as ws:
        ws.receive_json()
    assert closed.value.code == 1008


def test_redis_outage_allows_requests_and_warns_once_per_interval(
        redis_server: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    settings = make_settings(REDIS_URL=redis_server.url, RATE_LIMIT_REQUESTS=2, RATE_LIMIT_WINDOW_SECONDS=30)
    window = RedisSlidingWindow(redis_server.url, 2, 30, warn_interval=3.0, retry_after_failure=0.0)
    app = build_app(make_settings())  # no limiter of its own: Redis not configured there
    app.user_middleware.insert(0, _middleware(RateLimitMiddleware, settings=settings, window=window))
    app.middleware_stack = None
    c = TestClient(app)
    assert [c.get("/api/v1/design/a").status_code for _ in range(3)] == [200, 200, 429]

    redis_server.stop()
    caplog.set_level(logging.WARNING, logger="ai_designer.api.middleware.rate_limit")
    errors_before = _metric(c, "rate_limit_backend_errors_total")
    assert [c.get("/api/v1/design/a").status_code for _ in range(5)] == [200] * 5
    warnings = [r for r in caplog.records if "Redis is unavailable" in r.getMessage()]
    assert len(warnings) == 1
    assert _metric(c, "rate_limit_backend_errors_total") >= errors_before + 5
    time.sleep(3.1)
    assert c.get("/api/v1/design/a").status_code == 200
    assert len([r for r in caplog.records if "Redis is unavailable" in r.getMessage()]) == 2

    redis_server.start()  # same port, empty data: limiting resumes
    assert [c.get("/api/v1/design/a").status_code for _ in range(3)] == [200, 200, 429]
    assert any("on again" in r.getMessage() for r in caplog.records)


def test_no_redis_configured_means_no_limiter() -> None:
    c = TestClient(build_app(make_settings(RATE_LIMIT_REQUESTS=1)))
    assert [c.get("/api/v1/design/a").status_code for _ in range(3)] == [200] * 3


def _middleware(cls: type, **kwargs: object) -> object:
    from starlette.middleware import Middleware

    return Middleware(cls, **kwargs)

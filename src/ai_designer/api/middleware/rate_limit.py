"""Sliding-window rate limiting in Redis — the outermost middleware.

Each caller has one Redis sorted set ``ratelimit:<bucket>`` whose members are request ids scored by their arrival time
(Redis server time, so several API machines agree). One Lua script trims entries older than the window, counts, and
adds the new request only if the count is below ``RATE_LIMIT_REQUESTS`` — atomic, one round trip. A refused request
is not recorded, so a client that keeps hammering does not extend its own ban.

Buckets: a valid API key or a JWT issued for it (``key:<sha256 prefix>``), else a valid JWT's subject
(``user:<sub>``), else the client IP (``ip:<addr>``). Invalid credentials fall back to the IP so rotating fake tokens does not escape the limit.

Responses carry ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (Unix time when the
oldest request in the window expires); a 429 adds ``Retry-After`` (whole seconds until a request will be admitted)
and is wrapped in the same CORS policy as the app, so browsers can read it.

Redis down or slow → the request is allowed, ``rate_limit_backend_errors_total`` goes up and a warning is logged at
most once per ``warn_interval`` seconds; Redis is not retried for ``retry_after_failure`` seconds so a dead server
costs nothing per request. With no Redis configured the limiter is off (the embedded single-process mode).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ai_designer.core import metrics
from ai_designer.core.errors import RateLimitedError
from ai_designer.core.security import credentials_from, identify
from ai_designer.core.settings import Settings

__all__ = ["RateLimitMiddleware", "RedisSlidingWindow", "Decision", "EXEMPT_PATHS"]

logger = logging.getLogger(__name__)

EXEMPT_PATHS = frozenset({"/health", "/ready", "/metrics"})

_LUA = """
if redis.replicate_commands then redis.replicate_commands() end  -- Redis < 5: allow TIME before writes
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window_ms = tonumber(ARGV[2])
local member = ARGV[3]
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now_ms - window_ms)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now_ms, member)
  count = count + 1
  allowed = 1
end
redis.call('PEXPIRE', key, window_ms)
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local oldest_ms = now_ms
if oldest[2] then oldest_ms = tonumber(oldest[2]) end
return {allowed, count, now_ms, oldest_ms}
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_at: float  # Unix seconds when the oldest counted request leaves the window
    retry_after: int  # whole seconds; 0 when allowed


class RedisSlidingWindow:
    """The Redis half of the limiter; ``hit()`` returns None when Redis cannot answer (caller allows)."""

    def __init__(self, url: str, limit: int, window_seconds: int, *, prefix: str = "ratelimit:",
                 socket_timeout: float = 0.25, warn_interval: float = 60.0, retry_after_failure: float = 2.0) -> None:
        self.url = url
        self.limit = limit
        self.window_ms = int(window_seconds * 1000)
        self.prefix = prefix
        self.socket_timeout = socket_timeout
        self.warn_interval = warn_interval
        self.retry_after_failure = retry_after_failure
        self._clients: dict[int, Any] = {}
        self._skip_until = 0.0
        self._last_warning = -math.inf
        self._degraded = False

    def _script_for_loop(self) -> Any:
        """One asyncio Redis client per event loop (a client's connections are bound to the loop that made them)."""
        import redis.asyncio as aioredis

        loop = asyncio.get_running_loop()
        entry = self._clients.get(id(loop))
        if entry is None or entry[0] is not loop:
            client = aioredis.Redis.from_url(self.url, socket_timeout=self.socket_timeout,
                                             socket_connect_timeout=self.socket_timeout)
            entry = (loop, client, client.register_script(_LUA))
            self._clients = {k: v for k, v in self._clients.items() if not v[0].is_closed()}
            self._clients[id(loop)] = entry
        return entry[2]

    async def hit(self, bucket: str) -> Decision | None:
        now = time.monotonic()
        if now < self._skip_until:
            metrics.record_rate_limit_backend_error()
            return None
        try:
            allowed, count, now_ms, oldest_ms = await self._script_for_loop()(
                keys=[self.prefix + bucket], args=[self.limit, self.window_ms, uuid.uuid4().hex])
        except Exception as exc:  # any Redis failure (refused, timeout, OOM, script error) must not block traffic
            self._on_failure(exc, now)
            return None
        if self._degraded:
            self._degraded = False
            logger.warning("rate limiting is on again: Redis answers")
        reset_ms = int(oldest_ms) + self.window_ms
        retry = 0 if allowed else max(1, math.ceil((reset_ms - int(now_ms)) / 1000))
        return Decision(allowed=bool(allowed), limit=self.limit, remaining=max(0, self.limit - int(count)),
                        reset_at=reset_ms / 1000, retry_after=retry)

    def _on_failure(self, exc: Exception, now: float) -> None:
        metrics.record_rate_limit_backend_error()
        self._degraded = True
        self._skip_until = now + self.retry_after_failure
        if now - self._last_warning >= self.warn_interval:
            self._last_warning = now
            logger.warning("rate limiting is off: Redis is unavailable (%s: %s); requests are allowed until it "
                           "answers again (next warning in %.0f s at most)", type(exc).__name__, exc,
                           self.warn_interval)

    async def aclose(self) -> None:
        loop = asyncio.get_running_loop()
        entry = self._clients.pop(id(loop), None)
        if entry is not None:
            await entry[1].aclose()


def _client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def _is_preflight(scope: Scope, headers: Headers) -> bool:
    return scope.get("method") == "OPTIONS" and "origin" in headers and "access-control-request-method" in headers


def _headers(decision: Decision) -> dict[str, str]:
    return {"X-RateLimit-Limit": str(decision.limit), "X-RateLimit-Remaining": str(decision.remaining),
            "X-RateLimit-Reset": str(math.ceil(decision.reset_at))}


class _TooManyRequests:
    """The 429 body as an ASGI app, so it can be wrapped by the CORS middleware."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        decision: Decision = scope["state"]["rate_limit"]
        exc = RateLimitedError(f"Too many requests: the limit is {decision.limit} per window; retry in "
                               f"{decision.retry_after} s.", details={"retry_after": decision.retry_after})
        headers = _headers(decision) | {"Retry-After": str(decision.retry_after)}
        await JSONResponse({"error": exc.to_dict()}, status_code=429, headers=headers)(scope, receive, send)


class RateLimitMiddleware:
    """Pure ASGI: counts HTTP requests and WebSocket handshakes per bucket; adds ``X-RateLimit-*`` headers."""

    def __init__(self, app: ASGIApp, settings: Settings, *, cors_options: dict[str, Any] | None = None,
                 window: RedisSlidingWindow | None = None) -> None:
        from starlette.middleware.cors import CORSMiddleware

        self.app = app
        self.settings = settings
        url = settings.effective_redis_url
        if window is None and settings.rate_limit_enabled and url:
            window = RedisSlidingWindow(url, settings.rate_limit_requests, settings.rate_limit_window_seconds)
        self.window = window
        denied: ASGIApp = _TooManyRequests()
        if cors_options is not None:
            denied = CORSMiddleware(denied, **cors_options)
        self.denied = denied

    def bucket(self, scope: Scope, headers: Headers) -> str:
        principal = identify(credentials_from(headers), self.settings)
        if principal is None:
            return "ip:" + _client_ip(scope)
        if principal.subject.startswith("key:"):  # an API key, or a JWT exchanged for one: one shared bucket
            return principal.subject
        return "user:" + principal.subject

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.window is None or scope["type"] not in ("http", "websocket") or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if scope["type"] == "http" and _is_preflight(scope, headers):
            await self.app(scope, receive, send)
            return
        bucket = self.bucket(scope, headers)
        decision = await self.window.hit(bucket)
        if decision is None:
            await self.app(scope, receive, send)
            return
        if not decision.allowed:
            metrics.record_rate_limit_rejection(bucket.split(":", 1)[0])
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008, "reason": "rate limited"})
                return
            scope.setdefault("state", {})["rate_limit"] = decision
            await self.denied(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        extra = [(k.lower().encode(), v.encode()) for k, v in _headers(decision).items()]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)

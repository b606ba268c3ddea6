"""MCP over Streamable HTTP, mounted in the real API app at /mcp under a real uvicorn on loopback: the same API-key
auth and Redis rate limit as REST, a real FreeCAD build, and the design visible through the REST API."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp_helpers import BLOCK, BLOCK_VOLUME, PNG_MAGIC, Progress, structured, text_of
from svc_helpers import RedisServer, UvicornServer, child_env, free_port, wait_until

KEY = "mcp-test-key-1"
HEADERS = {"X-API-Key": KEY}
INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "raw", "version": "0"}}}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
LIMIT = 40
CUSTOM_PLAN = {"name": "hostile", "operations": [
    {"op": "custom", "id": "c", "description": "a box", "code": "shape = Part.makeBox(10, 10, 10)"}]}


@pytest.fixture
def api(tmp_path: Path) -> Iterator[UvicornServer]:
    redis = RedisServer(tmp_path / "redis").start()
    server = UvicornServer(tmp_path / "home", JOB_BACKEND="local", POOL_WORKERS="1", AUTH_ENABLED="true",
                           AUTH_API_KEYS=KEY, JWT_SECRET_KEY="s" * 48, REDIS_URL=redis.url,
                           RATE_LIMIT_REQUESTS=str(LIMIT), RATE_LIMIT_WINDOW_SECONDS="60")
    try:
        yield server.start()
    finally:
        server.stop()
        redis.stop()


async def test_http_mcp_auth_design_rest_visibility_and_rate_limit(api: UvicornServer) -> None:
    url = api.url + "/mcp"
    refused = httpx.post(url, json=INIT, headers=MCP_HEADERS, timeout=10)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"

    async with (httpx2.AsyncClient(headers=HEADERS, timeout=httpx2.Timeout(60)) as http,
                streamable_http_client(url, http_client=http) as (read, write),
                ClientSession(read, write) as session):
        await session.initialize()
        assert "design" in {t.name for t in (await session.list_tools()).tools}
        progress = Progress()
        result = await session.call_tool("design", {"prompt": BLOCK}, progress_callback=progress)
        out = structured(result)
        assert not result.is_error and out["status"] == "succeeded", text_of(result)
        assert out["geometry"]["volume"] == pytest.approx(BLOCK_VOLUME, rel=1e-6)
        assert any("executing" in m for m in progress.messages)
        image = next(b for b in result.content if b.type == "image")
        assert base64.b64decode(image.data).startswith(PNG_MAGIC)
        stl = await session.read_resource(out["files"]["stl"])
        assert len(base64.b64decode(stl.contents[0].blob)) > 1000
        path_refused = await session.call_tool("analyze_fcstd", {"source": "/etc/passwd"})
        assert path_refused.is_error and "only design://" in text_of(path_refused)

        # A plan with FreeCAD code: refused exactly as the REST API refuses it, and nothing is stored.
        hostile = await session.call_tool("build_plan", {"plan": CUSTOM_PLAN})
        rest_hostile = httpx.post(f"{api.url}/api/v1/design", json={"prompt": "x", "plan": CUSTOM_PLAN},
                                  headers=HEADERS, timeout=10)
        assert rest_hostile.status_code == 403
        code = rest_hostile.json()["error"]["code"]
        assert code == "client_code_refused" and hostile.is_error and code in text_of(hostile)
        assert "ALLOW_CLIENT_CODE" in text_of(hostile)
        assert structured(await session.call_tool("list_designs", {}))["total"] == 1

    rest = httpx.get(f"{api.url}/api/v1/design/{out['design_id']}", headers=HEADERS, timeout=10).json()
    assert rest["status"] == "succeeded" and rest["geometry"]["bbox"] == pytest.approx([100, 60, 20], abs=1e-6)
    step = httpx.get(api.url + rest["files"]["step"], headers=HEADERS, timeout=10)
    assert step.status_code == 200 and step.content.startswith(b"ISO-10303-21")

    statuses: list[Any] = []
    with httpx.Client(headers={**HEADERS, **MCP_HEADERS}, timeout=10) as client:
        for _ in range(LIMIT + 1):
            response = client.post(url, json=INIT)
            statuses.append(response.status_code)
            if response.status_code == 429:
                assert int(response.headers["Retry-After"]) >= 1
                break
    assert statuses[-1] == 429 and 200 in statuses


async def test_standalone_http_server_serves_mcp_behind_auth(tmp_path: Path) -> None:
    """``ai-designer mcp --http``: only /mcp and /health, with the same API-key auth."""
    port = free_port()
    env = child_env(AI_DESIGNER_HOME=str(tmp_path / "home"), JOB_BACKEND="local", AUTH_ENABLED="true",
                    AUTH_API_KEYS=KEY, JWT_SECRET_KEY="s" * 48)
    exe = Path(sys.executable).parent / "ai-designer"
    log = (tmp_path / "mcp-http.log").open("wb")
    proc = subprocess.Popen([str(exe), "mcp", "--http", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _up(url, proc), 60, "ai-designer mcp --http")
        assert httpx.post(url + "/mcp", json=INIT, headers=MCP_HEADERS, timeout=10).status_code == 401
        async with (httpx2.AsyncClient(headers=HEADERS, timeout=httpx2.Timeout(30)) as http,
                    streamable_http_client(url + "/mcp", http_client=http) as (read, write),
                    ClientSession(read, write) as session):
            await session.initialize()
            listed = structured(await session.call_tool("list_designs", {}))
            assert listed == {"items": [], "total": 0, "next_offset": None}
            assert "design" in (await session.read_resource("ai-designer://guide")).contents[0].text
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()


def _up(url: str, proc: subprocess.Popen[bytes]) -> bool:
    assert proc.poll() is None, "ai-designer mcp --http exited"
    try:
        return httpx.get(url + "/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False

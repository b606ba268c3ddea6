"""The response cache: on disk by default, in a real redis-server when configured; never fatal when broken."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.core.settings import get_settings
from ai_designer.llm.cache import DiskCache, RedisCache, cache_key, get_cache
from ai_designer.llm.provider import UnifiedLLMProvider
from ai_designer.llm.testing import ScriptedLLMServer
from ai_designer.schemas.llm_schemas import LLMMessage, LLMRequest, LLMResponse, LLMRole


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _request(server: ScriptedLLMServer, text: str = "same question") -> LLMRequest:
    return LLMRequest(model="openai/gpt-4o-mini", api_base=server.base_url,
                      messages=[LLMMessage(role=LLMRole.user, content=text)])


def test_redis_cache_is_shared_and_expires(llm_server: ScriptedLLMServer, redis_url: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("LLM_CACHE_TTL_SECONDS", "60")
    get_settings.cache_clear()
    assert isinstance(get_cache(get_settings()), RedisCache)
    llm_server.enqueue("from the model")
    first = UnifiedLLMProvider().complete(_request(llm_server))
    second = UnifiedLLMProvider().complete(_request(llm_server))
    assert (first.cached, second.cached, llm_server.calls) == (False, True, 1)
    assert second.content == "from the model"
    import redis

    client = redis.Redis.from_url(redis_url)
    key = RedisCache.PREFIX + cache_key(_request(llm_server), ["openai/gpt-4o-mini"])
    assert 0 < client.ttl(key) <= 60
    assert not any((get_settings().cache_dir / "llm").rglob("*.json")), "Redis replaces the disk cache"


def test_unreachable_redis_does_not_fail_the_call(llm_server: ScriptedLLMServer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{_free_port()}/0")
    get_settings.cache_clear()
    llm_server.enqueue("still answered")
    assert UnifiedLLMProvider().complete(_request(llm_server)).content == "still answered"


def test_disk_cache_expiry_and_corrupt_entries(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, ttl_seconds=0.2)
    response = LLMResponse(content="x", model="m")
    cache.set("ab" * 32, response)
    assert cache.get("ab" * 32) == response
    time.sleep(0.3)
    assert cache.get("ab" * 32) is None
    cache.set("cd" * 32, response)
    next(tmp_path.rglob("cd*.json")).write_text("{broken")
    assert cache.get("cd" * 32) is None


def test_cache_can_be_turned_off(llm_server: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_CACHE", "false")
    get_settings.cache_clear()
    llm_server.enqueue("one").enqueue("two")
    provider = UnifiedLLMProvider()
    assert [provider.complete(_request(llm_server)).content for _ in range(2)] == ["one", "two"]

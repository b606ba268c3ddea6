"""Response cache: an identical request (model, messages, sampling, output schema) is answered from the cache.

Re-running a prompt then costs nothing and returns the same plan. Storage is a directory of JSON files under
``settings.cache_dir / "llm"`` by default, or Redis (``REDIS_URL``/``REDIS_HOST``) when configured, so every API
worker shares it. Entries expire after ``LLM_CACHE_TTL_SECONDS``. ``LLM_CACHE=false`` turns the cache off.
A broken cache never fails a call: errors are logged and the call goes to the model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Protocol

from ai_designer.schemas.llm_schemas import LLMRequest, LLMResponse

__all__ = ["ResponseCache", "DiskCache", "RedisCache", "cache_key", "get_cache"]

log = logging.getLogger(__name__)


class ResponseCache(Protocol):
    def get(self, key: str) -> LLMResponse | None: ...

    def set(self, key: str, response: LLMResponse) -> None: ...


def cache_key(request: LLMRequest, models: list[str] | None = None) -> str:
    """SHA-256 over what determines the answer: the model chain actually used (``models``, default the request's),
    messages, sampling and output format."""
    payload = {
        "models": models if models is not None else request.models(),
        "messages": [m.to_litellm() for m in request.messages],
        "temperature": request.temperature,
        "max_tokens": request.max_tokens,
        "json_schema": request.json_schema,
        "json_mode": request.json_mode,
        "api_base": request.api_base,
    }
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class DiskCache:
    """One JSON file per entry, written atomically (safe with several processes)."""

    def __init__(self, directory: Path, ttl_seconds: float) -> None:
        self.directory = Path(directory)
        self.ttl = ttl_seconds

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> LLMResponse | None:
        path = self._path(key)
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("LLM cache entry %s unreadable (%s); ignoring it", path.name, exc)
            return None
        if self.ttl and time.time() - float(data.get("stored_at", 0)) > self.ttl:
            path.unlink(missing_ok=True)
            return None
        return LLMResponse.model_validate(data["response"])

    def set(self, key: str, response: LLMResponse) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            body = json.dumps({"stored_at": time.time(), "response": response.model_dump(mode="json")})
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(body)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("could not write LLM cache entry %s: %s", path, exc)


class RedisCache:
    """Entries as Redis strings ``ai-designer:llm-cache:<key>`` with a TTL."""

    PREFIX = "ai-designer:llm-cache:"

    def __init__(self, url: str, ttl_seconds: float) -> None:
        import redis

        self._client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.ttl = int(ttl_seconds) or None

    def get(self, key: str) -> LLMResponse | None:
        try:
            raw = self._client.get(self.PREFIX + key)
        except Exception as exc:  # noqa: BLE001 - a cache outage must not fail the call
            log.warning("Redis LLM cache unavailable (%s); calling the model", exc)
            return None
        if raw is None:
            return None
        return LLMResponse.model_validate_json(raw)

    def set(self, key: str, response: LLMResponse) -> None:
        try:
            self._client.set(self.PREFIX + key, response.model_dump_json(), ex=self.ttl)
        except Exception as exc:  # noqa: BLE001
            log.warning("Redis LLM cache unavailable (%s); answer not cached", exc)


def get_cache(settings: Any) -> ResponseCache | None:
    """The cache the settings ask for: None when ``LLM_CACHE`` is off, Redis when configured, else disk."""
    if not settings.llm_cache:
        return None
    ttl = float(settings.llm_cache_ttl_seconds)
    url = settings.effective_redis_url
    if url:
        return RedisCache(url, ttl)
    return DiskCache(settings.cache_dir / "llm", ttl)

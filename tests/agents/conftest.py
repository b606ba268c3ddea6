"""A scripted OpenAI-compatible server on loopback for every LLM test (no key, no network)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ai_designer.core.settings import get_settings
from ai_designer.llm.testing import ScriptedLLMServer


@pytest.fixture
def llm_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedLLMServer]:
    """The server, with fast retries; litellm reaches it through ``api_base=server.base_url``."""
    monkeypatch.setenv("LLM_RETRY_BACKOFF_SECONDS", "0.01")
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    get_settings.cache_clear()
    with ScriptedLLMServer() as server:
        yield server

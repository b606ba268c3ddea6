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


@pytest.fixture
def planner_llm(llm_server: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch) -> ScriptedLLMServer:
    """Point every agent at the scripted server (a priced model so cost is computed); no fallback."""
    for agent in ("PLANNER", "GENERATOR", "VALIDATOR", "ORCHESTRATOR"):
        monkeypatch.setenv(f"AGENT_{agent}_PRIMARY", "openai/gpt-4o-mini")
        monkeypatch.setenv(f"AGENT_{agent}_FALLBACK", "none")
        monkeypatch.setenv(f"AGENT_{agent}_API_BASE", llm_server.base_url)
    get_settings.cache_clear()
    return llm_server

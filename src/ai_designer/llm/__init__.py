"""Model configuration, routing and key checks, the response cache, reasoning splitting, a scripted test server.

The client itself is :class:`ai_designer.core.llm_provider.UnifiedLLMProvider`. Nothing here imports litellm.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "AGENT_MODEL_CONFIG": "model_config", "get_agent_config": "model_config", "get_env_override": "model_config",
    "is_llm_configured": "routing", "litellm_model": "routing", "provider_of": "routing",
    "split_reasoning": "reasoning", "ScriptedLLMServer": "testing",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"ai_designer.llm.{_EXPORTS[name]}"), name)
    raise AttributeError(name)

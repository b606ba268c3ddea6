"""The LLM layer: the one client (:class:`UnifiedLLMProvider`, on litellm), per-agent model configuration, routing
and key checks, the response cache, reasoning splitting, and a scripted OpenAI-compatible server for tests.

litellm itself is imported on the first model call only (:func:`ai_designer.llm.provider.load_litellm`: ~3 s);
importing this package costs milliseconds.
"""

from ai_designer.llm.model_config import (
    AGENT_MODEL_CONFIG,
    ModelChoice,
    get_agent_config,
    get_env_override,
    resolve_agent_config,
    resolve_model,
)
from ai_designer.llm.provider import UnifiedLLMProvider
from ai_designer.llm.reasoning import split_reasoning
from ai_designer.llm.routing import is_llm_configured, litellm_model, provider_of
from ai_designer.llm.testing import ScriptedLLMServer

__all__ = [
    "AGENT_MODEL_CONFIG", "ModelChoice", "ScriptedLLMServer", "UnifiedLLMProvider", "get_agent_config",
    "get_env_override", "is_llm_configured", "litellm_model", "provider_of", "resolve_agent_config",
    "resolve_model", "split_reasoning",
]

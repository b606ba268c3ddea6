"""Model names, providers and credentials — the one place that knows them.

* :data:`PREFIX_MAP` maps prefixes litellm does not know to the ones it does (``google/gemini-pro`` →
  ``gemini/gemini-pro``).
* :func:`model_credentials` says which key a model needs and returns litellm's ``api_key``/``api_base`` kwargs, or
  raises :class:`LLMNotConfigured` with a message that says what to set.
* :func:`is_llm_configured` answers "can this agent call a model at all?" without importing litellm (cheap: the
  engine asks it on every run).

Keys are read from the environment under the names the providers document (``OPENAI_API_KEY`` …); they are never
stored in settings or logs. A model whose ``api_base`` points at an OpenAI-compatible server needs no key.
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import LLMNotConfigured
from ai_designer.core.settings import get_settings
from ai_designer.llm.model_config import resolve_agent_config
from ai_designer.schemas.llm_schemas import LLMProvider

__all__ = ["PREFIX_MAP", "PROVIDER_KEYS", "AUTO_MODELS", "litellm_model", "provider_of", "provider_enum",
           "model_credentials", "is_model_configured", "configured_chain", "is_llm_configured",
           "not_configured_message", "key_names", "OLLAMA_DEFAULT_URL"]

PREFIX_MAP = {"google": "gemini", "google_ai": "gemini", "claude": "anthropic"}
PROVIDER_KEYS: dict[str, tuple[str, ...]] = {
    "openai": ("OPENAI_API_KEY",),
    "anthropic": ("ANTHROPIC_API_KEY",),
    "gemini": ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
    "deepseek": ("DEEPSEEK_API_KEY",),
    "ollama": (),
    "ollama_chat": (),
}
#: Used when none of an agent's configured models has credentials but some provider does (only OPENAI_API_KEY set,
#: say): the agent then uses that provider's model instead of failing. Order = preference.
AUTO_MODELS = (
    ("openai", "openai/gpt-4o"),
    ("anthropic", "anthropic/claude-sonnet-4-5"),
    ("gemini", "gemini/gemini-2.5-pro"),
    ("deepseek", "deepseek/deepseek-chat"),
)
OLLAMA_DEFAULT_URL = "http://localhost:11434"


def litellm_model(model: str) -> str:
    """The name litellm understands (``google/gemini-pro`` → ``gemini/gemini-pro``); other names unchanged."""
    prefix, sep, rest = model.partition("/")
    if sep and prefix.lower() in PREFIX_MAP:
        return f"{PREFIX_MAP[prefix.lower()]}/{rest}"
    return model


def provider_of(model: str) -> str:
    """The litellm provider prefix of a model (after mapping); bare names such as ``gpt-4o`` count as openai."""
    prefix, sep, _ = litellm_model(model).partition("/")
    return prefix.lower() if sep else "openai"


def provider_enum(model: str) -> LLMProvider:
    p = provider_of(model)
    if p == "ollama_chat":
        return LLMProvider.ollama
    try:
        return LLMProvider(p)
    except ValueError:
        return LLMProvider.other


def key_names(provider: str) -> tuple[str, ...]:
    """The environment variables that hold ``provider``'s key (empty for local providers such as Ollama)."""
    return PROVIDER_KEYS.get(provider, (f"{provider.upper()}_API_KEY",))


def _ollama_url() -> str | None:
    return get_settings().ollama_base_url


def not_configured_message(agent: str | None = None, model: str | None = None) -> str:
    who = f"the {agent}" if agent else "this step"
    var = f"AGENT_{(agent or 'planner').upper()}_PRIMARY"
    if model:
        keys = " or ".join(key_names(provider_of(model))) or "OLLAMA_BASE_URL"
        return (f"{who} model {model!r} needs {keys}: set {keys}, or choose another model with "
                f"{var}=ollama/qwen2.5-coder (and OLLAMA_BASE_URL for a local Ollama server)")
    return (f"{who} needs an LLM provider: set OPENAI_API_KEY (or ANTHROPIC_API_KEY, GEMINI_API_KEY, "
            f"DEEPSEEK_API_KEY), or {var}=ollama/qwen2.5-coder with OLLAMA_BASE_URL for a local model")


def model_credentials(model: str, api_base: str | None = None, *, agent: str | None = None) -> dict[str, Any]:
    """litellm kwargs (``api_key``, ``api_base``) for ``model``; :class:`LLMNotConfigured` if it cannot be called."""
    provider = provider_of(model)
    if provider in ("ollama", "ollama_chat"):
        return {"api_base": api_base or _ollama_url() or OLLAMA_DEFAULT_URL}
    for name in key_names(provider):
        value = get_settings().llm_var(name)
        if value:
            return {"api_key": value, **({"api_base": api_base} if api_base else {})}
    if api_base:  # a self-hosted OpenAI-compatible server: the client needs some key, the server ignores it
        return {"api_key": "sk-no-key-required", "api_base": api_base}
    raise LLMNotConfigured(not_configured_message(agent, model), details={"model": model, "provider": provider})


def is_model_configured(model: str, api_base: str | None = None) -> bool:
    try:
        model_credentials(model, api_base)
    except LLMNotConfigured:
        return False
    return True


def configured_chain(models: list[str], api_base: str | None = None) -> list[str]:
    """The models of ``models`` that can be called (``api_base`` applies to the first model's provider), else the
    first auto model whose provider has a key, else ``[]``."""
    if not models:
        return []
    home = provider_of(models[0])
    out = [m for m in models if is_model_configured(m, api_base if provider_of(m) == home else None)]
    if out:
        return out
    for provider, auto in AUTO_MODELS:
        if any(get_settings().llm_var(k) for k in key_names(provider)):
            return [auto]
    return []


def is_llm_configured(agent_name: str) -> bool:
    """True when the agent has at least one model it can call. Never imports litellm, never touches the network."""
    cfg = resolve_agent_config(agent_name)
    return bool(configured_chain(cfg.chain(), cfg.api_base))

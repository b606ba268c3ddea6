"""What ``ai-designer models`` shows: each agent's models, whether they can be called here, what litellm says
they cost, and the configured aliases usable with ``-m``.

Prices come from litellm's bundled price map (``litellm.get_model_info``; no download): importing litellm takes
seconds, so :func:`describe_models` does it only when asked for prices.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ai_designer.llm.model_config import AGENT_MODEL_CONFIG, load_model_aliases, resolve_agent_config
from ai_designer.llm.provider import load_litellm
from ai_designer.llm.routing import is_model_configured, key_names, litellm_model, provider_of

__all__ = ["ModelRow", "describe_models", "price_per_1k"]


class ModelRow(BaseModel):
    """One model as one agent (or an alias) would call it."""

    agent: str = Field(description="planner | generator | validator | orchestrator, or 'alias:NAME'")
    role: str = Field(description="primary | fallback | alias")
    model: str
    provider: str
    api_base: str | None = None
    ready: bool = Field(description="a key, an api_base or a local Ollama makes it callable")
    needs: str = Field(description="what to set when it is not ready")
    input_per_1k_usd: float | None = None
    output_per_1k_usd: float | None = None


def price_per_1k(litellm: Any, model: str) -> tuple[float | None, float | None]:
    """USD per 1000 input and output tokens from litellm's price map; ``(None, None)`` when it has no price."""
    try:
        info = litellm.get_model_info(litellm_model(model))
    except Exception:  # noqa: BLE001 - litellm raises its own "not mapped" errors: the price is unknown
        return None, None
    inp, out = info.get("input_cost_per_token"), info.get("output_cost_per_token")
    return (None if inp is None else float(inp) * 1000, None if out is None else float(out) * 1000)


def _row(agent: str, role: str, model: str, api_base: str | None, litellm: Any) -> ModelRow:
    provider = provider_of(model)
    ready = is_model_configured(model, api_base)
    needs = "" if ready else " or ".join(key_names(provider)) or "OLLAMA_BASE_URL"
    inp, out = price_per_1k(litellm, model) if litellm is not None else (None, None)
    return ModelRow(agent=agent, role=role, model=model, provider=provider, api_base=api_base, ready=ready,
                    needs=needs, input_per_1k_usd=inp, output_per_1k_usd=out)


def describe_models(*, prices: bool = True) -> list[ModelRow]:
    """Every configured agent's primary and fallback, then every alias of ``model_aliases``."""
    litellm = load_litellm() if prices else None
    rows: list[ModelRow] = []
    for agent in AGENT_MODEL_CONFIG:
        cfg = resolve_agent_config(agent)
        home = provider_of(cfg.primary)
        for role, model in (("primary", cfg.primary), ("fallback", cfg.fallback)):
            if model:
                base = cfg.api_base if provider_of(model) == home else None
                rows.append(_row(agent, role, model, base, litellm))
    for name, choice in load_model_aliases().items():
        rows.append(_row(f"alias:{name}", "alias", choice.model, choice.api_base, litellm))
    return rows

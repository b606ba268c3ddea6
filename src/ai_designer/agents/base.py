"""The agent base class: one model configuration per agent, one provider, bounded retries, usage accounting.

An agent's deterministic path (offline planner, plan compiler, geometric validator) never touches a model; the LLM
is a capability an agent *may* use, checked with :meth:`BaseAgent.llm_available` (cheap, no litellm import).
Agents are shared by concurrent designs, so per-request state (usage) is passed in, never kept on ``self``.
"""

from __future__ import annotations

import json
import logging
import re
from abc import ABC, abstractmethod
from typing import Any

from ai_designer.agents.contracts import RunOptions
from ai_designer.core.errors import LLMError, LLMNotConfigured
from ai_designer.core.settings import Settings, get_settings
from ai_designer.llm.model_config import AgentModelConfig, resolve_agent_config, resolve_model
from ai_designer.llm.provider import UnifiedLLMProvider
from ai_designer.llm.routing import (
    is_llm_configured,
    is_model_configured,
    model_credentials,
    not_configured_message,
    provider_of,
)
from ai_designer.schemas.design_state import LLMUsage
from ai_designer.schemas.llm_schemas import LLMMessage, LLMRequest, LLMResponse, LLMRole

__all__ = ["BaseAgent", "extract_json", "extract_code"]

log = logging.getLogger(__name__)
_FENCE = re.compile(r"```(?:[A-Za-z0-9_+-]*)\s*\n(.*?)```", re.DOTALL)


def extract_json(text: str) -> Any:
    """Parse the JSON object of an answer: a bare object, one in a code fence, or the outermost ``{…}``.
    Raises ``ValueError`` with the parser's message."""
    text = text.strip()
    candidates = [text, *(m.group(1) for m in _FENCE.finditer(text))]
    if "{" in text and "}" in text:
        candidates.append(text[text.index("{"): text.rindex("}") + 1])
    last: Exception | None = None
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError as exc:
            last = exc
    raise ValueError(f"the answer is not valid JSON ({last})" if last else "the answer is empty")


def extract_code(text: str) -> str:
    """The Python code of an answer: the first fenced block (preferring ```python), else the whole text."""
    blocks = re.findall(r"```(python|py)?\s*\n(.*?)```", text, re.DOTALL)
    for lang, body in blocks:
        if lang:
            return body.strip()
    return blocks[0][1].strip() if blocks else text.strip()


class BaseAgent(ABC):
    """Subclasses set ``name`` (a key of ``AGENT_MODEL_CONFIG``) and implement :meth:`execute`."""

    name: str = "agent"

    def __init__(self, settings: Settings | None = None, provider: UnifiedLLMProvider | None = None, *,
                 max_retries: int = 1) -> None:
        self.settings = settings or get_settings()
        self._provider = provider
        self.max_retries = max_retries

    @abstractmethod
    def execute(self, request: Any) -> Any:
        """Do the agent's job: one request object in, one outcome (carrying its LLM usage) out."""

    # --- LLM plumbing ------------------------------------------------------------------------------------------
    @property
    def provider(self) -> UnifiedLLMProvider:
        """The provider (built on first use; building it does not import litellm)."""
        if self._provider is None:
            self._provider = UnifiedLLMProvider(self.settings)
        return self._provider

    @property
    def model_config(self) -> AgentModelConfig:
        return resolve_agent_config(self.name)

    def models_for(self, options: RunOptions | None = None) -> tuple[list[str], str | None]:
        """The model chain and endpoint for a run: the run's ``-m`` model alone (an alias brings its own endpoint;
        a plain name reuses the agent's ``api_base`` when the provider matches), else primary then fallback."""
        cfg = self.model_config
        if options is None or not options.model:
            return cfg.chain(), cfg.api_base
        choice = resolve_model(options.model)
        same_home = provider_of(choice.model) == provider_of(cfg.primary)
        return [choice.model], choice.api_base or (cfg.api_base if same_home else None)

    def llm_available(self, options: RunOptions | None = None) -> bool:
        """Whether this run may call a model and one can be called (a key, an api_base or Ollama)."""
        if options is not None and not options.allows_llm:
            return False
        if options is not None and options.model:
            models, api_base = self.models_for(options)
            return is_model_configured(models[0], api_base)
        return is_llm_configured(self.name)

    def not_configured_hint(self, options: RunOptions | None = None) -> str:
        """What to set so this run can call a model (names the ``-m`` model's key when one was chosen)."""
        if options is not None and not options.allows_llm:
            return "--offline was given (routing 'offline'): drop it to let a language model plan this request"
        if options is not None and options.model:
            models, api_base = self.models_for(options)
            try:
                model_credentials(models[0], api_base, agent=self.name)
            except LLMNotConfigured as exc:
                return exc.message
        return not_configured_message(self.name)

    def _build_llm_request(self, messages: list[LLMMessage] | str, *, system: str | None = None,
                           json_schema: dict[str, Any] | None = None, schema_name: str = "answer",
                           json_mode: bool = False, use_cache: bool = True,
                           options: RunOptions | None = None) -> LLMRequest:
        """A request with this agent's models (or the run's ``-m`` model), temperature and token limit."""
        cfg = self.model_config
        models, api_base = self.models_for(options)
        msgs = [LLMMessage(role=LLMRole.user, content=messages)] if isinstance(messages, str) else list(messages)
        if system:
            msgs.insert(0, LLMMessage(role=LLMRole.system, content=system))
        return LLMRequest(model=models[0], fallbacks=models[1:], messages=msgs,
                          temperature=cfg.temperature, max_tokens=cfg.max_tokens, api_base=api_base,
                          json_schema=json_schema, schema_name=schema_name, json_mode=json_mode,
                          use_cache=use_cache and self.settings.llm_cache, agent=self.name)

    def _call_llm(self, request: LLMRequest, usage: LLMUsage | None = None) -> LLMResponse:
        """Call the provider, retrying up to ``max_retries`` times on :class:`LLMError`, then re-raise.
        A missing configuration is not retried. ``usage`` (if given) accumulates calls, tokens, cost, cache hits."""
        attempt = 0
        while True:
            try:
                response: LLMResponse = self.provider.complete(request)
            except LLMNotConfigured:
                raise
            except LLMError as exc:
                if attempt >= self.max_retries:
                    raise
                attempt += 1
                log.info("%s: LLM call failed (%s); agent retry %d/%d", self.name, exc.message, attempt,
                         self.max_retries)
                continue
            if usage is not None:
                if response.cached:
                    usage.cache_hits += 1
                else:
                    usage.calls += 1
                    usage.tokens += response.total_tokens
                    usage.cached_tokens += response.cached_prompt_tokens
                    usage.cost_usd += response.cost_usd or 0.0
            return response

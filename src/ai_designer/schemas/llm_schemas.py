"""Requests to and answers from a language model — the contract of :class:`UnifiedLLMProvider`.

A request names a primary ``model`` (litellm naming, ``provider/model``) and an optional ``fallbacks`` chain; the
answer says which model actually answered, the tokens it used, its cost (``None`` when litellm has no price for the
model) and whether it came from the response cache. Reasoning that models such as DeepSeek-R1 emit inside
``<think>…</think>`` is kept apart in ``reasoning`` and never part of ``content``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

__all__ = ["LLMProvider", "LLMRole", "LLMMessage", "LLMRequest", "LLMResponse"]


class LLMProvider(StrEnum):
    """Providers with first-class support (key checks, docs); any other litellm prefix still works."""

    openai = "openai"
    anthropic = "anthropic"
    gemini = "gemini"
    deepseek = "deepseek"
    ollama = "ollama"
    other = "other"


class LLMRole(StrEnum):
    system = "system"
    user = "user"
    assistant = "assistant"


class LLMMessage(BaseModel):
    role: LLMRole
    content: str

    def to_litellm(self) -> dict[str, str]:
        return {"role": self.role.value, "content": self.content}


class LLMRequest(BaseModel):
    model: str = Field(description="litellm model name, e.g. 'openai/gpt-4o' or 'ollama/qwen2.5-coder'")
    messages: list[LLMMessage] = Field(min_length=1)
    fallbacks: list[str] = Field(default_factory=list, description="models tried in order when `model` fails")
    temperature: float = Field(default=0.3, ge=0, le=2)
    max_tokens: int = Field(default=4096, ge=1)
    json_schema: dict[str, Any] | None = Field(
        default=None, description="ask for JSON matching this schema (structured output where the provider has it)")
    schema_name: str = "answer"
    strict_schema: bool = Field(default=False, description="json_schema is in the strict subset: ask the provider to "
                                "enforce it (OpenAI structured outputs)")
    json_mode: bool = Field(default=False, description="ask for a JSON object (no schema)")
    api_base: str | None = Field(default=None, description="OpenAI-compatible endpoint for the primary's provider")
    timeout: float | None = Field(default=None, gt=0, description="seconds per attempt; default LLM_TIMEOUT_SECONDS")
    use_cache: bool = True
    cache_prefix: bool = Field(default=False, description="the system prompt is the same on every call: mark it for "
                               "the provider's prompt cache (Anthropic's cache_control; OpenAI, DeepSeek and Gemini "
                               "cache a repeated prefix by themselves)")
    agent: str | None = Field(default=None, description="for logs and metrics")

    def models(self) -> list[str]:
        out: list[str] = []
        for m in [self.model, *self.fallbacks]:
            if m and m not in out:
                out.append(m)
        return out


class LLMResponse(BaseModel):
    content: str
    model: str
    provider: str = "other"
    reasoning: str | None = Field(default=None, description="text of <think> blocks / reasoning_content")
    prompt_tokens: int = 0
    cached_prompt_tokens: int = Field(default=0, description="of prompt_tokens, those the provider read from its "
                                      "prompt cache (billed at its cheaper cached rate)")
    completion_tokens: int = 0
    total_tokens: int = 0
    cost_usd: float | None = None
    cached: bool = False
    attempts: int = 1
    latency_seconds: float = 0.0
    finish_reason: str | None = None

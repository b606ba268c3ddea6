"""The one LLM client of ai-designer, on litellm: retries, a fallback chain, timeouts, cost, a response cache.

    provider = UnifiedLLMProvider()
    answer = provider.complete(LLMRequest(model="openai/gpt-4o-mini", messages=[LLMMessage(role="user", content="hi")]))
    answer.content, answer.cost_usd, provider.get_total_cost()

Why it looks like this:

* ``complete`` is synchronous (the engine runs designs on threads); ``complete_stream`` is an async generator for the
  WebSocket (litellm ``acompletion(stream=True)``) and never retries: a stream that fails raises :class:`LLMError`
  at once, because half of an answer has already been shown.
* Transient failures (HTTP 429, 5xx, timeouts, connection errors, malformed bodies) are retried per model with
  exponential backoff (``LLM_MAX_RETRIES``, ``LLM_RETRY_BACKOFF_SECONDS``); permanent ones (bad key, bad request,
  unknown model) go straight to the next model of the fallback chain. Models without credentials are skipped; if
  none has any, :class:`LLMNotConfigured` says which variable to set.
* litellm is imported on the first call only (it costs ~3 s) with ``LITELLM_LOCAL_MODEL_COST_MAP=True`` so it does
  not try to download its price list; no litellm global is changed at import time.
* ``cost_usd`` comes from ``litellm.completion_cost`` (``None`` when litellm has no price for the model); every call
  is logged at debug with model, tokens and cost and recorded in the Prometheus metrics.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from ai_designer.core import metrics
from ai_designer.core.errors import LLMError, LLMNotConfigured
from ai_designer.core.settings import Settings, get_settings
from ai_designer.llm.cache import ResponseCache, cache_key, get_cache
from ai_designer.llm.reasoning import ThinkSplitter, split_reasoning
from ai_designer.llm.routing import (
    configured_chain,
    litellm_model,
    model_credentials,
    not_configured_message,
    provider_of,
)
from ai_designer.schemas.llm_schemas import LLMRequest, LLMResponse

__all__ = ["UnifiedLLMProvider", "load_litellm"]

log = logging.getLogger(__name__)
#: Providers whose JSON-schema mode litellm passes on faithfully (Anthropic: as a forced tool call). Gemini's
#: litellm path pastes a lossy copy of the schema into the prompt, so it gets plain JSON mode like the others.
_SCHEMA_PROVIDERS = {"openai", "anthropic", "azure"}
#: Providers that enforce a strict schema (OpenAI structured outputs); Anthropic gets it as a plain tool schema.
_STRICT_PROVIDERS = {"openai", "azure"}
_AUTO = object()


def _messages(request: LLMRequest, provider: str) -> list[dict[str, Any]]:
    """The messages for litellm. With ``cache_prefix``, Anthropic gets the system prompt as a text block marked
    ``cache_control`` (its prompt cache then covers the tools — the plan schema — and the system prompt: later calls
    read them at a tenth of the price). OpenAI, Azure, DeepSeek and Gemini cache a repeated prefix without being
    asked, so their messages stay plain."""
    out: list[dict[str, Any]] = [m.to_litellm() for m in request.messages]
    if request.cache_prefix and provider == "anthropic":
        for m in out:
            if m["role"] == "system":
                m["content"] = [{"type": "text", "text": m["content"], "cache_control": {"type": "ephemeral"}}]
    return out


def load_litellm() -> Any:
    """Import litellm on first use, with its bundled price map and Anthropic header table (it would otherwise try
    to download both: slow, and pointless offline)."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS", "True")
    import litellm

    litellm.suppress_debug_info = True
    return litellm


def _is_transient(litellm: Any, exc: BaseException) -> bool:
    permanent = (litellm.AuthenticationError, litellm.PermissionDeniedError, litellm.BadRequestError,
                 litellm.NotFoundError, litellm.ContextWindowExceededError, litellm.ContentPolicyViolationError,
                 litellm.UnsupportedParamsError)
    if isinstance(exc, permanent):
        return False
    transient = (litellm.RateLimitError, litellm.Timeout, litellm.APIConnectionError, litellm.InternalServerError,
                 litellm.ServiceUnavailableError, litellm.BadGatewayError, litellm.APIError, TimeoutError,
                 ConnectionError)
    return isinstance(exc, transient)


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    try:
        value = float(headers.get("retry-after"))
    except (TypeError, ValueError):
        return None
    return min(max(value, 0.0), 10.0)


def _short(exc: BaseException) -> str:
    text = str(exc).replace("\n", " ")
    return f"{type(exc).__name__}: {text[:300]}"


class UnifiedLLMProvider:
    """Thread-safe. ``cache=None`` disables the response cache; by default it follows ``LLM_CACHE``."""

    def __init__(self, settings: Settings | None = None, *, cache: ResponseCache | None | object = _AUTO,
                 max_retries: int | None = None, backoff_seconds: float | None = None) -> None:
        self.settings = settings or get_settings()
        self._cache: ResponseCache | None = get_cache(self.settings) if cache is _AUTO else cache  # type: ignore[assignment]
        self.max_retries = self.settings.llm_max_retries if max_retries is None else max_retries
        self.backoff = self.settings.llm_retry_backoff_seconds if backoff_seconds is None else backoff_seconds
        self._lock = threading.Lock()
        self._total_cost = 0.0
        self._total_tokens = 0
        self._calls = 0
        self._cache_hits = 0

    # --- totals ------------------------------------------------------------------------------------------------
    def get_total_cost(self) -> float:
        with self._lock:
            return self._total_cost

    def reset_cost_tracking(self) -> None:
        with self._lock:
            self._total_cost, self._total_tokens, self._calls, self._cache_hits = 0.0, 0, 0, 0

    def totals(self) -> dict[str, float]:
        with self._lock:
            return {"calls": self._calls, "tokens": self._total_tokens, "cost_usd": self._total_cost,
                    "cache_hits": self._cache_hits}

    def _account(self, response: LLMResponse) -> None:
        with self._lock:
            if response.cached:
                self._cache_hits += 1
                return
            self._calls += 1
            self._total_tokens += response.total_tokens
            self._total_cost += response.cost_usd or 0.0
        metrics.record_llm(response.provider, response.model, response.total_tokens, response.cost_usd or 0.0)
        log.debug("llm call model=%s tokens=%d (prompt %d of which cached %d, completion %d) cost_usd=%s attempts=%d "
                  "latency=%.2fs", response.model, response.total_tokens, response.prompt_tokens,
                  response.cached_prompt_tokens, response.completion_tokens, response.cost_usd, response.attempts,
                  response.latency_seconds)

    # --- request building --------------------------------------------------------------------------------------
    def _chain(self, request: LLMRequest) -> list[str]:
        chain = configured_chain(request.models(), request.api_base)
        if not chain:
            raise LLMNotConfigured(not_configured_message(request.agent, request.model),
                                   details={"models": request.models()})
        return chain

    def _kwargs(self, request: LLMRequest, model: str, *, schema: bool) -> dict[str, Any]:
        home = provider_of(request.model)
        provider = provider_of(model)
        creds = model_credentials(model, request.api_base if provider == home else None, agent=request.agent)
        kwargs: dict[str, Any] = {
            "model": litellm_model(model),
            "messages": _messages(request, provider),
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            "timeout": request.timeout or self.settings.llm_timeout_seconds,
            "max_retries": 0,  # retries are ours (counted, logged, with fallbacks)
            "num_retries": 0,
            "drop_params": True,
            **creds,
        }
        if request.json_schema is not None and schema and provider in _SCHEMA_PROVIDERS:
            kwargs["response_format"] = {"type": "json_schema", "json_schema": {
                "name": request.schema_name, "schema": request.json_schema,
                "strict": request.strict_schema and provider in _STRICT_PROVIDERS}}
        elif request.json_schema is not None or request.json_mode:
            kwargs["response_format"] = {"type": "json_object"}
        return kwargs

    # --- complete ----------------------------------------------------------------------------------------------
    def complete(self, request: LLMRequest) -> LLMResponse:
        """One answer, from the cache or the first model of the chain that succeeds. Raises :class:`LLMError`."""
        chain = self._chain(request)
        key = cache_key(request, chain) if (self._cache is not None and request.use_cache) else None
        if key is not None and self._cache is not None:
            hit = self._cache.get(key)
            if hit is not None:
                response = hit.model_copy(update={"cached": True, "cost_usd": 0.0, "latency_seconds": 0.0})
                self._account(response)
                return response
        litellm = load_litellm()
        errors: list[str] = []
        attempts = 0
        for model in chain:
            schema = True
            attempt = 0
            while attempt <= self.max_retries:
                attempts += 1
                start = time.perf_counter()
                try:
                    raw = litellm.completion(**self._kwargs(request, model, schema=schema))
                except Exception as exc:  # noqa: BLE001 - classified below
                    if schema and request.json_schema is not None and isinstance(exc, litellm.BadRequestError):
                        schema = False  # the endpoint refused the JSON schema: ask for plain JSON instead
                        log.info("model %s refused the JSON schema (%s); retrying with JSON mode", model, _short(exc))
                        continue
                    errors.append(f"{model}: {_short(exc)}")
                    if not _is_transient(litellm, exc) or attempt >= self.max_retries:
                        log.warning("llm model %s failed (%s)%s", model, _short(exc),
                                    "; trying the next model" if model != chain[-1] else "")
                        break
                    delay = _retry_after(exc) or self.backoff * (2 ** attempt)
                    log.info("llm model %s transient error (%s); retry %d in %.2fs", model, _short(exc),
                             attempt + 1, delay)
                    time.sleep(delay)
                    attempt += 1
                    continue
                response = self._to_response(litellm, raw, model, attempts, time.perf_counter() - start)
                self._account(response)
                if key is not None and self._cache is not None:
                    self._cache.set(key, response)
                return response
        raise LLMError("every model failed: " + " | ".join(errors[-6:]) +
                       ". Check the provider key and endpoint (OLLAMA_BASE_URL / AGENT_*_API_BASE), or raise "
                       "LLM_TIMEOUT_SECONDS", details={"models": chain, "attempts": attempts})

    def _to_response(self, litellm: Any, raw: Any, model: str, attempts: int, latency: float) -> LLMResponse:
        choice = raw.choices[0]
        message = choice.message
        text = message.content or ""
        reasoning, answer = split_reasoning(text)
        extra = getattr(message, "reasoning_content", None)
        if extra:
            reasoning = f"{extra}\n\n{reasoning}" if reasoning else str(extra)
        usage = getattr(raw, "usage", None)
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        details = getattr(usage, "prompt_tokens_details", None)
        cached_tokens = int(getattr(details, "cached_tokens", 0) or getattr(usage, "cache_read_input_tokens", 0) or 0)
        try:
            cost: float | None = float(litellm.completion_cost(completion_response=raw))
        except Exception:  # noqa: BLE001 - unknown price: the cost is unknown, not zero
            cost = None
        return LLMResponse(content=answer, reasoning=reasoning, model=model, provider=provider_of(model),
                           prompt_tokens=prompt_tokens, cached_prompt_tokens=cached_tokens,
                           completion_tokens=completion_tokens, total_tokens=prompt_tokens + completion_tokens,
                           cost_usd=cost, attempts=attempts, latency_seconds=latency, finish_reason=getattr(choice, "finish_reason", None))

    # --- stream ------------------------------------------------------------------------------------------------
    async def complete_stream(self, request: LLMRequest, *,
                              on_reasoning: Callable[[str], None] | None = None) -> AsyncIterator[str]:
        """Yield the answer's text chunks as they arrive (reasoning goes to ``on_reasoning``, not to the output).

        Uses the first configured model of the chain, no retries, no cache; any failure raises :class:`LLMError`.
        """
        model = self._chain(request)[0]
        litellm = await asyncio.to_thread(load_litellm)  # the first import takes seconds: keep the event loop free
        kwargs = self._kwargs(request, model, schema=True)
        kwargs.update(stream=True, stream_options={"include_usage": True})
        splitter = ThinkSplitter()
        prompt_tokens = completion_tokens = 0
        answer_chars = 0
        start = time.perf_counter()
        try:
            stream = await litellm.acompletion(**kwargs)
            async for chunk in stream:
                usage = getattr(chunk, "usage", None)
                if usage:
                    prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0) or prompt_tokens
                    completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0) or completion_tokens
                if not chunk.choices:
                    continue
                delta = chunk.choices[0].delta
                extra = getattr(delta, "reasoning_content", None)
                if extra and on_reasoning is not None:
                    on_reasoning(str(extra))
                thought, text = splitter.feed(getattr(delta, "content", None) or "")
                if thought and on_reasoning is not None:
                    on_reasoning(thought)
                if text:
                    answer_chars += len(text)
                    yield text
            thought, text = splitter.flush()
            if thought and on_reasoning is not None:
                on_reasoning(thought)
            if text:
                yield text
        except LLMError:
            raise
        except Exception as exc:  # noqa: BLE001 - no retries on streams: surface at once
            raise LLMError(f"streaming from {model} failed ({_short(exc)}); check the provider key and endpoint",
                           details={"model": model}) from exc
        try:
            p, c = litellm.cost_per_token(model=litellm_model(model), prompt_tokens=prompt_tokens,
                                          completion_tokens=completion_tokens)
            cost: float | None = float(p + c)
        except Exception:  # noqa: BLE001
            cost = None
        self._account(LLMResponse(content="", model=model, provider=provider_of(model), prompt_tokens=prompt_tokens,
                                  completion_tokens=completion_tokens, total_tokens=prompt_tokens + completion_tokens,
                                  cost_usd=cost, latency_seconds=time.perf_counter() - start))

"""UnifiedLLMProvider against a real local OpenAI-compatible server: litellm's request, retry, fallback, streaming
and cost paths run for real; only the model is scripted."""

from __future__ import annotations

import json
import time

import pytest

from ai_designer.core.errors import LLMError, LLMNotConfigured
from ai_designer.core.metrics import REGISTRY
from ai_designer.core.settings import get_settings
from ai_designer.llm.provider import UnifiedLLMProvider
from ai_designer.llm.testing import ScriptedLLMServer
from ai_designer.schemas.llm_schemas import LLMMessage, LLMRequest, LLMRole

PRICED = "openai/gpt-4o-mini"  # in litellm's bundled price map: input 0.15 $/M, output 0.6 $/M


def _req(server: ScriptedLLMServer, **kw: object) -> LLMRequest:
    base: dict[str, object] = {"model": PRICED, "api_base": server.base_url,
                               "messages": [LLMMessage(role=LLMRole.user, content=f"hello {time.time_ns()}")]}
    base.update(kw)
    return LLMRequest.model_validate(base)


def test_complete_returns_content_tokens_and_cost(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue("hi there", prompt_tokens=1000, completion_tokens=500)
    provider = UnifiedLLMProvider(cache=None)
    before = REGISTRY.get_sample_value("llm_tokens_used_total", {"provider": "openai", "model": PRICED}) or 0
    res = provider.complete(_req(llm_server, temperature=0.1, max_tokens=77))
    assert res.content == "hi there"
    assert (res.prompt_tokens, res.completion_tokens, res.total_tokens) == (1000, 500, 1500)
    assert res.cost_usd == pytest.approx(1000 * 0.15e-6 + 500 * 0.6e-6)
    assert provider.get_total_cost() == pytest.approx(res.cost_usd)
    sent = llm_server.history[0]
    assert sent.path.endswith("/chat/completions")
    assert sent.body["temperature"] == 0.1 and sent.body["max_tokens"] == 77
    assert sent.headers["authorization"].startswith("Bearer ")
    after = REGISTRY.get_sample_value("llm_tokens_used_total", {"provider": "openai", "model": PRICED})
    assert after == before + 1500
    provider.reset_cost_tracking()
    assert provider.get_total_cost() == 0.0


def test_unknown_price_gives_none_cost(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue("ok")
    res = UnifiedLLMProvider(cache=None).complete(_req(llm_server, model="openai/test-model"))
    assert res.content == "ok" and res.cost_usd is None


def test_429_and_500_are_retried_then_succeed(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue(status=429, error="rate limited").enqueue(status=500, error="boom").enqueue("third time")
    res = UnifiedLLMProvider(cache=None, max_retries=2).complete(_req(llm_server))
    assert res.content == "third time" and res.attempts == 3
    assert llm_server.calls == 3


def test_retries_are_bounded(llm_server: ScriptedLLMServer) -> None:
    for _ in range(3):
        llm_server.enqueue(status=503, error="overloaded")
    with pytest.raises(LLMError) as err:
        UnifiedLLMProvider(cache=None, max_retries=1).complete(_req(llm_server))
    assert llm_server.calls == 2, "1 try + 1 retry, litellm/openai's own retries are off"
    assert "overloaded" in err.value.message


def test_fallback_model_answers_when_primary_fails_permanently(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue(status=401, error="bad key").enqueue("from the fallback")
    req = _req(llm_server, model="openai/primary-model", fallbacks=[PRICED])
    res = UnifiedLLMProvider(cache=None, max_retries=3).complete(req)
    assert res.content == "from the fallback" and res.model == PRICED
    assert [r.body["model"] for r in llm_server.history] == ["primary-model", "gpt-4o-mini"]


def test_timeout_is_retried_and_surfaces_as_llm_error(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue("too late", delay=1.5).enqueue("on time")
    res = UnifiedLLMProvider(cache=None, max_retries=1).complete(_req(llm_server, timeout=0.4))
    assert res.content == "on time"
    llm_server.enqueue("too late", delay=1.5)
    with pytest.raises(LLMError, match="Timeout"):
        UnifiedLLMProvider(cache=None, max_retries=0).complete(_req(llm_server, timeout=0.4))


def test_malformed_body_is_an_error_not_a_crash(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue(raw="{not json").enqueue("fine")
    res = UnifiedLLMProvider(cache=None, max_retries=1).complete(_req(llm_server))
    assert res.content == "fine"


def test_think_block_is_split_from_the_answer(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue('<think>maybe {"size": 1}?</think>\n{"size": 2}')
    res = UnifiedLLMProvider(cache=None).complete(_req(llm_server))
    assert json.loads(res.content) == {"size": 2}
    assert res.reasoning is not None and "maybe" in res.reasoning


def test_json_schema_request_uses_structured_output(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue('{"a": 1}')
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    UnifiedLLMProvider(cache=None).complete(_req(llm_server, json_schema=schema, schema_name="thing"))
    fmt = llm_server.history[0].body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"] == schema


def test_cache_serves_identical_requests_from_disk(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue("cached answer", prompt_tokens=100, completion_tokens=10)
    provider = UnifiedLLMProvider()
    req = _req(llm_server)
    first = provider.complete(req)
    second = UnifiedLLMProvider().complete(req)  # a new provider (new process) still hits the disk cache
    assert llm_server.calls == 1
    assert not first.cached and second.cached and second.content == "cached answer" and second.cost_usd == 0
    assert any((get_settings().cache_dir / "llm").rglob("*.json"))
    other = req.model_copy(update={"temperature": 0.9})
    llm_server.enqueue("different")
    assert provider.complete(other).content == "different"


def test_missing_key_says_what_to_set() -> None:
    req = LLMRequest(model="anthropic/claude-3-5-sonnet-20241022", agent="planner",
                     messages=[LLMMessage(role=LLMRole.user, content="x")])
    with pytest.raises(LLMNotConfigured) as err:
        UnifiedLLMProvider(cache=None).complete(req)
    assert "ANTHROPIC_API_KEY" in err.value.message and "AGENT_PLANNER_PRIMARY=ollama/" in err.value.message


async def test_stream_yields_chunks_and_hides_reasoning(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue(chunks=["<thi", "nk>let me ", "think</th", "ink>Hel", "lo ", "world"],
                       prompt_tokens=10, completion_tokens=5)
    provider = UnifiedLLMProvider(cache=None)
    thoughts: list[str] = []
    out = [c async for c in provider.complete_stream(_req(llm_server), on_reasoning=thoughts.append)]
    assert "".join(out) == "Hello world" and len(out) >= 2
    assert "".join(thoughts) == "let me think"
    assert llm_server.history[0].body["stream"] is True
    assert provider.get_total_cost() == pytest.approx(10 * 0.15e-6 + 5 * 0.6e-6)


async def test_stream_errors_are_not_retried(llm_server: ScriptedLLMServer) -> None:
    llm_server.enqueue(status=500, error="stream broke").enqueue("never used")
    provider = UnifiedLLMProvider(cache=None, max_retries=3)
    with pytest.raises(LLMError, match="stream"):
        async for _ in provider.complete_stream(_req(llm_server)):
            pass
    assert llm_server.calls == 1


def test_ollama_model_uses_ollama_base_url(llm_server: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_BASE_URL", llm_server.root_url)
    get_settings.cache_clear()
    llm_server.enqueue("<think>hmm</think>local answer")
    req = LLMRequest(model="ollama/qwen2.5-coder", messages=[LLMMessage(role=LLMRole.user, content="hi")])
    res = UnifiedLLMProvider(cache=None).complete(req)
    assert res.content == "local answer" and res.reasoning == "hmm" and res.provider == "ollama"
    assert llm_server.history[0].path.startswith("/api/")


@pytest.mark.parametrize("model", ["anthropic/claude-sonnet-4-5", "anthropic/claude-3-5-sonnet-20241022"])
def test_anthropic_structured_output(llm_server: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch,
                                     model: str) -> None:
    """The default planner provider: litellm's real Anthropic request/response translation runs."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
    llm_server.enqueue('{"a": 1}', prompt_tokens=1000, completion_tokens=100)
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
    req = LLMRequest(model=model, api_base=llm_server.root_url, json_schema=schema,
                     messages=[LLMMessage(role=LLMRole.system, content="be terse"),
                               LLMMessage(role=LLMRole.user, content="give a")])
    res = UnifiedLLMProvider(cache=None).complete(req)
    assert json.loads(res.content) == {"a": 1}
    assert res.provider == "anthropic" and res.total_tokens == 1100
    if model.endswith("sonnet-4-5"):  # the older default is no longer in litellm's price map: cost unknown
        assert res.cost_usd is not None and res.cost_usd > 0
    sent = llm_server.history[0]
    assert sent.path == "/v1/messages" and sent.headers["x-api-key"] == "sk-ant-test"
    # litellm sends the schema as Anthropic's native output_format (newer models) or as a forced tool call
    sent_schema = (sent.body["output_format"]["schema"] if "output_format" in sent.body
                   else sent.body["tools"][0]["input_schema"])
    assert sent_schema["properties"] == schema["properties"]


def test_each_call_is_logged_at_debug_with_model_tokens_and_cost(llm_server: ScriptedLLMServer,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    llm_server.enqueue("ok", prompt_tokens=10, completion_tokens=5)
    with caplog.at_level("DEBUG", logger="ai_designer.llm.provider"):
        UnifiedLLMProvider(cache=None).complete(_req(llm_server))
    line = next(r.getMessage() for r in caplog.records if "llm call" in r.getMessage())
    assert PRICED in line and "tokens=15" in line and "cost_usd=" in line

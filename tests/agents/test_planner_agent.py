"""PlannerAgent: offline-first routing, LLM plans validated by the schema with bounded repair, feedback re-plans.

The offline planner is injected here to pin the routing logic; tests/agents/test_refinement.py uses the real one.
"""

from __future__ import annotations

import json

import pytest

from ai_designer.agents.contracts import PlanRequest, RunOptions
from ai_designer.agents.planner import PlannerAgent
from ai_designer.core.errors import PlanError, RejectedError
from ai_designer.llm.testing import ScriptedLLMServer
from ai_designer.schemas.task_graph import Box, CADPlan, Intent

CUBE = CADPlan(name="cube", operations=[Box(id="cube", length=40, width=40, height=40)], intent=Intent(bbox=(40, 40, 40)))
LLM_PLAN = {"name": "bracket", "operations": [{"op": "box", "id": "base", "length": 60, "width": 20, "height": 5}],
            "intent": {"bbox": [60, 20, 5]}}


def offline(prompt: str, current: CADPlan | None = None) -> CADPlan:
    if "cube" in prompt:
        return CUBE
    if "negative" in prompt:
        raise PlanError("a size of -5 mm is impossible: sizes must be positive")
    raise RejectedError(f"cannot understand {prompt!r}")


def test_offline_prompt_makes_no_llm_call(planner_llm: ScriptedLLMServer) -> None:
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="a 40 mm cube"))
    assert out.source == "offline" and out.plan == CUBE
    assert planner_llm.calls == 0 and out.usage.calls == 0


def test_llm_only_prompt_makes_exactly_one_call(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue_json(LLM_PLAN, prompt_tokens=2000, completion_tokens=100)
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="an L bracket for a shelf"))
    assert out.source == "llm" and out.plan.operations[0].id == "base"
    assert planner_llm.calls == 1
    assert out.usage.calls == 1 and out.usage.tokens == 2100 and out.usage.cost_usd > 0
    body = planner_llm.history[0].body
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "CADPlan"
    assert "an L bracket for a shelf" in planner_llm.history[0].text
    assert "spur_gear" in body["messages"][0]["content"], "the system prompt lists the operations"


def test_invalid_answers_are_repaired_with_the_errors(planner_llm: ScriptedLLMServer) -> None:
    bad = {**LLM_PLAN, "operations": [{"op": "box", "id": "base", "length": -60, "width": 20, "height": 5}]}
    planner_llm.enqueue("Sure! Here is the plan: {oops").enqueue_json(bad).enqueue_json(LLM_PLAN)
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="an L bracket"))
    assert out.plan.operations[0].length == 60  # type: ignore[union-attr]
    assert planner_llm.calls == 3 and out.usage.calls == 3
    assert "not valid JSON" in planner_llm.history[1].messages[-1]["content"]
    assert "operations.0.box.length" in planner_llm.history[2].messages[-1]["content"]


def test_repairs_are_bounded(planner_llm: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_PLAN_REPAIRS", "1")
    from ai_designer.core.settings import get_settings

    get_settings.cache_clear()
    planner_llm.enqueue("no").enqueue("still no").enqueue_json(LLM_PLAN)
    with pytest.raises(RejectedError, match="could not produce a valid plan") as err:
        PlannerAgent(offline=offline).execute(PlanRequest(prompt="an L bracket"))
    assert planner_llm.calls == 2
    assert err.value.details["usage"]["calls"] == 2, "what was spent is reported with the failure"


def test_think_block_is_never_parsed_as_the_plan(planner_llm: ScriptedLLMServer) -> None:
    draft = json.dumps({**LLM_PLAN, "name": "draft"})
    planner_llm.enqueue(f"<think>first idea: {draft}</think>\n```json\n{json.dumps(LLM_PLAN)}\n```")
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="an L bracket"))
    assert out.plan.name == "bracket" and out.reasoning and "draft" in out.reasoning


def test_an_invalid_offline_plan_falls_through_to_the_model(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue_json(LLM_PLAN)
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="a negative box"))
    assert out.source == "llm" and planner_llm.calls == 1
    assert "could not plan it (a size of -5 mm is impossible" in out.reason and "gpt-4o-mini" in out.reason
    assert "a size of -5 mm is impossible" in planner_llm.history[0].text, "the offline error reaches the model"


def test_without_a_model_an_invalid_offline_plan_stays_the_users_to_fix() -> None:
    with pytest.raises(PlanError, match="sizes must be positive"):
        PlannerAgent(offline=offline).execute(PlanRequest(prompt="a negative box"))


def test_offline_routing_never_calls_a_model(planner_llm: ScriptedLLMServer) -> None:
    with pytest.raises(RejectedError, match="--offline was given") as err:
        PlannerAgent(offline=offline).execute(PlanRequest(prompt="an L bracket",
                                                          options=RunOptions(routing="offline")))
    assert "cannot understand 'an L bracket'" in err.value.message and planner_llm.calls == 0


def test_llm_routing_skips_the_offline_planner(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue_json(LLM_PLAN)
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="a 40 mm cube", options=RunOptions(routing="llm")))
    assert out.source == "llm" and out.plan.name == "bracket" and "offline planner was skipped" in out.reason


def test_without_llm_the_rejection_says_how_to_enable_one() -> None:
    agent = PlannerAgent(offline=offline)
    assert not agent.llm_available()
    with pytest.raises(RejectedError) as err:
        agent.execute(PlanRequest(prompt="an L bracket"))
    msg = err.value.message
    assert "cannot understand" in msg and "OPENAI_API_KEY" in msg
    assert "AGENT_PLANNER_PRIMARY=ollama/qwen2.5-coder" in msg and "OLLAMA_BASE_URL" in msg


def test_feedback_and_previous_plan_reach_the_model(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue_json(LLM_PLAN)
    feedback = "- bbox: overall size is off (expected (60, 20, 5), got (50.0, 20.0, 5.0))"
    previous = CADPlan(name="bracket", operations=[Box(id="base", length=50, width=20, height=5)])
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="a 40 mm cube", feedback=feedback, previous=previous,
                                                            previous_source="llm"))
    assert out.source == "llm", "feedback always goes to the model, even for a prompt the offline planner knows"
    text = planner_llm.history[0].text
    assert feedback in text and '"length":50.0' in text


def test_edit_sends_the_current_design(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue_json(LLM_PLAN)
    PlannerAgent(offline=offline).execute(PlanRequest(prompt="turn it into a bracket", current=CUBE))
    assert '"id":"cube"' in planner_llm.history[0].text


def test_same_request_is_served_from_the_cache(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue_json(LLM_PLAN)
    first = PlannerAgent(offline=offline).execute(PlanRequest(prompt="an L bracket"))
    second = PlannerAgent(offline=offline).execute(PlanRequest(prompt="an L bracket"))
    assert planner_llm.calls == 1
    assert first.usage.calls == 1 and second.usage.calls == 0 and second.usage.cache_hits == 1
    assert second.plan == first.plan


def test_schema_refusal_falls_back_to_json_mode(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue(status=400, error="Invalid schema for response_format").enqueue_json(LLM_PLAN)
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="an L bracket"))
    assert out.source == "llm" and planner_llm.calls == 2
    assert planner_llm.history[1].body["response_format"] == {"type": "json_object"}


def test_structured_output_can_be_turned_off(planner_llm: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_STRUCTURED_OUTPUT", "false")
    from ai_designer.core.settings import get_settings

    get_settings.cache_clear()
    planner_llm.enqueue_json(LLM_PLAN)
    PlannerAgent(offline=offline).execute(PlanRequest(prompt="an L bracket"))
    assert planner_llm.history[0].body["response_format"] == {"type": "json_object"}


def test_local_reasoning_model_through_ollama(llm_server: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """DeepSeek-R1 on Ollama: litellm's Ollama path, JSON mode, the <think> draft ignored."""
    monkeypatch.setenv("OLLAMA_BASE_URL", llm_server.root_url)
    monkeypatch.setenv("AGENT_PLANNER_PRIMARY", "ollama/deepseek-r1")
    monkeypatch.setenv("AGENT_PLANNER_FALLBACK", "none")
    from ai_designer.core.settings import get_settings

    get_settings.cache_clear()
    agent = PlannerAgent(offline=offline)
    assert agent.llm_available()
    llm_server.enqueue("<think>A box? {\"name\": \"wrong\"}</think>" + json.dumps(LLM_PLAN))
    out = agent.execute(PlanRequest(prompt="an L bracket"))
    assert out.source == "llm" and out.plan.name == "bracket" and out.usage.calls == 1
    sent = llm_server.history[0]
    assert sent.path.startswith("/api/") and sent.body.get("format") is not None


def test_deepseek_through_its_openai_compatible_api(llm_server: ScriptedLLMServer,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-deepseek-test")  # pragma: allowlist secret
    monkeypatch.setenv("AGENT_PLANNER_PRIMARY", "deepseek/deepseek-chat")
    monkeypatch.setenv("AGENT_PLANNER_FALLBACK", "none")
    monkeypatch.setenv("AGENT_PLANNER_API_BASE", llm_server.base_url)
    llm_server.enqueue_json(LLM_PLAN, prompt_tokens=4000, completion_tokens=200)
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="an L bracket"))
    assert out.source == "llm" and out.usage.cost_usd > 0
    sent = llm_server.history[0]
    assert sent.headers["authorization"] == "Bearer sk-deepseek-test"  # pragma: allowlist secret
    assert sent.body["response_format"] == {"type": "json_object"}

"""The planner prompt a real model reads: plain text, every operation with its field notes, worked examples that are
real plans, a strict JSON schema, a token budget, and short repair rounds (checked through the real litellm path
against the scripted local server)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import TypeAdapter

from ai_designer.agents.contracts import PlanRequest
from ai_designer.agents.planner import PlannerAgent
from ai_designer.agents.prompts import planner_prompt as prompts
from ai_designer.agents.prompts.planner_schema import drop_nulls
from ai_designer.core.errors import RejectedError
from ai_designer.freecad.codegen import compile_plan
from ai_designer.llm.testing import ScriptedLLMServer
from ai_designer.schemas import task_graph as tg

OPS = [m.model_fields["op"].default for m in tg.Operation.__args__[0].__args__]  # type: ignore[attr-defined]


def offline(prompt: str, current: tg.CADPlan | None = None) -> tg.CADPlan:
    raise RejectedError(f"cannot understand {prompt!r}")


@pytest.mark.parametrize(("title", "example"), prompts.EXAMPLES, ids=[t for t, _ in prompts.EXAMPLES])
def test_every_worked_example_is_a_real_plan(title: str, example: dict[str, Any]) -> None:
    if "operations" in example:
        compile_plan(tg.CADPlan.model_validate(example))
    else:
        TypeAdapter(tg.Operation).validate_python(example)


def test_the_prompt_is_plain_text_with_every_operation_and_convention() -> None:
    text = prompts.planner_system_prompt()
    assert "``" not in text and "::" not in text, "no reST markup"
    for op in OPS:
        assert f"- {op}: " in text
    for note in ("corner on +X", "front (-Y)", "at_z? (only edges at this height)", "created_by?", "inner_diameter?=0",
                 "Loft sections: profile:profile, z:num", "must reach the result"):
        assert note in text
    assert text.count('{"op":"') >= 8, "worked examples"


def test_prompt_fits_the_token_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no download of the price list on import
    litellm = pytest.importorskip("litellm")
    messages = [{"role": "system", "content": prompts.planner_system_prompt()},
                {"role": "user", "content": prompts.PLANNER_USER.format(prompt="a 60 x 40 x 8 mm plate, 4 holes M5")}]
    assert litellm.token_counter(model="gpt-4o", messages=messages) < 3000


def _strict_ok(node: Any) -> None:
    if isinstance(node, dict):
        assert not {"oneOf", "discriminator", "default", "prefixItems", "const"} & node.keys()
        if "properties" in node:
            assert node["additionalProperties"] is False
            assert sorted(node["required"]) == sorted(node["properties"])
        for value in node.values():
            _strict_ok(value)
    elif isinstance(node, list):
        for value in node:
            _strict_ok(value)


def test_schema_is_in_the_strict_subset_and_accepts_a_plan_written_with_nulls() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = prompts.plan_json_schema()
    _strict_ok(schema)
    assert schema["$defs"]["Hole"]["properties"]["op"] == {"type": "string", "enum": ["hole"]}, "tags never null"
    plan = tg.CADPlan.model_validate(prompts.EXAMPLES[1][1])
    # what a model writes: every offered field, nulls for defaults; not the tool's own bookkeeping fields
    with_nulls = json.loads(plan.model_dump_json(exclude={
        "version": True, "units": True, "ignored": True, "operations": {"__all__": {"label"}},
        "intent": {"bbox_tolerance", "volume_tolerance", "notes"}}))
    jsonschema.validate(with_nulls, schema)
    assert tg.CADPlan.model_validate(drop_nulls(with_nulls)) == plan
    for shared in ("Profile", "SectionProfile", "Positions", "EdgeSelector", "FaceName"):
        assert shared in schema["$defs"], "a union used in several places is one shared definition"
    assert "version" not in schema["properties"] and "notes" not in schema["$defs"]["Intent"]["properties"]


def test_openai_gets_the_strict_schema(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue_json({"name": "cube", "operations": [{"op": "box", "id": "cube", "length": 40, "width": 40,
                                                              "height": 40, "placement": None, "label": None}],
                              "result": None, "intent": {"bbox": [40, 40, 40], "volume": None}})
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="a box"))
    fmt = planner_llm.history[0].body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert out.plan.operations[0].placement == tg.Placement(), "null means default"


def test_a_repair_sends_only_the_request_the_answer_and_the_error(planner_llm: ScriptedLLMServer) -> None:
    wrong = {"name": "neck", "operations": [{"op": "loft", "id": "neck", "sections": [
        {"profile": {"shape": "circle", "diameter": 20}, "z": 10}, {"profile": {"shape": "circle", "diameter": 10},
                                                                   "z": 0}]}]}
    right = {"name": "neck", "operations": [{"op": "loft", "id": "neck", "ruled": True, "sections": [
        {"profile": {"shape": "circle", "diameter": 20}, "z": 0}, {"profile": {"shape": "circle", "diameter": 10},
                                                                  "z": 10}]}]}
    planner_llm.enqueue_json(wrong).enqueue_json(right)
    ask = PlanRequest(prompt="a tapered neck from 20 mm down to 10 mm over 10 mm")
    out = PlannerAgent(offline=offline).execute(ask)
    assert out.plan.operations[0].sections[1].z == 10  # type: ignore[union-attr]
    first, repair = planner_llm.history[0].messages, planner_llm.history[1].messages
    assert len(repair) == 2 and "must increase" in repair[1]["content"] and '"z": 10' in repair[1]["content"]
    assert "tapered neck" in repair[1]["content"]
    assert "- loft: " in repair[0]["content"] and "- spur_gear: " not in repair[0]["content"]
    assert len(repair[0]["content"]) < len(first[0]["content"]) / 4, "the repair prompt is short"


_CUBE = {"name": "cube", "operations": [{"op": "box", "id": "cube", "length": 40, "width": 40, "height": 40}],
         "intent": {"bbox": [40, 40, 40]}}


def test_openai_prompt_cache_reads_are_counted_apart_and_cost_less(planner_llm: ScriptedLLMServer) -> None:
    """OpenAI caches the repeated prefix (schema + system prompt) by itself; the result counts those tokens apart
    and litellm prices them at the cached rate."""
    planner_llm.enqueue_json(_CUBE, prompt_tokens=7000, completion_tokens=100)
    planner_llm.enqueue_json(_CUBE, prompt_tokens=7000, completion_tokens=100, cached_tokens=6912)
    agent = PlannerAgent(offline=offline)
    first = agent.execute(PlanRequest(prompt="a 40 mm cube"))
    second = agent.execute(PlanRequest(prompt="a 40 mm cube, please"))
    assert first.usage.cached_tokens == 0 and second.usage.cached_tokens == 6912
    assert second.usage.tokens == first.usage.tokens == 7100
    assert second.usage.cost_usd < first.usage.cost_usd * 0.6
    assert planner_llm.history[0].messages[0]["content"] == planner_llm.history[1].messages[0]["content"], \
        "the same system prompt every time (a cacheable prefix)"


def test_anthropic_gets_the_system_prompt_marked_for_its_prompt_cache(
        planner_llm: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from ai_designer.core.settings import get_settings

    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
    monkeypatch.setenv("AGENT_PLANNER_PRIMARY", "anthropic/claude-sonnet-4-5")
    monkeypatch.setenv("AGENT_PLANNER_API_BASE", planner_llm.root_url)
    get_settings.cache_clear()
    planner_llm.enqueue_json(_CUBE, prompt_tokens=6000, completion_tokens=100, cached_tokens=5800)
    out = PlannerAgent(offline=offline).execute(PlanRequest(prompt="a 40 mm cube"))
    assert out.plan.operations[0].id == "cube" and out.usage.cached_tokens == 5800
    sent = planner_llm.history[0]
    assert sent.path == "/v1/messages"
    system = sent.body["system"]
    assert isinstance(system, list) and system[-1]["cache_control"] == {"type": "ephemeral"}
    assert "Conventions:" in system[-1]["text"]

"""GeneratorAgent (LLM code only for custom operations, policy-checked) and ValidatorAgent (optional review)."""

from __future__ import annotations

import pytest

from ai_designer.agents.contracts import GenerateRequest, ValidateRequest
from ai_designer.agents.generator import GeneratorAgent
from ai_designer.agents.validator import ValidatorAgent
from ai_designer.core.errors import RejectedError
from ai_designer.llm.testing import ScriptedLLMServer
from ai_designer.schemas.task_graph import Box, CADPlan, Custom, Intent
from ai_designer.schemas.validation import GeometryReport

compiled: list[CADPlan] = []


def fake_compile(plan: CADPlan) -> str:
    compiled.append(plan)
    return "# compiled\n" + "\n".join(getattr(op, "code", "") for op in plan.operations)


SPRING = CADPlan(name="spring", operations=[Custom(id="spring", description="a helical spring, 10 mm pitch", code="")])
GOOD_CODE = "```python\nwire = Part.makeHelix(10, 50, 8)\nshape = Part.makeBox(1, 1, 1)\n```"


def test_plain_plan_is_compiled_without_llm(planner_llm: ScriptedLLMServer) -> None:
    plan = CADPlan(operations=[Box(id="b", length=1, width=2, height=3)])
    out = GeneratorAgent(compiler=fake_compile).execute(GenerateRequest(plan=plan))
    assert out.plan == plan and planner_llm.calls == 0 and out.usage.calls == 0


def test_custom_op_gets_llm_code(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue(GOOD_CODE)
    out = GeneratorAgent(compiler=fake_compile).execute(GenerateRequest(plan=SPRING))
    code = out.plan.get("spring").code  # type: ignore[union-attr]
    assert code.startswith("wire = Part.makeHelix") and "```" not in code
    assert "shape = " in out.script and SPRING.get("spring").code == "", "the input plan is not mutated"  # type: ignore[union-attr]
    sent = planner_llm.history[0].text
    assert "helical spring" in sent and "makeFilletedBox" in sent, "the API reference warns about known traps"
    assert out.usage.calls == 1


def test_code_refused_by_the_policy_is_repaired(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue("```python\nimport os\nshape = os.system('x')\n```").enqueue(GOOD_CODE)
    out = GeneratorAgent(compiler=fake_compile).execute(GenerateRequest(plan=SPRING))
    assert planner_llm.calls == 2
    assert "os" in planner_llm.history[1].messages[-1]["content"]
    assert "import os" not in out.script


def test_failed_run_regenerates_custom_code(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue(GOOD_CODE)
    plan = CADPlan(operations=[Custom(id="spring", description="spring", code="shape = Part.makeFilletedBox(1)")])
    script = GeneratorAgent(compiler=fake_compile).execute(
        GenerateRequest(plan=plan, failure="AttributeError: no makeFilletedBox")).script
    assert "makeHelix" in script
    assert "no makeFilletedBox" in planner_llm.history[0].text


def test_custom_op_without_llm_is_rejected_with_a_hint() -> None:
    with pytest.raises(RejectedError, match="AGENT_GENERATOR_PRIMARY=ollama"):
        GeneratorAgent(compiler=fake_compile).execute(GenerateRequest(plan=SPRING))


GEOMETRY = GeometryReport(volume=64000, area=9600, bbox=(40, 40, 40), bbox_min=(-20, -20, 0), bbox_max=(20, 20, 40),
                          solids=1, faces=6, edges=12, valid=True, closed=True)
CUBE = CADPlan(name="cube", description="a 40 mm cube", operations=[Box(id="c", length=40, width=40, height=40)],
               intent=Intent(bbox=(40, 40, 40)))


def test_validator_is_geometric_by_default(planner_llm: ScriptedLLMServer) -> None:
    report = ValidatorAgent().execute(ValidateRequest(plan=CUBE, geometry=GEOMETRY)).report
    assert report.passed and planner_llm.calls == 0
    assert "llm_review" not in {c.name for c in report.checks}


def test_llm_review_adds_a_warning_only(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue_json({"passed": False, "issues": ["a cube should have chamfers"]})
    out = ValidatorAgent(review=True).execute(ValidateRequest(plan=CUBE, geometry=GEOMETRY, prompt="a 40 mm cube"))
    review = next(c for c in out.report.checks if c.name == "llm_review")
    assert review.severity == "warning" and not review.passed and "chamfers" in review.message
    assert out.report.passed, "the measured geometry decides"
    assert out.usage.calls == 1 and planner_llm.history[0].body["response_format"] == {"type": "json_object"}


def test_broken_review_is_skipped(planner_llm: ScriptedLLMServer) -> None:
    planner_llm.enqueue("not json at all")
    report = ValidatorAgent(review=True).execute(ValidateRequest(plan=CUBE, geometry=GEOMETRY)).report
    assert report.passed and "llm_review" not in {c.name for c in report.checks}

"""The refine loop over the agent protocols, with scripted agents and the in-memory executor (unit: no FreeCAD,
no model). What is pinned here is the loop's routing between steps; the real agents are tested against real
FreeCAD and a scripted OpenAI-compatible server in the other files of this directory."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ai_designer.agents.contracts import DesignRequest, PlanRequest, RunOptions
from ai_designer.agents.fakes import ScriptedGenerator, ScriptedPlanner, ScriptedValidator
from ai_designer.agents.orchestrator import Orchestrator
from ai_designer.core.errors import RejectedError
from ai_designer.core.settings import get_settings
from ai_designer.freecad.executor import FakeExecutor
from ai_designer.schemas.design_state import DesignStatus, LLMUsage
from ai_designer.schemas.execution import JobResult
from ai_designer.schemas.task_graph import Box, CADPlan

pytestmark = pytest.mark.unit

PLAN = CADPlan(name="block", operations=[Box(id="b", length=40, width=30, height=20)])
LLM_PLAN = CADPlan(name="block2", operations=[Box(id="b", length=60, width=30, height=20)])


def _loop(tmp_path: Path, planner: ScriptedPlanner, validator: ScriptedValidator,
          generator: ScriptedGenerator | None = None, executor: FakeExecutor | None = None,
          **request: object) -> tuple[Orchestrator, DesignRequest]:
    gen = generator or ScriptedGenerator(compiler=lambda plan: f"# {plan.name}\nshape = Part.makeBox(40, 30, 20)\n")
    orch = Orchestrator(get_settings(), executor or FakeExecutor(), planner, gen, validator)
    req = DesignRequest(prompt="a 40 x 30 x 20 mm block", request_id="r1", out_dir=tmp_path, formats=["step"],
                        **request)  # type: ignore[arg-type]
    return orch, req


def test_a_passing_offline_plan_is_one_pass_and_published(tmp_path: Path) -> None:
    planner, validator = ScriptedPlanner(), ScriptedValidator()
    planner.enqueue(PLAN, reason="the offline planner planned it")
    validator.enqueue(True)
    events: list[str] = []
    orch, req = _loop(tmp_path, planner, validator, emit=lambda s, i, m, d: events.append(s.value))
    result = orch.run(req)
    assert result.status is DesignStatus.succeeded and result.iterations == 1
    assert result.planner == "offline" and result.planner_reason == "the offline planner planned it"
    assert Path(result.files["step"]).parent == tmp_path and Path(result.files["step"]).is_file()
    assert events == ["planning", "planning", "generating", "executing", "validating"]
    assert not any(p.name.startswith(".work-") for p in tmp_path.iterdir())


def test_a_failed_offline_plan_goes_to_the_model_with_the_attempt_and_error(tmp_path: Path) -> None:
    planner, validator = ScriptedPlanner(), ScriptedValidator()
    planner.enqueue(PLAN, can_replan=True)
    planner.enqueue(LLM_PLAN, source="llm", usage=LLMUsage(calls=1, tokens=900, cost_usd=0.01))
    validator.enqueue(False, message="bbox is 40 mm, the request says 60")
    validator.enqueue(True)
    orch, req = _loop(tmp_path, planner, validator, options=RunOptions(model="fast"))
    result = orch.run(req)
    assert result.status is DesignStatus.succeeded and result.iterations == 2 and result.planner == "llm"
    second = planner.history[1]
    assert second.previous == PLAN and second.previous_source == "offline"
    assert second.feedback is not None and "bbox is 40 mm" in second.feedback
    assert all(r.options.model == "fast" for r in planner.history + validator.history)
    assert result.llm.calls == 1 and result.llm.tokens == 900


def test_without_a_model_a_failed_offline_plan_stops_after_one_pass(tmp_path: Path) -> None:
    planner, validator = ScriptedPlanner(), ScriptedValidator()
    planner.enqueue(PLAN, can_replan=False)
    validator.enqueue(False, message="bbox is off")
    orch, req = _loop(tmp_path, planner, validator)
    result = orch.run(req)
    assert result.status is DesignStatus.failed and result.iterations == 1 and len(planner.history) == 1
    assert result.error is not None and result.error["code"] == "validation_failed"
    assert result.files == {}


def test_a_build_failure_with_custom_code_rewrites_the_code_and_keeps_the_plan(tmp_path: Path) -> None:
    planner, validator, generator = ScriptedPlanner(), ScriptedValidator(), ScriptedGenerator()
    planner.enqueue(PLAN)
    generator.enqueue("shape = Part.makeBox(1, 1, 1)\n", can_rewrite=True)
    generator.enqueue("shape = Part.makeBox(40, 30, 20)\n", usage=LLMUsage(calls=1))
    validator.enqueue(True)
    executor = FakeExecutor().enqueue(JobResult(ok=False, error={"code": "execution_failed", "message": "boom"}))
    orch, req = _loop(tmp_path, planner, validator, generator=generator, executor=executor)
    result = orch.run(req)
    assert result.status is DesignStatus.succeeded and result.iterations == 2
    assert len(planner.history) == 1, "the plan is kept; only the code is rewritten"
    assert [g.failure for g in generator.history] == [None, "boom"]


def test_a_rejection_after_spending_counts_the_spend(tmp_path: Path) -> None:
    planner = ScriptedPlanner()
    planner.enqueue(RejectedError("no valid plan after 2 repairs", details={"usage": {"calls": 3, "tokens": 10}}))
    orch, req = _loop(tmp_path, planner, ScriptedValidator())
    result = orch.run(req)
    assert result.status is DesignStatus.rejected and result.llm.calls == 3
    assert result.error is not None and "no valid plan" in result.error["message"]


def test_cancel_stops_before_the_first_step(tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    planner = ScriptedPlanner()
    orch, req = _loop(tmp_path, planner, ScriptedValidator(), cancel=cancel)
    assert orch.run(req).status is DesignStatus.cancelled and planner.history == []


def test_an_empty_script_queue_fails_loudly() -> None:
    with pytest.raises(AssertionError, match="ScriptedPlanner: call 1 but nothing was enqueued"):
        ScriptedPlanner().execute(PlanRequest(prompt="x"))

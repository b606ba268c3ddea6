"""LLM-written code for a ``custom`` operation runs in the real sandboxed FreeCAD executor, and a failed run is
fed back to the model for a rewrite — through ``Designer.design`` with a scripted local model."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_designer.designer import Designer
from ai_designer.llm.testing import ScriptedLLMServer
from ai_designer.schemas.design_state import DesignStatus
from ai_designer.schemas.task_graph import CADPlan, Custom, Intent

PLAN = CADPlan(name="block", operations=[Custom(id="block", description="a 30 x 20 x 10 mm block", code="")],
               intent=Intent(bbox=(30, 20, 10)))


def test_custom_code_from_the_model_is_built(planner_llm: ScriptedLLMServer, tmp_path: Path) -> None:
    planner_llm.enqueue("```python\nshape = Part.makeBox(30, 20, 10, Vector(-15, -10, 0))\n```")
    result = Designer().design("", plan=PLAN, out_dir=tmp_path, formats="step")
    assert result.status is DesignStatus.succeeded, result.error
    assert result.geometry is not None and result.geometry.volume == pytest.approx(6000, rel=1e-6)
    assert result.llm.calls == 1 and result.llm.tokens > 0
    assert result.plan is not None and "makeBox" in result.plan.get("block").code  # type: ignore[union-attr]


def test_failed_custom_code_is_rewritten_with_the_error(planner_llm: ScriptedLLMServer, tmp_path: Path) -> None:
    planner_llm.enqueue("```python\nshape = Part.makeFilletedBox(30, 20, 10)\n```")
    planner_llm.enqueue("```python\nshape = Part.makeBox(30, 20, 10, Vector(-15, -10, 0))\n```")
    result = Designer().design("", plan=PLAN, out_dir=tmp_path, formats="step")
    assert result.status is DesignStatus.succeeded, result.error
    assert result.iterations == 2 and result.llm.calls == 2
    assert "makeFilletedBox" in planner_llm.history[1].text, "the failing code and its error reach the model"

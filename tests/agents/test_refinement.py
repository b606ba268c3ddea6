"""End to end through ``Designer.design`` with the real offline planner, real FreeCAD and a scripted local model:
offline-first routing (call counts) and the refine loop (validation feedback reaches the next planner call)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_designer.core.settings import get_settings
from ai_designer.designer import Designer
from ai_designer.llm.testing import ScriptedLLMServer
from ai_designer.schemas.design_state import DesignStatus

ODD_PROMPT = "a whimsical sculpture of a sleeping cat for my desk"


def _plan(length: float, intent_length: float = 60) -> dict[str, object]:
    return {"name": "cat_base", "operations": [{"op": "box", "id": "base", "length": length, "width": 20,
                                               "height": 5}],
            "intent": {"bbox": [intent_length, 20, 5]}}


def test_offline_prompt_makes_no_llm_call(planner_llm: ScriptedLLMServer, tmp_path: Path) -> None:
    result = Designer().design("a 40 mm cube", out_dir=tmp_path, formats="step")
    assert result.status is DesignStatus.succeeded, result.error
    assert result.planner == "offline"
    assert planner_llm.calls == 0 and result.llm.calls == 0


def test_llm_only_prompt_makes_one_planner_call(planner_llm: ScriptedLLMServer, tmp_path: Path) -> None:
    planner_llm.enqueue_json(_plan(60), prompt_tokens=3000, completion_tokens=120)
    result = Designer().design(ODD_PROMPT, out_dir=tmp_path, formats="step")
    assert result.status is DesignStatus.succeeded, result.error
    assert result.planner == "llm" and planner_llm.calls == 1
    assert result.public()["llm"]["calls"] == 1 and result.llm.tokens == 3120 and result.llm.cost_usd > 0
    assert result.geometry is not None and result.geometry.bbox == pytest.approx((60, 20, 5), abs=1e-6)


def test_failed_validation_feedback_reaches_the_second_call(planner_llm: ScriptedLLMServer, tmp_path: Path) -> None:
    planner_llm.enqueue_json(_plan(50))  # wrong size: its intent says 60 mm
    planner_llm.enqueue_json(_plan(60))
    events: list[str] = []
    result = Designer().design(ODD_PROMPT, out_dir=tmp_path, formats="step",
                               on_event=lambda e: events.append(e.status.value))
    assert result.status is DesignStatus.succeeded, result.error
    assert result.iterations == 2 and planner_llm.calls == 2 and result.llm.calls == 2
    second = planner_llm.history[1].text
    assert "bbox" in second and "50" in second and "60" in second, "measured vs intended reach the model"
    assert '"length":50.0' in second, "the previous plan reaches the model"
    assert "refining" in events
    assert result.geometry is not None and result.geometry.bbox[0] == pytest.approx(60)


def test_refinement_stops_at_max_iterations(planner_llm: ScriptedLLMServer, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_ITERATIONS", "2")
    get_settings.cache_clear()
    for _ in range(3):
        planner_llm.enqueue_json(_plan(50))
    result = Designer().design(ODD_PROMPT, out_dir=tmp_path, formats="step")
    assert result.status is DesignStatus.failed and result.iterations == 2 and planner_llm.calls == 2
    assert result.error is not None and "bbox" in result.error["message"]
    assert not any(p.suffix == ".step" for p in tmp_path.iterdir()), "no model files for a failed design"


def test_rerun_is_served_from_the_cache(planner_llm: ScriptedLLMServer, tmp_path: Path) -> None:
    planner_llm.enqueue_json(_plan(60))
    first = Designer().design(ODD_PROMPT, out_dir=tmp_path / "a", formats="step")
    again = Designer().design(ODD_PROMPT, out_dir=tmp_path / "b", formats="step")
    assert first.status is again.status is DesignStatus.succeeded
    assert planner_llm.calls == 1
    assert again.public()["llm"] == {"calls": 0, "tokens": 0, "cost_usd": 0.0, "cache_hits": 1,
                                      "cached_tokens": 0}


def test_without_a_model_the_odd_prompt_is_rejected_with_a_hint(tmp_path: Path) -> None:
    out = tmp_path / "out"  # (tmp_path also holds the test's AI_DESIGNER_HOME, with its caches)
    result = Designer().design(ODD_PROMPT, out_dir=out)
    assert result.status is DesignStatus.rejected
    assert result.error is not None and "OPENAI_API_KEY" in result.error["message"]
    assert "AGENT_PLANNER_PRIMARY=ollama/qwen2.5-coder" in result.error["message"]
    assert not out.exists() or not any(out.iterdir())


def test_budget_stops_the_refine_loop(planner_llm: ScriptedLLMServer, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_BUDGET_USD", "0.001")
    get_settings.cache_clear()
    planner_llm.enqueue_json(_plan(50), prompt_tokens=100_000)  # 100k tokens of gpt-4o-mini = $0.015
    planner_llm.enqueue_json(_plan(60))
    result = Designer().design(ODD_PROMPT, out_dir=tmp_path, formats="step")
    assert result.status is DesignStatus.failed and result.iterations == 1 and planner_llm.calls == 1
    assert result.llm.cost_usd == pytest.approx(0.015 + 20 * 0.6e-6)

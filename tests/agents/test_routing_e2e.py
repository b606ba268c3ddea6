"""Routing end to end: real offline planner, real litellm against the scripted OpenAI-compatible server, real
FreeCAD — through the CLI parser, the engine and the REST API.

offline first → when its plan fails (it cannot plan the prompt, or the part fails to build or to meet the request)
and a model is available, the LLM planner gets the prompt, the offline attempt and its error; ``--offline`` never
calls a model; ``--llm`` skips the offline planner; ``-m`` picks any litellm model or a configured alias.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ai_designer.agents.planner import PlannerAgent, compact_plan_json
from ai_designer.api.app import create_app
from ai_designer.cli.app import app
from ai_designer.core.settings import Settings, get_settings
from ai_designer.designer import Designer
from ai_designer.llm.testing import ScriptedLLMServer
from ai_designer.planning import plan_offline
from ai_designer.schemas.design_state import DesignStatus
from ai_designer.schemas.task_graph import Box, CADPlan, Intent

pytestmark = pytest.mark.timeout(240)

BAD_HOLE = "a 20 mm cube with a 5 mm hole 30 mm from the left edge"  # the offline planner: "outside the face"
GOOD_HOLE = "a 20 mm cube with a 5 mm hole 5 mm from the left edge"
ODD_PROMPT = "a whimsical sculpture of a sleeping cat for my desk"


@pytest.fixture
def alias(llm_server: ScriptedLLMServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ScriptedLLMServer:
    """``-m local`` = the scripted server, configured as an alias; no agent has a model of its own."""
    config = tmp_path / "config.yaml"
    config.write_text(f"model_aliases:\n  local: {{model: openai/gpt-4o-mini, api_base: '{llm_server.base_url}'}}\n")
    monkeypatch.setenv("AI_DESIGNER_CONFIG", str(config))
    get_settings.cache_clear()
    return llm_server


def _design(*args: str) -> tuple[int, dict[str, Any]]:
    out = CliRunner().invoke(app, ["design", *args, "--json", "--format", "step"])
    return out.exit_code, json.loads(out.output.strip().splitlines()[-1])


def test_offline_plan_error_goes_to_the_model_named_with_m(alias: ScriptedLLMServer, tmp_path: Path) -> None:
    alias.enqueue(compact_plan_json(plan_offline(GOOD_HOLE)), prompt_tokens=3000, completion_tokens=150)
    code, result = _design(BAD_HOLE, "--out", str(tmp_path), "-m", "local")
    assert code == 0 and result["status"] == "succeeded", result["error"]
    assert result["planner"] == "llm" and result["llm"]["calls"] == 1 and alias.calls == 1
    assert "offline planner could not plan it" in result["planner_reason"]
    assert "does not fit on the 20 x 20 mm face" in result["planner_reason"]
    assert result["routing"] == {"mode": "auto", "model": "openai/gpt-4o-mini"}
    assert "does not fit on the 20 x 20 mm face" in alias.history[0].text, "the offline error reaches the model"
    assert result["geometry"]["volume"] == pytest.approx(20**3 - math.pi * 2.5**2 * 20, rel=1e-3)
    assert result["geometry"]["bbox"] == pytest.approx([20, 20, 20], abs=1e-3)


def test_offline_flag_never_calls_a_model(alias: ScriptedLLMServer, tmp_path: Path) -> None:
    code, result = _design(BAD_HOLE, "--out", str(tmp_path), "--offline")
    assert code == 3 and result["status"] == "rejected" and "does not fit" in result["error"]["message"]
    code, result = _design(ODD_PROMPT, "--out", str(tmp_path), "--offline")
    assert code == 3 and "--offline was given" in result["error"]["message"]
    assert alias.calls == 0 and result["llm"]["calls"] == 0 and result["files"] == {}


def test_llm_flag_skips_the_offline_planner(alias: ScriptedLLMServer, tmp_path: Path) -> None:
    alias.enqueue(compact_plan_json(CADPlan(name="cube", operations=[Box(id="c", length=40, width=40, height=40)],
                                            intent=Intent(bbox=(40, 40, 40)))))
    code, result = _design("a 40 mm cube", "--out", str(tmp_path), "--llm", "-m", "local")
    assert code == 0 and result["planner"] == "llm" and alias.calls == 1
    assert "offline planner was skipped" in result["planner_reason"]
    assert result["geometry"]["volume"] == pytest.approx(64000, rel=1e-6)


def test_a_model_without_its_key_is_named(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    code, result = _design(ODD_PROMPT, "--out", str(tmp_path), "-m", "openai/gpt-4o-mini")
    assert code == 3 and "'openai/gpt-4o-mini' needs OPENAI_API_KEY" in result["error"]["message"]
    assert llm_server.calls == 0


def test_offline_plan_that_fails_validation_is_replanned_with_the_attempt(planner_llm: ScriptedLLMServer,
                                                                          tmp_path: Path) -> None:
    """An offline planner that misreads "60 mm" as 50 mm: the part builds, misses its intent, and the model gets
    the offline plan and the measured error."""

    def misreading(prompt: str, current: CADPlan | None) -> CADPlan:
        return CADPlan(name="bar", operations=[Box(id="bar", length=50, width=20, height=5)],
                       intent=Intent(bbox=(60, 20, 5)))

    planner_llm.enqueue(compact_plan_json(CADPlan(name="bar", operations=[Box(id="bar", length=60, width=20,
                                                                               height=5)],
                                                  intent=Intent(bbox=(60, 20, 5)))))
    designer = Designer(planner=PlannerAgent(offline=misreading))
    result = designer.design("a 60 x 20 x 5 mm bar", out_dir=tmp_path, formats="step")
    assert result.status is DesignStatus.succeeded and result.iterations == 2 and result.planner == "llm"
    assert result.planner_reason is not None and result.planner_reason.startswith("the offline plan failed")
    sent = planner_llm.history[0].text
    assert '"length":50.0' in sent and "bbox" in sent, "the offline attempt and the measured error reach the model"
    assert result.geometry is not None and result.geometry.bbox == pytest.approx((60, 20, 5), abs=1e-6)


def test_rest_request_carries_model_and_routing(alias: ScriptedLLMServer, tmp_path: Path) -> None:
    alias.enqueue(compact_plan_json(CADPlan(name="block", operations=[Box(id="b", length=30, width=20, height=10)],
                                            intent=Intent(bbox=(30, 20, 10)))))
    settings = Settings(AI_DESIGNER_HOME=str(tmp_path / "api"), JOB_BACKEND="local",  # type: ignore[call-arg]
                        RATE_LIMIT_ENABLED=False)
    with TestClient(create_app(settings)) as client:
        refused = client.post("/api/v1/design", json={"prompt": "a block", "routing": "offline", "model": "local"})
        assert refused.status_code == 422 and "drop one" in refused.text
        created = client.post("/api/v1/design", json={"prompt": ODD_PROMPT, "routing": "llm", "model": "local",
                                                      "formats": ["step"]})
        assert created.status_code == 202, created.text
        rid = created.json()["request_id"]
        status: dict[str, Any] = {}
        for _ in range(600):
            status = client.get(f"/api/v1/design/{rid}").json()
            if status["status"] in ("succeeded", "failed", "rejected"):
                break
            time.sleep(0.1)
    assert status["status"] == "succeeded", status.get("error")
    assert status["planner"] == "llm" and status["routing"] == {"mode": "llm", "model": "openai/gpt-4o-mini"}
    assert "offline planner was skipped" in status["planner_reason"]
    assert status["geometry"]["bbox"] == pytest.approx([30, 20, 10], abs=1e-3) and alias.calls == 1


def test_models_prices_come_from_litellm(alias: ScriptedLLMServer) -> None:
    out = CliRunner().invoke(app, ["models", "--json"])
    rows = {(r["agent"], r["role"]): r for r in json.loads(out.output.strip().splitlines()[-1])["models"]}
    local = rows[("alias:local", "alias")]
    assert local["ready"] and local["input_per_1k_usd"] == pytest.approx(0.00015)
    assert local["output_per_1k_usd"] == pytest.approx(0.0006)
    assert rows[("generator", "primary")]["input_per_1k_usd"] == pytest.approx(0.0025)

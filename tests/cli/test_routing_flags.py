"""`ai-designer design -m/--offline/--llm` and `ai-designer models` through the real Typer parser, where no model,
FreeCAD or socket is needed (unit). The routing itself is exercised end to end in tests/agents/test_routing_e2e.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ai_designer.cli.app import app
from ai_designer.core.settings import get_settings

pytestmark = pytest.mark.unit


def test_contradictory_flags_are_a_usage_error(tmp_path: Path) -> None:
    runner = CliRunner()
    both = runner.invoke(app, ["design", "a 40 mm cube", "--offline", "--llm", "--out", str(tmp_path)])
    assert both.exit_code == 2 and "contradict" in both.output
    offline_model = runner.invoke(app, ["design", "a 40 mm cube", "--offline", "-m", "openai/gpt-4o",
                                        "--out", str(tmp_path)])
    assert offline_model.exit_code == 2 and "drop one" in offline_model.output
    assert not any(tmp_path.iterdir()), "nothing was built"


def test_models_lists_agents_keys_and_aliases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("model_aliases:\n  fast: openai/gpt-4o-mini\n"
                      "  local: {model: openai/qwen, api_base: 'http://127.0.0.1:9/v1'}\n")
    monkeypatch.setenv("AI_DESIGNER_CONFIG", str(config))
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")  # pragma: allowlist secret
    get_settings.cache_clear()
    out = CliRunner().invoke(app, ["models", "--json", "--no-prices"])
    assert out.exit_code == 0, out.output
    rows = {(r["agent"], r["role"]): r for r in json.loads(out.output.strip().splitlines()[-1])["models"]}
    planner = rows[("planner", "primary")]
    assert planner["model"] == "anthropic/claude-3-5-sonnet-20241022" and not planner["ready"]
    assert planner["needs"] == "ANTHROPIC_API_KEY"
    assert rows[("generator", "fallback")]["ready"], "DEEPSEEK_API_KEY makes deepseek/deepseek-coder callable"
    assert not rows[("alias:fast", "alias")]["ready"]
    assert rows[("alias:local", "alias")]["ready"], "an api_base needs no key"
    assert set(rows) >= {(a, "primary") for a in ("planner", "generator", "validator", "orchestrator")}
    assert "sk-test" not in out.output, "keys are never printed"

"""The CLI contract of SPEC.md, through the real console script in a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PROMPT = "a 100 x 60 x 20 mm block with a 12 mm hole through the middle"


def _cli(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "AI_DESIGNER_HOME": str(home), **(env or {})}
    for var in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "DEEPSEEK_API_KEY"):
        full_env.pop(var, None)
    return subprocess.run([sys.executable, "-m", "ai_designer", *args], capture_output=True, text=True,
                          env=full_env, timeout=180)


def _last_json(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    lines = [ln for ln in proc.stdout.strip().splitlines() if ln.strip()]
    assert lines, proc.stderr
    return json.loads(lines[-1])


def test_design_json_contract_and_step_reads_back(tmp_path: Path, _isolated_home: Path, freecad_inprocess: Any) -> None:
    out = tmp_path / "x"
    proc = _cli("design", PROMPT, "--out", str(out), "--json", home=_isolated_home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = _last_json(proc)
    assert set(data) >= {"status", "request_id", "files", "geometry", "validation", "iterations", "llm", "error"}
    assert data["status"] == "succeeded" and data["error"] is None
    assert data["llm"] == {"calls": 0, "tokens": 0, "cost_usd": 0.0, "cache_hits": 0, "cached_tokens": 0}
    expected_volume = 100 * 60 * 20 - 3.141592653589793 * 6**2 * 20
    assert data["geometry"]["volume"] == pytest.approx(expected_volume, rel=1e-6)
    assert data["geometry"]["bbox"] == pytest.approx([100, 60, 20], abs=1e-6)
    assert data["geometry"]["solids"] == 1 and data["geometry"]["valid"] is True
    for fmt in ("fcstd", "step", "stl", "png"):
        assert Path(data["files"][fmt]).is_file() and Path(data["files"][fmt]).parent == out.resolve()

    import Part

    shape = Part.read(data["files"]["step"])
    assert shape.Volume == pytest.approx(expected_volume, rel=1e-6)
    bb = shape.BoundBox
    assert (bb.XLength, bb.YLength, bb.ZLength) == pytest.approx((100, 60, 20), abs=1e-3)


def test_rejected_prompt_exits_nonzero_with_help_and_writes_no_files(tmp_path: Path, _isolated_home: Path) -> None:
    out = tmp_path / "r"
    proc = _cli("design", "something beautiful", "--out", str(out), "--json", home=_isolated_home)
    assert proc.returncode != 0
    data = _last_json(proc)
    assert data["status"] == "rejected" and data["files"] == {}
    assert "API_KEY" in data["error"]["message"] or "ollama" in data["error"]["message"].lower()
    assert not any(p.is_file() for p in out.rglob("*")) if out.exists() else True


def test_session_edit_persists_between_invocations(tmp_path: Path, _isolated_home: Path) -> None:
    first = _last_json(_cli("design", "a 80 x 50 x 6 mm plate", "--out", str(tmp_path / "a"), "--json",
                            "--session", "s1", "--format", "step", home=_isolated_home))
    assert first["status"] == "succeeded" and first["geometry"]["bbox"][2] == pytest.approx(6)
    second = _last_json(_cli("design", "make it 10 mm thick", "--out", str(tmp_path / "b"), "--json",
                             "--session", "s1", "--format", "step", home=_isolated_home))
    assert second["status"] == "succeeded"
    assert second["geometry"]["bbox"] == pytest.approx([80, 50, 10], abs=1e-6)
    undone = _last_json(_cli("design", "undo", "--out", str(tmp_path / "c"), "--json", "--session", "s1",
                             "--format", "step", home=_isolated_home))
    assert undone["geometry"]["bbox"] == pytest.approx([80, 50, 6], abs=1e-6)


def test_plan_file_and_analyze(tmp_path: Path, _isolated_home: Path) -> None:
    plan = {"name": "washer", "operations": [{"op": "tube", "id": "washer", "outer_diameter": 24,
                                              "inner_diameter": 13, "height": 2.5}],
            "intent": {"bbox": [24, 24, 2.5]}}
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan))
    data = _last_json(_cli("design", "--plan", str(plan_file), "--out", str(tmp_path / "w"), "--json",
                           "--format", "fcstd", home=_isolated_home))
    assert data["status"] == "succeeded"
    assert data["geometry"]["volume"] == pytest.approx(3.141592653589793 / 4 * (24**2 - 13**2) * 2.5, rel=1e-6)

    proc = _cli("analyze", data["files"]["fcstd"], "--json", home=_isolated_home)
    assert proc.returncode == 0, proc.stderr
    info = _last_json(proc)
    assert info["objects"] and info["geometry"]["volume"] == pytest.approx(data["geometry"]["volume"], rel=1e-6)


def test_bad_plan_file_and_bad_format_are_rejected_cleanly(tmp_path: Path, _isolated_home: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"operations": [{"op": "box", "id": "b", "length": -5, "width": 1, "height": 1}]}')
    data = _last_json(_cli("design", "--plan", str(bad), "--out", str(tmp_path / "o"), "--json", home=_isolated_home))
    assert data["status"] == "rejected" and "greater than 0" in data["error"]["message"]
    data = _last_json(_cli("design", PROMPT, "--format", "dwg", "--out", str(tmp_path / "o"), "--json",
                           home=_isolated_home))
    assert data["status"] == "rejected" and "dwg" in data["error"]["message"]


def test_help_and_module_entry_point(_isolated_home: Path) -> None:
    proc = _cli("--help", home=_isolated_home)
    assert proc.returncode == 0
    for command in ("design", "analyze", "chat", "serve", "worker"):
        assert command in proc.stdout

"""Every command SPEC.md quotes for users to paste, run in a subprocess exactly as written (with the project's
environment on PATH, as after ``source .venv/bin/activate``). A command that drifts from the contract fails here
before a user finds it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]

#: (command as SPEC.md writes it, text its output must contain). SPEC phrases in the comments.
COMMANDS = [
    # "`python -m ai_designer --help` works"
    ("python -m ai_designer --help", "design"),
    # "console script `ai-designer`"
    ("ai-designer --help", "analyze"),
    ("ai-designer design --help", "--session"),
    ("ai-designer analyze --help", "--json"),
    ("ai-designer chat --help", "--session"),
    ("ai-designer serve --help", "--port"),
    ("ai-designer worker --help", "worker"),
    # "`from ai_designer.cli import FreeCADCLI` works"
    ('python -c "from ai_designer.cli import FreeCADCLI; print(FreeCADCLI.__name__)"', "FreeCADCLI"),
    # "`from ai_designer.schemas import LLMRequest, LLMResponse, LLMMessage, DesignCreateRequest, DesignResponse`"
    ('python -c "from ai_designer.schemas import LLMRequest, LLMResponse, LLMMessage, DesignCreateRequest, '
     'DesignResponse; print(\'cost_usd\' in LLMResponse.model_fields)"', "True"),
    # "`get_agent_config('generator')['primary']` prints `openai/gpt-4o`"
    ('python -c "from ai_designer.llm.model_config import get_agent_config; '
     'print(get_agent_config(\'generator\')[\'primary\'])"', "openai/gpt-4o"),
    # "KeyError if unknown; also importable from `ai_designer.agents`"
    ('python -c "from ai_designer.agents import get_agent_config\ntry:\n    get_agent_config(\'painter\')\n'
     'except KeyError:\n    print(\'KeyError\')"', "KeyError"),
    # "`get_env_override(name, key)` reading `AGENT_{NAME}_{KEY}`"
    ('AGENT_PLANNER_PRIMARY=ollama/qwen2.5-coder python -c "from ai_designer.llm.model_config import '
     'get_env_override; print(get_env_override(\'planner\', \'primary\'))"', "ollama/qwen2.5-coder"),
    # "`AGENT_MODEL_CONFIG` for `planner`, `generator`, `validator`, `orchestrator`"
    ('python -c "from ai_designer.llm.model_config import AGENT_MODEL_CONFIG; print(sorted(AGENT_MODEL_CONFIG))"',
     "['generator', 'orchestrator', 'planner', 'validator']"),
    # "`BaseAgent.__abstractmethods__ == {'execute'}`"
    ('python -c "from ai_designer.agents.base import BaseAgent; print(BaseAgent.__abstractmethods__ == {\'execute\'})"',
     "True"),
    # "`ai_designer.core.llm_provider.UnifiedLLMProvider` on litellm: complete, complete_stream, get_total_cost ..."
    ('python -c "from ai_designer.core.llm_provider import UnifiedLLMProvider as P; '
     'print(all(hasattr(P, n) for n in (\'complete\', \'complete_stream\', \'get_total_cost\', '
     '\'reset_cost_tracking\')))"', "True"),
    # "`ai_designer.api.app:create_app` (uvicorn `--factory`)"
    ('python -c "from ai_designer.api.app import create_app; print(callable(create_app))"', "True"),
    # "Makefile: `make run`, `make test` ..., `make test-unit` ..., `make test-integration`"
    ("make -n run test test-unit test-integration", "pytest"),
]


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = f"{ROOT / 'src'}{os.pathsep}{env.get('PYTHONPATH', '')}"
    env["AI_DESIGNER_HOME"] = str(tmp_path / "home")
    env.pop("AGENT_PLANNER_PRIMARY", None)
    return env


@pytest.mark.parametrize(("command", "expected"), COMMANDS, ids=[c[0][:60] for c in COMMANDS])
def test_spec_command(command: str, expected: str, tmp_path: Path) -> None:
    proc = subprocess.run(["bash", "-c", command], cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, f"{command!r} exited {proc.returncode}:\n{proc.stderr[-2000:]}"
    assert expected in proc.stdout, f"{command!r} printed:\n{proc.stdout[-2000:]}"


@pytest.mark.xfail(strict=True, reason="`ai-designer mcp` is built on another branch; drop this mark once merged")
def test_spec_mcp_command(tmp_path: Path) -> None:
    proc = subprocess.run(["bash", "-c", "ai-designer mcp --help"], cwd=ROOT, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "--http" in proc.stdout

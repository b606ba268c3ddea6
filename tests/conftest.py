"""Shared fixtures. Every test gets a private AI_DESIGNER_HOME so sessions/stores never leak between tests.

Test kinds (``make test-unit`` / ``make test-integration``; ``make test`` runs both): a test is ``unit`` when its
module says ``pytestmark = pytest.mark.unit`` or sits under one of :data:`UNIT_PATHS`; every other test is
``integration`` (real FreeCAD, Redis, HTTP on loopback, Chromium). Unit tests must not touch the network — a socket
``connect``/``bind`` in one fails it with a message saying to mark it integration — nor import FreeCAD.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ai_designer.core.settings import get_settings

#: Test files and directories (relative to tests/) that are unit tests: no FreeCAD, Redis or sockets, seconds.
UNIT_PATHS = (
    "test_spec_commands.py", "test_layering.py", "agents/test_orchestrator_seams.py", "schemas/", "cad/",
    "llm/test_model_config.py", "llm/test_reasoning.py", "cli/test_routing_flags.py", "ops/test_env_example.py",
    "planning/test_planner.py",
)
_TESTS = Path(__file__).resolve().parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--all-examples", action="store_true",
                     help="build every step of the example suite (default: a covering subset, tests/planning/"
                          "example_prefetch.py); before a release and nightly")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        rel = Path(str(item.path)).resolve().relative_to(_TESTS).as_posix()
        if item.get_closest_marker("unit") is None and rel.startswith(UNIT_PATHS):
            item.add_marker(pytest.mark.unit)
        if item.get_closest_marker("unit") is None:
            item.add_marker(pytest.mark.integration)


def _refuse_network(*_: Any, **__: Any) -> None:
    raise RuntimeError("a unit test opened a socket: mark it integration (see tests/conftest.py UNIT_PATHS), or "
                       "keep it off the network")


@pytest.fixture(autouse=True)
def _unit_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Hold unit tests to their promise: no sockets, no FreeCAD in the test process."""
    if request.node.get_closest_marker("unit") is None:
        yield
        return
    monkeypatch.setattr(socket.socket, "connect", _refuse_network)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse_network)
    monkeypatch.setattr(socket.socket, "bind", _refuse_network)
    had_freecad = "FreeCAD" in sys.modules
    yield
    assert had_freecad or "FreeCAD" not in sys.modules, "a unit test imported FreeCAD: mark it integration"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("AI_DESIGNER_HOME", str(home))
    for var in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "DEEPSEEK_API_KEY", "REDIS_URL", "REDIS_HOST"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def freecad_inprocess(tmp_path_factory: pytest.TempPathFactory) -> object:
    """FreeCAD imported into the test process (for tests of in-worker code such as measurement)."""
    from ai_designer.freecad.locate import import_freecad

    return import_freecad(tmp_path_factory.mktemp("fcuser"))

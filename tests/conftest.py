"""Shared fixtures. Every test gets a private AI_DESIGNER_HOME so sessions/stores never leak between tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.core.settings import get_settings


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

"""A grammar that cannot be built (a rule defined twice) is the planner's own fault: the first plan fails loudly with
an internal error, and later plans fail at once with the same error instead of building the parser again (each
retry's garbage made a long-running process grow; ``lru_cache`` keeps no exception)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ai_designer.planning import grammar, plan_offline

pytestmark = pytest.mark.unit


def _clear() -> None:
    for cached in (grammar._parser, grammar._filters, grammar._shape, grammar._earley):
        cached.cache_clear()


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[int]]:
    """The real grammar with its start rule said twice, built through the real code path in an empty cache
    directory; yields the number of parser constructions so far."""
    from ai_designer.core.settings import get_settings

    text = grammar.grammar_text() + "\nstart: sentence\n"
    builds = [0]
    real_lark = grammar.Lark

    def counting_lark(*args: Any, **kwargs: Any) -> Any:
        builds[0] += 1
        return real_lark(*args, **kwargs)

    monkeypatch.setenv("AI_DESIGNER_HOME", str(tmp_path))
    monkeypatch.setattr(grammar, "grammar_text", lambda: text)
    monkeypatch.setattr(grammar, "Lark", counting_lark)
    monkeypatch.setattr(grammar, "_BROKEN", [])
    get_settings.cache_clear()
    _clear()
    yield builds
    monkeypatch.undo()
    get_settings.cache_clear()
    _clear()


def test_broken_grammar_fails_once_then_fast(broken: list[int]) -> None:
    with pytest.raises(grammar.GrammarBroken) as first:
        plan_offline("a 40 x 30 x 20 mm block")
    assert first.value.code == "internal_error"
    assert "grammar" in first.value.message and "defined" in first.value.message.lower()
    assert broken[0] == 1
    with pytest.raises(grammar.GrammarBroken) as second:
        plan_offline("a 60 mm diameter disc 5 mm thick")
    assert second.value is first.value
    assert broken[0] == 1  # not built again


def test_planner_works_after_the_broken_grammar_is_gone() -> None:
    """The fixture's clean-up leaves the real parser usable (no stale failure kept)."""
    assert plan_offline("a 40 x 30 x 20 mm block").intent.bbox == (40.0, 30.0, 20.0)

"""The grammar's pre-parse filters are cached on disk (a cold CLI process reads them instead of computing them);
what is read back must be exactly what is computed, and a damaged cache file is recomputed, never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_designer.planning import grammar
from ai_designer.planning.lexer import lex

pytestmark = pytest.mark.unit


def _fresh() -> None:
    grammar._filters.cache_clear()
    grammar._shape.cache_clear()


def test_cached_filters_equal_computed_ones_and_damage_is_recomputed(_isolated_home: Path) -> None:
    _fresh()
    computed = grammar._filters()
    files = list((_isolated_home / "cache").glob("grammar-filters-*.json"))
    assert len(files) == 1
    _fresh()
    assert grammar._filters() == computed  # read back from the file
    assert computed[0] and computed[1] and computed[2] and computed[3]
    assert computed[1:] == grammar._compute_neighbours()
    files[0].write_text('{"usable": 1}')
    _fresh()
    assert grammar._filters() == computed
    assert grammar.parse_clauses(*lex("a 40 x 30 x 20 mm block"))

from __future__ import annotations

from pathlib import Path

import pytest

from ai_designer.core.errors import NotFoundError, PlanError
from ai_designer.schemas.task_graph import Box, CADPlan
from ai_designer.sessions import SessionStore


def _plan(h: float) -> CADPlan:
    return CADPlan(operations=[Box(id="b", length=10, width=10, height=h)])


def test_push_load_undo_round_trip(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    store.push("s1", "a box", _plan(5), {})
    store.push("s1", "make it 8 tall", _plan(8), {"step": "x.step"})
    again = SessionStore(tmp_path).load("s1")  # a new process sees the same state
    assert [e.prompt for e in again.history] == ["a box", "make it 8 tall"]
    assert again.current is not None and again.current.operations[0].height == 8  # type: ignore[union-attr]
    assert store.undo("s1").current.operations[0].height == 5  # type: ignore[union-attr]
    store.undo("s1")
    with pytest.raises(NotFoundError):
        store.undo("s1")
    assert store.list() == ["s1"]


def test_session_names_cannot_escape_the_directory(tmp_path: Path) -> None:
    with pytest.raises(PlanError):
        SessionStore(tmp_path).load("../etc/passwd")

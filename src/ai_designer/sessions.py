"""Editing sessions on disk: a named stack of plan versions, so ``--session NAME`` edits survive between runs.

One JSON file per session under ``settings.sessions_dir``, written atomically (temp file + rename) so a crash never
leaves a half-written session.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ai_designer.core.errors import NotFoundError, PlanError
from ai_designer.schemas.design_state import SessionEntry, SessionState
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["SessionStore"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class SessionStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        if not _NAME.match(name):
            raise PlanError(f"session name {name!r} is not allowed: use letters, digits, '-', '_' or '.' (max 64)")
        return self.root / f"{name}.json"

    def load(self, name: str) -> SessionState:
        path = self._path(name)
        if not path.exists():
            return SessionState(name=name)
        return SessionState.model_validate_json(path.read_text(encoding="utf-8"))

    def save(self, state: SessionState) -> None:
        path = self._path(state.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{state.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(state.model_dump_json(indent=1))
        os.replace(tmp, path)

    def push(self, name: str, prompt: str, plan: CADPlan, files: dict[str, str]) -> SessionState:
        state = self.load(name)
        state.history.append(SessionEntry(prompt=prompt, plan=plan, files=files))
        self.save(state)
        return state

    def undo(self, name: str) -> SessionState:
        state = self.load(name)
        if not state.history:
            raise NotFoundError(f"session {name!r} has nothing to undo")
        state.history.pop()
        self.save(state)
        return state

    def list(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.stem for p in self.root.glob("*.json"))

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

"""The job interface: what a back end must do, and what it reports back to the service.

Two back ends implement :class:`JobBackend`: ``local`` (threads in the API process over the warm FreeCAD pool) and
``celery`` (workers on any machine, over Redis). Both report through a :class:`JobSink` — the
:class:`~ai_designer.jobs.service.DesignService` — so the store, the events and the API behave the same whichever
back end ran the job.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

__all__ = ["JobTicket", "JobSink", "JobBackend", "process_owner", "owner_alive"]


@dataclass
class JobTicket:
    """Everything a back end needs to run one version of a design (JSON-friendly for Celery)."""

    design_id: str
    version: int
    prompt: str
    formats: list[str] | None
    plan: dict[str, Any] | None
    current: dict[str, Any] | None
    out_dir: Path
    options: dict[str, Any] | None = None  # per-run LLM steering, passed to Designer.design as keywords

    def to_payload(self) -> dict[str, Any]:
        return {"design_id": self.design_id, "version": self.version, "prompt": self.prompt,
                "formats": self.formats, "plan": self.plan, "current": self.current, "options": self.options,
                "tracked": True}


class JobSink(Protocol):
    def progress(self, design_id: str, version: int, status: str, iteration: int = 0, message: str = "",
                 data: dict[str, Any] | None = None) -> None: ...

    def complete(self, design_id: str, version: int, result: dict[str, Any], files: dict[str, Path]) -> None: ...

    def complete_stored(self, design_id: str, version: int, result: dict[str, Any], names: dict[str, str]) -> None:
        """The files are already in the file store (a worker uploaded them): record the outcome only."""
        ...

    def preview_done(self, design_id: str, version: int, *, files: dict[str, Path] | None = None,
                     names: dict[str, str] | None = None, formats: list[str] | None = None,
                     error: dict[str, Any] | None = None, seconds: float = 0.0) -> None:
        """The PNG/GLB of a version that already succeeded: ``files`` in its scratch directory, or ``names``
        already in the file store; ``error`` when they could not be made (the design stays succeeded)."""
        ...

    def fail(self, design_id: str, version: int, code: str, message: str) -> None: ...

    def should_skip(self, design_id: str, version: int) -> bool: ...

    def may_reconcile(self) -> bool:
        """Several API hosts share one store: only the holder of the reconciler lease sweeps (jobs/chores.py)."""
        ...


class JobBackend(Protocol):
    name: str

    def start(self, sink: JobSink) -> None: ...

    def submit(self, ticket: JobTicket) -> None: ...

    def cancel(self, design_id: str, version: int) -> None: ...

    def health(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


@lru_cache(maxsize=1)
def process_owner() -> str:
    """``host:pid:start-time`` of this process: unique even when a restarted container reuses PID 1."""
    import psutil

    return f"{socket.gethostname()}:{os.getpid()}:{psutil.Process().create_time():.2f}"


def owner_alive(owner: str) -> bool:
    """Whether the process named by :func:`process_owner` still runs (unknown hosts count as alive)."""
    import psutil

    try:
        host, pid_text, started = owner.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return False
    if host != socket.gethostname():
        return True
    if owner == process_owner():
        return True
    try:
        return f"{psutil.Process(pid).create_time():.2f}" == started
    except psutil.Error:
        return False

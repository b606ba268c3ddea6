"""The one executor interface, the process-wide warm pool, and a complete fake for tests not about FreeCAD.

    from ai_designer.freecad.executor import get_executor
    result = get_executor().run(JobSpec(script=compile_plan(plan), out_dir="out"))

``get_executor()`` returns the same :class:`~ai_designer.freecad.pool.WorkerPool` for the whole process (created on
first use, closed at exit). Tests that are about the pipeline rather than FreeCAD pass a :class:`FakeExecutor` to the
``Designer`` instead: it records every spec in ``history`` and answers with scripted results (``enqueue``) or, by
default, a plausible box measured from the script's numbers, writing small placeholder files for each format.
"""

from __future__ import annotations

import atexit
import re
import threading
from collections import deque
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ai_designer.core.errors import PolicyViolation
from ai_designer.core.settings import Settings
from ai_designer.freecad import policy
from ai_designer.schemas.execution import JobResult, JobSpec
from ai_designer.schemas.validation import GeometryReport

__all__ = ["Executor", "get_executor", "prestart_executor", "close_executor", "FakeExecutor", "CANCEL"]

CANCEL: ContextVar[threading.Event | None] = ContextVar("ai_designer_job_cancel", default=None)
"""The cancel event of the design this thread is running. A job back end sets it around a design; an executor that
sees it set while FreeCAD builds stops the job at once (the pool kills the worker) instead of letting it run on."""


@runtime_checkable
class Executor(Protocol):
    """Runs FreeCAD jobs: ``run`` never raises for a bad script — the reason is in ``JobResult.error``."""

    def run(self, spec: JobSpec) -> JobResult: ...

    def health(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


_shared: Executor | None = None
_shared_lock = threading.Lock()


def get_executor(settings: Settings | None = None) -> Executor:
    """The process-wide warm pool (workers start lazily on the first job); closed automatically at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            from ai_designer.freecad.pool import WorkerPool

            _shared = WorkerPool(settings)
            atexit.register(close_executor)
        return _shared


def prestart_executor(settings: Settings | None = None, *, preview: bool = True, workers: int | None = None) -> None:
    """Start the process-wide pool's FreeCAD processes in the background now (see ``WorkerPool.prestart``): for a
    one-shot process that will run a job soon, so that FreeCAD starts while the caller is still importing.
    ``preview=False`` (the job wants no PNG) keeps the idle zygote from importing the preview renderer, CPU a
    one-shot process would spend for nothing; a worker still imports it itself if a PNG is asked for after all.
    ``workers``: how many sandboxed workers to fork (default ``POOL_WORKERS``); a process that runs its jobs one
    after another needs one, and the first job waits until every worker of the pool is forked."""
    global _shared
    from ai_designer.freecad.pool import WorkerPool

    with _shared_lock:
        if _shared is None:
            _shared = WorkerPool(settings, workers=workers, preload_preview=preview)
            atexit.register(close_executor)
        executor = _shared
    if isinstance(executor, WorkerPool):
        executor.prestart()


def close_executor() -> None:
    """Close the process-wide pool (idempotent); the next :func:`get_executor` builds a new one."""
    global _shared
    with _shared_lock:
        pool, _shared = _shared, None
    if pool is not None:
        pool.close()


_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)")


class FakeExecutor:
    """A complete in-memory executor: records specs, returns scripted or plausible results, writes stub files.

    ``enqueue(result_or_callable)`` scripts the next answers (a :class:`JobResult`, or ``f(spec) -> JobResult``);
    with nothing queued the fake applies the real static policy, then returns a box whose size is the first three
    positive numbers of the script (10 mm if fewer), with one stub file per requested format.
    """

    def __init__(self) -> None:
        self.history: list[JobSpec] = []
        self._queue: deque[JobResult | Callable[[JobSpec], JobResult]] = deque()
        self._lock = threading.Lock()
        self.closed = False

    def enqueue(self, *results: JobResult | Callable[[JobSpec], JobResult]) -> FakeExecutor:
        with self._lock:
            self._queue.extend(results)
        return self

    def run(self, spec: JobSpec) -> JobResult:
        with self._lock:
            self.history.append(spec)
            scripted = self._queue.popleft() if self._queue else None
        if scripted is not None:
            return scripted(spec) if callable(scripted) else scripted.model_copy(deep=True)
        try:
            policy.check(spec.script)
        except PolicyViolation as exc:
            return JobResult(ok=False, error={"code": exc.code, "message": exc.message})
        return self._plausible(spec)

    def health(self) -> dict[str, Any]:
        return {"backend": "fake", "ok": not self.closed, "jobs_done": len(self.history)}

    def close(self) -> None:
        self.closed = True

    @staticmethod
    def _plausible(spec: JobSpec) -> JobResult:
        numbers = [float(n) for n in _NUMBER.findall(spec.script) if float(n) > 0][:3]
        dx, dy, dz = (numbers + [10.0, 10.0, 10.0])[:3]
        geometry = GeometryReport(volume=dx * dy * dz, area=2 * (dx * dy + dy * dz + dx * dz), bbox=(dx, dy, dz),
                                  bbox_min=(0.0, 0.0, 0.0), bbox_max=(dx, dy, dz), solids=1, faces=6, edges=12,
                                  valid=True, closed=True, center_of_mass=(dx / 2, dy / 2, dz / 2))
        out = Path(spec.out_dir)
        out.mkdir(parents=True, exist_ok=True)
        from ai_designer.freecad.export import SUFFIXES

        files = {}
        for fmt in spec.formats:
            path = out / f"{spec.basename}{SUFFIXES.get(fmt, '.' + fmt)}"
            path.write_bytes(f"fake {fmt} for a {dx} x {dy} x {dz} mm box\n".encode())
            files[fmt] = str(path)
        return JobResult(ok=True, geometry=geometry, files=files, timings={"total": 0.0}, log="fake executor")

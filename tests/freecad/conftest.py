"""Fixtures for generator tests: compile a plan and build it in real FreeCAD.

``build(plan)`` runs the compiled script through the warm pool (``WorkerPool``, one worker for this test session,
the same sandbox and job runner as production). ``build_local(plan, out)`` runs it in this process (FreeCAD
imported here) for tests that then open and edit the saved document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ai_designer.freecad.codegen import compile_plan
from ai_designer.schemas.execution import JobResult, JobSpec
from ai_designer.schemas.task_graph import CADPlan

Build = Callable[..., JobResult]


@pytest.fixture(scope="session")
def codegen_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from ai_designer.core.settings import Settings
    from ai_designer.freecad.pool import WorkerPool

    home = tmp_path_factory.mktemp("codegen_pool")
    pool = WorkerPool(Settings(AI_DESIGNER_HOME=str(home), JOB_TIMEOUT_SECONDS=60), workers=1)  # type: ignore[call-arg]
    yield pool
    pool.close()


@pytest.fixture
def build(codegen_pool: object, tmp_path: Path) -> Build:
    """Compile ``plan`` and build it in a warm worker; returns the :class:`JobResult`."""

    def _build(plan: CADPlan, formats: tuple[str, ...] = ("fcstd",)) -> JobResult:
        spec = JobSpec(script=compile_plan(plan), out_dir=str(tmp_path / "out"), formats=list(formats))
        return codegen_pool.run(spec)  # type: ignore[attr-defined]

    return _build


@pytest.fixture
def build_local(freecad_inprocess: object, tmp_path: Path) -> Build:
    """Compile ``plan`` and build it in this process through the sandbox; saves ``part.FCStd`` in ``out``."""
    from ai_designer.freecad import job, sandbox

    def _build(plan: CADPlan, formats: tuple[str, ...] = ("fcstd",)) -> JobResult:
        spec = JobSpec(script=compile_plan(plan), out_dir=str(tmp_path / "local"), formats=list(formats))
        return job.run_job(spec, exec_script=sandbox.exec_script)

    return _build

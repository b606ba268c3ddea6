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


def check_solid(result: JobResult, *, volume: float | None = None, bbox: tuple[float, float, float] | None = None,
                solids: int = 1, faces: int | None = None, rel: float = 1e-6, bbox_abs: float = 1e-3,
                bbox_min: tuple[float, float, float] | None = None,
                com: tuple[float, float, float] | None = None, com_abs: float = 1e-4) -> None:
    """Assert a built part the build123d way: it built, is valid, and has the expected measures."""
    assert result.ok, result.error
    g = result.geometry
    assert g is not None
    assert g.valid, "the result is not a valid solid"
    assert all(f.ok for f in g.features), [f for f in g.features if not f.ok]
    assert g.solids == solids
    if volume is not None:
        assert g.volume == pytest.approx(volume, rel=rel)
    if bbox is not None:
        assert g.bbox == pytest.approx(bbox, abs=bbox_abs)
    if bbox_min is not None:
        assert g.bbox_min == pytest.approx(bbox_min, abs=bbox_abs)
    if faces is not None:
        assert g.faces == faces
    if com is not None:
        assert g.center_of_mass == pytest.approx(com, abs=com_abs)


@pytest.fixture
def solid() -> Callable[..., None]:
    """``solid(result, volume=…, bbox=…, solids=1, faces=…, rel=1e-6, com=…)`` — see :func:`check_solid`."""
    return check_solid

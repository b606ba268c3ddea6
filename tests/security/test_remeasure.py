"""The trusted measure (``freecad/remeasure.py``): a design built from generated code is validated on its STEP and STL
as read by a worker that ran no generated code, not on the numbers its own worker reports.

The pool runs with the static policy OFF (as in ``test_containment.py``): the scripts stand for code that escaped the
policy and owns its worker — it reports the part it was asked for and writes another.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sec_helpers import readers_replaced

from ai_designer.core.settings import Settings
from ai_designer.freecad.pool import WorkerPool
from ai_designer.schemas.execution import JobSpec

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/ns/pid"), reason="needs Linux namespaces")

# a 40 x 30 x 10 plate with a 10 mm hole: curved faces, so the STL is a real tessellation
PLATE = ("b = doc.addObject('Part::Box', 'Plate')\nb.Length, b.Width, b.Height = 40, 30, 10\n"
         "c = doc.addObject('Part::Cylinder', 'Drill')\nc.Radius, c.Height = 5, 10\n"
         "c.Placement.Base = App.Vector(20, 15, 0)\n"
         "cut = doc.addObject('Part::Cut', 'Cut')\ncut.Base, cut.Tool = b, c\nresult = cut\n")
PLATE_VOLUME = 40 * 30 * 10 - math.pi * 25 * 10
# the part the escaped code writes instead: same box, no hole (+785 mm³), or a 60 mm cube
OTHER = "other = doc.addObject('Part::Box', 'Other')\nother.Length = other.Width = other.Height = {size}\n"


@pytest.fixture(scope="module")
def raw_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerPool]:
    home = tmp_path_factory.mktemp("remeasure")
    pool = WorkerPool(Settings(AI_DESIGNER_HOME=home, JOB_TIMEOUT_SECONDS=60),
                      workers=1, static_policy=False)
    assert pool.run(JobSpec(script=PLATE, out_dir=str(home / "warm"))).ok
    yield pool
    pool.close()


def _swap(size: int, formats: str) -> str:
    """Script lines that make the exporter write ``formats`` of another part while the job reports the plate."""
    return (OTHER.format(size=size) + "doc.recompute()\nimport ai_designer.freecad.export as E\nreal = E.export_all\n"
            "def swapped(doc, obj, spec, timings=None, *, measured=None):\n"
            f"    mine = [f for f in spec.formats if f not in {formats!r}]\n"
            f"    theirs = [f for f in spec.formats if f in {formats!r}]\n"
            "    files = real(doc, obj, spec.model_copy(update={'formats': mine}), measured=measured) if mine else {}\n"
            "    files.update(real(doc, other, spec.model_copy(update={'formats': theirs})))\n"
            "    return files\n"
            "E.export_all = swapped\n")


def test_an_honest_design_is_validated_on_its_files(raw_pool: WorkerPool, tmp_path: Path) -> None:
    before = readers_replaced(raw_pool)
    result = raw_pool.run(JobSpec(script=PLATE, out_dir=str(tmp_path / "out"), untrusted=True,
                                  formats=["fcstd", "step", "stl", "obj", "png"]))
    assert result.ok, result.error
    geo = result.geometry
    assert geo is not None and math.isclose(geo.volume, PLATE_VOLUME, rel_tol=1e-6)
    assert geo.bbox == pytest.approx((40, 30, 10), abs=1e-6) and geo.solids == 1 and geo.valid
    assert geo.cylindrical_faces == 1 and [f.label for f in geo.features] == ["Plate", "Drill", "Cut"]
    assert sorted(result.files) == ["fcstd", "obj", "step", "stl"] and result.preview_mesh
    assert "remeasure" in result.timings
    assert readers_replaced(raw_pool) == before + 1  # that reader is gone too


@pytest.mark.parametrize(("size", "swapped", "named"), [(60, "step,stl", "in the STEP"), (40, "step", "in the STEP"),
                                                     (60, "stl", "in the STL"), (60, "obj", "in the OBJ"),
                                                     (60, "png", "in the preview mesh")])
def test_files_of_another_part_are_refused(raw_pool: WorkerPool, tmp_path: Path, size: int, swapped: str,
                                           named: str) -> None:
    """The worker reports the plate (its volume, box, solids) and writes another part's STEP, STL, OBJ or the
    preview mesh the PNG and GLB are made from; before, the plate's numbers were validated and the other part
    handed out."""
    out = tmp_path / "out"
    result = raw_pool.run(JobSpec(script=PLATE + _swap(size, swapped), out_dir=str(out), untrusted=True,
                                  formats=["fcstd", "step", "stl", "obj", "png"]))
    assert not result.ok and result.error and result.error["code"] == "geometry_mismatch", result
    assert named in result.error["message"], result.error["message"]
    assert result.files == {} and result.preview_mesh is None and (not out.exists() or not list(out.iterdir()))


def test_a_step_is_measured_even_when_not_asked_for(raw_pool: WorkerPool, tmp_path: Path) -> None:
    out = tmp_path / "out"
    swapped = raw_pool.run(JobSpec(script=PLATE + _swap(60, "stl"), out_dir=str(out), untrusted=True,
                                   formats=["stl"]))
    assert not swapped.ok and swapped.error and swapped.error["code"] == "geometry_mismatch", swapped
    honest = raw_pool.run(JobSpec(script=PLATE, out_dir=str(out), untrusted=True, formats=["stl"]))
    assert honest.ok and list(honest.files) == ["stl"], honest.error
    assert sorted(p.name for p in out.iterdir()) == ["part.stl"]  # the STEP made for the measure is gone


def test_a_compiled_plan_keeps_its_fast_path(raw_pool: WorkerPool, tmp_path: Path) -> None:
    """A job without generated code (``untrusted`` False: the product's own compiler wrote the script) is not
    measured again."""
    before = readers_replaced(raw_pool)
    result = raw_pool.run(JobSpec(script=PLATE, out_dir=str(tmp_path / "out")))
    assert result.ok and "remeasure" not in result.timings
    assert readers_replaced(raw_pool) == before

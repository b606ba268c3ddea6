"""Exports from a real worker read back: FCStd opens, STEP keeps the volume, meshes load; GLB/PNG, made from the
worker's preview mesh by a real render process, only when asked."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_designer.core.settings import Settings
from ai_designer.freecad.pool import WorkerPool
from ai_designer.freecad.preview_pool import PreviewRenderer
from ai_designer.schemas.execution import ALL_FORMATS, JobResult, JobSpec

FLANGE = """
disc = Part.makeCylinder(40, 12)
bore = Part.makeCylinder(12, 12)
shape = disc.cut(bore)
for k in range(6):
    a = 2 * math.pi * k / 6
    shape = shape.cut(Part.makeCylinder(3, 12, Vector(30 * math.cos(a), 30 * math.sin(a), 0)))
flange = doc.addObject("Part::Feature", "Flange")
flange.Shape = shape
result = flange
"""
FLANGE_VOLUME = 3.141592653589793 * 12 * (40**2 - 12**2 - 6 * 3**2)


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerPool]:
    home = tmp_path_factory.mktemp("exporthome")
    p = WorkerPool(Settings(AI_DESIGNER_HOME=str(home), JOB_TIMEOUT_SECONDS=60), workers=1)  # type: ignore[call-arg]
    yield p
    p.close()


@pytest.fixture(scope="module")
def everything(pool: WorkerPool, tmp_path_factory: pytest.TempPathFactory) -> JobResult:
    """Every format: the model files from the worker, then the GLB and PNG rendered from its preview mesh."""
    out = tmp_path_factory.mktemp("all")
    result = pool.run(JobSpec(script=FLANGE, out_dir=str(out), basename="flange", formats=list(ALL_FORMATS)))
    assert result.ok, result.error
    assert result.preview_mesh and set(result.files) == {"fcstd", "step", "stl", "obj"}
    renderer = PreviewRenderer(pool.settings)
    try:
        outcome = renderer.submit(result.preview_mesh, {"glb": out / "flange.glb", "png": out / "flange.png"}).wait()
    finally:
        renderer.close()
    assert outcome.error is None and not Path(result.preview_mesh).exists()  # the mesh file is consumed
    result.files.update(outcome.files)
    return result


def test_all_formats_are_written_with_the_basename(everything: JobResult) -> None:
    assert set(everything.files) == set(ALL_FORMATS)
    names = {Path(p).name for p in everything.files.values()}
    assert names == {"flange.FCStd", "flange.step", "flange.stl", "flange.obj", "flange.glb", "flange.png"}
    assert everything.geometry and everything.geometry.volume == pytest.approx(FLANGE_VOLUME, rel=1e-6)


def test_step_reads_back_with_the_same_volume(everything: JobResult, freecad_inprocess: object) -> None:
    import Part

    shape = Part.read(everything.files["step"])
    assert shape.Volume == pytest.approx(FLANGE_VOLUME, rel=1e-6)
    assert len(shape.Solids) == 1 and shape.isValid()
    bb = shape.BoundBox
    assert (bb.XLength, bb.YLength, bb.ZLength) == pytest.approx((80, 80, 12), abs=1e-3)


def test_fcstd_is_a_parametric_document(everything: JobResult, freecad_inprocess: object) -> None:
    import FreeCAD

    with zipfile.ZipFile(everything.files["fcstd"]) as zf:
        assert "Document.xml" in zf.namelist()
    doc = FreeCAD.openDocument(everything.files["fcstd"])
    try:
        flange = doc.getObject("Flange")
        assert flange is not None and flange.Shape.Volume == pytest.approx(FLANGE_VOLUME, rel=1e-6)
    finally:
        FreeCAD.closeDocument(doc.Name)


def test_meshes_load_and_are_watertight(everything: JobResult) -> None:
    import trimesh

    for fmt in ("stl", "obj", "glb"):
        mesh = trimesh.load(everything.files[fmt], force="mesh")
        assert len(mesh.faces) > 100, fmt
        assert mesh.extents == pytest.approx((80, 80, 12), abs=0.2), fmt
    stl = trimesh.load(everything.files["stl"], force="mesh")
    assert stl.is_watertight
    assert stl.volume == pytest.approx(FLANGE_VOLUME, rel=0.01)  # chord error of the tessellation


def test_png_preview_has_the_right_size_and_is_not_blank(everything: JobResult) -> None:
    import numpy as np
    from PIL import Image

    with Image.open(everything.files["png"]) as image:
        assert image.size == (800, 600)
        pixels = np.asarray(image.convert("RGB")).astype(int)
    background = (pixels.sum(axis=2) >= 3 * 250).mean()
    assert 0.2 < background < 0.95  # a white background with the part filling a good share of it
    assert pixels.std() > 10
    # the part is centred, and its 24 mm bore through 12 mm is seen through at the isometric angle
    assert (pixels[295:305, 395:405] >= 250).all()
    assert (pixels.max(axis=2) < 90).mean() > 0.003  # the part's edges are drawn in a dark tone
    assert "preview_mesh" in everything.timings and "export_png" not in everything.timings  # not in the worker


def test_glb_and_png_only_when_asked(pool: WorkerPool, tmp_path: Path) -> None:
    result = pool.run(JobSpec(script=FLANGE, out_dir=str(tmp_path)))
    assert result.ok and set(result.files) == {"fcstd", "step", "stl"}
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".FCStd", ".step", ".stl"]
    assert result.preview_mesh is None and "preview_mesh" not in result.timings


def test_unknown_format_is_refused_before_running(pool: WorkerPool, tmp_path: Path) -> None:
    result = pool.run(JobSpec(script=FLANGE, out_dir=str(tmp_path), formats=["step", "dwg"]))
    assert not result.ok and result.error and result.error["code"] == "export_failed"
    assert "dwg" in result.error["message"] and "step" in result.error["message"]


def test_no_solid_is_reported(pool: WorkerPool, tmp_path: Path) -> None:
    result = pool.run(JobSpec(script="x = 1\n", out_dir=str(tmp_path)))
    assert not result.ok and result.error and result.error["code"] == "no_solid"
    assert not list(tmp_path.iterdir())


def test_system_site_packages_do_not_leak_into_workers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Debian's dist-packages (numpy-1.x builds of scipy …) must not shadow the venv: only PySide2 is exposed."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from ai_designer.freecad.locate import import_freecad; "
            f"import_freecad(Path({str(tmp_path)!r})); "
            "print(any(p.rstrip('/').endswith('dist-packages') and p.startswith('/usr') for p in sys.path))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- the cheaper proofs refuse what they must (in-process FreeCAD, the worker's own functions) ---------------------

def test_stl_proof_from_bytes_refuses_a_truncated_file(freecad_inprocess: object, tmp_path: Path) -> None:
    import Part

    from ai_designer.core.errors import ExportError
    from ai_designer.freecad import export

    mesh = export.tessellate(Part.makeCylinder(10, 5))
    path = tmp_path / "part.stl"
    export._stl(mesh, path)  # a complete file passes
    size = path.stat().st_size
    assert size == 84 + 50 * mesh.CountFacets
    with path.open("r+b") as fh:
        fh.truncate(size - 50)  # one facet short, the header still announces all of them
    with pytest.raises(ExportError, match="part.stl"):
        export._stl_proof(mesh, path)


def test_an_open_mesh_is_refused(freecad_inprocess: object, tmp_path: Path) -> None:
    import FreeCAD
    import Mesh
    import Part

    from ai_designer.core.errors import ExportError
    from ai_designer.freecad import export

    closed = export.tessellate(Part.makeBox(10, 10, 10))
    export.check_closed(closed, "stl", tmp_path / "box.stl")
    seam = export.tessellate(Part.makeBox(60, 60, 60).fuse(Part.makeCylinder(10, 10, FreeCAD.Vector(60, 30, 30),
                                                                              FreeCAD.Vector(1, 0, 0))))
    export.check_closed(seam, "stl", tmp_path / "boss.stl")  # closed in space even where points are duplicated
    open_box = Mesh.Mesh([f.Points for f in closed.Facets][:-1])  # one triangle missing: a hole
    with pytest.raises(ExportError, match="not closed"):
        export.check_closed(open_box, "stl", tmp_path / "box.stl")


def test_step_read_back_compares_with_the_measured_model(freecad_inprocess: object, tmp_path: Path) -> None:
    import FreeCAD
    import Part

    from ai_designer.core.errors import ExportError
    from ai_designer.freecad import export
    from ai_designer.freecad.job import measure_shape

    box = Part.makeBox(10, 20, 30)
    export._step(box, tmp_path / "box.step", measure_shape(box))
    wrong = measure_shape(Part.makeBox(10, 20, 31))  # a report that does not belong to this shape
    with pytest.raises(ExportError, match="volume"):
        export._step(box, tmp_path / "box.step", wrong)
    two = measure_shape(Part.makeCompound([box, Part.makeBox(1, 1, 1, FreeCAD.Vector(50, 0, 0))]))
    with pytest.raises(ExportError, match="solid"):
        export._step(box, tmp_path / "box.step", two)

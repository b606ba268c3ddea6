"""Write a job's files and prove each one reads back (runs inside a FreeCAD worker, after the script, as trusted code).

Formats (``JobSpec.formats``): ``fcstd`` (the parametric document), ``step`` (exact B-rep, mm), ``stl`` and ``obj``
(one shared tessellation). ``glb`` and ``png`` are not made here: they need no FreeCAD, only the mesh, and rendering
a preview took up to a third of a job's time. When either is asked for, the worker writes the preview mesh instead
(``preview_mesh.py``: the same tessellation plus the B-rep edges as polylines, one flat binary file) and returns its path under
:data:`PREVIEW_MESH`; the trusted side renders the PNG (``preview.py``) and converts the GLB in a separate process
after the design succeeded (``preview_pool.py``).

Every model file is verified: FCStd is a zip holding ``Document.xml``; STEP is read back with ``Part.read`` and its
volume must match the model within 1e-5 (relative); STL/OBJ reload with the same facet count. A failure raises
:class:`ExportError` (``export_failed``) naming the file. An empty tessellation of a non-empty shape is what OCC
returns when it hits the address-space limit, so it raises :class:`JobMemoryError` (``memory_limit``) instead.
"""

from __future__ import annotations

import math
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ai_designer.core.errors import ExportError, JobMemoryError
from ai_designer.schemas.execution import FORMATS, JobSpec

__all__ = ["export_all", "tessellate", "linear_deflection", "mesh_arrays", "edge_polylines", "SUFFIXES", "PREVIEW_MESH",
           "PREVIEW_FORMATS"]

SUFFIXES = {name: fmt.suffix for name, fmt in FORMATS.items()}
ANGULAR_DEFLECTION = 0.3  # radians (~17°): curved faces keep ≥ 21 segments per full circle whatever their size
PREVIEW_MESH = "preview_mesh"  # key of the preview mesh file in export_all's answer (not a user format)
PREVIEW_FORMATS = ("glb", "png")  # made from the preview mesh outside the worker
STEP_VOLUME_RTOL = 1e-5  # OCC round trips of cut cylinders differ by ~1e-6; a real loss is far larger


def linear_deflection(shape: Any) -> float:
    """Chord error in mm: 0.05–0.1 mm for ordinary parts, finer for tiny ones (1/2000 of the bbox diagonal)."""
    diag = float(shape.BoundBox.DiagonalLength) if not shape.isNull() else 0.0
    return min(0.1, max(0.01, diag / 2000.0))


def tessellate(shape: Any) -> Any:
    """One mesh for STL, OBJ, GLB and the preview; refuses an empty mesh of a non-empty shape (memory limit)."""
    import MeshPart

    mesh = MeshPart.meshFromShape(Shape=shape, LinearDeflection=linear_deflection(shape),
                                  AngularDeflection=ANGULAR_DEFLECTION, Relative=False)
    if mesh.CountFacets == 0 and len(shape.Faces) > 0:
        raise JobMemoryError(
            f"tessellation returned an empty mesh for a shape with {len(shape.Faces)} faces; OCC does this when it "
            "reaches the job's memory limit. Raise JOB_MEMORY_MB (or the spec's memory_mb) or simplify the part.")
    return mesh


def _check(condition: bool, fmt: str, path: Path, why: str) -> None:
    if not condition:
        raise ExportError(f"the {fmt.upper()} file {path.name} did not read back: {why}. The model itself was built; "
                          "retry the export, or report it with the job log.", details={"format": fmt})


def _fcstd(doc: Any, path: Path) -> None:
    path.unlink(missing_ok=True)  # saveAs over an existing file leaves a ``.FCStd1`` backup next to it
    doc.saveAs(str(path))
    _check(path.is_file(), "fcstd", path, "FreeCAD wrote nothing")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise ExportError(f"the FCStd file {path.name} is not a valid archive ({exc}).") from exc
    _check("Document.xml" in names, "fcstd", path, "Document.xml is missing from the archive")


def _step(shape: Any, path: Path) -> None:
    import Part

    shape.exportStep(str(path))
    _check(path.is_file() and path.stat().st_size > 0, "step", path, "FreeCAD wrote nothing")
    back = Part.read(str(path))
    expected, got = float(shape.Volume), float(back.Volume)
    _check(math.isclose(got, expected, rel_tol=STEP_VOLUME_RTOL, abs_tol=1e-9), "step", path,
           f"volume {got:.6f} mm³ instead of {expected:.6f} mm³")


def _mesh_file(mesh: Any, path: Path, fmt: str) -> None:
    import Mesh

    mesh.write(str(path))
    _check(path.is_file() and path.stat().st_size > 0, fmt, path, "FreeCAD wrote nothing")
    back = Mesh.Mesh(str(path))
    _check(back.CountFacets == mesh.CountFacets, fmt, path,
           f"{back.CountFacets} facets instead of {mesh.CountFacets}")


def mesh_arrays(mesh: Any) -> tuple[Any, Any]:
    """(vertices N×3 float, faces M×3 int) numpy arrays of a FreeCAD mesh."""
    import itertools

    import numpy as np

    points, facets = mesh.Topology  # Vectors iterate as x, y, z: fromiter is 2× faster than a list of tuples
    vertices = np.fromiter(itertools.chain.from_iterable(points), dtype=np.float64, count=3 * len(points))
    faces = np.fromiter(itertools.chain.from_iterable(facets), dtype=np.int64, count=3 * len(facets))
    return vertices.reshape(-1, 3), faces.reshape(-1, 3)


def edge_polylines(shape: Any) -> list[list[tuple[float, float, float]]]:
    """The shape's B-rep edges as 3D polylines, so the preview draws the edges FreeCAD shows (fillet borders,
    hole rims), not whatever creases the tessellation happens to have. Edges that cannot be discretised
    (degenerate ones, e.g. a sphere's poles) are skipped."""
    deflection = max(linear_deflection(shape), float(shape.BoundBox.DiagonalLength) / 1500.0)
    lines = []
    for edge in shape.Edges:
        try:
            points = edge.discretize(Deflection=deflection)
        except Exception:  # noqa: BLE001 - OCC raises several types for degenerate edges; a missing line is harmless
            continue
        lines.append([(p.x, p.y, p.z) for p in points])
    return lines


class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            if self.timings is not None:
                self.timings[name] = time.perf_counter() - t0


def export_all(doc: Any, obj: Any, spec: JobSpec, timings: dict[str, float] | None = None) -> dict[str, str]:
    """Write and verify every model format in ``spec.formats`` into ``spec.out_dir``; returns ``{format: path}``,
    plus ``{PREVIEW_MESH: path}`` when a GLB or PNG is asked for (made later from that mesh, outside the worker).

    ``timings`` (optional) receives the seconds spent per format (``export_step`` …, ``tessellate``)."""
    unknown = set(spec.formats) - set(SUFFIXES)
    if unknown:
        raise ExportError(f"unknown export format(s) {sorted(unknown)}; choose from {', '.join(SUFFIXES)}.")
    out = Path(spec.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    shape = obj.Shape
    files: dict[str, str] = {}
    path_of = {fmt: out / f"{spec.basename}{SUFFIXES[fmt]}" for fmt in spec.formats}
    clock = _Clock(timings)
    if "fcstd" in path_of:
        with clock("export_fcstd"):
            _fcstd(doc, path_of["fcstd"])
    if "step" in path_of:
        with clock("export_step"):
            _step(shape, path_of["step"])
    if {"stl", "obj", "glb", "png"} & set(path_of):
        with clock("tessellate"):
            mesh = tessellate(shape)
        for fmt in ("stl", "obj"):
            if fmt in path_of:
                with clock(f"export_{fmt}"):
                    _mesh_file(mesh, path_of[fmt], fmt)
        if set(PREVIEW_FORMATS) & set(path_of):
            from ai_designer.freecad.preview_mesh import MESH_SUFFIX, save_preview_mesh

            with clock("preview_mesh"):
                vertices, faces = mesh_arrays(mesh)
                target = out / f"{spec.basename}{MESH_SUFFIX}"
                save_preview_mesh(target, vertices, faces, edge_polylines(shape))
                files[PREVIEW_MESH] = str(target)
    for fmt, path in path_of.items():
        if fmt not in PREVIEW_FORMATS:
            files[fmt] = str(path)
    return files

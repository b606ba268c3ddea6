"""Write a job's files and prove each one reads back (runs inside a FreeCAD worker, after the script, as trusted code).

Formats (``JobSpec.formats``): ``fcstd`` (the parametric document), ``step`` (exact B-rep, mm), ``stl`` and ``obj``
(one shared tessellation). ``glb`` and ``png`` are not made here: they need no FreeCAD, only the mesh, and rendering
a preview took up to a third of a job's time. When either is asked for, the worker writes the preview mesh instead
(``preview_mesh.py``: the same tessellation plus the B-rep edges as polylines, one flat binary file) and returns its path under
:data:`PREVIEW_MESH`; the trusted side renders the PNG (``preview.py``) and converts the GLB in a separate process
after the design succeeded (``preview_pool.py``).

Every file is verified, each in the cheapest way that still proves what is handed out (figures per step:
``benchmarks/bench_verify.py``):

- FCStd is a zip holding ``Document.xml`` (only the archive's directory is read);
- STEP is read back with ``Part.read`` (the only proof that the file itself rebuilds the solid): same number of
  solids, volume within 1e-5 (relative) of the volume already measured for the model — not computed a second time;
- the mesh handed out is closed (every edge shared by two facets once equal points are merged, as every reader
  does: ``check_closed``, once on the one shared tessellation); an STL is proved from its bytes — a binary STL is an
  84-byte header then 50 bytes per facet, so a file whose header says N facets and whose size is exactly 84 + 50·N
  holds all N facets; it is not parsed again. Rounding coordinates to float32 can merge vertices but never split a
  shared one, so the file stays closed;
- OBJ (text) reloads with the same facet count (the GLB and PNG made later from the preview mesh are checked where
  they are made, ``preview_pool.py``).

A failure raises :class:`ExportError` (``export_failed``) naming the file. An empty tessellation of a non-empty shape
is what OCC returns when it hits the address-space limit, so it raises :class:`JobMemoryError` (``memory_limit``)
instead.
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
from ai_designer.schemas.validation import GeometryReport

__all__ = ["export_all", "tessellate", "linear_deflection", "mesh_arrays", "edge_polylines", "check_closed", "SUFFIXES",
           "PREVIEW_MESH", "PREVIEW_FORMATS"]

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


def _step(shape: Any, path: Path, measured: GeometryReport | None = None) -> None:
    """Write the STEP and read it back. ``measured`` (the model's report from ``job.measure_shape``) saves
    computing the model's volume and solids again; without it they are computed here."""
    import Part

    shape.exportStep(str(path))
    _check(path.is_file() and path.stat().st_size > 0, "step", path, "FreeCAD wrote nothing")
    back = Part.read(str(path))
    expected = measured.volume if measured is not None else float(shape.Volume)
    solids = measured.solids if measured is not None else len(shape.Solids)
    _check(len(back.Solids) == solids, "step", path, f"{len(back.Solids)} solid(s) instead of {solids}")
    got = float(back.Volume)
    _check(math.isclose(got, expected, rel_tol=STEP_VOLUME_RTOL, abs_tol=1e-9), "step", path,
           f"volume {got:.6f} mm³ instead of {expected:.6f} mm³")


def check_closed(mesh: Any, fmt: str, path: Path) -> None:
    """The mesh handed out must be watertight: a valid solid's tessellation is, so an open one means a face failed
    to mesh (a hole in the printed part) — refuse rather than hand it out.

    ``meshFromShape`` sometimes keeps two copies of a point on a seam (≈ 1.5 % of the example parts), so edges that
    are shared in space look open by index. A file stores coordinates, not indices, and every reader merges equal
    points, so the question is asked again of a copy with duplicated points merged — only when the quick check
    fails, so the common case pays nothing for the copy."""
    import Mesh

    if mesh.isSolid():
        return
    merged = Mesh.Mesh(mesh)
    merged.removeDuplicatedPoints()
    _check(bool(merged.isSolid()), fmt, path, "the tessellation is not closed (some edges have only one facet)")


def _stl(mesh: Any, path: Path) -> None:
    """Write a binary STL and prove it from its bytes: header count and exact size (see the module docstring)."""
    mesh.write(str(path))
    _stl_proof(mesh, path)


def _stl_proof(mesh: Any, path: Path) -> None:
    facets = int(mesh.CountFacets)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            fh.seek(80)
            head = fh.read(4)
    except OSError as exc:
        _check(False, "stl", path, f"it cannot be read ({exc})")
        return
    count = int.from_bytes(head, "little") if len(head) == 4 else -1
    _check(count == facets and size == 84 + 50 * facets, "stl", path,
           f"{size} bytes announcing {count} facets; expected {84 + 50 * facets} bytes and {facets} facets")


def _obj(mesh: Any, path: Path) -> None:
    import Mesh

    mesh.write(str(path))
    _check(path.is_file() and path.stat().st_size > 0, "obj", path, "FreeCAD wrote nothing")
    back = Mesh.Mesh(str(path))
    _check(back.CountFacets == mesh.CountFacets, "obj", path,
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


def export_all(doc: Any, obj: Any, spec: JobSpec, timings: dict[str, float] | None = None, *,
               measured: GeometryReport | None = None) -> dict[str, str]:
    """Write and verify every model format in ``spec.formats`` into ``spec.out_dir``; returns ``{format: path}``,
    plus ``{PREVIEW_MESH: path}`` when a GLB or PNG is asked for (made later from that mesh, outside the worker).

    ``timings`` (optional) receives the seconds spent per format (``export_step`` …, ``tessellate``); ``measured``
    is the model's geometry report when the caller already has it (its volume is not computed twice)."""
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
            _step(shape, path_of["step"], measured)
    if {"stl", "obj", "glb", "png"} & set(path_of):
        with clock("tessellate"):
            mesh = tessellate(shape)
        if "stl" in path_of or "obj" in path_of:
            with clock("check_closed"):
                check_closed(mesh, "stl" if "stl" in path_of else "obj", path_of.get("stl") or path_of["obj"])
        if "stl" in path_of:
            with clock("export_stl"):
                _stl(mesh, path_of["stl"])
        if "obj" in path_of:
            with clock("export_obj"):
                _obj(mesh, path_of["obj"])
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

"""The service benchmark's like-for-like floor: raw FreeCAD in one warm process doing the service's parts.

Hand-written Part-API code builds the same blocks, 4-hole plates and cylinders as ``bench_service.prompt`` (the
same size sequence), writes the same model files (FCStd, STEP, STL — the STL with the service's tessellation
settings, ``export.linear_deflection`` and ``ANGULAR_DEFLECTION``) and makes the same checks (valid, exact bbox,
STEP read back and its volume compared, STL reloaded). With ``png=True`` it also renders the service's default
800×600 PNG preview *the way the service renders it*: the same mesh arrays and B-rep edge polylines the FreeCAD worker
hands over (``export.mesh_arrays`` / ``export.edge_polylines``) through the project's ``preview.render_png``, which
also reads the file back (size, not blank) — only without the preview-mesh file and the separate render process,
which are the service's own overhead.

Both variants are measured interleaved part by part (each part built once without and once with the PNG, the order
alternating), so a change in the machine's load hits both alike.
"""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

KINDS = ("block", "plate", "cylinder")


def _shape(i: int) -> Any:
    import FreeCAD
    import Part

    k, kind = i // len(KINDS), KINDS[i % len(KINDS)]
    if kind == "block":
        return Part.makeBox(40 + k, 30, 10, FreeCAD.Vector(-(40 + k) / 2, -15, 0))
    if kind == "plate":
        length = 90 + k
        shape = Part.makeBox(length, 70, 8, FreeCAD.Vector(-length / 2, -35, 0))
        for x in (-length / 2 + 6, length / 2 - 6):
            for y in (-29, 29):
                shape = shape.cut(Part.makeCylinder(2.75, 10, FreeCAD.Vector(x, y, -1)))
        return shape
    return Part.makeCylinder((30 + k) / 2, 20)


def raw_part(i: int, out: Path, png: bool = False) -> None:
    """The i-th part with plain Part API calls, its exports and the checks ai-designer makes on every job."""
    import FreeCAD
    import Mesh
    import MeshPart
    import Part

    doc = FreeCAD.newDocument("raw")
    shape = _shape(i)
    feature = doc.addObject("Part::Feature", "Part")
    feature.Shape = shape
    doc.recompute()
    # the exact box before meshing, as the worker measures it: once a triangulation exists optimalBoundingBox() boxes
    # its nodes (0.14 mm loose on the flange), which is cheap and not the check ai-designer makes
    box = shape.optimalBoundingBox()
    doc.saveAs(str(out / "raw.FCStd"))
    shape.exportStep(str(out / "raw.step"))
    deflection = min(0.1, max(0.01, shape.BoundBox.DiagonalLength / 2000.0))  # export.linear_deflection
    mesh = MeshPart.meshFromShape(Shape=shape, LinearDeflection=deflection, AngularDeflection=0.3, Relative=False)
    mesh.write(str(out / "raw.stl"))
    volume = shape.Volume
    assert shape.isValid() and len(shape.Solids) == 1 and box.isValid()
    assert math.isclose(Part.read(str(out / "raw.step")).Volume, volume, rel_tol=1e-6)
    assert Mesh.Mesh(str(out / "raw.stl")).CountFacets == mesh.CountFacets
    if png:
        import numpy as np

        from ai_designer.freecad.export import edge_polylines, mesh_arrays
        from ai_designer.freecad.preview import render_png

        lines = [np.asarray(line, dtype=np.float64).reshape(-1, 3) for line in edge_polylines(shape)]
        render_png(mesh_arrays(mesh), out / "raw.png", lines=lines)
    FreeCAD.closeDocument(doc.Name)


def raw_limits(parts: int) -> dict[str, Any]:
    """CPU (and wall) ms per part of raw FreeCAD without and with the PNG, interleaved; ``cores ÷ CPU`` parts/s."""
    from ai_designer.freecad.locate import import_freecad

    import_freecad(Path(tempfile.mkdtemp(prefix="bench-fc-")))
    out = Path(tempfile.mkdtemp(prefix="bench-raw-"))
    for i in range(len(KINDS)):  # warm-up: the first exports and the first render load modules
        raw_part(i, out, png=True)
    cpu: dict[bool, list[float]] = {False: [], True: []}
    wall: dict[bool, list[float]] = {False: [], True: []}
    for i in range(parts):
        for png in ((False, True) if i % 2 == 0 else (True, False)):
            c0, w0 = time.process_time(), time.perf_counter()
            raw_part(i, out, png=png)
            cpu[png].append(time.process_time() - c0)
            wall[png].append(time.perf_counter() - w0)
    cores = os.cpu_count() or 1
    result: dict[str, Any] = {"cores": cores}
    for png, key in ((False, "models"), (True, "png")):
        per_part = statistics.mean(cpu[png])
        result[key] = {"cpu_ms_per_part": per_part * 1000, "wall_ms_per_part": statistics.mean(wall[png]) * 1000,
                       "limit_parts_per_s": cores / per_part}
    return result

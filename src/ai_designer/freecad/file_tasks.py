"""Tasks a worker runs on files instead of a script: re-measure a design's STEP/STL, or analyse an FCStd.

Why: the files come from outside any trusted process — the STEP and STL a worker that ran generated code wrote
(``remeasure.py``), or a document an MCP client named (``mcp/analysis.py``) — and reading them means FreeCAD's
parsers, restore and recompute. So they are read in a pool worker, behind the same wall as a build (own namespaces,
no network, rlimits, no secret in the environment), by a worker that has run no generated code (the pool discards
every worker that ran some), and that worker is discarded afterwards too. The pool copies the files into the
worker's ``task`` directory (:data:`TASK_DIR`) before it sends ``{"op": "measure" | "analyze", "files": {...}}``;
no generated code runs here, only FreeCAD's readers and this module.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

__all__ = ["TASK_DIR", "OPS", "run_task", "measure_files"]

TASK_DIR = "task"  # in the worker's directory; written by the pool, read by the worker
OPS = ("measure", "analyze")


def run_task(message: dict[str, Any], worker_dir: Path) -> dict[str, Any]:
    """Run one task under the job's limits; ``{"ok": True, ...}`` or ``{"ok": False, "error": {code, message}}``."""
    from ai_designer.freecad import sandbox

    task_dir = worker_dir / TASK_DIR
    names = {key: str(name) for key, name in dict(message.get("files") or {}).items()}
    if any("/" in name or name.startswith(".") for name in names.values()):
        return _failed("invalid_file", f"task file names must be plain names, not {sorted(names.values())}")
    t0 = time.perf_counter()
    try:
        sandbox.set_job_limits(memory_mb=message.get("memory_mb"), cpu_seconds=message.get("timeout"))
        if message.get("op") == "measure":
            return {"ok": True, **measure_files(task_dir, names), "seconds": time.perf_counter() - t0}
        from ai_designer.freecad.analyze import analyze_document

        return {"ok": True, "analysis": analyze_document(task_dir / names["fcstd"]), "seconds": time.perf_counter() - t0}
    except MemoryError:
        return _failed("memory_limit", "reading the file needed more memory than the job's budget (JOB_MEMORY_MB)")
    except Exception as exc:  # noqa: BLE001 - a hostile file may make FreeCAD raise anything; report it
        from ai_designer.freecad.job import _error_code

        code = "memory_limit" if _error_code(exc) == "memory_limit" else "invalid_file"
        return _failed(code, f"{type(exc).__name__}: {exc}")
    finally:
        sandbox.set_job_limits(memory_mb=None, cpu_seconds=None)


def _failed(code: str, message: str) -> dict[str, Any]:
    return {"ok": False, "error": {"code": code, "message": message}}


def measure_files(task_dir: Path, names: dict[str, str]) -> dict[str, Any]:
    """``geometry``: the STEP's solid measured as a build measures its model (``job.measure_shape``); ``meshes``: for
    each of ``stl``, ``obj`` and the preview ``mesh`` named, its facets, whether it is closed, its volume and box;
    ``deflection``: the exporter's chord error for that solid (``remeasure.compare`` derives its tolerances)."""
    import Part

    from ai_designer.freecad.export import linear_deflection
    from ai_designer.freecad.job import measure_shape

    shape = Part.read(str(task_dir / names["step"]))
    meshes: dict[str, dict[str, Any]] = {key: _measure_mesh(task_dir / names[key]) for key in ("stl", "obj")
                                         if key in names}
    if "mesh" in names:
        meshes["mesh"] = _measure_preview(task_dir / names["mesh"])
    return {"geometry": measure_shape(shape).model_dump(mode="json"), "meshes": meshes,
            "deflection": linear_deflection(shape)}


def _measure_mesh(path: Path) -> dict[str, Any]:
    """Read an STL or OBJ as every reader does (equal points merged) and measure it."""
    import Mesh

    mesh = Mesh.Mesh(str(path))
    closed = bool(mesh.isSolid())
    if not closed:
        merged = Mesh.Mesh(mesh)
        merged.removeDuplicatedPoints()
        closed = bool(merged.isSolid())
    box = mesh.BoundBox
    return {"facets": int(mesh.CountFacets), "closed": closed, "volume": float(mesh.Volume),
            "bbox_min": [box.XMin, box.YMin, box.ZMin], "bbox_max": [box.XMax, box.YMax, box.ZMax]}


def _measure_preview(path: Path) -> dict[str, Any]:
    """The preview mesh the PNG and GLB are made from (``preview_mesh.py``): facets, volume (the signed tetrahedra
    of its facets) and box; whether it is closed is not asked (the exporter proved the STL's, its twin)."""
    import numpy as np

    from ai_designer.freecad.preview_mesh import load_preview_mesh

    vertices, faces, _ = load_preview_mesh(path)
    if not len(faces):
        return {"facets": 0, "closed": False, "volume": 0.0, "bbox_min": [], "bbox_max": []}
    a, b, c = (vertices[faces[:, i]] for i in range(3))
    volume = float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6.0)
    return {"facets": len(faces), "closed": True, "volume": volume, "bbox_min": vertices.min(axis=0).tolist(),
            "bbox_max": vertices.max(axis=0).tolist()}

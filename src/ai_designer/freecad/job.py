"""Run one FreeCAD job in *this* process: fresh document, execute the script, recompute, measure, export, close.

This is the body of a warm worker's loop (``pool.py`` calls it in a child process that imported FreeCAD once).
It must only be called where FreeCAD is importable (see ``locate.import_freecad``).

Script contract: the script runs with ``doc`` (a fresh document), ``App``/``FreeCAD``, ``Part``, ``Vector``,
``Placement``, ``Rotation``, ``math`` and the generator's runtime helpers as ``cad`` in scope, and sets ``result`` to
the document object holding the final solid. In the pool the script runs through ``sandbox.exec_script`` and the
files through ``export.export_all`` (written, then read back).
"""

from __future__ import annotations

import time
import traceback
import uuid
from pathlib import Path
from typing import Any

from ai_designer.core.errors import AIDesignerError
from ai_designer.schemas.execution import JobResult, JobSpec
from ai_designer.schemas.validation import FeatureStatus, GeometryReport

__all__ = ["run_job", "new_document", "measure_shape", "feature_statuses"]


def _error_message(exc: BaseException) -> str:
    """FreeCAD sometimes packs its message in a dict (``e.args[0]['sErrMsg']``)."""
    if exc.args and isinstance(exc.args[0], dict):  # also typed errors that travelled through FreeCAD's C++
        return str(exc.args[0].get("sErrMsg") or exc.args[0])
    if isinstance(exc, AIDesignerError):
        return exc.message
    return f"{type(exc).__name__}: {exc}"


def feature_statuses(doc: Any) -> list[FeatureStatus]:
    out = []
    for obj in doc.Objects:
        state = [str(s) for s in getattr(obj, "State", [])]
        invalid = any(s in ("Invalid", "Error") for s in state)
        message = ""
        if invalid:
            try:
                message = obj.getStatusString()
            except Exception:  # noqa: BLE001 - status text is best effort
                message = "feature failed to recompute"
        out.append(FeatureStatus(name=obj.Name, label=obj.Label, type=obj.TypeId, ok=not invalid, state=state,
                                 message=message))
    return out


def measure_shape(shape: Any, features: list[FeatureStatus] | None = None) -> GeometryReport:
    """Measure a Part.Shape the way the validator needs it (exact bbox via ``optimalBoundingBox``)."""
    try:
        bb = shape.optimalBoundingBox()
    except Exception:  # noqa: BLE001 - fall back to the loose box for odd shapes
        bb = shape.BoundBox
    messages: list[str] = []
    valid = bool(shape.isValid()) if not shape.isNull() else False
    closed = False
    try:
        closed = bool(shape.isClosed())
    except Exception:  # noqa: BLE001
        closed = False
    cylindrical = sum(1 for f in shape.Faces if type(f.Surface).__name__ == "Cylinder")
    com = None
    try:
        c = shape.CenterOfMass if shape.ShapeType == "Solid" else (shape.Solids[0].CenterOfMass if shape.Solids else None)
        com = (c.x, c.y, c.z) if c is not None else None
    except Exception:  # noqa: BLE001
        com = None
    return GeometryReport(
        volume=float(shape.Volume), area=float(shape.Area),
        bbox=(bb.XLength, bb.YLength, bb.ZLength), bbox_min=(bb.XMin, bb.YMin, bb.ZMin),
        bbox_max=(bb.XMax, bb.YMax, bb.ZMax), solids=len(shape.Solids), faces=len(shape.Faces),
        edges=len(shape.Edges), valid=valid, closed=closed, center_of_mass=com, cylindrical_faces=cylindrical,
        features=features or [], check_messages=messages,
    )


def _namespace(doc: Any) -> dict[str, Any]:
    import math

    import FreeCAD
    import Part

    ns: dict[str, Any] = {"doc": doc, "App": FreeCAD, "FreeCAD": FreeCAD, "Part": Part, "Vector": FreeCAD.Vector,
                          "Placement": FreeCAD.Placement, "Rotation": FreeCAD.Rotation, "math": math}
    try:  # the generator's runtime helpers (``cad.*``), when the generator ships them
        from ai_designer.freecad import runtime
    except ImportError:
        return ns
    ns["cad"] = runtime
    return ns


_MEMORY_WORDS = ("bad_alloc", "Standard_OutOfMemory", "MemoryError", "out of memory", "Cannot allocate memory")


def _error_code(exc: BaseException) -> str:
    """A stable code for a failed script: the typed error's own code, ``memory_limit``, or ``script_error``."""
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code:
        return code
    if isinstance(exc, MemoryError) or any(w in _error_message(exc) for w in _MEMORY_WORDS):
        return "memory_limit"
    return "script_error"


def _result_object(doc: Any, ns: dict[str, Any]) -> Any:
    obj = ns.get("result")
    if obj is not None:
        return obj
    for cand in reversed(doc.Objects):
        if hasattr(cand, "Shape") and not cand.Shape.isNull() and cand.Shape.Solids:
            return cand
    return None


def new_document() -> Any:
    """A fresh, empty document for one job."""
    import FreeCAD

    return FreeCAD.newDocument(f"job_{uuid.uuid4().hex[:8]}")


def run_job(spec: JobSpec, *, exec_script: Any = None, export: Any = None, doc: Any = None) -> JobResult:
    """Execute ``spec`` in this process. ``exec_script(code, ns)`` is the sandbox hook (plain ``exec`` if None);
    ``export(doc, obj, spec)`` writes the files and returns ``{format: path}`` (``export.export_all`` if None:
    every format written and read back). ``doc``: a fresh document from :func:`new_document`, which the caller
    then closes (a warm worker opens the next job's document and closes the last one after it has answered, off
    the job's critical path); by default the job opens and closes its own. Never raises for a bad script or a
    failed export: the error is in the result (``script_error``, ``policy_violation``, ``memory_limit``,
    ``no_solid``, ``export_failed`` …)."""
    import FreeCAD

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    owned = doc is None
    doc = new_document() if owned else doc
    ns: dict[str, Any] = {}
    try:
        ns = _namespace(doc)
        try:
            (exec_script or _plain_exec)(spec.script, ns)
            doc.recompute()
        except Exception as exc:  # noqa: BLE001 - the script is untrusted; report, never crash the worker
            return JobResult(ok=False, error={"code": _error_code(exc), "message": _error_message(exc)},
                             log=_log(ns, traceback.format_exc(limit=3)), timings={"build": time.perf_counter() - t0})
        timings["build"] = time.perf_counter() - t0
        features = feature_statuses(doc)
        obj = _result_object(doc, ns)
        if obj is None or not hasattr(obj, "Shape") or obj.Shape.isNull():
            failed = [f for f in features if not f.ok]
            msg = "; ".join(f"{f.label}: {f.message}" for f in failed) or "the script produced no solid"
            return JobResult(ok=False, error={"code": "no_solid", "message": msg}, timings=timings, log=_log(ns))
        t1 = time.perf_counter()
        geometry = measure_shape(obj.Shape, features)
        timings["measure"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        Path(spec.out_dir).mkdir(parents=True, exist_ok=True)
        try:
            if export is None:
                from ai_designer.freecad.export import export_all

                files = export_all(doc, obj, spec, timings, measured=geometry)
            else:
                files = export(doc, obj, spec)
        except Exception as exc:  # noqa: BLE001 - the model was built; report the export failure with its geometry
            code = _error_code(exc)
            return JobResult(ok=False, geometry=geometry,
                             error={"code": "export_failed" if code == "script_error" else code,
                                    "message": _error_message(exc) if code != "script_error"
                                    else f"export failed: {_error_message(exc)}"},
                             log=_log(ns, traceback.format_exc(limit=3)), timings=timings)
        timings["export"] = time.perf_counter() - t2
        timings["total"] = time.perf_counter() - t0
        from ai_designer.freecad.export import PREVIEW_MESH

        mesh = files.pop(PREVIEW_MESH, None)
        return JobResult(ok=True, geometry=geometry, files=files, preview_mesh=mesh, timings=timings, log=_log(ns))
    finally:
        if owned:
            FreeCAD.closeDocument(doc.Name)


def _log(ns: dict[str, Any], extra: str = "") -> str:
    from ai_designer.freecad.sandbox import OUTPUT_KEY

    printed = "".join(ns.get(OUTPUT_KEY) or [])
    return (printed + extra)[-20_000:]


def _plain_exec(code: str, ns: dict[str, Any]) -> None:
    exec(compile(code, "<design>", "exec"), ns)  # noqa: S102 - trusted path only; the pool passes the sandbox

"""The trusted measure of a design built from generated code: its STEP (and STL) read again outside its worker.

Why: a worker that ran generated code reports the geometry the validator checks (volume, box, solids, validity).
Code that escaped the static policy owns that worker: it can report the plan's numbers and write another part, and
the design would be handed out as validated. So for an untrusted job (``JobSpec.untrusted``) the pool asks the
worker for a STEP too (:func:`with_step`; dropped again when the caller did not ask for one), delivers the files
(``worker_handle.deliver``), and has a worker that ran no generated code read them (``file_tasks``, behind the same
wall). :func:`check` then puts *that* geometry in the result, and refuses the design — ``geometry_mismatch``, no
file handed out — when the worker's own numbers or the STL disagree with it. Parts compiled from a plan alone run
no generated code and keep their fast path: the worker's numbers are the product's own code's.

Cost: one more worker round trip, reading the STEP (and STL) back and the measure (figures in docs/security.md).
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any, Protocol

from ai_designer.core.errors import AIDesignerError, GeometryMismatch
from ai_designer.freecad.export import STEP_VOLUME_RTOL
from ai_designer.schemas.execution import JobResult, JobSpec
from ai_designer.schemas.validation import GeometryReport

__all__ = ["with_step", "check", "compare"]

_BOX_ABS = 1e-4  # mm: a STEP round trip moves an exact (optimal) box by ~1e-7 mm
_COORD_RTOL = 1e-6  # of the largest coordinate: the STEP writes 15 digits, the STL float32 (~6e-8)


class _Tasks(Protocol):
    def run_task(self, op: str, files: dict[str, Path]) -> dict[str, Any]: ...


def with_step(spec: JobSpec) -> JobSpec:
    """The spec the worker gets: the caller's formats plus a STEP, the file the trusted measure reads."""
    return spec if "step" in spec.formats else spec.model_copy(update={"formats": [*spec.formats, "step"]})


def check(pool: _Tasks, spec: JobSpec, built: JobResult) -> JobResult:
    """``built`` (delivered, from :func:`with_step`'s spec) with the trusted geometry, or refused."""
    t0 = time.perf_counter()
    files: dict[str, Path] = {fmt: Path(built.files[fmt]) for fmt in ("step", "stl", "obj") if fmt in built.files}
    if built.preview_mesh:  # what the PNG and GLB are made from
        files["mesh"] = Path(built.preview_mesh)
    if "step" not in files:
        return _refuse(built, "export_failed", "the worker handed over no STEP to measure the design from")
    try:
        answer = pool.run_task("measure", files)
    except AIDesignerError as exc:
        return _refuse(built, exc.code, f"the design's files could not be measured outside the worker that wrote "
                                        f"them: {exc.message}")
    if not answer.get("ok"):
        error = answer.get("error") or {}
        return _refuse(built, GeometryMismatch.code, "the STEP the worker wrote does not read back outside it "
                                                     f"({error.get('message', 'no reason given')})")
    try:
        trusted = GeometryReport.model_validate(answer.get("geometry"))
    except ValueError as exc:
        return _refuse(built, "worker_crashed", f"the measuring worker's answer is malformed: {exc}")
    problems = compare(built.geometry, trusted)
    meshes, deflection = answer.get("meshes") or {}, float(answer.get("deflection") or 0.1)
    for key in files.keys() - {"step"}:
        problems += _mesh_problems(key, trusted, meshes.get(key) or {}, deflection, files[key])
    if problems:
        return _refuse(built, GeometryMismatch.code, (
            "the files this design's worker wrote are not the part it reported: " + "; ".join(problems) + ". The "
            "worker ran generated code, so its numbers are not trusted; no file of this design is handed out. "
            "Regenerate the part; report it with the job log if it repeats."))
    if built.geometry is not None:  # the recompute state of the features exists only in the worker's document
        trusted = trusted.model_copy(update={"features": built.geometry.features})
    out = dict(built.files)
    if "step" not in spec.formats:
        Path(out.pop("step")).unlink(missing_ok=True)
    timings = {**built.timings, "remeasure": time.perf_counter() - t0}
    if isinstance(answer.get("seconds"), float):
        timings["remeasure_read"] = answer["seconds"]  # of which reading and measuring, in the worker
    return built.model_copy(update={"geometry": trusted, "files": out, "timings": timings})


def compare(reported: GeometryReport | None, trusted: GeometryReport) -> list[str]:
    """What differs between the worker's report and the trusted measure of its STEP, in words."""
    if reported is None:
        return ["the worker reported no geometry"]
    problems = []
    if reported.solids != trusted.solids:
        problems.append(f"{trusted.solids} solid(s) in the STEP, {reported.solids} reported")
    if not math.isclose(reported.volume, trusted.volume, rel_tol=STEP_VOLUME_RTOL, abs_tol=1e-9):
        problems.append(f"a volume of {trusted.volume:.6g} mm³ in the STEP, {reported.volume:.6g} mm³ reported")
    tol = _BOX_ABS + _COORD_RTOL * _largest(trusted)
    if not _box_gap(reported.bbox_min, reported.bbox_max, trusted) <= tol:  # NaN included
        problems.append(f"a box of {_box(trusted.bbox_min, trusted.bbox_max)} in the STEP, "
                        f"{_box(reported.bbox_min, reported.bbox_max)} reported")
    return problems


_MESH_NAMES = {"stl": "STL", "obj": "OBJ", "mesh": "preview mesh (PNG, GLB)"}


def _mesh_problems(key: str, trusted: GeometryReport, mesh: dict[str, Any], deflection: float,
                   path: Path) -> list[str]:
    """A mesh handed out must be a tessellation of the STEP's solid: the exporter's has its vertices on the surface
    and its facets within ``deflection`` (the chord error) of it, so its box is within that of the solid's and its
    volume within area × deflection (twice each, for slack); an STL or OBJ is also closed, and an STL the binary
    file the exporter writes."""
    name, problems = _MESH_NAMES[key], []
    facets = int(mesh.get("facets", 0))
    if key == "stl" and _stl_header(path) != facets:
        problems.append(f"the STL is not the binary file of {facets} facets the exporter writes")
    if facets == 0 or (key != "mesh" and not mesh.get("closed")):
        problems.append(f"the {name} is not closed")
    volume = float(mesh.get("volume", 0.0))
    if not abs(volume - trusted.volume) <= 2 * trusted.area * deflection + 1e-6 * abs(trusted.volume):
        problems.append(f"a volume of {volume:.6g} mm³ in the {name}, {trusted.volume:.6g} mm³ in the STEP")
    tol = 2 * deflection + _BOX_ABS + _COORD_RTOL * _largest(trusted)
    low, high = tuple(mesh.get("bbox_min") or ()), tuple(mesh.get("bbox_max") or ())
    if len(low) != 3 or len(high) != 3 or not _box_gap(low, high, trusted) <= tol:
        problems.append(f"a box of {_box(low, high)} in the {name}, {_box(trusted.bbox_min, trusted.bbox_max)} in "
                        "the STEP")
    return problems


def _stl_header(path: Path) -> int:
    """The facet count of a binary STL whose size matches its header (84 + 50·N bytes), else -1."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            fh.seek(80)
            count = int.from_bytes(fh.read(4), "little")
    except OSError:
        return -1
    return count if size == 84 + 50 * count else -1


def _largest(report: GeometryReport) -> float:
    return max(1.0, *(abs(v) for v in (*report.bbox_min, *report.bbox_max)))


def _box_gap(low: tuple[float, ...], high: tuple[float, ...], trusted: GeometryReport) -> float:
    gaps = [abs(float(a) - b) for a, b in zip((*low, *high), (*trusted.bbox_min, *trusted.bbox_max), strict=False)]
    return math.inf if any(math.isnan(g) for g in gaps) else max(gaps)


def _box(low: tuple[float, ...], high: tuple[float, ...]) -> str:
    if len(low) != 3 or len(high) != 3:
        return "(none)"
    return " × ".join(f"{float(b) - float(a):.4g}" for a, b in zip(low, high, strict=True)) + " mm"


def _refuse(built: JobResult, code: str, message: str) -> JobResult:
    """The design fails and none of its delivered files stays behind."""
    for path in (*built.files.values(), built.preview_mesh or ""):
        if path:
            Path(path).unlink(missing_ok=True)
    return built.model_copy(update={"ok": False, "files": {}, "preview_mesh": None,
                                    "error": {"code": code, "message": message}})

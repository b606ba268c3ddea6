"""The one execution interface: a FreeCAD job in, a measured result out.

Both back ends (the local warm pool and a Celery worker) take a :class:`JobSpec` and return a :class:`JobResult`.
"""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel, Field

from ai_designer.schemas.validation import GeometryReport

__all__ = ["ALL_FORMATS", "FORMATS", "ExportFormat", "normalise_format", "JobSpec", "JobResult"]


class ExportFormat(NamedTuple):
    suffix: str
    content_type: str
    aliases: tuple[str, ...] = ()


#: The one table of export formats: name → file suffix, HTTP content type, other names users type.
FORMATS: dict[str, ExportFormat] = {
    "fcstd": ExportFormat(".FCStd", "application/x-extension-fcstd", ("freecad",)),
    "step": ExportFormat(".step", "model/step", ("stp",)),
    "stl": ExportFormat(".stl", "model/stl"),
    "obj": ExportFormat(".obj", "model/obj"),
    "glb": ExportFormat(".glb", "model/gltf-binary", ("gltf",)),
    "png": ExportFormat(".png", "image/png"),
}
ALL_FORMATS = tuple(FORMATS)
_BY_NAME = {alias: name for name, fmt in FORMATS.items() for alias in (name, *fmt.aliases)}


def normalise_format(name: str) -> str:
    """``"STP"``, ``".step"`` → ``"step"``; ``ValueError`` naming the choices for anything unknown."""
    key = name.strip().lower().lstrip(".")
    if key not in _BY_NAME:
        raise ValueError(f"unknown format {name!r}: choose from {', '.join(ALL_FORMATS)}")
    return _BY_NAME[key]


class JobSpec(BaseModel):
    script: str = Field(description="FreeCAD Python; runs in a fresh document bound to `doc`; must set `result`")
    out_dir: str = Field(description="where exports go; the job's only writable place")
    basename: str = "part"
    formats: list[str] = Field(default_factory=lambda: ["fcstd", "step", "stl"])
    timeout_seconds: float | None = None
    memory_mb: int | None = None
    untrusted: bool = Field(default=False, description=(
        "the script carries code the plan compiler did not write (custom operations): it runs in a worker that is "
        "discarded afterwards, and is refused when the worker sandbox is off"))


class JobResult(BaseModel):
    ok: bool
    geometry: GeometryReport | None = None
    files: dict[str, str] = Field(default_factory=dict)
    preview_mesh: str | None = Field(default=None, description=(
        "the mesh + edges file the GLB and PNG are made from outside the worker (freecad/preview_mesh.py); "
        "untrusted data"))
    error: dict[str, str] | None = None  # {"code": ..., "message": ...}
    log: str = ""
    timings: dict[str, float] = Field(default_factory=dict)
    worker_pid: int | None = None

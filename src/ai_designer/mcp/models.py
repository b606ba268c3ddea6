"""What the MCP tools return: typed (pydantic) outputs, so clients get an ``outputSchema`` and structured content.

The fields mirror the CLI/API JSON contract (SPEC.md) with one difference: ``files`` maps each format to a
``design://<id>/<version>/<format>`` resource URI the client can read over MCP, and ``download_urls`` gives the same
files' REST paths (for a browser on the service).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ai_designer.core.errors import AIDesignerError
from ai_designer.jobs.service import file_url
from ai_designer.jobs.store import VersionRecord
from ai_designer.schemas.design_state import DesignStatus

__all__ = ["Format", "FORMAT_MIME", "Geometry", "DesignOutput", "DesignSummary", "DesignList", "AnalysisOutput",
           "resource_uri", "design_output", "design_summary"]

Format = Literal["fcstd", "step", "stl", "obj", "glb", "png"]

FORMAT_MIME: dict[str, str] = {"fcstd": "application/x-extension-fcstd", "step": "model/step", "stl": "model/stl",
                               "obj": "model/obj", "glb": "model/gltf-binary", "png": "image/png"}


class Geometry(BaseModel):
    """Measured on the built solid by FreeCAD (millimetres)."""

    volume: float = Field(description="mm^3")
    area: float = Field(description="mm^2")
    bbox: list[float] = Field(description="overall extents [dx, dy, dz] in mm")
    solids: int
    valid: bool = Field(description="OCC shape check passed")


class DesignOutput(BaseModel):
    """One version of a design: where it stands and, once finished, what was built."""

    design_id: str = Field(description="pass to refine / set_parameters / get_design")
    version: int
    status: DesignStatus = Field(description="succeeded | failed | rejected | cancelled, or a running stage")
    prompt: str = ""
    message: str = Field(default="", description="the last progress message or the final outcome")
    planner: str | None = Field(default=None, description="offline | llm")
    plan: list[str] = Field(default_factory=list, description="one line per plan operation (id: op(params))")
    geometry: Geometry | None = None
    validation: dict[str, Any] = Field(default_factory=dict, description="checks of the geometry against intent")
    assumptions: list[str] = Field(default_factory=list, description="choices made where the request was silent")
    ignored: list[Any] = Field(default_factory=list,
                               description="words with no geometric meaning that were left out, each with why")
    parameters: list[dict[str, Any]] = Field(default_factory=list, description=(
        "editable sizes ({name, value, unit, label}) that set_parameters changes without replanning"))
    files: dict[str, str] = Field(default_factory=dict,
                                  description="format -> design://<id>/<version>/<format> resource URI")
    download_urls: dict[str, str] = Field(default_factory=dict, description="format -> REST path on the service")
    iterations: int = 0
    error: dict[str, Any] | None = Field(default=None, description="{code, message} when not succeeded")
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")


class DesignSummary(BaseModel):
    design_id: str
    version: int
    status: DesignStatus
    prompt: str
    created_at: float = Field(description="Unix time")
    formats: list[str] = Field(default_factory=list, description="file formats available")


class DesignList(BaseModel):
    items: list[DesignSummary]
    total: int
    next_offset: int | None = Field(default=None, description="pass as offset for the next page; null at the end")


class AnalysisOutput(BaseModel):
    """What a FreeCAD document holds (as ``ai-designer analyze --json``)."""

    source: str = Field(description="the file or resource analysed")
    objects: list[dict[str, Any]] = Field(default_factory=list)
    parameters: dict[str, Any] = Field(default_factory=dict, description="editable parameter name -> value")
    parameter_details: list[dict[str, Any]] = Field(default_factory=list)
    geometry: dict[str, Any] | None = None
    extra: dict[str, Any] = Field(default_factory=dict, description="anything else the analyser reported")


def resource_uri(design_id: str, version: int, fmt: str) -> str:
    return f"design://{design_id}/{version}/{fmt}"


def design_output(record: VersionRecord) -> DesignOutput:
    """The tool output for a stored version (finished or not)."""
    full = record.result or {}
    geometry = full.get("geometry")
    plan = full.get("plan")
    return DesignOutput(
        design_id=record.design_id, version=record.version, status=record.status, prompt=record.prompt,
        message=record.message, planner=full.get("planner"),
        plan=_plan_lines(plan), parameters=_parameters(plan) if record.status is DesignStatus.succeeded else [],
        validation=full.get("validation") or {},
        geometry=Geometry.model_validate(_public_geometry(geometry)) if geometry else None,
        assumptions=list(full.get("assumptions") or []), ignored=list(full.get("ignored") or []),
        files={fmt: resource_uri(record.design_id, record.version, fmt) for fmt in sorted(record.files)},
        download_urls={fmt: file_url(record.design_id, record.version, fmt) for fmt in sorted(record.files)},
        iterations=int(full.get("iterations", record.iteration)),
        error=record.error if record.status is not DesignStatus.succeeded else None,
        timings={k: round(float(v), 4) for k, v in (full.get("timings") or {}).items()})


def design_summary(record: VersionRecord) -> DesignSummary:
    return DesignSummary(design_id=record.design_id, version=record.version, status=record.status,
                         prompt=record.prompt, created_at=record.created_at, formats=sorted(record.files))


def _public_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    return {"volume": round(float(geometry["volume"]), 4), "area": round(float(geometry["area"]), 4),
            "bbox": [round(float(v), 4) for v in geometry["bbox"]], "solids": int(geometry["solids"]),
            "valid": bool(geometry["valid"])}


def _plan_lines(plan: dict[str, Any] | None) -> list[str]:
    if not plan:
        return []
    from ai_designer.schemas.task_graph import CADPlan

    try:
        return CADPlan.model_validate(plan).summary()
    except ValueError:
        return []


def _parameters(plan: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not plan:
        return []
    from ai_designer.parameters import list_parameters
    from ai_designer.schemas.task_graph import CADPlan

    try:
        return [{"name": p.name, "value": p.value, "unit": p.unit, "label": p.label}
                for p in list_parameters(CADPlan.model_validate(plan))]
    except (ValueError, AIDesignerError):  # a plan the compiler cannot map offers no parameters; never a failure
        return []

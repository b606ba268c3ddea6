"""Request and response bodies of the REST API (``/api/v1``).

The design resource is a *design* with numbered *versions*: ``POST /api/v1/design`` makes version 1, each refine adds
version N+1 built from the previous version's plan. ``request_id`` is the design's id everywhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ai_designer.schemas.design_state import DesignStatus
from ai_designer.schemas.execution import ALL_FORMATS, normalise_format
from ai_designer.schemas.task_graph import CADPlan

__all__ = [
    "RunSteering", "DesignCreateRequest", "DesignRefineRequest", "DesignParametersRequest", "DesignResponse",
    "DesignStatusResponse", "VersionSummary",
    "DesignListResponse", "ErrorBody", "ErrorResponse",
]

#: Hard upper bound for a prompt in the schema; the tighter ``MAX_PROMPT_CHARS`` setting is checked by the route.
_PROMPT_MAX = 20000


class RunSteering(BaseModel):
    """How this run may use language models (the CLI's ``-m``, ``--offline``, ``--llm``)."""

    model: str | None = Field(default=None, min_length=1, max_length=200,
                              description="A litellm model (e.g. openai/gpt-4o-mini) or a configured alias, used "
                                          "instead of the configured models for this run.")
    routing: Literal["auto", "offline", "llm"] = Field(
        default="auto", description="auto: offline planner first, a model when its plan fails; offline: never call "
                                    "a model; llm: skip the offline planner.")

    @model_validator(mode="after")
    def _consistent(self) -> RunSteering:
        if self.routing == "offline" and self.model is not None:
            raise ValueError("routing 'offline' never calls a model, so 'model' would be ignored: drop one of them")
        return self

    def run_options(self) -> dict[str, Any] | None:
        """The keywords for ``Designer.design`` (None when nothing differs from the default)."""
        if self.model is None and self.routing == "auto":
            return None
        return {"model": self.model, "routing": self.routing}


def _check_formats(v: list[str] | None) -> list[str] | None:
    if v is None:
        return None
    out: list[str] = []
    for item in v:
        fmt = normalise_format(item)
        if fmt not in out:
            out.append(fmt)
    return out or None


class DesignCreateRequest(RunSteering):
    """Start a design from a prompt (or replay a ready CAD plan)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"prompt": "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes",
                      "formats": ["step", "stl", "fcstd", "png"]}]})

    prompt: str = Field(default="", max_length=_PROMPT_MAX, description="What to build, in plain words (mm).")
    formats: list[str] | None = Field(default=None, max_length=len(ALL_FORMATS),
                                      description=f"Files to export, any of {', '.join(ALL_FORMATS)}.")
    plan: CADPlan | None = Field(default=None, description="Build this CAD plan as-is instead of planning the prompt.")

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, v: list[str] | None) -> list[str] | None:
        return _check_formats(v)


class DesignRefineRequest(RunSteering):
    """Edit the latest successful version with a follow-up prompt ("make it 10 mm thick")."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=_PROMPT_MAX)
    formats: list[str] | None = Field(default=None, max_length=len(ALL_FORMATS))
    version: int | None = Field(default=None, ge=1, le=1_000_000,
                                description="Refine this succeeded version (default: the latest succeeded one).")

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, v: list[str] | None) -> list[str] | None:
        return _check_formats(v)


class DesignParametersRequest(BaseModel):
    """New values for the ``Params`` spreadsheet (``<op id>_<field>`` → number): a rebuild, no language model."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"values": {"plate_length": 120}}]})

    values: dict[str, float | str] = Field(min_length=1, max_length=200)
    version: int | None = Field(default=None, ge=1, le=1_000_000,
                                description="Start from this succeeded version (default: the latest succeeded one).")
    formats: list[str] | None = Field(default=None, max_length=len(ALL_FORMATS))

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, v: list[str] | None) -> list[str] | None:
        return _check_formats(v)


class DesignResponse(BaseModel):
    """Answer to create / refine / cancel: where the job stands and where to look next."""

    request_id: str
    version: int
    status: DesignStatus
    created_at: datetime
    links: dict[str, str] = Field(default_factory=dict)


class VersionSummary(BaseModel):
    version: int
    prompt: str
    status: DesignStatus
    created_at: datetime
    finished_at: datetime | None = None


class DesignStatusResponse(BaseModel):
    """Full state of one version of a design (the latest unless ``?version=N``)."""

    request_id: str
    version: int
    versions: int = Field(description="How many versions the design has.")
    status: DesignStatus
    prompt: str
    iteration: int = 0
    message: str = ""
    planner: str | None = None
    planner_reason: str | None = Field(default=None, description="Why that planner produced the plan.")
    routing: dict[str, Any] = Field(default_factory=dict, description="mode (auto|offline|llm) and the model that "
                                                                      "wrote the plan, if any.")
    plan: list[str] = Field(default_factory=list, description="One line per operation of the CAD plan.")
    assumptions: list[str] = Field(default_factory=list)
    ignored: list[str] = Field(default_factory=list, description="prompt words with no geometric meaning, with why")
    geometry: dict[str, Any] | None = None
    validation: dict[str, Any] = Field(default_factory=dict)
    files: dict[str, str] = Field(default_factory=dict, description="format → download URL")
    preview: dict[str, Any] | None = Field(default=None, description=(
        "The PNG/GLB, made after the design succeeded: status pending | ready (they are in files) | failed (error; "
        "the design stays succeeded), formats, error, seconds. A `preview_ready` / `preview_failed` WebSocket "
        "event announces the change."))
    iterations: int = 0
    llm: dict[str, Any] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)
    error: dict[str, Any] | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    history: list[VersionSummary] = Field(default_factory=list)
    name: str | None = Field(default=None, description="The part's name (files are named after it).")
    features: list[str] = Field(default_factory=list, description="The plan as a readable feature list.")
    parameters: list[dict[str, Any]] = Field(default_factory=list, description=(
        "Editable Params cells of a succeeded version: name, value, unit, label, min, max "
        "(change them with POST /api/v1/design/{id}/parameters)."))
    latest_good_version: int | None = Field(default=None, description="The newest succeeded version, if any.")
    latest_good_summary: str | None = Field(default=None, description="Its name and size, e.g. 'plate 90 × 70 × 8 mm'.")


class DesignListResponse(BaseModel):
    items: list[DesignStatusResponse]
    total: int
    limit: int
    offset: int
    next_offset: int | None = None


class ErrorBody(BaseModel):
    code: str
    message: str
    details: dict[str, Any] | None = None


class ErrorResponse(BaseModel):
    """The one error shape of the API: ``{"error": {"code", "message"}}``."""

    error: ErrorBody

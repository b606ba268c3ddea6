"""Results of a design run and the state of an editing session."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr

from ai_designer.schemas.task_graph import CADPlan
from ai_designer.schemas.validation import GeometryReport, ValidationReport

__all__ = ["DesignStatus", "LLMUsage", "PreviewState", "DesignResult", "SessionEntry", "SessionState"]


class DesignStatus(StrEnum):
    queued = "queued"
    planning = "planning"
    generating = "generating"
    executing = "executing"
    validating = "validating"
    refining = "refining"
    succeeded = "succeeded"
    failed = "failed"
    rejected = "rejected"
    cancelled = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (DesignStatus.succeeded, DesignStatus.failed, DesignStatus.rejected, DesignStatus.cancelled)


class LLMUsage(BaseModel):
    calls: int = 0
    tokens: int = 0
    cost_usd: float = 0.0
    cache_hits: int = 0
    cached_tokens: int = Field(default=0, description="input tokens the providers served from their prompt caches "
                               "(part of tokens, billed cheaper)")

    def add(self, other: LLMUsage) -> None:
        self.calls += other.calls
        self.tokens += other.tokens
        self.cost_usd += other.cost_usd
        self.cache_hits += other.cache_hits
        self.cached_tokens += other.cached_tokens


class PreviewState(BaseModel):
    """The PNG/GLB of a succeeded design, made after it succeeded (``pending``), then ``ready`` (in ``files``) or
    ``failed`` (``error``; the design stays succeeded: its model files are complete)."""

    status: Literal["pending", "ready", "failed"]
    formats: list[str] = Field(default_factory=list)
    error: dict[str, Any] | None = None
    seconds: float | None = Field(default=None, description="from succeeded to the preview written")


class DesignResult(BaseModel):
    status: DesignStatus
    request_id: str
    prompt: str = ""
    plan: CADPlan | None = None
    planner: str | None = Field(default=None, description="offline | llm | given")
    planner_reason: str | None = Field(default=None, description="why that planner produced the plan")
    planner_model: str | None = Field(default=None, description="the model that wrote the plan (planner 'llm')")
    routing: str = Field(default="auto", description="auto | offline | llm: how the run was allowed to use models")
    assumptions: list[str] = Field(default_factory=list)
    ignored: list[str] = Field(default_factory=list, description="prompt words with no geometric meaning, each "
                               "with why (SPEC: every word built, ignored with a reason, or refused)")
    files: dict[str, str] = Field(default_factory=dict)
    geometry: GeometryReport | None = None
    validation: ValidationReport | None = None
    iterations: int = 0
    llm: LLMUsage = Field(default_factory=LLMUsage)
    error: dict[str, Any] | None = None
    timings: dict[str, float] = Field(default_factory=dict)
    script: str | None = None
    preview: PreviewState | None = None
    _preview_mesh: str | None = PrivateAttr(default=None)  # the worker's mesh file, until the renderer takes it
    _pending_preview: Any = PrivateAttr(default=None)  # the render in flight (designer.pending_preview)

    def public(self) -> dict[str, Any]:
        """The JSON object of the CLI contract (SPEC.md)."""
        return {
            "status": self.status.value,
            "request_id": self.request_id,
            "files": self.files,
            "geometry": self.geometry.public() if self.geometry else None,
            "validation": self.validation.model_dump() if self.validation else {},
            "iterations": self.iterations,
            "llm": {"calls": self.llm.calls, "tokens": self.llm.tokens, "cost_usd": round(self.llm.cost_usd, 6),
                    "cache_hits": self.llm.cache_hits, "cached_tokens": self.llm.cached_tokens},
            "assumptions": self.assumptions,
            "ignored": self.ignored,
            "plan": self.plan.summary() if self.plan else [],
            "planner": self.planner,
            "planner_reason": self.planner_reason,
            "routing": {"mode": self.routing, "model": self.planner_model},
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "error": self.error,
            "preview": self.preview.model_dump() if self.preview else None,
        }


class SessionEntry(BaseModel):
    prompt: str
    plan: CADPlan
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    files: dict[str, str] = Field(default_factory=dict)


class SessionState(BaseModel):
    """A named editing session: a stack of plan versions; ``undo`` pops the last one."""

    name: str
    history: list[SessionEntry] = Field(default_factory=list)

    @property
    def current(self) -> CADPlan | None:
        return self.history[-1].plan if self.history else None

"""The seams between the refine loop and its agents: one request type and one outcome type per step.

The :class:`~ai_designer.agents.orchestrator.Orchestrator` only knows these protocols. Each has a single method,
``execute(request) -> outcome``, and every outcome carries the :class:`LLMUsage` the step spent, so the loop can
add it up without knowing whether a model was involved. The real agents (``PlannerAgent`` …) and the scripted
fakes of :mod:`ai_designer.agents.fakes` both satisfy them.

Per-run steering (``ai-designer design -m MODEL``, ``--offline``, ``--llm``; the same fields in the REST request)
travels in :class:`RunOptions` inside each request: agents are shared by concurrent designs and keep no per-run
state.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ai_designer.schemas.design_state import DesignStatus, LLMUsage
from ai_designer.schemas.task_graph import CADPlan
from ai_designer.schemas.validation import GeometryReport, ValidationReport

__all__ = [
    "Routing", "PlannerSource", "RunOptions", "PlanRequest", "PlanOutcome", "GenerateRequest", "GenerateOutcome",
    "ValidateRequest", "ValidateOutcome", "DesignRequest", "Emit", "Planner", "Generator", "Validator",
]

#: ``auto``: offline planner first, a model when it cannot make a valid part; ``offline``: never call a model;
#: ``llm``: skip the offline planner.
Routing = Literal["auto", "offline", "llm"]
PlannerSource = Literal["offline", "llm", "given"]
Emit = Callable[[DesignStatus, int, str, dict[str, Any]], None]


class RunOptions(BaseModel):
    """How one run may use language models."""

    model_config = ConfigDict(frozen=True)

    routing: Routing = "auto"
    model: str | None = Field(default=None, description="a litellm model string or a configured alias; overrides "
                                                        "every agent's configured models for this run")

    @property
    def allows_llm(self) -> bool:
        return self.routing != "offline"


class PlanRequest(BaseModel):
    """Plan ``prompt`` (editing ``current`` if given). ``feedback`` + ``previous`` ask for a re-plan after the
    previous plan (written by ``previous_source``) failed to build or to meet its intent."""

    prompt: str
    current: CADPlan | None = None
    feedback: str | None = None
    previous: CADPlan | None = None
    previous_source: PlannerSource | None = None
    options: RunOptions = Field(default_factory=RunOptions)


class PlanOutcome(BaseModel):
    plan: CADPlan
    source: Literal["offline", "llm"]
    reason: str = Field(description="why this planner produced the plan, for people and the result JSON")
    usage: LLMUsage = Field(default_factory=LLMUsage)
    model: str | None = Field(default=None, description="the model that wrote the plan (source 'llm')")
    reasoning: str | None = None
    can_replan: bool = Field(default=False, description="whether a re-plan with feedback could give another plan "
                                                        "(a model is available for this run)")


class GenerateRequest(BaseModel):
    """Compile ``plan``; ``failure`` (the error of the last FreeCAD run) asks for custom code to be rewritten."""

    plan: CADPlan
    failure: str | None = None
    options: RunOptions = Field(default_factory=RunOptions)


class GenerateOutcome(BaseModel):
    script: str
    plan: CADPlan = Field(description="the plan with any LLM-written custom code filled in")
    usage: LLMUsage = Field(default_factory=LLMUsage)
    can_rewrite: bool = Field(default=False, description="the plan has custom code a model could rewrite after a "
                                                         "failed run")


class ValidateRequest(BaseModel):
    plan: CADPlan
    geometry: GeometryReport
    prompt: str | None = None
    options: RunOptions = Field(default_factory=RunOptions)


class ValidateOutcome(BaseModel):
    report: ValidationReport
    usage: LLMUsage = Field(default_factory=LLMUsage)


class DesignRequest(BaseModel):
    """One run of the refine loop: what to make, where to put it, how to report and how to stop."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    prompt: str
    request_id: str
    out_dir: Path
    formats: list[str]
    current: CADPlan | None = None
    plan: CADPlan | None = Field(default=None, description="build this plan as given (no planning)")
    options: RunOptions = Field(default_factory=RunOptions)
    emit: Emit | None = None
    cancel: threading.Event | None = None


class Planner(Protocol):
    def execute(self, request: PlanRequest) -> PlanOutcome: ...


class Generator(Protocol):
    def execute(self, request: GenerateRequest) -> GenerateOutcome: ...


class Validator(Protocol):
    def execute(self, request: ValidateRequest) -> ValidateOutcome: ...

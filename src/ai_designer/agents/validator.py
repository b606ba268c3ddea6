"""The validator agent: the geometric report of :func:`ai_designer.cad.validate.validate`, plus an optional review.

The geometric checks decide pass/fail — they measure the real solid. With ``LLM_REVIEW=true`` and a model
configured, a model also reads the request, the plan and the measurements and may add a ``llm_review`` check of
severity ``warning``: it is advice for people and for the refine loop's log, never a reason to fail a part whose
measurements meet the intent. A review that cannot run (no model, an error) is skipped, not fatal.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from ai_designer.agents.base import BaseAgent, extract_json
from ai_designer.agents.planner import compact_plan_json
from ai_designer.agents.prompts import validator as prompts
from ai_designer.core.errors import LLMError
from ai_designer.schemas.design_state import LLMUsage
from ai_designer.schemas.task_graph import CADPlan
from ai_designer.schemas.validation import Check, GeometryReport, ValidationReport

__all__ = ["ValidatorAgent", "ReviewOutcome"]

log = logging.getLogger(__name__)
Validate = Callable[[CADPlan, GeometryReport], ValidationReport]


class ReviewOutcome(BaseModel):
    report: ValidationReport
    usage: LLMUsage = Field(default_factory=LLMUsage)


class ValidatorAgent(BaseAgent):
    name = "validator"

    def __init__(self, *args: Any, validate: Validate | None = None, review: bool | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._validate_fn = validate
        self.review_enabled = self.settings.llm_review if review is None else review

    def _validate(self, plan: CADPlan, geometry: GeometryReport) -> ValidationReport:
        if self._validate_fn is not None:
            return self._validate_fn(plan, geometry)
        from ai_designer.cad.validate import validate

        return validate(plan, geometry)

    def execute(self, plan: CADPlan, geometry: GeometryReport) -> ValidationReport:
        return self.review(plan, geometry).report

    def review(self, plan: CADPlan, geometry: GeometryReport, *, prompt: str | None = None) -> ReviewOutcome:
        """Geometric validation, then (when enabled and configured) the model's review as a warning check."""
        report = self._validate(plan, geometry)
        usage = LLMUsage()
        if self.review_enabled and self.llm_available():
            check = self._llm_review(plan, geometry, report, prompt, usage)
            if check is not None:
                report = report.model_copy(update={"checks": [*report.checks, check]})
        return ReviewOutcome(report=report, usage=usage)

    def _llm_review(self, plan: CADPlan, geometry: GeometryReport, report: ValidationReport, prompt: str | None,
                    usage: LLMUsage) -> Check | None:
        checks = [f"{c.name}: {'ok' if c.passed else 'FAILED'}" for c in report.checks]
        content = prompts.VALIDATOR_USER.format(
            prompt=prompt or plan.description or plan.name, plan=compact_plan_json(plan),
            geometry=json.dumps(geometry.public()), checks="; ".join(checks))
        request = self._build_llm_request(content, system=prompts.VALIDATOR_SYSTEM, json_mode=True)
        try:
            data = extract_json(self._call_llm(request, usage).content)
        except (LLMError, ValueError) as exc:
            log.warning("validator: LLM review skipped (%s)", getattr(exc, "message", exc))
            return None
        if not isinstance(data, dict):
            return None
        issues = [str(i) for i in data.get("issues") or []][:10]
        passed = bool(data.get("passed", not issues))
        return Check(name="llm_review", passed=passed, severity="warning", expected="matches the request",
                     actual=issues or "no issues",
                     message="the reviewer model found no issue" if passed else "; ".join(issues) or
                     "the reviewer model doubts the result")

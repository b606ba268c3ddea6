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

from ai_designer.agents.base import BaseAgent, extract_json
from ai_designer.agents.contracts import RunOptions, ValidateOutcome, ValidateRequest
from ai_designer.agents.planner import compact_plan_json
from ai_designer.agents.prompts import validator_prompt as prompts
from ai_designer.cad.validate import validate as geometric_validate
from ai_designer.core.errors import LLMError
from ai_designer.schemas.design_state import LLMUsage
from ai_designer.schemas.task_graph import CADPlan
from ai_designer.schemas.validation import Check, GeometryReport, ValidationReport

__all__ = ["ValidatorAgent"]

log = logging.getLogger(__name__)
Validate = Callable[[CADPlan, GeometryReport], ValidationReport]


class ValidatorAgent(BaseAgent):
    name = "validator"

    def __init__(self, *args: Any, validate: Validate | None = None, review: bool | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._validate = validate or geometric_validate
        self.review_enabled = self.settings.llm_review if review is None else review

    def execute(self, request: ValidateRequest) -> ValidateOutcome:
        """Geometric validation, then (when enabled and a model is available for the run) the model's review as a
        warning check."""
        plan, geometry = request.plan, request.geometry
        report = self._validate(plan, geometry)
        usage = LLMUsage()
        if self.review_enabled and self.llm_available(request.options):
            check = self._llm_review(plan, geometry, report, request.prompt, usage, request.options)
            if check is not None:
                report = report.model_copy(update={"checks": [*report.checks, check]})
        return ValidateOutcome(report=report, usage=usage)

    def _llm_review(self, plan: CADPlan, geometry: GeometryReport, report: ValidationReport, prompt: str | None,
                    usage: LLMUsage, options: RunOptions) -> Check | None:
        checks = [f"{c.name}: {'ok' if c.passed else 'FAILED'}" for c in report.checks]
        content = prompts.VALIDATOR_USER.format(
            prompt=prompt or plan.description or plan.name, plan=compact_plan_json(plan),
            geometry=json.dumps(geometry.public()), checks="; ".join(checks))
        request = self._build_llm_request(content, system=prompts.VALIDATOR_SYSTEM, json_mode=True,
                                          options=options)
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

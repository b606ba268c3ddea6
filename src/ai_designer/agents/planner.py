"""The planner agent: a prompt (plus the current design, plus validation feedback) → a CAD plan.

Routing is offline first: the embedded NL planner answers whatever it can express, at no cost and with no network.
Only when it rejects the prompt — or when a plan failed validation and must be re-planned with the feedback — does
the agent ask a language model, for the plan as JSON validated by :class:`CADPlan` (structured output where the
provider has it). A plan that does not parse or validate is sent back with the errors for a bounded number of
repairs (``LLM_PLAN_REPAIRS``). Impossible values found by the offline planner (:class:`PlanError`: a negative
size, a fillet larger than the part) are the user's to fix, so they are re-raised, never handed to a model.

    >>> from ai_designer.agents.planner import PlannerAgent
    >>> PlannerAgent().execute("a 40 mm cube").source      # doctest: +SKIP
    'offline'
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from ai_designer.agents.base import BaseAgent, extract_json
from ai_designer.agents.prompts import planner as prompts
from ai_designer.agents.prompts.planner_schema import drop_nulls
from ai_designer.core.errors import AIDesignerError, RejectedError
from ai_designer.llm.routing import not_configured_message
from ai_designer.schemas.design_state import LLMUsage
from ai_designer.schemas.llm_schemas import LLMMessage, LLMRequest, LLMRole
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["PlannerAgent", "PlanOutcome", "compact_plan_json"]

log = logging.getLogger(__name__)
OfflinePlanner = Callable[[str, CADPlan | None], CADPlan]


class PlanOutcome(BaseModel):
    plan: CADPlan
    source: Literal["offline", "llm"]
    usage: LLMUsage = Field(default_factory=LLMUsage)
    model: str | None = Field(default=None, description="the model that wrote the plan (source 'llm')")
    reasoning: str | None = None


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if v is None or v == [] or (k == "placement" and v == {"at": [0.0, 0.0, 0.0], "rotate": [0.0, 0.0, 0.0]}):
                continue
            out[k] = _prune(v)
        return out
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def compact_plan_json(plan: CADPlan) -> str:
    """The plan as JSON for a prompt: discriminators kept, empty and identity values dropped (fewer tokens)."""
    return json.dumps(_prune(plan.model_dump(mode="json")), separators=(",", ":"))


def _schema_errors(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        lines = []
        for err in exc.errors()[:10]:
            loc = ".".join(str(p) for p in err["loc"])
            lines.append(f"- {loc or '(plan)'}: {err['msg']}")
        more = len(exc.errors()) - 10
        if more > 0:
            lines.append(f"- … and {more} more")
        return "\n".join(lines)
    return f"- {exc}"


class PlannerAgent(BaseAgent):
    name = "planner"

    def __init__(self, *args: Any, offline: OfflinePlanner | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._offline_fn = offline

    def _offline(self, prompt: str, current: CADPlan | None) -> CADPlan:
        if self._offline_fn is not None:
            return self._offline_fn(prompt, current)
        from ai_designer.planning import plan_offline

        return plan_offline(prompt, current)

    def execute(self, prompt: str, current: CADPlan | None = None, feedback: str | None = None, *,
                previous: CADPlan | None = None) -> PlanOutcome:
        """Plan ``prompt``. ``current`` is the session's design being edited; ``feedback`` (with ``previous``, the
        plan that failed) asks for a re-plan after a failed validation, which only a model can do."""
        usage = LLMUsage()
        if feedback is None:
            try:
                return PlanOutcome(plan=self._offline(prompt, current), source="offline", usage=usage)
            except RejectedError as exc:
                if not self.llm_available():
                    raise self._not_configured(exc) from exc
                log.info("offline planner rejected the prompt (%s); asking the LLM", exc.message)
        elif not self.llm_available():
            raise RejectedError("the plan failed validation and only a language model could re-plan it: "
                                + not_configured_message("planner"), details={"feedback": feedback})
        try:
            return self._plan_with_llm(prompt, current, feedback, previous, usage)
        except AIDesignerError as exc:  # what was spent before the failure still counts
            exc.details.setdefault("usage", usage.model_dump())
            raise

    @staticmethod
    def _not_configured(exc: RejectedError) -> RejectedError:
        """The offline rejection plus the one canonical "how to enable a model" hint (replacing any shorter one)."""
        reason = exc.message
        cut = reason.find("set OPENAI_API_KEY")
        if cut > 0:
            reason = reason[:cut]
        reason = reason.rstrip(" .;,:—-")
        hint = not_configured_message("planner").replace("the planner needs", "this request needs", 1)
        return RejectedError(f"{reason}. {hint[0].upper()}{hint[1:]}", details=exc.details)

    @staticmethod
    def _repair_request(request: LLMRequest, ask: str, answer: str, errors: str) -> LLMRequest:
        """A repair round sends the request, the faulty answer and the errors under a short system prompt listing only
        the operations that answer uses — not the whole planner prompt and conversation again."""
        messages = [LLMMessage(role=LLMRole.system, content=prompts.repair_system_prompt(answer)),
                    LLMMessage(role=LLMRole.user, content=prompts.PLANNER_REPAIR.format(
                        request=ask, answer=answer, errors=errors))]
        return request.model_copy(update={"messages": messages})

    def _plan_with_llm(self, prompt: str, current: CADPlan | None, feedback: str | None,
                       previous: CADPlan | None, usage: LLMUsage) -> PlanOutcome:
        parts = [prompts.PLANNER_USER.format(prompt=prompt)]
        if current is not None:
            parts.append(prompts.PLANNER_EDIT.format(current=compact_plan_json(current)))
        if feedback:
            prev = prompts.PLANNER_PREVIOUS.format(plan=compact_plan_json(previous)) if previous is not None else ""
            parts.append(prompts.PLANNER_FEEDBACK.format(feedback=feedback, previous=prev))
        ask = "\n\n".join(parts)
        structured = self.settings.llm_structured_output
        request = self._build_llm_request([LLMMessage(role=LLMRole.user, content=ask)],
                                          system=prompts.planner_system_prompt(),
                                          json_schema=prompts.plan_json_schema() if structured else None,
                                          json_mode=True, schema_name="CADPlan")
        request = request.model_copy(update={"strict_schema": structured})
        errors = ""
        for repair in range(self.settings.llm_plan_repairs + 1):
            response = self._call_llm(request, usage)
            try:
                plan = CADPlan.model_validate(drop_nulls(extract_json(response.content)))
            except (ValueError, ValidationError) as exc:
                errors = _schema_errors(exc)
                log.info("planner: LLM plan invalid (repair %d/%d):\n%s", repair + 1,
                         self.settings.llm_plan_repairs, errors)
                request = self._repair_request(request, ask, response.content or "(empty)", errors)
                continue
            return PlanOutcome(plan=plan, source="llm", usage=usage, model=response.model,
                               reasoning=response.reasoning)
        raise RejectedError(
            f"the planner model could not produce a valid plan after {self.settings.llm_plan_repairs} repairs:\n"
            f"{errors}\nRephrase the request with explicit sizes, or choose a stronger model with "
            "AGENT_PLANNER_PRIMARY.")

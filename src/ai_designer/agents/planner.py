"""The planner agent: a prompt (plus the current design, plus validation feedback) → a CAD plan.

Routing (``RunOptions.routing``) is offline first by default: the embedded NL planner answers whatever it can
express, at no cost and with no network. When it cannot — it rejects the prompt, its plan is invalid
(:class:`PlanError`), or (decided by the orchestrator) its plan fails to build or to meet its intent — and a model is
configured, the prompt goes to a language model together with the offline attempt and its error. ``offline`` never
calls a model; ``llm`` skips the offline planner. The model answers the plan as JSON validated by
:class:`CADPlan` (structured output where the provider has it); a plan that does not parse or validate is sent back
with the errors for a bounded number of repairs (``LLM_PLAN_REPAIRS``). Every outcome says which planner produced
the plan and why (``PlanOutcome.reason``).

    >>> from ai_designer.agents.planner import PlannerAgent
    >>> PlannerAgent().execute(PlanRequest(prompt="a 40 mm cube")).source      # doctest: +SKIP
    'offline'
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from ai_designer.agents.base import BaseAgent, extract_json
from ai_designer.agents.contracts import PlanOutcome, PlanRequest, RunOptions
from ai_designer.agents.prompts import planner_prompt as prompts
from ai_designer.agents.prompts.planner_schema import drop_nulls
from ai_designer.core.errors import AIDesignerError, PlanError, RejectedError
from ai_designer.planning import plan_offline
from ai_designer.schemas.design_state import LLMUsage
from ai_designer.schemas.llm_schemas import LLMMessage, LLMRequest, LLMRole
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["PlannerAgent", "PlanOutcome", "compact_plan_json"]

log = logging.getLogger(__name__)
OfflinePlanner = Callable[[str, CADPlan | None], CADPlan]


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
        self._offline = offline or plan_offline

    def execute(self, request: PlanRequest) -> PlanOutcome:
        """Plan the request (see the module docstring for the routing)."""
        opts = request.options
        can_llm = self.llm_available(opts)
        if request.feedback is not None:
            if not can_llm:
                raise RejectedError(f"the {request.previous_source or 'previous'} plan failed and only a language "
                                    "model could re-plan it: " + self.not_configured_hint(opts),
                                    details={"feedback": request.feedback})
            first = _first_line(request.feedback).lstrip("- ") or "it failed"
            why = f"the {request.previous_source or 'previous'} plan failed ({first}); re-planned by a model"
            return self._with_llm(request, why, prompts.PLANNER_FEEDBACK.format(
                feedback=request.feedback, previous=self._previous(prompts.PLANNER_PREVIOUS, request.previous)))
        if opts.routing == "llm":
            if not can_llm:
                raise RejectedError("--llm asks for a language model planner, but " + self.not_configured_hint(opts))
            return self._with_llm(request, "routing 'llm': the offline planner was skipped", None)
        try:
            plan = self._offline(request.prompt, request.current)
        except (RejectedError, PlanError) as exc:
            if not can_llm:
                raise self._no_model(exc, opts) from exc
            log.info("offline planner failed (%s); asking the LLM", exc.message)
            why = f"the offline planner could not plan it ({_first_line(exc.message)}); a model wrote the plan"
            return self._with_llm(request, why, prompts.PLANNER_OFFLINE_FAILED.format(error=exc.message, previous=""))
        return PlanOutcome(plan=plan, source="offline", reason="the offline planner planned it (no model needed)",
                           can_replan=can_llm)

    @staticmethod
    def _previous(template: str, plan: CADPlan | None) -> str:
        return template.format(plan=compact_plan_json(plan)) if plan is not None else ""

    def _no_model(self, exc: RejectedError | PlanError, opts: RunOptions) -> AIDesignerError:
        """No model for this run: impossible values (:class:`PlanError`) stay as they are; a rejection gets the one
        canonical "how to enable a model" hint (replacing any shorter one)."""
        if isinstance(exc, PlanError):
            return exc
        reason = exc.message
        cut = reason.find("set OPENAI_API_KEY")
        if cut > 0:
            reason = reason[:cut]
        reason = reason.rstrip(" .;,:—-")
        hint = self.not_configured_hint(opts).replace("the planner needs", "this request needs", 1)
        return RejectedError(f"{reason}. {hint[0].upper()}{hint[1:]}", details=exc.details)

    @staticmethod
    def _repair_request(request: LLMRequest, ask: str, answer: str, errors: str) -> LLMRequest:
        """A repair round sends the request, the faulty answer and the errors under a short system prompt listing only
        the operations that answer uses — not the whole planner prompt and conversation again."""
        messages = [LLMMessage(role=LLMRole.system, content=prompts.repair_system_prompt(answer)),
                    LLMMessage(role=LLMRole.user, content=prompts.PLANNER_REPAIR.format(
                        request=ask, answer=answer, errors=errors))]
        return request.model_copy(update={"messages": messages})

    def _with_llm(self, request: PlanRequest, why: str, context: str | None) -> PlanOutcome:
        usage = LLMUsage()
        try:
            outcome = self._plan_with_llm(request, context, usage)
        except AIDesignerError as exc:  # what was spent before the failure still counts
            exc.details.setdefault("usage", usage.model_dump())
            raise
        return outcome.model_copy(update={"reason": f"{why} ({outcome.model})", "can_replan": True})

    def _plan_with_llm(self, request: PlanRequest, context: str | None, usage: LLMUsage) -> PlanOutcome:
        parts = [prompts.PLANNER_USER.format(prompt=request.prompt)]
        if request.current is not None:
            parts.append(prompts.PLANNER_EDIT.format(current=compact_plan_json(request.current)))
        if context:
            parts.append(context)
        ask = "\n\n".join(parts)
        structured = self.settings.llm_structured_output
        request_llm = self._build_llm_request(
            [LLMMessage(role=LLMRole.user, content=ask)], system=prompts.planner_system_prompt(), json_mode=True,
            schema_name="CADPlan", json_schema=prompts.plan_json_schema() if structured else None,
            options=request.options)
        # the system prompt (and the schema) are the same on every call: providers serve them from their prompt caches
        request_llm = request_llm.model_copy(update={"strict_schema": structured, "cache_prefix": True})
        errors = ""
        for repair in range(self.settings.llm_plan_repairs + 1):
            response = self._call_llm(request_llm, usage)
            try:
                plan = CADPlan.model_validate(drop_nulls(extract_json(response.content)))
            except (ValueError, ValidationError) as exc:
                errors = _schema_errors(exc)
                log.info("planner: LLM plan invalid (repair %d/%d):\n%s", repair + 1,
                         self.settings.llm_plan_repairs, errors)
                request_llm = self._repair_request(request_llm, ask, response.content or "(empty)", errors)
                continue
            return PlanOutcome(plan=plan, source="llm", reason="", usage=usage, model=response.model,
                               reasoning=response.reasoning)
        raise RejectedError(
            f"the planner model could not produce a valid plan after {self.settings.llm_plan_repairs} repairs:\n"
            f"{errors}\nRephrase the request with explicit sizes, or choose a stronger model with "
            "-m MODEL or AGENT_PLANNER_PRIMARY.")


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 200 else line[:197] + "..."

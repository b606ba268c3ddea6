"""The refine loop: plan → generate → execute → validate, feeding failures back, up to ``max_iterations``.

Each step is one method over the agents' protocols (:mod:`ai_designer.agents.contracts`); every step emits a
progress event and is timed into ``agent_call_duration_seconds``. The loop stops early when a retry cannot change
the outcome (the planner and generator say so in their outcomes: an offline plan with no model to re-plan is
deterministic), when the LLM budget is spent, or when the caller cancels.

Routing across iterations: an offline plan that fails to build or to meet its intent is handed to the LLM planner
(with the failed plan and the error) when the run may use a model — the result's ``planner_reason`` says so.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_designer.agents.contracts import (
    DesignRequest,
    GenerateRequest,
    Generator,
    Planner,
    PlanRequest,
    ValidateRequest,
    Validator,
)
from ai_designer.core import metrics
from ai_designer.core.errors import AIDesignerError
from ai_designer.core.settings import Settings
from ai_designer.freecad.executor import Executor
from ai_designer.schemas.design_state import DesignResult, DesignStatus, LLMUsage
from ai_designer.schemas.execution import JobResult, JobSpec
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["Orchestrator", "Cancelled"]


class Cancelled(Exception):
    """Raised inside the loop when the caller's cancel event is set."""


@dataclass
class _Run:
    """The mutable state of one run (the orchestrator itself is shared and stateless)."""

    request: DesignRequest
    result: DesignResult
    work: Path
    usage: LLMUsage = field(default_factory=LLMUsage)
    feedback: str | None = None
    code_failure: str | None = None
    can_replan: bool = False
    can_rewrite: bool = False

    def emit(self, status: DesignStatus, iteration: int, message: str, data: dict[str, Any] | None = None) -> None:
        if self.request.emit is not None:
            self.request.emit(status, iteration, message, data or {})

    def check_cancel(self) -> None:
        if self.request.cancel is not None and self.request.cancel.is_set():
            raise Cancelled()


class Orchestrator:
    def __init__(self, settings: Settings, executor: Executor, planner: Planner, generator: Generator,
                 validator: Validator) -> None:
        self.settings = settings
        self.executor = executor
        self.planner = planner
        self.generator = generator
        self.validator = validator

    def run(self, request: DesignRequest) -> DesignResult:
        result = DesignResult(status=DesignStatus.failed, request_id=request.request_id, prompt=request.prompt,
                              routing=request.options.routing)
        run = _Run(request=request, result=result, work=request.out_dir / f".work-{request.request_id}")
        try:
            for iteration in range(1, self.settings.max_iterations + 1):
                result.iterations = iteration
                if not self._iterate(run, iteration):
                    break
        except Cancelled:
            result.status = DesignStatus.cancelled
            result.error = {"code": "cancelled", "message": "the design was cancelled"}
        except AIDesignerError as exc:
            result.status = DesignStatus(exc.outcome)
            result.error = exc.to_dict()
            _add_spent(run.usage, exc)
        finally:
            result.llm = run.usage
            shutil.rmtree(run.work, ignore_errors=True)
        return result

    def _iterate(self, run: _Run, iteration: int) -> bool:
        """One pass through the four steps; True when another pass could change the outcome."""
        self._plan(run, iteration)
        self._generate(run, iteration)
        job = self._execute(run, iteration)
        if not job.ok or job.geometry is None:
            return self._build_failed(run, job)
        return self._validate(run, iteration, job)

    # --- the steps ---------------------------------------------------------------------------------------------
    def _plan(self, run: _Run, iteration: int) -> None:
        run.check_cancel()
        result, request = run.result, run.request
        run.emit(DesignStatus.planning if iteration == 1 else DesignStatus.refining, iteration,
                 "planning" if iteration == 1 else "re-planning with the failure feedback")
        if request.plan is not None and iteration == 1:
            result.plan, result.planner = request.plan, "given"
            result.planner_reason = "the plan was given; nothing to plan"
        elif run.code_failure is None:  # a custom-code rewrite keeps the plan of the previous iteration
            replan = run.feedback is not None and result.plan is not None
            plan_request = PlanRequest(
                prompt=request.prompt, current=request.current, options=request.options,
                feedback=run.feedback if replan else None, previous=result.plan if replan else None,
                previous_source=_source(result.planner) if replan else None)
            with metrics.observe_agent("planner"):
                outcome = self.planner.execute(plan_request)
            run.usage.add(outcome.usage)
            run.can_replan = outcome.can_replan
            result.plan, result.planner = outcome.plan, outcome.source
            result.planner_reason, result.planner_model = outcome.reason, outcome.model
        assert result.plan is not None
        result.assumptions = list(result.plan.assumptions)
        result.ignored = list(result.plan.ignored)
        run.emit(DesignStatus.planning, iteration, "plan ready",
                 {"plan": result.plan.summary(), "assumptions": result.assumptions, "ignored": result.ignored,
                  "planner": result.planner, "planner_reason": result.planner_reason})

    def _generate(self, run: _Run, iteration: int) -> None:
        run.check_cancel()
        assert run.result.plan is not None
        run.emit(DesignStatus.generating, iteration, "compiling the plan to FreeCAD Python")
        with metrics.observe_agent("generator"):
            outcome = self.generator.execute(GenerateRequest(plan=run.result.plan, failure=run.code_failure,
                                                             options=run.request.options))
        run.usage.add(outcome.usage)
        run.can_rewrite = outcome.can_rewrite
        run.code_failure = None
        run.result.plan, run.result.script = outcome.plan, outcome.script

    def _execute(self, run: _Run, iteration: int) -> JobResult:
        run.check_cancel()
        result = run.result
        assert result.plan is not None and result.script is not None
        run.emit(DesignStatus.executing, iteration, "building in FreeCAD")
        if run.work.exists():
            shutil.rmtree(run.work)
        spec = JobSpec(script=result.script, out_dir=str(run.work), basename=_basename(result.plan),
                       formats=run.request.formats, untrusted=_has_custom(result.plan))
        with metrics.observe_agent("executor"):
            job = self.executor.run(spec)
        run.check_cancel()  # cancelled while FreeCAD was building: drop the result, publish nothing
        for key, value in job.timings.items():
            result.timings[f"job_{key}"] = value
        return job

    def _build_failed(self, run: _Run, job: JobResult) -> bool:
        err = job.error or {"code": "execution_failed", "message": "the FreeCAD job failed"}
        run.result.error = dict(err)
        run.feedback = f"FreeCAD failed to build the plan: {err.get('message')}"
        if run.can_rewrite:  # rewrite the custom code, keep the plan
            run.code_failure = str(err.get("message"))
            return not self._over_budget(run.usage)
        return run.can_replan and not self._over_budget(run.usage)

    def _validate(self, run: _Run, iteration: int, job: JobResult) -> bool:
        result = run.result
        assert result.plan is not None and job.geometry is not None
        result.geometry = job.geometry
        run.emit(DesignStatus.validating, iteration, "checking the solid against the intent")
        with metrics.observe_agent("validator"):
            outcome = self.validator.execute(ValidateRequest(plan=result.plan, geometry=job.geometry,
                                                             prompt=run.request.prompt, options=run.request.options))
        run.usage.add(outcome.usage)
        result.validation = outcome.report
        if outcome.report.passed:
            result.files = _publish(job.files, run.request.out_dir)
            if job.preview_mesh:  # out of the work folder (removed below); the Designer hands it to the renderer
                result._preview_mesh = _publish({"mesh": job.preview_mesh}, run.request.out_dir)["mesh"]
            result.status = DesignStatus.succeeded
            result.error = None
            return False
        result.error = {"code": "validation_failed",
                        "message": "the built part does not meet the request:\n" + outcome.report.feedback()}
        run.feedback = outcome.report.feedback()
        return run.can_replan and not self._over_budget(run.usage)

    def _over_budget(self, usage: LLMUsage) -> bool:
        return usage.cost_usd >= self.settings.llm_budget_usd > 0


def _source(planner: str | None) -> Any:
    return planner if planner in ("offline", "llm", "given") else None


def _add_spent(usage: LLMUsage, exc: AIDesignerError) -> None:
    """An agent that fails after calling a model reports what it spent in ``details['usage']``."""
    spent = exc.details.get("usage")
    if isinstance(spent, dict):
        usage.add(LLMUsage.model_validate(spent))


def _has_custom(plan: CADPlan) -> bool:
    """Model-written (or client-written) FreeCAD code runs behind the full sandbox wall (``JobSpec.untrusted``)."""
    return any(op.op == "custom" for op in plan.operations)


def _basename(plan: CADPlan) -> str:
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in plan.name.strip().lower())[:40]
    return name or "part"


def _publish(files: dict[str, str], out_dir: Path) -> dict[str, str]:
    """Move a succeeded job's files from its work dir into ``out_dir`` (atomic rename on one filesystem)."""
    published: dict[str, str] = {}
    for fmt, src in files.items():
        target = out_dir / Path(src).name
        Path(src).replace(target)
        published[fmt] = str(target.resolve())
    return published

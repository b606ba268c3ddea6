"""The refine loop: plan → generate → execute → validate, feeding failures back, up to ``max_iterations``.

Every step emits a progress event and is timed into ``agent_call_duration_seconds``. The loop stops early when a
retry cannot change the outcome (an offline plan with no LLM to re-plan is deterministic), when the LLM budget is
spent, or when the caller cancels.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ai_designer.core import metrics
from ai_designer.core.errors import AIDesignerError, PlanError, RejectedError
from ai_designer.core.settings import Settings
from ai_designer.schemas.design_state import DesignResult, DesignStatus, LLMUsage
from ai_designer.schemas.execution import JobSpec
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["Orchestrator", "Cancelled"]

Emit = Callable[[DesignStatus, int, str, dict[str, Any]], None]


class Cancelled(Exception):
    """Raised inside the loop when the caller's cancel event is set."""


class Orchestrator:
    def __init__(self, settings: Settings, executor: Any, planner: Any, generator: Any, validator: Any) -> None:
        self.settings = settings
        self.executor = executor
        self.planner = planner
        self.generator = generator
        self.validator = validator

    def _can_refine(self, source: str | None) -> bool:
        if source == "llm":
            return True
        probe = getattr(self.planner, "llm_available", None)
        return bool(probe()) if callable(probe) else False

    def run(self, *, prompt: str, request_id: str, out_dir: Path, formats: list[str], current: CADPlan | None,
            plan: CADPlan | None, emit: Emit, cancel: threading.Event | None) -> DesignResult:
        result = DesignResult(status=DesignStatus.failed, request_id=request_id, prompt=prompt)
        usage = LLMUsage()
        feedback: str | None = None
        code_failure: str | None = None
        work = out_dir / f".work-{request_id}"

        def check_cancel() -> None:
            if cancel is not None and cancel.is_set():
                raise Cancelled()

        try:
            for iteration in range(1, self.settings.max_iterations + 1):
                result.iterations = iteration
                check_cancel()
                emit(DesignStatus.planning if iteration == 1 else DesignStatus.refining, iteration,
                     "planning" if iteration == 1 else "re-planning with the validation feedback", {})
                if plan is not None and iteration == 1:
                    result.plan, result.planner = plan, "given"
                elif code_failure is None:
                    extra = {"previous": result.plan} if feedback is not None and result.plan is not None else {}
                    with metrics.observe_agent("planner"):
                        outcome = self.planner.execute(prompt, current=current, feedback=feedback, **extra)
                    usage.add(outcome.usage)
                    result.plan, result.planner = outcome.plan, outcome.source
                assert result.plan is not None  # a code re-run keeps the plan of the previous iteration
                result.assumptions = list(result.plan.assumptions)
                result.ignored = list(result.plan.ignored)
                emit(DesignStatus.planning, iteration, "plan ready",
                     {"plan": result.plan.summary(), "assumptions": result.assumptions, "ignored": result.ignored,
                      "planner": result.planner})

                check_cancel()
                emit(DesignStatus.generating, iteration, "compiling the plan to FreeCAD Python", {})
                with metrics.observe_agent("generator"):
                    if hasattr(self.generator, "generate"):  # LLM code for custom ops; usage and filled plan back
                        generated = self.generator.generate(result.plan, failure=code_failure)
                        usage.add(generated.usage)
                        result.plan, script = generated.plan, generated.script
                    else:
                        script = self.generator.execute(result.plan)
                code_failure = None
                result.script = script

                check_cancel()
                emit(DesignStatus.executing, iteration, "building in FreeCAD", {})
                if work.exists():
                    shutil.rmtree(work)
                spec = JobSpec(script=script, out_dir=str(work), basename=_basename(result.plan), formats=formats)
                with metrics.observe_agent("executor"):
                    job = self.executor.run(spec)
                check_cancel()  # cancelled while FreeCAD was building: drop the result, publish nothing
                for key, value in job.timings.items():
                    result.timings[f"job_{key}"] = value
                if not job.ok or job.geometry is None:
                    err = job.error or {"code": "execution_failed", "message": "the FreeCAD job failed"}
                    result.error = dict(err)
                    feedback = f"FreeCAD failed to build the plan: {err.get('message')}"
                    if _has_custom(result.plan) and _probe(self.generator, "llm_available"):
                        code_failure = str(err.get("message"))  # rewrite the custom code, keep the plan
                        if self._over_budget(usage):
                            break
                        continue
                    if not self._can_refine(result.planner) or self._over_budget(usage):
                        break
                    continue

                result.geometry = job.geometry
                emit(DesignStatus.validating, iteration, "checking the solid against the intent", {})
                with metrics.observe_agent("validator"):
                    if hasattr(self.validator, "review"):  # geometric checks + optional LLM review (LLM_REVIEW)
                        reviewed = self.validator.review(result.plan, job.geometry, prompt=prompt)
                        usage.add(reviewed.usage)
                        report = reviewed.report
                    else:
                        report = self.validator.execute(result.plan, job.geometry)
                result.validation = report
                if report.passed:
                    result.files = _publish(job.files, out_dir)
                    result.status = DesignStatus.succeeded
                    result.error = None
                    break
                result.error = {"code": "validation_failed",
                                "message": "the built part does not meet the request:\n" + report.feedback()}
                feedback = report.feedback()
                if not self._can_refine(result.planner) or self._over_budget(usage):
                    break
        except Cancelled:
            result.status = DesignStatus.cancelled
            result.error = {"code": "cancelled", "message": "the design was cancelled"}
        except (RejectedError, PlanError) as exc:
            result.status = DesignStatus.rejected
            result.error = exc.to_dict()
            _add_spent(usage, exc)
        except AIDesignerError as exc:
            result.status = DesignStatus.failed
            result.error = exc.to_dict()
            _add_spent(usage, exc)
        finally:
            result.llm = usage
            shutil.rmtree(work, ignore_errors=True)
        return result

    def _over_budget(self, usage: LLMUsage) -> bool:
        return usage.cost_usd >= self.settings.llm_budget_usd > 0


def _add_spent(usage: LLMUsage, exc: AIDesignerError) -> None:
    """An agent that fails after calling a model reports what it spent in ``details['usage']``."""
    spent = exc.details.get("usage")
    if isinstance(spent, dict):
        usage.add(LLMUsage.model_validate(spent))


def _probe(agent: Any, method: str) -> bool:
    fn = getattr(agent, method, None)
    return bool(fn()) if callable(fn) else False


def _has_custom(plan: CADPlan | None) -> bool:
    return plan is not None and any(op.op == "custom" for op in plan.operations)


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

"""Scripted agents for tests of the refine loop, in the style of simonw/llm's ``MockModel``: ``enqueue()`` what the
next call should answer (or raise), read ``history`` afterwards to see what the loop asked.

    planner = ScriptedPlanner()
    planner.enqueue(plan)                                   # offline-looking answer
    planner.enqueue(better_plan, source="llm", usage=LLMUsage(calls=1, tokens=900))
    planner.enqueue(RejectedError("no idea"))               # raise on that call
    ...
    assert planner.history[1].feedback                      # the second call was a re-plan

They satisfy the protocols of :mod:`ai_designer.agents.contracts`; use them where the real agent is not the thing
under test (the real agents are tested against a scripted OpenAI-compatible server, never through these).
An empty queue raises ``AssertionError`` naming the fake, so a test never silently gets a default.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Generic, Literal, TypeVar

from ai_designer.agents.contracts import (
    GenerateOutcome,
    GenerateRequest,
    PlanOutcome,
    PlanRequest,
    ValidateOutcome,
    ValidateRequest,
)
from ai_designer.schemas.design_state import LLMUsage
from ai_designer.schemas.task_graph import CADPlan
from ai_designer.schemas.validation import Check, ValidationReport

__all__ = ["ScriptedPlanner", "ScriptedGenerator", "ScriptedValidator"]

Req = TypeVar("Req")
Out = TypeVar("Out")


class _Scripted(Generic[Req, Out]):
    def __init__(self) -> None:
        self._queue: deque[Out | BaseException] = deque()
        self.history: list[Req] = []

    def _next(self, request: Req) -> Out:
        self.history.append(request)
        if not self._queue:
            raise AssertionError(f"{type(self).__name__}: call {len(self.history)} but nothing was enqueued")
        item = self._queue.popleft()
        if isinstance(item, BaseException):
            raise item
        return item


class ScriptedPlanner(_Scripted[PlanRequest, PlanOutcome]):
    def enqueue(self, answer: CADPlan | BaseException, *, source: Literal["offline", "llm"] = "offline",
                usage: LLMUsage | None = None, can_replan: bool = False, reason: str = "scripted") -> None:
        if isinstance(answer, BaseException):
            self._queue.append(answer)
            return
        self._queue.append(PlanOutcome(plan=answer, source=source, reason=reason, usage=usage or LLMUsage(),
                                       model="scripted" if source == "llm" else None, can_replan=can_replan))

    def execute(self, request: PlanRequest) -> PlanOutcome:
        return self._next(request)


class ScriptedGenerator(_Scripted[GenerateRequest, GenerateOutcome]):
    """Answers the enqueued scripts in order; with ``compiler`` it compiles every plan instead (still recorded)."""

    def __init__(self, compiler: Any = None) -> None:
        super().__init__()
        self._compiler = compiler

    def enqueue(self, script: str | BaseException, *, usage: LLMUsage | None = None,
                can_rewrite: bool = False) -> None:
        if isinstance(script, BaseException):
            self._queue.append(script)
            return
        plan = CADPlan.model_construct(name="scripted", operations=[])  # replaced by the request's plan below
        self._queue.append(GenerateOutcome(script=script, plan=plan, usage=usage or LLMUsage(),
                                           can_rewrite=can_rewrite))

    def execute(self, request: GenerateRequest) -> GenerateOutcome:
        if self._compiler is not None:
            self.history.append(request)
            return GenerateOutcome(script=self._compiler(request.plan), plan=request.plan)
        return self._next(request).model_copy(update={"plan": request.plan})


class ScriptedValidator(_Scripted[ValidateRequest, ValidateOutcome]):
    def enqueue(self, passed: bool | ValidationReport | BaseException, *, message: str = "scripted check",
                usage: LLMUsage | None = None) -> None:
        if isinstance(passed, BaseException):
            self._queue.append(passed)
            return
        report = passed if isinstance(passed, ValidationReport) else ValidationReport(passed=passed, checks=[
            Check(name="scripted", passed=passed, expected="pass", actual="pass" if passed else "fail",
                  message=message)])
        self._queue.append(ValidateOutcome(report=report, usage=usage or LLMUsage()))

    def execute(self, request: ValidateRequest) -> ValidateOutcome:
        return self._next(request)

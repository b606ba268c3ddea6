"""The generator agent: a CAD plan → the FreeCAD Python the executor runs.

Every plan operation is compiled deterministically by :func:`ai_designer.freecad.codegen.compile_plan`. A model is
asked only for a ``custom`` operation that has no code yet, or whose code failed when it ran (the failure text is
sent back). LLM code is checked against the sandbox policy before it is accepted (a refusal is fed back for a
bounded repair) and, like every script, runs in the sandboxed executor — it is never trusted.
"""

from __future__ import annotations

import ast
import logging
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from ai_designer.agents.base import BaseAgent, extract_code
from ai_designer.agents.planner import compact_plan_json
from ai_designer.agents.prompts import generator as prompts
from ai_designer.core.errors import AIDesignerError, LLMError, RejectedError
from ai_designer.llm.routing import not_configured_message
from ai_designer.schemas.design_state import LLMUsage
from ai_designer.schemas.llm_schemas import LLMMessage, LLMRole
from ai_designer.schemas.task_graph import CADPlan, Custom

__all__ = ["GeneratorAgent", "GenerateOutcome"]

log = logging.getLogger(__name__)
Compiler = Callable[[CADPlan], str]


class GenerateOutcome(BaseModel):
    script: str
    plan: CADPlan = Field(description="the plan with any LLM-written custom code filled in")
    usage: LLMUsage = Field(default_factory=LLMUsage)


def _static_problem(code: str) -> str | None:
    """Why ``code`` cannot run (syntax or sandbox policy), or None. The policy check is the executor's own."""
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return f"SyntaxError on line {exc.lineno}: {exc.msg}"
    assigned = {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(t, ast.Name)}
    if "shape" not in assigned:
        return "the code never assigns the final Part shape to the variable `shape`"
    try:
        from ai_designer.freecad import policy
    except ImportError:  # the policy module is optional at this layer; the executor always enforces it
        return None
    try:
        policy.check(code)
    except AIDesignerError as exc:
        return exc.message
    return None


class GeneratorAgent(BaseAgent):
    name = "generator"

    def __init__(self, *args: Any, compiler: Compiler | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compiler = compiler

    def _compile(self, plan: CADPlan) -> str:
        if self._compiler is not None:
            return self._compiler(plan)
        from ai_designer.freecad.codegen import compile_plan

        return compile_plan(plan)

    def execute(self, plan: CADPlan, failure: str | None = None) -> str:
        """The job script for ``plan``; ``failure`` (the error of the last run) regenerates custom code."""
        return self.generate(plan, failure=failure).script

    def generate(self, plan: CADPlan, *, failure: str | None = None) -> GenerateOutcome:
        usage = LLMUsage()
        todo = [op for op in plan.operations if isinstance(op, Custom) and (not op.code.strip() or failure)]
        if todo:
            if not self.llm_available():
                names = ", ".join(op.id for op in todo)
                raise RejectedError(f"the plan has custom operation(s) {names} that need code from a language "
                                    "model: " + not_configured_message("generator"))
            ids = {op.id for op in todo}
            plan = plan.model_copy(deep=True)
            for op in plan.operations:
                if isinstance(op, Custom) and op.id in ids:
                    op.code = self._write_custom(plan, op, failure, usage)
        return GenerateOutcome(script=self._compile(plan), plan=plan, usage=usage)

    def _write_custom(self, plan: CADPlan, op: Custom, failure: str | None, usage: LLMUsage) -> str:
        content = prompts.GENERATOR_USER.format(op_id=op.id, description=op.description,
                                                inputs=", ".join(op.inputs) or "none",
                                                plan=compact_plan_json(plan))
        if failure and op.code.strip():
            content += "\n\n" + prompts.GENERATOR_FAILURE.format(failure=failure, code=op.code)
        request = self._build_llm_request([LLMMessage(role=LLMRole.user, content=content)],
                                          system=prompts.GENERATOR_SYSTEM)
        problem = ""
        for _ in range(self.settings.llm_plan_repairs + 1):
            response = self._call_llm(request, usage)
            code = extract_code(response.content)
            problem = _static_problem(code) or ""
            if not problem:
                return code
            log.info("generator: custom code for %s refused (%s); asking for a fix", op.id, problem)
            request = request.model_copy(update={"messages": [
                *request.messages, LLMMessage(role=LLMRole.assistant, content=response.content or "(empty)"),
                LLMMessage(role=LLMRole.user, content=prompts.GENERATOR_REPAIR.format(error=problem))]})
        raise LLMError(f"the generator model could not write usable code for {op.id!r}: {problem}. "
                       "Try a stronger model with AGENT_GENERATOR_PRIMARY, or describe the part with standard "
                       "operations.")

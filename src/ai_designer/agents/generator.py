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

from ai_designer.agents.base import BaseAgent, extract_code
from ai_designer.agents.contracts import GenerateOutcome, GenerateRequest, RunOptions
from ai_designer.agents.planner import compact_plan_json
from ai_designer.agents.prompts import generator_prompt as prompts
from ai_designer.core.errors import AIDesignerError, LLMError, RejectedError
from ai_designer.freecad import policy
from ai_designer.freecad.codegen import compile_plan
from ai_designer.schemas.design_state import LLMUsage
from ai_designer.schemas.llm_schemas import LLMMessage, LLMRole
from ai_designer.schemas.task_graph import CADPlan, Custom

__all__ = ["GeneratorAgent"]

log = logging.getLogger(__name__)
Compiler = Callable[[CADPlan], str]


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
        policy.check(code)
    except AIDesignerError as exc:
        return exc.message
    return None


class GeneratorAgent(BaseAgent):
    name = "generator"

    def __init__(self, *args: Any, compiler: Compiler | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compile = compiler or compile_plan

    def execute(self, request: GenerateRequest) -> GenerateOutcome:
        """The job script for the plan; custom operations without code (or, after ``failure``, all custom
        operations) get code from a model first."""
        plan, failure, opts = request.plan, request.failure, request.options
        usage = LLMUsage()
        can_llm = self.llm_available(opts)
        todo = [op for op in plan.operations if isinstance(op, Custom) and (not op.code.strip() or failure)]
        if todo:
            if not can_llm:
                names = ", ".join(op.id for op in todo)
                raise RejectedError(f"the plan has custom operation(s) {names} that need code from a language "
                                    "model: " + self.not_configured_hint(opts))
            ids = {op.id for op in todo}
            plan = plan.model_copy(deep=True)
            for op in plan.operations:
                if isinstance(op, Custom) and op.id in ids:
                    op.code = self._write_custom(plan, op, failure, usage, opts)
        has_custom = any(isinstance(op, Custom) for op in plan.operations)
        return GenerateOutcome(script=self._compile(plan), plan=plan, usage=usage, can_rewrite=has_custom and can_llm)

    def _write_custom(self, plan: CADPlan, op: Custom, failure: str | None, usage: LLMUsage,
                      options: RunOptions) -> str:
        content = prompts.GENERATOR_USER.format(op_id=op.id, description=op.description,
                                                inputs=", ".join(op.inputs) or "none",
                                                plan=compact_plan_json(plan))
        if failure and op.code.strip():
            content += "\n\n" + prompts.GENERATOR_FAILURE.format(failure=failure, code=op.code)
        request = self._build_llm_request([LLMMessage(role=LLMRole.user, content=content)],
                                          system=prompts.GENERATOR_SYSTEM, options=options)
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
                       "Try a stronger model with -m MODEL or AGENT_GENERATOR_PRIMARY, or describe the part with standard "
                       "operations.")

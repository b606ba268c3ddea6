"""The finished plan of the slot planner: operations, assumptions (units first) and the intent by formula.

Shared by new designs (``planner.py``) and edits (``edits.py``), which is why it is a module of its own.
"""

from __future__ import annotations

from ai_designer.planning.context import Ctx
from ai_designer.planning.intent import plan_intent
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["finish"]


def finish(ctx: Ctx, prompt: str, name: str, earlier: list[str]) -> CADPlan:
    assumptions = list(earlier)
    if ctx.bare_number_used and ctx.unit is None:
        assumptions.append("units: mm (not stated)")
    elif ctx.unit is not None and ctx.unit != 1.0:
        assumptions.append(f"units: {ctx.unit:g} mm per unit for numbers without one (stated once, or the only "
                           "unit written)")
    for a in ctx.assumptions:
        if a not in assumptions:
            assumptions.append(a)
    plan = CADPlan(name=name, description=" ".join(prompt.split())[:300], operations=list(ctx.ops),
                   assumptions=assumptions)
    plan.intent = plan_intent(plan)
    return plan

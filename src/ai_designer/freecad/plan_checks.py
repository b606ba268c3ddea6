"""Checks of a CAD plan before anything runs in FreeCAD, worded for the model that wrote it and for a person.

:func:`check_plan` collects every problem it finds and raises one :class:`PlanError` listing them all, so a repair
round can fix everything at once:

* orphan operations — every operation must reach the result, or it would be dropped silently;
* ``outline`` profiles outside pocket/boss (only those have a target whose outline they take);
* what each operation's registry entry (``OpSpec.check`` in ``ops/<name>.py``) finds wrong with it: ``created_by``
  naming an operation that is not part of the filleted/chamfered body, fillet radii / chamfer sizes that reach half
  the part's width or thickness (the rounds from two sides would meet), an ``outline`` with ``at``/``angle``, custom
  code reading an input whose id the job sandbox refuses as a name (``os``, ``socket`` …).

Op ids the sandbox refuses (``os``, ``sys`` …) are not an error: the generator gives their objects another name.
Holes and pockets outside their face are refused by the generator, which knows where each face is.
"""

from __future__ import annotations

from ai_designer.cad.extents import Extents, plan_extents
from ai_designer.core.errors import PlanError
from ai_designer.ops.registry import block_like, spec
from ai_designer.schemas.task_graph import CADPlan, Outline

__all__ = ["check_plan", "box_like", "body_references", "ancestors"]


def body_references(op: object) -> list[str]:
    """The ids whose shapes become part of ``op``'s shape (``created_by`` only points at edges, not at a body)."""
    refs: list[str] = op.references()  # type: ignore[attr-defined]
    return refs[:-1] if getattr(op, "created_by", None) else refs  # created_by is listed last


def ancestors(plan: CADPlan, op_id: str) -> set[str]:
    """``op_id`` and every operation whose body went into it."""
    seen: set[str] = set()
    todo = [op_id]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo += body_references(plan.get(current))
    return seen


def box_like(plan: CADPlan, op_id: str) -> bool:
    """True when ``op_id``'s body is a rectangular block seen from above (each operation's registry entry says)."""
    return block_like(plan, op_id)


def _orphans(plan: CADPlan) -> list[str]:
    used = ancestors(plan, plan.result_id)
    out = []
    for op in plan.operations:
        if op.id not in used:
            out.append(f"operation {op.id!r} ({op.op}) is not used by the result {plan.result_id!r}: nothing after it "
                       f"refers to it, so it would be dropped. Make the next feature target {op.id!r} (features "
                       "chain: each one targets the previous), add it to a boolean union/cut, or delete it")
    return out


def _op_problems(plan: CADPlan, extents: dict[str, Extents | None]) -> list[str]:
    """What each operation's registry entry finds wrong with it, plus ``outline`` profiles where no target's outline
    can be taken."""
    out = []
    for op in plan.operations:
        entry = spec(op.op)
        profiles = [getattr(op, "profile", None), *getattr(op, "inner", [])]
        if any(isinstance(p, Outline) for p in profiles) and not entry.takes_outline:
            out.append(f"{op.op} {op.id!r}: an 'outline' profile is only for pocket and boss (it is their target's "
                       "outline); draw this profile instead")
        out += entry.check(op, plan, extents)
    return out


def check_plan(plan: CADPlan) -> None:
    """Raise :class:`PlanError` naming every problem found (see the module docstring)."""
    problems = _orphans(plan) + _op_problems(plan, plan_extents(plan))
    if problems:
        raise PlanError("the plan cannot be built as written:\n- " + "\n- ".join(problems))

"""Checks of a CAD plan before anything runs in FreeCAD, worded for the model that wrote it and for a person.

:func:`check_plan` collects every problem it finds and raises one :class:`PlanError` listing them all, so a repair
round can fix everything at once:

* orphan operations — every operation must reach the result, or it would be dropped silently;
* ``created_by`` naming an operation that is not part of the filleted/chamfered body;
* ``outline`` profiles outside pocket/boss (only those have a target whose outline they take);
* custom code reading an input whose id the job sandbox refuses as a name (``os``, ``socket`` …);
* fillet radii / chamfer sizes that reach half the part's width or thickness (the rounds from two sides would meet).

Op ids the sandbox refuses (``os``, ``sys`` …) are not an error: the generator gives their objects another name.
Holes and pockets outside their face are refused by the generator, which knows where each face is.
"""

from __future__ import annotations

from ai_designer.cad.extents import Extents, plan_extents
from ai_designer.core.errors import PlanError
from ai_designer.freecad.policy import DENIED_NAMES
from ai_designer.schemas.task_graph import (
    Boss,
    Box,
    CADPlan,
    Chamfer,
    Custom,
    Extrude,
    Fillet,
    Hole,
    Outline,
    Pocket,
    Rectangle,
    Transform,
)

__all__ = ["check_plan", "box_like", "body_references"]

_TOP = ("top", "bottom", "top_outer", "bottom_outer", "face:top", "face:bottom")


def body_references(op: object) -> list[str]:
    """The ids whose shapes become part of ``op``'s shape (``created_by`` only points at edges, not at a body)."""
    refs: list[str] = op.references()  # type: ignore[attr-defined]
    return refs[:-1] if getattr(op, "created_by", None) else refs  # created_by is listed last


def _ancestors(plan: CADPlan, op_id: str) -> set[str]:
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
    """True when ``op_id``'s body is a rectangular block seen from above (a box or a rectangle extruded straight up,
    with holes or round/rectangular pockets at most): its vertical edges are the four corners of its bounding box."""
    op = plan.get(op_id)
    if isinstance(op, Box) or (isinstance(op, Extrude) and isinstance(op.profile, Rectangle) and not op.taper
                               and not op.inner):
        return all(abs(v / 90 - round(v / 90)) < 1e-9 for v in op.placement.rotate)
    if isinstance(op, (Hole, Pocket)) and not (isinstance(op, Pocket) and isinstance(op.profile, Outline)):
        return box_like(plan, op.target)
    if isinstance(op, Transform) and not any(op.placement.rotate):
        return box_like(plan, op.target)
    return False


def _orphans(plan: CADPlan) -> list[str]:
    used = _ancestors(plan, plan.result_id)
    out = []
    for op in plan.operations:
        if op.id not in used:
            out.append(f"operation {op.id!r} ({op.op}) is not used by the result {plan.result_id!r}: nothing after it "
                       f"refers to it, so it would be dropped. Make the next feature target {op.id!r} (features "
                       "chain: each one targets the previous), add it to a boolean union/cut, or delete it")
    return out


def _too_big(op: Fillet | Chamfer, ext: Extents) -> str | None:
    """A message when the radius/size reaches half of a side the selected edges share (or a whole side face), else
    None. A fillet of exactly half the width on vertical edges is a full round, which the generator builds."""
    size = op.radius if isinstance(op, Fillet) else op.size
    what = f"{'fillet radius' if isinstance(op, Fillet) else 'chamfer size'} {size:g} mm"
    lx, ly, lz = ext.size
    wide = min(lx, ly)
    limits = []  # (largest allowed size, why)
    if op.edges in ("vertical", *_TOP):
        limits.append((wide / 2, f"the part is {wide:g} mm wide, so the rounds on opposite edges would meet"))
    if op.edges in _TOP:
        limits.append((lz, f"the part is only {lz:g} mm thick, so it would eat the whole side face"))
    if op.edges not in ("vertical", *_TOP):
        small = min(lx, ly, lz)
        limits.append((small / 2, f"the part's smallest side is {small:g} mm, so rounds from two sides would meet"))
    full_round = isinstance(op, Fillet) and op.edges == "vertical" and abs(2 * size - wide) < 1e-6
    for limit, why in limits:
        if size >= limit - 1e-9 and not full_round:
            hint = (" For a full round use radius exactly half the width on the 'vertical' edges, or draw the "
                    "profile as a slot / rounded_rectangle." if isinstance(op, Fillet) else "")
            return (f"{op.op} {op.id!r}: {what} is too big for the {op.edges!r} edges of {op.target!r}: {why}. "
                    f"Use less than {limit:g} mm.{hint}")
    return None


def _edge_problems(plan: CADPlan, extents: dict[str, Extents | None]) -> list[str]:
    out = []
    for op in plan.operations:
        if not isinstance(op, (Fillet, Chamfer)):
            continue
        if op.created_by and op.created_by not in _ancestors(plan, op.target):
            out.append(f"{op.op} {op.id!r}: created_by {op.created_by!r} is not part of {op.target!r}, so none of its "
                       f"edges can be there; name an operation that {op.target!r} was built from")
        ext = extents.get(op.target)
        if ext is not None and ext.exact and box_like(plan, op.target) and op.created_by is None and op.at_z is None:
            problem = _too_big(op, ext)
            if problem:
                out.append(problem)
    return out


def _profile_problems(plan: CADPlan) -> list[str]:
    out = []
    for op in plan.operations:
        profiles = [getattr(op, "profile", None), *getattr(op, "inner", [])]
        if any(isinstance(p, Outline) for p in profiles) and not isinstance(op, (Pocket, Boss)):
            out.append(f"{op.op} {op.id!r}: an 'outline' profile is only for pocket and boss (it is their target's "
                       "outline); draw this profile instead")
        if isinstance(op, (Pocket, Boss)) and isinstance(op.profile, Outline) and (
                op.angle or op.at.resolve() != [(0.0, 0.0)]):
            out.append(f"{op.op} {op.id!r}: an 'outline' profile is always centred on the face; drop 'at' and 'angle'")
        if isinstance(op, Custom):
            bad = [i for i in op.inputs if i in DENIED_NAMES]
            if bad:
                out.append(f"custom {op.id!r}: its code would read inputs named {bad}, which job scripts may not use "
                           "as names; rename those operations (e.g. 'base_os')")
    return out


def check_plan(plan: CADPlan) -> None:
    """Raise :class:`PlanError` naming every problem found (see the module docstring)."""
    problems = _orphans(plan) + _profile_problems(plan) + _edge_problems(plan, plan_extents(plan))
    if problems:
        raise PlanError("the plan cannot be built as written:\n- " + "\n- ".join(problems))

"""Finishes on a boss or hub made by a ``boss`` operation.

A boss, hub, stud or post said after the part ("In the middle of its top, a 20 mm diameter boss sticking up 10 mm")
is a body joined on the part: on its top face unless said under it; any other face is left to the slot planner.
"A hole through the boss and the base" is drilled on the boss's axis, which is only certain when the boss is the
one round body joined upright at the middle of the part and the hole is given no other place.

"A 1 mm chamfer on the top outside edge of the boss" after "a Ø38 boss centred on top, a Ø19 hole thru the boss and
the base": the boss's top rim is the part's only top edge until the hole is drilled, so the finish goes on the
boss right after it is made and the holes are drilled after it (the hole's own rim stays sharp, as the words say).
This is only done when it is certain: one round boss, centred on the top face, standing above the part, and every
later hole centred on it and well inside the finished rim (so the chamfer and the hole never meet). Anything else
is left to the older rule (a body joined last) or refused there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ai_designer.planning.build import Build
from ai_designer.planning.intent import estimate
from ai_designer.planning.refusals import reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Boolean, Boss, CADPlan, Chamfer, Cylinder, Fillet, Hole, Operation

__all__ = ["boss_top_edge", "hub_clause", "hub_guard", "hub_hole"]

_CENTRE = [(0.0, 0.0)]


def _centred(op: Boss | Hole) -> bool:
    return [tuple(p) for p in op.at.resolve()] == _CENTRE


def _hole_chain(b: Build) -> tuple[Operation | None, list[Hole]]:
    """The op under the holes drilled last, and those holes (last first)."""
    chain: list[Hole] = []
    op = next((o for o in b.ops if o.id == b.current), None)
    while isinstance(op, Hole):
        chain.append(op)
        op = next((o for o in b.ops if o.id == op.target), None)
    return op, chain


def _hole_radius(h: Hole) -> float:
    return max(h.diameter, h.cbore_diameter or 0.0, h.csink_diameter or 0.0) / 2


def _rim_owner(b: Build, op: Operation | None) -> Boss | Boolean | None:
    """The body whose top rim is the part's top edge: a round boss centred on the top face, or one upright
    cylinder joined on the part and standing above it (else ``None``)."""
    if isinstance(op, Boss):
        circle = op.face == "top" and op.profile.shape == "circle" and _centred(op)
        return op if circle else None
    if not isinstance(op, Boolean) or op.kind != "union" or len(op.tools) != 1:
        return None
    tool = next(t for t in b.ops if t.id == op.tools[0])
    if not isinstance(tool, Cylinder) or any(abs(a) > 1e-9 for a in tool.placement.rotate):
        return None
    est = estimate(CADPlan(operations=list(b.ops), result=b.current))
    lo, hi = est[op.id].lo, est[op.id].hi
    centred = all(abs(tool.placement.at[k] - (lo[k] + hi[k]) / 2) < 1e-6 for k in (0, 1))
    return op if centred and est[op.base].hi[2] < est[tool.id].hi[2] - 1e-6 else None


def _rim_radius(b: Build, owner: Boss | Boolean) -> float:
    if isinstance(owner, Boss):
        return float(getattr(owner.profile, "diameter", 0.0) or 0.0) / 2
    tool = next(t for t in b.ops if t.id == owner.tools[0])
    return float(tool.diameter) / 2 if isinstance(tool, Cylinder) else 0.0


def boss_top_edge(b: Build, action: str, size: float, edges: str, diameter: float) -> bool:
    """Put the finish on the top rim of the boss made last when holes were drilled after it (``diameter``: said
    size, 0 = not said); False when nothing was drilled after a boss op or joined cylinder (the caller's
    ``top_of_joined`` then decides)."""
    base, holes = _hole_chain(b)
    owner = _rim_owner(b, base)
    if not holes and not isinstance(base, Boss) or base is None:
        return False
    if owner is None or edges not in ("top", "top_outer"):
        raise reject("the top edge of a boss is finished offline only on one round boss centred on the part")
    rim = _rim_radius(b, owner)
    if diameter and abs(2 * rim - diameter) > 1e-6:
        raise reject(f"the boss made last is not Ø{diameter:g}")
    for h in holes:
        if h.face != "top" or not _centred(h) or _hole_radius(h) > rim - size - 0.5:
            raise reject("a hole drilled in the boss comes too near its top edge to finish that edge offline")
    finish: Operation = Fillet(id=b.new_id("fillet"), target=owner.id, radius=size, edges="top") \
        if action == "fillet" else Chamfer(id=b.new_id("chamfer"), target=owner.id, size=size, edges="top")
    b.ops.insert(b.ops.index(owner) + 1, finish)
    if not holes:
        b.current = finish.id
        return True
    first = holes[-1]
    b.ops[b.ops.index(first)] = first.model_copy(update={"target": finish.id})
    return True


def hub_clause(b: Build, clause: Clause) -> Clause:
    """The boss clause as a body joined on the part: its face words become "on top" (a boss stands on the top
    face when no face is said, an assumption noted)."""
    if b.current is None:
        raise reject("a boss or hub stands on a part: describe the part it stands on first")
    if _hole_chain(b)[1]:  # a boss over a hole drilled before it may not touch the part: the slot planner decides
        raise reject("a boss added after holes is not joined by the grammar path")
    faces = {loc.face or "" for loc in clause.locs if loc.kind == "face"}
    if faces - {"top"}:
        raise reject(f"a boss on the {sorted(faces - {'top'})[0]} face is not joined by the grammar path")
    locs = [loc for loc in clause.locs if loc.kind not in ("hub", "face")]
    if not any(loc.kind in ("on_top", "under") for loc in locs):
        if not faces:
            b.assumptions.append("boss: on the top face (not stated)")
        locs.append(Loc("on_top"))
    return replace(clause, locs=locs)


def _hub_axis(b: Build) -> tuple[float, float] | None:
    """The axis of the one round body joined upright on the part (a ``boss`` op or a unioned cylinder)."""
    bosses: list[tuple[float, float]] = []
    for op in b.ops:
        if isinstance(op, Boss):
            if op.face != "top" or op.profile.shape != "circle" or not _centred(op):
                return None
            bosses.append((float("nan"), float("nan")))  # centred on its face: checked below by the part's box
        elif isinstance(op, Boolean) and op.kind == "union":
            for tool in (t for t in b.ops if t.id in op.tools):
                if not isinstance(tool, Cylinder) or any(abs(a) > 1e-9 for a in tool.placement.rotate):
                    return None
                bosses.append((tool.placement.at[0], tool.placement.at[1]))
    return bosses[0] if len(bosses) == 1 else None


def hub_hole(b: Build, clause: Clause) -> Clause:
    """"A 30 mm hole through the hub and plate": a through hole at the middle of the part, when that is the axis
    of its one boss and no other place is said for the hole."""
    axis = _hub_axis(b)
    lo, hi = b.box()
    mid = ((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2)
    placed = [loc for loc in clause.locs if loc.kind not in ("hub_axis", "through", "centre", "on_top")]
    if axis is None or placed or not all(a != a or abs(a - m) < 1e-6 for a, m in zip(axis, mid, strict=True)):
        raise reject("'through the boss' is drilled offline only on the axis of one round boss joined at the "
                     "middle of the part (with no other place said for the hole)")
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind != "hub_axis"])


def hub_guard(action: Callable[[Build, Clause], None]) -> Callable[[Build, Clause], None]:
    """Several bosses ("four 10 mm posts 20 high at the corners") are not joined by the grammar path: refused here
    (not final), so the slot planner places them as it always has."""
    def guarded(b: Build, clause: Clause) -> None:
        if clause.has("hub"):
            raise reject("several bosses are placed by the slot planner")
        action(b, clause)
    return guarded

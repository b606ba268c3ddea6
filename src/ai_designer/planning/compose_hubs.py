"""Finishes on a boss or hub made by a ``boss`` operation.

"A 1 mm chamfer on the top outside edge of the boss" after "a Ø38 boss centred on top, a Ø19 hole thru the boss and
the base": the boss's top rim is the part's only top edge until the hole is drilled, so the finish goes on the
boss right after it is made and the holes are drilled after it (the hole's own rim stays sharp, as the words say).
This is only done when it is certain: one round boss, centred on the top face, standing above the part, and every
later hole centred on it and well inside the finished rim (so the chamfer and the hole never meet). Anything else
is left to the older rule (a body joined last) or refused there.
"""

from __future__ import annotations

from ai_designer.planning.build import Build
from ai_designer.planning.refusals import reject
from ai_designer.schemas.task_graph import Boss, Chamfer, Fillet, Hole, Operation

__all__ = ["boss_top_edge"]

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


def boss_top_edge(b: Build, action: str, size: float, edges: str, diameter: float) -> bool:
    """Put the finish on the top rim of the boss made last (``diameter``: said size, 0 = not said); False when the
    part so far does not end in a ``boss`` op (the caller then tries its other rules)."""
    boss, holes = _hole_chain(b)
    if not isinstance(boss, Boss):
        return False
    profile = boss.profile
    if edges not in ("top", "top_outer") or boss.face != "top" or profile.shape != "circle" or not _centred(boss):
        raise reject("the top edge of a boss is finished offline only on one round boss centred on the top face")
    rim = float(profile.diameter or 0.0) / 2
    if diameter and abs(2 * rim - diameter) > 1e-6:
        raise reject(f"the boss made last is not Ø{diameter:g}")
    for h in holes:
        if h.face != "top" or not _centred(h) or _hole_radius(h) > rim - size - 0.5:
            raise reject("a hole drilled in the boss comes too near its top edge to finish that edge offline")
    finish: Operation = Fillet(id=b.new_id("fillet"), target=boss.id, radius=size, edges="top") \
        if action == "fillet" else Chamfer(id=b.new_id("chamfer"), target=boss.id, size=size, edges="top")
    b.ops.insert(b.ops.index(boss) + 1, finish)
    if not holes:
        b.current = finish.id
        return True
    first = holes[-1]
    b.ops[b.ops.index(first)] = first.model_copy(update={"target": finish.id})
    return True

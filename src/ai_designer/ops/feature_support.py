"""Estimate formulas shared by the features that work on a face of their target (hole, pocket, boss) and by the
features that keep their target's outline (fillet, chamfer, shell, hole).

Loaded only from inside the operations' functions: it builds on ``planning.intent`` (the :class:`Est` type), which
imports the plan model, which imports the operation modules.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from ai_designer.cad.extents import FACE_AXES
from ai_designer.ops.pole_cuts import over_pole, pole_cut
from ai_designer.planning.intent import Est
from ai_designer.schemas.profiles import Outline

__all__ = ["box_dims", "same_extents", "inside", "disjoint", "cut_depth", "new_marks", "cut_estimate",
           "outline_centred"]

Point = tuple[float, float]


def box_dims(plan: Any, op_id: str) -> tuple[float, float, float] | None:
    """The sizes of ``op_id`` when it is a plain box (the edge and shell formulas need them)."""
    op = plan.get(op_id)
    return (op.length, op.width, op.height) if op.op == "box" else None


def same_extents(op: Any, known: dict[str, Any]) -> Any:
    """The feature keeps its target's outline (fillet, chamfer, shell, hole)."""
    return known[op.target]


def inside(t: Est, face: str, pts: list[Point], du: float, dv: float) -> bool:
    su, sv = t.face_size(face)
    return all(abs(u) + du / 2 <= su / 2 + 1e-6 and abs(v) + dv / 2 <= sv / 2 + 1e-6 for u, v in pts)


def disjoint(pts: list[Point], size: float) -> bool:
    return all(math.dist(a, b) >= size - 1e-9 for i, a in enumerate(pts) for b in pts[i + 1:])


def cut_depth(t: Est, face: str, depth: float | None) -> float:
    """How deep a cut into ``face`` goes (``None``: through the part)."""
    full = t.thickness(face)
    return full if depth is None else min(depth, full)


def new_marks(t: Est, pts: list[Point], du: float, dv: float) -> tuple[tuple[tuple[float, float, float], ...], bool]:
    """The marks a cut of size ``du`` x ``dv`` at ``pts`` leaves, and whether it is clear of the earlier ones."""
    reach = math.hypot(du, dv) / 2
    marks = tuple((u, v, reach) for u, v in pts)
    clear = all(math.dist((u, v), (a, b)) >= reach + r - 1e-9 for u, v in pts for a, b, r in t.marks)
    return marks, clear


def cut_estimate(t: Est, face: str, depth: float | None, pts: list[Point], area: float | None, du: float, dv: float,
                 *, extra: float = 0.0, holes: int, round_hole: bool) -> Est:
    """``t`` after cuts of cross-section ``area`` (bounding ``du`` x ``dv``) into ``face`` at ``pts``; ``extra`` is
    what each instance removes besides (a counterbore), ``round_hole`` a plain drilled hole. The volume is kept only
    where the removed material is known exactly: a prismatic body, cuts inside the face, clear of each other and of
    earlier cuts, along one axis."""
    axis = FACE_AXES[face][2]
    marks, clear = new_marks(t, pts, du, dv)
    ok = (t.volume is not None and area is not None and t.prismatic and inside(t, face, pts, du, dv)
          and t.cut_axis in (-1, axis) and clear and disjoint(pts, max(du, dv)) and (t.kind == "box" or axis == 2))
    removed = len(pts) * (area * cut_depth(t, face, depth) + extra) if ok and area is not None else None
    through = depth is None or depth >= t.thickness(face)
    if over_pole(t, pts, du / 2):  # a round body's top taken off: pole_cuts knows the box and volume, or neither
        t = pole_cut(t, face, pts, du / 2, depth, round_hole)
        volume = t.volume
    else:
        volume = t.volume - removed if removed is not None and t.volume is not None else None
    return replace(t, volume=volume, holes=holes, prismatic=t.prismatic and through and round_hole, cut_axis=axis,
                   marks=t.marks + marks)


def outline_centred(op: Any) -> list[str]:
    """An ``outline`` profile is the whole face's (pocket, boss): it has no position or angle of its own."""
    if isinstance(op.profile, Outline) and (op.angle or op.at.resolve() != [(0.0, 0.0)]):
        return [f"{op.op} {op.id!r}: an 'outline' profile is always centred on the face; drop 'at' and 'angle'"]
    return []

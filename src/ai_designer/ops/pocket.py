"""``pocket``: a 2-D profile cut into a face of the target to a depth (or through), at one or more positions.

Schema, FreeCAD compilation, analytic box and intent estimate, registered together. The profile may be the
target's own ``outline`` seen from the face, offset (a step-down 5 mm in from a filleted edge): that tool is taken
from the built target in FreeCAD, so its volume is not known by formula.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ai_designer.ops.registry import OpSpec, block_like, register
from ai_designer.schemas.op_base import FeatureBase
from ai_designer.schemas.profiles import FaceName, Outline, Positions, Positive, Profile, center_point

if TYPE_CHECKING:
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Pocket"]


class Pocket(FeatureBase):
    """Cut ``profile`` into ``face`` to ``depth`` (None = through) at each position; ``angle`` turns the profile."""

    op: Literal["pocket"] = "pocket"
    profile: Profile
    depth: Positive | None = None
    face: FaceName = "top"
    at: Positions = Field(default_factory=center_point)
    angle: float = 0.0


def _compile(s: Script, op: Pocket) -> None:
    from ai_designer.freecad.codegen_support import FACES, num
    from ai_designer.freecad.codegen_tools import (
        MARGIN,
        Lin,
        check_reach,
        combine,
        describe,
        outline_tool,
        overlapping,
        position_terms,
        profile_half,
        profile_tools,
        term,
        through,
        tool_radius,
    )

    target, frame = s.ref(op.target), FACES[op.face]
    depth = "through" if op.depth is None else f"{num(op.depth)} mm deep"
    s.emit(f"# --- {op.id}: pocket ({op.profile.shape}) {depth} into the {op.face} of {op.target}, "
           f"{describe(op.at)} ---")
    if isinstance(op.profile, Outline):
        outline_tool(s, op, target, None if op.depth is None else -op.depth, MARGIN, "cut")
        return
    check_reach(s, op, *profile_half(op.profile, op.angle))
    bottom = through(target, frame) if op.depth is None else term(
        s.param(op.id, "depth", op.depth, f"{op.id}: pocket depth (mm)"), -1)
    tools = profile_tools(s, f"{op.id}_cutter", op.id, op.profile, target, frame, position_terms(s, op.id, op.at),
                          bottom, Lin(MARGIN), op.angle)
    combine(s, op.id, op.label, target, tools, "cut", tools, overlapping=overlapping(op.at, tool_radius(op.profile)))


def _extents(op: Pocket, known: dict[str, Any]) -> Any:
    base = known[op.target]
    return base.inexact() if base and op.depth is None else base  # a through pocket may trim an end


def _estimate(op: Pocket, known: dict[str, Any], plan: Any) -> Est:
    from ai_designer.cad.extents import FACE_AXES
    from ai_designer.ops.feature_support import cut_depth, cut_estimate, new_marks
    from ai_designer.planning.intent import profile_area, profile_extent

    t, axis = known[op.target], FACE_AXES[op.face][2]
    if isinstance(op.profile, Outline):  # the target's outline: the box stays, volume unknown
        return replace(t, volume=None, prismatic=False, cut_axis=axis)
    pts = op.at.resolve()
    area = profile_area(op.profile)
    du, dv = profile_extent(op.profile)
    if op.angle % 180:
        du, dv = dv, du
    fu, fv = t.face_size(op.face)
    if du >= fu - 1e-6 or dv >= fv - 1e-6:  # as wide as the face: a step or a slot across the part
        marks, clear = new_marks(t, pts, du, dv)
        ok = t.kind == "box" and t.prismatic and area is not None and len(pts) == 1 and clear
        removed = min(du, fu) * min(dv, fv) * cut_depth(t, op.face, op.depth) if ok else None
        return replace(t, volume=None if removed is None or t.volume is None else t.volume - removed,
                       prismatic=False, marks=t.marks + marks, cut_axis=axis)
    return cut_estimate(t, op.face, op.depth, pts, area, du, dv, holes=t.holes, round_hole=False)


def _block_like(op: Pocket, plan: Any) -> bool:
    return not isinstance(op.profile, Outline) and block_like(plan, op.target)


def _check(op: Pocket, plan: Any, extents: dict[str, Any]) -> list[str]:
    from ai_designer.ops.feature_support import outline_centred

    return outline_centred(op)


SPEC = register(OpSpec("pocket", Pocket, _compile, _extents, _estimate, check=_check, block_like=_block_like,
                       takes_outline=True))

"""``boss``: a 2-D profile standing out of a face of the target by a height (posts, bosses, ribs, a raised rim).

Schema, FreeCAD compilation, analytic box and intent estimate, registered together. With the target's own
``outline`` as profile (offset) the boss is a raised copy of the face's outline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ai_designer.ops.registry import OpSpec, register
from ai_designer.schemas.op_base import FeatureBase
from ai_designer.schemas.profiles import FaceName, Outline, Positions, Positive, Profile, center_point

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Boss"]


class Boss(FeatureBase):
    """Add ``profile`` standing ``height`` out of ``face`` at each position (posts, bosses, ribs)."""

    op: Literal["boss"] = "boss"
    profile: Profile
    height: Positive
    face: FaceName = "top"
    at: Positions = Field(default_factory=center_point)
    angle: float = 0.0


def _compile(s: Script, op: Boss) -> None:
    from ai_designer.freecad.codegen_support import FACES, num
    from ai_designer.freecad.codegen_tools import (
        Lin,
        combine,
        describe,
        outline_tool,
        overlapping,
        position_terms,
        profile_tools,
        term,
        tool_radius,
    )

    target, frame = s.ref(op.target), FACES[op.face]
    s.emit(f"# --- {op.id}: boss ({op.profile.shape}) {num(op.height)} mm out of the {op.face} of {op.target}, "
           f"{describe(op.at)} ---")
    if isinstance(op.profile, Outline):
        outline_tool(s, op, target, 0.0, op.height, "add")
        return
    height = term(s.param(op.id, "height", op.height, f"{op.id}: boss height (mm)"))
    tools = profile_tools(s, f"{op.id}_post", op.id, op.profile, target, frame, position_terms(s, op.id, op.at),
                          Lin(0.0), height, op.angle)
    combine(s, op.id, op.label, target, tools, "add", tools, overlapping=overlapping(op.at, tool_radius(op.profile)))


def _extents(op: Boss, known: dict[str, Any]) -> Extents | None:
    from ai_designer.cad.extents import FACE_AXES, Extents, profile_extents

    target = known[op.target]
    if target is None:
        return None
    u, v, n, side = FACE_AXES[op.face]
    if isinstance(op.profile, Outline):  # the target's own outline, offset: known only when it is not grown
        lo, hi = list(target.lo), list(target.hi)
        if side > 0:
            hi[n] += op.height
        else:
            lo[n] -= op.height
        return Extents(tuple(lo), tuple(hi), target.exact and op.profile.offset <= 0)
    x0, x1, y0, y1 = profile_extents(op.profile)
    reach = max(abs(x0), abs(x1), abs(y0), abs(y1)) if op.angle else None
    out = target
    for pu, pv in op.at.resolve():
        lo, hi = [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
        c = target.center
        lo[u], hi[u] = (c[u] + pu - reach, c[u] + pu + reach) if reach else (c[u] + pu + x0, c[u] + pu + x1)
        lo[v], hi[v] = (c[v] + pv - reach, c[v] + pv + reach) if reach else (c[v] + pv + y0, c[v] + pv + y1)
        plane = target.hi[n] if side > 0 else target.lo[n]
        lo[n], hi[n] = (plane, plane + op.height) if side > 0 else (plane - op.height, plane)
        out = out.union(Extents(tuple(lo), tuple(hi), reach is None))
    return out


def _raise(lo: list[float], hi: list[float], op: Boss) -> None:
    """Grow the box out of the boss's face by its height."""
    from ai_designer.cad.extents import FACE_AXES

    _, _, axis, side = FACE_AXES[op.face]
    if side > 0:
        hi[axis] += op.height
    else:
        lo[axis] -= op.height


def _estimate(op: Boss, known: dict[str, Any], plan: Any) -> Est:
    from ai_designer.cad.extents import FACE_AXES
    from ai_designer.ops.feature_support import disjoint, inside
    from ai_designer.planning.intent import Est, profile_area, profile_extent

    t = known[op.target]
    u_ax, v_ax, _, _ = FACE_AXES[op.face]
    lo, hi = list(t.lo), list(t.hi)
    if isinstance(op.profile, Outline):
        grow = max(op.profile.offset, 0.0)
        for k in (u_ax, v_ax):
            lo[k], hi[k] = lo[k] - grow, hi[k] + grow
        _raise(lo, hi, op)
        return Est(tuple(lo), tuple(hi), None, t.holes, "other", False)
    pts = op.at.resolve()
    du, dv = profile_extent(op.profile)
    if op.angle % 180:
        du, dv = dv, du
    area = profile_area(op.profile)
    cu, cv = (t.lo[u_ax] + t.hi[u_ax]) / 2, (t.lo[v_ax] + t.hi[v_ax]) / 2
    for u, v in pts:
        lo[u_ax], hi[u_ax] = min(lo[u_ax], cu + u - du / 2), max(hi[u_ax], cu + u + du / 2)
        lo[v_ax], hi[v_ax] = min(lo[v_ax], cv + v - dv / 2), max(hi[v_ax], cv + v + dv / 2)
    _raise(lo, hi, op)
    ok = t.volume is not None and area is not None and inside(t, op.face, pts, du, dv) and disjoint(pts, max(du, dv))
    vol = t.volume + len(pts) * area * op.height if ok else None  # type: ignore[operator]
    return Est(tuple(lo), tuple(hi), vol, t.holes, "other", False)


def _check(op: Boss, plan: Any, extents: dict[str, Any]) -> list[str]:
    from ai_designer.ops.feature_support import outline_centred

    return outline_centred(op)


SPEC = register(OpSpec("boss", Boss, _compile, _extents, _estimate, check=_check, takes_outline=True))

"""``extrude``: a 2-D profile (with cut-outs) extruded up, optionally drafted.

Schema, FreeCAD compilation, analytic box and intent estimate of the operation, registered together.

The box and estimate are of the unplaced body (resting on z = 0, centred on Z); ``register_primitive`` applies the
placement. Helpers are imported inside the functions: ``schemas.task_graph`` imports this module for its schema.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ai_designer.ops.primitive import register_primitive
from ai_designer.ops.registry import quarter_turns
from ai_designer.schemas.op_base import PrimitiveBase
from ai_designer.schemas.profiles import Placement, Positive, Profile, Rectangle, Vec2

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents as ExtentsT
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Extrude"]


class Extrude(PrimitiveBase):
    """Extrude a profile in +Z by ``height``; ``inner`` profiles (centred, or moved by ``inner_at``) are cut through."""

    op: Literal["extrude"] = "extrude"
    profile: Profile
    height: Positive
    inner: list[Profile] = Field(default_factory=list)
    inner_at: list[Vec2] = Field(default_factory=list)
    taper: float = Field(default=0.0, ge=-45, le=45, description="draft angle in degrees")


def _compile(s: Script, op: Extrude) -> None:
    from ai_designer.freecad.codegen_primitives import profile_object, static_place
    from ai_designer.freecad.codegen_support import apply, num, rotation_matrix

    s.emit(f"# --- {op.id}: extrude a profile {num(op.height)} mm up"
           + (f", taper {num(op.taper)} deg" if op.taper else "") + (f", {len(op.inner)} cut-outs" if op.inner else "") + " ---")
    m = rotation_matrix(*op.placement.rotate)
    outer, desc = profile_object(s, f"{op.id}_profile", op.id, op.profile)
    s.emit(f"# outer profile: {desc}")
    sources = [outer]
    for i, inner in enumerate(op.inner, start=1):
        at = op.inner_at[i - 1] if i - 1 < len(op.inner_at) else (0.0, 0.0)
        var, desc = profile_object(s, f"{op.id}_inner{i}", op.id, inner, prefix=f"inner{i}")
        s.emit(f"# cut-out {i}: {desc} at ({num(at[0])}, {num(at[1])})")
        sources.append(var)
        pos = apply(m, (at[0], at[1], 0.0))
        ox, oy, oz = op.placement.at
        local = Placement(at=(ox + pos[0], oy + pos[1], oz + pos[2]), rotate=op.placement.rotate)
        static_place(s, var, local)
    static_place(s, outer, op.placement)
    face = s.name(f"{op.id}_face")
    s.add(face, "Part::Face")
    s.emit(f"{face}.Sources = [{', '.join(sources)}]")
    var = s.name(op.id)
    s.add(var, "Part::Extrusion", op.label or op.id)
    d = apply(m, (0.0, 0.0, 1.0))
    s.emit(f"{var}.Base = {face}", f"{var}.DirMode = 'Custom'", f"{var}.Dir = Vector({', '.join(num(v) for v in d)})",
           f"{var}.Solid = True")
    s.bind(var, "LengthFwd", s.param(op.id, "height", op.height, f"{op.id}: extrusion height (mm)"))
    if op.taper:
        # FreeCAD's TaperAngle widens the profile; the plan's taper (draft) narrows it towards the top.
        s.bind(var, "TaperAngle", "-" + s.param(op.id, "taper", op.taper, f"{op.id}: draft angle, + narrows upwards (deg)"))
    s.objects[op.id] = var


def _extents(op: Extrude) -> ExtentsT:
    from ai_designer.cad.extents import Extents, profile_extents

    x0, x1, y0, y1 = (round(v, 9) for v in profile_extents(op.profile))  # no 1e-16 from a polygon's sines
    grow = max(0.0, -op.height * math.tan(math.radians(op.taper)))
    return Extents((x0 - grow, y0 - grow, 0), (x1 + grow, y1 + grow, op.height))


def _estimate(op: Extrude) -> Est:
    """The profile's box as drawn (``profile_extents``: an odd polygon or a free outline is not centred on the
    origin; a centred box put model coordinates off by the difference)."""
    from ai_designer.cad.extents import profile_extents
    from ai_designer.planning.intent import Est, profile_area

    x0, x1, y0, y1 = (round(v, 9) for v in profile_extents(op.profile))  # no 1e-16 from a polygon's sines
    area: float | None = profile_area(op.profile)
    for inner in op.inner:
        a = profile_area(inner)
        area = None if area is None or a is None else area - a
    return Est((x0, y0, 0.0), (x1, y1, op.height), None if area is None or op.taper else area * op.height, 0,
               "box" if isinstance(op.profile, Rectangle) and not op.inner else "other", not op.inner and not op.taper)


def _block_like(op: Extrude, plan: object) -> bool:
    """A rectangle extruded straight up, without cut-outs, is a block."""
    return isinstance(op.profile, Rectangle) and not op.taper and not op.inner and quarter_turns(op.placement)


SPEC = register_primitive("extrude", Extrude, _compile, _extents, _estimate, block_like=_block_like)

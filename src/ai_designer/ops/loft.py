"""``loft``: a solid through two or more profiles stacked along Z (a circle-to-square transition, a tapered neck).

Sections are 2-D profiles drawn in the XY plane, centred on ``at`` and lifted to ``z``; the loft is built bottom to
top (``z`` must increase). ``ruled`` joins neighbouring sections with straight lines; otherwise FreeCAD fits a smooth
surface through all of them (with two sections both are the same).

Volume is known by formula where every cross-section of a ruled segment is the same kind of shape with linearly
changing size (two circles: a frustum, also when the centres are shifted — Cavalieri; two rectangles: a
prismatoid). Other combinations leave the volume unchecked rather than guess.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, model_validator

from ai_designer.ops.registry import OpSpec, register
from ai_designer.schemas.op_base import PrimitiveBase
from ai_designer.schemas.profiles import (
    Circle,
    OffsetProfile,
    Polygon,
    Rectangle,
    RegularPolygon,
    RoundedRectangle,
    Slot,
    StrictModel,
    Vec2,
)

if TYPE_CHECKING:
    from ai_designer.freecad.codegen_support import Script

__all__ = ["Loft", "LoftSection", "SectionProfile"]

SectionProfile = Annotated[Rectangle | RoundedRectangle | Circle | RegularPolygon | Polygon | Slot | OffsetProfile,
                           Field(discriminator="shape")]


class LoftSection(StrictModel):
    profile: SectionProfile
    z: float = Field(description="height above the loft's base, first usually 0")
    at: Vec2 = Field(default=(0.0, 0.0), description="centre in X, Y")


class Loft(PrimitiveBase):
    """A solid through profiles stacked at increasing heights z (e.g. circle at z=0 to square at z=40)."""

    op: Literal["loft"] = "loft"
    sections: list[LoftSection] = Field(min_length=2, max_length=20)
    ruled: bool = Field(default=False, description="straight sides between sections instead of a smooth surface")

    @model_validator(mode="after")
    def _rising(self) -> Loft:
        zs = [sec.z for sec in self.sections]
        if any(b <= a for a, b in zip(zs, zs[1:], strict=False)):
            raise ValueError(f"loft {self.id!r}: section heights z must increase from first to last (got {zs})")
        return self


def _compile(s: Script, op: Loft) -> None:
    from ai_designer.freecad.codegen_primitives import profile_object
    from ai_designer.freecad.codegen_support import apply, num, rotation_args, rotation_matrix

    kind = "ruled" if op.ruled else "smooth"
    s.emit(f"# --- {op.id}: {kind} loft through {len(op.sections)} sections at z = "
           f"{', '.join(num(sec.z) for sec in op.sections)} mm (heights are fixed; sizes are in Params) ---")
    m = rotation_matrix(*op.placement.rotate)
    sections = []
    for i, sec in enumerate(op.sections, start=1):
        var, desc = profile_object(s, f"{op.id}_section{i}", op.id, sec.profile, prefix=f"s{i}")
        pos = apply(m, (sec.at[0], sec.at[1], sec.z))
        at = ", ".join(num(a + b) for a, b in zip(op.placement.at, pos, strict=True))
        s.emit(f"# section {i}: {desc} at ({num(sec.at[0])}, {num(sec.at[1])}), z = {num(sec.z)}",
               f"{var}.Placement = Placement(Vector({at}), {rotation_args(op.placement)})")
        sections.append(var)
    var = s.name(op.id)
    s.add(var, "Part::Loft", op.label or op.id)
    s.emit(f"{var}.Sections = [{', '.join(sections)}]", f"{var}.Solid = True", f"{var}.Ruled = {op.ruled}",
           f"{var}.Closed = False")
    s.objects[op.id] = var


def _extents(op: Loft, known: dict[str, Any]) -> Any:
    from ai_designer.cad.extents import Extents, profile_extents

    out: Extents | None = None
    for sec in op.sections:
        x0, x1, y0, y1 = profile_extents(sec.profile)
        box = Extents((sec.at[0] + x0, sec.at[1] + y0, sec.z), (sec.at[0] + x1, sec.at[1] + y1, sec.z))
        out = box if out is None else out.union(box)
    assert out is not None
    smooth = not op.ruled and len(op.sections) > 2  # a smooth surface may bulge past its sections
    offsets = any(isinstance(sec.profile, OffsetProfile) for sec in op.sections)
    return Extents(out.lo, out.hi, not smooth and not offsets).placed(op.placement)


def _segment_volume(a: LoftSection, b: LoftSection) -> float | None:
    h = b.z - a.z
    pa, pb = a.profile, b.profile
    if isinstance(pa, Circle) and isinstance(pb, Circle):
        r1, r2 = pa.diameter / 2, pb.diameter / 2
        return math.pi * h / 3 * (r1 * r1 + r1 * r2 + r2 * r2)
    if isinstance(pa, Rectangle) and isinstance(pb, Rectangle):
        mid = (pa.length + pb.length) / 2 * (pa.width + pb.width) / 2
        return h / 6 * (pa.length * pa.width + 4 * mid + pb.length * pb.width)
    return None


def volume(op: Loft) -> float | None:
    """Exact volume where the formula is exact (see the module docstring), else ``None``."""
    if not op.ruled and len(op.sections) > 2:
        return None
    parts = [_segment_volume(a, b) for a, b in zip(op.sections, op.sections[1:], strict=False)]
    return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)


def _estimate(op: Loft, known: dict[str, Any], plan: Any) -> Any:
    from ai_designer.planning.intent import Est, nan_box

    ext = _extents(op, known)
    if any(op.placement.rotate):
        return nan_box(volume(op))
    return Est(ext.lo, ext.hi, volume(op), 0, "curved", False)


SPEC = register(OpSpec("loft", Loft, _compile, _extents, _estimate))

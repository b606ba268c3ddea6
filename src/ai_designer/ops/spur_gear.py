"""``spur_gear``: an involute spur gear.

Schema, FreeCAD compilation, analytic box and intent estimate of the operation, registered together.

The box and estimate are of the unplaced body (resting on z = 0, centred on Z); ``register_primitive`` applies the
placement. Helpers are imported inside the functions: ``schemas.task_graph`` imports this module for its schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from ai_designer.ops.primitive import register_primitive
from ai_designer.schemas.op_base import PrimitiveBase
from ai_designer.schemas.profiles import NonNegative, Positive

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents as ExtentsT
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["SpurGear"]


class SpurGear(PrimitiveBase):
    """Involute spur gear: ``teeth`` and ``module`` (pitch diameter = module x teeth), ``face_width`` along Z."""

    op: Literal["spur_gear"] = "spur_gear"
    teeth: int = Field(ge=6, le=400)
    module: Positive
    face_width: Positive
    pressure_angle: float = Field(default=20.0, ge=14.5, le=30)
    bore_diameter: NonNegative = 0.0

    @property
    def pitch_diameter(self) -> float:
        return self.module * self.teeth

    @property
    def outer_diameter(self) -> float:
        return self.module * (self.teeth + 2)

    @model_validator(mode="after")
    def _bore_fits(self) -> SpurGear:
        root = self.module * (self.teeth - 2.5)
        if self.bore_diameter >= root:
            raise ValueError(f"gear bore {self.bore_diameter} mm must be smaller than the root diameter {root:g} mm")
        return self


def _compile(s: Script, op: SpurGear) -> None:
    from ai_designer.freecad.codegen_primitives import cut, place, static_place
    from ai_designer.freecad.codegen_support import apply, lin, num, rotation_matrix

    s.emit(f"# --- {op.id}: involute spur gear, {op.teeth} teeth, module {num(op.module)}, "
           f"{num(op.pressure_angle)} deg, {num(op.face_width)} mm wide"
           + (f", bore d{num(op.bore_diameter)}" if op.bore_diameter else "") + " ---")
    outline = s.name(f"{op.id}_outline")
    s.add(outline, "Part::Feature")
    s.emit(f"{outline}.Shape = cad.gear_face({op.teeth}, {num(op.module)}, {num(op.pressure_angle)})")
    static_place(s, outline, op.placement)
    body = s.name(f"{op.id}_teeth" if op.bore_diameter else op.id)
    s.add(body, "Part::Extrusion", None if op.bore_diameter else op.label or op.id)
    d = apply(rotation_matrix(*op.placement.rotate), (0.0, 0.0, 1.0))
    s.emit(f"{body}.Base = {outline}", f"{body}.DirMode = 'Custom'",
           f"{body}.Dir = Vector({', '.join(num(v) for v in d)})", f"{body}.Solid = True")
    width = s.param(op.id, "face_width", op.face_width, f"{op.id}: face width (mm)")
    s.bind(body, "LengthFwd", width)
    if not op.bore_diameter:
        s.objects[op.id] = body
        return
    bore = s.name(f"{op.id}_bore")
    s.add(bore, "Part::Cylinder")
    s.bind(bore, "Radius", s.param(op.id, "bore_diameter", op.bore_diameter, f"{op.id}: bore diameter (mm)") + " / 2")
    s.bind(bore, "Height", lin(width, [(1, "2")]))
    place(s, bore, op.placement, [[], [], [(-1, "1")]])
    cut(s, op.id, op.label, body, bore)


def _extents(op: SpurGear) -> ExtentsT:
    from ai_designer.cad.extents import box_extents

    r = op.outer_diameter / 2
    return box_extents(r, r, 0, op.face_width, exact=False)


def _estimate(op: SpurGear) -> Est:
    from ai_designer.planning.intent import centered

    return centered(op.outer_diameter, op.outer_diameter, 0, op.face_width, None, "other", False)


SPEC = register_primitive("spur_gear", SpurGear, _compile, _extents, _estimate)

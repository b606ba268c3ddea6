"""``prism``: a regular polygon extruded (hex bar, nut blank); a corner on +X.

Schema, FreeCAD compilation, analytic box and intent estimate of the operation, registered together.

The box and estimate are of the unplaced body (resting on z = 0, centred on Z); ``register_primitive`` applies the
placement. Helpers are imported inside the functions: ``schemas.task_graph`` imports this module for its schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from ai_designer.ops.primitive import register_primitive
from ai_designer.schemas.op_base import PrimitiveBase
from ai_designer.schemas.profiles import Positive, RegularPolygon

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents as ExtentsT
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Prism"]


class Prism(PrimitiveBase):
    op: Literal["prism"] = "prism"
    sides: int = Field(ge=3, le=64)
    across_flats: Positive | None = None
    diameter: Positive | None = None  # across corners
    height: Positive

    @model_validator(mode="after")
    def _one_size(self) -> Prism:
        if (self.across_flats is None) == (self.diameter is None):
            raise ValueError("prism: give exactly one of across_flats or diameter (across corners)")
        return self

    @property
    def circumradius(self) -> float:
        return RegularPolygon(sides=self.sides, across_flats=self.across_flats, diameter=self.diameter).circumradius


def _compile(s: Script, op: Prism) -> None:
    from ai_designer.freecad.codegen_primitives import circumradius, place
    from ai_designer.freecad.codegen_support import num

    var = s.name(op.id)
    s.emit(f"# --- {op.id}: {op.sides}-sided prism x {num(op.height)} mm (a corner on +X) ---")
    s.add(var, "Part::Prism", op.label or op.id)
    s.emit(f"{var}.Polygon = {op.sides}")
    s.bind(var, "Circumradius", circumradius(s, op.id, op.sides, op.across_flats, op.diameter))
    s.bind(var, "Height", s.param(op.id, "height", op.height, f"{op.id}: height (mm)"))
    place(s, var, op.placement)
    s.objects[op.id] = var


def _extents(op: Prism) -> ExtentsT:
    from ai_designer.cad.extents import polygon_extents

    return polygon_extents(op.sides, op.circumradius, op.height)


def _estimate(op: Prism) -> Est:
    """Where the prism is, not only its size: an odd polygon (a corner on +X, a flat on -X) is not centred on its
    box, and a box centred on the origin put "x = 0" R (1 - cos(180°/n)) / 2 off the polygon's centre. Not a
    "box": a hole across it is shorter than the box where the sides slope (only cuts along Z have a known volume)."""
    from ai_designer.cad.extents import polygon_extents
    from ai_designer.planning.intent import Est, profile_area

    poly = RegularPolygon(sides=op.sides, across_flats=op.across_flats, diameter=op.diameter)
    ext = polygon_extents(op.sides, op.circumradius, op.height)
    (x0, y0, z0), (x1, y1, z1) = ((round(v, 9) for v in end) for end in (ext.lo, ext.hi))  # no 1e-16 from sines
    lo, hi = (x0, y0, z0), (x1, y1, z1)
    return Est(lo, hi, (profile_area(poly) or 0) * op.height, 0, "other", True)  # a cut across is no chord


SPEC = register_primitive("prism", Prism, _compile, _extents, _estimate)

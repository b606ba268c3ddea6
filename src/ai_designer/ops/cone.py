"""``cone``: a cone or frustum.

Schema, FreeCAD compilation, analytic box and intent estimate of the operation, registered together.

The box and estimate are of the unplaced body (resting on z = 0, centred on Z); ``register_primitive`` applies the
placement. Helpers are imported inside the functions: ``schemas.task_graph`` imports this module for its schema.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from pydantic import model_validator

from ai_designer.ops.primitive import register_primitive
from ai_designer.schemas.op_base import PrimitiveBase
from ai_designer.schemas.profiles import NonNegative, Positive

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents as ExtentsT
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Cone"]


class Cone(PrimitiveBase):
    """A cone (``top_diameter`` 0) or frustum."""

    op: Literal["cone"] = "cone"
    bottom_diameter: NonNegative
    top_diameter: NonNegative = 0.0
    height: Positive

    @model_validator(mode="after")
    def _not_degenerate(self) -> Cone:
        if self.bottom_diameter == 0 and self.top_diameter == 0:
            raise ValueError("a cone needs a non-zero bottom or top diameter")
        if self.bottom_diameter == self.top_diameter:
            raise ValueError("a cone with equal diameters is a cylinder; use op 'cylinder'")
        return self


def _compile(s: Script, op: Cone) -> None:
    from ai_designer.freecad.codegen_primitives import place
    from ai_designer.freecad.codegen_support import num

    var = s.name(op.id)
    what = "cone" if op.top_diameter == 0 or op.bottom_diameter == 0 else "frustum"
    s.emit(f"# --- {op.id}: {what} d{num(op.bottom_diameter)} -> d{num(op.top_diameter)} x {num(op.height)} mm ---")
    s.add(var, "Part::Cone", op.label or op.id)
    s.bind(var, "Radius1", s.param(op.id, "bottom_diameter", op.bottom_diameter, f"{op.id}: base diameter (mm)") + " / 2")
    s.bind(var, "Radius2", s.param(op.id, "top_diameter", op.top_diameter, f"{op.id}: top diameter (mm)") + " / 2")
    s.bind(var, "Height", s.param(op.id, "height", op.height, f"{op.id}: height (mm)"))
    place(s, var, op.placement)
    s.objects[op.id] = var


def _extents(op: Cone) -> ExtentsT:
    from ai_designer.cad.extents import box_extents

    d = max(op.bottom_diameter, op.top_diameter)
    return box_extents(d / 2, d / 2, 0, op.height)


def _estimate(op: Cone) -> Est:
    from ai_designer.planning.intent import centered

    r1, r2 = op.bottom_diameter / 2, op.top_diameter / 2
    d = max(op.bottom_diameter, op.top_diameter)
    return centered(d, d, 0, op.height, math.pi * op.height / 3 * (r1 * r1 + r1 * r2 + r2 * r2), "curved", False)


SPEC = register_primitive("cone", Cone, _compile, _extents, _estimate)

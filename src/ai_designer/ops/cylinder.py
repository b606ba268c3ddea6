"""``cylinder``: a round bar or disc.

Schema, FreeCAD compilation, analytic box and intent estimate of the operation, registered together.

The box and estimate are of the unplaced body (resting on z = 0, centred on Z); ``register_primitive`` applies the
placement. Helpers are imported inside the functions: ``schemas.task_graph`` imports this module for its schema.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from ai_designer.ops.primitive import register_primitive
from ai_designer.schemas.op_base import PrimitiveBase
from ai_designer.schemas.profiles import Positive

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents as ExtentsT
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Cylinder"]


class Cylinder(PrimitiveBase):
    op: Literal["cylinder"] = "cylinder"
    diameter: Positive
    height: Positive


def _compile(s: Script, op: Cylinder) -> None:
    from ai_designer.freecad.codegen_primitives import place
    from ai_designer.freecad.codegen_support import num

    var = s.name(op.id)
    s.emit(f"# --- {op.id}: cylinder d{num(op.diameter)} x {num(op.height)} mm ---")
    s.add(var, "Part::Cylinder", op.label or op.id)
    s.bind(var, "Radius", s.param(op.id, "diameter", op.diameter, f"{op.id}: diameter (mm)") + " / 2")
    s.bind(var, "Height", s.param(op.id, "height", op.height, f"{op.id}: height (mm)"))
    place(s, var, op.placement)
    s.objects[op.id] = var


def _extents(op: Cylinder) -> ExtentsT:
    from ai_designer.cad.extents import box_extents

    return box_extents(op.diameter / 2, op.diameter / 2, 0, op.height)


def _estimate(op: Cylinder) -> Est:
    from ai_designer.planning.intent import centered

    return centered(op.diameter, op.diameter, 0, op.height, math.pi * op.diameter ** 2 / 4 * op.height, "cylinder", True)


SPEC = register_primitive("cylinder", Cylinder, _compile, _extents, _estimate)

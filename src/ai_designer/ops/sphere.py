"""``sphere``: a ball or a hemisphere.

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

__all__ = ["Sphere"]


class Sphere(PrimitiveBase):
    op: Literal["sphere"] = "sphere"
    diameter: Positive
    hemisphere: bool = False


def _compile(s: Script, op: Sphere) -> None:
    from ai_designer.freecad.codegen_primitives import place
    from ai_designer.freecad.codegen_support import num

    var = s.name(op.id)
    kind = "hemisphere (flat face on z = 0)" if op.hemisphere else "sphere resting on z = 0"
    s.emit(f"# --- {op.id}: {kind}, d{num(op.diameter)} mm ---")
    s.add(var, "Part::Sphere", op.label or op.id)
    d = s.param(op.id, "diameter", op.diameter, f"{op.id}: diameter (mm)")
    s.bind(var, "Radius", f"{d} / 2")
    if op.hemisphere:
        s.emit(f"{var}.Angle1 = 0")
        place(s, var, op.placement)
    else:
        place(s, var, op.placement, [[], [], [(0.5, d)]])
    s.objects[op.id] = var


def _extents(op: Sphere) -> ExtentsT:
    from ai_designer.cad.extents import box_extents

    return box_extents(op.diameter / 2, op.diameter / 2, 0, op.diameter / (2 if op.hemisphere else 1))


def _estimate(op: Sphere) -> Est:
    from ai_designer.planning.intent import centered

    r = op.diameter / 2
    return centered(op.diameter, op.diameter, 0, r if op.hemisphere else 2 * r,
                    (2 / 3 if op.hemisphere else 4 / 3) * math.pi * r ** 3, "dome" if op.hemisphere else "sphere", False)


SPEC = register_primitive("sphere", Sphere, _compile, _extents, _estimate)

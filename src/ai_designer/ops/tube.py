"""``tube``: a round tube.

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
from ai_designer.schemas.profiles import Positive

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents as ExtentsT
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Tube"]


class Tube(PrimitiveBase):
    op: Literal["tube"] = "tube"
    outer_diameter: Positive
    inner_diameter: Positive
    height: Positive

    @model_validator(mode="after")
    def _wall(self) -> Tube:
        if self.inner_diameter >= self.outer_diameter:
            raise ValueError(f"tube inner diameter {self.inner_diameter} mm must be smaller than the outer "
                             f"{self.outer_diameter} mm")
        return self


def _compile(s: Script, op: Tube) -> None:
    from ai_designer.freecad.codegen_primitives import cut, place
    from ai_designer.freecad.codegen_support import lin, num

    s.emit(f"# --- {op.id}: tube d{num(op.outer_diameter)}/d{num(op.inner_diameter)} x {num(op.height)} mm ---")
    od = s.param(op.id, "outer_diameter", op.outer_diameter, f"{op.id}: outer diameter (mm)")
    idia = s.param(op.id, "inner_diameter", op.inner_diameter, f"{op.id}: inner diameter (mm)")
    h = s.param(op.id, "height", op.height, f"{op.id}: height (mm)")
    outer, inner = s.name(f"{op.id}_outer"), s.name(f"{op.id}_bore")
    for var, d, extra in ((outer, od, 0.0), (inner, idia, 1.0)):
        s.add(var, "Part::Cylinder")
        s.bind(var, "Radius", f"{d} / 2")
        s.bind(var, "Height", lin(h, [(1, num(2 * extra))]) if extra else h)
        place(s, var, op.placement, [[], [], [(-extra, "1")]] if extra else ((), (), ()))
    cut(s, op.id, op.label, outer, inner)


def _extents(op: Tube) -> ExtentsT:
    from ai_designer.cad.extents import box_extents

    return box_extents(op.outer_diameter / 2, op.outer_diameter / 2, 0, op.height)


def _estimate(op: Tube) -> Est:
    from ai_designer.planning.intent import centered

    vol = math.pi / 4 * (op.outer_diameter ** 2 - op.inner_diameter ** 2) * op.height
    return centered(op.outer_diameter, op.outer_diameter, 0, op.height, vol, "other", False)


SPEC = register_primitive("tube", Tube, _compile, _extents, _estimate)

"""``torus``: a ring (solid or with a hollow tube).

Schema, FreeCAD compilation, analytic box and intent estimate of the operation, registered together.

The box and estimate are of the unplaced body (resting on z = 0, centred on Z); ``register_primitive`` applies the
placement. Helpers are imported inside the functions: ``schemas.task_graph`` imports this module for its schema.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from ai_designer.ops.primitive import register_primitive
from ai_designer.schemas.op_base import PrimitiveBase
from ai_designer.schemas.profiles import NonNegative, Positive

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents as ExtentsT
    from ai_designer.freecad.codegen_support import Script, Term
    from ai_designer.planning.intent import Est

__all__ = ["Torus"]


class Torus(PrimitiveBase):
    """``major_diameter`` is the diameter of the tube's centre line; ``minor_diameter`` the tube's own diameter."""

    op: Literal["torus"] = "torus"
    major_diameter: Positive
    minor_diameter: Positive
    inner_diameter: NonNegative = Field(default=0.0, description="> 0 makes the ring's tube hollow")

    @model_validator(mode="after")
    def _fits(self) -> Torus:
        if self.minor_diameter >= self.major_diameter:
            raise ValueError(f"torus tube diameter {self.minor_diameter} mm must be smaller than its centre-line "
                             f"diameter {self.major_diameter} mm")
        if self.inner_diameter >= self.minor_diameter:
            raise ValueError("hollow torus: inner diameter must be smaller than the tube diameter")
        return self


def _compile(s: Script, op: Torus) -> None:
    from ai_designer.freecad.codegen_primitives import cut, place
    from ai_designer.freecad.codegen_support import num

    s.emit(f"# --- {op.id}: torus, centre line d{num(op.major_diameter)}, tube d{num(op.minor_diameter)}"
           + (f", hollow d{num(op.inner_diameter)}" if op.inner_diameter else "") + " mm, resting on z = 0 ---")
    major = s.param(op.id, "major_diameter", op.major_diameter, f"{op.id}: centre-line diameter (mm)")
    minor = s.param(op.id, "minor_diameter", op.minor_diameter, f"{op.id}: tube diameter (mm)")
    lift: list[list[Term]] = [[], [], [(0.5, minor)]]
    outer = s.name(f"{op.id}_outer" if op.inner_diameter else op.id)
    s.add(outer, "Part::Torus", None if op.inner_diameter else op.label or op.id)
    s.bind(outer, "Radius1", f"{major} / 2")
    s.bind(outer, "Radius2", f"{minor} / 2")
    place(s, outer, op.placement, lift)
    if not op.inner_diameter:
        s.objects[op.id] = outer
        return
    inner_d = s.param(op.id, "inner_diameter", op.inner_diameter, f"{op.id}: bore of the tube (mm)")
    inner = s.name(f"{op.id}_bore")
    s.add(inner, "Part::Torus")
    s.bind(inner, "Radius1", f"{major} / 2")
    s.bind(inner, "Radius2", f"{inner_d} / 2")
    place(s, inner, op.placement, lift)
    cut(s, op.id, op.label, outer, inner)


def _extents(op: Torus) -> ExtentsT:
    from ai_designer.cad.extents import box_extents

    r = (op.major_diameter + op.minor_diameter) / 2
    return box_extents(r, r, 0, op.minor_diameter)


def _estimate(op: Torus) -> Est:
    from ai_designer.planning.intent import centered

    big, small = op.major_diameter / 2, op.minor_diameter / 2
    vol = 2 * math.pi * math.pi * big * (small ** 2 - (op.inner_diameter / 2) ** 2)
    return centered(2 * (big + small), 2 * (big + small), 0, 2 * small, vol, "curved", False)


SPEC = register_primitive("torus", Torus, _compile, _extents, _estimate)

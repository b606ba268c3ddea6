"""``box``: a rectangular block.

Schema, FreeCAD compilation, analytic box and intent estimate of the operation, registered together.

The box and estimate are of the unplaced body (resting on z = 0, centred on Z); ``register_primitive`` applies the
placement. Helpers are imported inside the functions: ``schemas.task_graph`` imports this module for its schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ai_designer.ops.primitive import register_primitive
from ai_designer.ops.registry import quarter_turns
from ai_designer.schemas.op_base import PrimitiveBase
from ai_designer.schemas.profiles import Positive

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents as ExtentsT
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Box"]


class Box(PrimitiveBase):
    op: Literal["box"] = "box"
    length: Positive  # X
    width: Positive  # Y
    height: Positive  # Z


def _compile(s: Script, op: Box) -> None:
    from ai_designer.freecad.codegen_primitives import place
    from ai_designer.freecad.codegen_support import num

    var = s.name(op.id)
    s.emit(f"# --- {op.id}: box {num(op.length)} x {num(op.width)} x {num(op.height)} mm, centred on Z ---")
    s.add(var, "Part::Box", op.label or op.id)
    length = s.param(op.id, "length", op.length, f"{op.id}: length along X (mm)")
    width = s.param(op.id, "width", op.width, f"{op.id}: width along Y (mm)")
    height = s.param(op.id, "height", op.height, f"{op.id}: height along Z (mm)")
    for prop, expr in (("Length", length), ("Width", width), ("Height", height)):
        s.bind(var, prop, expr)
    place(s, var, op.placement, [[(-0.5, length)], [(-0.5, width)], []])
    s.objects[op.id] = var


def _extents(op: Box) -> ExtentsT:
    from ai_designer.cad.extents import box_extents

    return box_extents(op.length / 2, op.width / 2, 0, op.height)


def _estimate(op: Box) -> Est:
    from ai_designer.planning.intent import centered

    return centered(op.length, op.width, 0, op.height, op.length * op.width * op.height, "box", True)


SPEC = register_primitive("box", Box, _compile, _extents, _estimate,
                          block_like=lambda op, plan: quarter_turns(op.placement))
